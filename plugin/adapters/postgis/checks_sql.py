"""SQL for the checks that run inside PostGIS (Qt-free builders; every name quoted by ``sql``).

Pushed down: G01 invalid geometry, G02 empty geometry, T01 overlap between units, and the
layer-in-units overlays behind R01 (red line inside non-priority units, and inside the gaps),
R02 (park units on the red line), S01 (urban boundary in priority units), S02 (farmland in
park units) and the park-layer share that makes a key unit a park unit. The SQL mirrors ``plugin.core.checks``:

- geometries are repaired (``ST_MakeValid``) and snapped to the same precision grid as the
  core snaps them (pointwise rounding, ``ST_ReducePrecision`` only where the rounding breaks
  a polygon: ``cleaned``), and overlays run snap-rounded (``ST_Intersection(a, b, grid)``),
  the PostGIS form of shapely's ``grid_size``;
- pairs are found with ``&&`` on the stored geometry columns, so the tables' GiST indexes
  serve the joins; red-line polygons are cut with ``ST_Subdivide`` first, so a huge red-line
  polygon is joined and overlaid piece by piece;
- an overlay part counts when its area exceeds the tolerance and its mean width 2A/P reaches
  the grid size (``_significant`` in the core), measured in the working CRS;
- the checks measure areas as the core does: planar, in the working CRS (the 3° Gauss-Krüger
  zone the algorithm computes in); ``official_area`` is the one area rule (the zone of each
  feature's point on surface) for the engines that report official areas (overlap analysis).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.area import CGCS2000_GEOGRAPHIC_EPSG, GK3_ZONE_PREFIX_EPSG_OFFSET
from . import sql

SUBDIVIDE_VERTICES = 256
# An optimisation fence: PostgreSQL flattens a subquery into its parent and copies the
# subquery's expressions wherever its columns are used, so ``SELECT g ... WHERE NOT
# ST_IsEmpty(g)`` over ``(SELECT <overlay> AS g ...)`` would run the overlay twice. A
# subquery with ``OFFSET 0`` is not flattened: each expression is computed once per row.
ONCE = "OFFSET 0"


@dataclass(frozen=True)
class Table:
    """Where a layer lives: schema, table, key and geometry columns, stored SRID."""

    schema: str
    table: str
    key: str
    geometry: str
    srid: int

    @property
    def relation(self) -> str:
        return sql.qualified(self.schema, self.table)


def official_area(expression: str) -> str:
    """Planar area of ``expression`` in the 3° GK zone of its own point on surface, taken in
    the geometry's CRS as ``core.area.feature_zones`` does (the one area rule)."""
    lon = f"ST_X(ST_Transform(ST_PointOnSurface({expression}), {CGCS2000_GEOGRAPHIC_EPSG}))"
    zone_srid = f"({GK3_ZONE_PREFIX_EPSG_OFFSET} + floor({lon} / 3.0 + 0.5)::int)"
    return f"ST_Area(ST_Transform({expression}, {zone_srid}))"


def cleaned(expression: str, work_srid: int, grid: float) -> str:
    """Repaired, polygonal geometry in the working CRS, snapped to the grid as the core snaps
    (``geometry.snap_pointwise``): every vertex rounded to the grid (``ST_SnapToGrid``), and
    GEOS's validity-preserving snapping (``ST_ReducePrecision``, a noding overlay, many times
    slower) only where the rounding broke the polygon. Only invalid geometries are repaired.
    Each step is computed once (scalar subqueries fenced with ``ONCE``)."""
    t = f"ST_Transform({expression}, {int(work_srid)})"
    return f"""(SELECT ST_CollectionExtract(
        CASE WHEN s IS NOT NULL AND ST_IsValid(s) THEN s
             ELSE ST_ReducePrecision(v, {sql.literal(grid)}) END, 3)
      FROM (SELECT v, ST_SnapToGrid(v, {sql.literal(grid)}) AS s
            FROM (SELECT ST_CollectionExtract({repaired("t")}, 3) AS v
                  FROM (SELECT {t} AS t {ONCE}) AS i {ONCE}) AS r {ONCE}) AS p)"""


