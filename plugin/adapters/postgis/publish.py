"""Publishing the project GeoPackage to a PostGIS schema: staging, copy, then swap or update.

Every published table (the project tables, the version register and snapshots, the change
journal) is first written to a fresh staging schema through QGIS's PostgreSQL provider, with
the GeoPackage's fids. Then, in one transaction, either the staging schema takes the target's
name (replace / first publish), or the target's tables are brought to the staged rows (update
in place). The staging schema is always dropped at the end, so a failure or a cancel leaves
the target as it was.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from qgis.core import QgsDataSourceUri, QgsFeature, QgsVectorLayer

from ...core import schema
from ...i18n import tr
from .. import project_db
from . import connection, publish_sql, sql

STOP, REPLACE, UPDATE = 0, 1, 2  # what to do with an existing target schema


def published_tables():
    """(table, title, OGR geometry type, field specs) of every table that is published."""
    journal = (
        schema.JOURNAL_TABLE,
        schema.JOURNAL_LAYER_NAME,
        project_db.ogr.wkbMultiPolygon,
        schema.JOURNAL_FIELDS,
    )
    return (*project_db.TABLES, *project_db.VERSION_TABLES, journal)


class PublishError(Exception):
    """A translated reason the publication stopped (the target is untouched)."""


@dataclass
class Staged:
    table: str
    specs: tuple
    geometry: str | None
    srid: int
    rows: int


def open_sources(path) -> dict[str, QgsVectorLayer | None]:
    """The GeoPackage's published tables (None for a table an older database lacks)."""
    sources = {}
    for table, title, _, _ in published_tables():
        layer = QgsVectorLayer(project_db.layer_uri(path, table), title, "ogr")
        sources[table] = layer if layer.isValid() else None
    if sources[schema.UNIT_TABLE] is None:
        raise PublishError(tr("{0}: table {1} cannot be opened").format(path, schema.UNIT_TABLE))
    return sources


def check_target(db, target: str, existing: int) -> bool:
    """Whether ``target`` exists; raises PublishError when it exists and may not be touched."""
    present = [r[0] for r in connection.execute(db, publish_sql.schema_tables(target))]
    exists = connection.execute(
        db, f"SELECT count(*) FROM pg_namespace WHERE nspname = {sql.literal(target)}"
    )[0][0]
    if not int(exists):
        return False
    if existing == STOP:
        raise PublishError(tr("Schema {0} exists; choose to replace or update it.").format(target))
    ours = {t[0] for t in published_tables()}
    foreign = [t for t in present if t not in ours]
    if existing == REPLACE and foreign:
        raise PublishError(
            tr("Schema {0} holds other tables ({1}); it is not replaced.").format(
                target, ", ".join(foreign)
            )
        )
    return True


def new_staging(db) -> str:
    """A new, empty staging schema (its name)."""
    staging = f"ecozoning_staging_{uuid.uuid4().hex[:12]}"
    connection.execute(db, f"CREATE SCHEMA {sql.identifier(staging)}")
    return staging


def stage(db, staging, sources, srid: int, is_cancelled, progress=None) -> list[Staged]:
    """Copy every source into ``staging`` (empty tables for missing ones)."""
    staged = []
    tables = published_tables()
    for i, (table, _, geometry_type, specs) in enumerate(tables):
        if is_cancelled():
            raise Cancelled()
        source = sources.get(table)
        geometry = "MultiPolygon" if geometry_type != project_db.ogr.wkbNone else None
        table_srid = (source.crs().postgisSrid() if source is not None else srid) if geometry else 0
        for statement in publish_sql.create_table(staging, table, specs, geometry, table_srid):
            connection.execute(db, statement)
        rows = 0 if source is None else _copy(db, source, staging, table, geometry, is_cancelled)
        staged.append(Staged(table, specs, geometry, table_srid, rows))
        if progress is not None:
            progress(80 * (i + 1) / len(tables))
    return staged


class Cancelled(Exception):
    pass


def _copy(db, source, staging, table, geometry, is_cancelled) -> int:
    """Append ``source``'s features, fids kept, to the staged table through QGIS's provider."""
    uri = QgsDataSourceUri(db.uri())
    uri.setDataSource(staging, table, "geom" if geometry else None, "", "fid")
    target = QgsVectorLayer(uri.uri(False), table, connection.PROVIDER)
    if not target.isValid():
        raise PublishError(tr("The new table {0} cannot be opened.").format(table))
    names = [f.name() for f in target.fields() if f.name() != "fid"]
    features = []
    for feature in source.getFeatures():
        if is_cancelled():
            raise Cancelled()
        copy = QgsFeature(target.fields())
        copy["fid"] = feature.id()
        if geometry and feature.hasGeometry():
            copy.setGeometry(feature.geometry())
        for field_name in names:
            if source.fields().indexOf(field_name) >= 0:
                copy[field_name] = feature[field_name]
        features.append(copy)
    ok, _ = target.dataProvider().addFeatures(features)
    if not ok:
        raise PublishError(
            tr("Writing {0} to the database failed: {1}").format(
                table, "; ".join(target.dataProvider().errors()[-3:])
            )
        )
    connection.execute(
        db,
        f"SELECT setval(pg_get_serial_sequence({sql.literal(sql.qualified(staging, table))}, "
        f"'fid'), greatest((SELECT max(fid) FROM {sql.qualified(staging, table)}), 1))",
    )
    return len(features)


def update_in_place(db, staging: str, target: str, staged: list[Staged]) -> dict[str, tuple]:
    """Bring ``target``'s tables to the staged rows in one transaction; per table the
    (deleted, updated, inserted) counts."""
    changes, statements = {}, []
    for s in staged:
        exists = connection.execute(db, publish_sql.table_exists(target, s.table))[0][0]
        if exists in (True, "t", "true", 1):
            counts = connection.execute(
                db, publish_sql.count_changes(staging, target, s.table, s.specs, s.geometry)
            )[0]
            changes[s.table] = tuple(int(c) for c in counts)
        else:
            changes[s.table] = (0, 0, s.rows)
        statements += publish_sql.update_table(
            staging, target, s.table, s.specs, s.geometry, s.srid
        )
    connection.execute(db, publish_sql.one_transaction(statements))
    return changes


def drop_staging(db, staging: str) -> None:
    connection.execute(db, f"DROP SCHEMA IF EXISTS {sql.identifier(staging)} CASCADE")
