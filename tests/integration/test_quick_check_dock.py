"""The 准入研判 dock: pick an industry, click or sketch on the map, read the findings, export."""

import subprocess

import pytest
from layers import X0, Y0, box, memory_layer
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
)
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtGui import QMouseEvent

from eco_zoning.plugin.compat import GeometryType
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


def _ready(qtbot, controller):
    """Start the index task now and wait for it (it runs in QGIS's task manager)."""
    controller.start_index()
    qtbot.waitUntil(lambda: controller.index is not None, timeout=20000)


def test_red_line_is_ticked_and_a_click_gets_findings(dock, project_layers, qtbot):
    view, controller = dock
    _ready(qtbot, controller)
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


def test_sketched_polygon_on_the_red_line(dock, qgis_iface, qtbot):
    view, controller = dock
    _ready(qtbot, controller)
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


def _checked(view, controller, qtbot):
    _ready(qtbot, controller)
    view.panel.industryEdit.setText("2614")
    view.panel.industryEdit.editingFinished.emit()
    return controller.check_geometry(
        QgsGeometry.fromPointXY(QgsPointXY(X0 + 8000, Y0 + 5000)), CRS, "园区新项目"
    )


def _export(controller, qtbot, folder):
    """Start the export task and wait for its end; (written?, the task)."""
    with qtbot.waitSignal(controller.reportDone, timeout=30000) as done:
        task = controller.export_report(str(folder))
        assert task is not None
    return done.args[0], task


def test_export_writes_the_algorithm_report(dock, tmp_path, qtbot, qgis_iface):
    view, controller = dock
    _checked(view, controller, qtbot)
    qgis_iface.messageBar().clear_messages()
    written, _ = _export(controller, qtbot, tmp_path)
    assert written
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].with_suffix(".png").exists()
    assert pdfs[0].with_suffix(".html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if not p.name.startswith(".")
    )  # no staging folder left
    text = "".join(
        subprocess.run(
            ["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    assert "ZH99010120001" in text and "不符合" in text
    (success,) = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success)
    assert str(tmp_path) in success
    # a second export of the same result never overwrites the first one's files
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    written, _ = _export(controller, qtbot, tmp_path)
    assert written
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name in before} == before
    assert len(list(tmp_path.glob("*.pdf"))) == 2 and len(list(tmp_path.iterdir())) == 6
    second = (set(p.name for p in tmp_path.glob("*.html")) - set(before)).pop()
    assert second.endswith("_2.html")
    assert f'src="{second[:-5]}.png"' in (tmp_path / second).read_text(encoding="utf-8")


def test_export_runs_in_a_task_the_panel_stays_usable_and_cancel_leaves_nothing(
    dock, tmp_path, qtbot, qgis_iface, monkeypatch
):
    """Cancelled while the task prints the PDF: no file, no staging folder, a message."""
    import threading

    from qgis.PyQt.QtWidgets import QProgressBar, QPushButton

    from eco_zoning.plugin.adapters import report_pdf

    view, controller = dock
    _checked(view, controller, qtbot)
    (tmp_path / "earlier.pdf").write_bytes(b"the user's own file")
    entered, release = threading.Event(), threading.Event()
    print_pdf = report_pdf.html_to_pdf

    def slow_pdf(*args):
        entered.set()
        release.wait(20)
        return print_pdf(*args)

    monkeypatch.setattr(report_pdf, "html_to_pdf", slow_pdf)
    shown = []
    monkeypatch.setattr(
        qgis_iface.messageBar(), "pushWidget", lambda item, *a: shown.append(item) or item
    )
    monkeypatch.setattr(qgis_iface.messageBar(), "popWidget", lambda item: True)
    qgis_iface.messageBar().clear_messages()
    with qtbot.waitSignal(controller.reportDone, timeout=30000) as done:
        task = controller.export_report(str(tmp_path))
        qtbot.waitUntil(entered.is_set, timeout=10000)  # the task is printing, off the GUI
        # the panel answers meanwhile
        other = controller.check_geometry(
            QgsGeometry.fromPointXY(QgsPointXY(X0 + 2000, Y0 + 5000)), CRS, "另一项目"
        )
        assert other.units["unit_code"].tolist() == ["ZH99010110001"]
        assert controller.export_report(str(tmp_path)) is None  # one export at a time
        (item,) = shown
        assert item.findChild(QProgressBar) is not None
        qtbot.mouseClick(item.findChild(QPushButton), Qt.LeftButton)  # 取消
        assert task.isCanceled()
        release.set()
    assert done.args == [False]
    assert [p.name for p in tmp_path.iterdir()] == ["earlier.pdf"]
    assert (tmp_path / "earlier.pdf").read_bytes() == b"the user's own file"
    assert qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Info)
    assert not qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success)
    assert controller.report_task is None


