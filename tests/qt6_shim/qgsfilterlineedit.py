"""Custom-widget header qgsfilterlineedit.h for uic."""

from qgis.gui import QgsFilterLineEdit  # noqa: F401
