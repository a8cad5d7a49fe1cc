"""SQL selecting only what lies near a few query geometries (Qt-free; names quoted by ``sql``).

Used by the compliance assessment: the projects are the query, the unit and constraint tables
stay in the database and only their features touching a project come back. Each project's
bounding box, grown by a margin, probes the table's GiST index (``&&`` on the stored column;
no ``ST_Intersects`` on stored geometries, which GEOS refuses when some are invalid: the core
decides exactly on what comes back). Constraint polygons come back
repaired and cut with ``ST_Subdivide`` into pieces, and only the pieces near a project travel,
so one huge red-line polygon does not.
"""

from __future__ import annotations

from . import sql
from .checks_sql import SUBDIVIDE_VERTICES, Table


def _probes(query_wkb: list[bytes], work_srid: int, table_srid: int, margin: float) -> str:
    """VALUES of the query geometries' grown boxes, in the table's SRID."""
    grown = [
        f"(ST_Transform(ST_Expand(ST_Envelope({sql.hex_wkb(w, work_srid)}), "
        f"{sql.literal(float(margin))}), {int(table_srid)}))"
        for w in query_wkb
    ]
    return "(VALUES " + ", ".join(grown) + ") AS q(g)"


def table_probes(sources: list[Table], work_srid: int, table_srid: int, margin: float) -> str:
    """The grown boxes of every feature of the tables ``sources`` (the query is itself in the
    database: a screening's source layers), in the SRID ``table_srid``."""
    grown = [
        f"SELECT ST_Transform(ST_Expand(ST_Envelope(ST_Transform(s.{sql.identifier(t.geometry)}, "
        f"{int(work_srid)})), {sql.literal(float(margin))}), {int(table_srid)}) AS g "
        f"FROM {t.relation} AS s WHERE NOT ST_IsEmpty(s.{sql.identifier(t.geometry)})"
        for t in sources
    ]
    return "(" + " UNION ALL ".join(grown) + ") AS q"


def features_near(table: Table, query_wkb: list[bytes], work_srid: int, margin: float) -> str:
    """Every column of the rows of ``table`` touching a grown query box (a query-layer SQL)."""
    return features_probed(table, _probes(query_wkb, work_srid, table.srid, margin))


def features_probed(table: Table, probes: str) -> str:
    """Every column of the rows of ``table`` touching a box of ``probes`` (``q(g)``)."""
    key, g = sql.identifier(table.key), sql.identifier(table.geometry)
    return f"""SELECT t.* FROM {table.relation} AS t
      WHERE t.{key} IN (
        SELECT n.{key} FROM {probes}
        JOIN {table.relation} AS n ON n.{g} && q.g)"""


def pieces_near(table: Table, query_wkb: list[bytes], work_srid: int, margin: float) -> str:
    """Repaired polygon pieces (``ST_Subdivide``) of the features of ``table`` touching a
    grown query box, keeping the pieces that touch one: columns ``piece`` (a key), the
    feature's key as ``source_fid`` and ``geom``."""
    return pieces_probed(table, _probes(query_wkb, work_srid, table.srid, margin))


def pieces_probed(table: Table, probes: str) -> str:
    """``pieces_near`` for the boxes of ``probes`` (``q(g)``)."""
    key, g = sql.identifier(table.key), sql.identifier(table.geometry)
    return f"""SELECT row_number() OVER () AS piece, p.source_fid, p.geom
      FROM (SELECT t.{key} AS source_fid,
                   ST_Subdivide(ST_CollectionExtract(ST_MakeValid(t.{g}), 3),
                                {SUBDIVIDE_VERTICES}) AS geom
            FROM {table.relation} AS t
            WHERE t.{key} IN (
              SELECT n.{key} FROM {probes}
              JOIN {table.relation} AS n ON n.{g} && q.g)) AS p
      WHERE EXISTS (SELECT 1 FROM {probes} WHERE p.geom && q.g)"""
