"""单元边界编辑 dock: the view. Loads its form from the .ui file and only emits signals."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsMapLayerProxyModel
from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal
from qgis.PyQt.QtWidgets import QListWidgetItem, QWidget

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("boundary_editing_panel.ui")))


class BoundaryEditingPanel(QWidget, FORM_CLASS):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)


class BoundaryEditingDock(QgsDockWidget):
    toolRequested = pyqtSignal(str)  # "move" | "split" | "reclassify" | "" (none)
    mergeRequested = pyqtSignal()
    followRequested = pyqtSignal()
    referencesChanged = pyqtSignal()
    problemActivated = pyqtSignal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("EcoZoningBoundaryEditingDock")
        self.setWindowTitle(self.tr("Unit boundary editing"))
        self.panel = BoundaryEditingPanel(self)
        self.setWidget(self.panel)
        p = self.panel
        for combo in (p.countyCombo, p.redLineCombo, p.followCombo):
            combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
            combo.setAllowEmptyLayer(True)
        p.countyCombo.layerChanged.connect(lambda _: self.referencesChanged.emit())
        p.redLineCombo.layerChanged.connect(lambda _: self.referencesChanged.emit())
        for value, label in (
            (1, self.tr("Priority protection")),
            (2, self.tr("Key control")),
            (3, self.tr("General control")),
        ):
            p.classCombo.addItem(label, value)
        self.tool_buttons = {
            "move": p.moveButton,
            "split": p.splitButton,
            "reclassify": p.reclassifyButton,
        }
        for kind, button in self.tool_buttons.items():
            button.clicked.connect(lambda on, k=kind: self.toolRequested.emit(k if on else ""))
        p.mergeButton.clicked.connect(lambda: self.mergeRequested.emit())
        p.followButton.clicked.connect(lambda: self.followRequested.emit())
        p.problemList.itemActivated.connect(
            lambda item: self.problemActivated.emit(p.problemList.row(item))
        )

    def tr(self, text):
        return QCoreApplication.translate("BoundaryEditingDock", text)

    # --- read by the controller ------------------------------------------------------

    def reason(self) -> str:
        return self.panel.reasonEdit.text().strip()

    def new_class(self) -> int:
        return int(self.panel.classCombo.currentData())

    def distance(self) -> float:
        return float(self.panel.distanceSpin.value())

    def county_layer(self):
        return self.panel.countyCombo.currentLayer()

    def red_line_layer(self):
        return self.panel.redLineCombo.currentLayer()

    def follow_layer(self):
        return self.panel.followCombo.currentLayer()

    # --- filled by the controller ----------------------------------------------------

    def set_unit_layer(self, name: str) -> None:
        self.panel.layerLabel.setText(
            self.tr("Editing {0}: topology, snapping and avoid-overlap are on.").format(name)
        )

    def set_references(self, county, red_line) -> None:
        self.panel.countyCombo.setLayer(county)
        self.panel.redLineCombo.setLayer(red_line)

    def set_tool(self, kind: str) -> None:
        for name, button in self.tool_buttons.items():
            button.setChecked(name == kind)

    def show_problems(self, rows) -> None:
        """rows: (label, area m², codes) of the live check's problems."""
        lst = self.panel.problemList
        lst.clear()
        for label, area, codes in rows:
            lst.addItem(QListWidgetItem(f"{label}  {'/'.join(codes)}  {area:,.2f} m²"))
        self.panel.problemsLabel.setText(
            self.tr("Live check: {0} problems").format(len(rows))
            if rows
            else self.tr("Live check: no problems")
        )
