"""外业核查冲突 dialog: the view. A table of open conflicts, the values to choose from for
the selected one, and a button; it only emits signals."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)


class FieldConflictsDialog(QDialog):
    conflictSelected = pyqtSignal(int)  # row
    resolveRequested = pyqtSignal(int, object)  # row, chosen value

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("EcoZoningFieldConflictsDialog")
        self.setWindowTitle(self.tr("Field review conflicts"))
        self.resize(820, 420)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Record"),
                self.tr("Field"),
                self.tr("Value at export"),
                self.tr("Office value"),
                self.tr("Field values"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self.conflictSelected.emit(row))
        self.choice = QComboBox(self)
        self.apply = QPushButton(self.tr("Use this value"), self)
        self.apply.clicked.connect(self._emit_resolve)
        self.status = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Keep"), self))
        row.addWidget(self.choice, 1)
        row.addWidget(self.apply)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def tr(self, text):
        return QCoreApplication.translate("FieldConflictsDialog", text)

    def set_rows(self, rows) -> None:
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        if rows:
            self.table.setCurrentCell(0, 0)
        else:
            self.set_choices([])

    def set_choices(self, choices) -> None:
        """choices: [(label, value)]."""
        self.choice.clear()
        for label, value in choices:
            self.choice.addItem(label, value)
        self.apply.setEnabled(bool(choices))

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _emit_resolve(self) -> None:
        row = self.table.currentRow()
        if row >= 0 and self.choice.count():
            self.resolveRequested.emit(row, self.choice.currentData())
