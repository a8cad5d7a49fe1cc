"""线索筛查 and the assessment log through Processing and the 准入研判 panel."""

from __future__ import annotations

import pytest
from layers import X0, Y0, box, memory_layer
from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY, QgsProject
from test_compliance_algorithm import zoning  # noqa: F401  (the shared fixture)

from eco_zoning.plugin.adapters.excel import read_workbook
from eco_zoning.plugin.adapters.project_db import create_project_database, read_log

CRS = QgsCoordinateReferenceSystem("EPSG:4527")


def _pt(x_km, y_km):
    return f"POINT({X0 + x_km * 1000} {Y0 + y_km * 1000})"


@pytest.fixture
def sources():
    firms = memory_layer(
        "企业",
        [
            (_pt(17, 5), {"TYSHXYDM": "91990100MA0001", "HYDM": "0610", "RQ": "2025-03-01"}),
            (_pt(3, 5), {"TYSHXYDM": "91990100MA0002", "HYDM": "2614", "RQ": "2025-04-01"}),
            (_pt(8, 5), {"TYSHXYDM": "91990100MA0003", "HYDM": "2614", "RQ": "2018-04-01"}),
            (_pt(11, 5), {"TYSHXYDM": "91990100MA0004", "HYDM": "1391", "RQ": "2025-04-01"}),
        ],
        {"TYSHXYDM": "string", "HYDM": "string", "RQ": "string"},
        geometry="Point",
    )
    patches = memory_layer(
        "人类活动图斑",
        [(box(4.5, 1, 5.5, 2), {"RQ": "2025-06-01"}), (box(1, 8, 2, 9), {"RQ": "2019-06-01"})],
        {"RQ": "string"},
    )
    return [firms, patches]


@pytest.fixture
def database(tmp_path):
    return create_project_database(tmp_path / "工程.gpkg", CRS)


def _leads(layer):
    return {(f["source_layer"], f["source_fid"], f["reason_code"]): f for f in layer.getFeatures()}


def test_screening_through_processing(zoning, sources, run_algorithm, tmp_path, database):  # noqa: F811
    params = dict(
        zoning,
        SOURCES=sources,
        SINCE="2024-01-01",
        OUTPUT="memory:",
        OUTPUT_COUNTIES="memory:",
        OUTPUT_UNITS="memory:",
        OUTPUT_HTML=str(tmp_path / "线索.html"),
        OUTPUT_XLSX=str(tmp_path / "线索.xlsx"),
        LOG=str(database),
    )
    results, feedback, _ = run_algorithm("ecozoning:screenleads", params)
    leads = _leads(results["OUTPUT"])
    mine = leads[("企业", 1, "region")]
    assert mine["unit_code"] == "ZH99010130001" and mine["requirement_id"] == "R1"
    assert mine["severity"] == "高" and mine["status"] == "待核实"
    assert mine["source_key"] == "id:91990100MA0001"
    assert leads[("企业", 2, "priority")]["unit_code"] == "ZH99010110001"
    assert leads[("企业", 3, "forbidden")]["requirement_id"] == "U1"
    assert not [k for k in leads if k[:2] == ("企业", 4)]  # allowed industry, general unit
    red = leads[("人类活动图斑", 1, "redline")]
    assert red["area_m2"] == pytest.approx(1_000_000)
    assert leads[("人类活动图斑", 1, "priority")]["area_m2"] == pytest.approx(500_000)
    assert not [k for k in leads if k[:2] == ("人类活动图斑", 2)]  # before SINCE
    assert len(leads) == 5
    counties = {f["county_code"]: f for f in results["OUTPUT_COUNTIES"].getFeatures()}
    assert counties["全域"]["leads"] == 5 and counties["全域"]["待核实"] == 5
    sheets = read_workbook(tmp_path / "线索.xlsx")
    assert set(sheets) == {"线索", "按区县汇总", "按单元汇总", "来源图层"}
    assert len(sheets["线索"]) == 6
    html = (tmp_path / "线索.html").read_text(encoding="utf-8")
    assert "违反区域管控规则" in html and "ZH99010130001" in html
    log = read_log(database)
    assert list(log["origin"]) == ["screening", "screening"]
    assert log.set_index("project").loc["企业", "leads"] == 3

    # re-screening keeps the statuses of leads that still exist
    previous = results["OUTPUT"]
    previous.startEditing()
    status = previous.fields().indexOf("status")
    note = previous.fields().indexOf("note")
    for f in previous.getFeatures():
        if f["reason_code"] == "region":
            previous.changeAttributeValue(f.id(), status, "属实")
            previous.changeAttributeValue(f.id(), note, "现场核查属实")
    assert previous.commitChanges()
    params.update(PREVIOUS_LEADS=previous, OUTPUT_HTML=None, OUTPUT_XLSX=None, LOG=None)
    again, _, _ = run_algorithm("ecozoning:screenleads", params)
    second = _leads(again["OUTPUT"])
    assert second[("企业", 1, "region")]["status"] == "属实"
    assert second[("企业", 1, "region")]["note"] == "现场核查属实"
    assert second[("企业", 3, "forbidden")]["status"] == "待核实"


