"""The local mending of coverages (plugin.core.coverage): edges are matched where they do not
match already, and only there, on the units the delineation really produces."""

from __future__ import annotations

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")

from plugin.core import area, coverage, delineation, geometry  # noqa: E402
from tests.core.delineation_data import make_input, units_before_rebuild  # noqa: E402

GRID = 0.001
GAP = coverage.gap_width_for(False)


@pytest.fixture(scope="module")
def raw_units():
    """A generated six-county input's units before the coverage is mended."""
    return units_before_rebuild()


def _parts(geoms):
    geoms = np.asarray(geoms, dtype=object)
    return shapely.get_parts(geoms[~shapely.is_missing(geoms)])


def _overlaps(geoms):
    parts, owner = shapely.get_parts(geoms, return_index=True)
    a, b = shapely.STRtree(parts).query(parts, predicate="intersects")
    keep = owner[a] < owner[b]
    return shapely.area(shapely.intersection(parts[a[keep]], parts[b[keep]]))


def _assert_clean(out, before, grid=GRID, gap=GAP):
    present = out[~shapely.is_missing(out)]
    assert shapely.is_valid(present).all()
    # edge-matched: neighbours share identical vertices (GEOS's coverage validation)
    assert shapely.coverage_is_valid(_parts(out))
    assert _overlaps(present).max() < 1e-9
    # every unit keeps its land up to the slivers along its outline
    assert coverage._conserves_area(before, out, grid, gap)


def test_the_delineations_units_need_mending_to_begin_with(raw_units):
    parts = _parts(raw_units)
    edges = shapely.coverage_invalid_edges(parts)
    assert (~shapely.is_empty(edges)).sum() > 10
    # ... but only a small share of their outlines is unmatched
    assert shapely.length(edges).sum() < 0.2 * shapely.length(parts).sum()


def test_rebuild_mends_the_delineations_units_into_a_clean_coverage(raw_units):
    out = coverage.rebuild(raw_units, GRID)
    _assert_clean(out, raw_units)
    total = shapely.area(raw_units[~shapely.is_missing(raw_units)]).sum()
    assert shapely.area(out[~shapely.is_missing(out)]).sum() == pytest.approx(total, abs=50.0)


def test_rebuild_is_byte_identical_across_runs(raw_units):
    first = shapely.to_wkb(coverage.rebuild(raw_units, GRID))
    again = shapely.to_wkb(coverage.rebuild(raw_units.copy(), GRID))
    assert list(first) == list(again)


def test_a_clean_coverage_passes_untouched(raw_units):
    clean = coverage.rebuild(raw_units, GRID)
    out, report = coverage.clean_coverage(clean, GRID)
    assert report.rounds == 0 and len(report.repaired) == 0
    assert all(a.equals_exact(b, 0) for a, b in zip(out, clean) if a is not None)


def _with_extra_vertex(geom, offset, neighbours):
    """``geom`` with the longest segment of its shell that it shares with ``neighbours``
    broken by a vertex ``offset`` metres off its middle, into the neighbour: an overlap
    sliver and a T-junction."""
    poly = max(shapely.get_parts(geom), key=lambda p: p.area)
    ring = shapely.get_coordinates(poly.exterior)
    lengths = np.hypot(*(ring[1:] - ring[:-1]).T)
    middles = (ring[1:] + ring[:-1]) / 2
    others = shapely.union_all(neighbours)
    shared = shapely.distance(shapely.points(middles), shapely.boundary(others)) < 1e-6
    k = int(np.argmax(np.where(shared, lengths, -1.0)))
    assert shared[k]
    normal = np.array([ring[k][1] - ring[k + 1][1], ring[k + 1][0] - ring[k][0]]) / lengths[k]
    if not others.contains(shapely.Point(middles[k] + 0.01 * normal)):
        normal = -normal
    mid = middles[k] + offset * normal
    shell = np.r_[ring[: k + 1], [mid], ring[k + 1 :]]
    new = shapely.Polygon(shell, [r.coords for r in poly.interiors])
    others = [p for p in shapely.get_parts(geom) if p is not poly and not p.equals_exact(poly, 0)]
    return shapely.multipolygons([new, *others]) if others else new


@pytest.mark.parametrize("offset", [0.0012, 0.36])
def test_only_the_changed_unit_and_its_neighbours_are_mended(raw_units, offset):
    """A unit redrawn after the coverage was clean (as merging fragments does): a vertex a
    millimetre or so off its edge (mended by matching the vertices) or 36 cm off it
    (an overlap or a gap: rebuilt from faces). Units away from it come back as they were."""
    clean = coverage.rebuild(raw_units, GRID)
    present = np.flatnonzero(~shapely.is_missing(clean))
    tree = shapely.STRtree(clean[present])

    def two_rings(i):  # the unit, its neighbours, and theirs (rebuilt with them)
        near = present[tree.query(clean[i], predicate="dwithin", distance=0.5)]
        return present[np.unique(tree.query(clean[near], predicate="dwithin", distance=0.5)[1])]

    target = min(present, key=lambda i: (len(two_rings(i)), i))
    changed = clean.copy()
    others = clean[np.setdiff1d(present, [target])]
    changed[target] = shapely.set_precision(_with_extra_vertex(clean[target], offset, others), GRID)
    assert not shapely.coverage_is_valid(_parts(changed), gap_width=GAP)  # overlap or gap
    out, report = coverage.clean_coverage(changed, GRID, previous=clean)
    _assert_clean(out, changed)
    assert len(report.repaired) and len(report.remaining) == 0
    near = two_rings(target)
    assert np.isin(report.repaired, near).all()
    far = np.setdiff1d(present, near)
    assert len(far) >= 5
    assert all(out[i].equals_exact(clean[i], 0) for i in far)


