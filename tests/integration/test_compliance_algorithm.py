"""建设项目符合性分析 through processing.run, against hand-computed areas, lengths and findings."""

import math
import subprocess

import pytest
from layers import X0, Y0, box, memory_layer

from eco_zoning.plugin.core import schema

ALG = "ecozoning:compliance"
UNIT_FIELDS = {
    schema.UNIT_CODE: "string",
    schema.UNIT_NAME: "string",
    schema.UNIT_CLASS: "integer",
    schema.UNIT_COUNTY_CODE: "string",
}
REQ_FIELDS = {
    n: "string"
    for n in (
        schema.REQ_ID,
        schema.REQ_SCOPE_LEVEL,
        schema.REQ_SCOPE_CODE,
        schema.REQ_DIMENSION,
        schema.REQ_TEXT,
        schema.REQ_KIND,
        schema.REQ_INDUSTRIES,
        schema.REQ_STATUS,
    )
}
REQ_FIELDS[schema.REQ_CLASS_FILTER] = "integer"


def _req(rid, level, code, kind, industries, text, dimension="空间布局约束"):
    return (
        None,
        {
            schema.REQ_ID: rid,
            schema.REQ_SCOPE_LEVEL: level,
            schema.REQ_SCOPE_CODE: code,
            schema.REQ_KIND: kind,
            schema.REQ_INDUSTRIES: industries,
            schema.REQ_TEXT: text,
            schema.REQ_DIMENSION: dimension,
            schema.REQ_STATUS: "有效",
            schema.REQ_CLASS_FILTER: 0,
        },
    )


def _pt(x_km, y_km):
    return X0 + x_km * 1000, Y0 + y_km * 1000


@pytest.fixture
def zoning():
    units = memory_layer(
        "环境管控单元",
        [
            (
                box(0, 0, 5, 10),
                {
                    schema.UNIT_CODE: "ZH99010110001",
                    schema.UNIT_NAME: "西部优先保护单元",
                    schema.UNIT_CLASS: 1,
                    schema.UNIT_COUNTY_CODE: "990101",
                },
            ),
            (
                box(5, 0, 10, 10),
                {
                    schema.UNIT_CODE: "ZH99010120001",
                    schema.UNIT_NAME: "化工园区重点管控单元",
                    schema.UNIT_CLASS: 2,
                    schema.UNIT_COUNTY_CODE: "990101",
                },
            ),
            (
                box(10, 0, 20, 10),
                {
                    schema.UNIT_CODE: "ZH99010130001",
                    schema.UNIT_NAME: "东部一般管控单元",
                    schema.UNIT_CLASS: 3,
                    schema.UNIT_COUNTY_CODE: "990101",
                },
            ),
        ],
        UNIT_FIELDS,
    )
    access = memory_layer(
        "准入清单",
        [
            _req(
                "U1", "单元", "ZH99010120001", "禁止", "26", "禁止新建化学原料和化学制品制造项目。"
            ),
            _req("C1", "市级", "990100", "限制", "44", "限制新建燃煤发电项目。", "污染物排放管控"),
            _req(
                "P1", "省级", "990000", "要求", "", "新建项目须符合规划环评要求。", "环境风险防控"
            ),
            _req("R1", "区域", "HH1KM", "禁止", "06", "黄河干流岸线1公里范围内禁止新建煤矿。"),
        ],
        REQ_FIELDS,
        geometry="None",
    )
    regions = memory_layer(
        "区域",
        [(box(15, 0, 20, 10), {"QYBH": "HH1KM", "QYMC": "黄河干流岸线1公里", "CYDM": None})],
        {"QYBH": "string", "QYMC": "string", "CYDM": "string"},
    )
    red_line = memory_layer("生态保护红线", [(box(4, 0, 6, 10), {})], {"n": "string"})
    farmland = memory_layer("永久基本农田", [(box(12, 0, 14, 10), {})], {"n": "string"})
    return {
        "UNITS": units,
        "ACCESS_LIST": access,
        "REGIONS": regions,
        "CONSTRAINTS": [red_line, farmland],
    }


def _by(layer, key="project_fid"):
    rows = {}
    for f in layer.getFeatures():
        rows.setdefault(f[key], []).append(f)
    return rows


