"""Files held open for one algorithm run (``open_files.held``): a GeoPackage read several
times in a run is opened once, gives the same frames as when opened per read, is opened
again when it changed, never blocks a writer, and is closed when the run ends."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
import shapely
from layers import box
from osgeo import gdal, ogr, osr
from pandas.testing import assert_frame_equal
from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer
from test_table_sink import dump

from eco_zoning.plugin.adapters import open_files
from eco_zoning.plugin.adapters.layers import read_frame

GK = QgsCoordinateReferenceSystem("EPSG:4527")


def _table(path, name, rows, field="NAME"):
    """A polygon table of ``path`` written by OGR; rows: (wkt, text)."""
    source = ogr.Open(str(path), 1) if path.exists() else None
    source = source or ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    layer = source.CreateLayer(name, srs, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for wkt, text in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField(field, text)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    source = None
    return QgsVectorLayer(f"{path}|layername={name}", name, "ogr")


def _append(path, name, wkt, text):
    """One more feature in table ``name``, written by another GDAL handle."""
    source = ogr.Open(str(path), 1)
    layer = source.GetLayerByName(name)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("NAME", text)
    feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    layer.CreateFeature(feature)
    source = None


@pytest.fixture
def opens(monkeypatch):
    """Paths GDAL and sqlite3 were asked to open, in order, and the connections made."""
    seen = {"gdal": [], "sqlite": [], "connections": []}
    open_ex, connect = gdal.OpenEx, sqlite3.connect

    def spy_open(path, *args, **kwargs):
        seen["gdal"].append(path)
        return open_ex(path, *args, **kwargs)

    def spy_connect(*args, **kwargs):
        seen["sqlite"].append(args[0])
        db = connect(*args, **kwargs)
        seen["connections"].append(db)
        return db

    monkeypatch.setattr(gdal, "OpenEx", spy_open)
    monkeypatch.setattr(sqlite3, "connect", spy_connect)
    return seen


def _two_tables(tmp_path):
    path = tmp_path / "in.gpkg"
    a = _table(path, "a", [(box(0, 0, 10, 10), "一"), (box(10, 0, 20, 10), "二")])
    b = _table(path, "b", [(box(5, 5, 15, 15), "红")], "HXMC")
    return path, a, b


def _same(got, expected):
    assert_frame_equal(got.drop(columns="geometry"), expected.drop(columns="geometry"))
    assert list(shapely.to_wkb(got["geometry"].to_numpy())) == list(
        shapely.to_wkb(expected["geometry"].to_numpy())
    )


def _closed(db) -> bool:
    try:
        db.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_reads_in_one_run_open_the_file_once_and_give_the_same_frames(qgis_app, tmp_path, opens):
    path, a, b = _two_tables(tmp_path)
    expected = [
        read_frame(a, GK, ["NAME"]),
        read_frame(b, GK, ["HXMC"]),
        read_frame(a, GK, ["NAME"]),
    ]
    assert len(opens["gdal"]) == 3 and len(opens["sqlite"]) == 3  # each read opens
    assert all(_closed(db) for db in opens["connections"])
    opens["gdal"].clear(), opens["sqlite"].clear(), opens["connections"].clear()
    with open_files.held():
        assert open_files.holding()
        with open_files.held():  # nested (an algorithm run inside another): the outer owns
            got = [read_frame(a, GK, ["NAME"]), read_frame(b, GK, ["HXMC"])]
        got.append(read_frame(a, GK, ["NAME"]))
        assert opens["gdal"] == [str(path)] and len(opens["sqlite"]) == 1
        assert not _closed(opens["connections"][0])
    assert not open_files.holding()
    assert _closed(opens["connections"][0])  # nothing outlives the run
    for one, other in zip(got, expected):
        _same(one, other)


def test_a_file_changed_during_the_run_is_opened_again(qgis_app, tmp_path, opens):
    path, a, _ = _two_tables(tmp_path)
    with open_files.held():
        assert read_frame(a, GK, ["NAME"])["NAME"].tolist() == ["一", "二"]
        _append(path, "a", box(20, 0, 30, 10), "三")
        a.reload()
        got = read_frame(a, GK, ["NAME"])
        assert len(opens["gdal"]) == 2 and len(opens["sqlite"]) == 2
        assert _closed(opens["connections"][0])  # the stale connection is closed at once
    assert got["NAME"].tolist() == ["一", "二", "三"]
    _same(got, read_frame(a, GK, ["NAME"]))


def test_a_held_file_never_blocks_a_writer(qgis_app, tmp_path, opens):
    """A held dataset or connection has no statement open on the file: another connection
    writes to it without waiting (timeout 0), and QGIS can add a table to it."""
    path, a, b = _two_tables(tmp_path)
    with open_files.held():
        read_frame(a, GK, ["NAME"]), read_frame(b, GK, ["HXMC"])
        writer = sqlite3.connect(str(path), timeout=0)
        writer.execute("CREATE TABLE note (x TEXT)")  # a write needs the file to itself
        writer.execute("INSERT INTO note VALUES ('写')")
        writer.commit()
        writer.close()
        _append(path, "a", box(20, 0, 30, 10), "三")  # GDAL in update mode
        _table(path, "c", [(box(0, 0, 1, 1), "新")])
        a.reload()
        assert read_frame(a, GK, ["NAME"])["NAME"].tolist() == ["一", "二", "三"]
        c = QgsVectorLayer(f"{path}|layername=c", "c", "ogr")
        assert read_frame(c, GK, ["NAME"])["NAME"].tolist() == ["新"]
        del c


def test_other_threads_open_their_own_files(qgis_app, tmp_path, opens):
    """GDAL datasets and sqlite3 connections are not shared between threads: a read on
    another thread during a run opens and closes its own."""
    path, a, b = _two_tables(tmp_path)
    with open_files.held():
        mine = read_frame(a, GK, ["NAME"])
        with ThreadPoolExecutor(max_workers=1) as pool:
            theirs = [
                pool.submit(read_frame, layer, GK, [name]).result()
                for layer, name in ((a, "NAME"), (b, "HXMC"))
            ]
        assert len(opens["gdal"]) == 3 and len(opens["sqlite"]) == 3
        assert [_closed(db) for db in opens["connections"]] == [False, True, True]
        read_frame(b, GK, ["HXMC"])
        assert len(opens["gdal"]) == 3  # the run's own file still held
    _same(theirs[0], mine)


def _overlap(run_algorithm, path, a, b, table):
    run_algorithm(
        "ecozoning:overlapanalysis",
        {"INPUT": a, "NAME_FIELD": "NAME", "CONSTRAINTS": [b],
         "OUTPUT": f"ogr:dbname='{path}' table=\"{table}\" (geom)"},
    )  # fmt: skip


def test_an_algorithm_writing_into_the_file_it_reads_gives_the_same_table(
    run_algorithm, tmp_path, monkeypatch, opens
):
    """The overlap analysis reads two tables of a GeoPackage and writes its result into the
    same file: the same table as with each read opening and closing the file, and nothing
    left open after the run. The held files are closed before the sink is made."""
    from eco_zoning.processing_provider.base import EcoZoningAlgorithm

    path, a, b = _two_tables(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    path2, a2, b2 = _two_tables(other)
    sink, sinks = EcoZoningAlgorithm.parameterAsSink, []

    def spy_sink(self, *args, **kwargs):
        sinks.append(args[1])
        assert open_files._LOCAL.files  # the inputs' file, held until now
        made = sink(self, *args, **kwargs)
        assert open_files._LOCAL.files == {}  # released for QGIS to make the sink
        return made

    with monkeypatch.context() as patch:
        patch.setattr(EcoZoningAlgorithm, "parameterAsSink", spy_sink)
        _overlap(run_algorithm, path, a, b, "overlaps")
    assert sinks == ["OUTPUT"]
    assert opens["gdal"].count(str(path)) == 1  # two tables read, the file opened once
    assert all(_closed(db) for db in opens["connections"])
    assert not open_files.holding()
    with monkeypatch.context() as patch:  # each read opens and closes its file
        patch.setattr(open_files, "opened", lambda kind, path, open_file: open_file())
        patch.setattr(open_files, "holding", lambda: False)
        _overlap(run_algorithm, path2, a2, b2, "overlaps")
    written, expected = dump(path), dump(path2)
    assert [d for d in written if d[1] == "overlaps"] == [d for d in expected if d[1] == "overlaps"]
    assert any(kind == "rows" and name == "overlaps" and rows[0] for kind, name, *rows in written)
