"""Unit-layer quality checks: a clean county reports nothing, each injected fault is found."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Polygon, box

from plugin.core import checks, schema
from tests.core.checks_data import (
    CELL,
    COUNTY,
    PARK_CELL,
    X0,
    Y0,
    cell_box,
    small_county,
    voronoi_province,
)

CODE = schema.UNIT_CODE


def unit_index(row: int, col: int) -> int:
    return row * 4 + col


def run(units, *, access="auto", report_multipart=True, **layers):
    """Checks on ``units`` with the clean county's other layers unless overridden."""
    _, admin, red, farm, urban, _ = small_county()
    kw = {"admin": admin, "red_line": red, "farmland": farm, "urban_boundary": urban}
    kw.update(layers)
    if access == "auto":
        access = {c for c in units[CODE] if isinstance(c, str)}
    return checks.check_units(
        checks.CheckInput(units=units, access_codes=access, report_multipart=report_multipart, **kw)
    )


def fired(result) -> dict[str, int]:
    s = result.summary
    return dict(zip(s.loc[s["count"] > 0, "check_code"], s.loc[s["count"] > 0, "count"]))


def errors_of(result, code) -> pd.DataFrame:
    return result.errors[result.errors[schema.CHK_CODE] == code].reset_index(drop=True)


def set_geometry(units, i, geom):
    units = units.copy()
    units.at[i, "geometry"] = geom
    units.at[i, schema.UNIT_AREA] = geom.area / 1e6 if geom is not None else None
    return units


def code_of(units, row, col):
    return units.at[unit_index(row, col), CODE]


@pytest.fixture
def county():
    return small_county()


# --- clean data -------------------------------------------------------------------


def test_clean_county_reports_nothing(county):
    units, admin, red, farm, urban, access = county
    res = checks.check_units(
        checks.CheckInput(
            units=units,
            admin=admin,
            red_line=red,
            farmland=farm,
            urban_boundary=urban,
            access_codes=access,
        )
    )
    assert len(res.errors) == 0
    assert list(res.summary["check_code"]) == list(checks.CHECKS)
    assert (res.summary["count"] == 0).all()
    assert (res.summary["area_m2"] == 0).all()
    assert list(res.errors.columns) == checks.ERROR_COLUMNS
    assert set(res.skipped) == {"G03"}  # multipart hints are off by default


def test_summary_columns_and_registry():
    assert set(checks.CHECKS) >= {
        "G01", "G02", "G03", "T01", "T02", "T03", "T04", "A01", "A02", "A03", "A04",
        "A05", "A06", "R01", "R02", "S01", "S02", "C01", "L01",
    }  # fmt: skip
    for spec in checks.CHECKS.values():
        assert spec.severity in schema.SEVERITIES_ZH
        assert spec.title_zh and spec.title_en
    res = checks.check_units(checks.CheckInput(units=small_county()[0]))
    assert list(res.summary.columns) == checks.SUMMARY_COLUMNS
    assert "T03" in res.skipped and "R01" in res.skipped


# --- topology ---------------------------------------------------------------------


def test_overlap_of_known_area(county):
    units = county[0]
    i = unit_index(0, 1)  # general unit, grown 10 m into its right neighbour
    units = set_geometry(units, i, box(X0 + 250, Y0, X0 + 510, Y0 + 250))
    res = run(units)
    assert fired(res) == {"T01": 1, "C01": 1}
    e = errors_of(res, "T01").iloc[0]
    assert e[schema.CHK_AREA] == pytest.approx(2500, rel=0.01)
    assert e["geometry"].area == pytest.approx(2500, rel=0.01)
    assert e[schema.CHK_UNITS] == ",".join(sorted([code_of(units, 0, 1), code_of(units, 0, 2)]))
    assert e[schema.CHK_SEVERITY] == "错误"
    assert e[schema.CHK_STATUS] == "待处理" and e[schema.CHK_NOTE] == ""
    assert e[schema.CHK_COUNTY] == COUNTY
    assert "重叠 2500.00 平方米" in e[schema.CHK_MESSAGE]
    c01 = errors_of(res, "C01").iloc[0]
    assert c01[schema.CHK_AREA] == pytest.approx(2500, rel=0.01)


def test_gap_of_known_area(county):
    units = county[0]
    i = unit_index(2, 1)  # general unit shrunk 10 m from its right edge
    units = set_geometry(units, i, box(X0 + 250, Y0 + 500, X0 + 490, Y0 + 750))
    res = run(units)
    assert fired(res) == {"T02": 1, "C01": 1}
    e = errors_of(res, "T02").iloc[0]
    assert e[schema.CHK_AREA] == pytest.approx(2500, rel=0.01)
    assert e["geometry"].area == pytest.approx(2500, rel=0.01)
    assert e["geometry"].geom_type == "Polygon"
    adjacent = e[schema.CHK_UNITS].split(",")
    assert code_of(units, 2, 1) in adjacent and code_of(units, 2, 2) in adjacent
    assert e[schema.CHK_COUNTY] == COUNTY


