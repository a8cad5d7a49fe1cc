"""Run by test_panels_without_core in a fresh interpreter where pandas and shapely cannot be
imported: the panels are built and every user action shows the install message."""

import sys
import traceback

sys.modules["pandas"] = None  # "import pandas" raises ImportError from here on
sys.modules["shapely"] = None
from qgis.core import QgsApplication, QgsProject  # noqa: E402

import tests.conftest  # noqa: E402, F401 (registers the eco_zoning package)

app = QgsApplication([], True)
app.initQgis()
from layers import box, memory_layer  # noqa: E402
from qgis.gui import QgsMapCanvas  # noqa: E402

from eco_zoning.plugin.controllers.access_list_editor import AccessListController  # noqa: E402
from eco_zoning.plugin.controllers.check_results import CheckResultsController  # noqa: E402
from eco_zoning.plugin.controllers.quick_check import QuickCheckController  # noqa: E402
from eco_zoning.plugin.controllers.unit_editor import UnitEditorController  # noqa: E402
from eco_zoning.ui.access_list_dock import AccessListDock  # noqa: E402
from eco_zoning.ui.check_results_dock import CheckResultsDock  # noqa: E402
from eco_zoning.ui.quick_check_dock import QuickCheckDock  # noqa: E402
from eco_zoning.ui.unit_dock import UnitDock  # noqa: E402


class Bar:
    messages = []

    def pushMessage(self, *args):  # noqa: N802
        self.messages.append(args)


class Iface:
    def __init__(self):
        self.bar, self.canvas = Bar(), QgsMapCanvas()

    def messageBar(self):  # noqa: N802
        return self.bar

    def mapCanvas(self):  # noqa: N802
        return self.canvas

    def activeLayer(self):  # noqa: N802
        return units


errors = []
sys.excepthook = lambda *info: (errors.append(info), traceback.print_exception(*info))
iface = Iface()
units = memory_layer(
    "环境管控单元",
    [(box(0, 0, 1, 1), {"HJZHGKDYBM": "ZH99010110001", "ZHGKDYFL": 1})],
    {"HJZHGKDYBM": "string", "ZHGKDYFL": "integer"},
)
QgsProject.instance().addMapLayer(units)
unit_view, access_view, check_view, quick_view = (
    UnitDock(),
    AccessListDock(),
    CheckResultsDock(),
    QuickCheckDock(),
)
unit = UnitEditorController(unit_view, iface)
access = AccessListController(access_view, iface)
unit.unitChanged.connect(access.set_unit)
CheckResultsController(check_view, iface)
quick = QuickCheckController(quick_view, iface)
actions = {
    "choose the unit layer": lambda: unit_view.layerChanged.emit(units),
    "select a unit": lambda: units.selectByIds([next(units.getFeatures()).id()]),
    "next unit": lambda: unit_view.navigateRequested.emit(1),
    "pick on map": lambda: unit_view.pickToggled.emit(True),
    "search the access list": lambda: access_view.searchChanged.emit("燃煤"),
    "point tool in 准入研判": lambda: quick_view.toolRequested.emit("point"),
    "industry": lambda: quick_view.industryChanged.emit("2614"),
    "selected feature in 准入研判": lambda: quick_view.useSelectedRequested.emit(),
    "re-run checks": lambda: check_view.rerunRequested.emit(),
}
for name, action in actions.items():
    before = len(Bar.messages)
    action()
    app.processEvents()
    if errors:
        print(f"FAIL {name}: {errors[-1][0].__name__}: {errors[-1][1]}")
        sys.exit(1)
    if len(Bar.messages) == before or "pip install" not in Bar.messages[-1][1]:
        print(f"FAIL {name}: no install message")
        sys.exit(1)
print(f"OK {len(actions)} actions")
