"""Threaded overlays (``Chunked.pvec``): no GEOS object read by two threads, same output."""

from __future__ import annotations

import threading

import numpy as np
import shapely

from plugin.core import delineation
from plugin.core.geometry.chunked import Chunked, PrivateGeometries, chunk_bounds


def _county_with_lakes(x0: float, lakes: int = 30):
    """A county-like polygon with holes (each ring's envelope is GEOS state of its own)."""
    rng = np.random.default_rng(int(x0))
    t = np.linspace(0, 2 * np.pi, 400, endpoint=False)
    r = 4_800 + 150 * np.sin(7 * t)
    shell = np.c_[x0 + 5_000 + r * np.cos(t), 5_000 + r * np.sin(t)]
    holes = []
    for x, y in rng.uniform(1_500, 8_500, (lakes, 2)):
        u = np.linspace(0, 2 * np.pi, 24, endpoint=False)
        holes.append(np.c_[x0 + x + 50 * np.cos(u), y + 50 * np.sin(u)])
    return shapely.make_valid(shapely.Polygon(shell, holes))


def _clip_rows(n: int = 600):
    """Blobs and, on each row, the one (prepared) county object it is cut by: as
    ``delineation.counties.clip`` hands them to the overlay."""
    counties = np.array([_county_with_lakes(x) for x in (0.0, 10_000.0)], dtype=object)
    shapely.prepare(counties)
    rng = np.random.default_rng(7)
    which = np.sort(rng.integers(0, 2, n))
    xy = np.c_[which * 10_000.0, np.zeros(n)] + rng.uniform(-300, 10_300, (n, 2))
    blobs = shapely.buffer(shapely.points(xy), rng.uniform(80, 400, n), quad_segs=8)
    return blobs, counties[which], counties


def test_no_geometry_object_reaches_two_threads():
    blobs, pairs, counties = _clip_rows()
    received = []  # (thread, objects): the objects are kept so that no id is reused

    def inter(a, b):
        received.append((threading.get_ident(), list(a) + list(b)))
        return shapely.intersection(a, b, grid_size=0.001)

    Chunked(lambda: None, 0.001, 4).pvec(inter, blobs, pairs)
    owner = {}
    for thread, objects in received:
        for g in objects:
            assert owner.setdefault(id(g), thread) == thread, "one object in two threads"
    assert len({thread for thread, _ in received}) > 1  # it did run on several threads
    used = [g for _, objects in received for g in objects]
    # the counties (on rows of many chunks) never went out: each thread had its own copies
    assert not any(g is counties[0] or g is counties[1] for g in used)
    clones = {id(g) for g in used if shapely.equals_exact(g, counties[0], 0.0)}
    assert 1 <= len(clones) <= 4
    assert shapely.is_prepared(counties).all()  # the caller's objects are left alone
    assert all(p is counties[0] or p is counties[1] for p in pairs)


def test_a_thread_copies_a_shared_object_once_and_the_others_per_chunk():
    blobs, pairs, counties = _clip_rows(100)
    blobs = shapely.set_precision(blobs, 0.001, mode="pointwise")  # each its own factory
    bounds = chunk_bounds([blobs, pairs], 16)
    private = PrivateGeometries([blobs, pairs], bounds)
    chunks = [private.chunk(s, e) for s, e in bounds]  # all in this one thread
    firsts = {id(c[1][0]) for c in chunks}
    assert len(firsts) <= 2  # one copy per county for this thread, reused chunk after chunk
    assert all(shapely.is_prepared(c[1][0]) for c in chunks)  # prepared like the original
    assert all(shapely.equals_exact(np.concatenate([c[1] for c in chunks]), pairs, 0.0))
    # a blob is on one row of one chunk: copied too (its factory may be a relative's),
    # with the same coordinates and grid
    got = np.concatenate([c[0] for c in chunks])
    assert not any(a is b for a, b in zip(got, blobs))
    assert np.array_equal(shapely.to_wkb(got), shapely.to_wkb(blobs))
    assert np.array_equal(shapely.get_precision(got), shapely.get_precision(blobs))
    other = []
    thread = threading.Thread(target=lambda: other.append(private.chunk(*bounds[0])))
    thread.start()
    thread.join()
    assert other[0][1][0] is not chunks[0][1][0]  # another thread: its own copy


def test_threaded_overlay_on_shared_prepared_geometries_is_byte_identical():
    blobs, pairs, _ = _clip_rows()

    def inter(a, b):
        return shapely.intersection(a, b, grid_size=0.001)

    serial = Chunked(lambda: None, 0.001, 1).pvec(inter, blobs, pairs)
    for workers in (2, 4):
        threaded = Chunked(lambda: None, 0.001, workers).pvec(inter, blobs, pairs)
        assert np.array_equal(shapely.to_wkb(threaded), shapely.to_wkb(serial))
    assert shapely.area(serial).sum() > 0


def test_delineate_hands_its_workers_to_the_engine(monkeypatch):
    seen = []

    def engine_run(inp, progress, is_cancelled, workers):
        seen.append(workers)
        return "result"

    monkeypatch.setattr(delineation.engine, "run", engine_run)
    assert delineation.delineate(None, workers=3) == "result"
    monkeypatch.setattr(delineation, "MAX_WORKERS", 1)
    delineation.delineate(None)
    monkeypatch.setattr(delineation, "MAX_WORKERS", None)
    delineation.delineate(None)
    delineation.delineate(None, workers=0)
    assert seen[:2] == [3, 1]
    assert 1 <= seen[2] <= 4  # automatic: one per CPU, up to 4
    assert seen[3] == 1  # never fewer than one