def test_export_error_is_a_message_and_leaves_nothing(
    dock, tmp_path, qtbot, qgis_iface, monkeypatch
):
    from eco_zoning.plugin.adapters import report_pdf

    view, controller = dock
    _checked(view, controller, qtbot)

    def failing_pdf(*args):
        raise OSError("No space left on device")

    monkeypatch.setattr(report_pdf, "html_to_pdf", failing_pdf)
    qgis_iface.messageBar().clear_messages()
    written, _ = _export(controller, qtbot, tmp_path)
    assert not written
    assert list(tmp_path.iterdir()) == []
    (message,) = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert "report was not written" in message and "No space left on device" in message
    assert "Traceback" not in message


def test_files_move_into_place_only_when_none_would_be_replaced(tmp_path):
    from eco_zoning.plugin.controllers.report_task import make_staging, move_into_place

    staging = make_staging(tmp_path)
    (staging / "a.pdf").write_text("new a")
    (staging / "b.pdf").write_text("new b")
    (tmp_path / "b.pdf").write_text("the user's b")  # appeared while the task ran
    with pytest.raises(FileExistsError):
        move_into_place(staging, tmp_path)
    assert sorted(p.name for p in staging.iterdir()) == ["a.pdf", "b.pdf"]  # moved back
    assert (tmp_path / "b.pdf").read_text() == "the user's b"
    assert not (tmp_path / "a.pdf").exists()
    (tmp_path / "b.pdf").unlink()
    assert [p.name for p in move_into_place(staging, tmp_path)] == ["a.pdf", "b.pdf"]
    assert list(staging.iterdir()) == []


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


def test_a_click_before_the_index_waits_for_the_task_and_is_marked(dock, qtbot, qgis_iface):
    view, controller = dock
    controller.invalidate()
    point = QgsGeometry.fromPointXY(QgsPointXY(X0 + 8000, Y0 + 5000))
    with qtbot.waitSignal(controller.checked, timeout=20000) as checked:
        assert controller.check_geometry(point, CRS) is None  # the GUI is not held up
        assert controller.task is not None
    assert checked.args[0].units["unit_code"].tolist() == ["ZH99010120001"]
    assert view.indexLabel.text() == "Ready: 2 units indexed."
    marker = controller.marker
    assert marker is not None and marker.isVisible()
    assert marker.asGeometry().type() == GeometryType.Point
    controller.close()
    assert controller.marker is None


