"""Whole file layers read in bulk (``direct_read``) give exactly what QGIS's iterator gives,
and the quick check's index built from them answers as one built the QGIS way."""

import pandas as pd
import pytest
import shapely
from dbf_writer import write_shapefile
from layers import X0, Y0, box
from osgeo import ogr, osr
from pandas.testing import assert_frame_equal
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from eco_zoning.plugin.adapters import compliance_data as data
from eco_zoning.plugin.adapters.direct_read import (
    direct_table,
    near_geometries,
    read_attributes,
    read_geometries,
)
from eco_zoning.plugin.core import schema
from eco_zoning.plugin.core.compliance import ComplianceIndex, quick_check

GK = QgsCoordinateReferenceSystem("EPSG:4527")
BOWTIE = f"POLYGON(({X0} {Y0},{X0 + 900} {Y0 + 900},{X0 + 900} {Y0},{X0} {Y0 + 900},{X0} {Y0}))"


def _write(path, name, kind, rows, fields=(("name", ogr.OFTString),), epsg=4527):
    """A file layer written by OGR as given (a single polygon stays single in a
    multi-polygon layer, as other software writes them); rows: (wkt or None, values)."""
    driver = "ESRI Shapefile" if str(path).endswith(".shp") else "GPKG"
    source = ogr.Open(str(path), 1) if path.exists() and driver == "GPKG" else None
    source = source or ogr.GetDriverByName(driver).CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    layer = source.CreateLayer(name, srs, kind)
    for field, field_type in fields:
        layer.CreateField(ogr.FieldDefn(field, field_type))
    for wkt, values in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for field, value in values.items():
            if value is not None:
                feature.SetField(field, value)
        if wkt is not None:
            feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    source = None
    return QgsVectorLayer(
        str(path) if driver != "GPKG" else f"{path}|layername={name}", name, "ogr"
    )


def _mixed_rows():
    return [
        (box(0, 0, 1, 1), {"name": "单"}),  # a single polygon in a multi-polygon layer
        (None, {"name": None}),  # no geometry, NULL name
        ("POLYGON EMPTY", {"name": "空"}),
        (BOWTIE, {"name": "8"}),
        (f"MULTIPOLYGON((({X0} {Y0},{X0 + 5} {Y0},{X0 + 5} {Y0 + 5},{X0} {Y0})))", {"name": ""}),
        ("LINESTRING(1 1,2 2)", {"name": "线"}),
    ]


def _by_qgis(layer):
    """A snapshot of ``layer`` that ``compliance_data`` reads the QGIS way."""
    snapshot = data.LayerSnapshot(layer)
    snapshot.direct_table = None
    return snapshot


def _same(direct, qgis):
    assert list(direct.columns) == list(qgis.columns)
    assert direct["fid"].tolist() == qgis["fid"].tolist()
    assert list(shapely.to_wkb(direct["geometry"].to_numpy())) == list(
        shapely.to_wkb(qgis["geometry"].to_numpy())
    )
    assert_frame_equal(direct.drop(columns="geometry"), qgis.drop(columns="geometry"))


@pytest.mark.parametrize("fields", [[], ["name"]])
def test_geopackage_read_in_bulk_as_qgis_reads_it(tmp_path, fields):
    layer = _write(tmp_path / "c.gpkg", "mixed", ogr.wkbMultiPolygon, _mixed_rows())
    table = direct_table(layer)
    assert table is not None and read_geometries(table, GK) is not None  # the bulk path
    direct = data.read_near(layer, GK, fields)
    _same(direct, data.read_near(_by_qgis(layer), GK, fields))
    kinds = shapely.get_type_id(direct["geometry"].to_numpy()).tolist()
    assert kinds == [6, -1, 6, 6, 6, 5]  # made multi-part as QGIS does; None stays None


def test_shapefile_points_read_in_bulk_as_qgis_reads_them(tmp_path):
    rows = [(f"POINT({X0 + i} {Y0 + i})", {"name": f"p{i}"}) for i in range(5)]
    layer = _write(tmp_path / "p.shp", "p", ogr.wkbPoint, rows)
    assert direct_table(layer) is not None
    _same(data.read_near(layer, GK, ["name"]), data.read_near(_by_qgis(layer), GK, ["name"]))


