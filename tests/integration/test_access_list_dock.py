"""The 准入清单 dock driven as a user would: inherited rows read-only, unit rows edited,
reordered, deleted, undone, saved; attribute-table edits show; filters and search."""

from __future__ import annotations

import pytest
from layers import box, memory_layer
from qgis.core import Qgis, QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QDialogButtonBox

from eco_zoning.plugin.adapters.project_db import add_relation
from eco_zoning.plugin.controllers.access_list_editor import AccessListController
from eco_zoning.plugin.core import schema
from eco_zoning.ui.access_list_dock import AccessListDock

UNIT = "ZH99010120001"
SPACE, POLLUTION, RISK, RESOURCES = schema.DIMENSIONS_ZH

UNITS = [
    (0, UNIT, 2, "990101"),
    (2, "ZH99010120002", 2, "990101"),
    (4, "ZH99010130001", 3, "990101"),
    (6, "ZH99010220001", 2, "990102"),
]
# id, level, scope code, class filter, dimension, kind, text, industries, status, order
REQUIREMENTS = [
    ("P1", "省级", "990000", 0, SPACE, "禁止", "禁止新建燃煤锅炉", None, "有效", 1),
    ("P2", "省级", "990000", 0, POLLUTION, "要求", "污染物排放总量控制", None, "有效", 1),
    ("P9", "省级", "990000", 0, SPACE, "禁止", "已废止的旧条款", None, "废止", 2),
    ("C1", "市级", "990100", 0, RISK, "要求", "建立突发环境事件应急预案", None, "有效", 1),
    ("X1", "县级", "990101", 0, RESOURCES, "限制", "限制高耗水行业", "2614", "有效", 1),
    ("X2", "县级", "990102", 0, RESOURCES, "限制", "东县条款", None, "有效", 1),
    (
        "K2",
        "分类",
        "990100",
        2,
        POLLUTION,
        "限制",
        "重点管控单元执行特别排放限值",
        "C26",
        "有效",
        1,
    ),
    ("K3", "分类", "990100", 3, POLLUTION, "鼓励", "一般管控单元条款", None, "有效", 1),
    ("U2", "单元", "ZH99010120002", 0, SPACE, "禁止", "另一单元的条款", None, "有效", 1),
]


@pytest.fixture
def project_db(tmp_path, run_algorithm):
    path = tmp_path / "p.gpkg"
    run_algorithm("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    units = QgsVectorLayer(f"{path}|layername=units", "环境管控单元", "ogr")
    access = QgsVectorLayer(f"{path}|layername=access_list", "生态环境准入清单", "ogr")
    assert units.isValid() and access.isValid()
    features = []
    for x, code, cls, county in UNITS:
        f = QgsFeature(units.fields())
        f.setGeometry(QgsGeometry.fromWkt(box(x, 0, x + 2, 2)))
        f[schema.UNIT_CODE], f[schema.UNIT_NAME] = code, f"单元{code[-5:]}"
        f[schema.UNIT_CLASS], f[schema.UNIT_COUNTY_CODE] = cls, county
        features.append(f)
    assert units.dataProvider().addFeatures(features)[0]
    features = []
    for rid, level, scope, cls, dim, kind, text, industries, status, order in REQUIREMENTS:
        f = QgsFeature(access.fields())
        f[schema.REQ_ID], f[schema.REQ_SCOPE_LEVEL], f[schema.REQ_SCOPE_CODE] = rid, level, scope
        f[schema.REQ_CLASS_FILTER], f[schema.REQ_DIMENSION], f[schema.REQ_KIND] = cls, dim, kind
        f[schema.REQ_TEXT], f[schema.REQ_INDUSTRIES] = text, industries
        f[schema.REQ_STATUS], f[schema.REQ_ORDER] = status, order
        f[schema.REQ_SOURCE] = "市生态环境准入清单（2021）"
        features.append(f)
    assert access.dataProvider().addFeatures(features)[0]
    project = QgsProject.instance()
    project.addMapLayers([units, access])
    add_relation(units, access, project)
    yield units, access, path
    project.removeAllMapLayers()
    project.relationManager().clear()


@pytest.fixture
def dock(qtbot, qgis_iface, processing_ready):
    view = AccessListDock()
    qtbot.addWidget(view)
    controller = AccessListController(view, qgis_iface)
    yield view, controller
    controller.close()


def _unit_fid(units, code=UNIT):
    return next(f.id() for f in units.getFeatures() if f[schema.UNIT_CODE] == code)


def _fid(layer, rid):
    return next(f.id() for f in layer.getFeatures() if f[schema.REQ_ID] == rid)


def _tree(view) -> dict:
    """{dimension: [(level column, kind, text, editable)]} as the tree shows it."""
    model = view.panel.requirementTree.model()
    shown = {}
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        rows = []
        for row in range(model.rowCount(parent)):
            cells = [model.index(row, c, parent).data() for c in range(3)]
            editable = bool(model.index(row, 2, parent).flags() & Qt.ItemIsEditable)
            rows.append((*cells, editable))
        shown[parent.data(view._roles["dimension"])] = rows
    return shown


def _texts(view) -> dict:
    return {dim: [row[2] for row in rows] for dim, rows in _tree(view).items()}


def _index_of(view, text):
    model = view.panel.requirementTree.model()
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            if model.index(row, 2, parent).data() == text:
                return model.index(row, 0, parent)
    raise KeyError(text)


def _select(view, text):
    view.select_fids([_index_of(view, text).data(view._roles["fid"])])


def _accept(qtbot, dialog):
    qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.Ok), Qt.LeftButton)


