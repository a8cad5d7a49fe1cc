"""qgis.PyQt.QtWidgets on Qt6."""

from PyQt6.QtWidgets import *  # noqa: F403