def test_gap_without_admin_is_a_hole(county):
    units = county[0]
    units = units.drop(index=unit_index(2, 2)).reset_index(drop=True)  # an inner unit removed
    res = checks.check_units(checks.CheckInput(units=units))
    assert fired(res) == {"T02": 1}
    e = errors_of(res, "T02").iloc[0]
    assert e[schema.CHK_AREA] == pytest.approx(CELL * CELL, rel=0.01)
    assert len(e[schema.CHK_UNITS].split(",")) == 8  # the ring of neighbours


def test_part_outside_admin_boundary(county):
    units = county[0]
    i = unit_index(1, 3)  # east edge unit sticking out 20 m
    units = set_geometry(units, i, box(X0 + 750, Y0 + 250, X0 + 1020, Y0 + 500))
    res = run(units)
    assert fired(res) == {"T03": 1, "C01": 1}
    e = errors_of(res, "T03").iloc[0]
    assert e[schema.CHK_AREA] == pytest.approx(20 * 250, rel=0.01)
    assert e[schema.CHK_UNITS] == code_of(units, 1, 3)
    assert shapely.within(
        e["geometry"].representative_point(), box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000)
    )


def test_sliver_thin_and_small(county):
    units = county[0]
    i = unit_index(2, 1)
    units = set_geometry(units, i, box(X0 + 250, Y0 + 500, X0 + 499.5, Y0 + 750))
    strip = box(X0 + 499.5, Y0 + 500, X0 + 500, Y0 + 750)  # 0.5 m × 250 m = 125 m²
    tiny_hole_fill = box(X0 + 600, Y0 + 600, X0 + 605, Y0 + 605)  # 25 m²
    j = unit_index(2, 2)
    units = set_geometry(units, j, cell_box(2, 2).difference(tiny_hole_fill))
    extra = pd.DataFrame(
        [
            {**units.iloc[i].to_dict(), "fid": 101, CODE: "ZH44060630101", "geometry": strip},
            {
                **units.iloc[i].to_dict(),
                "fid": 102,
                CODE: "ZH44060630102",
                "geometry": tiny_hole_fill,
            },
        ]
    )
    extra[schema.UNIT_AREA] = [strip.area / 1e6, tiny_hole_fill.area / 1e6]
    units = pd.concat([units, extra], ignore_index=True)
    res = run(units)
    assert fired(res) == {"T04": 2}
    e = errors_of(res, "T04").set_index(schema.CHK_UNITS)
    assert e.loc["ZH44060630101", schema.CHK_AREA] == pytest.approx(125, rel=0.01)
    assert e.loc["ZH44060630102", schema.CHK_AREA] == pytest.approx(25, rel=0.01)


def test_long_corridor_is_not_a_sliver():
    # a 2 km × 20 m river unit: thin by shape, but far wider than sliver_width
    river = box(0, 0, 2000, 20)
    units = pd.DataFrame(
        {"fid": [1], "geometry": [river], CODE: ["ZH44060610001"], schema.UNIT_CLASS: [1]}
    )
    assert "T04" not in fired(checks.check_units(checks.CheckInput(units=units)))


# --- geometry ---------------------------------------------------------------------


def test_invalid_bow_tie(county):
    units = county[0]
    i = unit_index(2, 2)
    x0, y0, x1, y1 = cell_box(2, 2).bounds
    bow = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])
    assert not bow.is_valid
    units = units.copy()
    units.at[i, "geometry"] = bow
    res = run(units)
    e = errors_of(res, "G01")
    assert len(e) == 1
    assert e.at[0, schema.CHK_UNITS] == code_of(units, 2, 2)
    assert "Self-intersection" in e.at[0, schema.CHK_MESSAGE]
    assert e.at[0, "geometry"].is_valid
    assert e.at[0, schema.CHK_AREA] == pytest.approx(CELL * CELL / 2, rel=0.01)
    # the repaired bow-tie (two triangles) leaves two triangular gaps
    assert errors_of(res, "T02")[schema.CHK_AREA].sum() == pytest.approx(CELL * CELL / 2, rel=0.01)
    assert fired(res)["G03"] == 1


