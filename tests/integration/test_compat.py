"""plugin/compat.py on the QGIS it runs on: fields of every kind, and the Qgis.* enum names."""

from __future__ import annotations

import pytest
from qgis.core import Qgis, QgsFeature, QgsFields, QgsProcessing, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QDate, QDateTime, QTime

from eco_zoning.plugin import compat


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("str", "生态保护红线"),
        ("int", 3),
        ("int64", 2**40),
        ("float", 1.25),
        ("date", QDate(2024, 5, 6)),
        ("datetime", QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9))),
    ],
)
def test_make_field_kinds_survive_a_layer(kind, value):
    layer = QgsVectorLayer("None", "t", "memory")
    field = compat.make_field("F", kind, length=20 if kind == "str" else 0, alias="字段")
    assert field.alias() == "字段"
    assert layer.dataProvider().addAttributes([field])
    layer.updateFields()
    added = layer.fields().field("F")
    assert added.type() == field.type()
    assert compat.is_text(added) == (kind == "str")
    feature = QgsFeature(layer.fields())
    feature.setAttribute("F", value)
    assert layer.dataProvider().addFeatures([feature])[0]
    assert next(layer.getFeatures())["F"] == value


def test_bool_field_and_field_lists():
    fields = QgsFields()
    fields.append(compat.make_field("ok", "bool"))
    fields.append(compat.make_field("name", "str", 10))
    assert [f.name() for f in fields] == ["ok", "name"]
    assert fields.field("name").length() == 10 and compat.is_text(fields.field("name"))
    assert not compat.is_text(fields.field("ok"))


def test_enum_names_match_this_qgis():
    assert compat.GeometryType.Polygon == QgsWkbTypes.geometryType(QgsWkbTypes.Type.MultiPolygon)
    assert compat.GeometryType.Line == QgsWkbTypes.geometryType(QgsWkbTypes.Type.LineString)
    assert compat.GeometryType.Point == QgsWkbTypes.geometryType(QgsWkbTypes.Type.Point)
    assert compat.WkbType.MultiPolygon == QgsWkbTypes.Type.MultiPolygon
    if not hasattr(Qgis, "ProcessingSourceType"):  # QGIS < 3.36
        assert compat.SourceType.VectorPolygon == QgsProcessing.SourceType.TypeVectorPolygon
        assert compat.SourceType.Vector == QgsProcessing.SourceType.TypeVector
    assert compat.USES_QMETATYPE == (Qgis.QGIS_VERSION_INT >= 33800)


def test_dimension_of_is_a_plain_int():
    T = QgsWkbTypes.Type
    assert compat.dimension_of(T.MultiPoint) == 0 and type(compat.dimension_of(T.Point)) is int
    assert compat.dimension_of(T.MultiLineString) == 1
    assert compat.dimension_of(T.MultiPolygon) == 2 and compat.dimension_of(T.PolygonZ) == 2
    assert compat.dimension_of(T.NoGeometry) is None
