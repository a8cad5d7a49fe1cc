"""``Chunked(owned=True)``: pvec on geometries that are private copies already (the overlap
pipeline's background thread) copies only the objects several chunks share.

Proven here: the same results as one thread, byte for byte; an object of one chunk reaches
its thread as it is (no second copy); an object of several chunks reaches each thread as a
copy of its own; and no two worker threads are ever handed geometries on one GEOS factory
(GEOS's default factory aside, which is never freed).
"""

from __future__ import annotations

import threading

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, box

from plugin.core.geometry import chunked
from plugin.core.geometry.chunked import Chunked
from plugin.core.geometry.private_copy import private_copies
from tests.core.thread_spies import default_factory, record_thread_factories

GRID = 0.001


def _arrays():
    """(features, zones) as ``Overlays.submit`` hands them over: private copies, each
    feature once, the zones partly one object on many rows (a red-line polygon that is the
    zone of many features), partly parts of one snapped multipolygon (relatives)."""
    rng = np.random.default_rng(7)
    x, y = rng.uniform(0, 500, (2, 600))
    features = shapely.set_precision(
        np.array([box(a, b, a + 30.0004, b + 20.0007) for a, b in zip(x, y)]), GRID
    )
    whole = shapely.set_precision(
        MultiPolygon([box(100 * k, 0, 100 * k + 90.0004, 600) for k in range(5)]), GRID
    )
    parts = shapely.get_parts(whole)
    zones = np.array([parts[int(a // 100)] for a in x], dtype=object)
    zones[::3] = shapely.set_precision(shapely.buffer(features[::3], 3.0), GRID)
    return private_copies(features), private_copies(zones)


def _intersect(a, b):
    return shapely.intersection(a, b, grid_size=GRID)


def test_owned_chunks_give_the_result_of_one_thread():
    features, zones = _arrays()
    serial = Chunked(lambda: None, GRID, 1).pvec(_intersect, features, zones)
    owned = Chunked(lambda: None, GRID, 2, owned=True).pvec(_intersect, features, zones)
    assert np.array_equal(shapely.to_wkb(owned), shapely.to_wkb(serial))
    assert shapely.area(serial).sum() > 0


def test_objects_of_one_chunk_are_used_as_they_are_and_shared_ones_copied():
    features, zones = _arrays()
    ids = np.array([id(g) for g in zones])
    objects, rows = np.unique(ids, return_counts=True)
    shared = np.isin(ids, objects[rows > 1])  # on many rows, spread over the chunks
    assert shared.any() and (~shared).any()

    def handed(a, b):
        return np.stack([a, b], axis=1)

    got = Chunked(lambda: None, GRID, 2, owned=True).pvec(handed, features, zones)
    assert all(g is f for g, f in zip(got[:, 0], features))  # each feature: one chunk
    assert all(g is z for g, z in zip(got[~shared, 1], zones[~shared]))
    assert not any(g is z for g, z in zip(got[shared, 1], zones[shared]))
    assert all(shapely.equals_exact(got[shared, 1], zones[shared], tolerance=0.0))
    # not owned: everything is copied, as before
    copied = Chunked(lambda: None, GRID, 2).pvec(handed, features, zones)
    assert not any(g is f for g, f in zip(copied[:, 0], features))


def test_no_two_threads_are_handed_one_factory(monkeypatch):
    runs = record_thread_factories(monkeypatch, chunked)
    threads = set()

    def spy(a, b):
        threads.add(threading.get_ident())
        return _intersect(a, b)

    features, zones = _arrays()
    Chunked(lambda: None, GRID, 2, owned=True).pvec(spy, features, zones)
    assert len(runs) == 1 and len(threads) == 2  # really on two threads
    seen = list(runs[0][1].values())
    assert len(seen) == 2
    common = seen[0] & seen[1]
    assert not common - {0, default_factory()}