def test_inherited_rows_grouped_and_read_only(dock, project_db, qtbot, qgis_iface):
    view, controller = dock
    units, access, _ = project_db
    p = view.panel
    assert _tree(view) == {} and not p.addButton.isEnabled()

    controller.set_unit(units, _unit_fid(units))
    assert controller.access_layer() is access
    assert UNIT in p.unitLabel.text() and "重点管控" in p.unitLabel.text()
    assert _texts(view) == {
        SPACE: ["禁止新建燃煤锅炉"],
        POLLUTION: ["污染物排放总量控制", "重点管控单元执行特别排放限值"],
        RISK: ["建立突发环境事件应急预案"],
        RESOURCES: ["限制高耗水行业"],
    }
    tree = _tree(view)
    assert tree[RISK][0][:2] == ("市级 990100", "要求")
    assert tree[POLLUTION][1][0] == "分类 990100"
    assert not any(row[3] for rows in tree.values() for row in rows)  # all read-only
    index = _index_of(view, "建立突发环境事件应急预案")
    assert "市级 990100" in index.data(Qt.ToolTipRole)
    assert "5 of 5" in p.countLabel.text()
    assert p.addButton.isEnabled()

    _select(view, "建立突发环境事件应急预案")
    assert not p.editButton.isEnabled() and not p.deleteButton.isEnabled()
    assert not p.upButton.isEnabled() and p.jumpButton.isEnabled()
    qgis_iface.showAttributeTable.reset_mock()
    qtbot.mouseClick(p.jumpButton, Qt.LeftButton)
    layer, expression = qgis_iface.showAttributeTable.call_args[0]
    assert layer is access
    assert expression == "\"FWJB\" = '市级' AND \"FWDM\" = '990100'"
    assert [f[schema.REQ_ID] for f in access.getFeatures(expression)] == ["C1"]

    # inherited rows cannot be changed through the controller either
    qgis_iface.messageBar().clear_messages()
    assert not controller.update_requirement(_fid(access, "C1"), {schema.REQ_TEXT: "改"})
    assert not controller.delete_requirements([_fid(access, "C1")])
    assert not access.isEditable()
    assert qgis_iface.messageBar().get_messages(Qgis.Warning)

    # another unit: class 3 and another county see other rows
    controller.set_unit(units, _unit_fid(units, "ZH99010130001"))
    assert "一般管控单元条款" in _texts(view)[POLLUTION]
    controller.set_unit(units, _unit_fid(units, "ZH99010220001"))
    assert _texts(view)[RESOURCES] == ["东县条款"]
    controller.set_unit(None, None)
    assert _tree(view) == {} and not p.addButton.isEnabled()


