"""Connections through QGIS's provider API: the test server, authcfg, quoting of user values."""

from __future__ import annotations

import pytest
from layers import box, memory_layer
from pgdata import load
from qgis.core import QgsApplication, QgsDataSourceUri, QgsProject, QgsVectorLayer

from eco_zoning.plugin.adapters.postgis import connection, sql

HOSTILE_TABLE = 'units"; DROP TABLE victim; --'
HOSTILE_FIELD = "code'); DROP TABLE victim; --"
HOSTILE_VALUES = ["O'Brien", "a\\'; DROP TABLE victim; --", 'x"y', "生态\\n红线", "$$; DELETE $$"]


def test_the_server_runs_postgis(pg_db):
    rows = connection.execute(pg_db, "SELECT extname FROM pg_extension WHERE extname = 'postgis'")
    assert rows == [["postgis"]]


def test_hostile_names_and_values_stay_data(pg_db, pg_schema):
    """Table, field and values built to break out of SQL are stored and read back verbatim."""
    schema = sql.identifier(pg_schema)
    connection.execute(pg_db, f"CREATE TABLE {schema}.victim (id int)")
    table = sql.qualified(pg_schema, HOSTILE_TABLE)
    field = sql.identifier(HOSTILE_FIELD)
    connection.execute(pg_db, f"CREATE TABLE {table} (id int, {field} text)")
    for i, value in enumerate(HOSTILE_VALUES):
        connection.execute(
            pg_db,
            f"INSERT INTO {table} (id, {field}) VALUES ({sql.literal(i)}, {sql.literal(value)})",
        )
    rows = connection.execute(pg_db, f"SELECT {field} FROM {table} ORDER BY id")
    assert [r[0] for r in rows] == HOSTILE_VALUES
    found = connection.execute(
        pg_db, f"SELECT count(*) FROM {table} WHERE {field} = {sql.literal(HOSTILE_VALUES[1])}"
    )
    assert found == [[1]]
    tables = connection.execute(
        pg_db,
        "SELECT table_name FROM information_schema.tables "
        f"WHERE table_schema = {sql.literal(pg_schema)} ORDER BY table_name",
    )
    assert sorted(r[0] for r in tables) == sorted([HOSTILE_TABLE, "victim"])


def test_a_hostile_layer_is_read_by_its_quoted_names(pg_info, pg_schema):
    source = memory_layer(
        "units",
        [(box(0, 0, 1, 1), {"code": v}) for v in HOSTILE_VALUES],
        {"code": "string"},
    )
    assert source.dataProvider().renameAttributes({0: HOSTILE_FIELD})
    source.updateFields()
    layer = load(source, pg_info, pg_schema, HOSTILE_TABLE)
    table = connection.table_of(layer)
    assert (table.schema, table.table, table.geometry_column) == (pg_schema, HOSTILE_TABLE, "geom")
    db = connection.connect(table.connection_info)
    rows = connection.execute(
        db,
        f"SELECT {sql.identifier(HOSTILE_FIELD)}, round(ST_Area({sql.identifier('geom')})) "
        f"FROM {table.relation} ORDER BY 1",
    )
    assert sorted(r[0] for r in rows) == sorted(HOSTILE_VALUES)
    assert {float(r[1]) for r in rows} == {1_000_000.0}


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "a\x00b"])
def test_values_that_cannot_be_quoted_are_refused(bad):
    with pytest.raises(sql.UnsafeValue):
        sql.literal(bad)


def test_a_project_and_the_log_never_hold_the_password(pg, pg_auth_info, pg_schema, tmp_path):
    """A layer connected by authcfg over TCP (password required) saves and logs no password."""
    messages = []
    log = QgsApplication.messageLog()
    log.messageReceived.connect(lambda text, tag, level: messages.append(f"{tag} {text}"))
    source = memory_layer("红线", [(box(0, 0, 2, 2), {"name": "a"})], {"name": "string"})
    layer = load(source, pg_auth_info, pg_schema, "red_line")
    assert layer.featureCount() == 1
    assert "authcfg=" in layer.source() and pg["password"] not in layer.source()

    project = QgsProject()
    project.addMapLayer(layer)
    for name in ("p.qgs", "p.qgz"):
        assert project.write(str(tmp_path / name))
    text = (tmp_path / "p.qgs").read_text(encoding="utf-8")
    assert "authcfg=" in text
    assert pg["password"] not in text
    assert pg["password"].encode() not in (tmp_path / "p.qgz").read_bytes()

    # a refused login names no password, neither in the error nor in QGIS's log
    wrong = QgsDataSourceUri(pg_auth_info)
    wrong.setAuthConfigId("")
    wrong.setUsername(pg["user"])
    wrong.setPassword(pg["password"] + "x")
    with pytest.raises(connection.PostgisError) as refused:
        db = connection.connect(wrong.connectionInfo(False))
        connection.execute(db, "SELECT 1")
    assert pg["password"] not in str(refused.value)
    reopened = QgsVectorLayer(layer.source(), "again", "postgres")
    assert reopened.isValid() and reopened.featureCount() == 1
    QgsApplication.processEvents()
    assert any("password authentication failed" in m for m in messages)  # QGIS logged it
    assert not [m for m in messages if pg["password"] in m]


def test_layers_on_one_connection_are_recognised(pg_info, pg_auth_info, pg_schema):
    source = memory_layer("a", [(box(0, 0, 1, 1), {"n": 1})], {"n": "integer"})
    first = connection.table_of(load(source, pg_info, pg_schema, "a"))
    second = connection.table_of(load(source, pg_info, pg_schema, "b"))
    other = connection.table_of(load(source, pg_auth_info, pg_schema, "c"))
    assert connection.common_connection([first, second]) == first.connection_info
    assert connection.common_connection([first, other]) is None
    assert connection.common_connection([first, None]) is None
    assert connection.table_of(source) is None


def test_a_refused_query_is_the_algorithms_error_without_the_password(pg_db):
    """``processing_errors``: what every algorithm does with a database failure — Processing's
    error with the translated message; other errors pass through unchanged."""
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="refused a query") as caught:
        with connection.processing_errors():
            connection.execute(pg_db, "SELECT * FROM no_such_table_anywhere")
    assert caught.value.__cause__ is None
    assert "password" not in str(caught.value)

    class Other(Exception):
        pass

    with pytest.raises(QgsProcessingException, match="named"):
        with connection.processing_errors(Other):
            raise Other("named")
    with pytest.raises(ValueError):
        with connection.processing_errors():
            raise ValueError("not a database error")
