"""SQL for the overlap analysis inside PostGIS (Qt-free builders; names quoted by ``sql``).

Mirrors ``plugin.core.overlap`` for one constraint layer:

- features (points, lines, polygons; collections by their highest dimension) are taken to
  the working CRS; invalid ones are repaired (``ST_MakeValid``), polygons keep their
  polygonal parts;
- constraint features (only polygons without a buffer; anything with a buffer, buffered
  with 16 segments per quarter circle) are repaired, snapped to the precision grid as the
  core snaps them (pointwise rounding, ``ST_SnapToGrid``, then repaired where that broke
  them) and cut with ``ST_Subdivide``;
- the cleaned pieces go once into a temporary table with a GiST index; each feature finds
  its pieces through it, unions the pieces it touches on the grid and is intersected once
  with that union, snap-rounded (counted once). As in the core's ``dissolve``, only pieces
  that touch another piece are overlaid: a piece touching no other (``alone``, marked once
  per layer) is gathered as it is (a feature over many disjoint farmland parcels would
  otherwise pay for a snap-rounded union of all of them);
- polygon overlaps are official areas (``checks_sql.official_area``: the CGCS2000 3° zone of
  each result's point on surface, as ``core.area``), lines planar lengths in the working CRS.
"""

from __future__ import annotations

from . import sql
from .checks_sql import ONCE, SUBDIVIDE_VERTICES, Table, official_area, repaired

BUFFER_QUAD_SEGS = 16


def _feature(expression: str) -> str:
    """A feature reduced to its highest dimension, repaired (the core's ``_clean_features``)."""
    valid = (
        f"CASE WHEN ST_IsValid({expression}) THEN {expression} ELSE ST_MakeValid({expression}) END"
    )
    return f"ST_CollectionExtract({valid}, ST_Dimension({expression}) + 1)"


def _constraint(expression: str, buffer: float, grid: float) -> str:
    """Constraint polygons as the core's ``constraints._snapped`` makes them: repaired when
    invalid, buffered if asked, every vertex rounded to the grid (``ST_SnapToGrid``, the
    core's pointwise ``set_precision``), repaired again where the rounding broke them.
    Each step is computed once (scalar subqueries fenced with ``ONCE``)."""
    valid = repaired("t")
    if buffer > 0:
        shape = f"ST_Buffer({valid}, {sql.literal(float(buffer))}, 'quad_segs={BUFFER_QUAD_SEGS}')"
    else:
        shape = f"ST_CollectionExtract({valid}, 3)"
    return f"""(SELECT ST_CollectionExtract({repaired("s")}, 3)
      FROM (SELECT ST_SnapToGrid(ST_CollectionExtract({shape}, 3), {sql.literal(grid)}) AS s
            FROM (SELECT {expression} AS t {ONCE}) AS i {ONCE}) AS p)"""


PIECES = "ez_overlap_pieces"  # a temporary table, dropped when the statement commits
# Whether a piece touches no other piece of its layer: DBSCAN with a distance of 0 and two
# points leaves exactly the pieces intersecting no other one unclustered (NULL). One window
# over the layer's pieces (GEOS's own tree), about 4 times faster than a GiST self-join of a
# million pieces, and the pieces are written once (no UPDATE leaving a dead row per piece).
ALONE = "ST_ClusterDBSCAN(geom, 0, 2) OVER () IS NULL"
RESULT_COLUMNS = "fid, layer, name, dim, wkb, area, length, base, points, bytes"


