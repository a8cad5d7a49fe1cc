"""Rows appended straight through SQLite to a table Processing created in a new GeoPackage
(``table_sink.fill_table``) give the same GeoPackage as QGIS's sink: every table, row,
geometry blob, extent and schema, for every field type and destination form; whatever
cannot be written alike goes through QGIS."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest
import shapely
from layers import box, memory_layer, two_counties

from eco_zoning.plugin.adapters import gpkg_append, table_sink
from eco_zoning.plugin.adapters.frame_rows import FrameRows
from eco_zoning.plugin.adapters.sinks import close_sink
from eco_zoning.plugin.compat import WkbType, make_field


def dump(path) -> list:
    """Schema and every row of every table of a GeoPackage (gpkg_contents' last change
    masked; the R-tree's rows, not its node pages)."""
    out = []
    with sqlite3.connect(str(path)) as db:
        for name, sql in db.execute("SELECT name, sql FROM sqlite_master ORDER BY name"):
            out.append(("schema", name, sql))
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        for (name,) in tables.fetchall():
            if name.startswith("rtree_") and name.endswith(("_node", "_parent", "_rowid")):
                continue
            cols = [r[1] for r in db.execute(f'PRAGMA table_info("{name}")')]
            rows = db.execute(f'SELECT * FROM "{name}" ORDER BY 1, 2').fetchall()
            if name == "gpkg_contents":
                at = cols.index("last_change")
                rows = [r[:at] + ("*",) + r[at + 1 :] for r in rows]
            out.append(("rows", name, rows))
    return out


@pytest.fixture
def appended(monkeypatch):
    """The rows each appender wrote (proves the SQLite way was taken)."""
    seen = []
    append = gpkg_append.TableAppender.append

    def spy(self, columns, blobs, bounds):
        seen.append(len(columns[0]) if columns else len(blobs))
        return append(self, columns, blobs, bounds)

    monkeypatch.setattr(gpkg_append.TableAppender, "append", spy)
    return seen


def _qgis_only(monkeypatch):
    monkeypatch.setattr(table_sink, "fill_table", lambda *args: False)


FIELDS = (
    ("name", "str", 6),
    ("code", "int", 0),
    ("big", "int64", 0),
    ("area", "float", 0),
    ("inside", "bool", 0),
    ("absent", "str", 0),
)


def _fields():
    from qgis.core import QgsFields

    fields = QgsFields()
    for name, kind, length in FIELDS:
        fields.append(make_field(name, kind, length))
    return fields


def _frame(rows: int = 7, offset: float = 0.0) -> pd.DataFrame:
    polygons = [shapely.box(i + offset, 0, i + offset + 0.75, 1.5) for i in range(rows)]
    polygons[1] = shapely.multipolygons([polygons[1], shapely.box(50, 50, 51, 51)])
    polygons[2] = None
    return pd.DataFrame(
        {
            "name": ["红线一号长名称", "", None, "b", "水源地", "c", "d"][:rows],
            "code": np.arange(rows, dtype=np.int64) - 3,
            "big": [2**40 + i for i in range(rows)],
            "area": [1.5, np.nan, 3, 0.1 + 0.2, -0.0, 1e300, 7.25][:rows],
            "inside": [True, False, None, True, False, True, False][:rows],
            "geometry": np.array(polygons, dtype=object),
        }
    )


def _sink(path, table, fields, wkb_type=WkbType.MultiPolygon):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsProcessingContext,
        QgsProcessingUtils,
        QgsProject,
    )

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    crs = QgsCoordinateReferenceSystem("EPSG:4527")
    destination = f"ogr:dbname='{path}' table=\"{table}\"" + (
        " (geom)" if wkb_type != WkbType.NoGeometry else ""
    )
    sink, dest = QgsProcessingUtils.createFeatureSink(destination, context, fields, wkb_type, crs)
    return sink, dest


def _write(path, parts, table="t", wkb_type=WkbType.MultiPolygon, fast=True):
    """Write ``parts`` (FrameRows) into a new table: through ``fill_table`` or QGIS."""
    from eco_zoning.plugin.adapters.layers import add_features

    sink, dest = _sink(path, table, parts[0].fields, wkb_type)

    class Parts:
        def parts(self):
            return iter(parts)

        def __iter__(self):
            for part in parts:
                yield from part

    if fast:
        assert table_sink.fill_table(sink, dest, wkb_type, Parts(), close_sink)
    else:
        add_features(sink, Parts())
        close_sink(sink, wkb_type)
    return dest