def test_polygons_findings_prefix_region_outside_and_unknown(zoning, run_algorithm, tmp_path):
    projects = memory_layer(
        "项目",
        [
            (box(6, 1, 7, 2), {"XMMC": "有机化工项目", "HYDM": "2614"}),
            (box(19, 1, 21, 2), {"XMMC": "岸线煤矿", "HYDM": "0610"}),
            (box(11, 8, 11.5, 8.5), {"XMMC": "未知行业项目", "HYDM": "9999"}),
        ],
        {"XMMC": "string", "HYDM": "string"},
    )
    results, _, _ = run_algorithm(
        ALG,
        dict(
            zoning,
            PROJECT=projects,
            PROJECT_NAME_FIELD="XMMC",
            INDUSTRY_FIELD="HYDM",
            OUTPUT="memory:",
            OUTPUT_CONSTRAINTS="memory:",
            OUTPUT_REQUIREMENTS="memory:",
            OUTPUT_PROJECTS="memory:",
            OUTPUT_REPORT=str(tmp_path / "报告"),
        ),
    )
    conclusions = {f["project_name"]: f for f in results["OUTPUT_PROJECTS"].getFeatures()}
    assert conclusions["有机化工项目"]["conclusion"] == "不符合"
    assert conclusions["岸线煤矿"]["conclusion"] == "不符合"
    assert conclusions["岸线煤矿"]["outside"]
    assert conclusions["未知行业项目"]["conclusion"] == "待补充信息"
    assert "9999" in conclusions["未知行业项目"]["message"]

    units = _by(results["OUTPUT"])
    assert [(f["unit_code"], round(f["overlap_area_m2"])) for f in units[1]] == [
        ("ZH99010120001", 1_000_000)
    ]
    assert units[2][0]["share_pct"] == pytest.approx(50.0)
    findings = {
        (f["project_fid"], f["requirement_id"]): f["finding"]
        for f in results["OUTPUT_REQUIREMENTS"].getFeatures()
    }
    assert findings[(1, "U1")] == "不符合"  # 禁止 "26" matches 2614 by prefix
    assert findings[(1, "P1")] == "人工核对"
    assert findings[(2, "R1")] == "不符合"  # the corridor's rule applies whatever the unit says
    assert (3, "R1") not in findings

    pdf = tmp_path / "报告" / "1_有机化工项目.pdf"
    assert pdf.exists() and (tmp_path / "报告" / "1_有机化工项目.png").exists()
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = "".join(text.split())  # lines wrap anywhere in Chinese text
    assert (
        "ZH99010120001" in text
        and "不符合" in text
        and "审查人员" in text
        and "有机化学原料制造" in text
    )
    # each constraint's role and its consequence are in the report
    assert "禁止→不符合" in text and "限制→有条件符合" in text


def test_line_crossing_three_units_and_the_red_line(zoning, run_algorithm):
    (ax, ay), (bx, by) = _pt(1, 5), _pt(16, 5)
    line = memory_layer(
        "管线",
        [(f"LINESTRING({ax} {ay},{bx} {by})", {"XMMC": "输气管线"})],
        {"XMMC": "string"},
        "LineString",
    )
    results, _, _ = run_algorithm(
        ALG,
        dict(
            zoning,
            PROJECT=line,
            PROJECT_NAME_FIELD="XMMC",
            INDUSTRY="4812",
            OUTPUT="memory:",
            OUTPUT_CONSTRAINTS="memory:",
            OUTPUT_PROJECTS="memory:",
        ),
    )
    lengths = {f["unit_code"]: f["overlap_length_m"] for f in results["OUTPUT"].getFeatures()}
    assert lengths == pytest.approx(
        {"ZH99010110001": 4000.0, "ZH99010120001": 5000.0, "ZH99010130001": 6000.0}
    )
    crossing = {f["constraint"]: f for f in results["OUTPUT_CONSTRAINTS"].getFeatures()}
    assert crossing["生态保护红线"]["overlap_length_m"] == pytest.approx(2000.0)
    assert crossing["永久基本农田"]["overlap_length_m"] == pytest.approx(2000.0)
    assert next(results["OUTPUT_PROJECTS"].getFeatures())["conclusion"] == "不符合"


def test_point_with_buffer_on_farmland(zoning, run_algorithm):
    x, y = _pt(13, 5)
    point = memory_layer(
        "电厂", [(f"POINT({x} {y})", {"XMMC": "燃煤电厂"})], {"XMMC": "string"}, "Point"
    )
    results, _, _ = run_algorithm(
        ALG,
        dict(
            zoning,
            PROJECT=point,
            PROJECT_NAME_FIELD="XMMC",
            INDUSTRY="4411",
            BUFFER=100,
            OUTPUT="memory:",
            OUTPUT_CONSTRAINTS="memory:",
            OUTPUT_PROJECTS="memory:",
            OUTPUT_REQUIREMENTS="memory:",
        ),
    )
    (unit,) = results["OUTPUT"].getFeatures()
    assert unit["overlap_area_m2"] == pytest.approx(math.pi * 100**2, rel=0.005)
    farmland = {f["constraint"]: f for f in results["OUTPUT_CONSTRAINTS"].getFeatures()}[
        "永久基本农田"
    ]
    assert farmland["inside"] and farmland["overlap_area_m2"] == pytest.approx(
        math.pi * 100**2, rel=0.005
    )
    assert {
        f["finding"]
        for f in results["OUTPUT_REQUIREMENTS"].getFeatures()
        if f["requirement_id"] == "C1"
    } == {"需进一步论证"}
    assert next(results["OUTPUT_PROJECTS"].getFeatures())["conclusion"] == "有条件符合"


