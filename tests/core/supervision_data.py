"""A small city with planted supervision cases (shared by the screening and indicator tests).

Units (100 m × 100 m, side by side): U1 优先保护 (x 0–100), U2 重点管控 (x 100–200),
U3 一般管控 (x 200–300). A river-corridor region HD01 covers x 200–250 of U3 and forbids
mining (06) within it; U1's list forbids chemicals (26); U2's list restricts chemicals;
U3 has a 要求 without industry codes. The red line covers x 0–40 of U1.
"""

from __future__ import annotations

import pandas as pd
from shapely.geometry import Point, box

from plugin.core import access as access_list
from plugin.core import schema
from plugin.core.overlap import Constraint
from tests.core.test_compliance import requirement as _req

X, Y = 39_500_000.0, 2_500_000.0
COUNTY = "440102"
U1, U2, U3 = "ZH44010210001", "ZH44010220001", "ZH44010230001"


def sq(x0, y0, x1, y1):
    return box(X + x0, Y + y0, X + x1, Y + y1)


def pt(x, y):
    return Point(X + x, Y + y)


def units():
    return pd.DataFrame(
        {
            "fid": [1, 2, 3],
            "geometry": [sq(0, 0, 100, 100), sq(100, 0, 200, 100), sq(200, 0, 300, 100)],
            schema.UNIT_CODE: [U1, U2, U3],
            schema.UNIT_NAME: ["甲单元", "乙单元", "丙单元"],
            schema.UNIT_CLASS: [1, 2, 3],
            schema.UNIT_COUNTY_CODE: [COUNTY] * 3,
        }
    )


def requirements():
    return pd.DataFrame(
        [
            _req("HD-1", "区域", "HD01", "禁止", "06", "河道一公里范围内禁止新建煤矿等矿产开采"),
            _req("U1-1", "单元", U1, "禁止", "26", "禁止新建化工项目"),
            _req("U2-1", "单元", U2, "限制", "25,26", "严格控制化工项目"),
            _req("U3-1", "单元", U3, "要求", "", "落实扬尘管控"),
        ]
    )


def regions():
    return pd.DataFrame(
        {
            access_list.REGION_ID: ["HD01"],
            access_list.REGION_NAME: ["岚河干流岸线一公里"],
            access_list.REGION_MEMBERS: [""],
            "geometry": [sq(200, -50, 250, 150)],
        }
    )


def red_line():
    return Constraint(
        "生态保护红线",
        pd.DataFrame({"fid": [1], "geometry": [sq(0, 0, 40, 100)]}),
        role="red_line",
    )


def enterprises():
    """fid 1 coal mine in the corridor (U3), 2 chemical plant in U1, 3 food plant in U3
    outside the corridor (allowed: no lead), 4 chemical plant in U2 (重点 requirement)."""
    return pd.DataFrame(
        {
            "fid": [1, 2, 3, 4],
            "geometry": [pt(220, 50), pt(70, 50), pt(280, 50), pt(150, 50)],
            "industry": ["0610", "2614", "1391", "2614"],
            "date": ["2025-03-01", "2025-05-01", "2019-01-01", "2025-02-01"],
            "key": ["E001", "E002", "E003", "E004"],
        }
    )


def patches():
    """人类活动图斑: fid 1 new in U1 across the red line edge, 2 old in U1, 3 new in U3."""
    return pd.DataFrame(
        {
            "fid": [1, 2, 3],
            "geometry": [sq(20, 10, 60, 30), sq(60, 60, 80, 80), sq(260, 10, 290, 30)],
            "date": ["2025-06-01", "2020-06-01", "2025-06-01"],
        }
    )