def test_geopackage_read_near_windows_as_qgis_reads_it(tmp_path):
    """Features whose bounding box meets a window but whose geometry does not (a diagonal
    line, an L-shaped polygon) are left out, as QGIS's filter rectangle leaves them out."""
    rows = [*_mixed_rows(), (f"LINESTRING({X0} {Y0 + 3000},{X0 + 3000} {Y0})", {"name": "斜"})]
    rows.append((
        f"POLYGON(({X0 + 2000} {Y0 + 2000},{X0 + 4000} {Y0 + 2000},{X0 + 4000} {Y0 + 2100},"
        f"{X0 + 2100} {Y0 + 2100},{X0 + 2100} {Y0 + 4000},{X0 + 2000} {Y0 + 4000},"
        f"{X0 + 2000} {Y0 + 2000}))", {"name": "L"}))  # fmt: skip
    rows += [(box(i, j, i + 0.5, j + 0.5), {"name": f"{i}{j}"}) for i in range(5) for j in range(5)]
    layer = _write(tmp_path / "w.gpkg", "near", ogr.wkbMultiPolygon, rows)
    windows = [
        (X0 + 2500, Y0 + 2500, X0 + 3600, Y0 + 3600),  # in the L's and the line's box only
        (X0 - 10, Y0 - 10, X0 + 600, Y0 + 300),
    ]
    table = direct_table(layer)
    assert near_geometries(table, GK, windows) is not None  # the R-tree path
    for fields in ([], ["name"]):
        direct = data.read_near(layer, GK, fields, windows=windows)
        _same(direct, data.read_near(_by_qgis(layer), GK, fields, windows=windows))
    names = data.read_near(layer, GK, ["name"], windows=windows)["name"].tolist()
    assert "L" not in names and "斜" not in names and "33" in names


def test_layers_that_must_be_read_by_qgis(tmp_path):
    layer = _write(tmp_path / "c.gpkg", "mixed", ogr.wkbMultiPolygon, _mixed_rows())
    # another CRS: QGIS reprojects
    table = direct_table(layer)
    assert read_geometries(table, QgsCoordinateReferenceSystem("EPSG:4490")) is None
    # a subset filter
    subset = QgsVectorLayer(layer.source(), "subset", "ogr")
    subset.setSubsetString("name = '8'")
    assert direct_table(subset) is None
    assert data.read_near(subset, GK, ["name"])["name"].tolist() == ["8"]
    # unsaved edits: the edit buffer is read
    layer.startEditing()
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(box(3, 3, 4, 4)))
    feature["name"] = "新"
    layer.addFeature(feature)
    assert direct_table(layer) is None
    assert "新" in data.read_near(layer, GK, ["name"])["name"].tolist()
    layer.rollBack()


def _zoning(path):
    unit_fields = ((schema.UNIT_CODE, ogr.OFTString), (schema.UNIT_NAME, ogr.OFTString),
                   (schema.UNIT_CLASS, ogr.OFTInteger), (schema.UNIT_REMARK, ogr.OFTString))  # fmt: skip
    units = _write(path, "units", ogr.wkbMultiPolygon, [
        (box(i, j, i + 1, j + 1), {schema.UNIT_CODE: f"ZH99010{1 + n % 3}{n:05d}",
                                   schema.UNIT_NAME: f"单元{n}", schema.UNIT_CLASS: 1 + n % 3,
                                   schema.UNIT_REMARK: None})
        for n, (i, j) in enumerate((i, j) for i in range(6) for j in range(6))
    ], unit_fields)  # fmt: skip
    red = _write(path, "生态保护红线", ogr.wkbMultiPolygon, [
        (box(i + 0.2, j + 0.2, i + 0.6, j + 0.6), {"name": str(i)})
        for i in range(0, 6, 2) for j in range(0, 6, 2)
    ] + [(BOWTIE, {"name": "8"})])  # fmt: skip
    farmland = _write(path, "永久基本农田", ogr.wkbPolygon, [
        (box(i + 0.5, j + 0.1, i + 0.9, j + 0.4), {"name": str(j)})
        for i in range(6) for j in range(6)
    ])  # fmt: skip
    return units, [red, farmland]


def _snapshots(units, constraints):
    """What the panel hands to the index task: units, no regions, constraints, no scopes."""
    return (data.LayerSnapshot(units), None, [data.LayerSnapshot(c) for c in constraints], None)


