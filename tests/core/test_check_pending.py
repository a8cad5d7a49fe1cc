"""Layers that arrive while the checks run (``checks.pending``): the core asks for each step's
frames where the step needs them, in order, and the result equals the frames up front."""

from __future__ import annotations

import pandas as pd
import pytest

from plugin.core import checks
from plugin.core.checks.pending import LAYERS, STEPS
from plugin.core.checks.pieces import RED_LINE_STEP, SERVES, T04
from tests.core.test_check_pieces import IN_GENERAL, UNDER_SMALL, _units


def _red_line():
    return pd.DataFrame(
        {"fid": [1, 2], "geometry": [IN_GENERAL, UNDER_SMALL], SERVES: [RED_LINE_STEP, T04]}
    )


def test_frames_taken_late_give_the_result_of_frames_up_front():
    red = _red_line()
    expected = checks.check_units(checks.CheckInput(units=_units(), red_line=red))
    asked, seen = [], []
    job = checks.CheckInput(units=_units())

    def pending(step):
        asked.append(step)
        seen.append(job.red_line)  # what the core holds when it asks
        if step == T04:
            return {"red_line": red[red[SERVES] == T04].reset_index(drop=True)}
        return {"red_line": red}

    job.pending = pending
    got = checks.check_units(job)
    assert asked == list(STEPS) == [T04, LAYERS]
    assert seen[0] is None and len(seen[1]) == 1  # the T04 rows only, until the layers
    assert set(expected.errors["check_code"]) >= {"R01"}
    pd.testing.assert_frame_equal(got.errors, expected.errors)
    pd.testing.assert_frame_equal(got.summary, expected.summary)


def test_an_error_of_the_pending_frames_stops_the_run():
    class Broken(Exception):
        pass

    def pending(step):
        if step == LAYERS:
            raise Broken("the database failed")
        return {}

    with pytest.raises(Broken, match="the database failed"):
        checks.check_units(checks.CheckInput(units=_units(), red_line=None, pending=pending))