def test_add_edit_reorder_delete_undo_save(dock, project_db, qtbot):
    view, controller = dock
    units, access, path = project_db
    p = view.panel
    controller.set_unit(units, _unit_fid(units))
    stack = access.undoStack()

    # add through the dialog
    qtbot.mouseClick(p.addButton, Qt.LeftButton)
    dialog = view.dialog
    assert dialog is not None and not dialog.ok_button().isEnabled()  # no text yet
    dialog.dimensionCombo.setCurrentIndex(dialog.dimensionCombo.findData(SPACE))
    dialog.kindCombo.setCurrentIndex(dialog.kindCombo.findData("禁止"))
    dialog.textEdit.setPlainText("禁止新建化工项目")
    dialog.industriesEdit.setText("26， 2614")
    dialog.basisEdit.setText("《化工园区认定管理办法》")
    _accept(qtbot, dialog)
    assert access.isEditable()  # left in edit mode: the user saves with QGIS
    assert stack.count() == 1
    first = _fid(access, f"{UNIT}-1-01")
    feature = access.getFeature(first)
    assert feature[schema.REQ_SCOPE_LEVEL] == "单元" and feature[schema.REQ_SCOPE_CODE] == UNIT
    assert feature[schema.REQ_STATUS] == "有效" and feature[schema.REQ_ORDER] == 1
    assert feature[schema.REQ_INDUSTRIES] == "26,2614"
    assert feature[schema.REQ_CHANGED]
    row = _tree(view)[SPACE][1]
    assert row == ("单元", "禁止", "禁止新建化工项目", True)  # editable, after the province's
    assert view.selected_fids() == [first]
    assert p.editButton.isEnabled() and p.deleteButton.isEnabled()

    # double-click on a cell that does not edit in place opens the dialog
    view.show()
    qtbot.waitExposed(view)
    tree = p.requirementTree
    rect = tree.visualRect(_index_of(view, "禁止新建化工项目"))
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.LeftButton, pos=rect.center())
    assert view.dialog is not None
    assert view.dialog.kindCombo.currentData() == "禁止"
    view.dialog.reject()
    assert view.dialog is None and stack.count() == 1
    rect = tree.visualRect(_index_of(view, "禁止新建燃煤锅炉"))  # inherited: nothing opens
    qtbot.mouseDClick(tree.viewport(), Qt.LeftButton, pos=rect.center())
    assert view.dialog is None

    # add a second one directly; it goes after the first in its dimension
    second = controller.add_requirement(
        {schema.REQ_DIMENSION: SPACE, schema.REQ_KIND: "限制", schema.REQ_TEXT: "限制扩建"}
    )
    assert access.getFeature(second)[schema.REQ_ID] == f"{UNIT}-1-02"
    assert access.getFeature(second)[schema.REQ_ORDER] == 2
    assert _texts(view)[SPACE] == ["禁止新建燃煤锅炉", "禁止新建化工项目", "限制扩建"]
    assert stack.count() == 2

    # edit through the dialog
    _select(view, "禁止新建化工项目")
    qtbot.mouseClick(p.editButton, Qt.LeftButton)
    dialog = view.dialog
    assert dialog.textEdit.toPlainText() == "禁止新建化工项目"
    assert dialog.basisEdit.text() == "《化工园区认定管理办法》"
    dialog.textEdit.setPlainText("禁止新建、扩建化工项目")
    _accept(qtbot, dialog)
    assert access.getFeature(first)[schema.REQ_TEXT] == "禁止新建、扩建化工项目"
    assert stack.count() == 3

    # in place: the kind column with a double-click editor
    model = p.requirementTree.model()
    kind_cell = _index_of(view, "限制扩建").siblingAtColumn(1)
    assert kind_cell.flags() & Qt.ItemIsEditable
    assert model.setData(kind_cell, "鼓励", Qt.EditRole)
    qtbot.waitUntil(lambda: access.getFeature(second)[schema.REQ_KIND] == "鼓励")
    assert stack.count() == 4

    # reorder: the second moves up, above the first
    assert controller.move_requirement(second, -1)
    assert (
        access.getFeature(second)[schema.REQ_ORDER],
        access.getFeature(first)[schema.REQ_ORDER],
    ) == (1, 2)
    assert _texts(view)[SPACE] == ["禁止新建燃煤锅炉", "限制扩建", "禁止新建、扩建化工项目"]
    assert not controller.move_requirement(second, -1)  # already first: no command
    assert stack.count() == 5
    _select(view, "限制扩建")
    qtbot.mouseClick(p.downButton, Qt.LeftButton)
    assert _texts(view)[SPACE] == ["禁止新建燃煤锅炉", "禁止新建、扩建化工项目", "限制扩建"]
    assert stack.count() == 6

    # undo exactly one action at a time, through the layer's undo stack
    stack.undo()
    qtbot.waitUntil(
        lambda: _texts(view)[SPACE] == ["禁止新建燃煤锅炉", "限制扩建", "禁止新建、扩建化工项目"]
    )
    stack.undo()
    qtbot.waitUntil(
        lambda: _texts(view)[SPACE] == ["禁止新建燃煤锅炉", "禁止新建、扩建化工项目", "限制扩建"]
    )
    stack.undo()  # the kind
    qtbot.waitUntil(lambda: _tree(view)[SPACE][2][1] == "限制")
    stack.undo()  # the text
    qtbot.waitUntil(lambda: "禁止新建化工项目" in _texts(view)[SPACE])
    for _ in range(4):
        stack.redo()
    qtbot.waitUntil(
        lambda: _texts(view)[SPACE] == ["禁止新建燃煤锅炉", "禁止新建、扩建化工项目", "限制扩建"]
    )
    assert p.undoButton.isEnabled() and not p.redoButton.isEnabled()

    # delete with the button; undo with the panel's undo button
    _select(view, "禁止新建、扩建化工项目")
    qtbot.mouseClick(p.deleteButton, Qt.LeftButton)
    assert _texts(view)[SPACE] == ["禁止新建燃煤锅炉", "限制扩建"]
    assert not access.getFeature(first).isValid()
    qtbot.mouseClick(p.undoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(_texts(view)[SPACE]) == 3)
    qtbot.mouseClick(p.redoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: _texts(view)[SPACE] == ["禁止新建燃煤锅炉", "限制扩建"])

    # a third requirement, in another dimension, gets that dimension's first id
    third = controller.add_requirement({schema.REQ_DIMENSION: RISK, schema.REQ_TEXT: "应急"})
    assert access.getFeature(third)[schema.REQ_ID] == f"{UNIT}-3-01"

    # save as usual in QGIS, then read the file again
    assert access.commitChanges()
    qtbot.waitUntil(lambda: "限制扩建" in _texts(view)[SPACE])
    reopened = QgsVectorLayer(f"{path}|layername=access_list", "r", "ogr")
    saved = {
        f[schema.REQ_ID]: (
            f[schema.REQ_DIMENSION],
            f[schema.REQ_KIND],
            f[schema.REQ_TEXT],
            f[schema.REQ_ORDER],
        )
        for f in reopened.getFeatures()
        if f[schema.REQ_SCOPE_CODE] == UNIT
    }
    assert saved == {
        f"{UNIT}-1-02": (SPACE, "鼓励", "限制扩建", 2),
        f"{UNIT}-3-01": (RISK, None, "应急", 1),
    }
    assert reopened.featureCount() == len(REQUIREMENTS) + 2


