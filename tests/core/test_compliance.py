"""符合性分析 against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPoint, Point, Polygon, box

from plugin.core import access as access_list
from plugin.core import compliance, roles, schema
from plugin.core.compliance import (
    ComplianceError,
    ComplianceIndex,
    ComplianceInput,
    UnitIndex,
    assess,
    quick_check,
)
from plugin.core.overlap import Constraint

X, Y = 39_500_000.0, 2_500_000.0  # Gauss-Krüger coordinates: large numbers on purpose
COUNTY = "440102"
U1, U2, U3 = "ZH44010210001", "ZH44010220001", "ZH44010230001"


def sq(x0, y0, x1, y1):
    return box(X + x0, Y + y0, X + x1, Y + y1)


def line(*xy):
    return LineString([(X + x, Y + y) for x, y in xy])


def pt(x, y):
    return Point(X + x, Y + y)


def units_frame():
    """Three 100 m × 100 m units side by side: x 0–100 (优先), 100–200 (重点), 200–300 (一般)."""
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


def requirement(rid, level, scope, kind, codes, text, **extra):
    row = {
        schema.REQ_ID: rid,
        schema.REQ_SCOPE_LEVEL: level,
        schema.REQ_SCOPE_CODE: scope,
        schema.REQ_DIMENSION: "空间布局约束",
        schema.REQ_KIND: kind,
        schema.REQ_INDUSTRIES: codes,
        schema.REQ_TEXT: text,
    }
    row.update(extra)
    return row


def requirements_frame(*rows):
    return pd.DataFrame(list(rows))


def projects_frame(*rows):
    """rows: (geometry, industry) or (geometry, industry, name)."""
    return pd.DataFrame(
        {
            "fid": list(range(1, len(rows) + 1)),
            "name": [r[2] if len(r) > 2 else f"项目{n + 1}" for n, r in enumerate(rows)],
            "industry": [r[1] for r in rows],
            "geometry": [r[0] for r in rows],
        }
    )


def constraint(name, *geoms, buffer=0.0):
    return Constraint(
        name, pd.DataFrame({"fid": range(1, len(geoms) + 1), "geometry": list(geoms)}), buffer
    )


def run(projects, requirements=None, regions=None, constraints=(), **kw):
    inp = ComplianceInput(
        projects=projects,
        units=units_frame(),
        requirements=requirements,
        regions=regions,
        constraints=list(constraints),
        **kw,
    )
    return assess(inp)


def project_row(result, fid):
    rows = result.projects[result.projects["project_fid"] == fid]
    assert len(rows) == 1
    return rows.iloc[0]


# --- geometry ----------------------------------------------------------------


def test_buffered_point_is_a_circle_in_its_unit():
    result = run(projects_frame((pt(150, 50), "6513")), buffer=10.0)
    assert len(result.units) == 1
    row = result.units.iloc[0]
    assert row["unit_code"] == U2 and row["unit_class"] == 2 and row["unit_name"] == "乙单元"
    assert row["overlap_area_m2"] == pytest.approx(math.pi * 100, rel=0.005)
    assert row["share_pct"] == pytest.approx(100.0)
    assert math.isnan(row["overlap_length_m"])
    assert row["geometry"].geom_type == "Polygon"
    proj = project_row(result, 1)
    assert proj["conclusion"] == "符合"
    assert not proj["outside"]
    assert proj["outside_coverage_area_m2"] == pytest.approx(0.0)


def test_point_without_buffer_takes_the_containing_unit():
    result = run(projects_frame((pt(250, 50), "6513")))
    assert list(result.units["unit_code"]) == [U3]
    row = result.units.iloc[0]
    assert row["share_pct"] == 100.0
    assert math.isnan(row["overlap_area_m2"]) and math.isnan(row["overlap_length_m"])


def test_multipoint_share_and_point_outside():
    mp = MultiPoint([(X + 10, Y + 10), (X + 20, Y + 20), (X + 150, Y + 50), (X + 500, Y + 50)])
    result = run(projects_frame((mp, "6513")))
    shares = dict(zip(result.units["unit_code"], result.units["share_pct"]))
    assert shares == {U1: pytest.approx(50.0), U2: pytest.approx(25.0)}
    proj = project_row(result, 1)
    assert proj["outside"]  # one of the four points lies in no unit
    assert "部分位于管控单元覆盖范围之外" in proj["message"]


def test_line_crossing_three_units_and_the_red_line():
    red = constraint("生态保护红线", sq(140, -10, 160, 110))
    result = run(projects_frame((line((50, 50), (250, 50)), "4812")), constraints=[red])
    lengths = dict(zip(result.units["unit_code"], result.units["overlap_length_m"]))
    assert lengths == {
        U1: pytest.approx(50.0),
        U2: pytest.approx(100.0),
        U3: pytest.approx(50.0),
    }
    shares = dict(zip(result.units["unit_code"], result.units["share_pct"]))
    assert shares[U2] == pytest.approx(50.0) and shares[U1] == pytest.approx(25.0)
    assert result.units["unit_code"].iloc[0] == U2  # largest share first
    assert result.units["overlap_area_m2"].isna().all()
    c = result.constraints.iloc[0]
    assert c["constraint"] == "生态保护红线" and bool(c["inside"])
    assert c["overlap_length_m"] == pytest.approx(20.0)
    assert math.isnan(c["overlap_area_m2"])
    proj = project_row(result, 1)
    assert proj["conclusion"] == "不符合"
    assert "生态保护红线" in proj["reasons"] and "20.0 m" in proj["reasons"]
    assert not proj["outside"]
    assert proj["unit_codes"] == f"{U2},{U1},{U3}"


def test_buffered_line_is_measured_as_an_area():
    result = run(projects_frame((line((50, 50), (150, 50)), "4812")), buffer=5.0)
    areas = dict(zip(result.units["unit_code"], result.units["overlap_area_m2"]))
    # a 100 m line buffered by 5 m: 10 m × 100 m plus two half discs split at x = 100
    total = 1000 + math.pi * 25
    assert sum(areas.values()) == pytest.approx(total, rel=0.005)
    assert areas[U1] == pytest.approx(total / 2, rel=0.005)


def test_polygon_partly_on_farmland_is_conditional():
    farmland = constraint("永久基本农田", sq(50, 0, 150, 100))
    result = run(projects_frame((sq(0, 0, 100, 100), "0111")), constraints=[farmland])
    assert result.units.iloc[0]["overlap_area_m2"] == pytest.approx(10_000.0)
    c = result.constraints.iloc[0]
    assert c["overlap_area_m2"] == pytest.approx(5_000.0)
    assert bool(c["inside"]) and math.isnan(c["overlap_length_m"])
    proj = project_row(result, 1)
    assert proj["conclusion"] == "有条件符合"
    assert "永久基本农田" in proj["reasons"] and "5,000.0 m²" in proj["reasons"]


def test_constraint_rows_for_every_project_and_layer():
    red = constraint("生态保护红线（2023版）", sq(0, 0, 10, 10))
    farm = constraint("永久基本农田", sq(280, 0, 300, 100))
    result = run(
        projects_frame((sq(120, 10, 130, 20), "0111"), (sq(0, 0, 20, 20), "0111")),
        constraints=[red, farm],
    )
    assert len(result.constraints) == 4
    inside = {
        (r.project_fid, r.constraint): bool(r.inside) for r in result.constraints.itertuples()
    }
    assert inside == {
        (1, "生态保护红线（2023版）"): False,
        (1, "永久基本农田"): False,
        (2, "生态保护红线（2023版）"): True,
        (2, "永久基本农田"): False,
    }
    # a layer named like 生态保护红线 counts as the red line
    assert project_row(result, 2)["conclusion"] == "不符合"
    assert project_row(result, 1)["conclusion"] == "符合"


@pytest.mark.parametrize("name", ["STBHHX", "生态红线", "红线", "gd_STBHHX_2023", "生态保护红线"])
def test_red_line_layer_under_another_name_concludes_not_compliant(name):
    red = constraint(name, sq(0, 0, 50, 100))
    result = run(projects_frame((sq(10, 10, 20, 20), "0111")), constraints=[red])
    proj = project_row(result, 1)
    assert proj["conclusion"] == "不符合"
    assert "生态保护红线" in proj["reasons"] and "禁止 → 不符合" in proj["reasons"]
    layer = result.layers.iloc[0]
    assert layer["role"] == roles.RED_LINE and bool(layer["guessed"])
    assert layer["consequence"] == "禁止 → 不符合"
    assert result.constraints["role"].iat[0] == "生态保护红线"
    assert result.warnings == []


@pytest.mark.parametrize(
    "role, conclusion",
    [
        (roles.RED_LINE, "不符合"),
        (roles.OTHER_FORBID, "不符合"),
        (roles.FARMLAND, "有条件符合"),
        (roles.WATER_SOURCE, "有条件符合"),
        (roles.PROTECTED_AREA, "有条件符合"),
        (roles.URBAN_BOUNDARY, "符合"),
        (roles.OTHER_INFO, "符合"),
    ],
)
def test_explicit_role_decides_whatever_the_name(role, conclusion):
    layer = Constraint(
        "图层1", pd.DataFrame({"fid": [1], "geometry": [sq(0, 0, 50, 100)]}), role=role
    )
    result = run(projects_frame((sq(10, 10, 20, 20), "0111")), constraints=[layer])
    proj = project_row(result, 1)
    assert proj["conclusion"] == conclusion
    assert roles.ROLES[role].label_zh in proj["reasons"]
    assert not bool(result.layers["guessed"].iat[0])


def test_explicit_role_overrides_the_name():
    # a layer called 红线 that the user says is the urban development boundary
    layer = Constraint(
        "红线",
        pd.DataFrame({"fid": [1], "geometry": [sq(0, 0, 50, 100)]}),
        role=roles.URBAN_BOUNDARY,
    )
    result = run(projects_frame((sq(10, 10, 20, 20), "0111")), constraints=[layer])
    assert project_row(result, 1)["conclusion"] == "符合"
    assert "城镇开发边界" in project_row(result, 1)["reasons"]


def test_constraint_of_unknown_role_is_reported_and_counts_in_the_verdict():
    other = constraint("图层A", sq(0, 0, 50, 100))
    projects = projects_frame((sq(10, 10, 20, 20), "0111"), (sq(120, 10, 130, 20), "0111"))
    result = run(projects, constraints=[other])
    assert len(result.warnings) == 1 and "图层A" in result.warnings[0]
    assert "角色未指定" in result.warnings[0]
    assert result.layers["role"].iat[0] == roles.UNKNOWN
    on_it = project_row(result, 1)
    assert on_it["conclusion"] == "待补充信息"  # not 符合: the layer is not left out
    assert "图层A" in on_it["reasons"] and "角色未指定" in on_it["reasons"]
    assert project_row(result, 2)["conclusion"] == "符合"  # elsewhere: no effect


@pytest.mark.parametrize("angle", [0.125, 0.5, 3.0, 4.75])
def test_pipeline_through_nearly_parallel_red_line_corridors_is_counted_once(angle):
    from tests.core.test_overlap import corridors_and_pipeline

    (a, b), pipeline, expected = corridors_and_pipeline(angle, origin=(X - 40_000, Y))
    units = pd.DataFrame(
        {
            "fid": [1],
            "geometry": [pipeline.buffer(5_000)],
            schema.UNIT_CODE: [U1],
            schema.UNIT_CLASS: [1],
            schema.UNIT_COUNTY_CODE: [COUNTY],
        }
    )
    inp = ComplianceInput(
        projects=projects_frame((pipeline, "4812")),
        units=units,
        constraints=[constraint("STBHHX", a, b)],
    )
    result = assess(inp)
    assert result.constraints["overlap_length_m"].iat[0] == pytest.approx(expected, abs=0.5)
    assert project_row(result, 1)["conclusion"] == "不符合"


def test_every_repair_is_reported():
    bow_tie = Polygon([(X + 10, Y + 10), (X + 40, Y + 40), (X + 40, Y + 10), (X + 10, Y + 40)])
    projects = projects_frame((bow_tie, "0111"), (sq(120, 10, 130, 20), "0111"))
    broken_red = Polygon([(X + 200, Y), (X + 300, Y + 100), (X + 300, Y), (X + 200, Y + 100)])
    regions = pd.DataFrame(
        {
            "fid": [4],
            access_list.REGION_ID: ["R"],
            "geometry": [
                Polygon(
                    [(X + 200, Y + 200), (X + 210, Y + 210), (X + 210, Y + 200), (X + 200, Y + 210)]
                )
            ],
        }
    )
    inp = ComplianceInput(
        projects=projects,
        units=units_frame(),
        regions=regions,
        constraints=[constraint("生态保护红线", broken_red, sq(0, 0, 5, 5))],
        project_layer="项目",
        unit_layer="单元",
        region_layer="区域",
    )
    result = assess(inp)
    repairs = result.repairs
    assert list(repairs.columns) == ["layer", "fid", "action", "detail"]
    assert set(zip(repairs["layer"], repairs["fid"], repairs["action"])) == {
        ("项目", 1, "repaired"),
        ("区域", 4, "repaired"),
        ("生态保护红线", 1, "repaired"),
    }
    assert (repairs["detail"] == "Self-intersection").all()
    # the repaired bow tie is still assessed (its two triangles: 2 × 225 m²)
    assert result.units["overlap_area_m2"].iat[0] == pytest.approx(450.0)


def test_project_partly_outside_the_coverage():
    result = run(
        projects_frame(
            (sq(250, 0, 350, 100), "6513"),  # half outside: 5,000 m²
            (line((250, 50), (400, 50)), "6513"),  # 100 m of 150 m outside
            (sq(500, 0, 600, 100), "6513"),  # wholly outside
        )
    )
    first = project_row(result, 1)
    assert first["outside"]
    assert first["outside_coverage_area_m2"] == pytest.approx(5_000.0)
    assert first["conclusion"] == "符合"
    assert "覆盖范围之外" in first["reasons"] and "5,000.0 m²" in first["reasons"]
    assert result.units.loc[result.units["project_fid"] == 1, "share_pct"].iloc[0] == pytest.approx(
        50.0
    )
    second = project_row(result, 2)
    assert second["outside"] and second["outside_coverage_length_m"] == pytest.approx(100.0)
    assert math.isnan(second["outside_coverage_area_m2"])
    third = project_row(result, 3)
    assert third["outside"] and third["conclusion"] == "待补充信息"
    assert "不在任何环境管控单元内" in third["message"] and "no environmental" in third["message"]
    assert third["outside_coverage_area_m2"] == pytest.approx(10_000.0)


def test_touching_is_not_an_overlap():
    # a polygon sharing only an edge with unit 2 lies in unit 1 alone
    result = run(projects_frame((sq(50, 0, 100, 100), "6513")))
    assert list(result.units["unit_code"]) == [U1]
    assert not project_row(result, 1)["outside"]


# --- requirements and findings ---------------------------------------------


ACCESS = requirements_frame(
    requirement("r1", "单元", U2, "禁止", "26", "禁止新建化工项目"),
    requirement("r2", "单元", U2, "限制", "C3011", "限制新建水泥熟料产能"),
    requirement("r3", "县级", COUNTY, "要求", "", "加强扬尘管控"),
    requirement("r4", "单元", U2, "鼓励", "65", "鼓励发展软件业"),
    requirement("r5", "单元", U1, "禁止", "C", "禁止工业项目"),
)


def test_forbidden_industry_by_prefix():
    result = run(projects_frame((sq(110, 10, 190, 90), "2614")), ACCESS)
    req = result.requirements
    r1 = req[req["requirement_id"] == "r1"].iloc[0]
    assert r1["finding"] == "不符合" and r1["matched_codes"] == "26"
    assert r1["unit_code"] == U2 and r1["level"] == "单元" and r1["scope_code"] == U2
    assert r1["kind"] == "禁止" and r1["industry_codes"] == "26"
    assert r1["dimension"] == "空间布局约束" and r1["text"] == "禁止新建化工项目"
    findings = dict(zip(req["requirement_id"], req["finding"]))
    assert findings == {"r3": "人工核对", "r1": "不符合", "r2": "不涉及", "r4": "不涉及"}
    assert list(req["requirement_id"]) == ["r3", "r1", "r2", "r4"]  # 县级 before 单元
    proj = project_row(result, 1)
    assert proj["conclusion"] == "不符合"
    assert proj["industry"] == "2614" and proj["industry_name"] == "有机化学原料制造"
    assert "禁止新建化工项目" in proj["reasons"] and "26" in proj["reasons"]


def test_limited_industry_is_conditional():
    result = run(projects_frame((sq(110, 10, 190, 90), "3011")), ACCESS)
    req = result.requirements
    r2 = req[req["requirement_id"] == "r2"].iloc[0]
    assert r2["finding"] == "需进一步论证" and r2["matched_codes"] == "3011"
    assert req.loc[req["requirement_id"] == "r1", "finding"].iloc[0] == "不涉及"
    proj = project_row(result, 1)
    assert proj["conclusion"] == "有条件符合"
    assert "需进一步论证" in proj["reasons"]


def test_encouraged_industry_complies():
    result = run(projects_frame((sq(110, 10, 190, 90), "I6513"), (pt(150, 50), "C6513")), ACCESS)
    req = result.requirements
    first = req[req["project_fid"] == 1]
    r4 = first[first["requirement_id"] == "r4"].iloc[0]
    assert r4["finding"] == "符合" and r4["matched_codes"] == "65"
    assert project_row(result, 1)["conclusion"] == "符合"
    assert project_row(result, 1)["industry"] == "6513"
    # C6513 is no code (6513 lies in section I): that project needs data
    assert project_row(result, 2)["conclusion"] == "待补充信息"


def test_section_rule_and_manual_rows():
    result = run(
        projects_frame((sq(10, 10, 20, 20), "2614"), (sq(110, 10, 120, 20), "I6513")), ACCESS
    )
    req = result.requirements
    first = req[req["project_fid"] == 1]
    assert dict(zip(first["requirement_id"], first["finding"])) == {
        "r3": "人工核对",
        "r5": "不符合",
    }
    assert first.loc[first["requirement_id"] == "r5", "matched_codes"].iloc[0] == "C"
    second = project_row(result, 2)
    assert second["conclusion"] == "符合"
    assert "1 条要求需人工核对" in second["reasons"]
    assert "鼓励发展软件业" in second["reasons"]


def test_line_collects_the_lists_of_every_unit():
    result = run(projects_frame((line((50, 50), (250, 50)), "2614")), ACCESS)
    req = result.requirements
    assert sorted(set(req["unit_code"])) == [U1, U2, U3]
    # the county rule applies in each unit the line crosses
    assert (req["requirement_id"] == "r3").sum() == 3
    assert project_row(result, 1)["conclusion"] == "不符合"


def test_kind_is_inferred_when_missing():
    access = requirements_frame(requirement("k1", "单元", U2, "", "26", "严禁新建化工项目"))
    result = run(projects_frame((pt(150, 50), "2614")), access)
    row = result.requirements.iloc[0]
    assert row["kind"] == "禁止" and row["finding"] == "不符合"


def test_repealed_and_class_filtered_rows_are_left_out():
    access = requirements_frame(
        requirement("a", "县级", COUNTY, "禁止", "26", "旧规定", **{schema.REQ_STATUS: "废止"}),
        requirement(
            "b", "县级", COUNTY, "禁止", "26", "重点管控单元禁止", **{schema.REQ_CLASS_FILTER: 2}
        ),
        requirement(
            "c", "分类", COUNTY, "限制", "26", "一般管控单元限制", **{schema.REQ_CLASS_FILTER: 3}
        ),
    )
    result = run(projects_frame((pt(250, 50), "2614"), (pt(150, 50), "2614")), access)
    req = result.requirements
    assert list(req.loc[req["project_fid"] == 1, "requirement_id"]) == ["c"]
    assert list(req.loc[req["project_fid"] == 2, "requirement_id"]) == ["b"]
    assert project_row(result, 1)["conclusion"] == "有条件符合"
    assert project_row(result, 2)["conclusion"] == "不符合"


def river_regions():
    river = LineString([(X - 1000, Y + 50), (X + 5000, Y + 50)])
    return pd.DataFrame(
        {
            access_list.REGION_ID: ["HD01"],
            access_list.REGION_NAME: ["某河干流两侧1公里"],
            access_list.REGION_MEMBERS: [""],
            "geometry": [river.buffer(1000)],
        }
    )


def test_region_geometry_rule_catches_a_coal_mine_in_the_corridor():
    access = requirements_frame(
        requirement("q1", "区域", "HD01", "禁止", "06", "干流岸线一公里范围内禁止新建煤矿"),
        requirement("u1", "单元", U3, "要求", "", "落实扬尘管控"),
    )
    mine_in = sq(220, 20, 280, 80)
    mine_out = box(X + 220, Y + 5000, X + 280, Y + 5060)  # far from the river, outside units
    units = units_frame()
    units.loc[len(units)] = [4, sq(200, 4900, 300, 5100), "ZH44010230002", "丁单元", 3, COUNTY]
    inp = ComplianceInput(
        projects=projects_frame((mine_in, "0610", "甲煤矿"), (mine_out, "0610", "乙煤矿")),
        units=units,
        requirements=access,
        regions=river_regions(),
    )
    result = assess(inp)
    req = result.requirements
    q1 = req[(req["project_fid"] == 1) & (req["requirement_id"] == "q1")].iloc[0]
    assert q1["unit_code"] == "" and q1["level"] == "区域" and q1["scope_code"] == "HD01"
    assert q1["finding"] == "不符合" and q1["matched_codes"] == "06"
    assert project_row(result, 1)["conclusion"] == "不符合"
    assert "HD01" in project_row(result, 1)["reasons"]
    assert not (req["project_fid"] == 2).any()
    assert project_row(result, 2)["conclusion"] == "符合"


def test_region_by_membership_is_listed_with_the_unit_once():
    regions = river_regions()
    regions[access_list.REGION_MEMBERS] = [U3]
    access = requirements_frame(
        requirement("q1", "区域", "HD01", "禁止", "06", "干流岸线一公里范围内禁止新建煤矿")
    )
    result = run(projects_frame((sq(220, 20, 280, 80), "0610")), access, regions)
    req = result.requirements
    assert len(req) == 1 and req.iloc[0]["unit_code"] == U3


def test_unknown_and_missing_industry_and_empty_geometry_need_data():
    access = requirements_frame(requirement("r1", "单元", U2, "禁止", "26", "禁止新建化工项目"))
    result = run(
        projects_frame(
            (sq(110, 10, 120, 20), "9999"),
            (sq(110, 10, 120, 20), None),
            (None, "2614"),
            (sq(110, 10, 120, 20), "2614"),
            (Point(), "2614"),
        ),
        access,
    )
    unknown = project_row(result, 1)
    assert unknown["conclusion"] == "待补充信息"
    assert "9999" in unknown["message"] and "GB/T 4754" in unknown["message"]
    assert " / " in unknown["message"] and "not in GB/T 4754-2017" in unknown["message"]
    assert unknown["industry"] == "9999" and unknown["industry_name"] == ""
    req = result.requirements
    assert req.loc[req["project_fid"] == 1, "finding"].tolist() == ["人工核对"]
    missing = project_row(result, 2)
    assert missing["conclusion"] == "待补充信息" and "industry code missing" in missing["message"]
    for fid in (3, 5):
        empty = project_row(result, fid)
        assert empty["conclusion"] == "待补充信息"
        assert "项目几何为空" in empty["message"] and "empty geometry" in empty["message"]
        assert not empty["outside"]
    assert not (result.units["project_fid"].isin([3, 5])).any()
    assert project_row(result, 4)["conclusion"] == "不符合"  # the others are still assessed


def test_default_industry_fills_missing_codes():
    access = requirements_frame(requirement("r1", "单元", U2, "禁止", "26", "禁止新建化工项目"))
    result = run(
        projects_frame((pt(150, 50), None), (pt(150, 50), "6513")), access, default_industry="2614"
    )
    assert project_row(result, 1)["conclusion"] == "不符合"
    assert project_row(result, 2)["conclusion"] == "符合"


def test_red_line_beats_missing_data():
    red = constraint("生态保护红线", sq(0, 0, 100, 100))
    result = run(projects_frame((pt(50, 50), None)), constraints=[red])
    proj = project_row(result, 1)
    assert proj["conclusion"] == "不符合"
    assert "位于生态保护红线内" in proj["reasons"]
    assert "industry code missing" in proj["message"]


# --- effective lists ---------------------------------------------------------


def test_unit_rows_match_the_access_list_module():
    regions = pd.DataFrame(
        {
            access_list.REGION_ID: ["QY1", "QY2"],
            access_list.REGION_NAME: ["流域", "园区"],
            access_list.REGION_MEMBERS: [COUNTY, U2],
        }
    )
    rows = [
        requirement("p1", "省级", "440000", "要求", "", "省1", **{schema.REQ_ORDER: 2}),
        requirement("p0", "省级", "44", "要求", "", "省0", **{schema.REQ_ORDER: 1}),
        requirement("q1", "区域", "QY1", "要求", "", "区1"),
        requirement("q2", "区域", "QY2", "要求", "", "区2"),
        requirement("m1", "市级", "440100", "要求", "", "市1"),
        requirement("k1", "县级", COUNTY, "要求", "", "县1"),
        requirement("k2", "县级", COUNTY, "要求", "", "县2", **{schema.REQ_STATUS: "废止"}),
        requirement("f2", "分类", "440100", "要求", "", "类2", **{schema.REQ_CLASS_FILTER: 2}),
        requirement("u2b", "单元", U2, "要求", "", "单元b", **{schema.REQ_ORDER: 2}),
        requirement("u2a", "单元", U2, "要求", "", "单元a", **{schema.REQ_ORDER: 1}),
        requirement("u2c", "单元", U2, "要求", "", "单元c"),
        requirement("u2x", "单元", U2, "要求", "", "单元x", **{schema.REQ_CLASS_FILTER: 3}),
        requirement("u1", "单元", U1, "要求", "", "单元1"),
    ]
    access = requirements_frame(*rows)
    index = compliance.AccessIndex(access, regions)
    for code, cls in ((U1, 1), (U2, 2), (U3, 3)):
        got = index.ids[index.unit_rows(code, cls, COUNTY)].tolist()
        scope = access_list.UnitScope(
            code, cls, COUNTY, frozenset(access_list.regions_by_membership(regions, code, COUNTY))
        )
        want = access_list.effective_requirements(access, scope)[schema.REQ_ID].tolist()
        assert got == want, code
    assert index.ids[index.unit_rows(U2, 2, COUNTY)].tolist()[-3:] == ["u2a", "u2b", "u2c"]


# --- index, quick check, API -------------------------------------------------


def test_unit_index_and_quick_check_agree_with_assess():
    access = requirements_frame(requirement("r1", "单元", U2, "禁止", "26", "禁止新建化工项目"))
    red = constraint("生态保护红线", sq(0, 0, 50, 100))
    index = ComplianceIndex(units_frame(), access, river_regions(), [red])
    assert len(index.units) == 3
    assert index.units.at(pt(150, 50)) == [U2]
    assert index.units.at(pt(100, 50)) == [U1, U2]  # on the shared edge
    assert index.units.at(pt(900, 50)) == []
    quick = quick_check(index, pt(150, 50), "2614")
    assert quick.projects.iloc[0]["conclusion"] == "不符合"
    assert list(quick.units["unit_code"]) == [U2]
    assert quick_check(index, pt(150, 50), "6513").projects.iloc[0]["conclusion"] == "符合"
    assert quick_check(index, pt(20, 50), "6513").projects.iloc[0]["conclusion"] == "不符合"
    area = quick_check(index, pt(150, 50), "6513", buffer=10.0).units.iloc[0]["overlap_area_m2"]
    assert area == pytest.approx(math.pi * 100, rel=0.005)
    # the same through assess with a bare UnitIndex
    inp = ComplianceInput(
        projects=projects_frame((pt(150, 50), "2614")),
        units=None,
        requirements=access,
        constraints=[red],
    )
    via_assess = assess(inp, index=UnitIndex(units_frame()))
    assert via_assess.projects.iloc[0]["conclusion"] == "不符合"
    with_data = quick_check(UnitIndex(units_frame()), pt(150, 50), "2614", requirements=access)
    assert with_data.projects.iloc[0]["conclusion"] == "不符合"


def test_index_repeated_queries_are_stable():
    access = requirements_frame(requirement("r1", "单元", U2, "限制", "26", "限制化工"))
    index = ComplianceIndex(units_frame(), access)
    first = quick_check(index, pt(150, 50), "2614").requirements
    second = quick_check(index, pt(150, 50), "2614").requirements
    pd.testing.assert_frame_equal(first, second)


def test_output_columns_and_empty_inputs():
    result = run(projects_frame((sq(10, 10, 20, 20), "6513")))
    assert list(result.units.columns) == compliance.UNIT_COLUMNS
    assert list(result.constraints.columns) == compliance.CONSTRAINT_COLUMNS
    assert list(result.requirements.columns) == compliance.REQUIREMENT_COLUMNS
    assert list(result.projects.columns) == compliance.PROJECT_COLUMNS
    assert result.requirements.empty and result.constraints.empty
    empty = run(projects_frame())
    assert empty.projects.empty and empty.units.empty
    assert set(compliance.FINDINGS) == {"不符合", "需进一步论证", "人工核对", "符合", "不涉及"}
    assert set(compliance.CONCLUSIONS) == {"符合", "有条件符合", "不符合", "待补充信息"}


def test_user_errors():
    with pytest.raises(ComplianceError, match="geometry"):
        run(pd.DataFrame({"fid": [1]}))
    with pytest.raises(ComplianceError):
        assess(ComplianceInput(projects=projects_frame(), units=pd.DataFrame({"fid": [1]})))
    dup = [constraint("红线", sq(0, 0, 1, 1)), constraint("红线", sq(0, 0, 1, 1))]
    with pytest.raises(ComplianceError, match="unique"):
        run(projects_frame(), constraints=dup)
    with pytest.raises(ComplianceError):
        run(projects_frame(), buffer=-1.0)
    with pytest.raises(ComplianceError, match="YQNR|FWDM|FWJB"):
        run(projects_frame(), pd.DataFrame({"x": [1]}))
    assert issubclass(ComplianceError, ValueError)


def test_progress_and_cancel():
    seen = []
    run_inp = ComplianceInput(projects=projects_frame((pt(150, 50), "6513")), units=units_frame())
    assess(run_inp, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 100.0 and seen == sorted(seen)
    with pytest.raises(compliance.Cancelled):
        assess(run_inp, is_cancelled=lambda: True)


def test_project_records():
    records = compliance.project_rows(projects_frame((pt(1, 1), "2614", "甲")))
    assert records[0].name == "甲" and records[0].industry == "2614" and records[0].fid == 1
    assert isinstance(records[0], compliance.Project)


def test_near_coincident_unit_edges_do_not_lose_area():
    # units whose shared edge differs by 0.1 mm; the project covers both
    units = units_frame()
    units.loc[0, "geometry"] = box(X, Y, X + 100.0001, Y + 100)
    inp = ComplianceInput(projects=projects_frame((sq(50, 10, 150, 90), "6513")), units=units)
    result = assess(inp)
    assert result.units["overlap_area_m2"].sum() == pytest.approx(8_000.0, abs=0.5)
    assert not project_row(result, 1)["outside"]
    assert np.isfinite(result.units["share_pct"]).all()


def test_report_shows_each_role_and_its_consequence():
    from plugin.core.compliance_report import project_report_html

    red = constraint("STBHHX", sq(0, 0, 50, 100))
    city = constraint("CZKFBJ", sq(0, 0, 100, 100))
    unknown = constraint("图层A", sq(200, 0, 300, 100))
    result = run(projects_frame((sq(10, 10, 20, 20), "0111")), constraints=[red, city, unknown])
    page = project_report_html(
        result.projects.iloc[0], result.units, result.constraints, result.requirements
    )
    for text in (
        "生态保护红线",
        "禁止 → 不符合",
        "城镇开发边界",
        "提示（不影响结论）",
        "未指定 → 待补充信息",
    ):
        assert text in page
    assert "角色" in page and "后果" in page