def repaired(name: str) -> str:
    """The geometry ``name`` (a column), repaired only when it is invalid."""
    return f"CASE WHEN ST_IsValid({name}) THEN {name} ELSE ST_MakeValid({name}) END"


def _significant_parts(source: str, keys: str, tolerance: float, grid: float) -> str:
    """Parts of ``source``.``g`` whose area exceeds ``tolerance`` and mean width reaches ``grid``."""
    return f"""
      SELECT {keys}, d.geom AS part
      FROM {source}, LATERAL ST_Dump(g) AS d
      WHERE ST_Area(d.geom) > {sql.literal(tolerance)}
        AND 2 * ST_Area(d.geom) >= {sql.literal(grid)} * ST_Perimeter(d.geom)"""


def geometry_problems(units: Table, work_srid: int, grid: float) -> str:
    """G01/G02 input for every unit: key, validity reason (NULL when valid), missing (NULL or
    empty), degenerate (no area left after repair and snapping), a WKB to show (the
    repaired geometry, or a point on a degenerate one) and the repaired area."""
    g = sql.identifier(units.geometry)
    missing = f"({g} IS NULL OR ST_IsEmpty({g}))"
    clean = cleaned(g, work_srid, grid)
    return f"""
      SELECT fid, reason, missing, NOT missing AND ST_IsEmpty(clean) AS degenerate,
             CASE WHEN missing THEN NULL
                  WHEN ST_IsEmpty(clean)
                  THEN ST_AsBinary(ST_PointOnSurface(ST_Transform({g}, {int(work_srid)})))
                  ELSE ST_AsBinary(clean) END AS wkb,
             CASE WHEN missing OR ST_IsEmpty(clean) THEN 0 ELSE ST_Area(clean) END
      FROM (SELECT {sql.identifier(units.key)} AS fid, {g}, {missing} AS missing,
                   CASE WHEN {missing} OR ST_IsValid({g}) THEN NULL
                        ELSE ST_IsValidReason({g}) END AS reason,
                   CASE WHEN {missing} THEN NULL ELSE {clean} END AS clean
            FROM {units.relation} {ONCE}) AS u
      WHERE missing OR reason IS NOT NULL OR ST_IsEmpty(clean)"""


def unit_overlaps(units: Table, work_srid: int, grid: float, tolerance: float) -> str:
    """T01: one row per overlapping unit pair: keys, the overlap (WKB, working CRS), its area."""
    key, g = sql.identifier(units.key), sql.identifier(units.geometry)
    inter = (
        f"ST_CollectionExtract(ST_Intersection({cleaned('a.' + g, work_srid, grid)}, "
        f"{cleaned('b.' + g, work_srid, grid)}, {sql.literal(grid)}), 3)"
    )
    pairs = f"""(
      SELECT a.{key} AS fa, b.{key} AS fb, {inter} AS g
      FROM {units.relation} a JOIN {units.relation} b
        ON a.{key} < b.{key} AND a.{g} && b.{g} AND ST_Intersects(a.{g}, b.{g})
    ) AS pairs"""
    parts = _significant_parts(pairs, "fa, fb", tolerance, grid)
    return f"""
      WITH parts AS ({parts})
      SELECT fa, fb, ST_AsBinary(ST_Multi(ST_Collect(part))) AS wkb,
             ST_Area(ST_Collect(part)) AS area_m2
      FROM parts GROUP BY fa, fb"""


