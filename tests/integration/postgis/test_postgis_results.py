"""Where the results of a database run go: a schema the user chooses, or local layers.

Processing's own "save to PostGIS table" destinations (``postgis:<uri>``) write the results
into a schema of the user's choice; a user with read rights only runs the same checks in the
database and gets the results back as local (memory) layers, and is told clearly when a
destination in the database is refused.
"""

from __future__ import annotations

import uuid

import pytest
from pgdata import load
from qgis.core import QgsDataSourceUri, QgsProcessingException, QgsVectorLayer
from test_check_units_pushdown import MODE_DATABASE, _rows
from test_pushdown_checks import _farmland, _red_line, _units

from eco_zoning.plugin.adapters.postgis import connection, sql


def _destination(info, schema, table, geometry="geom"):
    uri = QgsDataSourceUri(info)
    uri.setDataSource(schema, table, geometry, "", "fid")
    return "postgis:" + uri.uri(False)


def _params(units, red, farmland, errors="memory:", summary="memory:"):
    return {
        "UNITS": units,
        "RED_LINE": red,
        "FARMLAND": farmland,
        "MODE": MODE_DATABASE,
        "OUTPUT_ERRORS": errors,
        "OUTPUT_SUMMARY": summary,
    }


@pytest.fixture
def tables(pg_info, pg_schema):
    return (
        load(_units(), pg_info, pg_schema, "units"),
        load(_red_line(), pg_info, pg_schema, "red_line"),
        load(_farmland(), pg_info, pg_schema, "farmland"),
    )


def test_results_go_to_a_schema_the_user_chooses(run_algorithm, pg_info, pg_db, tables):
    results = f"results_{uuid.uuid4().hex[:8]}"
    connection.execute(pg_db, f"CREATE SCHEMA {sql.identifier(results)}")
    try:
        params = _params(
            *tables,
            errors=_destination(pg_info, results, "质检结果"),
            summary=_destination(pg_info, results, "check_summary", geometry=""),
        )
        written, _, _ = run_algorithm("ecozoning:checkunits", params)
        local, _, _ = run_algorithm("ecozoning:checkunits", _params(*tables))
        uri = QgsDataSourceUri(pg_info)
        uri.setDataSource(results, "质检结果", "geom", "", "fid")
        stored = QgsVectorLayer(uri.uri(False), "stored", "postgres")
        assert stored.isValid() and stored.featureCount() > 0
        assert [r[:3] for r in _rows(stored)] == [r[:3] for r in _rows(local["OUTPUT_ERRORS"])]
        names = connection.execute(
            pg_db,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            + sql.literal(results),
        )
        assert sorted(n for (n,) in names) == ["check_summary", "质检结果"]
        assert written["OUTPUT_ERRORS"]
    finally:
        connection.execute(pg_db, f"DROP SCHEMA {sql.identifier(results)} CASCADE")


@pytest.fixture
def reader(pg_info, pg_db, pg_schema):
    """A login role with USAGE and SELECT on the test schema only; its connection string."""
    name = f"reader_{uuid.uuid4().hex[:8]}"
    role, schema = sql.identifier(name), sql.identifier(pg_schema)
    connection.execute(pg_db, f"CREATE ROLE {role} LOGIN")
    connection.execute(pg_db, f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    connection.execute(
        pg_db, f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {role}"
    )
    uri = QgsDataSourceUri(pg_info)
    uri.setUsername(name)
    yield uri.connectionInfo(False)
    connection.execute(pg_db, f"DROP OWNED BY {role}")
    connection.execute(pg_db, f"DROP ROLE {role}")


def _as(info, layer):
    uri = QgsDataSourceUri(layer.source())
    uri.setConnection(
        QgsDataSourceUri(info).host(),
        QgsDataSourceUri(info).port(),
        QgsDataSourceUri(info).database(),
        QgsDataSourceUri(info).username(),
        "",
    )
    read = QgsVectorLayer(uri.uri(False), layer.name(), "postgres")
    assert read.isValid()
    return read


def test_a_read_only_user_gets_local_layers(run_algorithm, pg_schema, reader, tables):
    layers = [_as(reader, layer) for layer in tables]
    assert connection.table_of(layers[0]).connection_info == reader
    got, feedback, _ = run_algorithm("ecozoning:checkunits", _params(*layers))
    assert "Layer checks run in the database." in feedback.messages
    local = got["OUTPUT_ERRORS"]
    assert local.providerType() == "memory"
    expected, _, _ = run_algorithm("ecozoning:checkunits", _params(*tables))
    assert _rows(local) == _rows(expected["OUTPUT_ERRORS"])
    # a destination in the database is refused with the reason, and nothing is created
    refused = {**_params(*layers), "OUTPUT_ERRORS": _destination(reader, pg_schema, "results")}
    with pytest.raises(QgsProcessingException, match="(?i)permission denied|could not create"):
        run_algorithm("ecozoning:checkunits", refused)
    db = connection.connect(reader)
    left = connection.execute(db, "SELECT to_regclass(" + sql.literal(f"{pg_schema}.results") + ")")
    assert left == [[None]]