def overlap_parts(
    features: Table,
    constraint: Table,
    work_srid: int,
    grid: float,
    buffer: float = 0.0,
    name_field: str | None = None,
    layer: int = 0,
    chunked: bool = False,
) -> tuple[str, str]:
    """One row per feature overlapping the constraint layer whose measure is above zero:
    key, ``layer`` (the constraint layer's number), name (text or NULL), dimension (0/1/2),
    the overlap (WKB, working CRS), its official area (polygons), its length (lines), the
    feature's size (official area, length, or number of points), the number of points inside
    (points) and the WKB's size in bytes (``RESULT_COLUMNS``).

    Several statements, meant to run in one transaction: the constraint is cleaned once, into
    a temporary table of pieces with a GiST index (``ON COMMIT DROP``), then every feature
    finds its pieces through that index, one feature at a time (a lateral subquery: no join
    of all pairs sorted by feature with their geometries, which spills to disk at a
    province's size). (Cleaning per feature-constraint pair, as a join would, repeats the
    repair of a big constraint polygon for every feature it touches.) The last statement is
    the SELECT of the rows: (the statements before it, the SELECT), so that ``results``
    can store the rows instead.

    ``chunked``: a part of ``chunk``'s statement: the features are those of its temporary
    table (``FEATURES``: a chunk's, cleaned once for every layer, with their size), only the
    constraint features near them are cleaned (``_near``), and the pieces table is named
    after the layer, so that one transaction holds every layer's."""
    cg, ck = sql.identifier(constraint.geometry), sql.identifier(constraint.key)
    work = int(work_srid)
    name = f"{sql.identifier(name_field)}::text" if name_field else "NULL::text"
    pieces = sql.identifier(f"{PIECES}_{int(layer)}" if chunked else PIECES)
    near = _near(constraint, work, buffer) if chunked else ""
    before = f"""
      CREATE TEMPORARY TABLE {pieces} ON COMMIT DROP AS
        SELECT cid, geom, {ALONE} AS alone
        FROM (SELECT c.{ck} AS cid, p.geom
              FROM {constraint.relation} AS c
              CROSS JOIN LATERAL ST_Subdivide(
                {_constraint(f"ST_Transform(c.{cg}, {work})", buffer, grid)}, {SUBDIVIDE_VERTICES}
              ) AS p(geom)
              WHERE c.{cg} IS NOT NULL AND NOT ST_IsEmpty(c.{cg}) {near} {ONCE}) AS p;
      CREATE INDEX ON {pieces} USING gist (geom);
      ANALYZE {pieces};
"""
    select = f"""
      WITH f AS MATERIALIZED (
        {_features(features, work, name) if not chunked else f"SELECT * FROM {FEATURES}"}
      ),
      m AS MATERIALIZED (
        SELECT f.fid, f.name, f.dim, f.g, {"f.base" if chunked else "NULL::float8"} AS base,
               ST_CollectionExtract(ST_Intersection(f.g, z.zone, {sql.literal(grid)}), f.dim + 1)
                 AS m
        FROM f CROSS JOIN LATERAL ({_zone(pieces, grid)}) AS z
        WHERE z.zone IS NOT NULL
      ),
      r AS (
        SELECT fid, name, dim, ST_AsBinary(ST_Multi(m)) AS wkb,
               CASE WHEN dim = 2 THEN {official_area("m")} END AS area,
               CASE WHEN dim = 1 THEN ST_Length(m) END AS length,
               {"base" if chunked else _size("g")} AS base,
               CASE WHEN dim = 0 THEN ST_NumGeometries(m) END AS points
        FROM m WHERE NOT ST_IsEmpty(m) {ONCE}
      )
      SELECT fid, {int(layer)} AS layer, name, dim, wkb, area, length, base, points,
             octet_length(wkb) AS bytes
      FROM r
      WHERE COALESCE(CASE dim WHEN 2 THEN area WHEN 1 THEN length ELSE points END, 0) > 0"""
    return before, select


# Constraint features are looked up around a chunk's features in the constraint's own SRID:
# each feature's box in the working CRS, grown by the buffer plus this many metres and a
# hundredth of its size (a box taken to another CRS bends), taken to the constraint's SRID.
# A constraint feature too many is only cut for nothing; none that matters is missed.
NEAR_METRES = 1.0


FEATURES = "ez_overlap_features"  # a chunk's features, a temporary table (ON COMMIT DROP)


def _features(features: Table, work: int, name: str, chosen: str = "") -> str:
    """The features (key ``fid``, ``name``, ``g`` cleaned in the working CRS, ``dim``) with a
    geometry left after cleaning, ``chosen`` (``AND`` …) among them."""
    key, g = sql.identifier(features.key), sql.identifier(features.geometry)
    return f"""SELECT fid, name, g, ST_Dimension(g) AS dim
        FROM (SELECT {key} AS fid, {name} AS name, {_feature(f"ST_Transform({g}, {work})")} AS g
              FROM {features.relation}
              WHERE {g} IS NOT NULL AND NOT ST_IsEmpty({g}) {chosen} {ONCE}) AS s
        WHERE NOT ST_IsEmpty(g)"""


def _size(g: str) -> str:
    """A feature's size: official area (polygons), length (lines) or number of points."""
    return (
        f"CASE ST_Dimension({g}) WHEN 2 THEN {official_area(g)} WHEN 1 THEN ST_Length({g}) "
        f"ELSE ST_NumGeometries({g}) END"
    )


