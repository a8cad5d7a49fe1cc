"""The flagged units' union, floating first (``checks.unions``): the same problems as the
snap-rounded union it replaces, the floating result really used, and the snap-rounded one
whenever the floating result is invalid or loses or gains area (pure core, no QGIS)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from plugin.core import checks, schema
from plugin.core.checks import coverage, overlaps, unions
from tests.core.checks_data import small_county, voronoi_province

GRID = 0.001


def _rows(result: checks.CheckResult) -> pd.DataFrame:
    errors = result.errors.copy()
    errors["geometry"] = shapely.to_wkb(errors["geometry"].to_numpy(), hex=True)
    return errors


def _province(admin=True):
    """Mismatched Voronoi units (noise on every shared edge: most units flagged), one
    grown into its neighbours (T01), two left out (T02) and one pushed over the county
    line (T03)."""
    units, counties = voronoi_province(
        n_units=300, n_counties=4, width=20_000, height=15_000, segment=40, mismatched=True
    )
    big = int(np.argmax(units[schema.UNIT_AREA]))
    units.at[big, "geometry"] = units.at[big, "geometry"].buffer(25.0, join_style="mitre")
    units = units.drop(index=[3, 150]).reset_index(drop=True)
    units.at[7, "geometry"] = shapely.affinity.translate(units.at[7, "geometry"], 30.0, 0.0)
    return checks.CheckInput(units=units, admin=counties if admin else None)


class _Spy:
    """Counts the flagged unions taken floating and the ones snap-rounded instead."""

    def __init__(self, monkeypatch, force_snap_rounding=False):
        self.floating = self.snapped = 0
        real = unions._conserves

        def conserves(union, geoms, shared, tol):
            ok = real(union, geoms, shared, tol) and not force_snap_rounding
            if ok:
                self.floating += 1
            else:
                self.snapped += 1
            return ok

        monkeypatch.setattr(unions, "_conserves", conserves)


@pytest.mark.parametrize("admin", [True, False])
def test_floating_union_finds_the_same_problems_as_the_snap_rounded_one(monkeypatch, admin):
    inp = _province(admin)
    with monkeypatch.context() as m:
        before = _Spy(m, force_snap_rounding=True)  # the union as it was: snap-rounded
        old = checks.check_units(inp)
    assert before.snapped > 0 and before.floating == 0
    now = _Spy(monkeypatch)
    new = checks.check_units(inp)
    assert now.floating > 0 and now.snapped == 0  # the floating union was really used
    codes = set(new.errors[schema.CHK_CODE])
    assert {"T01", "T02"} <= codes and (not admin or "T03" in codes)
    assert _rows(new).equals(_rows(old))
    assert new.summary.equals(old.summary)


@settings(max_examples=10, deadline=None)
@given(
    shift=st.floats(min_value=0.0005, max_value=80.0),
    cut=st.floats(min_value=0.0005, max_value=80.0),
)
def test_floating_union_keeps_overlaps_and_gaps_of_any_size(shift, cut):
    """A unit grown into one neighbour and shrunk away from another: T01 and T02 the
    same with the floating union as with the snap-rounded one."""
    units, admin, *_ = small_county()
    x0, y0, x1, y1 = units.at[5, "geometry"].bounds
    units.at[5, "geometry"] = box(x0 + cut, y0, x1 + shift, y1)
    inp = checks.CheckInput(units=units, admin=admin)
    results = []
    for force in (True, False):
        with pytest.MonkeyPatch.context() as m:
            _Spy(m, force_snap_rounding=force)
            results.append(checks.check_units(inp))
    old, new = results
    assert _rows(new).equals(_rows(old))
    assert new.summary.equals(old.summary)


def test_floating_copies_drop_the_grid_but_keep_every_coordinate():
    snapped = shapely.set_precision(
        np.array([box(0.0004, 0, 10, 10.0002), None, Polygon([(0, 0), (5, 0), (0, 5)])]),
        GRID,
        mode="pointwise",
    )
    assert shapely.get_precision(snapped[0]) == GRID
    plain = unions.floating_copies(snapped)
    assert plain[1] is None
    assert shapely.get_precision(plain[[0, 2]]).tolist() == [0.0, 0.0]
    assert shapely.equals_exact(plain[[0, 2]], snapped[[0, 2]], 0).all()


def _grid():
    return np.array([box(x, y, x + 100, y + 100) for x in (0, 100) for y in (0, 100)], object)


def test_conservation_accepts_a_right_union_and_refuses_wrong_ones():
    cells = _grid()
    right = shapely.union_all(cells)
    assert unions._conserves(right, cells, 0.0, 0.01)
    # a unit lost (GEOS's silent failure mode), a hole filled, an invalid result, a line
    lost = shapely.union_all(cells[:3])
    assert not unions._conserves(lost, cells, 0.0, 0.01)
    assert not unions._conserves(box(-50, -50, 250, 250), cells, 0.0, 0.01)
    bow_tie = Polygon([(0, 0), (200, 200), (200, 0), (0, 200)])
    assert not unions._conserves(bow_tie, cells, 1e9, 0.01)
    assert not unions._conserves(shapely.LineString([(0, 0), (1, 1)]), cells, 1e9, 0.01)
    assert not unions._conserves(None, cells, 1e9, 0.01)
    # overlapping units: the union is smaller than the sum by what they share
    grown = cells.copy()
    grown[0] = box(0, 0, 130, 100)  # 30 × 100 into its neighbour
    union = shapely.union_all(grown)
    assert not unions._conserves(union, grown, 0.0, 0.01)
    assert unions._conserves(union, grown, 3000.0, 0.01)


def test_a_union_that_fails_conservation_is_snap_rounded(monkeypatch):
    cells = shapely.set_precision(_grid(), GRID, mode="pointwise")
    monkeypatch.setattr(unions, "_conserves", lambda *a: False)
    got = unions.flagged_union(cells, 0.0, GRID, 0.01)
    assert shapely.equals_exact(got, shapely.union_all(cells, grid_size=GRID), 0)


def test_shared_bounds_cover_the_overlaps():
    a = box(0, 0, 100, 100)
    deep = box(70, 0, 170, 100)  # 30 m into a
    thin = box(-99.9995, 0, 0.0005, 100)  # 0.5 mm into a: not deep
    geom = np.array([a, deep, thin], object)
    overlap = np.array([shapely.area(a & deep), 0.0])
    bound = unions.shared_bounds(
        3, np.array([0, 0]), np.array([1, 2]), np.array([True, False]), overlap, geom, GRID
    )
    assert bound[1] >= shapely.area(a & deep)
    assert bound[2] >= shapely.area(a & thin) and bound[2] <= shapely.area(thin)
    assert bound[0] == pytest.approx(bound[1] + bound[2])


def test_the_flagged_union_alone_ends_on_the_grid(monkeypatch):
    """Every unit flagged: the (floating) union is still snapped to the grid."""
    inp = _province(admin=True)
    monkeypatch.setattr(overlaps._geometry, "COVERAGE_VALIDATION", False)  # all flagged
    seen = []
    real = coverage.union_of

    def union_of(*args):
        u = real(*args)
        seen.append(u)
        return u

    with monkeypatch.context() as m:
        _Spy(m, force_snap_rounding=True)
        old = checks.check_units(inp)
    monkeypatch.setattr(coverage, "union_of", union_of)
    now = _Spy(monkeypatch)
    new = checks.check_units(inp)
    assert now.floating > 0 and seen
    assert _rows(new).equals(_rows(old))
    xy = shapely.get_coordinates(np.array(seen, object))
    assert np.abs(xy / GRID - np.round(xy / GRID)).max() < 1e-4  # doubles at 4e7 m
