"""Count once: the part of each feature inside the union of the polygons it touches."""

from __future__ import annotations

import numpy as np
import shapely

from ..geometry import GRID_SIZE, intersect_pairs
from ..geometry.chunked import Chunked
from ..geometry.dissolve import union_groups


def _zones(rows, polygons, check_cancel):
    """(sorted rows, union of each row's polygons). Polygons of a row that touch no other
    are gathered without an overlay (a feature over hundreds of disjoint farmland parcels
    would otherwise pay for a union of all of them); only touching ones are unioned."""
    ops = Chunked(check_cancel or (lambda: None), GRID_SIZE)
    unions = union_groups(ops, polygons, rows)
    uniq = np.array(sorted(unions), dtype=int)
    zones = np.empty(len(uniq), dtype=object)
    zones[:] = [unions[k] for k in uniq]
    return uniq, zones


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
    uniq, zones = _zones(rows, polygons[hits], check_cancel)
    pieces = intersect_pairs(features[uniq], zones, GRID_SIZE, dim)
    ok = ~shapely.is_missing(pieces)
    return uniq[ok], pieces[ok]
