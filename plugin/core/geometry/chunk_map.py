"""Any per-chunk function over geometry arrays on the overlay threads of a ``Chunked``.

:meth:`Chunked.pvec` concatenates one result array per chunk; some serial steps give
more than one array per chunk (cleaning gives geometries and a report), or work on
groups of rows (a coverage validated region by region). :func:`map_chunks` runs
``func(*rows)`` for each ``(start, stop)`` slice and returns the results in slice order,
with the same guarantees as ``pvec``: each worker thread gets private copies of its
slices' geometries (``PrivateGeometries``: own GEOS objects and GeometryFactory), so no two
threads ever touch one GEOS object or factory, and a cancel is seen between slices.

Only functions whose result for a slice depends on that slice alone belong here: the
results are then the same with any number of threads.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, wait

import numpy as np

from ..run import Cancelled
from .chunked import Chunked, PrivateGeometries


def map_chunks(ops: Chunked, func, arrays, bounds) -> list:
    """``[func(*(a[s:e] for a in arrays)) for (s, e) in bounds]``, on ``ops.workers``
    threads when there are at least two slices (the caller's thread otherwise)."""
    arrays = [np.asarray(a) for a in arrays]
    bounds = [(int(s), int(e)) for s, e in bounds]
    if ops.workers < 2 or len(bounds) < 2:
        out = []
        for s, e in bounds:
            ops.check()
            out.append(func(*(a[s:e] for a in arrays)))
        return out
    private = PrivateGeometries(arrays, bounds)
    ops.check()

    def run(k):
        return func(*private.chunk(*bounds[k]))

    # largest slices first, for an even finish; the results stay in slice order
    order = sorted(range(len(bounds)), key=lambda k: bounds[k][0] - bounds[k][1])
    with ThreadPoolExecutor(max_workers=ops.workers) as pool:
        futures = {k: pool.submit(run, k) for k in order}
        try:
            pending = set(futures.values())
            while pending:
                _, pending = wait(pending, timeout=0.2)
                ops.check()
        except Cancelled:
            for f in futures.values():
                f.cancel()
            raise
        return [futures[k].result() for k in range(len(bounds))]


def even_bounds(n: int, pieces: int) -> list[tuple[int, int]]:
    """``pieces`` contiguous slices of ``range(n)`` of near-equal length (none empty)."""
    pieces = max(1, min(int(pieces), n))
    edges = np.linspace(0, n, pieces + 1).round().astype(np.int64)
    return [(int(s), int(e)) for s, e in zip(edges[:-1], edges[1:]) if e > s]
