"""Progress, cancel and the error hierarchy shared by every engine."""

import pytest

from plugin.core import checks, compliance, delineation, overlap
from plugin.core.run import Cancelled, EcoZoningError, Progress, progress_of


def test_progress_is_monotonic_and_clamped():
    seen = []
    p = Progress(seen.append)
    p.step(10)
    p.step(5)  # never goes back
    p.step(150)
    assert seen == [10.0, 100.0]


def test_sub_ranges_map_onto_the_parent():
    seen = []
    p = Progress(seen.append)
    stage = p.sub(20, 60)
    stage.step(50)
    stage.sub(50, 100).step(100)
    p.step(80)
    assert seen == [40.0, 60.0, 80.0]
    assert p.percent == 80.0


def test_cancel_is_checked_through_every_view():
    stop = {"now": False}
    p = progress_of(None, lambda: stop["now"])
    inner = p.sub(0, 50).sub(0, 50)
    inner.step(10)
    stop["now"] = True
    with pytest.raises(Cancelled):
        inner.step(20)
    with pytest.raises(Cancelled):
        p.check()


def test_progress_of_passes_a_progress_through():
    p = Progress()
    assert progress_of(p) is p


def test_one_cancel_class_and_one_error_base():
    for engine in (checks, compliance, delineation, overlap):
        assert engine.Cancelled is Cancelled
    for error in (
        checks.CheckError,
        compliance.ComplianceError,
        delineation.DelineationError,
        overlap.OverlapError,
    ):
        assert issubclass(error, EcoZoningError)
        assert issubclass(error, ValueError)  # older callers catch ValueError