def test_changes_on_the_layer_show_in_the_panel(dock, project_db, qtbot):
    view, controller = dock
    units, access, _ = project_db
    controller.set_unit(units, _unit_fid(units))
    # as in the attribute table: edit a value, add a row, roll back
    access.startEditing()
    x1 = _fid(access, "X1")
    access.changeAttributeValue(
        x1, access.fields().indexOf(schema.REQ_TEXT), "限制高耗水、高耗能行业"
    )
    qtbot.waitUntil(lambda: _texts(view)[RESOURCES] == ["限制高耗水、高耗能行业"])
    f = QgsFeature(access.fields())
    f[schema.REQ_ID], f[schema.REQ_SCOPE_LEVEL], f[schema.REQ_SCOPE_CODE] = "T1", "单元", UNIT
    f[schema.REQ_DIMENSION], f[schema.REQ_TEXT], f[schema.REQ_STATUS] = RISK, "表中新增", "有效"
    assert access.addFeature(f)
    qtbot.waitUntil(lambda: "表中新增" in _texts(view)[RISK])
    assert _tree(view)[RISK][-1][3]  # the unit's own row: editable here
    c1 = _fid(access, "C1")
    access.changeAttributeValue(c1, access.fields().indexOf(schema.REQ_STATUS), "废止")
    qtbot.waitUntil(lambda: "建立突发环境事件应急预案" not in _texts(view)[RISK])
    access.rollBack()
    qtbot.waitUntil(lambda: _texts(view)[RISK] == ["建立突发环境事件应急预案"])
    assert _texts(view)[RESOURCES] == ["限制高耗水行业"]
    # the unit itself changes class: the class rows follow
    units.startEditing()
    units.changeAttributeValue(_unit_fid(units), units.fields().indexOf(schema.UNIT_CLASS), 3)
    qtbot.waitUntil(lambda: "一般管控单元条款" in _texts(view)[POLLUTION])
    units.rollBack()