def test_multipart_hint_is_off_by_default_and_a_point_per_part_when_on(county):
    units = county[0].copy()
    i = unit_index(2, 2)
    x0, y0, x1, y1 = cell_box(2, 2).bounds
    units.at[i, "geometry"] = MultiPolygon(
        [box(x0, y0, x0 + 10, y0 + 10), box(x0 + 20, y0, x1, y1), box(x0, y0 + 20, x0 + 10, y1)]
    )
    assert "G03" not in fired(run(units, report_multipart=False))
    assert "G03" in checks.check_units(checks.CheckInput(units=units)).skipped
    e = errors_of(run(units), "G03")
    assert len(e) == 1
    assert "由 3 个不相连的部分组成" in e.at[0, schema.CHK_MESSAGE]
    assert e.at[0, schema.CHK_AREA] == 0  # not the unit's area
    marker = e.at[0, "geometry"]
    assert marker.geom_type == "MultiPoint" and len(marker.geoms) == 3 and marker.area == 0


def test_empty_geometry(county):
    units = county[0].copy()
    i = unit_index(2, 2)
    units.at[i, "geometry"] = None
    res = run(units)
    e = errors_of(res, "G02")
    assert len(e) == 1 and e.at[0, "geometry"] is None
    assert e.at[0, schema.CHK_UNITS] == code_of(units, 2, 2)
    assert errors_of(res, "T02")[schema.CHK_AREA].sum() == pytest.approx(CELL * CELL, rel=0.01)


def test_degenerate_geometry_gets_a_point(county):
    units = county[0].copy()
    units = pd.concat(
        [units, units.iloc[[0]].assign(fid=99, **{CODE: "ZH44060610099"})], ignore_index=True
    )
    units.at[len(units) - 1, "geometry"] = Polygon([(X0, Y0), (X0 + 10, Y0), (X0 + 20, Y0)])
    res = run(units)
    e = errors_of(res, "G02")
    assert len(e) == 1 and e.at[0, "geometry"].geom_type == "Point"


# --- attributes -------------------------------------------------------------------


def test_broken_code(county):
    units = county[0].copy()
    units.at[3, CODE] = "ZH4406061A001"
    res = run(units)
    assert fired(res) == {"A01": 1}
    e = errors_of(res, "A01").iloc[0]
    assert e[schema.CHK_UNITS] == "ZH4406061A001"
    assert "编码规则" in e[schema.CHK_MESSAGE]
    assert e["geometry"].equals(units.at[3, "geometry"])
    assert e[schema.CHK_AREA] == pytest.approx(CELL * CELL)


def test_a01_names_every_code_the_rule_explains_and_no_other(county):
    """A01 skips the codes prepare_units parsed (no second parse): it still says exactly
    what ``code_problem_zh`` says for each code, a code parsed with a trailing newline
    included (the regex's ``$`` lets it through; the rule calls it spaces)."""
    from plugin.core.checks.cells import code_problem_zh

    units = county[0].copy()
    code = units.at[1, CODE]
    edited = {1: code + "\n", 2: " " + units.at[2, CODE], 3: units.at[3, CODE][:-1] + "Ａ"}
    for row, value in edited.items():
        units.at[row, CODE] = value
    res = run(units)
    rule = schema.DEFAULT_CODE_RULE
    want = sorted(
        f"单元编码 {c} 不符合编码规则：{code_problem_zh(rule, c)}"
        for c in units[CODE]
        if code_problem_zh(rule, c)
    )
    assert rule.parse(code + "\n") is not None and len(want) == 3
    assert sorted(errors_of(res, "A01")[schema.CHK_MESSAGE]) == want


def test_full_width_code_is_an_a01_error_naming_the_characters(county):
    units = county[0].copy()
    code = units.at[3, CODE]
    wide = code[:-2] + chr(ord(code[-2]) + 0xFEE0) + code[-1]  # one digit typed full-width
    units.at[3, CODE] = wide
    res = run(units)
    assert fired(res) == {"A01": 1}
    e = errors_of(res, "A01").iloc[0]
    assert "全角字符" in e[schema.CHK_MESSAGE]
    assert chr(ord(code[-2]) + 0xFEE0) in e[schema.CHK_MESSAGE]


def test_duplicate_code(county):
    units = county[0].copy()
    a, b = unit_index(0, 1), unit_index(0, 2)  # two general units
    units.at[b, CODE] = units.at[a, CODE]
    res = run(units)
    assert fired(res) == {"A02": 1}
    e = errors_of(res, "A02").iloc[0]
    assert e[schema.CHK_UNITS] == f"{units.at[a, CODE]},{units.at[a, CODE]}"
    assert e[schema.CHK_AREA] == pytest.approx(2 * CELL * CELL, rel=0.01)


