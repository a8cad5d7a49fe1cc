"""Runs inside QGIS desktop (qgis --code): load the sample city, run the plugin's
algorithms, open its panels and save screenshots. Driven by tools/screenshots.sh."""

import os
import sys
import traceback
from pathlib import Path

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QDockWidget, QLineEdit
from qgis.utils import iface, plugins

OUT = Path(os.environ["ECOZONING_SCREENSHOT_DIR"])
ROOT = Path(os.environ["ECOZONING_ROOT"])
WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "ecozoning-screenshots"


def log(message):
    print(f"ECOZONING {message}", file=sys.stderr, flush=True)


def shot(name, widget=None):
    QgsApplication.processEvents()
    (widget or iface.mainWindow()).grab().save(str(OUT / name))
    log(f"saved {name}")


def plugin():
    return plugins.get("eco_zoning")


def wait_for_render(then, delay=2500):
    canvas = iface.mapCanvas()
    canvas.refreshAllLayers()
    QTimer.singleShot(delay, then)


STEPS = []


def step(function):
    STEPS.append(function)
    return function


@step
def sample_city(next_step):
    iface.mainWindow().resize(1600, 1000)
    iface.mainWindow().showMaximized()
    for dock in iface.mainWindow().findChildren(QDockWidget):
        if dock.objectName() in ("Browser", "Browser2", "LayerStyling", "Overview", "ProcessingToolbox"):
            dock.hide()
    plugin().load_sample_data()
    wait_for_render(lambda: (shot("01_sample_city.png"), next_step()))


@step
def toolbox(next_step):
    toolbox_dock = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
    if toolbox_dock is not None:
        toolbox_dock.show()
        filters = toolbox_dock.findChildren(QLineEdit)
        if filters:
            filters[0].setText("ecozoning")
    QTimer.singleShot(1500, lambda: (shot("02_processing_toolbox.png"), next_step()))


@step
def delineation(next_step):
    import processing

    if QgsApplication.processingRegistry().algorithmById("ecozoning:delineateunits") is None:
        next_step()
        return
    sys.path.insert(0, str(ROOT / "tools"))
    import demo_chain

    WORK.mkdir(parents=True, exist_ok=True)
    outputs = demo_chain.run_chain(ROOT / "resources" / "sample" / "sample_city.gpkg", WORK, processing=processing, log=log)
    demo_chain.load_results(outputs, QgsProject.instance(), iface)
    wait_for_render(lambda: (shot("03_units.png"), next_step()), 4000)


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
