"""Runs inside QGIS desktop (qgis --code), driven by tools/qgis_quit_check.sh: load the
sample city, open every panel of the plugin with a layer in each, select a unit, click in
准入研判, then quit QGIS. The shell script checks that QGIS exits cleanly."""

import sys
import traceback

from qgis.core import QgsApplication, QgsGeometry, QgsPointXY, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface, plugins


def log(message):
    print(f"ECOZONING {message}", file=sys.stderr, flush=True)


def open_everything():
    try:
        p = plugins["eco_zoning"]
        p.load_sample_data()
        for dock in p.docks:
            dock.show()
        layers = QgsProject.instance().mapLayersByName("区县")
        counties = layers[0] if layers else None
        if counties is not None:
            p.unit_dock.set_layer(counties)
            counties.selectByIds([next(counties.getFeatures()).id()])
            p.quick_dock.panel.unitsCombo.setLayer(counties)
            p.unit_dock.panel.pickButton.setChecked(True)
            p.quick_dock.toolRequested.emit("point")
            centre = counties.extent().center()
            p.quick_controller.check_geometry(
                QgsGeometry.fromPointXY(QgsPointXY(centre)), counties.crs()
            )
        log(f"panels open: {[d.objectName() for d in p.docks if d.isVisible()]}")
    except Exception:
        log("failed: " + traceback.format_exc())
    QTimer.singleShot(3000, unload_and_act)


def unload_and_act():
    """Untick the plugin (as in the Plugin Manager), then use the project: edits, a new
    project. Any slot of the plugin still connected would raise here."""
    from qgis.utils import loadPlugin, startPlugin, unloadPlugin

    try:
        unloadPlugin("eco_zoning")
        counties = QgsProject.instance().mapLayersByName("区县")[0]
        counties.selectAll()
        counties.startEditing()
        counties.deleteFeatures(counties.selectedFeatureIds()[:1])
        counties.rollBack()
        iface.newProject(False)
        QgsApplication.processEvents()
        log("acted on the project after unload")
        loadPlugin("eco_zoning")
        startPlugin("eco_zoning")
    except Exception:
        log("failed: " + traceback.format_exc())
    QTimer.singleShot(2000, open_again)


def open_again():
    p = plugins["eco_zoning"]
    p.load_sample_data()
    for dock in p.docks:
        dock.show()
    log(f"reloaded, panels open: {len([d for d in p.docks if d.isVisible()])}")
    QTimer.singleShot(3000, lambda: quit_when_idle(60))


def quit_when_idle(tries: int):
    """Quit once the panels' background tasks (the 准入研判 index) are done: QGIS itself
    asks before quitting over running tasks, which is its dialog, not the plugin's. On a
    loaded machine the index takes longer than the 3 s given above."""
    if QgsApplication.taskManager().countActiveTasks() and tries > 0:
        QTimer.singleShot(1000, lambda: quit_when_idle(tries - 1))
        return
    quit_qgis()


def quit_qgis():
    log(f"quitting ({QgsApplication.taskManager().countActiveTasks()} tasks running)")
    QgsProject.instance().setDirty(False)  # no "save the project?" question
    for section in (QgsSettings.Section.NoSection, QgsSettings.Section.App):
        QgsSettings().setValue("askToSaveMemoryLayers", False, section)  # nor "temporary layers?"
    QTimer.singleShot(10000, report_blocker)
    iface.actionExit().trigger()  # QGIS's own exit: closes the window, unloads the plugins


def report_blocker():
    """A dialog that holds up the exit is a failure: say which, and answer it."""
    from qgis.PyQt.QtWidgets import QApplication

    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        text = getattr(dialog, "text", lambda: "")()
        log(f"exit held up by a dialog: {dialog.windowTitle()} {text}")
        dialog.reject() if hasattr(dialog, "reject") else dialog.close()


_hook = sys.excepthook


def _log_exception(*info):
    log("Traceback: " + "".join(traceback.format_exception(*info)))
    _hook(*info)


sys.excepthook = _log_exception
QTimer.singleShot(3000, open_everything)
