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
from eco_zoning.plugin.adapters.postgis.publish import published_tables
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


STOP, REPLACE, UPDATE = 0, 1, 2


def _publish(run_algorithm, path, name, target, existing=STOP):
    return run_algorithm(
        "ecozoning:publishproject",
        {"INPUT": path, "DATABASE": name, "SCHEMA": target, "IF_EXISTS": existing},
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
        assert gist == {t for t, _, g, _ in published_tables() if g != project_db.ogr.wkbNone}
        keys = {t for t, d in indexes if "pkey" in d}
        assert keys == {t for t, *_ in published_tables()}
        assert {schema.VERSION_TABLE, schema.UNIT_VERSION_TABLE, schema.JOURNAL_TABLE} <= keys
        staging = connection.execute(
            pg_db,
            "SELECT count(*) FROM information_schema.schemata "
            "WHERE schema_name LIKE 'ecozoning_staging_%'",
        )
        assert staging == [[0]]

        with pytest.raises(QgsProcessingException, match="exists"):
            _publish(run_algorithm, project_gpkg, saved, target)
        _publish(run_algorithm, project_gpkg, saved, target, REPLACE)
        assert connection.execute(pg_db, f"SELECT count(*) FROM {units}") == [[3]]
    finally:
        connection.execute(pg_db, f"DROP SCHEMA IF EXISTS {sql.identifier(target)} CASCADE")


def test_a_schema_with_other_tables_is_not_replaced(
    run_algorithm, project_gpkg, saved, pg_db, pg_schema
):
    connection.execute(pg_db, f"CREATE TABLE {sql.qualified(pg_schema, 'theirs')} (id int)")
    with pytest.raises(QgsProcessingException, match="theirs"):
        _publish(run_algorithm, project_gpkg, saved, pg_schema, REPLACE)
    tables = connection.execute(
        pg_db,
        f"SELECT table_name FROM information_schema.tables WHERE table_schema = {sql.literal(pg_schema)}",
    )
    assert tables == [["theirs"]]


def _save_version(run_algorithm, path, version_id):
    run_algorithm(
        "ecozoning:saveversion",
        {
            "DATABASE": path,
            "VERSION_ID": version_id,
            "TITLE": "测试市生态环境分区管控成果",
            "DOC_NUMBER": "测环发〔2025〕1号",
            "PUBLISHED_ON": "2025-03-01",
            "FILED_ON": "2025-04-01",
            "KIND": 0,
            "UNITS": project_db.open_layers(path)[schema.UNIT_TABLE],
        },
    )


def _journal_row(path, reason):
    import datetime as dt

    import shapely

    from eco_zoning.plugin.adapters import journal

    layer = journal.open_journal(path)
    row = {
        schema.JOURNAL_TIME: dt.datetime(2025, 5, 1, 9, 30),
        schema.JOURNAL_OPERATION: "merge",
        schema.JOURNAL_COUNTY: "990101",
        schema.JOURNAL_BEFORE: "[]",
        schema.JOURNAL_AFTER: "[]",
        schema.JOURNAL_RETIRED: "",
        schema.JOURNAL_REASON: reason,
        schema.JOURNAL_SESSION: "s1",
        "geometry": shapely.box(39_500_000, 3_390_000, 39_500_100, 3_390_100),
    }
    return journal.write_rows(layer, [row])[0]


def _edit_units(path):
    """Rename unit 1, delete unit 2, add a unit (the layer lives only in this function: a
    GeoPackage layer kept alive by a traceback until QGIS has shut down crashes the exit)."""
    layer = project_db.open_layers(path)[schema.UNIT_TABLE]
    name = layer.fields().indexOf(schema.UNIT_NAME)
    assert layer.dataProvider().changeAttributeValues({1: {name: "北区（调整）"}})
    assert layer.dataProvider().deleteFeatures([2])
    added = QgsFeature(layer.fields())
    added.setGeometry(QgsGeometry.fromWkt(box(5, 0, 6, 1)).convertToType(2, True))
    added[schema.UNIT_CODE] = "ZH99010130002"
    added[schema.UNIT_NAME] = "新增单元"
    added[schema.UNIT_CLASS] = 3
    assert layer.dataProvider().addFeatures([added])[0]


def _count(db, target, table):
    return connection.execute(db, f"SELECT count(*) FROM {sql.qualified(target, table)}")[0][0]


def test_update_in_place_keeps_the_schema_and_publishes_versions_and_journal(
    run_algorithm, project_gpkg, saved, pg_db
):
    """First publish, then change the project database (edit, delete, add a unit; a second
    version; a journal row) and update in place: the rows follow, fids are kept, the
    schema's other table, a view and a grant survive, unchanged rows are not rewritten."""
    target = f"update_{uuid.uuid4().hex[:6]}"
    reader = f"r_{uuid.uuid4().hex[:6]}"
    _save_version(run_algorithm, project_gpkg, "2025版")
    _journal_row(project_gpkg, "合并碎片")
    units = sql.qualified(target, schema.UNIT_TABLE)
    try:
        _publish(run_algorithm, project_gpkg, saved, target)
        assert _count(pg_db, target, schema.VERSION_TABLE) == 1
        assert _count(pg_db, target, schema.UNIT_VERSION_TABLE) == 3
        assert _count(pg_db, target, schema.JOURNAL_TABLE) == 1
        connection.execute(pg_db, f"CREATE TABLE {sql.qualified(target, 'notes')} (id int)")
        connection.execute(
            pg_db, f"CREATE VIEW {sql.qualified(target, 'priority')} AS SELECT * FROM {units}"
        )
        connection.execute(pg_db, f"CREATE ROLE {sql.identifier(reader)}")
        connection.execute(pg_db, f"GRANT SELECT ON {units} TO {sql.identifier(reader)}")
        untouched_xmin = connection.execute(pg_db, f"SELECT xmin::text FROM {units} WHERE fid = 3")

        _edit_units(project_gpkg)
        _save_version(run_algorithm, project_gpkg, "2026版")
        _journal_row(project_gpkg, "新增单元")

        with pytest.raises(QgsProcessingException, match="exists"):
            _publish(run_algorithm, project_gpkg, saved, target)
        _, feedback, _ = _publish(run_algorithm, project_gpkg, saved, target, UPDATE)
        assert f"{schema.UNIT_TABLE}: 1 rows deleted, 1 updated, 1 added" in feedback.messages
        rows = connection.execute(
            pg_db, f"SELECT fid, {sql.identifier(schema.UNIT_NAME)} FROM {units} ORDER BY fid"
        )
        assert rows == [[1, "北区（调整）"], [3, "南区"], [4, "新增单元"]]
        assert _count(pg_db, target, schema.VERSION_TABLE) == 2
        assert _count(pg_db, target, schema.UNIT_VERSION_TABLE) == 6
        assert _count(pg_db, target, schema.JOURNAL_TABLE) == 2
        # the unchanged row was not rewritten; the schema's own things survive
        assert connection.execute(pg_db, f"SELECT xmin::text FROM {units} WHERE fid = 3") == (
            untouched_xmin
        )
        assert _count(pg_db, target, "priority") == 3
        assert _count(pg_db, target, "notes") == 0
        grants = connection.execute(
            pg_db,
            "SELECT count(*) FROM information_schema.role_table_grants "
            f"WHERE grantee = {sql.literal(reader)} AND table_schema = {sql.literal(target)}",
        )
        assert grants == [[1]]
        # new rows added in the database after the update get fresh fids
        connection.execute(
            pg_db, f"INSERT INTO {units} ({sql.identifier(schema.UNIT_CODE)}) VALUES ('x')"
        )
        assert connection.execute(pg_db, f"SELECT max(fid) FROM {units}") == [[5]]
        staging = connection.execute(
            pg_db,
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'ecozoning_staging_%'",
        )
        assert staging == [[0]]
    finally:
        connection.execute(pg_db, f"DROP SCHEMA IF EXISTS {sql.identifier(target)} CASCADE")
        connection.execute(pg_db, f"DROP ROLE IF EXISTS {sql.identifier(reader)}")