def test_every_field_type_gives_the_same_geopackage(qgis_app, tmp_path, appended):
    fields = _fields()

    def made():
        return [FrameRows(_frame(), fields), FrameRows(_frame(3, 20.0), fields)]

    _write(tmp_path / "qgis.gpkg", made(), fast=False)
    assert appended == []
    _write(tmp_path / "fast.gpkg", made())
    assert appended == [7, 3]
    assert dump(tmp_path / "fast.gpkg") == dump(tmp_path / "qgis.gpkg")
    with sqlite3.connect(tmp_path / "fast.gpkg") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute("SELECT name, area, inside FROM t ORDER BY fid").fetchall()
    assert rows[0] == ("红线一号长…", 1.5, 1)  # shortened to the field, as QGIS is given it
    assert rows[2] == (None, 3.0, None)  # an int in a real field is a real


def test_the_written_layer_shows_its_rows_and_extent(qgis_app, tmp_path, appended):
    from qgis.core import QgsVectorLayer

    dest = _write(tmp_path / "fast.gpkg", [FrameRows(_frame(), _fields())])
    layer = QgsVectorLayer(dest, "t", "ogr")
    assert layer.isValid() and appended == [7]
    assert layer.featureCount() == 7
    extent = layer.extent()
    assert (extent.xMinimum(), extent.yMaximum(), extent.xMaximum()) == (0.0, 51.0, 51.0)
    del layer


def test_attribute_tables_and_two_tables_in_one_file(qgis_app, tmp_path, appended):
    fields = _fields()

    def both(path, fast):
        _write(path, [FrameRows(_frame(), fields)], "units", fast=fast)
        table = _frame().drop(columns="geometry")
        _write(path, [FrameRows(table, fields, multi=False)], "log", WkbType.NoGeometry, fast)

    both(tmp_path / "qgis.gpkg", False)
    both(tmp_path / "fast.gpkg", True)
    assert appended == [7, 7]
    assert dump(tmp_path / "fast.gpkg") == dump(tmp_path / "qgis.gpkg")


def test_points_lines_and_single_parts_made_multi(qgis_app, tmp_path, appended):
    from qgis.core import QgsFields

    fields = QgsFields()
    fields.append(make_field("n", "int"))
    points = [shapely.Point(1, 2), shapely.MultiPoint([(3, 4), (5, 6)]), None]
    lines = [shapely.LineString([(0, 0), (1, 1)]), None, shapely.LineString([(2, 2), (3, 5)])]
    for kind, geoms in ((WkbType.MultiPoint, points), (WkbType.MultiLineString, lines)):
        frame = pd.DataFrame({"n": [1, 2, 3], "geometry": np.array(geoms, dtype=object)})
        _write(
            tmp_path / f"qgis{int(kind)}.gpkg",
            [FrameRows(frame, fields)],
            wkb_type=kind,
            fast=False,
        )
        _write(tmp_path / f"fast{int(kind)}.gpkg", [FrameRows(frame, fields)], wkb_type=kind)
        assert dump(tmp_path / f"fast{int(kind)}.gpkg") == dump(tmp_path / f"qgis{int(kind)}.gpkg")
    assert appended == [3, 3]


def test_what_cannot_be_written_alike_goes_through_qgis(qgis_app, tmp_path, appended):
    fields = _fields()
    empty = _frame()
    empty.loc[3, "geometry"] = shapely.Polygon()  # empty geometry: QGIS writes it
    _write(tmp_path / "qgis.gpkg", [FrameRows(empty, fields)], fast=False)
    _write(tmp_path / "fast.gpkg", [FrameRows(empty, fields)])
    assert appended == []
    assert dump(tmp_path / "fast.gpkg") == dump(tmp_path / "qgis.gpkg")

    odd = _frame(3, 30.0)
    odd["code"] = ["1", "2", "3"]  # text in an integer field: QGIS converts it

    def made():
        return [
            FrameRows(_frame(), fields),
            FrameRows(odd, fields),
            FrameRows(_frame(3, 40.0), fields),
        ]

    _write(tmp_path / "qgis2.gpkg", made(), fast=False)
    _write(tmp_path / "fast2.gpkg", made())
    assert appended == [7]  # the first part; the rest by QGIS's provider, in order
    fast, qgis = dump(tmp_path / "fast2.gpkg"), dump(tmp_path / "qgis2.gpkg")
    assert [d for d in fast if d[1] == "t"] == [d for d in qgis if d[1] == "t"]
    assert [d for d in fast if d[1] == "rtree_t_geom"] == [
        d for d in qgis if d[1] == "rtree_t_geom"
    ]


def _overlap_parameters(path, form="path"):
    units = memory_layer(
        "单元",
        [(box(0, 0, 10, 10), {"NAME": "一"}), (box(10, 0, 20, 10), {"NAME": "二"})],
        {"NAME": "string"},
    )
    red = memory_layer("生态保护红线", [(box(5, 5, 15, 15), {"HXMC": "红线"})], {"HXMC": "string"})
    output = f"ogr:dbname='{path}' table=\"overlaps\" (geom)" if form == "ogr" else str(path)
    return {"INPUT": units, "NAME_FIELD": "NAME", "CONSTRAINTS": [red], "OUTPUT": output}