def test_the_faces_rebuild_settles_a_real_overlap():
    """Two units overlapping by a 0.5 m strip (no vertex matching can mend that): the strip
    goes to one of them, the coverage is clean, the total area is the union's."""
    a = shapely.segmentize(shapely.box(0, 0, 1000, 1000), 50.0)
    b = shapely.segmentize(shapely.box(999.5, 0, 2000, 1000), 37.0)
    c = shapely.segmentize(shapely.box(0, 1000, 2000, 1500), 41.0)
    units = shapely.transform(np.array([a, b, c], dtype=object), lambda xy: xy + [39.5e6, 3.39e6])
    out = coverage.rebuild(units, GRID)
    assert shapely.is_valid(out).all() and shapely.coverage_is_valid(out)
    assert shapely.area(out).sum() == pytest.approx(shapely.union_all(units).area, abs=0.01)


def test_mended_in_degrees_after_reprojection(raw_units):
    """Written in EPSG:4490: valid there, edge-matched, no overlap above 0.01 m² measured
    in 4490 itself."""
    clean = coverage.rebuild(raw_units, GRID)
    zone = 38  # make_input's x prefix (38 500 000)

    def to_lonlat(xy):
        return np.column_stack(area.gk_inverse(xy[:, 0], xy[:, 1], zone))

    geo = clean.copy()
    ok = ~shapely.is_missing(geo)
    geo[ok] = shapely.transform(clean[ok], to_lonlat)
    out, report = coverage.clean_coverage(geo, coverage.grid_for(True))
    assert len(report.remaining) == 0
    present = out[~shapely.is_missing(out)]
    assert shapely.is_valid(present).all()
    assert shapely.coverage_is_valid(_parts(out))
    parts, owner = shapely.get_parts(present, return_index=True)
    a, b = shapely.STRtree(parts).query(parts, predicate="intersects")
    keep = owner[a] < owner[b]
    over = area.official_area_m2(shapely.intersection(parts[a[keep]], parts[b[keep]]), 4490)
    assert np.nan_to_num(over).max() <= 0.01


def test_without_geos_coverage_validation_the_whole_rebuild_is_used(raw_units, monkeypatch):
    monkeypatch.setattr(coverage._geometry, "COVERAGE_VALIDATION", False)
    monkeypatch.setattr(coverage, "COVERAGE_CLEAN", False)
    out = coverage.rebuild(raw_units, GRID)
    present = out[~shapely.is_missing(out)]
    assert shapely.is_valid(present).all()
    assert _overlaps(present).max() < 1e-9


def test_a_unit_that_loses_all_its_land_is_emptied():
    """A 5 cm strip lying inside its neighbour along an edge: the overlap goes to the
    neighbour, and the strip's unit is left with nothing (not with its old outline)."""
    a = shapely.box(0, 0, 100, 100)
    b = shapely.box(0, -100, 100, 0)
    strip = shapely.box(10, 0, 60, 0.05)
    units = shapely.transform(
        np.array([a, b, strip], dtype=object), lambda xy: xy + [39.5e6, 3.39e6]
    )
    out = coverage.rebuild(units, GRID)
    assert out[2] is None
    assert shapely.is_valid(out[:2]).all() and shapely.coverage_is_valid(out[:2])
    assert shapely.area(out[:2]).sum() == pytest.approx(20000.0, abs=1e-6)


def test_the_engine_says_its_units_are_a_clean_coverage_only_when_they_are(monkeypatch):
    """The delineation reports the grid its units are a clean coverage on (the writer then
    does not check them again in the working CRS): they are valid and edge-matched there."""
    result = delineation.delineate(make_input(seed=5, min_area=5000.0))
    assert result.clean_grid == GRID
    units = result.units["geometry"].to_numpy()
    assert shapely.is_valid(units).all()
    assert shapely.coverage_is_valid(_parts(units))
    assert _overlaps(units).max() < 1e-9
    # on the grid: rounding to it changes nothing
    np.testing.assert_array_equal(
        shapely.to_wkb(shapely.set_precision(units, GRID, mode="pointwise")), shapely.to_wkb(units)
    )
    # without GEOS coverage validation nothing is known
    monkeypatch.setattr(geometry, "COVERAGE_VALIDATION", False)
    assert delineation.delineate(make_input(seed=5, min_area=5000.0)).clean_grid is None