def test_wrong_class_digit(county):
    units = county[0].copy()
    i = unit_index(0, 1)
    units.at[i, schema.UNIT_CLASS] = 2
    res = run(units)
    assert fired(res) == {"A03": 1}
    assert errors_of(res, "A03").at[0, schema.CHK_UNITS] == units.at[i, CODE]


def test_class_labels_are_understood(county):
    units = county[0].copy()
    units[schema.UNIT_CLASS] = units[schema.UNIT_CLASS].map(schema.CLASS_LABELS_ZH)
    assert fired(run(units)) == {}
    units.at[1, schema.UNIT_CLASS] = "保护"
    assert fired(run(units)) == {"A03": 1}


def test_wrong_county_digits(county):
    units = county[0].copy()
    i = unit_index(0, 1)
    units.at[i, CODE] = "ZH44060730001"  # 440607 but the unit lies in 440606
    res = run(units)
    assert fired(res) == {"A04": 1}
    e = errors_of(res, "A04").iloc[0]
    assert "440607" in e[schema.CHK_MESSAGE] and e[schema.CHK_COUNTY] == COUNTY


def test_county_field_differs_from_code_without_admin(county):
    units = county[0].copy()
    units.at[0, schema.UNIT_COUNTY_CODE] = "440607"
    res = checks.check_units(checks.CheckInput(units=units))
    assert fired(res) == {"A04": 1}


def test_required_field_empty(county):
    units = county[0].copy()
    units.at[5, schema.UNIT_NAME] = "  "
    units.at[6, schema.UNIT_COUNTY_CODE] = None
    res = run(units)
    assert fired(res) == {"A05": 2}
    msgs = " ".join(errors_of(res, "A05")[schema.CHK_MESSAGE])
    assert schema.UNIT_NAME in msgs and schema.UNIT_COUNTY_CODE in msgs


def test_mj_wrong(county):
    units = county[0].copy()
    units.at[4, schema.UNIT_AREA] = 0.07  # true 0.0625 km²
    res = run(units)
    assert fired(res) == {"A06": 1}
    assert errors_of(res, "A06").at[0, schema.CHK_UNITS] == units.at[4, CODE]
    # within the tolerance (rounded to 4 decimals): no error
    units.at[4, schema.UNIT_AREA] = 0.06255
    assert fired(run(units)) == {}


def test_missing_access_list_entry(county):
    units = county[0]
    access = set(units[CODE]) - {units.at[7, CODE]}
    res = run(units, access=access)
    assert fired(res) == {"L01": 1}
    assert errors_of(res, "L01").at[0, schema.CHK_UNITS] == units.at[7, CODE]


# --- red line and other layers -----------------------------------------------------


def test_repaired_features_of_the_other_layers_are_reported(county):
    units, _, red, farm, *_ = county
    bow_tie = Polygon(
        [(X0 + 10, Y0 + 10), (X0 + 40, Y0 + 40), (X0 + 40, Y0 + 10), (X0 + 10, Y0 + 40)]
    )
    red = pd.concat([red, pd.DataFrame({"fid": [7], "geometry": [bow_tie]})], ignore_index=True)
    res = checks.check_units(
        checks.CheckInput(
            units=units,
            red_line=red,
            farmland=farm,
            layer_names={"red_line": "STBHHX"},
        )
    )
    assert res.repairs[["layer", "fid", "action"]].values.tolist() == [["STBHHX", 7, "repaired"]]
    assert res.repairs["detail"].iat[0] == "Self-intersection"
    assert run(units).repairs.empty  # clean layers: nothing to report


def test_red_line_in_general_unit(county):
    units, _, red, *_ = county
    extra = box(X0 + 200, Y0 + 10, X0 + 300, Y0 + 100)  # 50 × 90 m into unit (0, 1)
    red = pd.concat([red, pd.DataFrame({"fid": [3], "geometry": [extra]})], ignore_index=True)
    res = run(units, red_line=red)
    assert fired(res) == {"R01": 1}
    e = errors_of(res, "R01").iloc[0]
    assert e[schema.CHK_UNITS] == code_of(units, 0, 1)
    assert e[schema.CHK_AREA] == pytest.approx(50 * 90, rel=0.01)
    assert "一般管控" in e[schema.CHK_MESSAGE]


def test_red_line_in_no_unit(county):
    units = county[0]
    i = unit_index(1, 0)  # priority unit pulled 20 m back from the county's west edge
    units = set_geometry(units, i, box(X0 + 20, Y0 + 250, X0 + 250, Y0 + 500))
    res = run(units)
    assert fired(res) == {"R01": 1, "T02": 1, "C01": 1}
    e = errors_of(res, "R01").iloc[0]
    assert e[schema.CHK_UNITS] == ""
    assert e[schema.CHK_AREA] == pytest.approx(10 * 250, rel=0.01)  # red starts at x0 + 10
    assert errors_of(res, "T02").at[0, schema.CHK_AREA] == pytest.approx(20 * 250, rel=0.01)


