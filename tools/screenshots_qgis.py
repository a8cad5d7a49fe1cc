"""Runs inside QGIS desktop (qgis --code): load the sample city, run the plugin's
chain, open its panels and save screenshots. Driven by tools/screenshots.sh."""

import os
import sys
import traceback
from pathlib import Path

from qgis.core import QgsApplication, QgsGeometry, QgsPointXY, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QDockWidget, QLineEdit
from qgis.utils import iface, plugins

OUT = Path(os.environ["ECOZONING_SCREENSHOT_DIR"])
ROOT = Path(os.environ["ECOZONING_ROOT"])
WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "ecozoning-screenshots"
STATE = {}
SCREEN = os.environ.get("ECOZONING_SCREEN", "1600x1000")
PANEL_SHOTS = ("03_", "04_", "05_")


def log(message):
    print(f"ECOZONING {message}", file=sys.stderr, flush=True)


def shot(name, widget=None):
    """Pictures at 1600×1000 keep their names; other screen sizes get the size appended."""
    if SCREEN != "1600x1000":
        if not name.startswith(PANEL_SHOTS):
            return  # at the other screen sizes only the panels are pictured
        name = name.replace(".png", f"_{SCREEN}.png")
    QgsApplication.processEvents()
    (widget or iface.mainWindow()).grab().save(str(OUT / name))
    log(f"saved {name}")


def plugin():
    return plugins.get("eco_zoning")


def layer_named(name):
    layers = QgsProject.instance().mapLayersByName(name)
    return layers[0] if layers else None


def widen(*docks, share=0.3):
    """The right dock area at ``share`` of the window's width; stacked docks split its height
    40 / 60 (as a user would drag them)."""
    from qgis.PyQt.QtCore import Qt

    window = iface.mainWindow()
    QgsApplication.processEvents()
    window.resizeDocks([docks[0]], [int(window.width() * share)], Qt.Orientation.Horizontal)
    if len(docks) == 2:
        height = window.height() - 200
        window.resizeDocks(
            list(docks), [int(height * 0.4), int(height * 0.6)], Qt.Orientation.Vertical
        )


def show_only(*docks):
    for dock in iface.mainWindow().findChildren(QDockWidget):
        if dock.objectName().startswith("EcoZoning") or dock.objectName() in (
            "Browser",
            "Browser2",
            "LayerStyling",
            "Overview",
            "ProcessingToolbox",
            "AdvancedDigitizingTools",
        ):
            dock.hide()
    for dock in docks:
        dock.show()
        dock.raise_()


STEPS = []


def step(function):
    STEPS.append(function)
    return function


@step
def diagnose(next_step):
    """Say what the plugin set up (QGIS shows start-up errors only in its window)."""
    p = plugin()
    log(f"plugin panels: {[d.objectName() for d in p.docks]}, actions: {len(p.actions)}")
    if p.init_error:
        log("initGui error: " + p.init_error)
    next_step()


@step
def sample_city(next_step):
    iface.mainWindow().showMaximized()
    show_only()
    plugin().load_sample_data()
    QTimer.singleShot(3000, lambda: (shot("01_sample_city.png"), next_step()))


@step
def toolbox(next_step):
    dock = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
    show_only(dock)
    filters = dock.findChildren(QLineEdit)
    if filters:
        filters[0].setText("ecozoning")
    QTimer.singleShot(1500, lambda: (shot("02_processing_toolbox.png"), next_step()))


@step
def units_and_panels(next_step):
    import processing

    from tools import demo_chain  # the repository root is on PYTHONPATH (screenshots.sh)

    WORK.mkdir(parents=True, exist_ok=True)
    outputs = demo_chain.run_chain(
        ROOT / "resources" / "sample" / "sample_city.gpkg", WORK, processing, log=log
    )
    STATE["outputs"] = outputs
    demo_chain.load_results(outputs, QgsProject.instance(), iface)
    root = QgsProject.instance().layerTreeRoot()
    for name in (
        "永久基本农田",
        "乡镇街道",
        "河流",
        "自然保护地",
        "大气环境重点管控区",
        "生态保护红线",
        "城镇开发边界",
        "饮用水水源保护区",
        "产业园区",
    ):
        layer = layer_named(name)
        if layer is not None and root.findLayer(layer.id()) is not None:
            root.findLayer(layer.id()).setItemVisibilityChecked(False)
    if layer_named("质检结果") is not None:
        root.findLayer(layer_named("质检结果").id()).setItemVisibilityChecked(False)
    units = layer_named("环境管控单元")
    p = plugin()
    show_only(p.unit_dock, p.access_dock)
    p.unit_dock.set_layer(units)
    iface.setActiveLayer(units)
    key = next(
        (
            f
            for f in units.getFeatures()
            if f["ZHGKDYFL"] == 2 and "园区" in (f["HJZHGKDYMC"] or "")
        ),
        None,
    )
    if key is not None:
        units.selectByIds([key.id()])
    widen(p.unit_dock, p.access_dock)
    tree = p.access_dock.panel.requirementTree
    model = tree.model()
    if model is not None and model.rowCount() and model.rowCount(model.index(0, 0)):
        tree.setCurrentIndex(model.index(0, 0, model.index(0, 0)))
    canvas = iface.mapCanvas()
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(units, units.extent()))
    QTimer.singleShot(4000, lambda: (shot("03_units.png"), next_step()))