def test_filter_by_kind_and_dimension_and_search(dock, project_db, qtbot):
    view, controller = dock
    units, access, _ = project_db
    controller.set_unit(units, _unit_fid(units))
    p = view.panel
    p.kindFilter.setCurrentIndex(p.kindFilter.findData("限制"))
    assert _texts(view) == {
        POLLUTION: ["重点管控单元执行特别排放限值"],
        RESOURCES: ["限制高耗水行业"],
    }
    assert "2 of 5" in p.countLabel.text()
    p.dimensionFilter.setCurrentIndex(p.dimensionFilter.findData(RESOURCES))
    assert _texts(view) == {RESOURCES: ["限制高耗水行业"]}
    p.kindFilter.setCurrentIndex(0)
    assert _texts(view) == {RESOURCES: ["限制高耗水行业"]}
    p.dimensionFilter.setCurrentIndex(0)
    assert len(_texts(view)) == 4
    p.searchEdit.setText("燃煤")  # Chinese arrives through the input method, not key clicks
    assert _texts(view) == {SPACE: ["禁止新建燃煤锅炉"]}
    p.searchEdit.clear()
    qtbot.keyClicks(p.searchEdit, "c26")  # industry codes, case-insensitive
    assert _texts(view) == {POLLUTION: ["重点管控单元执行特别排放限值"]}
    p.searchEdit.setText("C26 燃煤")  # all words must match
    assert _texts(view) == {}
    assert "0 of 5" in p.countLabel.text()
    p.searchEdit.clear()
    # filters stay when the list is refreshed after an edit
    p.kindFilter.setCurrentIndex(p.kindFilter.findData("鼓励"))
    controller.add_requirement(
        {schema.REQ_DIMENSION: SPACE, schema.REQ_KIND: "鼓励", schema.REQ_TEXT: "鼓励清洁能源"}
    )
    assert _texts(view) == {SPACE: ["鼓励清洁能源"]}
    access.rollBack()


def test_region_requirements_by_membership(dock, project_db, qtbot):
    view, controller = dock
    units, access, _ = project_db
    regions = memory_layer(
        "区域",
        [(None, {"QYBH": "R01", "QYMC": "沿江区域", "CYDM": "990101, 990103"})],
        {"QYBH": "string", "QYMC": "string", "CYDM": "string"},
        geometry="None",
    )
    f = QgsFeature(access.fields())
    f[schema.REQ_ID], f[schema.REQ_SCOPE_LEVEL], f[schema.REQ_SCOPE_CODE] = "R1", "区域", "R01"
    f[schema.REQ_DIMENSION], f[schema.REQ_TEXT], f[schema.REQ_STATUS] = SPACE, "沿江一公里", "有效"
    assert access.dataProvider().addFeatures([f])[0]
    controller.set_unit(units, _unit_fid(units))
    assert "沿江一公里" not in _texts(view)[SPACE]  # no region layer yet
    QgsProject.instance().addMapLayer(regions)
    controller.set_unit(units, _unit_fid(units))
    assert _texts(view)[SPACE] == ["禁止新建燃煤锅炉", "沿江一公里"]  # 区域 after 省级
    assert _tree(view)[SPACE][1][0] == "区域 R01"
    controller.set_unit(units, _unit_fid(units, "ZH99010220001"))  # county 990102
    assert "沿江一公里" not in _texts(view)[SPACE]


def test_rows_with_the_panels_former_ids_load_and_stay(dock, project_db, qtbot):
    """Rows the panel made before ids followed the core's rule ({unit}-001) are the unit's own
    rows as before; a new row gets an id by the rule, numbered past the rows in use."""
    view, controller = dock
    units, access, _ = project_db
    features = []
    for rid, dim, text, order in (
        (f"{UNIT}-001", SPACE, "旧条款甲", 1),
        (f"{UNIT}-002", RISK, "旧条款乙", 1),
    ):
        f = QgsFeature(access.fields())
        f[schema.REQ_ID], f[schema.REQ_SCOPE_LEVEL], f[schema.REQ_SCOPE_CODE] = rid, "单元", UNIT
        f[schema.REQ_CLASS_FILTER], f[schema.REQ_DIMENSION], f[schema.REQ_TEXT] = 0, dim, text
        f[schema.REQ_STATUS], f[schema.REQ_ORDER] = "有效", order
        features.append(f)
    assert access.dataProvider().addFeatures(features)[0]
    controller.set_unit(units, _unit_fid(units))
    tree = _tree(view)
    assert tree[SPACE][1] == ("单元", "", "旧条款甲", True)
    assert tree[RISK][1] == ("单元", "", "旧条款乙", True)

    assert controller.update_requirement(
        _fid(access, f"{UNIT}-001"), {schema.REQ_TEXT: "旧条款甲改"}
    )
    added = controller.add_requirement({schema.REQ_DIMENSION: SPACE, schema.REQ_TEXT: "新条款"})
    assert access.getFeature(added)[schema.REQ_ID] == f"{UNIT}-1-02"
    assert access.getFeature(added)[schema.REQ_ORDER] == 2
    assert access.commitChanges()
    own = {
        f[schema.REQ_ID]: f[schema.REQ_TEXT]
        for f in access.getFeatures()
        if f[schema.REQ_SCOPE_CODE] == UNIT
    }
    assert own == {f"{UNIT}-001": "旧条款甲改", f"{UNIT}-002": "旧条款乙", f"{UNIT}-1-02": "新条款"}