def _key_range(key: str, keys: tuple) -> str:
    """``AND`` the key within ``keys`` (lowest, above the last or None)."""
    low, high = keys
    text = f"AND {key} >= {sql.literal(low)}"
    return text if high is None else f"{text} AND {key} < {sql.literal(high)}"


def _near(constraint: Table, work: int, buffer: float) -> str:
    """``AND`` the constraint feature ``c`` near a feature of the chunk (``FEATURES``): its
    stored geometry's box (``&&``, the constraint table's GiST index) touches the feature's
    grown box."""
    ck, cg = sql.identifier(constraint.key), sql.identifier(constraint.geometry)
    margin = sql.literal(float(buffer) + NEAR_METRES)
    if constraint.srid == work:
        grown = f"ST_Expand(s.g, {margin})"
    else:
        grow = f"{margin} + 0.01 * greatest(ST_XMax(b) - ST_XMin(b), ST_YMax(b) - ST_YMin(b))"
        grown = (
            f"(SELECT ST_Transform(ST_Expand(b, {grow}), {int(constraint.srid)}) "
            f"FROM (SELECT ST_Envelope(s.g) AS b) AS e)"
        )
    # the keys as one array (an InitPlan): the planner then looks them up by key, where an
    # IN (…) join was planned as a scan of the whole constraint table
    return f"""AND c.{ck} = ANY (ARRAY(
                SELECT DISTINCT n.{ck} FROM {FEATURES} AS s
                JOIN {constraint.relation} AS n ON n.{cg} && {grown}))"""


def chunk(features: Table, work_srid: int, name_field: str | None, keys: tuple, parts: list) -> str:
    """One chunk's statement, in one transaction: the features of the key range ``keys``
    (lowest key, key above the last or None) cleaned once into ``FEATURES`` with their size,
    then every layer's statements (``overlap_parts`` with ``chunked``), returning the rows
    (``RESULT_COLUMNS``) in (feature key, layer) order."""
    key = sql.identifier(features.key)
    name = f"{sql.identifier(name_field)}::text" if name_field else "NULL::text"
    chosen = _features(features, int(work_srid), name, _key_range(key, keys))
    before = "".join(b for b, _ in parts)
    selects = "\n      UNION ALL\n".join(f"({s.strip()})" for _, s in parts)
    return f"""
      CREATE TEMPORARY TABLE {FEATURES} ON COMMIT DROP AS
        SELECT fid, name, g, dim, {_size("g")} AS base FROM ({chosen}) AS c;
      ANALYZE {FEATURES};
{before}
      SELECT {RESULT_COLUMNS} FROM (
      {selects}) AS r
      ORDER BY fid, layer"""


def chunk_keys(features: Table, size: int) -> str:
    """The lowest key of each chunk of ``size`` features (those with a geometry), in order:
    chunk ``i`` holds the keys from the ``i``-th up to the next one."""
    key, g = sql.identifier(features.key), sql.identifier(features.geometry)
    return f"""
      SELECT k FROM (SELECT {key} AS k, row_number() OVER (ORDER BY {key}) AS n
                     FROM {features.relation}
                     WHERE {g} IS NOT NULL AND NOT ST_IsEmpty({g})) AS s
      WHERE (n - 1) % {int(size)} = 0
      ORDER BY k"""


def spatially_indexed(table: Table) -> str:
    """Whether the geometry column of ``table`` has a GiST (or SP-GiST) index: one row, a
    boolean."""
    relation = sql.literal(table.relation)
    column = sql.literal(table.geometry)
    return f"""
      SELECT EXISTS (
        SELECT 1 FROM pg_index AS i
        JOIN pg_class AS x ON x.oid = i.indexrelid
        JOIN pg_am AS a ON a.oid = x.relam
        JOIN pg_attribute AS c ON c.attrelid = i.indrelid AND c.attnum = ANY (i.indkey)
        WHERE i.indrelid = to_regclass({relation}) AND a.amname IN ('gist', 'spgist')
          AND c.attname = {column})"""


def results(table: str, parts: tuple[str, str], first: bool) -> str:
    """A layer's statements (``overlap_parts``) with its rows stored in the temporary table
    ``table`` (created by the first layer, kept for the session) rather than returned; the
    statement returns the number of rows stored so far."""
    before, select = parts
    target = sql.identifier(table)
    if first:
        store = f"CREATE TEMPORARY TABLE {target} AS"
    else:
        store = f"INSERT INTO {target} ({RESULT_COLUMNS})"
    return f"{before}      {store} {select.strip()};\n      SELECT count(*) FROM {target}"