@step
def check_results(next_step):
    p = plugin()
    errors = layer_named("质检结果")
    root = QgsProject.instance().layerTreeRoot()
    root.findLayer(errors.id()).setItemVisibilityChecked(True)
    show_only(p.check_dock)
    widen(p.check_dock, share=0.34)
    p.check_dock.set_layer(errors)
    table = p.check_dock.panel.errorTable
    if table.model().rowCount():
        severity = p.check_dock.panel.severityFilter
        severity.setCurrentIndex(max(severity.findData("警告"), 0))
        p.check_dock.select_row(min(2, table.model().rowCount() - 1))
    QTimer.singleShot(3000, lambda: (shot("04_check_results.png"), next_step()))


@step
def quick_check(next_step):
    p = plugin()
    root = QgsProject.instance().layerTreeRoot()
    root.findLayer(layer_named("质检结果").id()).setItemVisibilityChecked(False)
    for name in ("生态保护红线", "永久基本农田"):
        layer = layer_named(name)
        if layer is not None:
            root.findLayer(layer.id()).setItemVisibilityChecked(True)
    show_only(p.quick_dock)
    widen(p.quick_dock)
    units = layer_named("环境管控单元")
    p.quick_dock.panel.unitsCombo.setLayer(units)
    access = layer_named("生态环境准入清单")
    if access is not None:
        p.quick_dock.panel.accessCombo.setLayer(access)
    p.quick_controller.refresh_layers()
    p.quick_dock.panel.industryEdit.setText("2614")
    p.quick_controller.set_industry("2614")
    park = layer_named("产业园区")
    target = (
        next(park.getFeatures()).geometry().centroid()
        if park is not None
        else units.extent().center()
    )
    point = target.asPoint() if hasattr(target, "asPoint") else target
    p.quick_controller.check_geometry(
        QgsGeometry.fromPointXY(QgsPointXY(point)), (park or units).crs(), "园区新建化工项目"
    )
    extent = QgsGeometry.fromPointXY(QgsPointXY(point)).buffer(6000, 8).boundingBox()
    iface.mapCanvas().setExtent(
        iface.mapCanvas().mapSettings().layerExtentToOutputExtent(park or units, extent)
    )
    QTimer.singleShot(3500, lambda: (shot("05_quick_check.png"), next_step()))


def _shared_vertex(units, feature):
    """A vertex of ``feature`` shared with a neighbour, the neighbour, and its index."""
    g = feature.geometry()
    for other in units.getFeatures(g.boundingBox()):
        if other.id() == feature.id() or not g.touches(other.geometry()):
            continue
        shared = [
            (i, v)
            for i, v in enumerate(g.vertices())
            if other.geometry().distance(QgsGeometry(v.clone())) < 1e-7
        ]
        if len(shared) >= 5:
            return shared[len(shared) // 2], other
    return None, None


@step
def boundary_editing(next_step):
    """单元边界编辑模式 on, then a plain vertex move into the neighbour: the live check warns."""
    p = plugin()
    root = QgsProject.instance().layerTreeRoot()
    for name in ("生态保护红线", "永久基本农田", "质检结果"):
        layer = layer_named(name)
        if layer is not None and root.findLayer(layer.id()) is not None:
            root.findLayer(layer.id()).setItemVisibilityChecked(False)
    units = layer_named("环境管控单元")
    iface.setActiveLayer(units)
    show_only()
    p.boundary_desk.action.setChecked(True)
    show_only(p.boundary_desk.dock)
    features = sorted(units.getFeatures(), key=lambda f: -f.geometry().area())
    chosen = next(
        (
            (f, *_shared_vertex(units, f))
            for f in features[:40]
            if _shared_vertex(units, f)[0] is not None
        ),
        None,
    )
    if chosen is None:
        log("boundary editing: no shared vertex found")
        next_step()
        return
    feature, (index, vertex), neighbour = chosen
    units.removeSelection()
    extent = feature.geometry().boundingBox()
    extent.combineExtentWith(neighbour.geometry().boundingBox())
    canvas = iface.mapCanvas()
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(units, extent))
    p.boundary_desk.dock.panel.reasonEdit.setText("园区四至调整")

    def move():
        shot("07_boundary_editing_mode.png")
        target = neighbour.geometry().pointOnSurface().asPoint()
        x, y = vertex.x(), vertex.y()
        moved = units.moveVertex(
            x + 0.4 * (target.x() - x), y + 0.4 * (target.y() - y), feature.id(), index
        )
        live = p.boundary_desk.controller.live
        log(f"vertex {index} of {feature.id()} moved: {moved}; editable {units.isEditable()}")
        try:
            problems = live.run()
            log(f"live check: {[(q[0], round(q[1])) for q in problems]}")
        except Exception:
            log("live check failed: " + traceback.format_exc())
        biggest = max(range(len(live.problems)), key=lambda k: live.problems[k][1], default=None)
        if biggest is not None:
            p.boundary_desk.dock.panel.problemList.setCurrentRow(biggest)
            p.boundary_desk.zoom_to_problem(biggest)
        QTimer.singleShot(3000, after)

    def after():
        shot("08_live_check_warning.png")
        p.boundary_desk.action.setChecked(False)
        units.rollBack()
        next_step()

    QTimer.singleShot(3000, move)


@step
def delineation_dialog(next_step):
    from processing import createAlgorithmDialog

    show_only()
    dialog = createAlgorithmDialog("ecozoning:delineateunits")
    dialog.resize(1100, 820)
    dialog.show()

    def take():
        shot("06_delineation_dialog.png", dialog)
        dialog.close()
        next_step()

    QTimer.singleShot(2000, take)


def run(index=0):
    if index >= len(STEPS):
        log("done")
        QTimer.singleShot(500, QgsApplication.instance().quit)
        return
    try:
        STEPS[index](lambda: run(index + 1))
    except Exception:
        log("step failed: " + traceback.format_exc())
        run(index + 1)


OUT.mkdir(parents=True, exist_ok=True)
QTimer.singleShot(3000, run)
