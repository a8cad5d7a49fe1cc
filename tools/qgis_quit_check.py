"""Runs inside QGIS desktop (qgis --code), driven by tools/qgis_quit_check.sh: load the
sample city, open every panel of the plugin with a layer in each, select a unit, click in
准入研判, then quit QGIS. The shell script checks that QGIS exits cleanly."""

import sys
import traceback

from qgis.core import QgsApplication, QgsGeometry, QgsPointXY, QgsProject
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
    QTimer.singleShot(3000, quit_qgis)


def quit_qgis():
    log("quitting")
    QgsProject.instance().setDirty(False)  # no "save the project?" question
    iface.actionExit().trigger()  # QGIS's own exit: closes the window, unloads the plugins


QTimer.singleShot(3000, open_everything)
