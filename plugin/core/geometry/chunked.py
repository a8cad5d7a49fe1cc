"""Vectorised shapely calls cut into chunks, so a long overlay sees a cancel quickly.

:class:`Chunked` runs ``func(*arrays)`` slice by slice, checking for a cancel between
slices, and runs overlays on several threads when asked (``workers`` > 1). Shapely
releases the GIL in its vectorised functions.

Thread safety (issue #21): no GEOS object is ever touched by two threads, nor by a worker
and the caller. GEOS before 3.12 (QGIS's own on Debian 12 and many other installs, used by a
shapely built against it) computes a geometry's envelope, and each ring's, lazily on first
use and stores it in the object: two threads reading one cold geometry race on that store
(use after free). A prepared geometry's indexes are built lazily too, and not thread-safe in
any GEOS (libgeos/geos#825). And in every GEOS (3.14 included) geometries derived from one
another share a GeometryFactory whose reference count is not atomic (libgeos/geos#847): two
threads cloning one unit, or working on two parts of one polygon, corrupt the heap
(``private_copy``). So :meth:`Chunked.pvec` hands each worker thread private copies
(``private_copy.private_copies``: own factory, same coordinates and grid) of every geometry
of its chunks: one copy per thread of an object rows of several chunks use (a county
cutting hundreds of features, a unit on many pairs), one per chunk of the others. Only
overlays run in threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

import numpy as np
import shapely

from ..run import Cancelled
from .clean import polygonal
from .private_copy import private_copies

# Chunks are at most this many rows ...
CHUNK = 128
# ... and about this many vertices.
CHUNK_COORDS = 100_000
# Geometries with more vertices than this are prepared for predicates.
PREPARE_FROM = 200


def chunk_bounds(arrays, max_items=CHUNK, max_coords=CHUNK_COORDS):
    """Slice bounds with at most ``max_items`` rows and about ``max_coords`` vertices."""
    n = len(arrays[0])
    size = np.zeros(n)
    for a in arrays:
        if a.dtype == object:
            size += shapely.get_num_coordinates(a)
    cum = np.cumsum(size)
    bounds, start = [], 0
    while start < n:
        stop = min(n, start + max_items)
        base = cum[start - 1] if start else 0.0
        by_coords = int(np.searchsorted(cum, base + max_coords, side="right"))
        stop = max(start + 1, min(stop, by_coords))
        bounds.append((start, stop))
        start = stop
    return bounds


def _identities(a: np.ndarray) -> np.ndarray:
    """The identity of each row's object (0 for rows that are not geometries)."""
    if a.dtype != object:
        return np.zeros(len(a), np.int64)
    geom = shapely.is_geometry(a)
    ids = np.fromiter((id(g) for g in a), np.int64, len(a))
    return np.where(geom, ids, 0)


