"""Custom-widget header qgscheckablecombobox.h for uic."""

from qgis.gui import QgsCheckableComboBox  # noqa: F401
