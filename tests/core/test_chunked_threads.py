"""Threaded overlays (``Chunked.pvec``): no GEOS object read by two threads, same output."""

from __future__ import annotations

import numpy as np
import shapely

from plugin.core import delineation
from plugin.core.geometry.chunked import Chunked, chunk_bounds, private_chunks


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


def test_private_chunks_share_no_geometry_object_between_chunks():
    blobs, pairs, counties = _clip_rows()
    bounds = chunk_bounds([blobs, pairs], 16)
    chunks = private_chunks([blobs, pairs], bounds)
    owners = {}
    for k, chunk in enumerate(chunks):
        for part in chunk:
            for g in part:
                if g is not None:
                    assert owners.setdefault(id(g), k) == k, "one object in two chunks"
    # same values, row for row; the caller's arrays and objects untouched (still prepared)
    joined = [np.concatenate([c[i] for c in chunks]) for i in range(2)]
    assert all(shapely.equals_exact(joined[0], blobs, 0.0))
    assert all(shapely.equals_exact(joined[1], pairs, 0.0))
    assert all(p is counties[0] or p is counties[1] for p in pairs)
    assert shapely.is_prepared(counties).all()
    # each county is on rows of several chunks: cloned for each chunk, one clone per chunk
    in_chunks = [c[1] for c in chunks]
    assert not any(g is counties[0] or g is counties[1] for part in in_chunks for g in part)
    assert all(len({id(g) for g in part}) <= 2 for part in in_chunks)
    assert not any(shapely.is_prepared(g) for part in in_chunks for g in part)


def test_private_chunks_keep_objects_only_one_chunk_uses():
    blobs, pairs, _ = _clip_rows(100)
    chunks = private_chunks([blobs, pairs], chunk_bounds([blobs, pairs], 16))
    assert [g for c in chunks for g in c[0]] == list(blobs)  # same objects, no copies
    assert all(a is b for a, b in zip((g for c in chunks for g in c[0]), blobs)), (
        "rows no other chunk uses are not copied"
    )


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