def test_red_line_outside_the_checked_counties_is_ignored(county):
    units, _, red, *_ = county
    far = box(X0 + 5000, Y0, X0 + 6000, Y0 + 1000)
    red = pd.concat([red, pd.DataFrame({"fid": [9], "geometry": [far]})], ignore_index=True)
    assert fired(run(units, red_line=red)) == {}


def test_park_on_red_line(county):
    units, _, red, *_ = county
    extra = box(X0 + 600, Y0 + 300, X0 + 650, Y0 + 350)  # 2,500 m² inside the park
    red = pd.concat([red, pd.DataFrame({"fid": [3], "geometry": [extra]})], ignore_index=True)
    res = run(units, red_line=red)
    assert fired(res) == {"R01": 1, "R02": 1}
    park = code_of(units, *PARK_CELL)
    for code in ("R01", "R02"):
        e = errors_of(res, code).iloc[0]
        assert e[schema.CHK_UNITS] == park
        assert e[schema.CHK_AREA] == pytest.approx(2500, rel=0.01)


def test_farmland_in_park_dissolves_overlaps(county):
    units, _, _, farm, *_ = county
    f1 = box(X0 + 510, Y0 + 260, X0 + 560, Y0 + 310)
    f2 = box(X0 + 530, Y0 + 260, X0 + 580, Y0 + 310)  # overlaps f1: union 70 × 50 m
    farm = pd.concat([farm, pd.DataFrame({"fid": [3, 4], "geometry": [f1, f2]})])
    res = run(units, farmland=farm)
    assert fired(res) == {"S02": 1}
    e = errors_of(res, "S02").iloc[0]
    assert e[schema.CHK_UNITS] == code_of(units, *PARK_CELL)
    assert e[schema.CHK_AREA] == pytest.approx(70 * 50, rel=0.01)
    assert e["geometry"].area == pytest.approx(70 * 50, rel=0.01)


def test_park_layer_marks_key_units(county):
    units, _, _, farm, *_ = county
    f = box(X0 + 300, Y0 + 800, X0 + 400, Y0 + 900)  # farmland in key unit (3, 1)
    farm = pd.concat([farm, pd.DataFrame({"fid": [3], "geometry": [f]})])
    assert fired(run(units, farmland=farm)) == {}  # an urban key unit: fine
    parks = pd.DataFrame({"fid": [1], "geometry": [cell_box(3, 1)], "name": ["某园区"]})
    res = run(units, farmland=farm, parks=parks)
    assert fired(res) == {"S02": 1}
    assert errors_of(res, "S02").at[0, schema.CHK_AREA] == pytest.approx(10_000, rel=0.01)


def test_urban_boundary_in_priority_unit(county):
    units, *_, urban, _ = county
    extra = box(X0 + 100, Y0 + 100, X0 + 140, Y0 + 150)  # 2,000 m² in unit (0, 0)
    urban = pd.concat([urban, pd.DataFrame({"fid": [2], "geometry": [extra]})])
    res = run(units, urban_boundary=urban)
    assert fired(res) == {"S01": 1}
    e = errors_of(res, "S01").iloc[0]
    assert e[schema.CHK_UNITS] == code_of(units, 0, 0)
    assert e[schema.CHK_SEVERITY] == "警告"
    assert e[schema.CHK_AREA] == pytest.approx(2000, rel=0.01)


def test_two_counties_and_misassigned_unit():
    u1, a1, *_ = small_county("440606", X0, Y0)
    u2, a2, *_ = small_county("440607", X0 + 1000, Y0)
    u2["fid"] += 100
    units = pd.concat([u1, u2], ignore_index=True)
    admin = pd.concat([a1, a2.assign(fid=2)], ignore_index=True)
    res = checks.check_units(checks.CheckInput(units=units, admin=admin))
    assert fired(res) == {}
    # a unit of 440607 labelled as 440606 in both code and XZQDM
    i = 16 + 5
    units.at[i, CODE] = "ZH44060630099"
    units.at[i, schema.UNIT_COUNTY_CODE] = "440606"
    res = checks.check_units(checks.CheckInput(units=units, admin=admin))
    got = fired(res)
    assert got["A04"] == 1 and got["T03"] == 1
    assert errors_of(res, "T03").at[0, schema.CHK_AREA] == pytest.approx(CELL * CELL, rel=0.01)
    assert "T02" not in got  # the unit still covers 440607