def layer_in_units(
    units: Table, layer: Table, keys, work_srid: int, grid: float, tolerance: float
) -> str:
    """Per unit of ``keys``: the union of ``layer`` inside it (WKB, working CRS) and its area.

    One statement (one transaction) with two temporary tables (``ON COMMIT DROP``): the
    chosen units, repaired and snapped once; the layer's features whose box meets one of
    them (found through the layer's GiST index), repaired, cut with ``ST_Subdivide`` and
    snapped once, piece by piece, with a GiST index. The features are looked up unit box by
    unit box through the layer's GiST index, never by scanning the whole layer (the park
    units' farmland at province-dense, 14,831 of 1,000,000 parcels: 15.6 s fell to 1.2 s).
    Each unit then overlays only the pieces touching it (snap-rounded) and re-assembles them
    with a snap-rounded union. A layer of a million parcels is read only where the chosen units are, and no geometry is repaired
    twice. Only repaired geometries meet ``ST_Intersects`` (GEOS refuses some invalid ones).
    """
    key, g = sql.identifier(units.key), sql.identifier(units.geometry)
    lkey, lg = sql.identifier(layer.key), sql.identifier(layer.geometry)
    chosen, pieces = sql.identifier("ez_units"), sql.identifier("ez_layer_pieces")
    box = f"ST_Transform(ST_Expand(ST_Envelope(g), 1.0), {int(layer.srid)})"
    # per unit, a correlated subquery through the pieces' index: no join of every pair
    # sorted by unit with both geometries (that sort spilled a gigabyte to disk)
    overlay = f"""(
      SELECT u.fid,
             (SELECT ST_CollectionExtract(ST_UnaryUnion(ST_Collect(ST_CollectionExtract(
                       ST_Intersection(p.g, u.g, {sql.literal(grid)}), 3)),
                     {sql.literal(grid)}), 3)
              FROM {pieces} AS p WHERE p.g && u.g AND ST_Intersects(p.g, u.g)) AS g
      FROM {chosen} AS u {ONCE}
    ) AS overlay"""
    parts = _significant_parts(overlay, "fid", tolerance, grid)
    return f"""
      CREATE TEMPORARY TABLE {chosen} ON COMMIT DROP AS
        SELECT fid, g, {box} AS box
        FROM (SELECT {key} AS fid, {cleaned(g, work_srid, grid)} AS g FROM {units.relation}
              WHERE {key} IN ({key_list(keys)}) AND {g} IS NOT NULL AND NOT ST_IsEmpty({g})
              {ONCE}) AS c
        WHERE NOT ST_IsEmpty(g);
      CREATE INDEX ON {chosen} USING gist (box);
      CREATE INDEX ON {chosen} USING gist (g);
      ANALYZE {chosen};
      CREATE TEMPORARY TABLE {pieces} ON COMMIT DROP AS
        SELECT g FROM (
          SELECT {cleaned("s.geom", work_srid, grid)} AS g
          FROM (SELECT DISTINCT n.k FROM {chosen} AS u CROSS JOIN LATERAL (
                  SELECT {lkey} AS k FROM {layer.relation} WHERE {lg} && u.box {ONCE}) AS n
               ) AS near
          JOIN {layer.relation} AS l ON l.{lkey} = near.k
          CROSS JOIN LATERAL ST_Subdivide(ST_CollectionExtract({repaired("l." + lg)}, 3),
                                          {SUBDIVIDE_VERTICES}) AS s(geom)
          WHERE EXISTS (SELECT 1 FROM {chosen} AS u WHERE s.geom && u.box) {ONCE}) AS c
        WHERE NOT ST_IsEmpty(g);
      CREATE INDEX ON {pieces} USING gist (g);
      ANALYZE {pieces};
      WITH parts AS ({parts})
      SELECT fid, ST_AsBinary(ST_Multi(ST_Collect(part))) AS wkb,
             ST_Area(ST_Collect(part)) AS area_m2
      FROM parts GROUP BY fid"""


def key_list(keys) -> str:
    """``keys`` as a list of SQL literals (NULL alone when there are none)."""
    values = [k.item() if hasattr(k, "item") else k for k in keys]
    return ", ".join(sql.literal(v) for v in values) or "NULL"


def unit_areas(units: Table, keys, work_srid: int, grid: float) -> str:
    """Key and area (working CRS, repaired and snapped as the core measures units) of ``keys``."""
    key, g = sql.identifier(units.key), sql.identifier(units.geometry)
    return (
        f"SELECT {key}, ST_Area({cleaned(g, work_srid, grid)}) FROM {units.relation} "
        f"WHERE {key} IN ({key_list(keys)}) AND {g} IS NOT NULL"
    )