def test_index_built_on_two_threads_answers_as_one_built_the_qgis_way(tmp_path):
    units, constraints = _zoning(tmp_path / "z.gpkg")
    snapshots = _snapshots(units, constraints)
    progress = []
    index, mapping = data.build_index(snapshots, GK, None, progress=progress.append)
    assert progress == [40, 55, 85]
    assert mapping[schema.UNIT_REMARK] == schema.UNIT_REMARK  # the mapping stays whole
    unit_frame, _ = data.read_units(_by_qgis(units), GK)
    frames = data.read_constraints([_by_qgis(c) for c in constraints], GK)
    expected = ComplianceIndex(unit_frame, None, None, frames, unit_layer=units.name())
    assert_frame_equal(index.input_repairs, expected.input_repairs)
    assert not index.input_repairs.empty  # the bow-tie is logged
    footprints = [
        shapely.Point(X0 + 1500, Y0 + 2300),
        shapely.box(X0 + 200, Y0 + 200, X0 + 2700, Y0 + 1300),
        shapely.LineString([(X0 + 100, Y0 + 100), (X0 + 5900, Y0 + 5500)]),
    ]
    for footprint in footprints:
        got = quick_check(index, footprint, "2614", name="p")
        want = quick_check(expected, footprint, "2614", name="p")
        for table in ("units", "constraints", "requirements", "projects", "layers", "repairs"):
            assert_frame_equal(getattr(got, table), getattr(want, table))
    assert isinstance(index.units.geoms, type(expected.units.geoms))  # whole layers on demand
    assert pd.Series(index.units.codes).tolist() == pd.Series(expected.units.codes).tolist()


def test_cancelled_index_build_returns_nothing(tmp_path):
    units, constraints = _zoning(tmp_path / "z.gpkg")
    snapshots = _snapshots(units, constraints)
    assert data.build_index(snapshots, GK, None, is_cancelled=lambda: True) is None


# --- attributes straight from a GeoPackage's SQLite table (``read_attributes``) ---------

TYPED = (("name", ogr.OFTString), ("n", ogr.OFTInteger), ("big", ogr.OFTInteger64),
         ("x", ogr.OFTReal))  # fmt: skip


def _typed_rows():
    """NULL and '' side by side, NULL numbers, and Chinese text."""
    return [
        (box(0, 0, 1, 1), {"name": "", "n": 0, "big": 2**40, "x": 0.5}),
        (box(1, 0, 2, 1), {"name": None, "n": None, "big": None, "x": None}),
        (None, {"name": "生态", "n": -3, "big": 7, "x": 2.0}),
        (box(2, 0, 3, 1), {"name": " ", "n": 5, "big": None, "x": None}),
    ]


@pytest.mark.parametrize("name", ["typed", "we\"ird 'name' 表"])
def test_geopackage_attributes_read_from_sqlite_as_qgis_reads_them(tmp_path, name):
    layer = _write(tmp_path / "t.gpkg", name, ogr.wkbMultiPolygon, _typed_rows(), TYPED)
    assert layer.isValid() and layer.featureCount() == 4
    names = [f for f, _ in TYPED]
    found = read_attributes(direct_table(layer), layer.fields(), names)
    assert found is not None  # the SQLite path
    fids, columns = found
    assert fids.tolist() == [1, 2, 3, 4]
    assert columns[0] == ["", None, "生态", " "]  # NULL is not ''
    assert columns[1] == [0, None, -3, 5] and columns[2] == [2**40, None, 7, None]
    direct = data.read_near(layer, GK, names)
    _same(direct, data.read_near(_by_qgis(layer), GK, names))
    assert direct["name"].tolist()[:2] == ["", None]
    some = read_attributes(direct_table(layer), layer.fields(), ["x", "name"], fids=[3, 1])
    assert some[0].tolist() == [1, 3] and some[1] == [[0.5, 2.0], ["", "生态"]]


