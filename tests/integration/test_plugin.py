"""The plugin loads into QGIS, registers its provider and leaves nothing behind."""

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QEvent
from qgis.PyQt.QtWidgets import QMenu, QToolBar


def _plugin(qgis_iface):
    import eco_zoning

    return eco_zoning.classFactory(qgis_iface)


@pytest.fixture(autouse=True)
def provider_slot_free():
    """The plugin registers its own provider: free the slot, restore it afterwards."""
    from eco_zoning.processing_provider.provider import EcoZoningProvider

    registry = QgsApplication.processingRegistry()
    had = registry.providerById("ecozoning") is not None
    if had:
        registry.removeProvider("ecozoning")
    yield
    if had and registry.providerById("ecozoning") is None:
        registry.addProvider(EcoZoningProvider())


def test_load_and_unload_leave_nothing_behind(qgis_iface):
    registry = QgsApplication.processingRegistry()
    window = qgis_iface.mainWindow()
    menus_before = len(window.menuBar().actions())

    from qgis.core import QgsProject

    receivers_before = QgsProject.instance().receivers(QgsProject.instance().layersAdded)
    plugin = _plugin(qgis_iface)
    plugin.initGui()
    provider = registry.providerById("ecozoning")
    assert provider is not None
    assert {a.name() for a in provider.algorithms()} >= {"createproject"}
    assert len(window.menuBar().actions()) == menus_before + 1
    assert len(plugin.actions) >= 5
    assert window.findChild(QToolBar, "EcoZoningToolbar") is plugin.toolbar
    assert plugin.init_error is None
    assert [d.objectName() for d in plugin.docks] == [
        "EcoZoningUnitDock",
        "EcoZoningAccessListDock",
        "EcoZoningCheckResultsDock",
        "EcoZoningQuickCheckDock",
        "EcoZoningBoundaryEditingDock",
    ]
    # every algorithm of the provider (the two of 外业核查 in its submenu), the submenu's
    # export, import and conflicts, the sample data, one toggle per panel, the boundary
    # editing mode
    assert len(plugin.actions) == len(provider.algorithms()) - 2 + 3 + 1 + 4 + 1
    fieldwork = plugin.menu.findChild(QMenu, "EcoZoningFieldworkMenu")
    assert [a.objectName() for a in fieldwork.actions()] == [
        "EcoZoning_exportfieldpackage",
        "EcoZoning_importfieldreview",
        "EcoZoning_fieldconflicts",
    ]
    assert all(a.isCheckable() for a in plugin.actions[-5:])
    mode = plugin.actions[-1]
    assert mode.objectName() == "EcoZoningBoundaryEditingMode"
    assert mode in plugin.toolbar.actions() and mode in plugin.menu.actions()

    plugin.unload()
    QgsApplication.processEvents()
    QgsApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert registry.providerById("ecozoning") is None
    assert len(window.menuBar().actions()) == menus_before
    assert plugin.actions == [] and plugin.menu is None and plugin.toolbar is None
    assert window.findChild(QToolBar, "EcoZoningToolbar") is None
    assert plugin.docks == [] and plugin.quick_controller is None
    from qgis.core import QgsProject

    assert QgsProject.instance().receivers(QgsProject.instance().layersAdded) == receivers_before
    assert window.findChild(QMenu, "EcoZoningMenu") is None


def fieldwork_actions(plugin):
    submenu = plugin.menu.findChild(QMenu, "EcoZoningFieldworkMenu")
    return submenu.actions() if submenu is not None else []


def test_menu_is_grouped_with_every_algorithm_and_distinct_icons(qgis_iface):
    plugin = _plugin(qgis_iface)
    plugin.initGui()
    try:
        provider = QgsApplication.processingRegistry().providerById("ecozoning")
        names = {a.objectName().removeprefix("EcoZoning_") for a in plugin.actions}
        assert {a.name() for a in provider.algorithms()} <= names
        separators = [a for a in plugin.menu.actions() if a.isSeparator()]
        assert len(separators) >= 4  # 划定 | 质检 | 清单 | 研判 | sample data | panels
        # the 外业核查 submenu's entries are text-only (the submenu has the icon)
        top = [a for a in plugin.actions if a not in fieldwork_actions(plugin)]
        icons = [a.icon().pixmap(32).toImage() for a in top]
        assert all(not a.icon().isNull() for a in top)
        assert len({bytes(i.constBits().asarray(i.sizeInBytes())) for i in icons}) == len(icons)
    finally:
        plugin.unload()


