"""The unit checks' database work on a thread of its own, beside the core's unit checks.

The core's unit checks (cleaning, T01, the county unions) do not need the layers' pieces;
only the sliver check (T04: the red line near the priority units' small parts) and the layer
checks (R01, R02, S01, S02) do, late in the run. So the database computes them while the core
runs, on the same machine's other core, and the core takes each step's frames when it gets
there (``core.checks.pending``). After the pieces, the thread reads the layers' repair log.

The thread uses a session of its own (``open_execute()`` is called on the thread). Every
statement stands alone (QGIS's connection pool may hand a statement any of its connections).
"""

from __future__ import annotations

import threading

from ...core import checks
from ...core.checks.pending import LAYERS
from ...core.checks.pieces import T04
from .pushdown_checks import _check_cancel
from .pushdown_layers import layer_frames, repair_logs

REPAIRS = "repairs"  # the layers' repair logs (for ``pushdown_layers.finish``)


class Beside:
    """Work on a thread of its own that hands its results over step by step.

    ``work(publish, stopped)`` runs on the thread: ``publish(step, value)`` hands a step's
    value over; ``stopped()`` is true once the run no longer wants them (``stop``, or the
    caller's ``is_cancelled``). ``on_stop``, when given, is called by ``stop`` on the caller's
    thread while the work still runs (to cancel a statement running in the database)."""

    def __init__(self, work, is_cancelled=None, on_stop=None):
        self._values: dict = {}
        self._error: BaseException | None = None
        self._done = False
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._is_cancelled, self._on_stop = is_cancelled, on_stop
        self._thread = threading.Thread(
            target=self._run, args=(work,), name="ez-checks-database", daemon=True
        )
        self._thread.start()

    def stopped(self) -> bool:
        return self._stop.is_set() or bool(self._is_cancelled and self._is_cancelled())

    def _run(self, work):
        try:
            work(self._publish, self.stopped)
        except BaseException as error:  # handed to the caller by take / raise_failure
            with self._changed:
                self._error = error
        finally:
            with self._changed:
                self._done = True
                self._changed.notify_all()

    def _publish(self, step, value):
        with self._changed:
            self._values[step] = value
            self._changed.notify_all()

    def take(self, step):
        """``step``'s value once it is there (given once). Raises the error that stopped the
        work, or ``checks.Cancelled`` once ``is_cancelled()`` (checked while waiting)."""
        with self._changed:
            while step not in self._values:
                if self._error is not None:
                    raise self._error
                if self._done:
                    raise RuntimeError(f"the database work ended without {step}")
                if self._is_cancelled is not None and self._is_cancelled():
                    raise checks.Cancelled()
                self._changed.wait(0.2)
            return self._values.pop(step)

    def failed(self) -> bool:
        """Whether the work stopped on an error (a cancel is none)."""
        error = self._error
        return error is not None and not isinstance(error, checks.Cancelled)

    def raise_failure(self) -> None:
        """Raises the error the work stopped on, if any (a cancel is none)."""
        if self.failed():
            raise self._error

    def stop(self) -> None:
        """Stops the work and waits for its thread; what it had not handed over is dropped."""
        self._stop.set()
        if self._thread.is_alive() and self._on_stop is not None:
            self._on_stop()
        self._thread.join()


def pieces_beside(
    open_execute, units, fields, layers, work_srid, inp, is_cancelled=None, on_stop=None
) -> Beside:
    """The layers' pieces (``pushdown_layers.layer_frames``) computed on a thread of their own:
    ``take(T04)`` and ``take(LAYERS)`` give {CheckInput field: frame} for the core's steps
    (``CheckInput.pending``), then ``take(REPAIRS)`` the layers' repair logs."""

    def work(publish, stopped):
        execute = open_execute()
        frames = layer_frames(
            execute,
            units,
            fields,
            layers,
            work_srid,
            inp,
            stopped,
            early=lambda near: publish(T04, near),
        )
        publish(LAYERS, frames)
        _check_cancel(stopped)
        publish(REPAIRS, repair_logs(execute, layers, work_srid, inp, inp.layer_names))

    return Beside(work, is_cancelled, on_stop)
