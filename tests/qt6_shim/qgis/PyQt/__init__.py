"""qgis.PyQt on Qt6: PyQt6's modules, as QGIS 4 provides them."""

from PyQt6 import sip  # noqa: F401
