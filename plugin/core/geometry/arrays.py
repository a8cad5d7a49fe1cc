"""Geometry columns as arrays: only shapely geometries kept, each row's dimension, repairs."""

from __future__ import annotations

import numpy as np
import shapely


def geometry_array(values) -> np.ndarray:
    """An object array of the values, None where a value is not a shapely geometry."""
    arr = np.asarray(values, dtype=object)
    out = np.empty(len(arr), dtype=object)
    for i, g in enumerate(arr):
        out[i] = g if isinstance(g, shapely.Geometry) else None
    return out


def dimensions(geoms) -> np.ndarray:
    """0 points, 1 lines, 2 polygons, -1 missing/empty (collections: highest part)."""
    dim = np.asarray(shapely.get_dimensions(geoms), dtype=int)
    dim[shapely.is_missing(geoms) | shapely.is_empty(geoms)] = -1
    return dim


def repair_invalid(geoms: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """``geoms`` with its invalid geometries repaired by ``make_valid`` (in place).
    ``valid``: ``shapely.is_valid(geoms)``, when the caller already knows it."""
    bad = ~(shapely.is_valid(geoms) if valid is None else valid)
    if bad.any():
        geoms[bad] = shapely.make_valid(geoms[bad])
    return geoms
