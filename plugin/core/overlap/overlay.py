"""Count once: the part of each feature inside the union of the polygons it touches."""

from __future__ import annotations

import numpy as np
import shapely

from ..geometry import GRID_SIZE, grouped_union, intersect_pairs


def inside_once(features, rows, polygons, hits, dim: int, check_cancel=None):
    """(feature rows, the part of each feature inside the union of its polygons).

    ``rows[k]`` of ``features`` touches ``polygons[hits[k]]`` (an STRtree query).
    Count once: the polygons a feature touches are first unioned on the precision
    grid and the feature is intersected once with that union. Intersecting with each
    polygon and unioning the pieces counted lines twice where two polygons overlap
    with nearly parallel edges (the snapped pieces no longer coincide, so their union
    keeps both). Rows with nothing of dimension ``dim`` inside are left out.
    """
    rows, hits = np.asarray(rows, dtype=int), np.asarray(hits, dtype=int)
    if len(rows) == 0:
        return rows, np.empty(0, dtype=object)
    uniq, zones = grouped_union(rows, polygons[hits], GRID_SIZE, 2, check_cancel)
    pieces = intersect_pairs(features[uniq], zones, GRID_SIZE, dim)
    ok = ~shapely.is_missing(pieces)
    return uniq[ok], pieces[ok]
