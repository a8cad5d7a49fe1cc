"""The 准入研判 dock: pick an industry, click or sketch on the map, read the findings, export."""

import subprocess

import pytest
from layers import X0, Y0, box, memory_layer
from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY, QgsProject
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtGui import QMouseEvent

from eco_zoning.plugin.controllers.quick_check import QuickCheckController
from eco_zoning.plugin.core import schema
from eco_zoning.ui.quick_check_dock import QuickCheckDock

UNIT_FIELDS = {
    schema.UNIT_CODE: "string",
    schema.UNIT_NAME: "string",
    schema.UNIT_CLASS: "integer",
    schema.UNIT_COUNTY_CODE: "string",
}
CRS = QgsCoordinateReferenceSystem("EPSG:4527")


@pytest.fixture
def project_layers():
    units = memory_layer(
        "环境管控单元",
        [
            (
                box(0, 0, 5, 10),
                {
                    schema.UNIT_CODE: "ZH99010110001",
                    schema.UNIT_NAME: "西部优先",
                    schema.UNIT_CLASS: 1,
                    schema.UNIT_COUNTY_CODE: "990101",
                },
            ),
            (
                box(5, 0, 10, 10),
                {
                    schema.UNIT_CODE: "ZH99010120001",
                    schema.UNIT_NAME: "化工园区",
                    schema.UNIT_CLASS: 2,
                    schema.UNIT_COUNTY_CODE: "990101",
                },
            ),
        ],
        UNIT_FIELDS,
    )
    fields = {
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
    access = memory_layer(
        "生态环境准入清单",
        [
            (
                None,
                {
                    schema.REQ_ID: "U1",
                    schema.REQ_SCOPE_LEVEL: "单元",
                    schema.REQ_SCOPE_CODE: "ZH99010120001",
                    schema.REQ_KIND: "禁止",
                    schema.REQ_INDUSTRIES: "26",
                    schema.REQ_TEXT: "禁止新建化工项目。",
                    schema.REQ_DIMENSION: "空间布局约束",
                    schema.REQ_STATUS: "有效",
                },
            )
        ],
        fields,
        geometry="None",
    )
    red_line = memory_layer("生态保护红线", [(box(4, 0, 6, 10), {})], {"n": "string"})
    other = memory_layer("行政区", [(box(0, 0, 10, 10), {})], {"n": "string"})
    project = QgsProject.instance()
    project.addMapLayers([units, access, red_line, other])
    yield units, access, red_line
    project.removeAllMapLayers()


@pytest.fixture
def dock(qtbot, qgis_iface, project_layers, processing_ready):
    view = QuickCheckDock()
    qtbot.addWidget(view)
    controller = QuickCheckController(view, qgis_iface)
    units, access, _ = project_layers
    view.panel.unitsCombo.setLayer(units)
    view.panel.accessCombo.setLayer(access)
    yield view, controller
    controller.close()


def test_red_line_is_ticked_and_a_click_gets_findings(dock, project_layers):
    view, controller = dock
    _, _, red_line = project_layers
    assert view.checked_constraint_ids() == [red_line.id()]  # 行政区 not ticked, units not offered
    view.panel.industryEdit.setText("2614 有机化学原料制造")
    view.panel.industryEdit.editingFinished.emit()
    assert view.panel.industryName.text() == "有机化学原料制造"
    result = controller.check_geometry(
        QgsGeometry.fromPointXY(QgsPointXY(X0 + 8000, Y0 + 5000)), CRS
    )
    assert result.units["unit_code"].tolist() == ["ZH99010120001"]
    assert result.projects["conclusion"].iat[0] == "不符合"
    tree = view.panel.resultTree
    requirements = tree.topLevelItem(2)
    assert requirements.childCount() == 1 and requirements.child(0).text(2) == "不符合"
    assert "不符合" in view.panel.conclusionLabel.text()
    assert view.panel.exportButton.isEnabled()


def test_sketched_polygon_on_the_red_line(dock, qgis_iface):
    view, controller = dock
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(CRS)
    canvas.setExtent(canvas.extent().__class__(X0 + 2500, Y0 + 500, X0 + 5000, Y0 + 2500))
    view.panel.bufferSpin.setValue(0)
    view.panel.industryEdit.setText("4812")
    view.panel.industryEdit.editingFinished.emit()
    view.toolRequested.emit("polygon")
    tool = controller.tool
    results = []
    tool.captured.connect(lambda g: results.append(g))
    for x, y in (
        (X0 + 3000, Y0 + 1000),
        (X0 + 4500, Y0 + 1000),
        (X0 + 4500, Y0 + 2000),
        (X0 + 3000, Y0 + 2000),
    ):
        pixel = tool.toCanvasCoordinates(QgsPointXY(x, y))
        event = QMouseEvent(
            QEvent.MouseButtonRelease, pixel, Qt.LeftButton, Qt.LeftButton, Qt.NoModifier
        )
        tool.canvasReleaseEvent(_map_event(canvas, event))
    tool.canvasReleaseEvent(
        _map_event(
            canvas,
            QMouseEvent(
                QEvent.MouseButtonRelease,
                QPoint(5, 5),
                Qt.RightButton,
                Qt.RightButton,
                Qt.NoModifier,
            ),
        )
    )
    assert results, "sketch not captured"
    red = controller.result.constraints.set_index("constraint").loc["生态保护红线"]
    # the sketch (vertices snapped to screen pixels) ∩ the red line, computed independently
    expected = results[0].intersection(QgsGeometry.fromWkt(box(4, 0, 6, 10))).area()
    assert expected > 0.3e6
    assert red.overlap_area_m2 == pytest.approx(expected, rel=1e-6)
    assert controller.result.projects["conclusion"].iat[0] == "不符合"


def _map_event(canvas, event):
    from qgis.gui import QgsMapMouseEvent

    return QgsMapMouseEvent(canvas, event)


def test_export_writes_the_algorithm_report(dock, tmp_path):
    view, controller = dock
    view.panel.industryEdit.setText("2614")
    view.panel.industryEdit.editingFinished.emit()
    controller.check_geometry(
        QgsGeometry.fromPointXY(QgsPointXY(X0 + 8000, Y0 + 5000)), CRS, "园区新项目"
    )
    controller.export_report(str(tmp_path))
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].with_suffix(".png").exists()
    text = "".join(
        subprocess.run(
            ["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    assert "ZH99010120001" in text and "不符合" in text


def test_missing_unit_layer_is_a_message(dock):
    view, controller = dock
    view.panel.unitsCombo.setLayer(None)
    assert controller.check_geometry(QgsGeometry.fromPointXY(QgsPointXY(X0, Y0)), CRS) is None
    assert "unit layer" in view.panel.conclusionLabel.text()


def test_constraint_layers_added_later_are_ticked_when_usual(dock):
    view, controller = dock
    farmland = memory_layer("永久基本农田", [(box(0, 0, 1, 1), {})], {"n": "string"})
    towns = memory_layer("乡镇", [(box(0, 0, 1, 1), {})], {"n": "string"})
    QgsProject.instance().addMapLayers([farmland, towns])
    checked = view.checked_constraint_ids()
    assert farmland.id() in checked and towns.id() not in checked
    assert len(checked) == 2  # the red line stays ticked


def _role_rows(view):
    table = view.panel.rolesTable
    return [
        (table.item(n, 0).text(), view.role_choice(n), table.item(n, 2).text())
        for n in range(table.rowCount())
    ]


def test_roles_are_guessed_shown_changed_and_saved(dock, project_layers):
    from eco_zoning.plugin.adapters.compliance_data import ROLE_PROPERTY

    view, controller = dock
    _, _, red_line = project_layers
    QgsProject.instance().removeMapLayer(red_line.id())
    stbhhx = memory_layer("STBHHX", [(box(4, 0, 6, 10), {})], {"n": "string"})
    QgsProject.instance().addMapLayers([stbhhx])
    assert stbhhx.id() in view.checked_constraint_ids()
    assert _role_rows(view) == [("STBHHX", "red_line", "guessed")]
    point = QgsGeometry.fromPointXY(QgsPointXY(X0 + 4500, Y0 + 5000))
    view.panel.industryEdit.setText("5911")
    view.panel.industryEdit.editingFinished.emit()
    result = controller.check_geometry(point, CRS)
    assert result.projects["conclusion"].iat[0] == "不符合"  # not 符合: the layer counts
    constraints = view.panel.resultTree.topLevelItem(1)
    assert constraints.child(0).text(0) == "STBHHX（生态保护红线）"
    assert constraints.child(0).text(2) == "禁止 → 不符合"

    # the user says it is farmland: saved with the layer, used at once
    combo = view.panel.rolesTable.cellWidget(0, 1)
    combo.setCurrentIndex(combo.findData("farmland"))
    assert stbhhx.customProperty(ROLE_PROPERTY) == "farmland"
    assert _role_rows(view) == [("STBHHX", "farmland", "chosen")]
    assert controller.check_geometry(point, CRS).projects["conclusion"].iat[0] == "有条件符合"


def test_a_ticked_layer_of_unknown_role_is_not_ignored(dock, project_layers):
    view, controller = dock
    _, _, red_line = project_layers
    odd = memory_layer("图层X", [(box(4, 0, 6, 10), {})], {"n": "string"})
    QgsProject.instance().addMapLayers([odd])
    assert odd.id() not in view.checked_constraint_ids()  # not pre-ticked: no role
    combo = view.panel.constraintsCombo
    combo.toggleItemCheckState(combo.findData(red_line.id()))  # as a click in the list does
    combo.toggleItemCheckState(combo.findData(odd.id()))
    assert _role_rows(view) == [("图层X", "", "unknown")]
    result = controller.check_geometry(
        QgsGeometry.fromPointXY(QgsPointXY(X0 + 4500, Y0 + 5000)), CRS
    )
    assert result.projects["conclusion"].iat[0] == "待补充信息"
    assert "图层X" in view.panel.conclusionLabel.text()


def test_a_repaired_footprint_is_said(dock):
    view, controller = dock
    a, b, c, d = X0 + 6000, Y0 + 1000, X0 + 7000, Y0 + 2000
    bow_tie = QgsGeometry.fromWkt(f"POLYGON(({a} {b},{c} {d},{c} {b},{a} {d},{a} {b}))")
    result = controller.check_geometry(bow_tie, CRS)
    assert result.units["overlap_area_m2"].iat[0] == pytest.approx(500_000.0, rel=1e-6)
    assert "repaired (Self-intersection)" in view.panel.conclusionLabel.text()


def test_a_chosen_role_is_saved_in_the_project_file(dock, project_layers, tmp_path):
    from eco_zoning.plugin.adapters.compliance_data import layer_role

    view, _ = dock
    _, _, red_line = project_layers
    combo = view.panel.rolesTable.cellWidget(0, 1)
    combo.setCurrentIndex(combo.findData("water_source"))
    project = QgsProject.instance()
    assert project.isDirty()
    path = str(tmp_path / "screening.qgz")
    assert project.write(path)
    project.clear()
    assert project.read(path)
    (layer,) = project.mapLayersByName("生态保护红线")
    assert layer_role(layer) == ("water_source", False)
