"""The docks fit and read well at 1366×768 and 1920×1080: small minimum sizes (stackable or
tabbed), the requirement text wraps in the widest column with a tooltip and a detail pane,
inherited rows are readable, the check table shows titles and full unit codes."""

from __future__ import annotations

import pytest
from layers import box
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QItemSelectionModel, Qt
from qgis.PyQt.QtGui import QPalette
from qgis.PyQt.QtWidgets import QApplication, QMainWindow, QTextEdit

from eco_zoning.plugin.adapters.project_db import add_relation
from eco_zoning.plugin.controllers.access_list_editor import AccessListController
from eco_zoning.plugin.controllers.check_results import CheckResultsController
from eco_zoning.plugin.controllers.unit_editor import UnitEditorController
from eco_zoning.plugin.core import schema
from eco_zoning.ui.access_list_dock import AccessListDock
from eco_zoning.ui.check_results_dock import CheckResultsDock
from eco_zoning.ui.quick_check_dock import QuickCheckDock
from eco_zoning.ui.unit_dock import UnitDock

UNIT = "ZH99010120001"
LONG = (
    "禁止新建、扩建钢铁、焦化、化工、有色冶炼、造纸、电镀等高污染项目；现有企业应当在二〇二五年底前"
    "完成超低排放改造，污染物排放总量只减不增，并按要求安装在线监测设备与生态环境部门联网。"
)
SPACE, POLLUTION, _, _ = schema.DIMENSIONS_ZH
REQUIREMENTS = [
    ("P1", "省级", "990000", SPACE, "禁止", LONG),
    ("C1", "市级", "990100", POLLUTION, "要求", "建立突发环境事件应急预案"),
    ("U1", "单元", UNIT, SPACE, "限制", "限制高耗水行业"),
]
SCREENS = [(1366, 768), (1920, 1080)]


