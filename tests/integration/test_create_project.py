"""新建分区管控工程库 through processing.run."""

import hashlib

import pytest
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsProject, QgsVectorLayer

from eco_zoning.plugin.core import schema

ALG = "ecozoning:createproject"


def _tables(path):
    ds = ogr.Open(str(path))
    return {
        ds.GetLayerByIndex(i).GetName(): ds.GetLayerByIndex(i) for i in range(ds.GetLayerCount())
    }, ds


def test_creates_tables_forms_styles(tmp_path, run_algorithm):
    path = tmp_path / "工程 库" / "清源市分区管控.gpkg"  # Chinese and a space in the path
    results, feedback, context = run_algorithm(ALG, {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    assert results["OUTPUT"] == str(path)
    tables, ds = _tables(path)
    assert {
        schema.UNIT_TABLE,
        schema.ACCESS_LIST_TABLE,
        schema.CHECK_TABLE,
        schema.REGION_TABLE,
        schema.LOG_TABLE,
        "layer_styles",
    } <= set(tables)
    unit_fields = [
        tables["units"].GetLayerDefn().GetFieldDefn(i).GetName()
        for i in range(tables["units"].GetLayerDefn().GetFieldCount())
    ]
    assert unit_fields == schema.field_names(schema.UNIT_FIELDS)
    assert tables["units"].GetSpatialRef().GetAuthorityCode(None) == "4527"
    assert tables["access_list"].GetGeomType() == ogr.wkbNone
    assert tables["layer_styles"].GetFeatureCount() == 5
    log_fields = tables[schema.LOG_TABLE].GetLayerDefn()
    assert [
        log_fields.GetFieldDefn(i).GetName() for i in range(log_fields.GetFieldCount())
    ] == schema.field_names(schema.LOG_FIELDS)
    region_fields = [tables["regions"].GetLayerDefn().GetFieldDefn(i).GetName() for i in range(3)]
    assert region_fields == [schema.REGION_ID, schema.REGION_NAME, schema.REGION_MEMBERS]
    del ds

    units = QgsVectorLayer(f"{path}|layername=units", "u", "ogr")
    assert units.isValid()
    index = units.fields().indexOf(schema.UNIT_CLASS)
    assert units.attributeAlias(index) == "管控单元分类"
    setup = units.editorWidgetSetup(index)
    assert setup.type() == "ValueMap"
    assert {"优先保护": 1} in setup.config()["map"] or {"优先保护": "1"} in setup.config()["map"]
    assert units.editFormConfig().readOnly(units.fields().indexOf(schema.UNIT_AREA))
    assert units.renderer().type() == "categorizedSymbol"
    assert {c.label() for c in units.renderer().categories()} == {
        "优先保护单元",
        "重点管控单元",
        "一般管控单元",
    }
    assert set(results) >= {"UNITS", "ACCESS_LIST", "CHECK_RESULTS", "REGIONS"}
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".ecozoning-")]


def test_refuses_to_overwrite_unless_told(tmp_path, run_algorithm):
    path = tmp_path / "p.gpkg"
    run_algorithm(ALG, {"CRS": "EPSG:4490", "OUTPUT": str(path)})
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(QgsProcessingException, match="already exists"):
        run_algorithm(ALG, {"CRS": "EPSG:4490", "OUTPUT": str(path)})
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    run_algorithm(ALG, {"CRS": "EPSG:4490", "OUTPUT": str(path), "OVERWRITE": True})
    tables, ds = _tables(path)
    assert tables["units"].GetSpatialRef().GetAuthorityCode(None) == "4490"


def test_layers_load_into_project_with_relation(tmp_path, processing_ready):
    import processing

    project = QgsProject.instance()
    project.clear()
    path = tmp_path / "p.gpkg"
    processing.runAndLoadResults(ALG, {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    names = sorted(layer.name() for layer in project.mapLayers().values())
    assert names == sorted(
        [
            schema.UNIT_LAYER_NAME,
            schema.ACCESS_LIST_TABLE_NAME,
            schema.CHECK_LAYER_NAME,
            schema.REGION_LAYER_NAME,
        ]
    )
    relations = list(project.relationManager().relations().values())
    assert len(relations) == 1
    relation = relations[0]
    assert relation.referencedLayer().name() == schema.UNIT_LAYER_NAME
    assert relation.referencingLayer().name() == schema.ACCESS_LIST_TABLE_NAME
    assert relation.fieldPairs() == {schema.REQ_SCOPE_CODE: schema.UNIT_CODE}
    project.clear()


def test_overwrite_drops_the_old_files_write_ahead_log(tmp_path, run_algorithm):
    path = tmp_path / "p.gpkg"
    run_algorithm(ALG, {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    # what a crashed session leaves behind: a WAL belonging to the old file
    (tmp_path / "p.gpkg-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 28 + b"junk" * 100)
    (tmp_path / "p.gpkg-shm").write_bytes(b"\x00" * 64)
    run_algorithm(ALG, {"CRS": "EPSG:4490", "OUTPUT": str(path), "OVERWRITE": True})
    tables, ds = _tables(path)
    assert tables["units"].GetSpatialRef().GetAuthorityCode(None) == "4490"
    assert not (tmp_path / "p.gpkg-wal").exists() or (tmp_path / "p.gpkg-wal").stat().st_size < 100
