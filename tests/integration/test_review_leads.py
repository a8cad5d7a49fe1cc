"""The 质检结果 review panel with a lead layer from ecozoning:screenleads: columns, filters
by status / reason / severity, zoom to a lead, status and note through the edit buffer."""

from __future__ import annotations

import pytest
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from test_compliance_algorithm import zoning  # noqa: F401  (shared fixtures)
from test_supervision import database, sources  # noqa: F401

from eco_zoning.plugin.controllers.check_results import CheckResultsController
from eco_zoning.ui.check_results_dock import CheckResultsDock


@pytest.fixture
def lead_layer(zoning, sources, database, run_algorithm):  # noqa: F811
    """The screening's leads in the project database, as a user would keep them."""
    run_algorithm(
        "ecozoning:screenleads",
        dict(
            zoning,
            SOURCES=sources,
            SINCE="2024-01-01",
            OUTPUT=f"ogr:dbname='{database}' table=\"leads\" (geom)",
        ),
    )
    layer = QgsVectorLayer(f"{database}|layername=leads", "监督线索", "ogr")
    assert layer.isValid() and layer.featureCount() == 5
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeAllMapLayers()


@pytest.fixture
def panel(qtbot, qgis_iface, processing_ready):
    view = CheckResultsDock()
    qtbot.addWidget(view)
    controller = CheckResultsController(view, qgis_iface)
    yield view, controller
    controller.close()


def _column(table, header):
    model = table.model()
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    return headers.index(header)


def _values(table, header):
    column = _column(table, header)
    return [table.model().index(r, column).data() for r in range(table.model().rowCount())]


def test_leads_are_listed_with_reason_unit_requirement_severity_status_and_note(panel, lead_layer):
    view, controller = panel
    view.set_layer(lead_layer)
    table = view.panel.errorTable
    model = table.model()
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert headers[:7] == [
        "线索原因",
        "单元编码",
        "条款编号",
        "管控要求",
        "严重程度",
        "核实状态",
        "核实说明",
    ]
    assert "外业核查结论" not in headers  # the problem-only column is gone
    assert model.rowCount() == 5
    assert (
        "5 of 5 leads" in view.panel.countLabel.text()
        and "待核实 5" in view.panel.countLabel.text()
    )
    assert set(_values(table, "核实状态")) == {"待核实"}
    region = _values(table, "线索原因").index("违反区域管控规则")
    assert model.index(region, _column(table, "单元编码")).data() == "ZH99010130001"
    assert model.index(region, _column(table, "条款编号")).data() == "R1"
    assert model.index(region, _column(table, "严重程度")).data() == "高"
    tooltip = model.index(region, 0).data(Qt.ToolTipRole)
    assert "违反区域管控规则" in tooltip and "企业" in tooltip
    # the lead vocabulary and labels; re-running the checks does not apply to leads
    statuses = [view.panel.statusEdit.itemText(i) for i in range(view.panel.statusEdit.count())]
    assert statuses == ["待核实", "属实", "不属实", "已整改"]
    assert view.panel.checkLabel.text() == "Lead reason"
    assert view.panel.verdictFilter.isHidden() and not view.panel.rerunButton.isEnabled()
    assert not controller.rerun({})


def test_filters_by_reason_severity_and_status(panel, lead_layer, qtbot):
    view, controller = panel
    view.set_layer(lead_layer)
    table = view.panel.errorTable
    reasons = view.panel.checkFilter
    offered = [reasons.itemData(i) for i in range(1, reasons.count())]
    assert set(offered) == set(_values(table, "线索原因"))
    reasons.setCurrentIndex(reasons.findData("优先保护单元内新增人类活动"))
    assert table.model().rowCount() == 2
    assert set(_values(table, "线索原因")) == {"优先保护单元内新增人类活动"}
    reasons.setCurrentIndex(0)
    severity = view.panel.severityFilter
    assert [severity.itemData(i) for i in range(1, severity.count())] == ["高", "中"]
    severity.setCurrentIndex(severity.findData("高"))
    assert set(_values(table, "严重程度")) == {"高"} and table.model().rowCount() == 3
    severity.setCurrentIndex(0)
    controller.set_review([next(lead_layer.getFeatures()).id()], "属实", "")
    status = view.panel.statusFilter
    status.setCurrentIndex(status.findData("属实"))
    assert table.model().rowCount() == 1
    status.setCurrentIndex(status.findData("待核实"))
    assert table.model().rowCount() == 4


def test_zoom_to_a_lead_and_set_its_status_and_note(panel, lead_layer, qtbot, qgis_iface):
    view, controller = panel
    view.set_layer(lead_layer)
    table = view.panel.errorTable
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(lead_layer.crs())
    with qtbot.waitSignal(view.errorActivated, timeout=1000) as activated:
        view.select_row(0)
    fid = activated.args[0]
    point = lead_layer.getFeature(fid).geometry().asPoint()
    assert canvas.extent().contains(point) and canvas.extent().width() < 1000

    view.panel.statusEdit.setCurrentIndex(view.panel.statusEdit.findData("属实"))
    view.panel.noteEdit.setText("2025-07 现场核查属实，已移交执法")
    qtbot.mouseClick(view.panel.applyButton, Qt.LeftButton)
    assert not lead_layer.isEditable()  # saved
    path = lead_layer.source().split("|")[0]
    reopened = QgsVectorLayer(f"{path}|layername=leads", "r", "ogr")
    saved = reopened.getFeature(fid)
    assert (saved["status"], saved["note"]) == ("属实", "2025-07 现场核查属实，已移交执法")
    assert "属实 1" in view.panel.countLabel.text()
    row = table.model().mapToSource(table.model().index(0, 0)).row()
    assert controller.model.rows[row][1]["status"] == "属实"


def test_lead_status_in_an_edit_session_is_undoable(panel, lead_layer):
    view, controller = panel
    view.set_layer(lead_layer)
    lead_layer.startEditing()
    fid = next(lead_layer.getFeatures()).id()
    assert controller.set_review([fid], "不属实", "企业已注销")
    assert lead_layer.isEditable() and lead_layer.isModified()
    assert lead_layer.getFeature(fid)["status"] == "不属实"
    assert lead_layer.undoStack().undoText() == "Set lead status"
    lead_layer.undoStack().undo()
    assert lead_layer.getFeature(fid)["status"] == "待核实"
    assert not lead_layer.getFeature(fid)["note"]  # NULL again
    lead_layer.rollBack()


def test_switching_between_leads_and_check_results(panel, lead_layer, tmp_path, run_algorithm):
    view, controller = panel
    view.set_layer(lead_layer)
    assert controller.kind.key == "leads"
    path = tmp_path / "p.gpkg"
    run_algorithm("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    checks = QgsVectorLayer(f"{path}|layername=check_results", "质检结果", "ogr")
    QgsProject.instance().addMapLayer(checks)
    view.set_layer(checks)
    assert controller.kind.key == "checks"
    statuses = [view.panel.statusEdit.itemText(i) for i in range(view.panel.statusEdit.count())]
    assert statuses == ["待处理", "已修改", "例外"]
    assert view.panel.checkLabel.text() == "Check"
    assert not view.panel.verdictFilter.isHidden() and view.panel.rerunButton.isEnabled()
    assert "外业核查结论" in [
        view.panel.errorTable.model().headerData(c, Qt.Horizontal)
        for c in range(view.panel.errorTable.model().columnCount())
    ]