# --- grid noise, area conservation ----------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(
    shift=st.floats(min_value=0.05, max_value=120.0),
    dy=st.floats(min_value=-0.3, max_value=0.3),
)
def test_overlap_area_conserved(shift, dy):
    units = small_county()[0]
    i = unit_index(1, 1)
    x0, y0, x1, y1 = cell_box(1, 1).bounds
    units = set_geometry(units, i, box(x0, y0 + dy, x1 + shift, y1 + dy))
    res = run(units)
    got = errors_of(res, "T01")
    right = got[got[schema.CHK_UNITS].str.contains(code_of(units, 1, 2))]
    assert right[schema.CHK_AREA].sum() == pytest.approx(shift * (CELL - abs(dy)), rel=0.01)


def test_near_coincident_edges_are_not_errors(county):
    units = county[0].copy()
    # neighbour edges 0.1 mm apart: below the 1 mm grid, not an overlap or gap
    i = unit_index(1, 1)
    x0, y0, x1, y1 = cell_box(1, 1).bounds
    units.at[i, "geometry"] = box(x0, y0, x1 + 1e-4, y1)
    assert fired(run(units)) == {}


# --- errors, cancel, progress --------------------------------------------------------


def test_check_error_messages(county):
    with pytest.raises(checks.CheckError, match="单元图层为空.*empty"):
        checks.check_units(checks.CheckInput(units=county[0].iloc[:0]))
    with pytest.raises(checks.CheckError, match=f"缺少字段 {CODE}.*no field {CODE}"):
        checks.check_units(checks.CheckInput(units=county[0].drop(columns=[CODE])))
    with pytest.raises(checks.CheckError, match="行政区图层缺少字段 code.*admin layer"):
        checks.check_units(
            checks.CheckInput(units=county[0], admin=county[1].drop(columns=["code"]))
        )
    assert issubclass(checks.CheckError, ValueError)


def test_cancel_and_progress(county):
    seen = []
    checks.check_units(checks.CheckInput(units=county[0]), progress=seen.append)
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)
    calls = iter(range(100))
    with pytest.raises(checks.Cancelled):
        checks.check_units(
            checks.CheckInput(units=county[0]), is_cancelled=lambda: next(calls) >= 3
        )


def test_optional_columns_may_be_missing(county):
    units = county[0][["fid", "geometry", CODE, schema.UNIT_CLASS]]
    res = checks.check_units(checks.CheckInput(units=units))
    assert fired(res) == {}
    assert "A06" in res.skipped


# --- review carry-over ------------------------------------------------------------


def _overlap_units():
    units = small_county()[0]
    return set_geometry(units, unit_index(0, 1), box(X0 + 250, Y0, X0 + 510, Y0 + 250))


def test_carry_over_keeps_status_and_note():
    units = _overlap_units()
    first = run(units).errors
    t01 = first.index[first[schema.CHK_CODE] == "T01"][0]
    first.at[t01, schema.CHK_STATUS] = "例外"
    first.at[t01, schema.CHK_NOTE] = "跨界河道，经核实保留"
    second = checks.carry_over_review(run(units).errors, first)
    row = second[second[schema.CHK_CODE] == "T01"].iloc[0]
    assert row[schema.CHK_STATUS] == "例外" and row[schema.CHK_NOTE] == "跨界河道，经核实保留"
    others = second[second[schema.CHK_CODE] != "T01"]
    assert (others[schema.CHK_STATUS] == "待处理").all()
    # fixed: the error is gone, nothing carries over
    fixed = checks.carry_over_review(run(small_county()[0]).errors, first)
    assert len(fixed) == 0


def test_carry_over_geometry_tolerance():
    units = _overlap_units()
    old = run(units).errors
    old[schema.CHK_STATUS] = "已修改"
    old[schema.CHK_NOTE] = "n"
    new = old.copy()
    new[schema.CHK_STATUS] = "待处理"
    new[schema.CHK_NOTE] = ""
    moved = new.copy()
    moved["geometry"] = shapely.transform(moved["geometry"].to_numpy(), lambda c: c + 0.5)
    assert (checks.carry_over_review(moved, old)[schema.CHK_STATUS] == "已修改").all()
    moved["geometry"] = shapely.transform(new["geometry"].to_numpy(), lambda c: c + 5.0)
    assert (checks.carry_over_review(moved, old)[schema.CHK_STATUS] == "待处理").all()
    # no geometry: the message decides
    a = new.assign(geometry=None)
    b = old.assign(geometry=None)
    assert (checks.carry_over_review(a, b)[schema.CHK_STATUS] == "已修改").all()
    b[schema.CHK_MESSAGE] = "other"
    assert (checks.carry_over_review(a, b)[schema.CHK_STATUS] == "待处理").all()


