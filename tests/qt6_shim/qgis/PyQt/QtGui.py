"""qgis.PyQt.QtGui on Qt6."""

from PyQt6.QtGui import *  # noqa: F403