def test_after_unload_the_project_can_be_used_without_errors(qgis_iface, qtbot, tmp_path):
    """Nothing of the plugin still listens: layers the panels held are edited, removed and
    the project is cleared (工程→新建) after unload; the map tools are QGIS's again."""
    from layers import box, memory_layer
    from qgis.core import QgsProject

    from eco_zoning.plugin.core import schema

    project = QgsProject.instance()
    units = memory_layer(
        "环境管控单元",
        [(box(0, 0, 1, 1), {schema.UNIT_CODE: "ZH99010110001", schema.UNIT_CLASS: 1})],
        {schema.UNIT_CODE: "string", schema.UNIT_CLASS: "integer"},
    )
    red_line = memory_layer("生态保护红线", [(box(0, 0, 1, 1), {})], {"n": "string"})
    project.addMapLayers([units, red_line])
    plugin = _plugin(qgis_iface)
    plugin.initGui()
    canvas = qgis_iface.mapCanvas()
    plugin.unit_dock.set_layer(units)
    units.selectByIds([next(units.getFeatures()).id()])
    plugin.unit_dock.panel.pickButton.setChecked(True)
    assert canvas.mapTool() is plugin.unit_controller.map_tool
    plugin.quick_dock.panel.unitsCombo.setLayer(units)
    plugin.quick_dock.toolRequested.emit("point")
    assert canvas.mapTool() is plugin.quick_controller.tool
    plugin.unload()
    QgsApplication.processEvents()
    QgsApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert canvas.mapTool() is None
    # act on the project: edits, selection, new layers, removal, a new project
    units.startEditing()
    units.changeAttributeValue(next(units.getFeatures()).id(), 1, 2)
    units.selectAll()
    units.rollBack()
    red_line.startEditing()
    red_line.deleteFeatures([f.id() for f in red_line.getFeatures()])
    red_line.rollBack()
    project.addMapLayer(memory_layer("永久基本农田", [(box(0, 0, 1, 1), {})], {"n": "string"}))
    project.removeMapLayer(red_line.id())
    project.clear()
    qtbot.wait(1000)  # timers the panels had started (index rebuild, refresh) would fire now


def test_missing_dependency_shows_a_message_not_an_import_error(qgis_iface, monkeypatch):
    """A short line in the message bar, the full instructions behind "Details", in Chinese."""
    from eco_zoning.plugin import i18n
    from eco_zoning.plugin import plugin as plugin_module

    monkeypatch.setattr(
        plugin_module, "missing_requirements", lambda: ["shapely>=2.0 (found 1.8.5)"]
    )
    shown = []
    monkeypatch.setattr(
        qgis_iface.messageBar(), "pushWidget", lambda *args: shown.append(args), raising=False
    )
    translator = i18n.install_translator("zh_CN")
    plugin = _plugin(qgis_iface)
    plugin.initGui()
    try:
        assert shown, "no message-bar message"
        item, button, full = plugin.install_notice
        assert shown[0][0] is item
        assert "shapely>=2.0" in full and "pip install" in full
        assert "需要" in full and "需要" in item.text()
        assert "pip install" not in item.text()  # the bar holds one short line
        assert button.text() == "详细信息"
    finally:
        plugin.unload()
        i18n.remove_translator(translator)


def test_algorithm_without_dependencies_stops_with_instructions(monkeypatch, processing_ready):
    import pytest
    from qgis.core import QgsProcessingException

    from eco_zoning.plugin import dependencies
    from eco_zoning.processing_provider.base import EcoZoningAlgorithm

    class NeedsCore(EcoZoningAlgorithm):
        NAME = "probe"
        GROUP = "project"

    monkeypatch.setattr(
        dependencies, "missing_requirements", lambda: ["pandas>=1.1 (not installed)"]
    )
    with pytest.raises(QgsProcessingException, match="pandas>=1.1"):
        NeedsCore().require_core()