def test_carry_over_one_to_one():
    g = box(0, 0, 10, 10)
    row = {
        schema.CHK_CODE: "A02",
        schema.CHK_UNITS: "X,X",
        schema.CHK_MESSAGE: "m",
        "geometry": g,
    }
    new = pd.DataFrame([row, row]).assign(**{schema.CHK_STATUS: "待处理", schema.CHK_NOTE: ""})
    old = pd.DataFrame([row]).assign(**{schema.CHK_STATUS: "例外", schema.CHK_NOTE: "ok"})
    out = checks.carry_over_review(new, old)
    assert sorted(out[schema.CHK_STATUS]) == ["例外", "待处理"]
    assert np.array_equal(out.index, new.index)


# --- layers that are not topologically clean ---------------------------------------


def _mismatched(units):
    """Each unit densified with its own spacing: shared edges get different vertices."""
    units = units.copy()
    spacing = 7.0 + (np.arange(len(units)) % 5) * 2.3
    units["geometry"] = shapely.segmentize(units["geometry"].to_numpy(), spacing)
    return units


def test_mismatched_vertices_are_not_errors(county):
    units = _mismatched(county[0])
    assert fired(run(units)) == {}


def test_overlap_found_in_mismatched_layer(county):
    units = county[0]
    units = set_geometry(units, unit_index(0, 1), box(X0 + 250, Y0, X0 + 510, Y0 + 250))
    res = run(_mismatched(units))
    assert fired(res) == {"T01": 1, "C01": 1}
    assert errors_of(res, "T01").at[0, schema.CHK_AREA] == pytest.approx(2500, rel=0.01)


@settings(max_examples=15, deadline=None)
@given(
    side=st.sampled_from(["left", "right", "bottom", "top"]),
    cut=st.floats(min_value=0.05, max_value=200.0),
)
def test_gap_area_conserved(side, cut):
    units = small_county()[0]
    i = unit_index(1, 1)
    x0, y0, x1, y1 = cell_box(1, 1).bounds
    shrunk = {
        "left": (x0 + cut, y0, x1, y1),
        "right": (x0, y0, x1 - cut, y1),
        "bottom": (x0, y0 + cut, x1, y1),
        "top": (x0, y0, x1, y1 - cut),
    }[side]
    res = run(set_geometry(units, i, box(*shrunk)))
    assert set(fired(res)) == {"T02", "C01"}
    assert errors_of(res, "T02")[schema.CHK_AREA].sum() == pytest.approx(cut * CELL, rel=0.01)
    assert errors_of(res, "C01").at[0, schema.CHK_AREA] == pytest.approx(cut * CELL, rel=0.01)


def test_significant_drops_noise_parts():
    real = box(0, 0, 10, 10)
    other = box(20, 0, 30, 10)
    noise = Polygon([(50, 0), (100, 0), (75, 0.0004)])  # 0.01 m², far thinner than 1 mm
    geoms = np.array([shapely.union_all([real, other, noise]), noise, None], dtype=object)
    out, area = checks.significant(geoms, 0.005, 0.001)
    assert out[0].geom_type == "MultiPolygon" and area[0] == pytest.approx(200)
    assert out[1] is None and out[2] is None
    assert list(area[1:]) == [0, 0]


def test_park_subtype_words_only_for_key_units(county):
    units, _, _, farm, *_ = county
    i = unit_index(3, 1)  # key unit
    f = box(X0 + 300, Y0 + 800, X0 + 400, Y0 + 900)
    farm = pd.concat([farm, pd.DataFrame({"fid": [3], "geometry": [f]})])
    units = units.copy()
    units.at[i, schema.UNIT_SUBTYPE] = "工业园区"
    assert fired(run(units, farmland=farm)) == {"S02": 1}
    j = unit_index(0, 1)  # a general unit with an industrial-sounding subtype is not a park
    g = box(X0 + 300, Y0 + 100, X0 + 320, Y0 + 120)
    farm = pd.concat([farm, pd.DataFrame({"fid": [4], "geometry": [g]})])
    units.at[j, schema.UNIT_SUBTYPE] = "工业"
    assert fired(run(units, farmland=farm)) == {"S02": 1}


