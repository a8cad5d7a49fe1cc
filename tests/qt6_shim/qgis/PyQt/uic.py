"""qgis.PyQt.uic on Qt6."""

from PyQt6.uic import *  # noqa: F403
