"""管控单元 dock: the view. Loads its form from the .ui file and only emits signals."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsMapLayerProxyModel
from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal
from qgis.PyQt.QtWidgets import QMessageBox, QWidget

from ..plugin.core import schema
from .field_mapping_dialog import FieldMappingDialog
from .fit import icon_only, set_scrolling_panel, shrinkable

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("unit_panel.ui")))


class UnitPanel(QWidget, FORM_CLASS):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)


class UnitDock(QgsDockWidget):
    layerChanged = pyqtSignal(object)
    fieldEdited = pyqtSignal(str, object)  # schema field name, new value
    navigateRequested = pyqtSignal(int)  # -1 previous, +1 next
    nextCodeRequested = pyqtSignal()
    pickToggled = pyqtSignal(bool)
    editToggled = pyqtSignal(bool)
    mappingRequested = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("EcoZoningUnitDock")
        self.setWindowTitle(self.tr("Control unit"))
        self.panel = UnitPanel(self)
        set_scrolling_panel(self, self.panel)
        p = self.panel
        for button, icon in (
            (p.pickButton, "/mActionIdentify.svg"),
            (p.editButton, "/mActionToggleEditing.svg"),
            (p.mappingButton, "/mActionOptions.svg"),
            (p.nextCodeButton, "/mActionNewAttribute.svg"),
        ):
            button.setIcon(QgsApplication.getThemeIcon(icon))
        icon_only(p.pickButton, p.editButton, p.mappingButton, p.nextCodeButton)
        shrinkable(p.layerCombo, p.classCombo)
        p.codeWarning.hide()
        p.layerCombo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        p.layerCombo.setAllowEmptyLayer(True)
        p.layerCombo.layerChanged.connect(lambda layer: self.layerChanged.emit(layer))
        for unit_class, label in schema.CLASS_LABELS_ZH.items():
            p.classCombo.addItem(f"{unit_class} {label}", unit_class)
        p.classCombo.setCurrentIndex(-1)
        self._text_fields = {
            schema.UNIT_CODE: p.codeEdit,
            schema.UNIT_NAME: p.nameEdit,
            schema.UNIT_SUBTYPE: p.subtypeEdit,
            schema.UNIT_PROVINCE: p.provinceEdit,
            schema.UNIT_CITY: p.cityEdit,
            schema.UNIT_COUNTY: p.countyEdit,
            schema.UNIT_COUNTY_CODE: p.countyCodeEdit,
            schema.UNIT_REMARK: p.remarkEdit,
        }
        for name, edit in self._text_fields.items():
            edit.editingFinished.connect(lambda n=name, e=edit: self._emit_text(n, e))
        p.classCombo.activated.connect(
            lambda _: self.fieldEdited.emit(schema.UNIT_CLASS, p.classCombo.currentData())
        )
        p.previousButton.clicked.connect(lambda: self.navigateRequested.emit(-1))
        p.nextButton.clicked.connect(lambda: self.navigateRequested.emit(1))
        p.nextCodeButton.clicked.connect(lambda: self.nextCodeRequested.emit())
        p.pickButton.toggled.connect(lambda on: self.pickToggled.emit(on))
        p.editButton.clicked.connect(lambda on: self.editToggled.emit(on))
        p.mappingButton.clicked.connect(lambda: self.mappingRequested.emit())
        self._shown = {}
        self.set_editable(False)

    def tr(self, text):
        return QCoreApplication.translate("UnitDock", text)

    def _emit_text(self, name, edit):
        text = edit.text().strip()
        if text != (self._shown.get(name) or ""):
            self.fieldEdited.emit(name, text or None)

    # --- filled by the controller --------------------------------------------

    def set_layer(self, layer) -> None:
        self.panel.layerCombo.setLayer(layer)

    def current_layer(self):
        return self.panel.layerCombo.currentLayer()

    def show_unit(self, values: dict | None) -> None:
        """Show a unit's values (schema names); None clears the form."""
        values = values or {}
        self._shown = {k: ("" if v is None else str(v)) for k, v in values.items()}
        for name, edit in self._text_fields.items():
            edit.setText(self._shown.get(name, ""))
        combo = self.panel.classCombo
        combo.setCurrentIndex(combo.findData(schema.class_of(values.get(schema.UNIT_CLASS))))
        area = values.get(schema.UNIT_AREA)
        self.panel.areaValue.setText("" if area is None else f"{float(area):,.4f}")

    def set_code_warning(self, text: str) -> None:
        label = self.panel.codeWarning
        label.setText(text)
        label.setStyleSheet("color: #c62828;" if text else "")
        label.setVisible(bool(text))

    def set_position(self, text: str) -> None:
        self.panel.positionLabel.setText(text)

    def set_editable(self, editable: bool) -> None:
        for edit in self._text_fields.values():
            edit.setReadOnly(not editable)
        self.panel.classCombo.setEnabled(editable)
        self.panel.nextCodeButton.setEnabled(editable)
        self.panel.editButton.setChecked(editable)

    def ask_mapping(self, layer, mapping: dict) -> dict | None:
        """The field-mapping dialog; the new mapping, or None when cancelled."""

        dialog = FieldMappingDialog(layer, schema.UNIT_FIELDS, mapping, self)
        return dialog.mapping() if dialog.exec() else None

    def ask_area_unit(self, layer_name: str, field: str, unit: str, ratio: float) -> bool:
        """The area field seems to hold another unit than km²: True to stop using it as MJ."""

        answer = QMessageBox.question(
            self,
            self.tr("Area field"),
            self.tr(
                "The field {0} of {1} holds about {2:,.0f} times the units' area in km²: it "
                "seems to be in {3}, not km². Stop using it as MJ (area in km²)? MJ is then "
                "not shown or recomputed until you map a km² field."
            ).format(field, layer_name, ratio, unit),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def set_pick_checked(self, on: bool) -> None:
        self.panel.pickButton.blockSignals(True)
        self.panel.pickButton.setChecked(on)
        self.panel.pickButton.blockSignals(False)
