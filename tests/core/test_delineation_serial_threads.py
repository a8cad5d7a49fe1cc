"""The delineation's once-serial steps on threads (issue #21): input cleaning, the coverage's
validity tests, GEOS's coverage validation and the townships' coverage unions give the same
result on any number of threads, and no geometry object reaches two threads at once."""

from __future__ import annotations

import threading

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")

from shapely import affinity  # noqa: E402

from plugin.core import coverage, delineation, schema  # noqa: E402
from plugin.core.delineation import inputs, tiling  # noqa: E402
from plugin.core.geometry import chunk_map  # noqa: E402
from plugin.core.geometry.chunked import Chunked  # noqa: E402
from tests.core.delineation_data import make_input, units_before_rebuild  # noqa: E402

GRID = 0.001


class Spy:
    """Wraps ``chunk_map.map_chunks``: which functions ran in several slices, and which
    geometry objects each thread was handed in each call (threads of one call run at
    once; calls follow one another)."""

    def __init__(self, monkeypatch, *modules):
        self.real = chunk_map.map_chunks
        self.calls = []
        self.seen = {}  # (call, id(geometry)) -> thread ids, within one call
        self.alive = []  # every geometry handed out stays alive: no id is reused
        self.lock = threading.Lock()
        for module in modules:
            monkeypatch.setattr(module, "map_chunks", self)

    def __call__(self, ops, func, arrays, bounds):
        bounds = list(bounds)
        self.calls.append((getattr(func, "__name__", str(func)), len(bounds), ops.workers))
        call = len(self.calls)

        def recording(*rows):
            with self.lock:
                for a in rows:
                    if a.dtype == object:
                        for g in a[~shapely.is_missing(a)]:
                            self.alive.append(g)
                            self.seen.setdefault((call, id(g)), set()).add(threading.get_ident())
            return func(*rows)

        return self.real(ops, recording, arrays, bounds)

    def threaded(self, name):
        return any(n == name and k > 1 and w > 1 for n, k, w in self.calls)


@pytest.fixture
def small_thresholds(monkeypatch):
    """Threads on the test's small data: cleaning slices of 16 rows, validity tests and
    coverage validation threaded from 1 row."""
    monkeypatch.setattr(inputs, "CHUNK", 1)
    monkeypatch.setattr(coverage, "_THREAD_FROM", 1)
    monkeypatch.setattr(coverage, "_THREAD_EDGES_FROM", 1)


def _delineate(workers):
    inp = make_input(seed=11, n_blobs=600, blob_radius=300.0, min_area=2_000.0)
    inp.general_split = "township"
    return delineation.delineate(inp, workers=workers)


def test_threaded_cleaning_and_coverage_give_the_same_units_and_log(monkeypatch, small_thresholds):
    single = _delineate(1)
    spy = Spy(monkeypatch, inputs, coverage, tiling)
    threaded = _delineate(3)
    assert spy.threaded("clean")  # the input cleaning ran in several slices on threads
    assert spy.threaded("is_valid")  # so did the coverage's validity tests ...
    assert spy.threaded("validate")  # ... and GEOS's coverage validation, group by group
    assert spy.threaded("_tile_union")  # townships tiling their county: county by county
    assert not [g for g, threads in spy.seen.items() if len(threads) > 1]
    a, b = single.units, threaded.units
    assert a[schema.UNIT_CODE].tolist() == b[schema.UNIT_CODE].tolist()
    assert a[schema.UNIT_CLASS].tolist() == b[schema.UNIT_CLASS].tolist()
    assert np.array_equal(
        shapely.to_wkb(a["geometry"].to_numpy()), shapely.to_wkb(b["geometry"].to_numpy())
    )
    assert single.log.equals(threaded.log)
    assert single.clean_grid == threaded.clean_grid


@pytest.mark.parametrize("workers", [2, 4])
def test_the_coverage_mended_on_threads_is_byte_identical(small_thresholds, workers):
    raw = units_before_rebuild(workers=1)
    serial, report = coverage.rebuild_report(raw, GRID)
    ops = Chunked(lambda: None, GRID, workers)
    threaded, treport = coverage.rebuild_report(raw, GRID, ops=ops)
    assert list(shapely.to_wkb(serial)) == list(shapely.to_wkb(threaded))
    assert report.rounds == treport.rounds
    assert np.array_equal(report.repaired, treport.repaired)
    assert np.array_equal(report.remaining, treport.remaining)
    # after a change: only what differs is looked at, the same way on threads
    moved = serial.copy()
    moved[0] = affinity.translate(moved[0], 0.3, 0.0)
    a, ra = coverage.clean_coverage(moved, GRID, previous=serial)
    b, rb = coverage.clean_coverage(moved, GRID, previous=serial, ops=ops)
    assert list(shapely.to_wkb(a)) == list(shapely.to_wkb(b))
    assert np.array_equal(ra.repaired, rb.repaired)
    assert np.array_equal(ra.remaining, rb.remaining)


def test_map_chunks_keeps_slice_order_and_sees_a_cancel():
    geoms = shapely.points(np.arange(50.0), np.zeros(50))
    bounds = chunk_map.even_bounds(len(geoms), 7)
    assert bounds[0][0] == 0 and bounds[-1][1] == 50 and len(bounds) == 7
    ops = Chunked(lambda: None, None, 3)
    got = chunk_map.map_chunks(ops, lambda g: shapely.get_x(g), [geoms], bounds)
    assert np.array_equal(np.concatenate(got), np.arange(50.0))

    calls = []

    def check():
        calls.append(1)
        if len(calls) > 1:
            raise delineation.Cancelled()

    with pytest.raises(delineation.Cancelled):
        chunk_map.map_chunks(Chunked(check, None, 2), shapely.get_x, [geoms], bounds)


@pytest.mark.parametrize("workers", [2, 3])
def test_vertex_insertion_validates_on_threads_with_the_same_parts(
    monkeypatch, small_thresholds, workers
):
    raw = units_before_rebuild(workers=1)
    parts = shapely.get_parts(raw)
    rows = np.arange(len(parts))
    seg = coverage._match.segments(parts)
    unmatched = coverage._match.unmatched_in(coverage._match.build(parts), seg)
    tol = coverage._SNAP * GRID * 50  # wide enough to put vertices into many parts
    serial, changed = coverage._insert_vertices(parts, rows, seg, unmatched, tol)
    assert len(changed) > 1  # the test inserts somewhere
    spy = Spy(monkeypatch, coverage)
    ops = Chunked(lambda: None, GRID, workers)
    threaded, tchanged = coverage._insert_vertices(parts, rows, seg, unmatched, tol, ops)
    assert spy.threaded("is_valid")  # the changed parts were validated on threads
    assert not [g for g, threads in spy.seen.items() if len(threads) > 1]
    assert np.array_equal(changed, tchanged)
    assert list(shapely.to_wkb(serial)) == list(shapely.to_wkb(threaded))