class PrivateGeometries:
    """Hands each worker thread chunks whose geometries are its own: every geometry is
    replaced by a private copy (``private_copies``: no GEOS object or factory shared with
    the original or any other copy). An object found in more than one chunk is copied
    once per thread, on first use, and the copy reused by that thread's later chunks; the
    others once, for their chunk.

    Copying only reads the original (its WKB, grid and prepared flag), so threads may copy
    one object at once. The caller's arrays and objects are left alone.

    ``owned``: the caller's geometries are private copies already that nothing else holds
    or touches while this runs (``Chunked(owned=True)``: ``overlap.pipeline``'s background
    thread, handed ``private_copies`` made for it): an object of one chunk is then used as
    it is, by the one thread of that chunk; only objects in several chunks are copied.
    """

    owned = False  # set by ``Chunked.pvec`` (after making it: test spies subclass this)

    def __init__(self, arrays, bounds):
        self.arrays = arrays
        self.ids = [_identities(a) for a in arrays]
        chunk_of = np.repeat(np.arange(len(bounds)), [e - s for s, e in bounds])
        every = np.concatenate(self.ids)
        where = np.tile(chunk_of, len(arrays))
        seen = np.unique(np.stack([every, where], axis=1)[every != 0], axis=0)
        obj, in_chunks = np.unique(seen[:, 0], return_counts=True)
        self.shared = obj[in_chunks > 1]
        self._local = threading.local()

    def chunk(self, start: int, stop: int) -> list[np.ndarray]:
        """The rows ``start:stop`` of every array, for the calling thread."""
        parts = []
        for a, ids in zip(self.arrays, self.ids):
            part, ids = a[start:stop], ids[start:stop]
            geom = ids != 0
            if geom.any():
                part = part.copy()
                shared = geom & np.isin(ids, self.shared)
                own = geom & ~shared
                if own.any() and not self.owned:
                    part[own] = private_copies(part[own])
                if shared.any():
                    part[shared] = self._thread_copies(part[shared], ids[shared])
            parts.append(part)
        return parts

    def _thread_copies(self, geoms: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """This thread's copies of the shared objects ``geoms`` (identities ``ids``)."""
        copies = self._local.__dict__.setdefault("copies", {})
        keys, first = np.unique(ids, return_index=True)
        new = np.array([k not in copies for k in keys.tolist()], dtype=bool)
        if new.any():
            copies.update(zip(keys[new].tolist(), private_copies(geoms[first[new]])))
        own = np.empty(len(geoms), dtype=object)
        own[:] = [copies[k] for k in ids.tolist()]
        return own


class Chunked:
    """Chunked (and optionally threaded) overlays and predicates on one precision grid.

    ``check()`` raises ``Cancelled`` when the caller asked to stop; ``grid`` is the
    snap-rounding grid of every overlay (None: floating overlay); ``workers`` the number
    of overlay threads (1: none); ``owned``: the geometries given to :meth:`pvec` are the
    caller's private copies, touched by nothing else meanwhile (see ``PrivateGeometries``).
    """

    def __init__(self, check: Callable[[], None], grid: float | None, workers: int = 1,
                 owned: bool = False):  # fmt: skip
        self.check = check
        self.grid = grid
        self.workers = max(1, int(workers))
        self.owned = owned

    # -- running ----------------------------------------------------------------------

    def vec(self, func, *arrays, **kwargs):
        """``func(*arrays)`` in chunks, checking for a cancel between chunks."""
        arrays = [np.asarray(a) for a in arrays]
        out = []
        for s, e in chunk_bounds(arrays) or [(0, 0)]:
            self.check()
            out.append(func(*(a[s:e] for a in arrays), **kwargs))
        return out[0] if len(out) == 1 else np.concatenate(out)

    def pvec(self, func, *arrays):
        """Like :meth:`vec` for overlay functions, run on several threads.

        Each thread works on private copies of its chunks' geometries
        (:class:`PrivateGeometries`), so no two threads ever touch one GEOS object or
        GeometryFactory.
        """
        arrays = [np.asarray(a) for a in arrays]
        n = len(arrays[0])
        workers = self.workers
        bounds = chunk_bounds(arrays, max(16, min(CHUNK, -(-n // (4 * workers)))))
        if workers < 2 or len(bounds) < 2:
            return self.vec(func, *arrays)
        private = PrivateGeometries(arrays, bounds)
        private.owned = self.owned
        self.check()

        def run(start, stop):
            return func(*private.chunk(start, stop))

        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run, s, e) for s, e in bounds]
            try:
                pending = set(futures)
                while pending:
                    done, pending = wait(pending, timeout=0.2)
                    self.check()
            except Cancelled:
                for f in futures:
                    f.cancel()
                raise
            return np.concatenate([f.result() for f in futures])

    # -- overlays (polygonal results, None where nothing is left) -----------------------

    def _inter(self, a, b):
        return polygonal(shapely.intersection(a, b, grid_size=self.grid))

    def _diff(self, a, b):
        return polygonal(shapely.difference(a, b, grid_size=self.grid))

    def union_pair(self, a, b):
        """Pairwise union (one chunk; use through :meth:`pvec`)."""
        return polygonal(shapely.union(a, b, grid_size=self.grid))

    def inter(self, a, b):
        a = np.asarray(a, dtype=object)
        return self.pvec(self._inter, a, np.asarray(b, dtype=object))

    def diff(self, a, b):
        """a - b, with b None meaning nothing to subtract."""
        a = np.asarray(a, dtype=object).copy()
        b = np.asarray(b, dtype=object)
        has = ~shapely.is_missing(b) & ~shapely.is_missing(a)
        if has.any():
            a[has] = self.pvec(self._diff, a[has], b[has])
        return a

    def union_all(self, geoms):
        geoms = np.asarray(geoms, dtype=object)
        geoms = geoms[~shapely.is_missing(geoms)]
        if not len(geoms):
            return None
        if len(geoms) == 1:
            return geoms[0]
        return polygonal([shapely.union_all(geoms, grid_size=self.grid)])[0]

    def shared_length(self, a, b):
        """Length of the common boundary of each pair (a[i], b[i])."""
        a = np.asarray(a, dtype=object)
        b = np.asarray(b, dtype=object)
        if not len(a):
            return np.zeros(0)

        def one_chunk(x, y):
            # The fragment's outline inside (on the boundary of) its neighbour: their
            # interiors are disjoint, so that is the common boundary.
            common = shapely.intersection(shapely.boundary(x), y, grid_size=self.grid)
            return np.nan_to_num(shapely.length(common))

        return self.pvec(one_chunk, a, b)

    # -- predicates and pairs -----------------------------------------------------------

    def intersecting(self, a, b) -> np.ndarray:
        """Pairwise ``intersects``, testing with the larger geometry of each pair prepared.

        (STRtree.query with a predicate prepares the query geometry: a small fragment
        tested against a county-sized polygon would scan the whole polygon each time.)
        """
        a = np.asarray(a, dtype=object)
        b = np.asarray(b, dtype=object)
        if not len(a):
            return np.zeros(0, dtype=bool)
        na = shapely.get_num_coordinates(a)
        nb = shapely.get_num_coordinates(b)
        swap = na < nb
        big = np.where(swap, b, a)
        small = np.where(swap, a, b)
        shapely.prepare(big[np.maximum(na, nb) > PREPARE_FROM])
        return self.vec(shapely.intersects, big, small).astype(bool)

    def interiors_meet(self, a, b) -> np.ndarray:
        """Pairwise: do the interiors of a[i] and b[i] intersect (DE-9IM ``T********``)?"""
        return self.vec(shapely.relate_pattern, a, b, pattern="T********").astype(bool)

    def overlapping_pairs(self, geoms, keys, rank):
        """Pairs (i, j), same key, rank[j] < rank[i], whose interiors intersect."""
        idx = np.flatnonzero(~shapely.is_missing(geoms))
        if len(idx) < 2:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        a, b = shapely.STRtree(geoms[idx]).query(geoms[idx])
        a, b = idx[a], idx[b]
        m = (keys[a] == keys[b]) & (rank[b] < rank[a])
        a, b = a[m], b[m]
        # Neighbours that only share an edge are the rule: a relate test is far
        # cheaper than an overlay that would return just lines.
        inner = self.interiors_meet(geoms[a], geoms[b])
        return a[inner], b[inner]

    def touching_pairs(self, tree_geoms, query_geoms, tree=None):
        """(query index, tree index) of pairs that intersect (touching included)."""
        if tree is None:
            tree = shapely.STRtree(tree_geoms)
        qi, ti = tree.query(query_geoms)
        hit = self.intersecting(np.asarray(query_geoms, dtype=object)[qi], tree_geoms[ti])
        return qi[hit], ti[hit]
