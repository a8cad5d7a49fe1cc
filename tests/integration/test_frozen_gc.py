"""The objects that existed before an algorithm run are frozen for the garbage collector
while it runs (``frozen_gc.frozen``), and only then: the run's own garbage is still
collected, everything is unfrozen when the outermost run ends (failed or not), and runs
on two threads share one freeze."""

import gc
import threading
import weakref

import pytest
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

from eco_zoning.processing_provider import frozen_gc
from eco_zoning.processing_provider.base import EcoZoningAlgorithm


class _Cycle:
    def __init__(self):
        self.me = self


def _collected_inside() -> bool:
    """Whether a reference cycle made inside ``frozen()`` is found by a collection."""
    freed = threading.Event()
    cycle = _Cycle()
    weakref.finalize(cycle, freed.set)
    del cycle
    gc.collect()
    return freed.is_set()


def test_old_objects_frozen_inside_and_the_runs_garbage_still_collected():
    assert gc.get_freeze_count() == 0
    old = _Cycle()
    with frozen_gc.frozen():
        assert gc.get_freeze_count() > 0
        assert not any(o is old for o in gc.get_objects())  # frozen: not walked
        assert _collected_inside()
        with frozen_gc.frozen():  # nested: one freeze
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    assert any(o is old for o in gc.get_objects())  # back with the others


def test_unfrozen_after_a_failure():
    with pytest.raises(RuntimeError):
        with frozen_gc.frozen():
            raise RuntimeError("boom")
    assert gc.get_freeze_count() == 0


def test_two_threads_share_one_freeze_until_the_last_ends():
    started, second_may_end = threading.Event(), threading.Event()
    seen = {}

    def second():
        with frozen_gc.frozen():
            started.set()
            second_may_end.wait(10)
            seen["second, after the first ended"] = gc.get_freeze_count() > 0

    thread = threading.Thread(target=second)
    thread.start()
    started.wait(10)
    with frozen_gc.frozen():
        pass
    seen["after the first"] = gc.get_freeze_count() > 0
    second_may_end.set()
    thread.join(10)
    assert seen == {"after the first": True, "second, after the first ended": True}
    assert gc.get_freeze_count() == 0


class _Probe(EcoZoningAlgorithm):
    NAME = "frozenprobe"
    GROUP = "checks"
    NEEDS_CORE = False
    fail = False

    def initAlgorithm(self, config=None):  # noqa: N802
        pass

    def displayName(self):  # noqa: N802
        return "probe"

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.frozen_inside = gc.get_freeze_count() > 0
        self.collected_inside = _collected_inside()
        if self.fail:
            raise QgsProcessingException("failed on purpose")
        return {}


@pytest.mark.parametrize("fail", [False, True])
def test_an_algorithm_run_freezes_and_unfreezes(fail):
    probe = _Probe()
    probe.fail = fail
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    if fail:
        with pytest.raises(QgsProcessingException):
            probe.processAlgorithm({}, context, feedback)
    else:
        assert probe.processAlgorithm({}, context, feedback) == {}
    assert probe.frozen_inside and probe.collected_inside
    assert gc.get_freeze_count() == 0