def test_attributes_that_sqlite_does_not_give_as_qgis_does_are_read_by_qgis(tmp_path):
    fields = (*TYPED, ("day", ogr.OFTDate))
    rows = [(w, {**v, "day": "2024-05-01"}) for w, v in _typed_rows()]
    layer = _write(tmp_path / "t.gpkg", "typed", ogr.wkbMultiPolygon, rows, fields)
    table = direct_table(layer)
    assert read_attributes(table, layer.fields(), ["name"]) is not None
    assert read_attributes(table, layer.fields(), ["name", "day"]) is None  # a date
    _same(
        data.read_near(layer, GK, ["day", "n"]), data.read_near(_by_qgis(layer), GK, ["day", "n"])
    )
    # a value SQLite holds as text in an integer column: QGIS converts it, so QGIS reads
    db = ogr.Open(str(tmp_path / "t.gpkg"), 1)  # GDAL's SQLite (the table's triggers)
    db.ExecuteSQL("UPDATE typed SET n = 4294967296 WHERE fid = 2")  # wider than the Int field
    db = None
    wide = QgsVectorLayer(layer.source(), "wide", "ogr")
    assert read_attributes(direct_table(wide), wide.fields(), ["n"]) is None
    _same(data.read_near(wide, GK, ["n"]), data.read_near(_by_qgis(wide), GK, ["n"]))
    db = ogr.Open(str(tmp_path / "t.gpkg"), 1)
    db.ExecuteSQL("UPDATE typed SET n = 'x7' WHERE fid = 1")
    db = None
    again = QgsVectorLayer(layer.source(), "again", "ogr")
    assert read_attributes(direct_table(again), again.fields(), ["n"]) is None
    assert read_attributes(direct_table(again), again.fields(), ["big"]) is not None
    _same(data.read_near(again, GK, ["n"]), data.read_near(_by_qgis(again), GK, ["n"]))
    # an expression field is the layer's, not the table's
    again.addExpressionField("upper(name)", QgsField("loud", QVariant.String))
    assert read_attributes(direct_table(again), again.fields(), ["loud"]) is None
    assert data.read_near(again, GK, ["loud"])["loud"].tolist()[2] == "生态"


def test_subset_and_gbk_shapefile_attributes_are_read_by_qgis(tmp_path):
    layer = _write(tmp_path / "t.gpkg", "typed", ogr.wkbMultiPolygon, _typed_rows(), TYPED)
    subset = QgsVectorLayer(layer.source(), "subset", "ogr")
    subset.setSubsetString("n >= 0")
    assert direct_table(subset) is None  # QGIS applies the filter
    assert data.read_near(subset, GK, ["name", "n"])["n"].tolist() == [0, 5]
    # a shapefile whose .dbf is GBK, without .cpg: QGIS decodes it with the encoding set
    path = tmp_path / "gbk.shp"
    write_shapefile(path, [box(i, 0, i + 1, 1) for i in range(3)], [("name", 40)],
                    [["生态保护红线"], [""], ["水源"]], "gbk")  # fmt: skip
    gbk = QgsVectorLayer(str(path), "gbk", "ogr")
    gbk.setProviderEncoding("GBK")
    assert read_attributes(direct_table(gbk), gbk.fields(), ["name"]) is None
    direct = data.read_near(gbk, GK, ["name"])
    _same(direct, data.read_near(_by_qgis(gbk), GK, ["name"]))
    assert direct["name"].tolist() == ["生态保护红线", None, "水源"]  # a blank .dbf cell is NULL


# --- ``layers.read_frame`` of a whole plain GeoPackage table, in bulk ----------------------


def _by_loop(layer):
    """``read_frame``'s source that QGIS's feature loop reads (no ``DirectTable``)."""
    from qgis.core import QgsProcessingContext, QgsProcessingFeatureSource

    source = QgsProcessingFeatureSource(layer, QgsProcessingContext())
    source.direct_table = None
    return source


def _same_frame(direct, qgis):
    _same(direct, qgis)
    assert list(direct.dtypes) == list(qgis.dtypes)


@pytest.mark.parametrize("name", ["typed", "we\"ird 'name' 表"])
def test_read_frame_of_a_geopackage_is_read_in_bulk_as_qgis_reads_it(tmp_path, name, monkeypatch):
    from eco_zoning.plugin.adapters import layers

    layer = _write(tmp_path / "t.gpkg", name, ogr.wkbMultiPolygon, _typed_rows(), TYPED)
    mixed = _write(tmp_path / "t.gpkg", "mixed", ogr.wkbMultiPolygon, _mixed_rows())
    cases = [(layer, GK, [f for f, _ in TYPED], True), (layer, GK, ["x", "name", "x"], True),
             (layer, None, [], True), (layer, GK, ["n", "big"], False),
             (mixed, GK, ["name"], True), (mixed, None, [], True)]  # fmt: skip
    expected = [layers.read_frame(_by_loop(s), crs, f, with_geometry=g) for s, crs, f, g in cases]
    monkeypatch.setattr(layers, "_collect", None)  # the QGIS loop is not used
    for (source, crs, fields, geometry), qgis in zip(cases, expected):
        direct = layers.read_frame(source, crs, fields, with_geometry=geometry)
        _same_frame(direct, qgis) if geometry else assert_frame_equal(direct, qgis)
    names = layers.read_frame(layer, GK, ["name"])["name"].tolist()
    assert names[:2] == ["", None]  # NULL is not ''


