"""Under a Chinese QGIS every message the user reads is in Chinese: the bad-input corpus of
test_robustness through every algorithm, and panel actions that report something."""

from __future__ import annotations

import re

import pytest
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback
from test_robustness import CASES, SQUARE, _poly, _write_gpkg

from eco_zoning.plugin.core import schema

CJK = re.compile(r"[\u4e00-\u9fff]")


class Collecting(QgsProcessingFeedback):
    """Every message an algorithm shows: info, warnings, errors."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def pushInfo(self, info):  # noqa: N802
        self.messages.append(info)

    def pushWarning(self, warning):  # noqa: N802
        self.messages.append(warning)

    def reportError(self, error, fatalError=False):  # noqa: N802
        self.messages.append(error)


@pytest.fixture
def chinese(qgis_app):
    from eco_zoning.plugin import i18n

    translator = i18n.install_translator("zh_CN")
    assert translator is not None, "i18n/eco_zoning_zh_CN.qm missing: run make setup"
    yield
    i18n.remove_translator(translator)


@pytest.fixture
def run_zh(processing_ready, chinese):
    """processing.run in zh_CN; returns the messages shown, the error message last."""
    import processing
    from qgis.core import QgsProject

    def run(algorithm, parameters):
        feedback = Collecting()
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        try:
            processing.run(algorithm, parameters, context=context, feedback=feedback)
        except QgsProcessingException as error:
            feedback.messages.append(str(error))
        # Processing's own echo of the parameters and results is QGIS's, not ours
        return [m for m in feedback.messages if not m.startswith(("Results:", "结果"))]

    return run


def _english_only(messages):
    return [m for m in messages if m.strip() and not CJK.search(m)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_message_of_the_bad_input_corpus_is_chinese(case, tmp_path, run_zh):
    kind, rows = CASES[case]
    admin = _write_gpkg(tmp_path / "县界.gpkg", "县界", kind, rows)
    unit_rows = [
        (
            wkt,
            {
                schema.UNIT_CODE: f"ZH{attrs.get('XZQDM') or '990101'}3000{n + 1}",
                schema.UNIT_CLASS: "3",
                schema.UNIT_COUNTY_CODE: attrs.get("XZQDM"),
            },
        )
        for n, (wkt, attrs) in enumerate(rows)
    ]
    units = _write_gpkg(
        tmp_path / "单元.gpkg",
        "units",
        kind,
        unit_rows,
        fields=(schema.UNIT_CODE, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE),
    )
    shown = []
    shown += run_zh(
        "ecozoning:delineateunits",
        {
            "ADMIN": admin,
            "ADMIN_CODE_FIELD": "XZQDM",
            "ADMIN_NAME_FIELD": "XZQMC",
            "OUTPUT": str(tmp_path / "u.gpkg"),
        },
    )
    shown += run_zh("ecozoning:unitstatistics", {"UNITS": units, "OUTPUT": "memory:"})
    shown += run_zh("ecozoning:checkunits", {"UNITS": units, "OUTPUT_ERRORS": "memory:"})
    shown += run_zh(
        "ecozoning:overlapanalysis", {"INPUT": units, "CONSTRAINTS": [units], "OUTPUT": "memory:"}
    )
    shown += run_zh(
        "ecozoning:compliance",
        {"PROJECT": units, "INDUSTRY": "2614", "UNITS": units, "OUTPUT": "memory:"},
    )
    assert shown, "no message at all"
    assert not _english_only(shown), _english_only(shown)


def test_missing_crs_mixed_types_and_missing_fields_are_chinese(tmp_path, run_zh):
    nocrs = _write_gpkg(
        tmp_path / "nocrs.gpkg",
        "县界",
        "Polygon",
        [(_poly(SQUARE), {"XZQDM": "990101"})],
        epsg=None,
    )
    mixed = _write_gpkg(
        tmp_path / "mixed.gpkg",
        "混合",
        "Unknown",
        [(_poly(SQUARE), {"XZQDM": "990101"}), ("POINT(39505000 3395000)", {"XZQDM": "990101"})],
    )
    shown = run_zh(
        "ecozoning:delineateunits",
        {"ADMIN": nocrs, "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": "memory:"},
    )
    shown += run_zh(
        "ecozoning:delineateunits",
        {"ADMIN": mixed, "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": "memory:"},
    )
    # a county layer given as units: no unit code / class field
    shown += run_zh(
        "ecozoning:compliance",
        {"PROJECT": mixed, "INDUSTRY": "2614", "UNITS": mixed, "OUTPUT": "memory:"},
    )
    shown += run_zh("ecozoning:checkunits", {"UNITS": nocrs, "OUTPUT_ERRORS": "memory:"})
    shown += run_zh(
        "ecozoning:importaccesslist",
        {"INPUT": str(tmp_path / "无此文件.xlsx"), "OUTPUT": "memory:"},
    )
    assert len(shown) >= 5
    assert not _english_only(shown), _english_only(shown)


def test_delineation_log_keeps_the_code_and_adds_a_chinese_label(tmp_path, run_zh):
    from qgis.core import QgsVectorLayer

    rows = [
        (_poly([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)]), {"XZQDM": "990101"}),  # bow-tie
        (None, {"XZQDM": "990102"}),
        (_poly([(10, 0), (20, 0), (20, 10), (10, 10), (10, 0)]), {"XZQDM": "990103"}),
    ]
    admin = _write_gpkg(tmp_path / "县界.gpkg", "县界", "Polygon", rows)
    out = tmp_path / "out.gpkg"
    shown = run_zh(
        "ecozoning:delineateunits",
        {
            "ADMIN": admin,
            "ADMIN_CODE_FIELD": "XZQDM",
            "OUTPUT": f"ogr:dbname='{out}' table=\"units\" (geom)",
            "OUTPUT_LOG": f"ogr:dbname='{out}' table=\"delineation_log\"",
        },
    )
    log = QgsVectorLayer(f"{out}|layername=delineation_log", "log", "ogr")
    pairs = {(f["action"], f["action_label"]) for f in log.getFeatures()}
    assert ("repaired", "几何无效，已修复") in pairs
    assert ("dropped_empty", "几何为空，已跳过") in pairs
    assert any("几何无效，已修复 (repaired)" in m for m in shown)
    assert not _english_only(shown), _english_only(shown)


def test_install_hint_and_adapter_errors_are_chinese(chinese, monkeypatch):
    from eco_zoning.plugin import dependencies
    from eco_zoning.plugin.adapters import compliance_data, excel
    from eco_zoning.plugin.install_message import install_hint, short_notice

    for platform in ("win32", "darwin", "linux"):
        monkeypatch.setattr(dependencies.sys, "platform", platform)
        full = install_hint(["shapely>=2.0 (found 1.8.5)"])
        assert CJK.search(full) and "pip install" in full
    assert CJK.search(short_notice(["pandas>=1.1 (not installed)"]))
    with pytest.raises(excel.ExcelError) as error:
        excel.read_workbook("/nonexistent/清单.xlsx")
    assert CJK.search(str(error.value))
    with pytest.raises(excel.ExcelError) as error:
        excel.write_sheets("/tmp/never.xlsx", [("汇总", [])])
    assert CJK.search(str(error.value))
    from layers import two_counties
    from qgis.core import QgsCoordinateReferenceSystem

    with pytest.raises(compliance_data.ComplianceDataError) as error:
        compliance_data.read_units(two_counties(), QgsCoordinateReferenceSystem("EPSG:4527"))
    assert CJK.search(str(error.value))


def test_quick_check_panel_messages_are_chinese(chinese, qtbot, qgis_iface, processing_ready):
    """准入研判 without a unit layer, and with a county layer as units (no code field)."""
    from layers import X0, Y0, two_counties
    from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY, QgsProject

    from eco_zoning.plugin.controllers.quick_check import QuickCheckController
    from eco_zoning.ui.quick_check_dock import QuickCheckDock

    view = QuickCheckDock()
    qtbot.addWidget(view)
    controller = QuickCheckController(view, qgis_iface)
    counties = two_counties()
    QgsProject.instance().addMapLayer(counties)
    try:
        point = QgsGeometry.fromPointXY(QgsPointXY(X0 + 5000, Y0 + 5000))
        crs = QgsCoordinateReferenceSystem("EPSG:4527")
        shown = []
        view.panel.unitsCombo.setLayer(None)
        controller.index = None
        controller.check_geometry(point, crs)
        shown.append(view.panel.conclusionLabel.text())
        view.panel.unitsCombo.setLayer(counties)
        controller.index = None
        controller.check_geometry(point, crs)
        shown.append(view.panel.conclusionLabel.text())
        assert all(shown), shown
        assert not _english_only(shown), shown
    finally:
        controller.close()
        QgsProject.instance().removeMapLayer(counties.id())


def test_access_list_and_check_panel_messages_are_chinese(
    chinese, qtbot, qgis_iface, processing_ready, monkeypatch
):
    """Adding a requirement with no unit chosen; choosing a layer that holds no check results."""
    from layers import two_counties

    from eco_zoning.plugin.controllers.access_list_editor import AccessListController
    from eco_zoning.plugin.controllers.check_results import CheckResultsController
    from eco_zoning.ui.access_list_dock import AccessListDock
    from eco_zoning.ui.check_results_dock import CheckResultsDock

    shown = []
    monkeypatch.setattr(
        qgis_iface.messageBar(),
        "pushMessage",
        lambda title, text, *args: shown.append(f"{title}: {text}"),
        raising=False,
    )
    access_view = AccessListDock()
    qtbot.addWidget(access_view)
    access = AccessListController(access_view, qgis_iface)
    try:
        access.add_requirement({schema.REQ_TEXT: "禁止新建化工项目。"})
    finally:
        access.close()
    check_view = CheckResultsDock()
    qtbot.addWidget(check_view)
    checks = CheckResultsController(check_view, qgis_iface)
    checks.set_layer(two_counties())
    assert len(shown) == 2, shown
    assert not _english_only(shown), shown