def layer_repairs(layer: Table, work_srid: int, grid: float) -> str:
    """The layer's features the core would log: key, GEOS's reason when invalid (in the
    working CRS, as the core sees them) and whether nothing polygonal survives the repair
    and the snapping (dropped). Only candidates are repaired: invalid ones, and valid ones
    thin enough for the grid to collapse."""
    key, lg = sql.identifier(layer.key), sql.identifier(layer.geometry)
    t = f"ST_Transform({lg}, {int(work_srid)})"
    return f"""
      SELECT fid, reason, ST_IsEmpty({cleaned("t", work_srid, grid)}) AS dropped
      FROM (SELECT {key} AS fid, {t} AS t,
                   CASE WHEN ST_IsValid({t}) THEN NULL ELSE ST_IsValidReason({t}) END AS reason
            FROM {layer.relation}
            WHERE {lg} IS NOT NULL AND NOT ST_IsEmpty({lg}) {ONCE}) AS c
      WHERE reason IS NOT NULL
         OR 2 * ST_Area(t) < {sql.literal(10 * grid)} * ST_Perimeter(t)"""


def unit_attributes(units: Table, fields: dict[str, str]) -> str:
    """Key plus the mapped attribute fields (``{role: field name}``) of every unit, as text."""
    columns = ", ".join(
        f"{sql.identifier(name)}::text AS {sql.identifier(role)}" for role, name in fields.items()
    )
    return (
        f"SELECT {sql.identifier(units.key)} AS fid{', ' + columns if columns else ''} "
        f"FROM {units.relation}"
    )


def layer_in_parts(
    layer: Table, parts_wkb: list[bytes], work_srid: int, grid: float, tolerance: float
) -> str:
    """Per given part (0-based index; WKB in the working CRS): the union of ``layer`` inside it
    and its official area. The parts go in as hex literals; the layer is found through its
    GiST index."""
    lg = sql.identifier(layer.geometry)
    values = ", ".join(f"({k}, {sql.hex_wkb(wkb, work_srid)})" for k, wkb in enumerate(parts_wkb))
    pairs = f"""(
      SELECT p.k, ST_CollectionExtract(ST_UnaryUnion(ST_Collect(ST_CollectionExtract(
               ST_Intersection({cleaned("l." + lg, work_srid, grid)}, p.g, {sql.literal(grid)}),
               3)), {sql.literal(grid)}), 3) AS g
      FROM (VALUES {values}) AS p(k, g)
      JOIN {layer.relation} AS l
        ON l.{lg} && ST_Transform(p.g, {int(layer.srid)})
      GROUP BY p.k
    ) AS pairs"""
    parts = _significant_parts(pairs, "k", tolerance, grid)
    return f"""
      WITH parts AS ({parts})
      SELECT k, ST_AsBinary(ST_Multi(ST_Collect(part))) AS wkb,
             ST_Area(ST_Collect(part)) AS area_m2
      FROM parts GROUP BY k"""


def layer_in_small_parts(
    units: Table,
    layer: Table,
    keys,
    work_srid: int,
    grid: float,
    small_area: float,
    small_width: float,
) -> str:
    """The features of ``layer`` near the small or narrow parts of the units ``keys`` (area
    below ``small_area`` or mean width 2A/P below ``small_width``): key and the whole feature
    as stored (WKB, working CRS). T04 measures how much of each part the red line covers
    from these exactly as from the whole layer (the same features, repaired by the core),
    without the rest of it; a feature is near a part when their boxes meet, as in the core."""
    key, g = sql.identifier(units.key), sql.identifier(units.geometry)
    lkey, lg = sql.identifier(layer.key), sql.identifier(layer.geometry)
    probe = f"ST_Transform(p.part, {int(layer.srid)})"
    return f"""
      WITH parts AS (
        SELECT d.geom AS part
        FROM {units.relation} AS u, LATERAL ST_Dump({cleaned("u." + g, work_srid, grid)}) AS d
        WHERE u.{key} IN ({key_list(keys)})
          AND (ST_Area(d.geom) < {sql.literal(float(small_area))}
               OR 2 * ST_Area(d.geom) < {sql.literal(float(small_width))} * ST_Perimeter(d.geom))
      )
      SELECT l.{lkey}, ST_AsBinary(ST_Transform(l.{lg}, {int(work_srid)}))
      FROM {layer.relation} AS l
      WHERE l.{lkey} IN (SELECT n.{lkey} FROM parts AS p
                         JOIN {layer.relation} AS n ON n.{lg} && {probe})
        AND l.{lg} IS NOT NULL AND NOT ST_IsEmpty(l.{lg})"""