def pages(table: str, order: str, page_bytes: int, page_rows: int) -> str:
    """Splits the stored results of ``table`` into pages in the order of (feature key, layer):
    the temporary table ``order`` holds each row's key, layer and page number (a page holds
    at most ``page_rows`` rows and about ``page_bytes`` of WKB, or one bigger row). Returns
    each page's number, in order."""
    target, ordered = sql.identifier(table), sql.identifier(order)
    return f"""
      CREATE TEMPORARY TABLE {ordered} AS
        SELECT fid, layer,
               greatest((sum(bytes) OVER w - bytes) / {int(page_bytes)},
                        (row_number() OVER w - 1) / {int(page_rows)})::bigint AS page
        FROM {target} WINDOW w AS (ORDER BY fid, layer ROWS UNBOUNDED PRECEDING);
      CREATE INDEX ON {ordered} (page);
      CREATE INDEX ON {target} (fid, layer);
      ANALYZE {ordered};
      ANALYZE {target};
      SELECT DISTINCT page FROM {ordered} ORDER BY page"""


def page(table: str, order: str, number: int) -> str:
    """The stored rows of page ``number`` (``RESULT_COLUMNS``), in (feature key, layer) order."""
    target, ordered = sql.identifier(table), sql.identifier(order)
    columns = ", ".join(f"r.{c.strip()}" for c in RESULT_COLUMNS.split(","))
    return f"""
      SELECT {columns} FROM {ordered} AS o
      JOIN {target} AS r ON r.fid = o.fid AND r.layer = o.layer
      WHERE o.page = {int(number)}
      ORDER BY o.fid, o.layer"""


def drop(*tables: str) -> str:
    """Drops the temporary tables ``tables`` (those that exist)."""
    return "; ".join(f"DROP TABLE IF EXISTS pg_temp.{sql.identifier(t)}" for t in tables)


def _zone(pieces: str, grid: float) -> str:
    """The union of the pieces feature ``f`` touches (a lateral subquery, one row: ``zone``):
    the pieces touching another piece unioned on the grid, the others (``alone``: disjoint
    from every other piece, so their union is their collection) gathered as they are. The
    ``OFFSET 0`` fence keeps the union out of the caller's filter (it would run twice)."""
    near = "p.geom && f.g AND ST_Intersects(p.geom, f.g)"
    return f"""SELECT ST_Collect(part) AS zone FROM (
          SELECT p.geom AS part FROM {pieces} AS p WHERE p.alone AND {near}
          UNION ALL
          SELECT (ST_Dump(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(p.geom), {sql.literal(grid)}), 3))).geom
          FROM {pieces} AS p WHERE NOT p.alone AND {near}) AS z {ONCE}"""


def feature_repairs(features: Table, work_srid: int) -> str:
    """Key, GEOS's reason (NULL when valid) and "left with nothing" for the input features the
    core logs: invalid ones (in the working CRS), and present ones that clean to nothing."""
    key, g = sql.identifier(features.key), sql.identifier(features.geometry)
    t = f"ST_Transform({g}, {int(work_srid)})"
    return f"""
      SELECT fid, reason, dropped
      FROM (SELECT fid, reason, ST_IsEmpty({_feature("t")}) AS dropped
            FROM (SELECT {key} AS fid, {t} AS t,
                         CASE WHEN ST_IsValid({t}) THEN NULL ELSE ST_IsValidReason({t}) END
                           AS reason
                  FROM {features.relation}
                  WHERE {g} IS NOT NULL AND NOT ST_IsEmpty({g}) {ONCE}) AS c {ONCE}) AS d
      WHERE reason IS NOT NULL OR dropped"""


def constraint_repairs(constraint: Table, work_srid: int, buffer: float) -> str:
    """Key and GEOS's reason of the constraint features used (polygons, or all with a buffer)
    that are invalid in the working CRS."""
    key, g = sql.identifier(constraint.key), sql.identifier(constraint.geometry)
    t = f"ST_Transform({g}, {int(work_srid)})"
    used = "TRUE" if buffer > 0 else f"ST_Dimension({g}) = 2"
    return f"""
      SELECT {key}, ST_IsValidReason({t}) FROM {constraint.relation}
      WHERE {g} IS NOT NULL AND NOT ST_IsEmpty({g}) AND {used} AND NOT ST_IsValid({t})"""
