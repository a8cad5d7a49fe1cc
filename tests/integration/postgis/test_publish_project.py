"""ecozoning:publishproject copies the project database into a PostGIS schema."""

from __future__ import annotations

import uuid

import pytest
from layers import box
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsProviderRegistry,
)

from eco_zoning.plugin.adapters import project_db
from eco_zoning.plugin.adapters.postgis import connection, sql
from eco_zoning.plugin.core import schema


@pytest.fixture
def project_gpkg(tmp_path):
    """A project database with three units (one with a quote in its name) and two requirements."""
    path = project_db.create_project_database(
        tmp_path / "工程库.gpkg", QgsCoordinateReferenceSystem("EPSG:4527")
    )
    layers = project_db.open_layers(path)
    units = layers[schema.UNIT_TABLE]
    rows = []
    for i, name in enumerate(["北区", "O'Brien 园区", "南区"]):
        feature = QgsFeature(units.fields())
        feature.setGeometry(QgsGeometry.fromWkt(box(i, 0, i + 1, 1)).convertToType(2, True))
        feature[schema.UNIT_CODE] = f"ZH99010{i + 1}10001"
        feature[schema.UNIT_NAME] = name
        feature[schema.UNIT_CLASS] = i + 1
        rows.append(feature)
    assert units.dataProvider().addFeatures(rows)[0]
    access = layers[schema.ACCESS_LIST_TABLE]
    items = []
    for code in ("ZH990101100001", "ZH990102100001"):
        item = QgsFeature(access.fields())
        item[schema.REQ_SCOPE_CODE] = code
        items.append(item)
    assert access.dataProvider().addFeatures(items)[0]
    return str(path)


@pytest.fixture
def saved(pg_info):
    """A connection saved in QGIS, as a user would have it."""
    name = f"ecozoning-test-{uuid.uuid4().hex[:6]}"
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    metadata.saveConnection(metadata.createConnection(pg_info, {"saveUsername": True}), name)
    yield name
    metadata.deleteConnection(name)


def _publish(run_algorithm, path, name, target, replace=False):
    return run_algorithm(
        "ecozoning:publishproject",
        {"INPUT": path, "DATABASE": name, "SCHEMA": target, "REPLACE": replace},
    )


def test_publish_copies_tables_with_keys_and_indexes(run_algorithm, project_gpkg, saved, pg_db):
    target = f"发布 {uuid.uuid4().hex[:6]}"
    try:
        _publish(run_algorithm, project_gpkg, saved, target)
        units = sql.qualified(target, schema.UNIT_TABLE)
        rows = connection.execute(
            pg_db,
            f"SELECT {sql.identifier(schema.UNIT_NAME)}, ST_SRID(geom), round(ST_Area(geom)) "
            f"FROM {units} ORDER BY fid",
        )
        assert rows == [["北区", 4527, 1e6], ["O'Brien 园区", 4527, 1e6], ["南区", 4527, 1e6]]
        access = sql.qualified(target, schema.ACCESS_LIST_TABLE)
        assert connection.execute(pg_db, f"SELECT count(*) FROM {access}") == [[2]]
        indexes = connection.execute(
            pg_db,
            f"SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = {sql.literal(target)}",
        )
        gist = {t for t, d in indexes if "gist" in d}
        assert gist == {t for t, _, g, _ in project_db.TABLES if g != project_db.ogr.wkbNone}
        keys = {t for t, d in indexes if "pkey" in d}
        assert keys == {t for t, *_ in project_db.TABLES}
        staging = connection.execute(
            pg_db,
            "SELECT count(*) FROM information_schema.schemata "
            "WHERE schema_name LIKE 'ecozoning_staging_%'",
        )
        assert staging == [[0]]

        with pytest.raises(QgsProcessingException, match="exists"):
            _publish(run_algorithm, project_gpkg, saved, target)
        _publish(run_algorithm, project_gpkg, saved, target, replace=True)
        assert connection.execute(pg_db, f"SELECT count(*) FROM {units}") == [[3]]
    finally:
        connection.execute(pg_db, f"DROP SCHEMA IF EXISTS {sql.identifier(target)} CASCADE")


def test_a_schema_with_other_tables_is_not_replaced(
    run_algorithm, project_gpkg, saved, pg_db, pg_schema
):
    connection.execute(pg_db, f"CREATE TABLE {sql.qualified(pg_schema, 'theirs')} (id int)")
    with pytest.raises(QgsProcessingException, match="theirs"):
        _publish(run_algorithm, project_gpkg, saved, pg_schema, replace=True)
    tables = connection.execute(
        pg_db,
        f"SELECT table_name FROM information_schema.tables WHERE table_schema = {sql.literal(pg_schema)}",
    )
    assert tables == [["theirs"]]
