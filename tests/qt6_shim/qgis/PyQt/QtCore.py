"""qgis.PyQt.QtCore on Qt6."""

from PyQt6.QtCore import *  # noqa: F403
