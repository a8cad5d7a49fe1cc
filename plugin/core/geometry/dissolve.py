"""Grouped dissolve that overlays only polygons that touch (shapely 2, vectorised).

GEOS's ``union_all`` overlays disjoint polygons too, which is many times slower when a
key holds thousands of scattered patches. Here disjoint polygons pass through untouched
and touching ones are unioned in pairwise rounds (chunked, snap-rounded, through a
:class:`~.chunked.Chunked` runner).
"""

from __future__ import annotations

import numpy as np
import shapely

from .chunked import Chunked
from .overlay import group_bounds

_POLYGON = int(shapely.GeometryType.POLYGON)
ROUNDS = 100  # snap-rounding contact rounds at most


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected-component label (its smallest member) of n nodes joined by edges a-b."""
    label = np.arange(n)
    if not len(a):
        return label
    while True:
        la, lb = label[a], label[b]
        if (la == lb).all():
            return label
        low = np.minimum(la, lb)
        np.minimum.at(label, la, low)
        np.minimum.at(label, lb, low)
        while True:  # pointer jumping
            nxt = label[label]
            if (nxt == label).all():
                break
            label = nxt


def assemble(parts: np.ndarray, keys: np.ndarray) -> dict:
    """{key: Polygon or MultiPolygon of its parts} with no overlay (parts must be disjoint)."""
    if not len(parts):
        return {}
    order = np.argsort(keys, kind="stable")
    parts, keys = parts[order], keys[order]
    ukeys, first, counts = np.unique(keys, return_index=True, return_counts=True)
    result = parts[first]  # a key of one part: that part itself (no clone)
    many = counts > 1
    if many.any():
        rows = np.repeat(many, counts)
        result[many] = shapely.multipolygons(
            parts[rows], indices=np.repeat(np.arange(int(many.sum())), counts[many])
        )
    return dict(zip(ukeys.tolist(), result))


def group_indices(keys: np.ndarray):
    """Yield (key, row indices) for each distinct integer key, in key order."""
    keys = np.asarray(keys, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    for key, s, e in zip(*group_bounds(keys[order])):
        yield int(key), order[s:e]


def contacts(ops: Chunked, parts, pkeys, query, group=None, once: bool = False):
    """(a, b): polygons ``query`` and the polygons of the same key (other group) they touch.
    ``once`` (only when every part is queried, so each pair is found from both sides):
    each touching pair as (a, b) with a < b only; components do not depend on direction."""
    qi, b = shapely.STRtree(parts).query(parts[query])
    a = query[qi]
    m = (a < b) if once else (a != b)
    m &= pkeys[a] == pkeys[b]
    if group is not None:
        m &= group[a] != group[b]
    a, b = a[m], b[m]
    hit = ops.intersecting(parts[a], parts[b])
    return a[hit], b[hit]


def dissolve(ops: Chunked, geoms, keys, n_fixed: int = 0):
    """Union per integer key, as (polygons, keys): polygons of one key are disjoint.

    Only geometries that touch or overlap are overlaid (pairwise rounds, vectorised,
    snap-rounded on ``ops.grid``); disjoint ones pass through untouched. The first
    ``n_fixed`` geometries are known to be disjoint within each key (not tested among
    themselves).
    """
    geoms = np.asarray(geoms, dtype=object)
    keys = np.asarray(keys, dtype=np.int64)
    if (shapely.get_type_id(geoms) == _POLYGON).all():
        parts, idx = geoms, np.arange(len(geoms))
    else:
        parts, idx = shapely.get_parts(geoms, return_index=True)
    if not len(parts):
        return parts, np.zeros(0, dtype=np.int64)
    pkeys = keys[idx]
    ops.check()
    a, b = contacts(ops, parts, pkeys, np.flatnonzero(idx >= n_fixed))
    return merge_rounds(ops, parts, pkeys, a, b)


def merge_rounds(ops: Chunked, parts, pkeys, a, b, keep_polygons: bool = False):
    """Union the polygons joined by contacts a-b, then again those that came into contact,
    until none do: (polygons, keys). ``keep_polygons``: see ``_merge_groups``."""
    for _ in range(ROUNDS):
        parts, pkeys, group = _merge_groups(ops, parts, pkeys, a, b, keep_polygons)
        # Snap rounding moves new nodes by up to 0.71 grid cells: a merged polygon
        # may have come into contact with another polygon of its key. (Parts of one
        # union touching at points are a valid MultiPolygon: not a contact.)
        changed = np.flatnonzero(group >= 0)
        if not len(changed):
            break
        a, b = contacts(ops, parts, pkeys, changed, group)
        if len(a):
            bad = ops.vec(shapely.relate_pattern, parts[a], parts[b], pattern="T********")
            bad |= ops.vec(shapely.relate_pattern, parts[a], parts[b], pattern="****1****")
            a, b = a[bad.astype(bool)], b[bad.astype(bool)]
        if not len(a):
            break
    return parts, pkeys


def pairwise_rounds(ops: Chunked, g, c):
    """Union runs of equal labels ``c`` (sorted) in pairwise rounds: one geometry per label."""
    while True:
        same_next = np.r_[c[1:] == c[:-1], False]
        if not same_next.any():
            return g, c
        start = np.r_[True, ~same_next[:-1]]
        pos = np.arange(len(c)) - np.maximum.accumulate(np.where(start, np.arange(len(c)), 0))
        left = np.flatnonzero((pos % 2 == 0) & same_next)
        g[left] = ops.pvec(ops.union_pair, g[left], g[left + 1])
        keep = np.ones(len(c), dtype=bool)
        keep[left + 1] = False
        g, c = g[keep], c[keep]


def _merge_groups(ops: Chunked, parts, pkeys, a, b, keep_polygons: bool = False):
    """Union the polygons joined by edges a-b; (polygons, keys, group id or -1).
    ``keep_polygons``: the polygons of groups of one are passed on as they are, not as
    copies (``get_parts`` of a polygon copies it); the caller must allow sharing them."""
    n = len(parts)
    comp = components(n, a, b)
    sizes = np.bincount(comp, minlength=n)
    # Per group, the polygon with most vertices is the anchor: the others are
    # unioned first (pairwise rounds), then with the anchor once, so a big polygon
    # is overlaid once however many small ones touch it.
    ncoords = shapely.get_num_coordinates(parts)
    order = np.lexsort((np.arange(n), ncoords, comp))
    c_sorted = comp[order]
    last = np.r_[c_sorted[1:] != c_sorted[:-1], True]
    anchor = order[last]  # one per group, in group order
    rest = order[~last]
    # g/c: one union per group of size > 1 (without its anchor).
    g, c = pairwise_rounds(ops, parts[rest].copy(), comp[rest])
    merged = parts[anchor].copy()
    c_anchor = comp[anchor]
    if len(c):
        pos = np.searchsorted(c_anchor, c)
        merged[pos] = ops.pvec(ops.union_pair, merged[pos], g)
    if keep_polygons:
        out, oidx = split_parts(merged, sizes[c_anchor] > 1)
    else:
        out, oidx = shapely.get_parts(merged, return_index=True)
    group = np.where(sizes[c_anchor] > 1, c_anchor, -1)[oidx]
    return out, pkeys[c_anchor][oidx], group


def split_parts(merged, grouped):
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


def union_groups(ops: Chunked, geoms, keys, n_fixed: int = 0) -> dict:
    """{key: union of the geometries with that key}; keys are non-negative integers."""
    return assemble(*dissolve(ops, geoms, keys, n_fixed))
