"""Outputs written into a GeoPackage the run creates skip SQLite's disk syncs; a user's
existing GeoPackage keeps them, keeps its other tables, and gets the same rows."""

from __future__ import annotations

import sqlite3

import pytest
from layers import box, memory_layer, two_counties
from osgeo import gdal, ogr

from eco_zoning.plugin.adapters import sinks
from eco_zoning.processing_provider import outputs

ALG = "ecozoning:delineateunits"


def test_geopackage_of_destinations(tmp_path):
    path = str(tmp_path / "a b.gpkg")
    assert sinks.geopackage_of(path) == path
    assert sinks.geopackage_of(f"{path}|layername=units") == path
    assert sinks.geopackage_of(f"ogr:dbname='{path}' table=\"units\" (geom)") == path
    assert sinks.geopackage_of(str(tmp_path / "units.shp")) is None
    assert sinks.geopackage_of("memory:Control units") is None
    assert sinks.geopackage_of("postgres://dbname='x' table=\"t\"") is None
    assert sinks.geopackage_of(None) is None


def test_only_files_that_do_not_exist_yet_are_new(tmp_path):
    existing = tmp_path / "project.gpkg"
    existing.write_bytes(b"")
    fresh = tmp_path / "fresh.gpkg"
    destinations = [
        str(existing),
        f"ogr:dbname='{fresh}' table=\"units\" (geom)",
        f"ogr:dbname='{fresh}' table=\"log\"",
        "memory:log",
    ]
    assert sinks.new_geopackages(destinations) == {str(fresh)}


def test_unsynced_is_this_threads_and_undone():
    assert gdal.GetThreadLocalConfigOption(sinks.SYNC_OPTION, None) is None
    with sinks.unsynced(False):
        assert gdal.GetThreadLocalConfigOption(sinks.SYNC_OPTION, None) is None
    with pytest.raises(RuntimeError), sinks.unsynced(True):
        assert gdal.GetThreadLocalConfigOption(sinks.SYNC_OPTION, None) == "OFF"
        raise RuntimeError("a failed write")
    assert gdal.GetThreadLocalConfigOption(sinks.SYNC_OPTION, None) is None


@pytest.fixture
def sync_seen(monkeypatch):
    """The SQLite sync option in force each time a sink is created and filled."""
    seen = []
    fill = outputs.OutputsMixin._fill_sink

    def spy(self, parameters, key, *args):
        seen.append((key, gdal.GetThreadLocalConfigOption(sinks.SYNC_OPTION, None)))
        return fill(self, parameters, key, *args)

    monkeypatch.setattr(outputs.OutputsMixin, "_fill_sink", spy)
    return seen


def _parameters(path):
    bow_tie = "POLYGON((39501000 3390000,39502000 3391000,39502000 3390000,39501000 3391000,39501000 3390000))"
    rows = [(box(8, 6, 12, 8), {"HXMC": "红线1"}), (bow_tie, {"HXMC": "领结"})]  # logged repair
    red_line = memory_layer("生态保护红线", rows, {"HXMC": "string"})
    return {
        "ADMIN": two_counties(),
        "ADMIN_CODE_FIELD": "XZQDM",
        "ADMIN_NAME_FIELD": "XZQMC",
        "PRIORITY_LAYERS": [red_line],
        "OUTPUT": f"ogr:dbname='{path}' table=\"units\" (geom)",
        "OUTPUT_LOG": f"ogr:dbname='{path}' table=\"delineation_log\"",
    }


def _rows(path, table):
    """Every row of ``table`` in ``path`` (geometry as WKB), in fid order."""
    with sqlite3.connect(path) as db:
        return db.execute(f'SELECT * FROM "{table}" ORDER BY fid').fetchall()


def _user_database(path):
    """A GeoPackage the user already has, with a table of their own."""
    driver = ogr.GetDriverByName("GPKG")
    data = driver.CreateDataSource(str(path))
    layer = data.CreateLayer("notes", geom_type=ogr.wkbNone)
    layer.CreateField(ogr.FieldDefn("text", ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("text", "保留")
    layer.CreateFeature(feature)
    data = None


def test_new_file_unsynced_existing_database_synced_same_rows(run_algorithm, sync_seen, tmp_path):
    new = tmp_path / "new.gpkg"
    run_algorithm(ALG, _parameters(new))
    assert sync_seen == [("OUTPUT", "OFF"), ("OUTPUT_LOG", "OFF")]

    sync_seen.clear()
    user = tmp_path / "project.gpkg"
    _user_database(user)
    run_algorithm(ALG, _parameters(user))
    assert sync_seen == [("OUTPUT", None), ("OUTPUT_LOG", None)]
    assert [r[1:] for r in _rows(str(user), "notes")] == [("保留",)]

    for table in ("units", "delineation_log"):
        assert _rows(str(new), table) == _rows(str(user), table)
        assert len(_rows(str(new), table)) > 0
    with sqlite3.connect(new) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert gdal.GetThreadLocalConfigOption(sinks.SYNC_OPTION, None) is None
