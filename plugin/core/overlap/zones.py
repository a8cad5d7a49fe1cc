"""The zones of the overlap analysis: per feature, the union of the polygons it touches.

The same unions as ``geometry.dissolve.union_groups`` (the zones are equal, vertex for
vertex, and come in the same order), with less work for the shapes of this job, where most
features touch one polygon and most polygons touch no other polygon of their feature:

- a feature whose polygons have one part in all is its own zone: no contact search, no
  components, no copy;
- the contact search tests each touching pair of parts once (``a < b``), not once from
  each side: contacts only make components, which do not depend on the edges' direction;
- only multi-polygons are split into parts, before and after the unions; a polygon is
  passed on as it is (``get_parts`` of a polygon is a copy of it). ``single_parts`` turns
  a layer's multi-polygons of one part into polygons once per layer.

The later rounds (parts that came into contact by snap rounding) are those of
``dissolve``: they are rare, and run as there.
"""

from __future__ import annotations

import numpy as np
import shapely

from ..geometry.chunked import Chunked
from ..geometry.dissolve import assemble, contacts, merge_rounds, split_parts

_POLYGON = int(shapely.GeometryType.POLYGON)
_MULTIPOLYGON = int(shapely.GeometryType.MULTIPOLYGON)
SINGLE_BATCH = 100_000  # polygons looked at a time by ``single_parts``


def single_parts(polygons: np.ndarray) -> None:
    """Replace, in place, each multi-polygon of one part by that polygon (same vertices:
    every zone is made of parts, so the zones are the same), a batch at a time, so that
    a layer's polygons are split into parts once, not once per feature that touches
    them (``zone_unions`` takes polygons as they are)."""
    for start in range(0, len(polygons), SINGLE_BATCH):
        part = polygons[start : start + SINGLE_BATCH]  # a view: written through
        one = np.flatnonzero(
            (shapely.get_type_id(part) == _MULTIPOLYGON) & (shapely.get_num_geometries(part) == 1)
        )
        part[one] = shapely.get_geometry(part[one], 0)


def zone_unions(ops: Chunked, geoms, keys) -> dict:
    """{key: union of the geometries with that key}, as ``union_groups(ops, geoms, keys)``."""
    geoms = np.asarray(geoms, dtype=object)
    keys = np.asarray(keys, dtype=np.int64)
    one = (shapely.get_type_id(geoms) == _POLYGON) & ~shapely.is_empty(geoms)
    parts, idx = split_parts(geoms, ~one)
    if not len(parts):
        return {}
    pkeys = keys[idx]
    alone = np.bincount(pkeys)[pkeys] == 1  # the only part of its key
    zones = assemble(parts[alone], pkeys[alone])
    many = np.flatnonzero(~alone)
    if len(many):
        zones.update(assemble(*_dissolve(ops, parts[many], pkeys[many])))
    return zones


def _dissolve(ops: Chunked, parts, pkeys):
    """``dissolve.dissolve`` of polygons (one part each): (polygons, keys)."""
    ops.check()
    a, b = contacts(ops, parts, pkeys, np.arange(len(parts)), once=True)
    return merge_rounds(ops, parts, pkeys, a, b, keep_polygons=True)
