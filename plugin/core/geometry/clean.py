"""Cleaning: polygonal parts, parts of one dimension, repair and snap, explode.

All overlay work in the engines goes through a fixed precision grid
(``GRID_SIZE`` in CRS units, metres in the working CRS): GEOS's floating
overlay has been seen to return wrong results silently on valid inputs with
near-coincident edges, while snap-rounded overlay was right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely import GeometryType

from .grid import GRID_SIZE

_POLYGONAL = (int(GeometryType.POLYGON), int(GeometryType.MULTIPOLYGON))


@dataclass
class CleanReport:
    """What ``clean_polygons`` did, one entry per affected input row."""

    empty: np.ndarray  # row indices of null/empty geometries (dropped)
    repaired: np.ndarray  # row indices of invalid geometries that were repaired
    not_polygonal: np.ndarray  # row indices whose (repaired) geometry had no area (dropped)


def polygonal(geoms) -> np.ndarray:
    """Keep only the polygonal part of each geometry (collections included).

    Returns Polygon/MultiPolygon objects, or None where nothing polygonal is left.
    """
    geoms = np.asarray(geoms, dtype=object)
    out = np.empty(len(geoms), dtype=object)
    types = shapely.get_type_id(geoms)
    simple = np.isin(types, _POLYGONAL)
    out[simple] = geoms[simple]
    # only collections can hold a polygon among other parts: points and lines (the common
    # result of intersecting polygons that only touch) have none, no loop needed for them
    mixed = types == int(GeometryType.GEOMETRYCOLLECTION)
    for i in np.flatnonzero(mixed):  # rare: collections from make_valid or an overlay
        parts = shapely.get_parts(geoms[i])
        if len(parts) and shapely.get_type_id(parts[0]) == int(GeometryType.GEOMETRYCOLLECTION):
            parts = shapely.get_parts(parts)
        keep = parts[np.isin(shapely.get_type_id(parts), _POLYGONAL)]
        out[i] = shapely.union_all(keep) if len(keep) else None
    empty = shapely.is_empty(out) | shapely.is_missing(out)
    out[empty] = None
    return out


def of_dimension(geoms, dimension: int, grid_size: float | None = None) -> np.ndarray:
    """Only the parts of each geometry with this dimension (0 points, 1 lines, 2 areas).

    None where nothing of that dimension is left (e.g. a point where two areas touch).
    Parts of a collection are unioned again, on ``grid_size`` when given.
    """
    geoms = np.asarray(geoms, dtype=object)
    if dimension == 2 and grid_size is None:
        return polygonal(geoms)
    out = np.empty(len(geoms), dtype=object)
    present = ~shapely.is_missing(geoms)
    types = shapely.get_type_id(geoms)
    dims = shapely.get_dimensions(geoms)
    coll = present & (types == int(GeometryType.GEOMETRYCOLLECTION))
    simple = present & ~coll & (dims == dimension)
    out[simple] = geoms[simple]
    for i in np.flatnonzero(coll):  # rare: overlay results mixing dimensions
        parts = shapely.get_parts(geoms[i])
        if len(parts) and shapely.get_type_id(parts[0]) == int(GeometryType.GEOMETRYCOLLECTION):
            parts = shapely.get_parts(parts)
        keep = parts[shapely.get_dimensions(parts) == dimension]
        out[i] = shapely.union_all(keep, grid_size=grid_size) if len(keep) else None
    out[shapely.is_empty(out) | shapely.is_missing(out)] = None
    return out


def clean_polygons(
    geoms, grid_size: float | None = GRID_SIZE, pointwise: bool = False
) -> tuple[np.ndarray, CleanReport]:
    """Repair and normalise a polygon array in one pass.

    Null and empty geometries are dropped (None in the result); invalid ones are
    repaired with ``make_valid`` and reduced to their polygonal part; with
    ``grid_size`` the result is snapped to the precision grid (which can make a
    sliver collapse: those are reported as not polygonal). ``pointwise``: snapped by
    ``snap_pointwise`` (vertices rounded where that leaves the polygon valid, GEOS's
    snap rounding elsewhere): the same polygons, an order of magnitude faster, but not
    the same bytes (snap rounding also rewrites rings and their start).
    """
    geoms = np.asarray(geoms, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    valid = shapely.is_valid(geoms)
    repaired_mask = ~missing & ~valid
    fixed = geoms.copy()
    fixed[missing] = None
    if repaired_mask.any():
        fixed[repaired_mask] = shapely.make_valid(geoms[repaired_mask])
    fixed = polygonal(fixed)
    if grid_size:
        if pointwise:
            fixed = snap_pointwise(fixed, grid_size)
        else:
            present = ~shapely.is_missing(fixed)
            fixed[present] = shapely.set_precision(fixed[present], grid_size)
            fixed = polygonal(fixed)
    lost = shapely.is_missing(fixed) & ~missing
    return fixed, CleanReport(
        empty=np.flatnonzero(missing),
        repaired=np.flatnonzero(repaired_mask),
        not_polygonal=np.flatnonzero(lost),
    )


def snap_pointwise(geoms, grid_size: float) -> np.ndarray:
    """Valid polygons snapped to the grid, fast: pointwise rounding, with GEOS's
    validity-preserving snapping only for the rare polygons the rounding made invalid.
    None where nothing polygonal is left."""
    out = np.asarray(geoms, dtype=object).copy()
    present = np.flatnonzero(~shapely.is_missing(out))
    if len(present):
        before = out[present]
        snapped = shapely.set_precision(before, grid_size, mode="pointwise")
        broken = ~shapely.is_valid(snapped)
        if broken.any():
            snapped[broken] = shapely.set_precision(before[broken], grid_size)
        out[present] = snapped
        out = polygonal(out)
    return out


def explode(geoms) -> tuple[np.ndarray, np.ndarray]:
    """Single polygons of each geometry and the index of the row each came from."""
    geoms = np.asarray(geoms, dtype=object)
    parts, index = shapely.get_parts(geoms, return_index=True)
    return parts, index
