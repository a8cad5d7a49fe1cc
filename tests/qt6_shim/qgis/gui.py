"""The few qgis.gui widgets the views use, as plain Qt6 widgets of the same name."""

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QComboBox, QDockWidget, QLineEdit


class QgsDockWidget(QDockWidget):
    pass


class QgsMapLayerComboBox(QComboBox):
    layerChanged = pyqtSignal(object)

    def setFilters(self, filters):
        self.filters = filters

    def setAllowEmptyLayer(self, allow, text="", icon=None):
        self.allow_empty = allow

    def currentLayer(self):
        return None


class QgsFieldComboBox(QComboBox):
    fieldChanged = pyqtSignal(str)

    def setLayer(self, layer):
        self.layer = layer

    def setAllowEmptyFieldName(self, allow):
        self.allow_empty = allow

    def setField(self, name):
        self.setCurrentText(name)

    def currentField(self):
        return self.currentText()


class QgsFilterLineEdit(QLineEdit):
    def setShowSearchIcon(self, show):
        self.show_search_icon = show


class QgsCheckableComboBox(QComboBox):
    checkedItemsChanged = pyqtSignal(list)

    def checkedItems(self):
        return []

    def setCheckedItems(self, items):
        self.checked = list(items)
