"""A small dialog for one unit-level requirement of the 生态环境准入清单 (part of the view)."""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox

from ..plugin.core import schema

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("requirement_dialog.ui")))

# field name -> line edit attribute
_LINE_EDITS = {
    schema.REQ_INDUSTRIES: "industriesEdit",
    schema.REQ_BASIS: "basisEdit",
    schema.REQ_SOURCE: "sourceEdit",
}


class RequirementDialog(QDialog, FORM_CLASS):
    """Dimension, kind, text, industry codes, basis and source of one requirement.

    ``values()`` returns them keyed by schema field names; empty optional texts are None.
    OK stays disabled while the requirement text is empty.
    """

    def __init__(self, parent=None, values: dict | None = None, title: str | None = None):
        super().__init__(parent)
        self.setupUi(self)
        if title:
            self.setWindowTitle(title)
        for dimension in schema.DIMENSIONS_ZH:
            self.dimensionCombo.addItem(dimension, dimension)
        self.kindCombo.addItem("", None)
        for kind in schema.REQ_KINDS_ZH:
            self.kindCombo.addItem(kind, kind)
        self.textEdit.textChanged.connect(self._update_ok)
        self.set_values(values or {})

    def tr(self, text):
        return QCoreApplication.translate("RequirementDialog", text)

    def ok_button(self):
        return self.buttonBox.button(QDialogButtonBox.StandardButton.Ok)

    def set_values(self, values: dict) -> None:
        dimension = values.get(schema.REQ_DIMENSION)
        index = self.dimensionCombo.findData(dimension)
        self.dimensionCombo.setCurrentIndex(index if index >= 0 else 0)
        index = self.kindCombo.findData(values.get(schema.REQ_KIND))
        self.kindCombo.setCurrentIndex(index if index >= 0 else 0)
        self.textEdit.setPlainText(values.get(schema.REQ_TEXT) or "")
        for name, attribute in _LINE_EDITS.items():
            value = values.get(name)
            getattr(self, attribute).setText("" if value is None else str(value))
        self._update_ok()

    def values(self) -> dict:
        result = {
            schema.REQ_DIMENSION: self.dimensionCombo.currentData(),
            schema.REQ_KIND: self.kindCombo.currentData(),
            schema.REQ_TEXT: self.textEdit.toPlainText().strip(),
        }
        for name, attribute in _LINE_EDITS.items():
            result[name] = getattr(self, attribute).text().strip() or None
        return result

    def _update_ok(self):
        self.ok_button().setEnabled(bool(self.textEdit.toPlainText().strip()))
