"""The unit checks on worker threads: the same problems, repairs and summary on one thread
and on several, with the threads really used and no geometry object read by two of them
(pure core, no QGIS)."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from plugin.core import checks, schema
from plugin.core.checks import overlaps, threads
from plugin.core.geometry import chunk_map, chunked, grouped_union, intersect_pairs
from plugin.core.run import Cancelled, Progress
from tests.core.checks_data import scattered_polygons, voronoi_province
from tests.core.thread_spies import record_thread_factories, shared_factories


def _province():
    """Mismatched Voronoi units (noise on every shared edge) in 6 counties, with one unit
    grown into its neighbours (T01), two units left out (T02 gaps), one pushed over the
    county line (T03), and red line, farmland, urban boundary and parks scattered over
    them (R01, R02, S01, S02)."""
    units, admin = voronoi_province(
        n_units=400, n_counties=6, width=24_000, height=18_000, segment=40, mismatched=True
    )
    big = int(np.argmax(units[schema.UNIT_AREA]))
    units.at[big, "geometry"] = units.at[big, "geometry"].buffer(25.0, join_style="mitre")
    units = units.drop(index=[3, 150]).reset_index(drop=True)
    units.at[7, "geometry"] = shapely.affinity.translate(units.at[7, "geometry"], 30.0, 0.0)
    red = scattered_polygons(units, 300, 600.0, seed=2)
    farm = scattered_polygons(units, 400, 300.0, seed=3)
    urban = scattered_polygons(units, 60, 1500.0, seed=4)
    parks = scattered_polygons(units, 40, 2000.0, seed=5)
    return checks.CheckInput(
        units=units, admin=admin, red_line=red, farmland=farm, urban_boundary=urban, parks=parks
    )


def _rows(result: checks.CheckResult) -> pd.DataFrame:
    errors = result.errors.copy()
    errors["geometry"] = shapely.to_wkb(errors["geometry"].to_numpy(), hex=True)
    return errors


def _wkb(geoms) -> list:
    return [None if g is None else g.wkb for g in geoms]


class _Threads:
    """Records which threads run overlays through ``PrivateGeometries`` chunks."""

    def __init__(self, monkeypatch):
        self.runs = []  # per threaded call: the threads its chunks ran on
        seen = self

        class Private(chunked.PrivateGeometries):
            def __init__(self, arrays, bounds):
                self.threads = set()
                seen.runs.append(self.threads)
                super().__init__(arrays, bounds)

            def chunk(self, start, stop):
                self.threads.add(threading.get_ident())
                return super().chunk(start, stop)

        monkeypatch.setattr(chunked, "PrivateGeometries", Private)
        monkeypatch.setattr(chunk_map, "PrivateGeometries", Private)


def test_one_and_two_threads_find_the_same_problems(monkeypatch):
    inp = _province()
    monkeypatch.setattr(overlaps, "_SLICE", 40)  # several coverage slices per county
    one = checks.check_units(inp, workers=1)
    codes = set(one.errors[schema.CHK_CODE])
    assert {"T01", "T02", "T03", "R01", "S01", "S02"} <= codes
    used = _Threads(monkeypatch)
    two = checks.check_units(inp, workers=2)
    # the overlays really ran on two threads, never on more
    assert len(used.runs) > 5 and max(map(len, used.runs)) == 2
    assert _rows(two).equals(_rows(one))
    assert two.summary.equals(one.summary)
    assert two.repairs.reset_index(drop=True).equals(one.repairs.reset_index(drop=True))
    assert two.skipped == one.skipped


def test_no_geos_factory_is_shared_by_a_worker_thread(monkeypatch):
    """Every geometry a worker is handed counts on a GEOS GeometryFactory that neither the
    caller nor another thread uses (GEOS's factory count is not atomic: threads working on
    relatives of one snapped unit corrupted the heap and crashed a province check)."""
    inp = _province()
    monkeypatch.setattr(overlaps, "_SLICE", 40)
    runs = record_thread_factories(monkeypatch, chunked, chunk_map)
    checks.check_units(inp, workers=2)
    assert len(runs) > 5 and any(len(seen) == 2 for _, seen in runs)
    assert not shared_factories(runs)


def test_groups_come_back_in_order_and_private_to_their_thread():
    """A thread works on private copies only (a geometry two groups use: one copy per
    thread); results in group order."""
    shared = box(0, 0, 10, 10)
    own = [box(i, i, i + 1, i + 1) for i in range(20)]
    geoms = np.array([shared, *own, shared], dtype=object)
    bounds = [(0, 5), (5, 12), (12, 22)]
    workers = threads.Workers(2, Progress())
    seen = []

    def ident(g):
        seen.append((threading.current_thread().name, [id(x) for x in g]))
        return shapely.area(g).sum()

    out = workers.groups(ident, (geoms,), bounds)
    assert out == [sum(shapely.area(geoms[s:e])) for s, e in bounds]
    ids = {i for _, group in seen for i in group}
    assert id(shared) not in ids  # both groups that use it got a copy
    assert not any(id(g) in ids for g in own)  # the others too: their factory may be shared


def test_groups_stop_on_cancel():
    cancel = threading.Event()

    def slow(g):
        cancel.set()
        return len(g)

    workers = threads.Workers(2, Progress(None, cancel.is_set))
    geoms = np.array([box(i, 0, i + 1, 1) for i in range(40)], dtype=object)
    with pytest.raises(Cancelled):
        workers.groups(slow, (geoms,), chunk_map.even_bounds(40, 8))


@pytest.mark.parametrize("n", [0, 1, 3, 200])
def test_threaded_pairs_and_grouped_unions_equal_the_shared_ones(n):
    rng = np.random.default_rng(n)
    xy = rng.uniform(0, 100, (n, 2))
    left = shapely.buffer(shapely.points(xy), rng.uniform(1, 8, n))
    right = np.array([box(x - 5, y - 5, x + 3, y + 3) for x, y in xy], dtype=object)
    right[1::3] = right[:1]  # one object on many pairs
    overlays = threads.Overlays(2, Progress())
    got = overlays.intersect_pairs(left, right, 0.001)
    want = intersect_pairs(left, np.array(list(right), dtype=object), grid_size=0.001)
    assert _wkb(got) == _wkb(want)
    assert n < 3 or shapely.area(got[0]) > 0
    keys = rng.integers(0, max(n // 7, 1), n)
    k1, u1 = overlays.grouped_union(keys, left, 0.001)
    k2, u2 = grouped_union(keys, left, grid_size=0.001)
    assert k1.tolist() == k2.tolist()
    assert _wkb(u1) == _wkb(u2)


def test_late_layers_are_read_once_when_their_check_runs(monkeypatch):
    """Farmland, urban boundary and parks given as functions: each is called once, after
    the unit checks, and the result is the one of the frames given directly."""
    from plugin.core.checks import run

    inp = _province()
    direct = checks.check_units(inp)
    calls = []
    reached = {"layers": False}
    red_line = run.check_red_line

    def mark(*args):
        reached["layers"] = True
        return red_line(*args)

    monkeypatch.setattr(run, "check_red_line", mark)

    def late(name, frame):
        def read():
            assert reached["layers"]  # not before the layer checks
            calls.append(name)
            return frame

        return read

    inp.farmland = late("farmland", inp.farmland)
    inp.urban_boundary = late("urban", inp.urban_boundary)
    inp.parks = late("parks", inp.parks)
    result = checks.check_units(inp)
    assert sorted(calls) == ["farmland", "parks", "urban"]
    assert _rows(result).equals(_rows(direct))
    assert result.repairs.reset_index(drop=True).equals(direct.repairs.reset_index(drop=True))
    inp.farmland = late("none", None)
    assert "S02" in checks.check_units(inp).skipped


def test_late_layers_read_in_slices_give_the_same_problems():
    """Farmland and parks given as slices (a reader giving an iterable of frames): the
    same problems and repair log as the frames given directly, each slice taken once."""
    inp = _province()
    direct = checks.check_units(inp)
    assert (direct.errors[schema.CHK_CODE] == "S02").any()
    taken = []

    def slices(name, frame, rows):
        def read():
            for k in range(0, len(frame), rows):
                taken.append((name, k))
                yield frame.iloc[k : k + rows].reset_index(drop=True)

        return read

    n_farm, n_parks = len(inp.farmland), len(inp.parks)
    inp.farmland = slices("farmland", inp.farmland, 37)
    inp.parks = slices("parks", inp.parks, 6)
    result = checks.check_units(inp)
    assert len(taken) == -(-n_farm // 37) + -(-n_parks // 6)
    assert len(set(taken)) == len(taken)
    assert _rows(result).equals(_rows(direct))
    assert result.repairs.reset_index(drop=True).equals(direct.repairs.reset_index(drop=True))


def test_threaded_cleaning_gives_back_the_callers_valid_polygons():
    """The threads clean private copies; a polygon needing no repair comes back as the
    caller's own object (as on one thread: no copy of every unit kept all run long)."""
    from plugin.core.checks import prepare

    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    geoms = np.array([box(i, 0, i + 0.5, 1) for i in range(40)] + [bowtie, None], object)
    threaded = prepare.fast_clean(geoms, 0.001, threads.Workers(2, Progress()))
    serial = prepare.fast_clean(geoms, 0.001)
    assert all(threaded[1][k] is geoms[k] for k in range(40))
    assert threaded[1][40] is not bowtie and threaded[3][40]
    for got, want in zip(threaded, serial):
        if got.dtype == object and got[0] is not None and not isinstance(got[0], str):
            assert np.array_equal(shapely.to_wkb(got), shapely.to_wkb(want))
        else:
            assert np.array_equal(got, want)


