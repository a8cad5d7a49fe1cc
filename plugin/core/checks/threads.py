"""The check run's worker threads: groups of rows (a county's units, a slice of units)
worked on by ``workers`` threads, without two threads ever reading one GEOS object.

GEOS before 3.12 fills per-geometry caches lazily and without a lock, prepared geometries
do so in every version, and related geometries share a GeometryFactory whose reference
count is not atomic (see ``geometry/chunked.py`` and ``geometry/private_copy.py``). So every
group is handed to its thread through ``chunked.PrivateGeometries``: its geometries are
the thread's private copies. Results come back in group order whatever thread ran them,
so one thread and several give the same output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..geometry import group_bounds, grouped_union, intersect_pairs
from ..geometry.chunk_map import map_chunks
from ..geometry.chunked import Chunked
from ..run import Progress


class Workers:
    """The run's overlay threads (1: everything on the calling thread) and its cancel check."""

    def __init__(self, workers: int, prog: Progress):
        self.n = max(1, int(workers or 1))
        self.prog = prog

    def chunked(self, grid) -> Chunked:
        """Row-chunked overlays on this run's threads (``Chunked.pvec``)."""
        return Chunked(self.prog.check, grid, self.n)

    def groups(self, func: Callable, arrays: Sequence, bounds) -> list:
        """``[func(*(a[s:e] for a in arrays)) for (s, e) in bounds]``, groups on threads
        (``geometry.chunk_map.map_chunks``: largest first, results in the order of
        ``bounds``)."""
        return map_chunks(self.chunked(None), func, arrays, bounds)


def _intersect(grid):
    def run(left, right):
        return intersect_pairs(left, right, grid_size=grid)

    return run


class Overlays(Workers):
    """The shared overlays (``geometry.intersect_pairs``, ``geometry.grouped_union``) on
    the run's threads, with the same results as on one thread."""

    def intersect_pairs(self, left, right, grid) -> np.ndarray:
        """``geometry.intersect_pairs(left, right, grid)`` in row chunks on the threads
        (each chunk prepares its own ``right`` geometries)."""
        left = np.asarray(left, dtype=object)
        right = np.asarray(right, dtype=object)
        if self.n < 2 or len(left) < 2:
            return intersect_pairs(left, right, grid_size=grid)
        return self.chunked(grid).pvec(_intersect(grid), left, right)

    def grouped_union(self, keys, geoms, grid):
        """``geometry.grouped_union(keys, geoms, grid)``, batches of whole keys on threads."""
        keys = np.asarray(keys)
        geoms = np.asarray(geoms, dtype=object)
        if self.n < 2 or len(keys) < 2:
            return grouped_union(keys, geoms, grid_size=grid, check=self.prog.check)
        order = np.argsort(keys, kind="stable")
        keys, geoms = keys[order], geoms[order]
        _, starts, _ = group_bounds(keys)
        size = max(16, -(-len(keys) // (4 * self.n)))
        at = np.searchsorted(starts, np.arange(0, len(keys), size))
        cuts = np.unique(starts[at[at < len(starts)]])  # batches end where a key does
        bounds = list(zip(cuts, np.r_[cuts[1:], len(keys)]))
        found = self.groups(lambda k, g: grouped_union(k, g, grid_size=grid), (keys, geoms), bounds)
        return (
            np.concatenate([f[0] for f in found]),
            np.concatenate([f[1] for f in found]),
        )