@pytest.mark.parametrize("form", ["ogr", "path"])
def test_algorithm_outputs_identical_either_way(
    run_algorithm, tmp_path, monkeypatch, appended, form
):
    """Delineation (two tables in one file) and the overlap analysis, into a new
    GeoPackage named either way Processing accepts (a plain path is QGIS's file writer,
    which makes its table only when closed: its rows stay QGIS's)."""

    def delineation(path):
        dest = (
            {"OUTPUT": f"ogr:dbname='{path}' table=\"units\" (geom)",
             "OUTPUT_LOG": f"ogr:dbname='{path}' table=\"delineation_log\""}
            if form == "ogr" else {"OUTPUT": str(path)}
        )  # fmt: skip
        red = memory_layer(
            "生态保护红线", [(box(8, 6, 12, 8), {"HXMC": "红线1"})], {"HXMC": "string"}
        )
        run_algorithm(
            "ecozoning:delineateunits",
            {"ADMIN": two_counties(), "ADMIN_CODE_FIELD": "XZQDM", "ADMIN_NAME_FIELD": "XZQMC",
             "PRIORITY_LAYERS": [red], **dest},
        )  # fmt: skip

    def overlap(path):
        run_algorithm("ecozoning:overlapanalysis", _overlap_parameters(path, form))

    for job in (delineation, overlap):
        fast, qgis = (
            tmp_path / "fast" / f"{job.__name__}.gpkg",
            tmp_path / "qgis" / f"{job.__name__}.gpkg",
        )
        fast.parent.mkdir(exist_ok=True)
        qgis.parent.mkdir(exist_ok=True)
        job(fast)
        assert bool(appended) == (form == "ogr"), job.__name__
        appended.clear()
        with monkeypatch.context() as patch:
            _qgis_only(patch)
            job(qgis)
        assert appended == []
        written = dump(fast)
        assert written == dump(qgis)
        assert any(kind == "rows" and rows for kind, _, *rows in written)


def test_memory_and_shapefile_outputs_still_written_by_qgis(run_algorithm, tmp_path, appended):
    from qgis.core import QgsVectorLayer

    run_algorithm("ecozoning:overlapanalysis", _overlap_parameters("memory:"))
    shp = tmp_path / "overlaps.shp"
    run_algorithm("ecozoning:overlapanalysis", _overlap_parameters(shp))
    assert appended == []
    written = QgsVectorLayer(str(shp), "o", "ogr")
    assert written.featureCount() > 0
    assert {f["constraint"] for f in written.getFeatures()} == {"生态保护红线"}
    del written


def test_ellipsoids_built_on_another_thread_before_the_first_sink(
    run_algorithm, tmp_path, monkeypatch
):
    """``sinks.warm_up``: QGIS's ellipsoid list is asked for on a background thread when the
    inputs are read, and that thread is done before the first sink is made."""
    import threading

    from qgis.core import QgsEllipsoidUtils

    from eco_zoning.plugin.adapters import sinks

    asked, alive = [], []
    parameters = QgsEllipsoidUtils.ellipsoidParameters

    def spy(name):
        asked.append((threading.current_thread() is threading.main_thread(), name))
        return parameters(name)

    monkeypatch.setattr(sinks, "_WARM_UP", None)
    monkeypatch.setattr(QgsEllipsoidUtils, "ellipsoidParameters", spy)
    warmed = sinks.warmed

    def spy_warmed():
        warmed()
        alive.append(sinks._WARM_UP.is_alive())

    monkeypatch.setattr(sinks, "warmed", spy_warmed)
    from eco_zoning.processing_provider import outputs

    monkeypatch.setattr(outputs, "warmed", spy_warmed)
    run_algorithm("ecozoning:overlapanalysis", _overlap_parameters(tmp_path / "o.gpkg", "ogr"))
    assert asked == [(False, "EPSG:7019")]
    assert alive == [False]
    assert QgsEllipsoidUtils.ellipsoidParameters("EPSG:7019").valid


def test_a_table_named_with_quotes_and_chinese(qgis_app, tmp_path, appended):
    fields = _fields()
    name = "单元 \"甲\" '乙'"
    _write(tmp_path / "qgis.gpkg", [FrameRows(_frame(), fields)], name, fast=False)
    _write(tmp_path / "fast.gpkg", [FrameRows(_frame(), fields)], name)
    assert appended == [7]
    assert dump(tmp_path / "fast.gpkg") == dump(tmp_path / "qgis.gpkg")
