"""SQL for the checks that run inside PostGIS (Qt-free builders; every name quoted by ``sql``).

Pushed down: G01 invalid geometry, G02 empty geometry, T01 overlap between units, and the
red-line overlay behind R01 (red line inside non-priority units) and R02 (park units on the
red line). The SQL mirrors ``plugin.core.checks``:

- geometries are repaired (``ST_MakeValid``) and snap-rounded to the same precision grid
  (``ST_ReducePrecision``), and overlays run snap-rounded (``ST_Intersection(a, b, grid)``),
  the PostGIS form of shapely's ``grid_size``;
- pairs are found with ``&&`` on the stored geometry columns, so the tables' GiST indexes
  serve the joins; red-line polygons are cut with ``ST_Subdivide`` first, so a huge red-line
  polygon is joined and overlaid piece by piece;
- an overlay part counts when its area exceeds the tolerance and its mean width 2A/P reaches
  the grid size (``_significant`` in the core), measured in the working CRS;
- the reported area is the official one: planar area in the CGCS2000 3° Gauss-Krüger zone of
  the feature (EPSG 4488 + zone, zone = round(longitude / 3)).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.area import CGCS2000_GEOGRAPHIC_EPSG, GK3_ZONE_PREFIX_EPSG_OFFSET
from . import sql

SUBDIVIDE_VERTICES = 256


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
    """Repaired, polygonal, snap-rounded geometry in the working CRS."""
    polygonal = (
        f"ST_CollectionExtract(ST_MakeValid(ST_Transform({expression}, {int(work_srid)})), 3)"
    )
    return f"ST_CollectionExtract(ST_ReducePrecision({polygonal}, {sql.literal(grid)}), 3)"


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
             CASE WHEN missing OR ST_IsEmpty(clean) THEN 0 ELSE {official_area("clean")} END
      FROM (SELECT {sql.identifier(units.key)} AS fid, {g}, {missing} AS missing,
                   CASE WHEN {missing} OR ST_IsValid({g}) THEN NULL
                        ELSE ST_IsValidReason({g}) END AS reason,
                   CASE WHEN {missing} THEN NULL ELSE {clean} END AS clean
            FROM {units.relation}) AS u
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
             {official_area("ST_Collect(part)")} AS area_m2
      FROM parts GROUP BY fa, fb"""


def layer_in_units(
    units: Table, layer: Table, work_srid: int, grid: float, tolerance: float
) -> str:
    """Per unit: the union of ``layer`` inside it (WKB, working CRS) and its official area.

    The layer's polygons are subdivided, joined to the units through the units' GiST index,
    overlaid piece by piece and re-assembled per unit with a snap-rounded union.
    """
    key, g = sql.identifier(units.key), sql.identifier(units.geometry)
    lg = sql.identifier(layer.geometry)
    pieces = f"""
      SELECT ST_Transform(s.geom, {int(units.srid)}) AS g
      FROM {layer.relation} AS l,
           LATERAL ST_Subdivide(ST_CollectionExtract(ST_MakeValid(l.{lg}), 3),
                                {SUBDIVIDE_VERTICES}) AS s(geom)
      WHERE l.{lg} IS NOT NULL AND NOT ST_IsEmpty(l.{lg})"""
    overlay = f"""(
      SELECT u.{key} AS fid,
             ST_CollectionExtract(ST_UnaryUnion(ST_Collect(ST_CollectionExtract(
               ST_Intersection({cleaned("p.g", work_srid, grid)},
                               {cleaned("u." + g, work_srid, grid)}, {sql.literal(grid)}),
               3)), {sql.literal(grid)}), 3) AS g
      FROM pieces p JOIN {units.relation} u ON u.{g} && p.g AND ST_Intersects(u.{g}, p.g)
      GROUP BY u.{key}
    ) AS overlay"""
    parts = _significant_parts(overlay, "fid", tolerance, grid)
    return f"""
      WITH pieces AS ({pieces}), parts AS ({parts})
      SELECT fid, ST_AsBinary(ST_Multi(ST_Collect(part))) AS wkb,
             {official_area("ST_Collect(part)")} AS area_m2
      FROM parts GROUP BY fid"""


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
       AND ST_Intersects(l.{lg}, ST_Transform(p.g, {int(layer.srid)}))
      GROUP BY p.k
    ) AS pairs"""
    parts = _significant_parts(pairs, "k", tolerance, grid)
    return f"""
      WITH parts AS ({parts})
      SELECT k, ST_AsBinary(ST_Multi(ST_Collect(part))) AS wkb,
             {official_area("ST_Collect(part)")} AS area_m2
      FROM parts GROUP BY k"""
