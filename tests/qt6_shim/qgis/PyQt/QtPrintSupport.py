"""qgis.PyQt.QtPrintSupport on Qt6."""

from PyQt6.QtPrintSupport import *  # noqa: F403
