"""One home for what differs between QGIS 3.22 (Qt5) and QGIS 4 (Qt6).

- Field types: QGIS >= 3.38 builds fields from ``QMetaType.Type`` (the only way on
  Qt6); older QGIS from ``QVariant.Type``. Every QgsField of the plugin is made by
  :func:`make_field`, so nothing else names a ``QVariant`` type.
- Enums QGIS moved into ``Qgis.*`` scoped enums (3.30 for geometry and WKB types,
  3.36 for Processing source types): :data:`GeometryType`, :data:`WkbType` and
  :data:`SourceType` carry the new member names on every version.
- ``QAction`` lives in QtWidgets on Qt5 and in QtGui on Qt6.

``tools/qt6_scan.py`` fails on the Qt5-only forms anywhere but here.
"""

from __future__ import annotations

from types import SimpleNamespace

from qgis.core import Qgis, QgsField, QgsProcessing, QgsWkbTypes
from qgis.core import QgsSnappingConfig as _Snap
from qgis.PyQt.QtCore import QMetaType, QVariant

try:  # Qt6
    from qgis.PyQt.QtGui import QAction
except ImportError:  # Qt5
    from qgis.PyQt.QtWidgets import QAction

__all__ = [
    "QAction",
    "GeometryType",
    "SourceType",
    "WkbType",
    "AvoidIntersectionsMode",
    "SnappingMode",
    "SnappingType",
    "dimension_of",
    "vertex_and_segment",
    "is_text",
    "make_field",
]

USES_QMETATYPE = Qgis.QGIS_VERSION_INT >= 33800

_KINDS = ("str", "int", "int64", "float", "bool", "date", "datetime")
if USES_QMETATYPE:
    _T = QMetaType.Type
    _TYPES = dict(
        zip(_KINDS, (_T.QString, _T.Int, _T.LongLong, _T.Double, _T.Bool, _T.QDate, _T.QDateTime))
    )
else:
    _T = QVariant.Type
    _TYPES = dict(
        zip(_KINDS, (_T.String, _T.Int, _T.LongLong, _T.Double, _T.Bool, _T.Date, _T.DateTime))
    )


def make_field(name: str, kind: str, length: int = 0, alias: str = "") -> QgsField:
    """A QgsField of ``kind`` ("str", "int", "int64", "float", "bool", "date", "datetime")."""
    field = QgsField(name, _TYPES[kind])
    if length:
        field.setLength(length)
    if alias:
        field.setAlias(alias)
    return field


def is_text(field: QgsField) -> bool:
    """Whether ``field`` holds text, on every QGIS version."""
    return field.type() == _TYPES["str"]


if hasattr(Qgis, "GeometryType"):  # QGIS >= 3.30
    GeometryType = Qgis.GeometryType
    WkbType = Qgis.WkbType
else:
    _G = QgsWkbTypes.GeometryType
    GeometryType = SimpleNamespace(
        Point=_G.PointGeometry,
        Line=_G.LineGeometry,
        Polygon=_G.PolygonGeometry,
        Unknown=_G.UnknownGeometry,
        Null=_G.NullGeometry,
    )
    WkbType = QgsWkbTypes.Type

if hasattr(Qgis, "ProcessingSourceType"):  # QGIS >= 3.36
    SourceType = Qgis.ProcessingSourceType
else:
    _S = QgsProcessing.SourceType
    SourceType = SimpleNamespace(
        Vector=_S.TypeVector,
        VectorAnyGeometry=_S.TypeVectorAnyGeometry,
        VectorPoint=_S.TypeVectorPoint,
        VectorLine=_S.TypeVectorLine,
        VectorPolygon=_S.TypeVectorPolygon,
        Raster=_S.TypeRaster,
        File=_S.TypeFile,
    )


def dimension_of(wkb_type) -> int | None:
    """0 for points, 1 for lines, 2 for polygons, None otherwise, as a plain int (Qt6's
    enums are Python enums, which need not compare equal to ints)."""
    kind = QgsWkbTypes.geometryType(wkb_type)
    for dimension, member in enumerate(
        (GeometryType.Point, GeometryType.Line, GeometryType.Polygon)
    ):
        if kind == member:
            return dimension
    return None


# Snapping and avoid-intersection enums moved into Qgis.* in 3.26.
if hasattr(Qgis, "SnappingType"):
    SnappingType = Qgis.SnappingType
    SnappingMode = Qgis.SnappingMode
else:
    from qgis.core import QgsSnappingConfig as _Snap

    SnappingType = SimpleNamespace(Vertex=_Snap.VertexFlag, Segment=_Snap.SegmentFlag)
    SnappingMode = SimpleNamespace(
        ActiveLayer=_Snap.SnappingMode.ActiveLayer,
        AllLayers=_Snap.SnappingMode.AllLayers,
        AdvancedConfiguration=_Snap.SnappingMode.AdvancedConfiguration,
    )
if hasattr(Qgis, "AvoidIntersectionsMode"):
    AvoidIntersectionsMode = Qgis.AvoidIntersectionsMode
else:
    from qgis.core import QgsProject as _Project

    AvoidIntersectionsMode = _Project.AvoidIntersectionsMode


def vertex_and_segment():
    """Snapping to vertices and segments, as the flags type of this QGIS."""
    if hasattr(Qgis, "SnappingTypes"):
        return Qgis.SnappingTypes(Qgis.SnappingType.Vertex | Qgis.SnappingType.Segment)

    return _Snap.SnappingTypes(_Snap.VertexFlag | _Snap.SegmentFlag)