def test_read_frame_falls_back_to_qgis_where_bulk_reading_does_not_apply(tmp_path, monkeypatch):
    from eco_zoning.plugin.adapters import layers

    fields = (*TYPED, ("day", ogr.OFTDate))
    rows = [(w, {**v, "day": "2024-05-01"}) for w, v in _typed_rows()]
    layer = _write(tmp_path / "t.gpkg", "typed", ogr.wkbMultiPolygon, rows, fields)
    calls = []
    collect = layers._collect
    monkeypatch.setattr(layers, "_collect", lambda *a: calls.append(1) or collect(*a))
    wgs = QgsCoordinateReferenceSystem("EPSG:4490")
    for crs, names, fids in [(GK, ["day", "n"], None), (wgs, ["n"], None), (GK, ["n"], [3, 1])]:
        before = len(calls)
        _same_frame(
            layers.read_frame(layer, crs, names, fids=fids),
            layers.read_frame(_by_loop(layer), crs, names, fids=fids),
        )
        assert len(calls) == before + 2  # both read by QGIS: a date, a transform, by fid
    with pytest.raises(KeyError):
        layers.read_frame(layer, GK, ["nope"])


def test_input_source_knows_its_table_only_when_it_is_the_whole_layer(tmp_path):
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeatureSource,
        QgsProcessingFeatureSourceDefinition,
    )

    from eco_zoning.processing_provider.inputs import InputsMixin

    layer = _write(tmp_path / "t.gpkg", "typed", ogr.wkbMultiPolygon, _typed_rows(), TYPED)
    source = QgsProcessingFeatureSource(layer, QgsProcessingContext())
    whole = InputsMixin._whole_table({"IN": layer.id()}, "IN", layer, source)
    assert whole == direct_table(layer)
    selected = QgsProcessingFeatureSourceDefinition(layer.id(), True)
    assert InputsMixin._whole_table({"IN": selected}, "IN", layer, source) is None
    limited = QgsProcessingFeatureSourceDefinition(layer.id(), False, 2)
    assert InputsMixin._whole_table({"IN": limited}, "IN", layer, source) is None


def _degrees(x0, x1):
    return f"POLYGON(({x0} 30,{x1} 30,{x1} 31,{x0} 31,{x0} 30))"


@pytest.mark.parametrize(
    "spans, tree",
    [([(117.2, 117.9), (118.3, 118.6)], True),  # centre 117.9: one zone either way
     ([(118.0, 118.5), (118.7, 119.0)], False),  # centre exactly on the 118.5 border
     ([(118.0, 118.3), (118.5, 119.0 + 2e-6)], False)],  # centre within a float32 step of it
)  # fmt: skip
def test_zone_of_a_geographic_geopackage_from_its_rtree_is_the_exact_extents(tmp_path, spans, tree):
    from qgis.core import QgsProcessingContext, QgsProcessingFeatureSource

    from eco_zoning.plugin.adapters.crs import working_crs_for_extent
    from eco_zoning.processing_provider.inputs import InputsMixin

    rows = [(_degrees(a, b), {"name": str(a)}) for a, b in spans]
    layer = _write(tmp_path / "g.gpkg", "g", ogr.wkbMultiPolygon, rows, epsg=4490)
    source = QgsProcessingFeatureSource(layer, QgsProcessingContext())
    exact = working_crs_for_extent(source.sourceExtent(), source.sourceCrs())
    source.direct_table = direct_table(layer)
    assert (InputsMixin._tree_extent(source) is not None) is tree
    assert working_crs_for_extent(InputsMixin._extent_for_zone(source), layer.crs()) == exact
    source.direct_table = None  # not the whole layer (a selection): QGIS's extent
    assert InputsMixin._tree_extent(source) is None
