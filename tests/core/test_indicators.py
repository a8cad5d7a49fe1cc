"""跟踪评估 indicators on a small city with known values, across two versions and two years."""

from __future__ import annotations

import pandas as pd
import pytest

from plugin.core import schema
from plugin.core.supervision import indicators as ind
from tests.core import supervision_data as d

U4 = "ZH44010310001"


def current_units():
    units = d.units()
    units.loc[len(units)] = [4, d.sq(300, 0, 400, 100), U4, "丁单元", 1, "440103"]
    return units


def previous_units():
    return pd.DataFrame(
        {
            "fid": [1, 2],
            "geometry": [d.sq(0, 0, 150, 100), d.sq(150, 0, 300, 100)],
            schema.UNIT_CODE: ["ZH44010210001", "ZH44010230001"],
            schema.UNIT_CLASS: [1, 3],
            schema.UNIT_COUNTY_CODE: ["440102", "440102"],
        }
    )


def red_line():
    return pd.DataFrame({"fid": [1, 2], "geometry": [d.sq(0, 0, 40, 100), d.sq(120, 0, 140, 100)]})


def log():
    rows = [
        ("algorithm", "2025-03-01", "不符合", d.U1),
        ("panel", "2025-05-01", "符合", d.U3),
        ("algorithm", "2025-09-01", "符合", U4),
        ("panel", "2026-02-01", "有条件符合", f"{d.U2},{d.U3}"),
        ("screening", "2026-02-01", "", ""),
    ]
    return pd.DataFrame(
        [
            {"origin": o, "assessed_on": day, "conclusion": c, "unit_codes": u, "project": "p"}
            for o, day, c, u in rows
        ]
    )


def leads():
    return pd.DataFrame(
        {
            "county_code": ["440102"] * 5,
            "found_on": ["2025-07-01", "2025-07-01", "2025-07-01", "2026-07-01", "2026-07-01"],
            "source_date": ["2025-06-01", "", "", "2026-05-01", ""],
            "status": ["属实", "已整改", "待核实", "不属实", "待核实"],
            "reason_code": ["priority", "forbidden", "region", "priority", "priority"],
            "area_m2": [500.0, float("nan"), float("nan"), 300.0, float("nan")],
        }
    )


def sections():
    return ind.UserLayer(
        "断面水质",
        pd.DataFrame(
            {
                "geometry": [d.pt(10, 10), d.pt(20, 10), d.pt(250, 10), d.pt(30, 30), d.pt(260, 5)],
                "target_met": ["是", "否", "1", "是", "达标"],
                "date": ["2025-06-01", "2025-06-01", "2025-06-01", "2026-06-01", "2026-06-01"],
            }
        ),
    )


@pytest.fixture(scope="module")
def table():
    inp = ind.TrackingInput(
        units=current_units(),
        previous_units=previous_units(),
        red_line=red_line(),
        log=log(),
        leads=leads(),
        user_layers=[sections()],
    )
    return ind.compute(inp, [2025, 2026])


def value(table, key, county=ind.WHOLE, group="", year=None, column="value"):
    t = table[(table["indicator"] == key) & (table["county_code"] == county)]
    t = t[t["group"] == group]
    t = t[t["year"].isna()] if year is None else t[t["year"] == year]
    assert len(t) == 1, (key, county, group, year, t)
    return t.iloc[0][column]


def test_unit_counts_and_areas_against_the_previous_version(table):
    assert value(table, "unit_count") == 4 and value(table, "unit_count", column="previous") == 2
    assert value(table, "unit_count", column="change") == 2
    assert value(table, "unit_count", group="优先保护") == 2
    assert value(table, "unit_count", group="重点管控", column="previous") == 0
    assert value(table, "unit_count", "440103") == 1
    assert value(table, "unit_count", "440103", column="previous") == 0
    assert value(table, "unit_area", group="优先保护") == pytest.approx(0.02)
    assert value(table, "unit_area", group="优先保护", column="previous") == pytest.approx(0.015)
    assert value(table, "unit_area", "440102") == pytest.approx(0.03)


def test_red_line_area_and_share_in_priority_units(table):
    assert value(table, "red_line_area") == pytest.approx(0.006)
    assert value(table, "red_line_in_priority") == pytest.approx(200 / 3)
    assert value(table, "red_line_in_priority", column="previous") == pytest.approx(100.0)
    assert value(table, "red_line_in_priority", "440103") == 0.0


def test_projects_and_verdicts_from_the_log_per_year(table):
    assert value(table, "projects_assessed", year=2025) == 3
    assert value(table, "projects_assessed", year=2026) == 1  # the screening row is not a project
    assert value(table, "projects_assessed", "440103", year=2025) == 1
    assert value(table, "verdict_share", group="符合", year=2025) == pytest.approx(200 / 3)
    assert value(table, "verdict_share", group="有条件符合", year=2026) == 100.0


def test_leads_and_human_activity_per_year(table):
    assert value(table, "leads_found", year=2025) == 3
    assert value(table, "leads_found", year=2026) == 2
    assert value(table, "leads_by_status", group="已整改", year=2025) == 1
    assert value(table, "leads_by_status", group="不属实", year=2026) == 1
    assert value(table, "human_activity_priority", year=2025) == pytest.approx(0.0005)
    assert value(table, "human_activity_priority", "440102", year=2026) == pytest.approx(0.0003)


def test_user_indicator_per_unit_class_and_year(table):
    assert value(table, "user_target_met", group="断面水质·优先保护", year=2025) == 50.0
    assert value(table, "user_target_met", group="断面水质·一般管控", year=2025) == 100.0
    assert value(table, "user_target_met", group="断面水质·优先保护", year=2026) == 100.0


def test_the_registry_is_the_one_place_indicators_live():
    @ind.indicator("test_units_total", "测试", "个")
    def total(inp, years):
        return [ind._row(ind.WHOLE, "", None, len(inp.units))]

    try:
        out = ind.compute(
            ind.TrackingInput(units=current_units()), [2025], keys={"test_units_total"}
        )
        assert out["value"].tolist() == [4.0] and out["name"].tolist() == ["测试"]
    finally:
        del ind.REGISTRY["test_units_total"]


def test_bad_input_is_reported():
    with pytest.raises(ind.TrackingError):
        ind.compute(ind.TrackingInput(units=current_units()), [])
    with pytest.raises(ind.TrackingError):
        ind.compute(
            ind.TrackingInput(units=current_units().drop(columns=schema.UNIT_CLASS)), [2025]
        )


def test_report_has_a_chart_per_indicator_and_the_yearly_table(table):
    from plugin.core.supervision import indicators_report

    page = indicators_report.html(table)
    assert page.count("<svg") == table["indicator"].nunique()
    assert "2025" in page and "2026" in page and "上一版本" in page
    sheets = indicators_report.sheets(table)
    yearly = sheets["全域逐年对比"]
    assert yearly[0] == ["指标", "分组", "2025", "2026"]
    row = next(r for r in yearly if r[0] == "研判建设项目数")
    assert row[2:] == [3.0, 1.0]
    assert len(sheets["跟踪评估指标"]) == len(table) + 1


def test_only_the_units_given_still_gives_the_unit_and_yearly_figures():
    out = ind.compute(ind.TrackingInput(units=current_units()), [2025, 2026])
    assert set(out["indicator"]) == {
        "unit_count",
        "unit_area",
        "projects_assessed",
        "leads_found",
        "human_activity_priority",
    }
    previous = value(out, "unit_count", column="previous")
    assert previous != previous  # no previous version: NaN, not 0
    assert value(out, "projects_assessed", year=2026) == 0
