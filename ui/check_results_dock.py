"""质检结果 dock: the view. Loads its form from the .ui file and only emits signals."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsMapLayerProxyModel
from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, QItemSelectionModel, pyqtSignal
from qgis.PyQt.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLabel, QWidget

from .fit import set_scrolling_panel, shrinkable

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("check_results_panel.ui")))

ALL = "__all__"


class CheckResultsPanel(QWidget, FORM_CLASS):
    """The form's widgets as typed attributes (layerCombo, checkFilter, errorTable, ...)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)


class CheckResultsDock(QgsDockWidget):
    layerChanged = pyqtSignal(object)  # QgsVectorLayer or None
    filtersChanged = pyqtSignal(dict)  # {"check": code|None, "severity":…, "status":…, "county":…}
    errorActivated = pyqtSignal(int)  # feature id
    reviewRequested = pyqtSignal(list, str, str)  # feature ids, status, note
    rerunRequested = pyqtSignal()

    FILTERS = ("check", "severity", "status", "county", "verdict")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("EcoZoningCheckResultsDock")
        self.setWindowTitle(self.tr("Check results"))
        self.panel = CheckResultsPanel(self)
        set_scrolling_panel(self, self.panel)
        p = self.panel
        p.layerCombo.setFilters(  # check results are polygons, leads points
            QgsMapLayerProxyModel.Filter.PolygonLayer | QgsMapLayerProxyModel.Filter.PointLayer
        )
        p.layerCombo.setAllowEmptyLayer(True)
        p.layerCombo.layerChanged.connect(lambda layer: self.layerChanged.emit(layer))
        self._add_verdict_filter()
        for combo in self._filter_combos().values():
            combo.currentIndexChanged.connect(self._emit_filters)
        shrinkable(p.layerCombo, p.statusEdit, *self._filter_combos().values())
        self._wide_column = None
        p.errorTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        p.errorTable.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        p.errorTable.horizontalHeader().setStretchLastSection(True)
        p.applyButton.clicked.connect(self._emit_review)
        p.rerunButton.clicked.connect(lambda: self.rerunRequested.emit())
        p.errorTable.doubleClicked.connect(lambda index: self._emit_activated(index))

    def tr(self, text):
        return QCoreApplication.translate("CheckResultsDock", text)

    def _add_verdict_filter(self) -> None:
        """外业核查 verdict filter, below the .ui's filters."""
        p = self.panel
        p.verdictLabel = QLabel(self.tr("Field verdict"), p)
        p.verdictFilter = QComboBox(p)
        p.verdictFilter.setObjectName("verdictFilter")
        row = p.filterGrid.rowCount()
        p.filterGrid.addWidget(p.verdictLabel, row, 0)
        p.filterGrid.addWidget(p.verdictFilter, row, 1)
        shrinkable(p.verdictFilter)

    # --- filled by the controller --------------------------------------------

    def set_model(self, model, fid_role: int) -> None:
        self._fid_role = fid_role
        table = self.panel.errorTable
        table.setModel(model)
        table.selectionModel().currentRowChanged.connect(
            lambda current, _: self._emit_activated(current)
        )

    def fit_columns(self) -> None:
        """Codes and titles in full; the free-text column at most about 30 characters wide."""
        table = self.panel.errorTable
        table.resizeColumnsToContents()
        if self._wide_column is not None:
            limit = 30 * table.fontMetrics().horizontalAdvance("国")
            if table.columnWidth(self._wide_column) > limit:
                table.setColumnWidth(self._wide_column, limit)

    def set_filter_options(self, options: dict) -> None:
        """options: {filter name: [values]}; keeps the current choice when still offered."""
        for name, combo in self._filter_combos().items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All"), ALL)
            for value in options.get(name, []):
                combo.addItem(str(value), value)
            index = combo.findData(current)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)

    def set_kind(self, key: str, first_label: str, statuses, wide_column: int, verdicts: bool):
        """What is reviewed: check results ("checks") or leads ("leads"). ``first_label``:
        the first filter's label (untranslated source text); ``wide_column``: the free-text
        column, capped in width (full text as tooltip); ``verdicts``: the 外业核查 verdict
        filter is shown; re-running is for check results only."""
        p = self.panel
        p.checkLabel.setText(self.tr(first_label))
        self.set_statuses(statuses)
        self._wide_column = wide_column
        p.verdictLabel.setVisible(verdicts)
        p.verdictFilter.setVisible(verdicts)
        if not verdicts:
            p.verdictFilter.setCurrentIndex(0)
        p.rerunButton.setEnabled(key == "checks")

    def set_statuses(self, statuses) -> None:
        self.panel.statusEdit.clear()
        for status in statuses:
            self.panel.statusEdit.addItem(status, status)

    def set_count_text(self, text: str) -> None:
        self.panel.countLabel.setText(text)

    def set_layer(self, layer) -> None:
        self.panel.layerCombo.setLayer(layer)

    def current_layer(self):
        return self.panel.layerCombo.currentLayer()

    def select_row(self, row: int) -> None:
        table = self.panel.errorTable
        table.selectionModel().setCurrentIndex(
            table.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    # --- signals out ---------------------------------------------------------

    def _filter_combos(self) -> dict:
        p = self.panel
        return {
            "check": p.checkFilter,
            "severity": p.severityFilter,
            "status": p.statusFilter,
            "county": p.countyFilter,
            "verdict": p.verdictFilter,
        }

    def filters(self) -> dict:
        return {
            name: (None if combo.currentData() in (ALL, None) else combo.currentData())
            for name, combo in self._filter_combos().items()
        }

    def _emit_filters(self, *_):
        self.filtersChanged.emit(self.filters())

    def _selected_fids(self) -> list:
        table = self.panel.errorTable
        rows = {index.row() for index in table.selectionModel().selectedRows()}
        model = table.model()
        return [model.index(row, 0).data(self._fid_role) for row in sorted(rows)]

    def _emit_review(self):
        fids = self._selected_fids()
        if fids:
            self.reviewRequested.emit(
                fids, self.panel.statusEdit.currentData(), self.panel.noteEdit.text()
            )

    def _emit_activated(self, index):
        if index.isValid():
            self.errorActivated.emit(int(index.data(self._fid_role)))
