"""Python's cyclic garbage collector leaves the objects that existed before an algorithm
run alone while it runs (``gc.freeze``), and takes them back after (``gc.unfreeze``).

A run allocates many objects (rows, frames, geometries), so the collector runs during it;
now and then a full collection, which walks every object Python tracks: QGIS's, the
plugins', pandas'... In a fresh QGIS process that is ~45 ms of CPU for one full
collection (the checks at city scale had one), more in a desktop session with everything
loaded, and it finds nothing among those old objects (they are in use). Frozen, they are
skipped; the objects the run makes are collected as before. Reference counting is not
affected: every object the run drops is freed at once, frozen or not.

When the outermost run ends, the frozen objects go back to the oldest generation, where
the next full collection finds any cycle among them that became garbage meanwhile (a
delay, never a leak). Runs on several threads (or one algorithm running another) share
one freeze: the first to start freezes, the last to end unfreezes. No Qt or QGIS here.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_LOCK = threading.Lock()
_RUNS = [0]  # runs inside ``frozen()`` now, all threads


@contextmanager
def frozen():
    """Old objects skipped by the cyclic garbage collector while the body runs."""
    with _LOCK:
        _RUNS[0] += 1
        if _RUNS[0] == 1:
            gc.freeze()
    try:
        yield
    finally:
        with _LOCK:
            _RUNS[0] -= 1
            if _RUNS[0] == 0:
                gc.unfreeze()
