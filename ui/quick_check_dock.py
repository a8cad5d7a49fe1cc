"""准入研判 dock: the view. Loads its form from the .ui file and only emits signals."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsMapLayerProxyModel
from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHeaderView,
    QTableWidgetItem,
    QTreeWidgetItem,
    QWidget,
)

from ..plugin.core.compliance_report import CONCLUSION_COLOURS, FINDING_COLOURS

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("quick_check_panel.ui")))


class QuickCheckPanel(QWidget, FORM_CLASS):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)


class QuickCheckDock(QgsDockWidget):
    inputsChanged = pyqtSignal()
    industryChanged = pyqtSignal(str)
    toolRequested = pyqtSignal(str)  # "point" | "line" | "polygon" | "" (none)
    useSelectedRequested = pyqtSignal()
    exportRequested = pyqtSignal()
    roleChanged = pyqtSignal(str, str)  # layer id, role key ("" to go back to the guess)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("EcoZoningQuickCheckDock")
        self.setWindowTitle(self.tr("Project screening"))
        self.panel = QuickCheckPanel(self)
        self.setWidget(self.panel)
        p = self.panel
        p.unitsCombo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        p.accessCombo.setFilters(QgsMapLayerProxyModel.Filter.NoGeometry)
        p.accessCombo.setAllowEmptyLayer(True)
        p.unitsCombo.layerChanged.connect(lambda _: self.inputsChanged.emit())
        p.accessCombo.layerChanged.connect(lambda _: self.inputsChanged.emit())
        p.constraintsCombo.checkedItemsChanged.connect(lambda _: self.inputsChanged.emit())
        p.industryEdit.editingFinished.connect(
            lambda: self.industryChanged.emit(p.industryEdit.text().strip())
        )
        self._tool_buttons = {
            "point": p.pointButton,
            "line": p.lineButton,
            "polygon": p.polygonButton,
        }
        for kind, button in self._tool_buttons.items():
            button.clicked.connect(lambda on, k=kind: self.toolRequested.emit(k if on else ""))
        p.selectedButton.clicked.connect(lambda: self.useSelectedRequested.emit())
        p.exportButton.clicked.connect(lambda: self.exportRequested.emit())
        p.resultTree.setColumnWidth(0, 170)
        table = p.rolesTable
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setMaximumHeight(120)

    def tr(self, text):
        return QCoreApplication.translate("QuickCheckDock", text)

    # --- filled by the controller --------------------------------------------

    def set_industry_choices(self, labels: list[str]) -> None:
        completer = QCompleter(labels, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(lambda text: self.industryChanged.emit(text))
        self.panel.industryEdit.setCompleter(completer)

    def set_industry(self, code: str, name: str) -> None:
        self.panel.industryEdit.setText(code)
        self.panel.industryName.setText(name)

    def set_constraint_layers(self, layers: list, checked_ids) -> None:
        combo = self.panel.constraintsCombo
        combo.blockSignals(True)
        combo.clear()
        for layer in layers:
            combo.addItemWithCheckState(
                layer.name(),
                Qt.CheckState.Checked if layer.id() in checked_ids else Qt.CheckState.Unchecked,
                layer.id(),
            )
        combo.blockSignals(False)

    def set_constraint_roles(self, rows, choices) -> None:
        """rows: (layer id, layer name, role key, guessed); choices: (role key, label) pairs.

        One row per ticked constraint layer with a role combo; an unknown role is shown
        in red, so it is seen before the verdict."""
        table = self.panel.rolesTable
        for n in range(table.rowCount()):
            old = table.cellWidget(n, 1)
            if old is not None:  # hidden now: deleted only later, it would still be drawn
                old.hide()
                table.removeCellWidget(n, 1)
        table.setRowCount(len(rows))
        for n, (layer_id, name, key, guessed) in enumerate(rows):
            table.setItem(n, 0, QTableWidgetItem(name))
            combo = QComboBox(table)
            for choice_key, label in choices:
                combo.addItem(label, choice_key)
            combo.setCurrentIndex(max(combo.findData(key), 0))
            combo.currentIndexChanged.connect(
                lambda _, c=combo, i=layer_id: self.roleChanged.emit(i, c.currentData())
            )
            table.setCellWidget(n, 1, combo)
            if not key:
                source = self.tr("unknown")
            elif guessed:
                source = self.tr("guessed")
            else:
                source = self.tr("chosen")
            item = QTableWidgetItem(source)
            if not key:
                item.setForeground(QBrush(QColor(CONCLUSION_COLOURS["不符合"])))
            table.setItem(n, 2, item)
        table.setVisible(bool(rows))

    def role_choice(self, row: int) -> str:
        combo = self.panel.rolesTable.cellWidget(row, 1)
        return combo.currentData() if combo is not None else ""

    def checked_constraint_ids(self) -> list[str]:
        return list(self.panel.constraintsCombo.checkedItemsData())

    def set_active_tool(self, kind: str) -> None:
        for name, button in self._tool_buttons.items():
            button.setChecked(name == kind)

    def show_result(self, conclusion: str, reasons: str, sections: list, timing: str) -> None:
        """sections: [(title, [(item, value, finding)])]."""
        p = self.panel
        colour = CONCLUSION_COLOURS.get(conclusion, "#222")
        p.conclusionLabel.setText(
            f'<b style="font-size:15px;color:{colour}">{conclusion}</b><br>{reasons}'
        )
        tree = p.resultTree
        tree.clear()
        for title, rows in sections:
            parent = QTreeWidgetItem(tree, [title, str(len(rows)), ""])
            parent.setExpanded(True)
            for item, value, finding in rows:
                child = QTreeWidgetItem(parent, [str(item), str(value), str(finding)])
                child.setToolTip(1, str(value))
                if finding in FINDING_COLOURS:
                    child.setForeground(2, QBrush(QColor(FINDING_COLOURS[finding])))
        p.timingLabel.setText(timing)
        p.exportButton.setEnabled(True)

    def clear_result(self, message: str = "") -> None:
        self.panel.conclusionLabel.setText(message)
        self.panel.resultTree.clear()
        self.panel.exportButton.setEnabled(False)
