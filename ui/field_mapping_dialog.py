"""字段映射: which field of a layer holds each field of the data model."""

from __future__ import annotations

from qgis.gui import QgsFieldComboBox
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout


class FieldMappingDialog(QDialog):
    """One field chooser per schema field, filled with the current mapping."""

    def __init__(self, layer, specs, mapping: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Field mapping: {0}").format(layer.name()))
        self.combos = {}
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Choose the layer field that holds each field of the data model."))
        )
        form = QFormLayout()
        for spec in specs:
            combo = QgsFieldComboBox(self)
            combo.setAllowEmptyFieldName(True)
            combo.setLayer(layer)
            combo.setField(mapping.get(spec.name, ""))
            form.addRow(f"{spec.alias_zh} ({spec.name})", combo)
            self.combos[spec.name] = combo
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def tr(self, text):
        return QCoreApplication.translate("FieldMappingDialog", text)

    def mapping(self) -> dict:
        return {
            name: combo.currentField()
            for name, combo in self.combos.items()
            if combo.currentField()
        }