def test_compliance_algorithm_logs_every_project(zoning, run_algorithm, database):  # noqa: F811
    projects = memory_layer(
        "项目",
        [
            (box(6, 1, 7, 2), {"XMMC": "有机化工项目", "HYDM": "2614"}),
            (box(4.5, 3, 5.5, 4), {"XMMC": "跨红线项目", "HYDM": "1391"}),
        ],
        {"XMMC": "string", "HYDM": "string"},
    )
    run_algorithm(
        "ecozoning:compliance",
        dict(
            zoning,
            PROJECT=projects,
            PROJECT_NAME_FIELD="XMMC",
            INDUSTRY_FIELD="HYDM",
            OUTPUT="memory:",
            LOG=str(database),
        ),
    )
    log = read_log(database).set_index("project")
    assert list(log["origin"]) == ["algorithm", "algorithm"]
    assert log.loc["有机化工项目", "conclusion"] == "不符合"
    assert log.loc["有机化工项目", "unit_codes"] == "ZH99010120001"
    assert log.loc["有机化工项目", "industry"] == "2614"
    assert log.loc["跨红线项目", "constraint_areas"] == "生态保护红线 1000000.0 m²"
    assert log["run_id"].nunique() == 1


def test_the_panel_logs_an_exported_assessment(
    qtbot, qgis_iface, processing_ready, tmp_path, database
):
    from eco_zoning.plugin.adapters.assessment_log import set_log_database
    from eco_zoning.plugin.controllers.quick_check import QuickCheckController
    from eco_zoning.ui.quick_check_dock import QuickCheckDock

    units = memory_layer(
        "环境管控单元",
        [(box(0, 0, 10, 10), {"HJZHGKDYBM": "ZH99010120001", "ZHGKDYFL": 2, "HJZHGKDYMC": "园区"})],
        {"HJZHGKDYBM": "string", "ZHGKDYFL": "integer", "HJZHGKDYMC": "string"},
    )
    project = QgsProject.instance()
    project.addMapLayer(units)
    set_log_database(project, database)
    view = QuickCheckDock()
    qtbot.addWidget(view)
    controller = QuickCheckController(view, qgis_iface)
    try:
        view.panel.unitsCombo.setLayer(units)
        view.panel.industryEdit.setText("2614")
        view.panel.industryEdit.editingFinished.emit()
        point = QgsGeometry.fromPointXY(QgsPointXY(X0 + 8000, Y0 + 5000))
        # the index is built in a background task; the click's result follows it
        with qtbot.waitSignal(controller.checked, timeout=30000):
            controller.check_geometry(point, CRS, "园区新项目")
        assert read_log(database).empty  # a click alone is not logged
        with qtbot.waitSignal(controller.reportDone, timeout=30000) as done:
            controller.export_report(str(tmp_path / "报告"))  # a background task
        assert done.args == [True]
        with qtbot.waitSignal(controller.reportDone, timeout=30000) as done:
            controller.export_report(str(tmp_path / "报告"))  # again: logged again
        with qtbot.waitSignal(controller.reportDone, timeout=30000) as done:
            controller.export_report(str(tmp_path / "报告"))
            controller.cancel_report()  # cancelled: not logged
        assert done.args == [False]
    finally:
        controller.close()
        set_log_database(project, None)
        project.removeAllMapLayers()
    log = read_log(database)
    assert list(log["origin"]) == ["panel", "panel"]
    assert log.iloc[0]["project"] == "园区新项目" and log.iloc[0]["industry"] == "2614"
    assert log.iloc[0]["unit_codes"] == "ZH99010120001"