def test_the_index_is_built_in_the_task_thread_with_progress_and_clicks_use_it(
    dock, qtbot, monkeypatch
):
    import threading

    from eco_zoning.plugin.core import compliance

    view, controller = dock
    built_in = []
    original = compliance.ComplianceIndex.__init__

    def recording(self, *args, **kwargs):
        built_in.append(threading.current_thread() is threading.main_thread())
        original(self, *args, **kwargs)

    monkeypatch.setattr(compliance.ComplianceIndex, "__init__", recording)
    task = controller.start_index()
    progress = []
    task.progressChanged.connect(progress.append)
    qtbot.waitUntil(lambda: controller.index is not None, timeout=20000)
    assert built_in == [False]  # built once, off the GUI thread
    assert progress and progress[-1] == 100 and progress == sorted(progress)
    point = QgsGeometry.fromPointXY(QgsPointXY(X0 + 8000, Y0 + 5000))
    index = controller.index
    for _ in range(3):
        result = controller.check_geometry(point, CRS)
        assert result.units["unit_code"].tolist() == ["ZH99010120001"]
    assert controller.index is index and controller.task is None and built_in == [False]
    assert index._constraints is None  # clicks prepare the constraint features near them only
    assert controller.last_ms is not None


def test_edits_to_the_inputs_invalidate_and_rebuild_the_index(dock, project_layers, qtbot):
    view, controller = dock
    _, access, red_line = project_layers
    _ready(qtbot, controller)
    point = QgsGeometry.fromPointXY(QgsPointXY(X0 + 8000, Y0 + 5000))
    before = len(controller.check_geometry(point, CRS).requirements)
    # an edit in the access list's edit buffer: the index is out of date at once
    access.startEditing()
    feature = QgsFeature(access.fields())
    feature[schema.REQ_ID], feature[schema.REQ_SCOPE_LEVEL] = "U9", "单元"
    feature[schema.REQ_SCOPE_CODE], feature[schema.REQ_DIMENSION] = "ZH99010120001", "空间布局约束"
    feature[schema.REQ_TEXT], feature[schema.REQ_STATUS] = "新增的单元条款", "有效"
    assert access.addFeature(feature)
    assert controller.index is None
    assert "out of date" in view.indexLabel.text()
    qtbot.waitUntil(lambda: controller.index is not None, timeout=20000)  # rebuilt by itself
    after = controller.check_geometry(point, CRS).requirements
    assert len(after) == before + 1 and "新增的单元条款" in after["text"].tolist()
    access.rollBack()
    assert controller.index is None
    # and so does a change to a constraint layer's geometry
    qtbot.waitUntil(lambda: controller.index is not None, timeout=20000)
    red_line.startEditing()
    fid = next(red_line.getFeatures()).id()
    red_line.changeGeometry(fid, QgsGeometry.fromWkt(box(0, 0, 1, 1)))
    assert controller.index is None
    red_line.rollBack()


def _role_rows(view):
    table = view.panel.rolesTable
    return [
        (table.item(n, 0).text(), view.role_choice(n), table.item(n, 2).text())
        for n in range(table.rowCount())
    ]


def test_roles_are_guessed_shown_changed_and_saved(dock, project_layers, qtbot):
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
    _ready(qtbot, controller)
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
    _ready(qtbot, controller)
    assert controller.check_geometry(point, CRS).projects["conclusion"].iat[0] == "有条件符合"


def test_a_ticked_layer_of_unknown_role_is_not_ignored(dock, project_layers, qtbot):
    view, controller = dock
    _, _, red_line = project_layers
    odd = memory_layer("图层X", [(box(4, 0, 6, 10), {})], {"n": "string"})
    QgsProject.instance().addMapLayers([odd])
    assert odd.id() not in view.checked_constraint_ids()  # not pre-ticked: no role
    combo = view.panel.constraintsCombo
    combo.toggleItemCheckState(combo.findData(red_line.id()))  # as a click in the list does
    combo.toggleItemCheckState(combo.findData(odd.id()))
    assert _role_rows(view) == [("图层X", "", "unknown")]
    _ready(qtbot, controller)
    result = controller.check_geometry(
        QgsGeometry.fromPointXY(QgsPointXY(X0 + 4500, Y0 + 5000)), CRS
    )
    assert result.projects["conclusion"].iat[0] == "待补充信息"
    assert "图层X" in view.panel.conclusionLabel.text()


def test_a_repaired_footprint_is_said(dock, qtbot):
    view, controller = dock
    _ready(qtbot, controller)
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
