"""The 质检结果 dock driven as a user would: filter, zoom, set a status, re-run, status survives."""

import pytest
from layers import box, memory_layer, two_counties
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt

from eco_zoning.plugin.controllers.check_results import CheckResultsController
from eco_zoning.plugin.core import schema
from eco_zoning.ui.check_results_dock import CheckResultsDock

UNIT_FIELDS = {
    f: "string"
    for f in (schema.UNIT_CODE, schema.UNIT_NAME, schema.UNIT_SUBTYPE, schema.UNIT_COUNTY_CODE)
}
UNIT_FIELDS[schema.UNIT_CLASS] = "integer"


def _unit(x1, x2, code, cls, county="990101"):
    return (
        box(x1, 0, x2, 10),
        {
            schema.UNIT_CODE: code,
            schema.UNIT_NAME: code,
            schema.UNIT_CLASS: cls,
            schema.UNIT_SUBTYPE: "",
            schema.UNIT_COUNTY_CODE: county,
        },
    )


@pytest.fixture
def error_layer(tmp_path, run_algorithm):
    path = tmp_path / "p.gpkg"
    run_algorithm("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    layer = QgsVectorLayer(f"{path}|layername=check_results", "质检结果", "ogr")
    rows = [
        ("T01", "错误", "ZH99010130001,ZH99010130002", "990101", box(1, 1, 2, 2), 1e6),
        ("T02", "错误", "ZH99010230001", "990102", box(12, 1, 13, 3), 2e6),
        ("S02", "警告", "ZH99010120001", "990101", box(5, 5, 6, 6), 1e6),
    ]
    features = []
    for code, severity, units, county, wkt, area in rows:
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f[schema.CHK_CODE], f[schema.CHK_SEVERITY], f[schema.CHK_UNITS] = code, severity, units
        f[schema.CHK_COUNTY], f[schema.CHK_AREA], f[schema.CHK_STATUS] = county, area, "待处理"
        features.append(f)
    assert layer.dataProvider().addFeatures(features)[0]
    QgsProject.instance().addMapLayer(layer)
    yield layer, path
    QgsProject.instance().removeAllMapLayers()


@pytest.fixture
def dock(qtbot, qgis_iface, processing_ready):
    view = CheckResultsDock()
    qtbot.addWidget(view)
    controller = CheckResultsController(view, qgis_iface)
    return view, controller


def test_filter_zoom_and_review(dock, error_layer, qtbot, qgis_iface):
    view, controller = dock
    layer, path = error_layer
    view.set_layer(layer)
    table = view.panel.errorTable
    assert table.model().rowCount() == 3
    assert "3 of 3" in view.panel.countLabel.text()

    severity = view.panel.severityFilter
    severity.setCurrentIndex(severity.findData("警告"))
    assert table.model().rowCount() == 1
    assert table.model().index(0, 0).data() == "S02 永久基本农田位于产业园区单元内"
    severity.setCurrentIndex(0)
    county = view.panel.countyFilter
    county.setCurrentIndex(county.findData("990102"))
    assert [table.model().index(r, 0).data() for r in range(table.model().rowCount())] == [
        "T02 行政区内存在缝隙"
    ]

    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(layer.crs())
    with qtbot.waitSignal(view.errorActivated, timeout=1000) as activated:
        view.select_row(0)
    fid = activated.args[0]
    assert canvas.extent().contains(layer.getFeature(fid).geometry().boundingBox())
    assert (
        min(canvas.extent().width(), canvas.extent().height()) < 5000
    )  # zoomed in on a 1 km × 2 km error

    view.panel.statusEdit.setCurrentIndex(view.panel.statusEdit.findData("例外"))
    view.panel.noteEdit.setText("经核实为河道调整，予以保留")
    qtbot.mouseClick(view.panel.applyButton, Qt.LeftButton)
    assert not layer.isEditable()  # saved
    reopened = QgsVectorLayer(f"{path}|layername=check_results", "r", "ogr")
    saved = {
        f[schema.CHK_CODE]: (f[schema.CHK_STATUS], f[schema.CHK_NOTE])
        for f in reopened.getFeatures()
    }
    assert saved["T02"] == ("例外", "经核实为河道调整，予以保留")
    assert saved["T01"][0] == "待处理"
    assert "例外 1" in view.panel.countLabel.text()

    status = view.panel.statusFilter
    status.setCurrentIndex(status.findData("例外"))
    assert table.model().rowCount() == 1


def test_edits_in_an_open_edit_session_stay_in_the_undo_stack(dock, error_layer):
    view, controller = dock
    layer, _ = error_layer
    view.set_layer(layer)
    layer.startEditing()
    fid = next(layer.getFeatures()).id()
    assert controller.set_review([fid], "已修改", "已修正边界")
    assert layer.isEditable() and layer.isModified()
    assert layer.getFeature(fid)[schema.CHK_STATUS] == "已修改"
    layer.undoStack().undo()
    assert layer.getFeature(fid)[schema.CHK_STATUS] == "待处理"
    layer.rollBack()


def test_rerun_keeps_accepted_exceptions(dock, tmp_path, run_algorithm):
    view, controller = dock
    units = memory_layer(
        "单元",
        [
            _unit(0, 6, "ZH99010130001", 3),
            _unit(5, 10, "ZH99010130002", 3),  # overlaps the first by 1 km × 10 km
            _unit(10, 20, "ZH9901023001", 3, "990102"),  # broken code
        ],
        UNIT_FIELDS,
    )
    admin = two_counties()
    out = tmp_path / "errors.gpkg"
    params = {"UNITS": units, "ADMIN": admin, "ADMIN_CODE_FIELD": "XZQDM"}
    results, _, _ = run_algorithm("ecozoning:checkunits", dict(params, OUTPUT_ERRORS=str(out)))
    layer = QgsVectorLayer(results["OUTPUT_ERRORS"], "质检结果", "ogr")
    QgsProject.instance().addMapLayer(layer)
    view.set_layer(layer)
    errors = {f[schema.CHK_CODE]: f for f in layer.getFeatures()}
    assert errors["T01"][schema.CHK_AREA] == pytest.approx(1e7, rel=0.01)
    assert "A01" in errors
    controller.set_review([errors["T01"].id()], "例外", "两单元共管区域")

    assert controller.rerun(params)
    after = {f[schema.CHK_CODE]: f for f in layer.getFeatures()}
    assert (after["T01"][schema.CHK_STATUS], after["T01"][schema.CHK_NOTE]) == (
        "例外",
        "两单元共管区域",
    )
    assert after["A01"][schema.CHK_STATUS] == "待处理"
    assert view.panel.errorTable.model().rowCount() == len(after)
    QgsProject.instance().removeAllMapLayers()