@pytest.fixture
def project_layers(tmp_path, run_algorithm):
    path = tmp_path / "p.gpkg"
    run_algorithm("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    units = QgsVectorLayer(f"{path}|layername=units", "环境管控单元", "ogr")
    access = QgsVectorLayer(f"{path}|layername=access_list", "生态环境准入清单", "ogr")
    unit = QgsFeature(units.fields())
    unit.setGeometry(QgsGeometry.fromWkt(box(0, 0, 2, 2)))
    unit[schema.UNIT_CODE], unit[schema.UNIT_CLASS] = UNIT, 2
    unit[schema.UNIT_COUNTY_CODE], unit[schema.UNIT_NAME] = "990101", "澄湖化工园区重点管控单元"
    assert units.dataProvider().addFeatures([unit])[0]
    features = []
    for n, (rid, level, scope, dimension, kind, text) in enumerate(REQUIREMENTS):
        f = QgsFeature(access.fields())
        f[schema.REQ_ID], f[schema.REQ_SCOPE_LEVEL], f[schema.REQ_SCOPE_CODE] = rid, level, scope
        f[schema.REQ_DIMENSION], f[schema.REQ_KIND], f[schema.REQ_TEXT] = dimension, kind, text
        f[schema.REQ_STATUS], f[schema.REQ_ORDER] = "有效", n
        f[schema.REQ_CLASS_FILTER] = 0
        f[schema.REQ_SOURCE] = "市生态环境准入清单（2021）"
        features.append(f)
    assert access.dataProvider().addFeatures(features)[0]
    project = QgsProject.instance()
    project.addMapLayers([units, access])
    add_relation(units, access, project)
    yield units, access
    project.removeAllMapLayers()
    project.relationManager().clear()


def _window(qtbot, size, *docks):
    """A main window of the screen's size with the docks stacked in the right area."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QTextEdit())
    for dock in docks:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_every_dock_can_be_stacked_on_a_small_screen(qtbot, qgis_iface, processing_ready):
    docks = [UnitDock(), AccessListDock(), CheckResultsDock(), QuickCheckDock()]
    for dock in docks:
        qtbot.addWidget(dock)
        hint = dock.minimumSizeHint()
        assert hint.width() <= 360 and hint.height() <= 200, (dock.objectName(), hint)
    # four docks stacked in one dock area fit a 768-px screen, with room for menu and toolbars
    assert sum(d.minimumSizeHint().height() for d in docks) <= 768 - 200
    # and none of the panels needs more width than a dock area gets at 1366 px
    for dock in docks:
        dock.show()
        assert dock.panel.minimumSizeHint().width() <= 420, dock.objectName()


@pytest.mark.parametrize("size", SCREENS)
def test_requirement_text_wraps_in_the_widest_column(
    qtbot, qgis_iface, processing_ready, project_layers, size
):
    units, _ = project_layers
    unit_view, access_view = UnitDock(), AccessListDock()
    unit_controller = UnitEditorController(unit_view, qgis_iface)
    access_controller = AccessListController(access_view, qgis_iface)
    unit_controller.unitChanged.connect(access_controller.set_unit)
    window = _window(qtbot, size, unit_view, access_view)
    window.resizeDocks([unit_view], [size[0] // 4], Qt.Orientation.Horizontal)
    unit_view.set_layer(units)
    units.selectByIds([next(units.getFeatures()).id()])
    qtbot.wait(50)
    tree = access_view.panel.requirementTree
    model = tree.model()
    space = model.index(0, 0)
    assert model.rowCount(space) == 2
    widths = [tree.columnWidth(c) for c in range(model.columnCount())]
    text_column = widths.index(max(widths))
    assert model.headerData(text_column, Qt.Orientation.Horizontal) == "管控要求"
    assert widths[text_column] >= 0.5 * tree.viewport().width()
    long_row = next(
        model.index(r, text_column, space)
        for r in range(model.rowCount(space))
        if model.index(r, text_column, space).data() == LONG
    )
    line = tree.fontMetrics().height()
    assert tree.visualRect(long_row).height() >= 2 * line  # wrapped, not elided
    assert LONG in long_row.data(Qt.ItemDataRole.ToolTipRole)
    # more than one row of the tree is visible under the unit panel
    assert tree.viewport().height() >= 3 * line
    tree.selectionModel().setCurrentIndex(
        long_row, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert LONG in access_view.panel.detailView.toPlainText()
    assert "省级" in access_view.panel.detailView.toPlainText()
    access_controller.close()
    unit_controller.close()


def test_inherited_rows_are_readable_and_marked(
    qtbot, qgis_iface, processing_ready, project_layers
):
    units, _ = project_layers
    view = AccessListDock()
    qtbot.addWidget(view)
    controller = AccessListController(view, qgis_iface)
    controller.set_unit(units, next(units.getFeatures()).id())
    model = view.panel.requirementTree.model()
    rows = {}
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for r in range(model.rowCount(parent)):
            rows[model.index(r, 0, parent).data()] = model.index(r, 0, parent)
    inherited = next(i for label, i in rows.items() if label.startswith("省级"))
    own = next(i for label, i in rows.items() if label == "单元")
    disabled = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    foreground = inherited.data(Qt.ItemDataRole.ForegroundRole)
    assert foreground is None or foreground.color() != disabled  # not pale grey text
    assert inherited.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert own.data(Qt.ItemDataRole.BackgroundRole) is None
    inherited_icon = inherited.data(Qt.ItemDataRole.DecorationRole)
    own_icon = own.data(Qt.ItemDataRole.DecorationRole)
    assert not inherited_icon.isNull() and not own_icon.isNull()
    assert inherited_icon.pixmap(16).toImage() != own_icon.pixmap(16).toImage()
    controller.close()


def test_check_table_shows_titles_messages_and_full_codes(qtbot, qgis_iface, tmp_path):
    from layers import memory_layer

    fields = {s.name: ("double" if s.kind == "float" else "string") for s in schema.CHECK_FIELDS}
    codes = "ZH99010220001;ZH99010220002"
    message = "单元 ZH99010220001 与 ZH99010220002 重叠 12.5 平方米"
    layer = memory_layer(
        "质检结果",
        [
            (
                box(0, 0, 1, 1),
                {
                    schema.CHK_CODE: "T01",
                    schema.CHK_SEVERITY: "错误",
                    schema.CHK_UNITS: codes,
                    schema.CHK_COUNTY: "990102",
                    schema.CHK_AREA: 12.5,
                    schema.CHK_MESSAGE: message,
                    schema.CHK_STATUS: "待处理",
                },
            )
        ],
        fields,
    )
    QgsProject.instance().addMapLayer(layer)
    view = CheckResultsDock()
    controller = CheckResultsController(view, qgis_iface)
    window = _window(qtbot, SCREENS[0], view)
    window.resizeDocks([view], [420], Qt.Orientation.Horizontal)
    view.set_layer(layer)
    table = view.panel.errorTable
    model = table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["检查项", "单元编码", "说明"]  # what a reviewer reads comes first
    assert model.index(0, 0).data() == "T01 单元重叠"
    assert model.index(0, 2).data() == message
    metrics = table.fontMetrics()
    assert table.columnWidth(1) >= metrics.horizontalAdvance(codes)  # not cut off
    assert table.columnWidth(0) >= metrics.horizontalAdvance("T01 单元重叠")
    assert message in model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert controller.layer is layer
    controller.close()
    QgsProject.instance().removeMapLayer(layer.id())