def test_chinese_translation_loads(qgis_app):
    from eco_zoning.plugin import i18n

    translator = i18n.install_translator("zh_CN")
    assert translator is not None, "i18n/eco_zoning_zh_CN.qm missing: run make setup"
    try:
        assert i18n.tr("Project database") == "工程库"
        assert (
            QgsApplication.translate("EcoZoningPlugin", "Ecological-environment zoning")
            == "生态环境分区管控"
        )
        assert (
            QgsApplication.translate("CreateProjectDatabase", "Create zoning project database")
            == "新建分区管控工程库"
        )
    finally:
        i18n.remove_translator(translator)
    assert i18n.tr("Project database") == "Project database"


def test_every_source_string_is_translated():
    """The shipped .ts holds every tr() string of the sources, all translated."""
    import subprocess
    import tempfile
    from pathlib import Path

    import pytest

    root = Path(__file__).resolve().parents[2]
    sources = subprocess.run(
        ["git", "ls-files", "*.py", "*.ui"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    sources = [s for s in sources if not s.startswith(("tests/", "tools/", "bench/"))]
    if not sources:
        pytest.skip("not a git checkout")
    import xml.etree.ElementTree as ET

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.ts"
        subprocess.run(
            ["pylupdate5", *sources, "-ts", str(fresh)], cwd=root, check=True, capture_output=True
        )
        wanted = {
            (c.findtext("name"), m.findtext("source"))
            for c in ET.parse(fresh).getroot().iter("context")
            for m in c.iter("message")
        }
    shipped = {}
    for c in ET.parse(root / "i18n" / "eco_zoning_zh_CN.ts").getroot().iter("context"):
        for m in c.iter("message"):
            t = m.find("translation")
            done = t is not None and t.text and t.get("type") not in ("unfinished", "obsolete")
            shipped[(c.findtext("name"), m.findtext("source"))] = bool(done)
    untranslated = sorted(k for k in wanted if not shipped.get(k))
    assert not untranslated, f"untranslated strings: {untranslated[:10]}"

    # pylupdate5 silently skips some calls (e.g. a trailing comma after the text): every
    # literal handed to tr()/translate() in the sources must have been extracted.
    import ast

    extracted = {source for _, source in wanted}
    missed = []
    for name in sources:
        if not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse((root / name).read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            texts = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            text = (
                texts[-1] if called in ("tr", "translate", "QT_TRANSLATE_NOOP") and texts else None
            )
            if (
                text is not None
                and not (called != "tr" and len(texts) < 2)
                and text not in extracted
            ):
                missed.append(f"{name}:{node.lineno} {text[:50]}")
    assert not missed, f"strings pylupdate5 did not extract: {missed[:10]}"


def test_base_class_messages_are_translated_at_run_time(processing_ready):
    """Strings of the algorithm base class reach the user in Chinese through any subclass."""
    from qgis.core import QgsVectorLayer

    from eco_zoning.plugin import i18n
    from eco_zoning.processing_provider.algorithms.delineate_units import DelineateUnits
    from eco_zoning.processing_provider.algorithms.unit_statistics import UnitStatistics

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "赤道图层", "memory")  # centred on 0°E
    translator = i18n.install_translator("zh_CN")
    try:
        with pytest.raises(Exception, match="图层 赤道图层 不在中国CGCS2000 3度带范围内"):
            DelineateUnits().working_crs(layer, layer.name())
        with pytest.raises(Exception, match="单元图层没有 XZQDM 字段"):
            UnitStatistics().unit_field_mapping({}, None, layer, {}, ("XZQDM",))
    finally:
        i18n.remove_translator(translator)


def test_every_panel_action_without_pandas_or_shapely_shows_the_install_message():
    """A fresh interpreter where pandas and shapely cannot be imported builds the panels and
    runs every user action: the install message each time, never an ImportError."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    tests = Path(__file__).resolve().parents[1]
    run = subprocess.run(
        [sys.executable, str(tests / "integration" / "panels_without_core.py"), str(tests)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            PYTHONPATH=f"{tests.parent}:{tests / 'integration'}",
        ),
    )
    assert run.returncode == 0 and "OK 9 actions" in run.stdout, run.stdout + run.stderr[-2000:]
