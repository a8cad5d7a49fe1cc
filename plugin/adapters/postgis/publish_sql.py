"""DDL for publishing the project database to a PostGIS schema (Qt-free).

The tables mirror the GeoPackage's (``project_db.TABLES``): the same field names and types,
``fid`` as the primary key, the geometry column ``geom`` typed and in the project's SRID, a
GiST index on it — the constraints and indexes the GeoPackage has (its required fields are
nullable there too: forms enforce them, imports may fill them later).
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


def create_table(schema: str, table: str, specs, geometry_type: str | None, srid: int) -> list[str]:
    """CREATE TABLE (and its GiST index) for one project table; ``geometry_type`` None for a
    table without geometry."""
    columns = ["fid bigserial PRIMARY KEY"]
    columns += [f"{sql.identifier(s.name)} {column_type(s.kind, s.length)}" for s in specs]
    if geometry_type:
        columns.append(f"geom geometry({geometry_type}, {int(srid)})")
    statements = [f"CREATE TABLE {sql.qualified(schema, table)} ({', '.join(columns)})"]
    if geometry_type:
        statements.append(
            f"CREATE INDEX {sql.identifier(table + '_geom_gist')} "
            f"ON {sql.qualified(schema, table)} USING gist (geom)"
        )
    return statements


def schema_tables(schema: str) -> str:
    """Names of the tables and views in ``schema``."""
    return (
        "SELECT table_name FROM information_schema.tables "
        f"WHERE table_schema = {sql.literal(schema)} ORDER BY 1"
    )


def swap_schema(staging: str, target: str, replace: bool) -> str:
    """One statement list (one transaction) putting ``staging`` in place of ``target``."""
    drop = f"DROP SCHEMA IF EXISTS {sql.identifier(target)} CASCADE; " if replace else ""
    return (
        f"BEGIN; {drop}ALTER SCHEMA {sql.identifier(staging)} RENAME TO "
        f"{sql.identifier(target)}; COMMIT;"
    )
