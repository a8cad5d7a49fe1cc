"""Custom-widget header qgsmaplayercombobox.h for uic."""

from qgis.gui import QgsMapLayerComboBox  # noqa: F401
