"""What every engine run shares: progress, cancel, and the error hierarchy (no Qt).

An engine takes ``progress(percent)`` and ``is_cancelled()`` callables from its caller
(a Processing feedback, a QgsTask, a test) and wraps them in one :class:`Progress`.
"""

from __future__ import annotations

from typing import Callable


class EcoZoningError(ValueError):
    """Unusable input, with a message meant for the user (Chinese, naming layer/feature/field).

    Each engine has its own subclass so callers can tell where a problem came from; they
    all derive from ``ValueError`` because older callers catch that.
    """


class Cancelled(Exception):
    """The caller's ``is_cancelled()`` returned True: the run stopped, nothing was returned."""


class Progress:
    """Monotonic 0–100 progress and cancel checks for one run.

    ``sub(start, end)`` gives a view that maps its own 0–100 onto [start, end] of this one,
    so a stage can report its progress without knowing where it sits in the run.
    """

    def __init__(
        self,
        report: Callable[[float], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        *,
        start: float = 0.0,
        end: float = 100.0,
        _root: Progress | None = None,
    ):
        self._report = report
        self._is_cancelled = is_cancelled
        self._start, self._end = float(start), float(end)
        self._root = _root
        self.percent = 0.0

    def check(self) -> None:
        """Raise ``Cancelled`` if the caller asked to stop."""
        root = self._root or self
        if root._is_cancelled is not None and root._is_cancelled():
            raise Cancelled()

    def step(self, percent: float) -> None:
        """Check for cancel, then report ``percent`` (0–100 of this view; never goes back)."""
        self.check()
        local = min(100.0, max(0.0, float(percent)))
        value = self._start + (self._end - self._start) * local / 100.0
        root = self._root or self
        if value > root.percent:
            root.percent = value
            if root._report is not None:
                root._report(value)

    def sub(self, start: float, end: float) -> Progress:
        """A view on [start, end] of this view's range."""
        span = self._end - self._start
        return Progress(
            start=self._start + span * start / 100.0,
            end=self._start + span * end / 100.0,
            _root=self._root or self,
        )


def progress_of(progress=None, is_cancelled=None) -> Progress:
    """A ``Progress`` from what a caller passed: a Progress, or the two callables (or None)."""
    if isinstance(progress, Progress):
        return progress
    return Progress(progress, is_cancelled)
