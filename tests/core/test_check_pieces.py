"""A layer handed in pieces marks which step each row serves (``checks.pieces``): the red
line kept for T04 does not count for R01, and the pieces for R01 do not count for T04."""

from __future__ import annotations

import pandas as pd
from shapely.geometry import box

from plugin.core import checks, schema
from plugin.core.checks.pieces import RED_LINE_STEP, SERVES, T04, rows_serving
from tests.core.checks_data import CELL, X0, Y0, small_county

# red line in the general unit of cell (0, 1) and under a small priority unit east of the grid
IN_GENERAL = box(X0 + CELL + 10, Y0 + 10, X0 + CELL + 110, Y0 + 110)
SMALL = box(X0 + 4 * CELL + 50, Y0 + 10, X0 + 4 * CELL + 58, Y0 + 18)  # 64 m²: a T04 candidate
UNDER_SMALL = box(X0 + 4 * CELL + 40, Y0, X0 + 4 * CELL + 70, Y0 + 30)


def _units():
    units = small_county()[0]
    row = units.iloc[[0]].assign(fid=len(units) + 1, geometry=[SMALL])
    row[schema.UNIT_CODE] = "ZH99010110099"
    return pd.concat([units, row], ignore_index=True)


def _run(serves):
    red = pd.DataFrame({"fid": [1, 2], "geometry": [IN_GENERAL, UNDER_SMALL]})
    if serves is not None:
        red[SERVES] = serves
    errors = checks.check_units(checks.CheckInput(units=_units(), red_line=red)).errors
    return {
        c: set(errors.loc[errors[schema.CHK_CODE] == c, schema.CHK_UNITS]) for c in ("R01", "T04")
    }


def test_rows_without_marks_serve_every_step():
    found = _run(None)
    assert found["R01"] and "ZH99010110099" not in found["T04"]  # red-line land: no sliver


def test_each_row_serves_only_its_step():
    assert _run([RED_LINE_STEP, T04]) == _run(None)
    only_t04 = _run([T04, T04])
    assert not only_t04["R01"] and "ZH99010110099" not in only_t04["T04"]
    only_red_line_step = _run([RED_LINE_STEP, RED_LINE_STEP])
    assert only_red_line_step["R01"] and "ZH99010110099" in only_red_line_step["T04"]


def test_rows_serving_keeps_unmarked_rows_and_passes_other_inputs_on():
    frame = pd.DataFrame({"fid": [1, 2, 3], SERVES: [None, T04, RED_LINE_STEP]})
    assert rows_serving(frame, T04)["fid"].tolist() == [1, 2]
    assert rows_serving(frame, RED_LINE_STEP)["fid"].tolist() == [1, 3]
    assert rows_serving(None, T04) is None
