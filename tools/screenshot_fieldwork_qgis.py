"""Runs inside QGIS desktop (qgis --code): open the demo's field-review package
(out/fieldwork_990121/fieldwork.qgs, written by `make demo`) and save a screenshot of a
unit's form on its 准入清单 tab beside the map. Driven by tools/screenshots.sh fieldwork."""

import os
import sys
import traceback
from pathlib import Path

from qgis.core import QgsApplication, QgsProject
from qgis.gui import QgsDualView
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QTabWidget
from qgis.utils import iface

OUT = Path(os.environ["ECOZONING_SCREENSHOT_DIR"])
ROOT = Path(os.environ["ECOZONING_ROOT"])
PACKAGE = ROOT / "out" / "fieldwork_990121" / "fieldwork.qgs"
STATE = {}


def log(message):
    print(f"ECOZONING {message}", file=sys.stderr, flush=True)


def open_package():
    iface.mainWindow().setGeometry(0, 0, 1600, 1000)
    if not QgsProject.instance().read(str(PACKAGE)):
        log(f"cannot read {PACKAGE}")
        QgsApplication.instance().quit()
        return
    QTimer.singleShot(3000, open_form)


def open_form():
    units = QgsProject.instance().mapLayersByName("环境管控单元")[0]
    feature = next(f for f in units.getFeatures() if f["ZHGKDYFL"] == 1)
    iface.mapCanvas().setExtent(units.extent())
    iface.mapCanvas().refresh()
    units.selectByIds([feature.id()])
    dialog = iface.getFeatureForm(units, feature)
    dialog.resize(900, 640)
    dialog.move(690, 200)
    dialog.show()
    STATE["dialog"] = dialog
    for tabs in dialog.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if tabs.tabText(index) == "准入清单":
                tabs.setCurrentIndex(index)
    for view in dialog.findChildren(QgsDualView):  # the related list as a table
        view.setView(QgsDualView.ViewMode.AttributeTable)
    QTimer.singleShot(3000, take)


def take():
    QgsApplication.processEvents()
    screen = QApplication.primaryScreen().grabWindow(0)
    screen.save(str(OUT / "07_field_package.png"))
    log("saved 07_field_package.png")
    STATE["dialog"].close()
    QTimer.singleShot(500, QgsApplication.instance().quit)


def run():
    try:
        open_package()
    except Exception:
        log("failed: " + traceback.format_exc())
        QgsApplication.instance().quit()


OUT.mkdir(parents=True, exist_ok=True)
QTimer.singleShot(3000, run)
