"""Which counties and units a changed layer touches."""

from __future__ import annotations

import pandas as pd
import pytest
from shapely.geometry import box

from eco_zoning.plugin.core import schema, update

KM = 1000.0


def b(x1, y1, x2, y2):
    return box(x1 * KM, y1 * KM, x2 * KM, y2 * KM)


def units():
    rows = [
        ("ZH99010110001", 1, b(0, 0, 3, 10)),
        ("ZH99010130001", 3, b(3, 0, 10, 10)),
        ("ZH99010210001", 1, b(10, 0, 13, 10)),
        ("ZH99010230001", 3, b(13, 0, 20, 10)),
    ]
    return pd.DataFrame(
        [
            {
                schema.UNIT_CODE: code,
                schema.UNIT_NAME: code,
                schema.UNIT_CLASS: cls,
                schema.UNIT_COUNTY_CODE: code[2:8],
                "geometry": geom,
            }
            for code, cls, geom in rows
        ]
    )


def test_red_line_moved_in_one_county():
    old = [b(0, 0, 3, 10), b(10, 0, 13, 10)]
    new = [b(1, 0, 4, 10), b(10, 0, 13, 10)]  # moved 1 km east in 990101 only
    frame, counties = update.impact(units(), [("生态保护红线", old, new)])
    assert counties == ["990101"]
    by_code = frame.set_index(schema.UNIT_CODE)
    assert by_code.loc["ZH99010110001", "lost_m2"] == pytest.approx(10e6)
    assert by_code.loc["ZH99010110001", "gained_m2"] == 0
    assert by_code.loc["ZH99010130001", "gained_m2"] == pytest.approx(10e6)
    assert set(by_code.index) == {"ZH99010110001", "ZH99010130001"}


def test_unchanged_layer_touches_nothing_and_retired_codes():
    same = [b(0, 0, 3, 10)]
    frame, counties = update.impact(units(), [("红线", same, list(reversed(same)))])
    assert frame.empty and counties == []
    retired = update.retired_codes(
        ["ZH99010130001", "ZH99010130002", "ZH99010230001"], ["ZH99010130002"], ["990101"]
    )
    assert retired == ["ZH99010130001"]
