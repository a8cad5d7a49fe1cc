"""The 管控单元 dock: select a unit, change class and code, undo, redo, save; MJ follows the geometry."""

import pytest
from layers import box, memory_layer
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt

from eco_zoning.plugin.controllers.unit_editor import UnitEditorController, load_mapping
from eco_zoning.plugin.core import schema
from eco_zoning.ui.unit_dock import UnitDock


@pytest.fixture
def unit_layer(tmp_path, run_algorithm):
    path = tmp_path / "p.gpkg"
    run_algorithm("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    layer = QgsVectorLayer(f"{path}|layername=units", "环境管控单元", "ogr")
    features = []
    for n, (x, code, cls) in enumerate(
        [(0, "ZH99010110001", 1), (2, "ZH99010120001", 2), (4, "ZH99010130001", 3)]
    ):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(box(x, 0, x + 2, 1)))
        f[schema.UNIT_CODE], f[schema.UNIT_CLASS], f[schema.UNIT_COUNTY_CODE] = code, cls, "990101"
        f[schema.UNIT_NAME], f[schema.UNIT_AREA] = f"单元{n}", 2.0
        features.append(f)
    assert layer.dataProvider().addFeatures(features)[0]
    QgsProject.instance().addMapLayer(layer)
    yield layer, path
    QgsProject.instance().removeAllMapLayers()


@pytest.fixture
def dock(qtbot, qgis_iface):
    view = UnitDock()
    qtbot.addWidget(view)
    return view, UnitEditorController(view, qgis_iface)


def _fid(layer, code):
    return next(f.id() for f in layer.getFeatures() if f[schema.UNIT_CODE] == code)


def test_follow_selection_edit_undo_redo_save(dock, unit_layer, qtbot):
    view, controller = dock
    layer, path = unit_layer
    view.set_layer(layer)
    layer.selectByIds([_fid(layer, "ZH99010120001")])
    p = view.panel
    assert p.codeEdit.text() == "ZH99010120001"
    assert p.classCombo.currentData() == 2
    assert p.positionLabel.text() == "2 / 3"
    assert p.codeEdit.isReadOnly()  # not editing yet

    qtbot.mouseClick(p.editButton, Qt.LeftButton)
    assert layer.isEditable() and not p.codeEdit.isReadOnly()
    # the user picks class 3: the code's class digit no longer matches
    p.classCombo.setCurrentIndex(p.classCombo.findData(3))
    p.classCombo.activated.emit(p.classCombo.currentIndex())
    fid = _fid(layer, "ZH99010120001")
    assert layer.getFeature(fid)[schema.UNIT_CLASS] == 3
    assert "class digit" in p.codeWarning.text()

    qtbot.mouseClick(p.nextCodeButton, Qt.LeftButton)
    assert layer.getFeature(fid)[schema.UNIT_CODE] == "ZH99010130002"
    assert p.codeWarning.text() == ""

    layer.undoStack().undo()  # code back
    assert layer.getFeature(fid)[schema.UNIT_CODE] == "ZH99010120001"
    layer.undoStack().undo()  # class back
    assert layer.getFeature(fid)[schema.UNIT_CLASS] == 2
    assert p.classCombo.currentData() == 2
    layer.undoStack().redo()
    layer.undoStack().redo()
    assert p.codeEdit.text() == "ZH99010130002"

    assert layer.commitChanges()
    reopened = QgsVectorLayer(f"{path}|layername=units", "u", "ogr")
    assert sorted(f[schema.UNIT_CODE] for f in reopened.getFeatures()) == [
        "ZH99010110001",
        "ZH99010130001",
        "ZH99010130002",
    ]


