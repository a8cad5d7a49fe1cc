"""Count once: the part of each feature inside the union of the polygons it touches."""

from __future__ import annotations

from functools import partial

import numpy as np
import shapely

from ..geometry import GRID_SIZE, intersect_pairs
from ..geometry.chunked import Chunked
from .zones import zone_unions


def _zones(ops: Chunked, rows, polygons):
    """(sorted rows, union of each row's polygons). Polygons of a row that touch no other
    are gathered without an overlay (a feature over hundreds of disjoint farmland parcels
    would otherwise pay for a union of all of them); only touching ones are unioned
    (``zones.zone_unions``: ``union_groups``' unions with less work)."""
    unions = zone_unions(ops, polygons, rows)
    uniq = np.array(sorted(unions), dtype=int)
    zones = np.empty(len(uniq), dtype=object)
    zones[:] = [unions[k] for k in uniq]
    return uniq, zones


def inside_once(features, rows, polygons, hits, dim: int, check_cancel=None, workers: int = 1):
    """(feature rows, the part of each feature inside the union of its polygons).

    ``rows[k]`` of ``features`` touches ``polygons[hits[k]]`` (an STRtree query).
    Count once: the polygons a feature touches are first unioned on the precision
    grid and the feature is intersected once with that union. Intersecting with each
    polygon and unioning the pieces counted lines twice where two polygons overlap
    with nearly parallel edges (the snapped pieces no longer coincide, so their union
    keeps both). Rows with nothing of dimension ``dim`` inside are left out.

    ``workers`` > 1: the unions and intersections run on that many threads
    (``Chunked.pvec``: each thread works on its own clone of any geometry that rows of
    another chunk use too, such as one red-line polygon several features touch); every
    pair is computed alone, so the result is the same for any number of threads.
    """
    ops = Chunked(check_cancel or (lambda: None), GRID_SIZE, workers)
    uniq, zones = zones_of(ops, rows, polygons, hits)
    return kept(uniq, pieces_in(ops, features[uniq], zones, dim))


def zones_of(ops: Chunked, rows, polygons, hits):
    """(sorted distinct rows, the union of each one's polygons): ``inside_once``'s first
    step (``rows[k]`` touches ``polygons[hits[k]]``)."""
    rows, hits = np.asarray(rows, dtype=int), np.asarray(hits, dtype=int)
    if len(rows) == 0:
        return rows, np.empty(0, dtype=object)
    return _zones(ops, rows, polygons[hits])


def pieces_in(ops: Chunked, features, zones, dim: int) -> np.ndarray:
    """``features[i] ∩ zones[i]`` of dimension ``dim`` on the grid, each pair alone
    (None where nothing of it is left): ``inside_once``'s second step."""
    if len(features) == 0:
        return np.empty(0, dtype=object)
    intersect = partial(intersect_pairs, grid_size=GRID_SIZE, dimension=dim)
    return ops.pvec(intersect, features, zones)


def kept(uniq, pieces, *more):
    """The rows and pieces where something is left (and the same rows of ``more``)."""
    ok = ~shapely.is_missing(pieces)
    return (uniq[ok], pieces[ok], *(m[ok] for m in more))


def _measured_chunk(features, zones, dim: int, rule):
    """One chunk's pieces (column 0) and their official areas (column 1, ``rule.m2``;
    polygons only, 0.0 otherwise)."""
    pieces = intersect_pairs(features, zones, grid_size=GRID_SIZE, dimension=dim)
    out = np.empty((len(pieces), 2), dtype=object)
    out[:, 0] = pieces
    out[:, 1] = 0.0
    present = np.flatnonzero(~shapely.is_missing(pieces))
    if dim == 2 and len(present):
        out[present, 1] = list(rule.m2(pieces[present]))
    return out


def measured_pieces(ops: Chunked, features, zones, dim: int, rule):
    """(``pieces_in``, the official area of each piece by ``rule``, an ``area.AreaRule``):
    each piece is measured on the overlay thread that made it (a piece's area is its
    own: the same as measured later, anywhere). Polygons only; 0 for other pieces."""
    if len(features) == 0:
        return np.empty(0, dtype=object), np.zeros(0)
    both = ops.pvec(partial(_measured_chunk, dim=dim, rule=rule), features, zones)
    return both[:, 0], both[:, 1].astype(float)


def main_heap_copy(pieces: np.ndarray) -> np.ndarray:
    """The same geometries, rebuilt from their WKB on the calling (main) thread.

    Pieces made on overlay threads live in those threads' malloc arenas, which cannot
    reuse what the main thread frees (the constraint polygons let go batch by batch):
    a run kept both. Rebuilt here, the pieces go where the polygons were, and the
    threads' copies are freed for ``give_back``. WKB keeps every coordinate exactly.
    """
    if len(pieces) == 0:
        return pieces
    return shapely.from_wkb(shapely.to_wkb(pieces))