def _site(name="项目", wkt=None):
    return memory_layer(
        name,
        [(wkt or box(4.5, 1, 5.5, 2), {"XMMC": "仓储项目"})],
        {"XMMC": "string"},
    )


def _conclusion(results):
    return next(results["OUTPUT_PROJECTS"].getFeatures())["conclusion"]


@pytest.mark.parametrize("name", ["STBHHX", "生态红线", "红线"])
def test_red_line_named_otherwise_concludes_not_compliant(zoning, run_algorithm, name):
    red = memory_layer(name, [(box(4, 0, 6, 10), {})], {"n": "string"})
    results, feedback, _ = run_algorithm(
        ALG,
        dict(
            zoning,
            CONSTRAINTS=[red],
            PROJECT=_site(),
            INDUSTRY="5911",
            OUTPUT="memory:",
            OUTPUT_CONSTRAINTS="memory:",
            OUTPUT_PROJECTS="memory:",
        ),
    )
    assert _conclusion(results) == "不符合"
    row = next(results["OUTPUT_CONSTRAINTS"].getFeatures())
    assert row["role"] == "生态保护红线" and row["consequence"] == "禁止 → 不符合"
    log = "\n".join(feedback.messages)
    assert f"Constraint layer {name}: 生态保护红线 (guessed from its name)" in log


def test_role_parameters_unknown_layers_and_saved_roles(zoning, run_algorithm):
    from eco_zoning.plugin.adapters.compliance_data import save_role

    plain = memory_layer("图层1", [(box(4, 0, 6, 10), {})], {"n": "string"})
    other = memory_layer("图层2", [(box(4, 0, 6, 10), {})], {"n": "string"})
    base = dict(
        zoning,
        PROJECT=_site(),
        INDUSTRY="5911",
        OUTPUT="memory:",
        OUTPUT_CONSTRAINTS="memory:",
        OUTPUT_PROJECTS="memory:",
    )
    # given as the red line: the name does not matter
    results, _, _ = run_algorithm(ALG, dict(base, CONSTRAINTS=[], RED_LINE=plain))
    assert _conclusion(results) == "不符合"
    # a layer of unknown role is reported and not left out of the verdict
    results, feedback, _ = run_algorithm(ALG, dict(base, CONSTRAINTS=[other]))
    assert _conclusion(results) == "待补充信息"
    assert any("图层2" in m and "role unknown" in m for m in feedback.messages)
    # the role chosen in the panel is saved with the layer and used by the algorithm
    save_role(other, "farmland")
    results, feedback, _ = run_algorithm(ALG, dict(base, CONSTRAINTS=[other]))
    assert _conclusion(results) == "有条件符合"
    assert any("图层2: 永久基本农田 (chosen)" in m for m in feedback.messages)


def test_repaired_project_outline_is_reported(zoning, run_algorithm):
    a, b = _pt(11, 1)
    c, d = _pt(12, 2)
    bow_tie = f"POLYGON(({a} {b},{c} {d},{c} {b},{a} {d},{a} {b}))"
    results, feedback, _ = run_algorithm(
        ALG,
        dict(
            zoning,
            PROJECT=_site("蝴蝶形项目", bow_tie),
            INDUSTRY="5911",
            OUTPUT="memory:",
            OUTPUT_PROJECTS="memory:",
        ),
    )
    assert any(
        "Layer 蝴蝶形项目, feature 1: invalid geometry repaired (Self-intersection)" in m
        for m in feedback.messages
    )
    (unit,) = results["OUTPUT"].getFeatures()
    assert unit["overlap_area_m2"] == pytest.approx(500_000.0, rel=1e-6)  # two triangles


def test_checks_report_repairs_and_a_layer_given_for_the_wrong_role(zoning, run_algorithm):
    a, b = _pt(4, 1)
    c, d = _pt(5, 2)
    bow_tie = f"POLYGON(({a} {b},{c} {d},{c} {b},{a} {d},{a} {b}))"
    red = memory_layer("生态保护红线", [(bow_tie, {})], {"n": "string"})
    farmland = memory_layer("STBHHX", [(box(12, 0, 14, 10), {})], {"n": "string"})
    _, feedback, _ = run_algorithm(
        "ecozoning:checkunits",
        {
            "UNITS": zoning["UNITS"],
            "RED_LINE": red,
            "FARMLAND": farmland,
            "OUTPUT_ERRORS": "memory:",
        },
    )
    log = "\n".join(feedback.messages)
    assert "Layer 生态保护红线, feature 1: invalid geometry repaired (Self-intersection)" in log
    assert (
        "Layer STBHHX is given as 永久基本农田, but its name or saved role says 生态保护红线" in log
    )
