"""The few qgis.core names the views use, on plain Qt6."""

import enum

from PyQt6.QtGui import QIcon


class QgsMapLayerProxyModel:
    class Filter(enum.IntFlag):
        NoFilter = 0
        RasterLayer = 1
        NoGeometry = 2
        PointLayer = 4
        LineLayer = 8
        PolygonLayer = 16


class QgsApplication:
    @staticmethod
    def getThemeIcon(name):
        return QIcon()


class QgsVectorLayer:
    pass
