"""Overlaps within one layer: the feature ranked first keeps the overlap."""

from __future__ import annotations

import numpy as np

from .. import area as _area
from ..geometry.chunked import Chunked
from ..geometry.dissolve import group_indices
from .model import AREA_EPS


def real_overlaps(ops: Chunked, geoms, keys, rank):
    """(a, b, area, overlap) of pairs with the same key whose interiors overlap by more
    than ``AREA_EPS``, ``b`` ranking before ``a`` (so ``b`` keeps the overlap)."""
    a, b = ops.overlapping_pairs(geoms, keys, rank)
    if not len(a):
        return a, b, np.zeros(0), np.zeros(0, dtype=object)
    overlap = ops.inter(geoms[a], geoms[b])
    area = _area.planar_area(overlap)
    m = area > AREA_EPS
    return a[m], b[m], area[m], overlap[m]


def cede_overlaps(ops: Chunked, geoms, a, b):
    """``geoms`` with each geoms[a] minus the union of the geoms[b] it overlaps."""
    out = geoms.copy()
    for ai, rows in group_indices(a):
        out[ai] = ops.diff([geoms[ai]], [ops.union_all(geoms[b[rows]])])[0]
    return out
