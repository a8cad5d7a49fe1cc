"""Loading QGIS layers into the PostGIS test server (QGIS's own exporter plus a GiST index)."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

from qgis.core import QgsDataSourceUri, QgsVectorLayer, QgsVectorLayerExporter

from eco_zoning.plugin.adapters.postgis import connection, sql


@contextmanager
def read_only_role(pg_info: str, pg_db, pg_schema: str):
    """A new login role with USAGE on ``pg_schema`` and SELECT on its tables as they are
    now: (role name, its connection info); the role and what it owns dropped afterwards."""
    name = f"reader_{uuid.uuid4().hex[:8]}"
    role, schema = sql.identifier(name), sql.identifier(pg_schema)
    connection.execute(pg_db, f"CREATE ROLE {role} LOGIN")
    try:
        connection.execute(pg_db, f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        connection.execute(pg_db, f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
        uri = QgsDataSourceUri(pg_info)
        uri.setUsername(name)
        yield name, uri.connectionInfo(False)
    finally:
        connection.execute(pg_db, f"DROP OWNED BY {role}")
        connection.execute(pg_db, f"DROP ROLE {role}")


def load(layer, connection_info: str, schema: str, table: str) -> QgsVectorLayer:
    """Copy ``layer`` into ``schema.table``; the PostGIS layer on it."""
    uri = QgsDataSourceUri(connection_info)
    uri.setDataSource(schema, table, "geom", "", "fid")
    error, message = QgsVectorLayerExporter.exportLayer(
        layer, uri.uri(False), "postgres", layer.crs(), False, {"overwrite": True}
    )
    assert getattr(error, "value", error) == 0, message  # NoError (Qt5) / Success (Qt6)
    from eco_zoning.plugin.adapters.postgis import connection, sql

    db = connection.connect(connection_info)
    connection.execute(
        db,
        f"CREATE INDEX IF NOT EXISTS {sql.identifier(table + '_geom_gist')} "
        f"ON {sql.qualified(schema, table)} USING gist (geom)",
    )
    loaded = QgsVectorLayer(uri.uri(False), table, "postgres")
    assert loaded.isValid(), f"{schema}.{table} does not load back"
    return loaded