def test_a_slice_whose_coverage_geometry_needs_the_unit_is_validated_with_the_geometries(
    monkeypatch,
):
    """The threads validate the coverage from the repaired geometries alone; a unit whose
    simplified, snapped outline is no valid polygon (holes closer than the grid) falls
    back to its geometry: its slice is then validated on the caller's thread. The problems
    are those of validating every slice with the units' geometries, on 1 and 2 threads."""
    units, admin = voronoi_province(
        n_units=120, n_counties=2, width=12_000, height=9_000, segment=40, mismatched=True
    )
    k = int(np.argmax(units[schema.UNIT_AREA]))
    g = units.at[k, "geometry"]
    x, y = round(g.centroid.x, 3), round(g.centroid.y, 3)
    # two holes 0.8 mm apart: on the mm grid they share an edge
    holes = box(x - 10, y - 10, x - 0.0004, y + 10).union(box(x + 0.0004, y - 10, x + 10, y + 10))
    units.at[k, "geometry"] = g.difference(holes)
    assert not shapely.is_valid(shapely.set_precision(units.at[k, "geometry"], 0.001, "pointwise"))
    inp = checks.CheckInput(units=units, admin=admin)
    monkeypatch.setattr(overlaps, "_SLICE", 30)
    with monkeypatch.context() as m:  # every slice validated with the units' geometries
        m.setattr(overlaps, "_validate_alone", lambda missing, repaired, grid: False)
        want = checks.check_units(inp, workers=2)
    one = checks.check_units(inp, workers=1)
    assert _rows(one).equals(_rows(want))
    fell_back = []
    alone = overlaps._validate_alone

    def spy(missing, repaired, grid):
        found = alone(missing, repaired, grid)
        fell_back.append(found is False)
        return found

    monkeypatch.setattr(overlaps, "_validate_alone", spy)
    two = checks.check_units(inp, workers=2)
    assert sum(fell_back) >= 1 and not all(fell_back)
    assert _rows(two).equals(_rows(want))
    assert two.summary.equals(want.summary)
