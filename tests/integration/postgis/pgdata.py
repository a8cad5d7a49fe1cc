"""Loading QGIS layers into the PostGIS test server (QGIS's own exporter plus a GiST index)."""

from __future__ import annotations

from qgis.core import QgsDataSourceUri, QgsVectorLayer, QgsVectorLayerExporter


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