@pytest.mark.parametrize("mismatched", [False, True])
def test_voronoi_layer_is_clean(mismatched):
    units, admin = voronoi_province(
        n_units=400, n_counties=6, width=20_000, height=15_000, segment=40, mismatched=mismatched
    )
    res = checks.check_units(checks.CheckInput(units=units, admin=admin))
    got = fired(res)
    assert not set(got) & {"T01", "T02", "T03", "C01", "A01", "A02", "A03", "A04", "A06"}
    # then one unit is removed: exactly its area is a gap
    i = int(np.argmax(units[schema.UNIT_AREA]))
    gone = units.drop(index=i).reset_index(drop=True)
    res = checks.check_units(checks.CheckInput(units=gone, admin=admin))
    gap = errors_of(res, "T02")[schema.CHK_AREA].sum()
    assert gap == pytest.approx(units.at[i, schema.UNIT_AREA] * 1e6, rel=1e-4)


def test_admin_codes_must_be_county_codes(county):
    units, admin = county[0], county[1].copy()
    admin["code"] = ["佛山市顺德区"]
    with pytest.raises(checks.CheckError, match="6 位行政区划代码.*佛山市顺德区"):
        checks.check_units(checks.CheckInput(units=units, admin=admin))
    admin["code"] = [440606.0]  # a number read from a shapefile is fine
    assert fired(checks.check_units(checks.CheckInput(units=units, admin=admin))) == {}
    with pytest.raises(checks.CheckError, match="no usable polygon"):
        checks.check_units(checks.CheckInput(units=units, admin=admin.assign(geometry=None)))


def test_nested_and_duplicate_units(county):
    units = county[0]
    inner = box(X0 + 300, Y0 + 50, X0 + 340, Y0 + 100)  # 2,000 m² drawn on top of unit (0, 1)
    extra = units.iloc[[unit_index(0, 1)]].assign(fid=201, **{CODE: "ZH44060630201"})
    extra["geometry"] = [inner]
    extra[schema.UNIT_AREA] = [inner.area / 1e6]
    dup = units.iloc[[unit_index(2, 2)]].assign(fid=202, **{CODE: "ZH44060630202"})
    res = run(pd.concat([units, extra, dup], ignore_index=True))
    assert fired(res) == {"T01": 2, "C01": 1}
    e = errors_of(res, "T01").set_index(schema.CHK_UNITS)[schema.CHK_AREA]
    assert e[f"{code_of(units, 0, 1)},ZH44060630201"] == pytest.approx(2000, rel=0.01)
    assert e[f"{code_of(units, 2, 2)},ZH44060630202"] == pytest.approx(CELL * CELL, rel=0.01)


@pytest.mark.parametrize("shift, dy", [(10.0, 0.0), (3.0, 40.0)])
def test_overlaps_found_without_coverage_validation(monkeypatch, shift, dy):
    """The pairwise path (where coverage validation is switched off) reports the same."""
    from plugin.core import geometry

    units = small_county()[0]
    x0, y0, x1, y1 = cell_box(1, 1).bounds
    units = set_geometry(units, unit_index(1, 1), box(x0, y0 + dy, x1 + shift, y1 + dy))
    fast = errors_of(run(units), "T01")
    monkeypatch.setattr(geometry, "COVERAGE_VALIDATION", False)
    slow = errors_of(run(units), "T01")
    assert len(slow) == len(fast) > 0
    assert slow[schema.CHK_AREA].sum() == pytest.approx(fast[schema.CHK_AREA].sum(), rel=1e-9)
    assert sorted(slow[schema.CHK_UNITS]) == sorted(fast[schema.CHK_UNITS])


def test_overlaps_found_only_in_the_layers_own_crs_are_t01_too(county):
    """The algorithm measures overlaps in the layer's own CRS as well (GEOS there, as
    QGIS's Topology Checker): a pair found only there is reported once, said so."""
    units, admin, red, farm, urban, access = county
    sliver = shapely.box(
        *shapely.bounds(units["geometry"].iat[0])[:2],
        shapely.bounds(units["geometry"].iat[0])[0] + 1.0,
        shapely.bounds(units["geometry"].iat[0])[1] + 0.5,
    )
    native = (np.array([0]), np.array([1]), np.array([sliver], dtype=object), np.array([0.5]))
    kw = {"admin": admin, "red_line": red, "farmland": farm, "urban_boundary": urban}
    res = checks.check_units(
        checks.CheckInput(units=units, access_codes=access, native_overlaps=native, **kw)
    )
    t01 = res.errors[res.errors[schema.CHK_CODE] == "T01"]
    assert len(t01) == 1
    assert "图层自身坐标系" in t01[schema.CHK_MESSAGE].iat[0]
    assert t01[schema.CHK_AREA].iat[0] == pytest.approx(0.5)
    # a pair below the tolerance (0.01 m²) adds nothing
    tiny = (native[0], native[1], native[2], np.array([0.001]))
    res = checks.check_units(
        checks.CheckInput(units=units, access_codes=access, native_overlaps=tiny, **kw)
    )
    assert len(res.errors) == 0
