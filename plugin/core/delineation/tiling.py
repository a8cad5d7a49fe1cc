"""Union of polygons that tile an area (townships in a county) without an overlay.

Townships of one county usually form a clean coverage already: valid polygons, neighbours
sharing their edges vertex for vertex, no overlaps. Their union is then GEOS's coverage
union, which only drops the shared edges (no noding, no snap-rounding, nothing moves),
and costs a fraction of a pairwise overlay. Whatever is not such a coverage goes through
the overlay dissolve (:func:`geometry.dissolve.union_groups`), as before.
"""

from __future__ import annotations

import numpy as np
import shapely

from .. import geometry as _geometry
from ..geometry.chunked import Chunked
from ..geometry.dissolve import group_indices, union_groups


def is_clean_coverage(geoms) -> bool:
    """Valid polygons, edge-matched, without overlaps (GEOS coverage validation; False
    where GEOS has none)."""
    geoms = np.asarray(geoms, dtype=object)
    if not _geometry.COVERAGE_VALIDATION or not len(geoms):
        return False
    if shapely.is_missing(geoms).any() or not shapely.is_valid(geoms).all():
        return False
    return bool(shapely.coverage_is_valid(geoms))


def union_tiles(ops: Chunked, geoms, keys) -> dict:
    """{key: union of the geometries with that key} (keys: non-negative integers), as
    ``union_groups``; keys whose geometries form a clean coverage by coverage union."""
    geoms = np.asarray(geoms, dtype=object)
    keys = np.asarray(keys, dtype=np.int64)
    out: dict = {}
    rest = []
    for key, rows in group_indices(keys):
        ops.check()
        if is_clean_coverage(geoms[rows]):
            union = _geometry.polygonal([shapely.coverage_union_all(geoms[rows])])[0]
            if union is not None:
                out[int(key)] = union
        else:
            rest.append(rows)
    if rest:
        rows = np.concatenate(rest)
        out.update(union_groups(ops, geoms[rows], keys[rows]))
    return dict(sorted(out.items()))
