"""qgis.PyQt.QtNetwork on Qt6."""

from PyQt6.QtNetwork import *  # noqa: F403