def test_tracking_indicators_through_processing(zoning, run_algorithm, tmp_path, database):  # noqa: F811
    import pandas as pd

    from eco_zoning.plugin.adapters.project_db import append_log
    from eco_zoning.plugin.core import schema

    log = pd.DataFrame(
        [
            {"log_time": "x", "run_id": "a", "origin": "algorithm", "project": "甲",
             "assessed_on": "2025-04-01", "conclusion": "不符合", "unit_codes": "ZH99010120001"},
            {"log_time": "x", "run_id": "b", "origin": "panel", "project": "乙",
             "assessed_on": "2026-04-01", "conclusion": "符合", "unit_codes": "ZH99010130001"},
            {"log_time": "x", "run_id": "c", "origin": "panel", "project": "丙",
             "assessed_on": "2026-05-01", "conclusion": "不符合", "unit_codes": "ZH99010110001"},
        ]
    )  # fmt: skip
    append_log(database, log)
    previous = memory_layer(
        "上一版单元",
        [(box(0, 0, 10, 10), {schema.UNIT_CODE: "ZH99010110001", schema.UNIT_CLASS: 1}),
         (box(10, 0, 20, 10), {schema.UNIT_CODE: "ZH99010130001", schema.UNIT_CLASS: 3})],
        {schema.UNIT_CODE: "string", schema.UNIT_CLASS: "integer"},
    )  # fmt: skip
    lead_fields = {"county_code": "string", "found_on": "string", "source_date": "string",
                   "status": "string", "reason_code": "string", "area_m2": "double"}  # fmt: skip
    leads = memory_layer(
        "线索",
        [(_pt(1, 1), {"county_code": "990101", "found_on": "2025-07-01", "source_date": "",
                      "status": "已整改", "reason_code": "priority", "area_m2": 2_000_000.0}),
         (_pt(1, 2), {"county_code": "990101", "found_on": "2026-07-01", "source_date": "",
                      "status": "属实", "reason_code": "forbidden", "area_m2": None})],
        lead_fields,
        geometry="Point",
    )  # fmt: skip
    sections = memory_layer(
        "监测断面",
        [(_pt(2, 2), {"SFDB": "是", "RQ": "2025-06-01"}),
         (_pt(3, 3), {"SFDB": "否", "RQ": "2025-06-01"}),
         (_pt(12, 3), {"SFDB": "是", "RQ": "2026-06-01"})],
        {"SFDB": "string", "RQ": "string"},
        geometry="Point",
    )  # fmt: skip
    results, _, _ = run_algorithm(
        "ecozoning:trackingindicators",
        {
            "UNITS": zoning["UNITS"],
            "PREVIOUS_UNITS": previous,
            "RED_LINE": zoning["CONSTRAINTS"][0],
            "LOG": str(database),
            "LEADS": leads,
            "USER_LAYERS": [sections],
            "YEAR_FROM": 2025,
            "YEAR_TO": 2026,
            "OUTPUT": "memory:",
            "OUTPUT_XLSX": str(tmp_path / "跟踪.xlsx"),
            "OUTPUT_HTML": str(tmp_path / "跟踪.html"),
        },
    )
    from eco_zoning.plugin.adapters.layers import to_python

    rows = {
        (f["indicator"], f["county_code"], f["group"], to_python(f["year"])): f
        for f in results["OUTPUT"].getFeatures()
    }
    count = rows[("unit_count", "全域", "", None)]
    assert (count["value"], count["previous"], count["change"]) == (3, 2, 1)
    area = rows[("unit_area", "全域", "优先保护", None)]
    assert area["value"] == pytest.approx(50.0) and area["previous"] == pytest.approx(100.0)
    red = rows[("red_line_in_priority", "全域", "", None)]
    assert red["value"] == pytest.approx(50.0) and red["previous"] == pytest.approx(100.0)
    assert rows[("projects_assessed", "全域", "", 2025)]["value"] == 1
    assert rows[("projects_assessed", "全域", "", 2026)]["value"] == 2
    assert rows[("verdict_share", "全域", "不符合", 2026)]["value"] == pytest.approx(50.0)
    assert rows[("leads_by_status", "全域", "已整改", 2025)]["value"] == 1
    assert rows[("human_activity_priority", "990101", "", 2025)]["value"] == pytest.approx(2.0)
    assert rows[("user_target_met", "全域", "监测断面·优先保护", 2025)]["value"] == 50.0
    assert rows[("user_target_met", "全域", "监测断面·一般管控", 2026)]["value"] == 100.0
    page = (tmp_path / "跟踪.html").read_text(encoding="utf-8")
    assert "<svg" in page and "研判结论占比" in page
    assert set(read_workbook(tmp_path / "跟踪.xlsx")) == {"跟踪评估指标", "全域逐年对比"}
