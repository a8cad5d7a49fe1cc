"""Dynamic update (动态更新): which counties and units a changed input layer touches.

Pure Python on shapely 2. The old and new versions of a changed layer (e.g. the
生态保护红线 before and after an adjustment) are dissolved, and the land they differ on
is split into land gained (in the new version only) and land lost (in the old version
only). Overlaid with the current units (``STRtree.query``), this gives the area gained
and lost per unit; a county is touched when any of its units gains or loses at least
``min_area`` m². Only touched counties are delineated again; every other unit is kept
as it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from . import area, geometry, schema, tables

IMPACT_COLUMNS = tables.names(tables.UNIT_IMPACT)


def _dissolve(geoms, grid: float):
    """The whole layer as one polygonal geometry (repaired, unioned on the grid)."""
    geoms, _ = geometry.clean_polygons(geoms, grid_size=None)
    geoms = geoms[~shapely.is_missing(geoms)]
    if len(geoms) == 0:
        return shapely.Polygon()
    return shapely.union_all(geoms, grid_size=grid)


def layer_difference(old_geoms, new_geoms, grid: float = geometry.GRID_SIZE):
    """(land gained, land lost) between two versions of a layer, as polygonal geometries."""
    old, new = _dissolve(old_geoms, grid), _dissolve(new_geoms, grid)
    gained = geometry.polygonal(np.array([shapely.difference(new, old, grid_size=grid)]))[0]
    lost = geometry.polygonal(np.array([shapely.difference(old, new, grid_size=grid)]))[0]
    empty = shapely.Polygon()
    return (empty if gained is None else gained), (empty if lost is None else lost)


def _overlap_area(units_geoms, piece, grid: float) -> np.ndarray:
    result = np.zeros(len(units_geoms))
    if piece is None or piece.is_empty:
        return result
    parts = shapely.get_parts(piece)
    tree = shapely.STRtree(units_geoms)
    part_idx, unit_idx = tree.query(parts, predicate="intersects")
    if len(unit_idx):
        shared = shapely.intersection(units_geoms[unit_idx], parts[part_idx], grid_size=grid)
        np.add.at(result, unit_idx, area.official_m2(geometry.polygonal(shared)))
    return result


def impact(
    units: pd.DataFrame,
    changed: list[tuple[str, object, object]],
    min_area: float = 1.0,
    grid: float = geometry.GRID_SIZE,
) -> tuple[pd.DataFrame, list[str]]:
    """Area gained and lost per unit for each changed layer, and the touched counties.

    ``units``: the current units (schema columns, "geometry" in a metre CRS);
    ``changed``: (layer name, old geometries, new geometries) per changed layer.
    Returns (rows of IMPACT_COLUMNS for units touched, sorted county codes touched).
    """
    geoms = np.asarray(units["geometry"].to_numpy(), dtype=object)
    rows = []
    for name, old, new in changed:
        gained, lost = layer_difference(old, new, grid)
        g_area = _overlap_area(geoms, gained, grid)
        l_area = _overlap_area(geoms, lost, grid)
        hit = (g_area >= min_area) | (l_area >= min_area)
        for k in np.flatnonzero(hit):
            unit = units.iloc[k]
            rows.append(
                [
                    name,
                    unit[schema.UNIT_CODE],
                    unit.get(schema.UNIT_NAME),
                    unit[schema.UNIT_CLASS],
                    unit[schema.UNIT_COUNTY_CODE],
                    float(g_area[k]),
                    float(l_area[k]),
                ]
            )
    frame = pd.DataFrame(rows, columns=IMPACT_COLUMNS)
    counties = sorted({str(c) for c in frame[schema.UNIT_COUNTY_CODE]})
    return frame, counties


def retired_codes(current_codes, new_codes, counties) -> list[str]:
    """Codes of the touched counties that the update retires (never to be reused)."""
    rule = schema.DEFAULT_CODE_RULE
    kept = set(new_codes)
    retired = []
    for code in current_codes:
        parsed = rule.parse(code)
        if parsed and parsed[0] in counties and code not in kept:
            retired.append(code)
    return sorted(retired)
