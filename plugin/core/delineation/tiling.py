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
from ..geometry.chunk_map import map_chunks
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


def _tile_union(geoms):
    """The coverage union of ``geoms`` when they form a clean coverage (an empty array
    when nothing polygonal is left), else None."""
    if not is_clean_coverage(geoms):
        return None
    return _geometry.polygonal([shapely.coverage_union_all(geoms)])


def clean_tiles(ops: Chunked, geoms, keys) -> dict:
    """{key: coverage union of its geometries (None when nothing polygonal is left)} for
    the keys whose geometries form a clean coverage; the other keys are left out. Keys
    are looked at on ``ops``' threads (each on its own rows)."""
    geoms = np.asarray(geoms, dtype=object)
    keys = np.asarray(keys, dtype=np.int64)
    groups = list(group_indices(keys))
    if not groups:
        return {}
    order = np.concatenate([rows for _, rows in groups])
    stops = np.cumsum([len(rows) for _, rows in groups])
    bounds = list(zip(np.r_[0, stops[:-1]].tolist(), stops.tolist()))
    unions = map_chunks(ops, _tile_union, [geoms[order]], bounds)
    return {int(key): u[0] for (key, _), u in zip(groups, unions) if u is not None}


def union_tiles(ops: Chunked, geoms, keys, clean: dict | None = None) -> dict:
    """{key: union of the geometries with that key} (keys: non-negative integers), as
    ``union_groups``; keys whose geometries form a clean coverage by coverage union.
    ``clean``: ``clean_tiles`` of some keys already at hand (their rows unchanged
    since); only the other keys are looked at."""
    geoms = np.asarray(geoms, dtype=object)
    keys = np.asarray(keys, dtype=np.int64)
    known = dict(clean or {})
    todo = ~np.isin(keys, list(known))
    if todo.any():
        known.update(clean_tiles(ops, geoms[todo], keys[todo]))
    out = {k: u for k, u in known.items() if u is not None}
    rest = [rows for key, rows in group_indices(keys) if key not in known]
    if rest:
        rows = np.concatenate(rest)
        out.update(union_groups(ops, geoms[rows], keys[rows]))
    return dict(sorted(out.items()))
