"""Overlays of one batch on a background thread while the next batch's zones are unioned.

``inside_once`` has two steps: the zones (``zones_of``: unions, partly serial: contact
search, components, assembling) and the intersections (``pieces_in``: on ``workers``
threads). Run batch after batch, the serial part of each union left the other cores idle.
With ``workers`` > 1, :class:`Overlays` hands each batch's intersections to one background
thread (itself running them on ``workers`` threads) and returns at once, so the main thread
unions the next batch meanwhile; at most one batch is in flight. ``OverlapRun`` keeps one
``Overlays`` for the whole run, so a layer's last batch is overlaid while the next layer is
read, snapped and queried (at county and city a layer is one batch). The background thread
does not wait for the main thread's bookkeeping between batches: the next batch's copies
are made while the batch in flight still runs, and that batch's pieces are rebuilt once the
next one has started.

Thread safety (see ``geometry.chunked``): the background thread gets its own copies of the
batch's features and zones, on GEOS factories of their own (``geometry.private_copy``; a
zone can be a constraint polygon itself, which the next batch's union reads on the main
thread); its overlay threads use those copies as they are, copying only what several
chunks share (``Chunked(owned=True)``). Its pieces are rebuilt on the main thread
(``main_heap_copy``). Each pair is computed alone, so the rows are the same as without the
pipeline, in the same order. A cancel seen by the main thread stops the background thread
at its next chunk; ``close`` waits for it, so nothing runs on after the run ends.
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as StillRunning  # not the builtin before 3.11

import numpy as np

from .. import area
from ..geometry import GRID_SIZE
from ..geometry.chunked import Chunked
from ..geometry.private_copy import private_copies
from ..run import Cancelled
from .overlay import kept, main_heap_copy, measured_pieces, zones_of

WAIT_S = 0.2  # how often the main thread checks for a cancel while it waits


def _copies(geoms: np.ndarray) -> np.ndarray:
    """New GEOS objects with the same coordinates, on GeometryFactories of their own
    (``private_copies``: a ``set_srid`` clone would share the original's factory, whose
    reference count the main thread's work on the original's relatives updates too)."""
    return private_copies(geoms)


class Overlays:
    """``zones`` then ``submit`` per batch, in order; ``submit`` and ``finish`` return the
    batches done so far, in the order submitted, as (rows, pieces, tag, areas): the
    official areas (``area.official_m2``, by the rule in force at ``submit``) of
    polygonal pieces are measured on the overlay threads, with the pieces."""

    def __init__(self, check, workers: int = 1):
        self.check = check
        self.workers = max(1, int(workers))
        self.ops = Chunked(check, GRID_SIZE, self.workers)
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=1) if self.workers > 1 else None
        # the background thread's arrays are ``_copies`` nobody else holds: pvec copies
        # only what several of its chunks share
        self._behind = Chunked(self._stopped, GRID_SIZE, self.workers, owned=True)
        self._queue: deque = deque()

    def _stopped(self) -> None:
        if self._stop.is_set():
            raise Cancelled()

    def zones(self, rows, polygons, hits):
        """``zones_of`` on the main thread."""
        return zones_of(self.ops, rows, polygons, hits)

    def submit(self, geoms, uniq, zones, dim: int, tag) -> list:
        """Start the intersections of ``geoms[uniq]`` with ``zones``; the batches done.

        With a background thread, the batch's copies are made while the batch in flight
        still runs, and the pieces of that batch are rebuilt on the main thread after the
        next one has started: the background thread waits only for the submit itself."""
        rule = area.current()  # a context variable: the background thread has its own
        if self._pool is None:
            pieces, areas = measured_pieces(self.ops, geoms[uniq], zones, dim, rule)
            rows, pieces, areas = kept(uniq, pieces, areas)
            return [(rows, pieces, tag, areas)]
        features, zones = _copies(geoms[uniq]), _copies(zones)
        ready = self._results()
        job = self._pool.submit(measured_pieces, self._behind, features, zones, dim, rule)
        del features, zones
        self._queue.append((job, uniq, tag))
        return self._rebuilt(ready)

    def finish(self) -> list:
        """Wait for the batch in flight; the batches done."""
        return self._rebuilt(self._results())

    def _results(self) -> list:
        """Wait for the batch in flight: its (rows, tag, pieces, areas) as the overlay
        threads left them."""
        ready = []
        while self._queue:
            job, uniq, tag = self._queue.popleft()
            ready.append((uniq, tag, *self._wait(job)))
        return ready

    @staticmethod
    def _rebuilt(ready) -> list:
        """The batches ``_results`` gave, as (rows, pieces, tag, areas): the rows with a
        piece, the pieces rebuilt on the main thread (``main_heap_copy``)."""
        done = []
        for uniq, tag, pieces, areas in ready:
            rows, pieces, areas = kept(uniq, pieces, areas)
            done.append((rows, main_heap_copy(pieces), tag, areas))
        return done

    def _wait(self, job):
        while True:
            try:
                return job.result(timeout=WAIT_S)
            except StillRunning:
                self.check()

    def close(self) -> None:
        """Stop and wait for the background thread (after a cancel or an error)."""
        self._stop.set()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._queue.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
