"""DDL and DML for publishing the project database to a PostGIS schema (Qt-free).

The tables mirror the GeoPackage's (``project_db`` tables, versions and journal): the same
field names and types, ``fid`` as the primary key (the GeoPackage's fids are kept, so an
update finds its rows again), the geometry column ``geom`` typed and in the project's SRID, a
GiST index on it — the constraints and indexes the GeoPackage has (its required fields are
nullable there too: forms enforce them, imports may fill them later).

Two ways to publish, both from a staging schema filled first (a failed or cancelled run leaves
the target untouched):

- replace: the staging schema takes the target's name in one transaction;
- update in place: in one transaction, the target's tables get missing tables and columns,
  rows gone from the GeoPackage are deleted, changed rows updated, new rows inserted. The
  schema, its grants, views and other tables, and unchanged rows stay as they are.
"""

from __future__ import annotations

from . import sql

PG_TYPES = {
    "int": "integer",
    "float": "double precision",
    "date": "date",
    "datetime": "timestamp",
}


def column_type(kind: str, length: int) -> str:
    if kind == "str":
        return f"varchar({int(length)})" if length else "text"
    return PG_TYPES[kind]


def create_table(
    schema: str, table: str, specs, geometry_type: str | None, srid: int, if_missing=False
) -> list[str]:
    """CREATE TABLE (and its GiST index) for one project table; ``geometry_type`` None for a
    table without geometry; ``if_missing``: leave an existing table alone."""
    guard = "IF NOT EXISTS " if if_missing else ""
    columns = ["fid bigserial PRIMARY KEY"]
    columns += [f"{sql.identifier(s.name)} {column_type(s.kind, s.length)}" for s in specs]
    if geometry_type:
        columns.append(f"geom geometry({geometry_type}, {int(srid)})")
    relation = sql.qualified(schema, table)
    statements = [f"CREATE TABLE {guard}{relation} ({', '.join(columns)})"]
    if geometry_type:
        statements.append(
            f"CREATE INDEX {guard}{sql.identifier(table + '_geom_gist')} "
            f"ON {relation} USING gist (geom)"
        )
    return statements


def schema_tables(schema: str) -> str:
    """Names of the tables and views in ``schema``."""
    return (
        "SELECT table_name FROM information_schema.tables "
        f"WHERE table_schema = {sql.literal(schema)} ORDER BY 1"
    )


def swap_schema(staging: str, target: str, replace: bool) -> str:
    """Statements putting ``staging`` in place of ``target``, sent as one string: PostgreSQL
    runs a multi-statement query in one implicit transaction (all or nothing, and no failed
    transaction block is left on QGIS's pooled connection)."""
    drop = f"DROP SCHEMA IF EXISTS {sql.identifier(target)} CASCADE; " if replace else ""
    return f"{drop}ALTER SCHEMA {sql.identifier(staging)} RENAME TO {sql.identifier(target)}"


def one_transaction(statements) -> str:
    """``statements`` as one multi-statement string (one implicit transaction)."""
    return ";\n".join(statements)


def update_table(staging: str, target: str, table: str, specs, geometry_type, srid) -> list[str]:
    """Statements bringing ``target``.``table`` to the rows of ``staging``.``table`` (same
    fids): the table and missing columns created, gone rows deleted, changed rows updated,
    new rows inserted, the fid sequence moved past the largest fid."""
    new, old = sql.qualified(staging, table), sql.qualified(target, table)
    names = [sql.identifier(s.name) for s in specs] + (["geom"] if geometry_type else [])
    statements = create_table(target, table, specs, geometry_type, srid, if_missing=True)
    statements += [
        f"ALTER TABLE {old} ADD COLUMN IF NOT EXISTS {sql.identifier(s.name)} "
        f"{column_type(s.kind, s.length)}"
        for s in specs
    ]
    if geometry_type:
        statements.append(
            f"ALTER TABLE {old} ADD COLUMN IF NOT EXISTS geom geometry({geometry_type}, {int(srid)})"
        )
    columns = ", ".join(names)
    pairs = ", ".join(f"{n} = s.{n}" for n in names)
    differs = " OR ".join(f"t.{n} IS DISTINCT FROM s.{n}" for n in names) or "FALSE"
    statements += [
        f"DELETE FROM {old} AS t WHERE NOT EXISTS (SELECT 1 FROM {new} AS s WHERE s.fid = t.fid)",
        f"UPDATE {old} AS t SET {pairs} FROM {new} AS s WHERE s.fid = t.fid AND ({differs})",
        f"INSERT INTO {old} (fid, {columns}) SELECT fid, {columns} FROM {new} AS s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {old} AS t WHERE t.fid = s.fid)",
        f"SELECT setval(pg_get_serial_sequence({sql.literal(old)}, 'fid'), "
        f"greatest((SELECT max(fid) FROM {old}), 1))",
    ]
    return statements


def count_changes(staging: str, target: str, table: str, specs, geometry_type) -> str:
    """(deleted, updated, inserted) row counts an update of ``table`` would make."""
    new, old = sql.qualified(staging, table), sql.qualified(target, table)
    names = [sql.identifier(s.name) for s in specs] + (["geom"] if geometry_type else [])
    differs = " OR ".join(f"t.{n} IS DISTINCT FROM s.{n}" for n in names) or "FALSE"
    return (
        f"SELECT (SELECT count(*) FROM {old} AS t WHERE NOT EXISTS "
        f"(SELECT 1 FROM {new} AS s WHERE s.fid = t.fid)), "
        f"(SELECT count(*) FROM {old} AS t JOIN {new} AS s ON s.fid = t.fid WHERE {differs}), "
        f"(SELECT count(*) FROM {new} AS s WHERE NOT EXISTS "
        f"(SELECT 1 FROM {old} AS t WHERE t.fid = s.fid))"
    )


def table_exists(schema: str, table: str) -> str:
    return f"SELECT to_regclass({sql.literal(sql.qualified(schema, table))}) IS NOT NULL"
