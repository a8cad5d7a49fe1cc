"""qgis.PyQt.QtXml on Qt6."""

from PyQt6.QtXml import *  # noqa: F403