def test_typed_code_is_validated_and_duplicates_flagged(dock, unit_layer, qtbot):
    view, controller = dock
    layer, _ = unit_layer
    view.set_layer(layer)
    layer.startEditing()
    layer.selectByIds([_fid(layer, "ZH99010110001")])
    p = view.panel
    p.codeEdit.setText("ZH9901011001")
    p.codeEdit.editingFinished.emit()
    assert "Invalid code" in p.codeWarning.text() and "13 characters" in p.codeWarning.text()
    p.codeEdit.setText("ZH990101100\uff101")  # a full-width zero typed with an IME
    p.codeEdit.editingFinished.emit()
    assert "full-width characters \uff10" in p.codeWarning.text()
    p.codeEdit.setText("ZH99010120001")
    p.codeEdit.editingFinished.emit()
    assert "Duplicate code" in p.codeWarning.text()
    layer.rollBack()
    assert p.codeEdit.text() == "ZH99010110001"


def test_navigation_and_area_follows_geometry(dock, unit_layer):
    view, controller = dock
    layer, _ = unit_layer
    view.set_layer(layer)
    view.navigateRequested.emit(1)
    assert view.panel.codeEdit.text() == "ZH99010110001"
    view.navigateRequested.emit(1)
    view.navigateRequested.emit(1)
    view.navigateRequested.emit(1)  # stays on the last
    assert view.panel.codeEdit.text() == "ZH99010130001"
    layer.startEditing()
    fid = controller.fid
    layer.beginEditCommand("reshape")
    layer.changeGeometry(fid, QgsGeometry.fromWkt(box(4, 0, 7, 1)))  # 3 km²
    layer.endEditCommand()
    assert layer.getFeature(fid)[schema.UNIT_AREA] == pytest.approx(3.0, rel=1e-9)
    assert view.panel.areaValue.text() == "3.0000"
    layer.undoStack().undo()
    assert layer.getFeature(fid)[schema.UNIT_AREA] == pytest.approx(2.0)
    layer.rollBack()


def test_layer_with_other_field_names_uses_saved_mapping(dock):
    view, controller = dock
    layer = memory_layer(
        "旧单元",
        [(box(0, 0, 1, 1), {"HJGKDYBM": "ZH99010110001", "GKDYFL": 1, "MYNAME": "甲"})],
        {"HJGKDYBM": "string", "GKDYFL": "integer", "MYNAME": "string"},
    )
    QgsProject.instance().addMapLayer(layer)
    view.set_layer(layer)
    assert controller.mapping[schema.UNIT_CODE] == "HJGKDYBM"
    controller.set_mapping(dict(controller.mapping, **{schema.UNIT_NAME: "MYNAME"}))
    assert load_mapping(QgsProject.instance(), layer)[schema.UNIT_NAME] == "MYNAME"
    layer.selectByIds([next(layer.getFeatures()).id()])
    assert view.panel.nameEdit.text() == "甲"
    QgsProject.instance().removeAllMapLayers()


def test_mapping_dialog_maps_arbitrary_names(dock, monkeypatch):
    from eco_zoning.ui.field_mapping_dialog import FieldMappingDialog

    view, controller = dock
    layer = memory_layer(
        "自定义字段",
        [(box(0, 0, 1, 1), {"编码": "ZH99010110001", "类别": 1, "名称": "乙"})],
        {"编码": "string", "类别": "integer", "名称": "string"},
    )
    QgsProject.instance().addMapLayer(layer)
    view.set_layer(layer)
    assert schema.UNIT_CODE not in controller.mapping

    def choose(self):  # the user picks the fields and presses OK
        self.combos[schema.UNIT_CODE].setField("编码")
        self.combos[schema.UNIT_CLASS].setField("类别")
        self.combos[schema.UNIT_NAME].setField("名称")
        return True

    monkeypatch.setattr(FieldMappingDialog, "exec", choose)
    view.mappingRequested.emit()
    assert load_mapping(QgsProject.instance(), layer) == {
        schema.UNIT_CODE: "编码",
        schema.UNIT_CLASS: "类别",
        schema.UNIT_NAME: "名称",
    }
    layer.selectByIds([next(layer.getFeatures()).id()])
    assert view.panel.codeEdit.text() == "ZH99010110001" and view.panel.nameEdit.text() == "乙"
    assert view.panel.classCombo.currentData() == 1
    QgsProject.instance().removeAllMapLayers()
