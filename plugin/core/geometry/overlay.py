"""Vectorised overlays the engines share: pairwise intersection and grouped union.

Every overlay snaps to the precision grid (``grid_size``): floating overlay has been seen
to return wrong areas silently on near-coincident edges.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import shapely

from .clean import of_dimension
from .grid import GRID_SIZE


def intersect_pairs(
    left, right, grid_size: float | None = GRID_SIZE, dimension: int = 2
) -> np.ndarray:
    """``left[i] ∩ right[i]`` reduced to ``dimension``; None where nothing is left.

    Where ``right[i]`` covers ``left[i]`` the overlay is skipped and ``left[i]`` returned
    as it is (most features lie wholly inside a zone). ``right`` is prepared in place.
    """
    left = np.asarray(left, dtype=object)
    right = np.asarray(right, dtype=object)
    out = np.empty(len(left), dtype=object)
    if len(left) == 0:
        return out
    shapely.prepare(right)
    inside = shapely.covers(right, left)
    out[inside] = left[inside]
    rest = ~inside
    if rest.any():
        out[rest] = shapely.intersection(left[rest], right[rest], grid_size=grid_size)
    return of_dimension(out, dimension, grid_size if dimension != 2 else None)


def group_bounds(keys: np.ndarray):
    """For sorted ``keys``: (unique keys, start offsets, end offsets)."""
    keys = np.asarray(keys)
    if len(keys) == 0:
        return keys, np.array([], dtype=int), np.array([], dtype=int)
    change = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(keys)]])
    return keys[starts], starts, ends


def grouped_union(
    keys,
    geoms,
    grid_size: float | None = GRID_SIZE,
    dimension: int = 2,
    check: Callable[[], None] | None = None,
):
    """(sorted unique keys, union of each key's geometries); missing geometries skipped.

    A key with one geometry keeps it untouched; others are unioned on the grid.
    ``check`` is called before each union (a cancel check).
    """
    keys = np.asarray(keys)
    geoms = np.asarray(geoms, dtype=object)
    ok = ~shapely.is_missing(geoms)
    keys, geoms = keys[ok], geoms[ok]
    order = np.argsort(keys, kind="stable")
    keys, geoms = keys[order], geoms[order]
    uniq, starts, ends = group_bounds(keys)
    out = np.empty(len(uniq), dtype=object)
    single = (ends - starts) == 1
    out[single] = geoms[starts[single]]
    for k in np.flatnonzero(~single):
        if check is not None:
            check()
        out[k] = shapely.union_all(geoms[starts[k] : ends[k]], grid_size=grid_size)
    return uniq, of_dimension(out, dimension, grid_size if dimension != 2 else None)
