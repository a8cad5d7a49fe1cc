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
from ..geometry.dissolve import assemble, components, pairwise_rounds

_POLYGON = int(shapely.GeometryType.POLYGON)
_MULTIPOLYGON = int(shapely.GeometryType.MULTIPOLYGON)
ROUNDS = 100  # as ``dissolve``: snap-rounding contact rounds at most
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
    parts, idx = _split(geoms, ~one)
    if not len(parts):
        return {}
    pkeys = keys[idx]
    alone = np.bincount(pkeys)[pkeys] == 1  # the only part of its key
    zones = assemble(parts[alone], pkeys[alone])
    many = np.flatnonzero(~alone)
    if len(many):
        zones.update(assemble(*_dissolve(ops, parts[many], pkeys[many])))
    return zones


def _contacts(ops: Chunked, parts, pkeys, query, group=None, once: bool = False):
    """As ``dissolve._contacts``; ``once``: each touching pair as (a, b) with a < b only
    (every part queried: the pair is found from both sides)."""
    qi, b = shapely.STRtree(parts).query(parts[query])
    a = query[qi]
    m = (a < b) if once else (a != b)
    m &= pkeys[a] == pkeys[b]
    if group is not None:
        m &= group[a] != group[b]
    a, b = a[m], b[m]
    hit = ops.intersecting(parts[a], parts[b])
    return a[hit], b[hit]


def _dissolve(ops: Chunked, parts, pkeys):
    """``dissolve.dissolve`` of polygons (one part each): (polygons, keys)."""
    ops.check()
    a, b = _contacts(ops, parts, pkeys, np.arange(len(parts)), once=True)
    for _ in range(ROUNDS):
        parts, pkeys, group = _merge_groups(ops, parts, pkeys, a, b)
        changed = np.flatnonzero(group >= 0)
        if not len(changed):
            break
        a, b = _contacts(ops, parts, pkeys, changed, group)
        if len(a):
            bad = ops.vec(shapely.relate_pattern, parts[a], parts[b], pattern="T********")
            bad |= ops.vec(shapely.relate_pattern, parts[a], parts[b], pattern="****1****")
            a, b = a[bad.astype(bool)], b[bad.astype(bool)]
        if not len(a):
            break
    return parts, pkeys


def _merge_groups(ops: Chunked, parts, pkeys, a, b):
    """As ``dissolve._merge_groups`` (the same unions, in the same order), with the parts
    of the groups of one polygon passed on as they are."""
    n = len(parts)
    comp = components(n, a, b)
    sizes = np.bincount(comp, minlength=n)
    ncoords = shapely.get_num_coordinates(parts)
    order = np.lexsort((np.arange(n), ncoords, comp))
    c_sorted = comp[order]
    last = np.r_[c_sorted[1:] != c_sorted[:-1], True]
    anchor = order[last]
    rest = order[~last]
    g, c = pairwise_rounds(ops, parts[rest].copy(), comp[rest])
    merged = parts[anchor].copy()
    c_anchor = comp[anchor]
    if len(c):
        pos = np.searchsorted(c_anchor, c)
        merged[pos] = ops.pvec(ops.union_pair, merged[pos], g)
    out, oidx = _split(merged, sizes[c_anchor] > 1)
    group = np.where(sizes[c_anchor] > 1, c_anchor, -1)[oidx]
    return out, pkeys[c_anchor][oidx], group


def _split(merged, grouped):
    """``get_parts(merged, return_index=True)`` where only ``grouped`` rows may have
    other than one part: the others (polygons) are passed on as they are."""
    if not grouped.any():
        return merged, np.arange(len(merged))
    sub, sidx = shapely.get_parts(merged[grouped], return_index=True)
    counts = np.ones(len(merged), dtype=np.int64)
    counts[grouped] = np.bincount(sidx, minlength=int(grouped.sum()))
    oidx = np.repeat(np.arange(len(merged)), counts)
    out = np.empty(len(oidx), dtype=object)
    from_sub = grouped[oidx]
    out[~from_sub] = merged[~grouped]
    out[from_sub] = sub
    return out, oidx
