"""Delineation of 环境管控单元 (environmental control units): the pure-Python engine.

Input layers arrive as pandas frames of shapely geometries in one metre CRS
(a Gauss–Krüger zone, so planar area is official area). No Qt, no QGIS: the
QGIS adapter converts layers to :class:`DelineationInput` and the result back.

Rules
-----
* Every input is cleaned with :func:`geometry.clean_polygons`: null/empty features
  are skipped ("dropped_empty"), invalid ones repaired ("repaired"), those that
  collapse ("dropped_not_polygonal") skipped. Input frames are never modified.
  Features are processed in canonical order (normalised WKB of the geometry, then the
  attributes), so neither the input row order nor the fids matter.
* ADMIN features with the same county code are one county. Where counties overlap,
  the overlap goes to the county with the smaller code ("conflict_admin_overlap").
* Painter's algorithm per county, highest precedence first:
  优先保护 (priority layers in list order) > 产业园区 > other 重点管控 (key layers in
  list order) > 一般管控 (the rest of the county). Land of any source layer outside
  ADMIN is ignored (one "outside_admin" row per layer, area summed over features).
* Subtype (子类) precedence: priority layers in list order; within one layer that
  has a ``subtype_field``, subtypes in Unicode order of their text. A subtype met in
  several layers is one subtype ranked at its first layer. Priority and key units:
  one per county and subtype. Parks: one unit per park feature and county; two
  overlapping parks: the one first by (park name, canonical order) keeps the overlap. Park land
  on priority land stays priority ("conflict_park_priority").
* General units: one per county, or with ``general_split="township"`` one per
  township. A township belongs to one county (townships nest in counties): the one
  holding its interior point (``shapely.point_on_surface``), else the one holding
  most of its area; its land across the county line is border mismatch and counts
  there as land in no township ("township_other_county"); overlapping townships:
  the first in canonical order keeps the overlap ("conflict_township_overlap"). Land of a county
  in no township joins the township of that county it shares the longest edge with
  (measured on the township polygons, before priority/key land is cut out), else a
  county-level general unit.
* Fragments (``min_area`` > 0): every unit is exploded to single polygons; a polygon
  smaller than ``min_area`` joins the neighbouring unit of the same county with the
  longest shared boundary (ties: the unit first in code order rules below, minus the
  point). Priority land never leaves the priority class: a priority fragment only
  joins a priority unit, else it stays. Rounds are repeated until stable; in a round
  a fragment joins only a polygon that does not move in that round (a big polygon, a
  fragment that cannot move, or a fragment that is the largest — priority first — of
  its fragment neighbours when none of them can reach a big polygon). A unit left
  with no land is removed ("unit_removed").
* All overlays are snap-rounded on ``grid_size`` (GEOS floating overlay can silently
  go wrong on near-coincident edges). Units come from separate overlays, so they can
  meet in slivers under a grid cell wide; at the end all units are noded together on
  the grid (:func:`coverage.rebuild`): neighbours share identical vertices, with no
  overlap and no gap, and every unit is valid.
* Names: "{county}{subtype}优先保护单元", "{park name}重点管控单元" (no park name:
  "{county}产业园区重点管控单元"), "{county}{subtype}重点管控单元",
  "{township}一般管控单元" or "{county}一般管控单元", without doubling the class words
  a subtype or park name already ends with; a county without a name goes by its
  code. Duplicates get "（2）", "（3）"… in code order. MJ is the planar area in km².

Code order
----------
Codes follow ``code_rule`` (``ZH`` + county code + class digit + serial). Within one
county and class, serials are given in this order:

1. subtype precedence: priority subtypes as above; for 重点管控 parks first, then key
   subtypes as above; 一般管控 all equal;
2. the unit's representative point (``shapely.point_on_surface``), coordinates
   rounded to 1 m: north to south (larger y first), then west to east (smaller x
   first);
3. as a last tie-break: park name / canonical feature order (geometry, attributes).

With ``previous`` units, a new unit keeps the code of the old unit of the same
county and class that covers more than half of its area (one-to-one, largest overlap
first, ties by old code) — "code_kept". The other units get serials above the
highest serial ever used in ``previous`` for that county and class, in the order
above — "code_new". Retired codes are never reused.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from . import area as _area
from . import coverage as _coverage
from . import geometry as _geometry
from . import schema
from .run import Cancelled, EcoZoningError
from .values import text as _text

LOG_COLUMNS = ["action", "layer", "fid", "message", "area_m2"]
GENERAL_SPLITS = ("county", "township")
PREVIOUS_LAYER = "PREVIOUS"

# Tolerance (m²) under which an overlay remainder counts as no area at all.
_AREA_EPS = 1e-6
# Vectorised overlay calls are cut into chunks this long so a cancel is seen quickly.
_CHUNK = 128
_CHUNK_COORDS = 100_000  # ... and about this many vertices
_POLYGON = int(shapely.GeometryType.POLYGON)
# Worker threads for the overlays: None = one per CPU (up to 4), 1 = no threads.
# Shapely releases the GIL in its vectorised functions. Only overlays run in threads
# (no prepared-geometry predicates: GEOS does not make those thread-safe), on
# geometries re-created with GEOS's default factory (see ``_Run.clean``).
# Default 1: one crash was seen in early threaded province runs and a crash would take
# QGIS down; threads (about 25 % faster at province scale) are an opt-in until proven.
MAX_WORKERS: int | None = 1
# Geometries with more vertices than this are prepared for predicates.
_PREPARE_FROM = 200


class DelineationError(EcoZoningError):
    """User error; the message names the layer and feature id, in Chinese then English."""


@dataclass
class SourceLayer:
    name: str
    frame: pd.DataFrame
    subtype_field: str | None = None
    name_field: str | None = None


@dataclass
class DelineationInput:
    admin: pd.DataFrame
    admin_layer_name: str = "ADMIN"
    townships: SourceLayer | None = None
    priority: list[SourceLayer] = field(default_factory=list)
    parks: SourceLayer | None = None
    key: list[SourceLayer] = field(default_factory=list)
    min_area: float = 0.0
    general_split: str = "county"
    previous: pd.DataFrame | None = None
    province: str = ""
    city: str = ""
    code_rule: schema.CodeRule = schema.DEFAULT_CODE_RULE
    grid_size: float = _geometry.GRID_SIZE


@dataclass
class DelineationResult:
    units: pd.DataFrame
    log: pd.DataFrame


UNIT_COLUMNS = schema.field_names(schema.UNIT_FIELDS) + ["geometry"]


# --- small helpers -------------------------------------------------------------


def _unit_name(base: str, unit_class: int) -> str:
    """``base`` + class words, without doubling them."""
    suffix = schema.CLASS_UNIT_SUFFIX_ZH[unit_class]
    label = schema.CLASS_LABELS_ZH[unit_class]
    if base.endswith(suffix):
        return base
    if base.endswith(label):
        return base + suffix[len(label) :]
    return base + suffix


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
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


def _workers() -> int:
    if MAX_WORKERS is not None:
        return max(1, int(MAX_WORKERS))
    return max(1, min(4, os.cpu_count() or 1))


def _assemble(parts: np.ndarray, keys: np.ndarray) -> dict:
    """{key: Polygon or MultiPolygon of its parts} with no overlay (parts must be disjoint)."""
    if not len(parts):
        return {}
    order = np.argsort(keys, kind="stable")
    parts, keys = parts[order], keys[order]
    ukeys, inv, counts = np.unique(keys, return_inverse=True, return_counts=True)
    result = shapely.multipolygons(parts, indices=inv)
    first = np.r_[0, np.cumsum(counts)[:-1]]
    single = counts == 1
    result[single] = parts[first[single]]
    return {int(k): g for k, g in zip(ukeys, result)}


def _group_indices(keys: np.ndarray):
    """Yield (key, row indices) for each distinct integer key, in key order."""
    keys = np.asarray(keys, dtype=np.int64)
    if not len(keys):
        return
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    for s, e in zip(starts, ends):
        yield int(sorted_keys[s]), order[s:e]


@dataclass
class _Layer:
    """A cleaned source layer, rows in canonical order."""

    name: str
    fid: np.ndarray
    geom: np.ndarray
    subtype: np.ndarray  # str per row
    label: np.ndarray  # park / township name per row ("" if none)


@dataclass
class _Unit:
    county: int  # index into the county arrays
    cls: int
    subtype: str
    rank: int  # subtype precedence within the class
    tie: tuple  # last tie-break for code order (park name + canonical row, township row)
    base: str  # name before the class words
    geom: object
    layer: str = ""
    fid: object = None


# --- the run ---------------------------------------------------------------------


class _Run:
    def __init__(self, inp: DelineationInput, progress, is_cancelled):
        self.inp = inp
        self.grid = inp.grid_size if inp.grid_size else None
        self._progress_cb = progress
        self._cancel_cb = is_cancelled
        self._pct = 0.0
        self.logs: list[tuple] = []

    # -- plumbing --

    def check(self):
        if self._cancel_cb is not None and self._cancel_cb():
            raise Cancelled("划定已取消 / delineation cancelled")

    def progress(self, pct: float):
        self.check()
        self._pct = max(self._pct, min(100.0, float(pct)))
        if self._progress_cb is not None:
            self._progress_cb(self._pct)

    def log(self, action, layer, fid, message, area_m2=float("nan")):
        fid = None if fid is None else int(fid)
        self.logs.append((action, layer, fid, message, float(area_m2)))

    @staticmethod
    def _chunks(arrays, max_items=_CHUNK, max_coords=_CHUNK_COORDS):
        """Slice bounds with at most ``max_items`` rows and about ``max_coords`` vertices."""
        n = len(arrays[0])
        size = np.zeros(n)
        for a in arrays:
            if a.dtype == object:
                size += shapely.get_num_coordinates(a)
        cum = np.cumsum(size)
        bounds, start = [], 0
        while start < n:
            stop = min(n, start + max_items)
            base = cum[start - 1] if start else 0.0
            by_coords = int(np.searchsorted(cum, base + max_coords, side="right"))
            stop = max(start + 1, min(stop, by_coords))
            bounds.append((start, stop))
            start = stop
        return bounds

    def vec(self, func, *arrays, **kwargs):
        """``func(*arrays)`` in chunks, checking for a cancel between chunks."""
        arrays = [np.asarray(a) for a in arrays]
        out = []
        for s, e in self._chunks(arrays) or [(0, 0)]:
            self.check()
            out.append(func(*(a[s:e] for a in arrays), **kwargs))
        return out[0] if len(out) == 1 else np.concatenate(out)

    def pvec(self, func, *arrays):
        """Like :meth:`vec` for overlay functions, run on several threads.

        Shapely releases the GIL in its vectorised functions. Only overlay functions
        go through here: they do not use prepared geometries (which GEOS does not make
        thread-safe), and the envelopes of all inputs are computed first, in this
        thread, so the workers only read the geometries.
        """
        arrays = [np.asarray(a) for a in arrays]
        n = len(arrays[0])
        workers = _workers()
        bounds = self._chunks(arrays, max(16, min(_CHUNK, -(-n // (4 * workers)))))
        if workers < 2 or len(bounds) < 2:
            return self.vec(func, *arrays)
        for a in arrays:
            shapely.bounds(a)  # computes and caches the envelopes
        self.check()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(func, *(a[s:e] for a in arrays)) for s, e in bounds]
            try:
                pending = set(futures)
                while pending:
                    done, pending = wait(pending, timeout=0.2)
                    self.check()
            except Cancelled:
                for f in futures:
                    f.cancel()
                raise
            return np.concatenate([f.result() for f in futures])

    def _inter(self, a, b):
        return _geometry.polygonal(shapely.intersection(a, b, grid_size=self.grid))

    def _diff(self, a, b):
        return _geometry.polygonal(shapely.difference(a, b, grid_size=self.grid))

    def inter(self, a, b):
        a = np.asarray(a, dtype=object)
        return self.pvec(self._inter, a, np.asarray(b, dtype=object))

    def diff(self, a, b):
        """a - b, with b None meaning nothing to subtract."""
        a = np.asarray(a, dtype=object).copy()
        b = np.asarray(b, dtype=object)
        has = ~shapely.is_missing(b) & ~shapely.is_missing(a)
        if has.any():
            a[has] = self.pvec(self._diff, a[has], b[has])
        return a

    def intersecting(self, a, b) -> np.ndarray:
        """Pairwise ``intersects``, testing with the larger geometry of each pair prepared.

        (STRtree.query with a predicate prepares the query geometry: a small fragment
        tested against a county-sized polygon would scan the whole polygon each time.)
        """
        a = np.asarray(a, dtype=object)
        b = np.asarray(b, dtype=object)
        if not len(a):
            return np.zeros(0, dtype=bool)
        na = shapely.get_num_coordinates(a)
        nb = shapely.get_num_coordinates(b)
        swap = na < nb
        big = np.where(swap, b, a)
        small = np.where(swap, a, b)
        shapely.prepare(big[np.maximum(na, nb) > _PREPARE_FROM])
        return self.vec(shapely.intersects, big, small).astype(bool)

    def overlapping_pairs(self, geoms, keys, rank):
        """Pairs (i, j), same key, rank[j] < rank[i], whose interiors intersect."""
        idx = np.flatnonzero(~shapely.is_missing(geoms))
        if len(idx) < 2:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        a, b = shapely.STRtree(geoms[idx]).query(geoms[idx])
        a, b = idx[a], idx[b]
        m = (keys[a] == keys[b]) & (rank[b] < rank[a])
        a, b = a[m], b[m]
        # Neighbours that only share an edge are the rule: a relate test is far
        # cheaper than an overlay that would return just lines.
        inner = self.vec(shapely.relate_pattern, geoms[a], geoms[b], pattern="T********")
        return a[inner.astype(bool)], b[inner.astype(bool)]

    def touching_pairs(self, tree_geoms, query_geoms, tree=None):
        """(query index, tree index) of pairs that intersect (touching included)."""
        if tree is None:
            tree = shapely.STRtree(tree_geoms)
        qi, ti = tree.query(query_geoms)
        hit = self.intersecting(np.asarray(query_geoms, dtype=object)[qi], tree_geoms[ti])
        return qi[hit], ti[hit]

    def union_all(self, geoms):
        geoms = np.asarray(geoms, dtype=object)
        geoms = geoms[~shapely.is_missing(geoms)]
        if not len(geoms):
            return None
        if len(geoms) == 1:
            return geoms[0]
        return _geometry.polygonal([shapely.union_all(geoms, grid_size=self.grid)])[0]

    def _union_pair(self, a, b):
        return _geometry.polygonal(shapely.union(a, b, grid_size=self.grid))

    def dissolve(self, geoms, keys, n_fixed: int = 0):
        """Union per integer key, as (polygons, keys): polygons of one key are disjoint.

        Only geometries that touch or overlap are overlaid (pairwise rounds, vectorised,
        snap-rounded); disjoint ones pass through untouched. GEOS's union_all overlays
        disjoint polygons too, which is many times slower. The first ``n_fixed``
        geometries are known to be disjoint within each key (not tested among themselves).
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
        self.check()
        movable = np.flatnonzero(idx >= n_fixed)
        qi, b = shapely.STRtree(parts).query(parts[movable])
        a = movable[qi]
        m = (a != b) & (pkeys[a] == pkeys[b])
        a, b = a[m], b[m]
        hit = self.intersecting(parts[a], parts[b])
        a, b = a[hit], b[hit]
        for _ in range(100):
            parts, pkeys, group = self._merge_groups(parts, pkeys, a, b)
            # Snap rounding moves new nodes by up to 0.71 grid cells: a merged polygon
            # may have come into contact with another polygon of its key. (Parts of one
            # union touching at points are a valid MultiPolygon: not a contact.)
            changed = np.flatnonzero(group >= 0)
            if not len(changed):
                break
            qi, b = shapely.STRtree(parts).query(parts[changed])
            a = changed[qi]
            m = (a != b) & (pkeys[a] == pkeys[b]) & (group[a] != group[b])
            a, b = a[m], b[m]
            hit = self.intersecting(parts[a], parts[b])
            a, b = a[hit], b[hit]
            if len(a):
                bad = self.vec(shapely.relate_pattern, parts[a], parts[b], pattern="T********")
                bad |= self.vec(shapely.relate_pattern, parts[a], parts[b], pattern="****1****")
                a, b = a[bad.astype(bool)], b[bad.astype(bool)]
            if not len(a):
                break
        return parts, pkeys

    def _merge_groups(self, parts, pkeys, a, b):
        """Union the polygons joined by edges a-b; (polygons, keys, group id or -1)."""
        n = len(parts)
        comp = _components(n, a, b)
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
        g, c = parts[rest].copy(), comp[rest]
        while True:
            same_next = np.r_[c[1:] == c[:-1], False]
            if not same_next.any():
                break
            start = np.r_[True, ~same_next[:-1]]
            pos = np.arange(len(c)) - np.maximum.accumulate(np.where(start, np.arange(len(c)), 0))
            left = np.flatnonzero((pos % 2 == 0) & same_next)
            g[left] = self.pvec(self._union_pair, g[left], g[left + 1])
            keep = np.ones(len(c), dtype=bool)
            keep[left + 1] = False
            g, c = g[keep], c[keep]
        # g/c now hold one union per group of size > 1 (without its anchor).
        merged = parts[anchor].copy()
        c_anchor = comp[anchor]
        if len(c):
            pos = np.searchsorted(c_anchor, c)
            merged[pos] = self.pvec(self._union_pair, merged[pos], g)
        out, oidx = shapely.get_parts(merged, return_index=True)
        group = np.where(sizes[c_anchor] > 1, c_anchor, -1)[oidx]
        return out, pkeys[c_anchor][oidx], group

    def union_groups(self, geoms, keys, n_fixed: int = 0) -> dict:
        """{key: union of the geometries with that key}; keys are non-negative integers."""
        return _assemble(*self.dissolve(geoms, keys, n_fixed))

    def local_diff(self, geoms, counties):
        """Each geometry minus the land already claimed in its county.

        Only the claimed polygons that touch a geometry take part, and those lying
        strictly inside it (without holes of their own) are cut out as holes, with no
        overlay at all: most claimed polygons are small patches inside a big county or
        township, and noding them all again would dominate the run time.
        """
        geoms = np.asarray(geoms, dtype=object)
        counties = np.asarray(counties, dtype=np.int64)
        out = geoms.copy()
        if not len(geoms) or not len(self.claimed_parts):
            return out
        if self._claimed_tree is None:
            self._claimed_tree = shapely.STRtree(self.claimed_parts)
        qi, ti = self.touching_pairs(self.claimed_parts, geoms, self._claimed_tree)
        m = self.claimed_county[ti] == counties[qi]
        qi, ti = qi[m], ti[m]
        if not len(qi):
            return out
        holes = self.claimed_parts[ti]
        shapely.prepare(geoms)
        inside = self.vec(shapely.contains_properly, geoms[qi], holes).astype(bool)
        inside &= shapely.get_num_interior_rings(holes) == 0
        out = self._subtract(out, qi[~inside], holes[~inside])
        return self._punch(out, qi[inside], holes[inside])

    def _subtract(self, geoms, index, others):
        """geoms[i] minus the union of ``others[index == i]`` (others disjoint per i)."""
        out = geoms.copy()
        if not len(index):
            return out
        order = np.argsort(index, kind="stable")
        index, others = index[order], others[order]
        uq, inv = np.unique(index, return_inverse=True)
        local = shapely.multipolygons(others, indices=inv)
        has = ~shapely.is_missing(out[uq])
        out[uq[has]] = self.pvec(self._diff, out[uq[has]], local[has])
        return out

    def _punch(self, geoms, index, holes):
        """Cut hole-free polygons ``holes`` (each strictly inside geoms[index]) out as holes.

        A hole that is no longer strictly inside one polygon of its geometry (snap
        rounding of an earlier overlay can do that) is subtracted by overlay instead.
        """
        if not len(index):
            return geoms
        out = geoms.copy()
        targets = np.unique(index)
        targets = targets[~shapely.is_missing(out[targets])]
        polys, pidx = shapely.get_parts(out[targets], return_index=True)
        owner = targets[pidx]
        qi, ti = shapely.STRtree(polys).query(holes)
        m = owner[ti] == index[qi]
        qi, ti = qi[m], ti[m]
        shapely.prepare(polys)
        ok = self.vec(shapely.contains_properly, polys[ti], holes[qi]).astype(bool)
        qi, ti = qi[ok], ti[ok]
        qi, first = np.unique(qi, return_index=True)
        ti = ti[first]
        # Holes touching one another (at a point) could cut the polygon's interior in
        # two, which no single polygon can hold: those go through the overlay.
        if len(qi) > 1:
            a, b = shapely.STRtree(holes[qi]).query(holes[qi], predicate="intersects")
            m = (a != b) & (ti[a] == ti[b])
            alone = np.ones(len(qi), dtype=bool)
            alone[a[m]] = False
            qi, ti = qi[alone], ti[alone]
        placed = np.zeros(len(holes), dtype=bool)
        placed[qi] = True
        if len(qi):
            rings, ridx = shapely.get_rings(polys, return_index=True)
            hole_rings = shapely.get_exterior_ring(holes[qi])
            all_rings = np.r_[rings, hole_rings]
            all_idx = np.r_[ridx, ti]
            order = np.argsort(all_idx, kind="stable")  # shells stay first
            rebuilt = shapely.polygons(all_rings[order], indices=all_idx[order])
            changed = np.unique(ti)
            polys = polys.copy()
            polys[changed] = rebuilt[changed]
            merged = _assemble(polys, owner)
            for t in targets:
                out[t] = merged[int(t)]
        rest = ~placed
        if rest.any():
            out = self._subtract(out, index[rest], holes[rest])
        return out

    def claim(self, geoms, counties):
        """Add ``geoms`` (parallel to ``counties``) to the land claimed so far.

        Claimed polygons that do not touch the new ones are left as they are.
        """
        geoms = np.asarray(geoms, dtype=object)
        counties = np.asarray(counties, dtype=np.int64)
        ok = ~shapely.is_missing(geoms)
        new, idx = shapely.get_parts(geoms[ok], return_index=True)
        new_keys = counties[ok][idx]
        old, old_keys = self.claimed_parts, self.claimed_county
        involved = np.zeros(len(old), dtype=bool)
        if len(old) and len(new):
            if self._claimed_tree is None:
                self._claimed_tree = shapely.STRtree(old)
            qi, ti = self.touching_pairs(old, new, self._claimed_tree)
            involved[ti[old_keys[ti] == new_keys[qi]]] = True
        parts, keys = self.dissolve(
            np.r_[old[involved], new], np.r_[old_keys[involved], new_keys], int(involved.sum())
        )
        self.claimed_parts = np.r_[old[~involved], parts]
        self.claimed_county = np.r_[old_keys[~involved], keys]
        self._claimed_tree = None

    def shared_length(self, a, b):
        """Length of the common boundary of each pair (a[i], b[i])."""
        a = np.asarray(a, dtype=object)
        b = np.asarray(b, dtype=object)
        if not len(a):
            return np.zeros(0)

        def one_chunk(x, y):
            # The fragment's outline inside (on the boundary of) its neighbour: their
            # interiors are disjoint, so that is the common boundary.
            common = shapely.intersection(shapely.boundary(x), y, grid_size=self.grid)
            return np.nan_to_num(shapely.length(common))

        return self.pvec(one_chunk, a, b)

    # -- inputs ---------------------------------------------------------------------

    def clean(self, layer_name: str, frame: pd.DataFrame, what: str = "layer", snap=True):
        """(frame rows kept, in canonical order; their cleaned geometries); cleaning is logged.

        Canonical order: by geometry (normalised WKB), then attributes; never by fid or
        input order, so shuffled input with new fids gives byte-identical units."""
        if frame is None or "geometry" not in frame.columns:
            raise DelineationError(
                f'图层“{layer_name}”没有几何列 / {what} "{layer_name}" has no geometry column'
            )
        frame = frame.reset_index(drop=True)
        if "fid" in frame.columns:
            fids = pd.to_numeric(frame["fid"], errors="coerce")
            if fids.isna().any():
                row = int(np.flatnonzero(fids.isna().to_numpy())[0])
                raise DelineationError(
                    f"图层“{layer_name}”第 {row + 1} 行的要素编号“{_text(frame['fid'][row])}”"
                    f'不是整数 / {what} "{layer_name}" row {row + 1}: feature id '
                    f'"{_text(frame["fid"][row])}" is not an integer'
                )
            fids = fids.to_numpy().astype(np.int64)
        else:
            fids = np.arange(len(frame), dtype=np.int64)
        order = _canonical_order(frame)
        frame = frame.iloc[order].reset_index(drop=True)
        fids = fids[order]
        frame["fid"] = fids
        raw = np.array(
            [g if isinstance(g, shapely.Geometry) else None for g in frame["geometry"]],
            dtype=object,
        )
        # In slices, so a cancel is seen while a large layer is being cleaned.
        grid = self.grid if snap else None
        fixed, empty, repaired, collapsed = [], [], [], []
        for start, stop in self._chunks([raw], 16 * _CHUNK, 2 * _CHUNK_COORDS) or [(0, 0)]:
            self.check()
            part, rep = _geometry.clean_polygons(raw[start:stop], grid)
            fixed.append(part)
            empty.append(rep.empty + start)
            repaired.append(rep.repaired + start)
            collapsed.append(rep.not_polygonal + start)
        fixed = np.concatenate(fixed)
        report = _geometry.CleanReport(
            np.concatenate(empty), np.concatenate(repaired), np.concatenate(collapsed)
        )
        for i in report.empty:
            self.log(
                "dropped_empty",
                layer_name,
                fids[i],
                f"要素 {fids[i]} 几何为空，已跳过 / feature {fids[i]}: empty geometry skipped",
                0.0,
            )
        fixed_area = _area.planar_area(fixed)
        for i in report.repaired:
            self.log(
                "repaired",
                layer_name,
                fids[i],
                f"要素 {fids[i]} 几何无效，已修复 / feature {fids[i]}: invalid geometry repaired",
                fixed_area[i],
            )
        for i in report.not_polygonal:
            self.log(
                "dropped_not_polygonal",
                layer_name,
                fids[i],
                f"要素 {fids[i]} 修复后没有面积，已跳过 / feature {fids[i]}: no area left "
                "after repair, skipped",
                abs(float(shapely.area(raw[i]) or 0.0)),
            )
        keep = ~shapely.is_missing(fixed)
        # Re-create the geometries through WKB: set_precision gives every geometry a
        # GEOS factory of its own, reference-counted without locks and shared by all
        # geometries derived from it; re-created ones use GEOS's default factory, which
        # is never freed, so overlay threads cannot race to free a factory.
        fixed = shapely.from_wkb(shapely.to_wkb(fixed[keep]))
        return frame[keep].reset_index(drop=True), fixed

    def counties(self):
        inp = self.inp
        name = inp.admin_layer_name
        frame, geoms = self.clean(name, inp.admin, "ADMIN layer")
        if not len(frame):
            raise DelineationError(
                f'行政区图层“{name}”没有有效的面要素 / ADMIN layer "{name}" has no valid '
                "polygon features"
            )
        if "code" not in frame.columns:
            raise DelineationError(
                f'行政区图层“{name}”没有行政区划代码字段 / ADMIN layer "{name}" has no '
                "county code field"
            )
        codes = []
        for fid, value in zip(frame["fid"], frame["code"]):
            code = schema.normalise_county_code(value)
            if code is None:
                text = _text(value)
                if not text:
                    raise DelineationError(
                        f"行政区图层“{name}”要素 {fid} 缺少行政区划代码 / ADMIN layer "
                        f'"{name}" feature {fid}: county code is missing'
                    )
                raise DelineationError(
                    f"行政区图层“{name}”要素 {fid} 的行政区划代码“{text}”不是6位数字 / "
                    f'ADMIN layer "{name}" feature {fid}: county code "{text}" is not 6 digits'
                )
            codes.append(code)
        codes = np.array(codes, dtype=object)
        names = (
            frame["name"].map(_text).to_numpy(dtype=object)
            if "name" in frame.columns
            else np.full(len(frame), "", dtype=object)
        )
        fids = frame["fid"].to_numpy()
        ucodes = sorted(set(codes))
        cindex = {c: i for i, c in enumerate(ucodes)}
        keys = np.array([cindex[c] for c in codes], dtype=np.int64)
        unions = self.union_groups(geoms, keys)
        county_geom = np.array([unions.get(i) for i in range(len(ucodes))], dtype=object)
        county_name, county_fid = [], []
        for i, c in enumerate(ucodes):
            rows = np.flatnonzero(keys == i)
            named = [names[r] for r in rows if names[r]]
            county_name.append(named[0] if named else c)
            county_fid.append(int(fids[rows[0]]))

        # Overlaps: the county with the smaller code keeps the overlap.
        original = county_geom.copy()
        n_c = len(original)
        a, b = self.overlapping_pairs(original, np.zeros(n_c, np.int64), np.arange(n_c))
        if len(a):
            ov = _area.planar_area(self.inter(original[a], original[b]))
            m = ov > _AREA_EPS
            a, b, ov = a[m], b[m], ov[m]
            for ai, bi, area in zip(a, b, ov):
                self.log(
                    "conflict_admin_overlap",
                    name,
                    county_fid[ai],
                    f"县 {ucodes[ai]} 与县 {ucodes[bi]} 重叠 {area:.3f} 平方米，重叠部分归 "
                    f"{ucodes[bi]} / counties {ucodes[ai]} and {ucodes[bi]} overlap by "
                    f"{area:.3f} m²; the overlap goes to {ucodes[bi]}",
                    area,
                )
            for ai, rows in _group_indices(a):
                county_geom[ai] = self.diff([original[ai]], [self.union_all(original[b[rows]])])[0]
        alive = ~shapely.is_missing(county_geom)
        for i in np.flatnonzero(~alive):
            self.log(
                "conflict_admin_overlap",
                name,
                county_fid[i],
                f"县 {ucodes[i]} 完全被代码更小的县覆盖，已忽略 / county {ucodes[i]} lies "
                "entirely in counties with smaller codes and is ignored",
                _area.planar_area([original[i]])[0],
            )
        self.county_code = [c for c, ok in zip(ucodes, alive) if ok]
        self.county_name = [c for c, ok in zip(county_name, alive) if ok]
        self.county_fid = [c for c, ok in zip(county_fid, alive) if ok]
        self.county_geom = county_geom[alive]
        shapely.prepare(self.county_geom)
        self.claimed_parts = np.zeros(0, dtype=object)
        self.claimed_county = np.zeros(0, dtype=np.int64)
        self._claimed_tree = None

    def layer(self, src: SourceLayer) -> _Layer:
        for fld in (src.subtype_field, src.name_field):
            if fld and fld not in src.frame.columns:
                raise DelineationError(
                    f'图层“{src.name}”没有字段“{fld}” / layer "{src.name}" has no field "{fld}"'
                )
        frame, geoms = self.clean(src.name, src.frame)
        n = len(frame)
        if src.subtype_field:
            subtype = frame[src.subtype_field].map(_text).to_numpy(dtype=object)
            subtype[subtype == ""] = src.name
        else:
            subtype = np.full(n, src.name, dtype=object)
        if src.name_field:
            label = frame[src.name_field].map(_text).to_numpy(dtype=object)
        else:
            label = np.full(n, "", dtype=object)
        return _Layer(src.name, frame["fid"].to_numpy(), geoms, subtype, label)

    def clip(self, lay: _Layer):
        """(feature row, county index, piece) for each polygonal piece of a feature in a county.

        Sorted by county then feature row. Area outside every county is logged once.
        """
        geoms = lay.geom
        n = len(geoms)
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, dtype=object))
        if not n:
            return empty
        tree = shapely.STRtree(geoms)
        ci, fi = tree.query(self.county_geom, predicate="intersects")
        inside = shapely.contains_properly(self.county_geom[ci], geoms[fi])
        pieces = np.empty(len(fi), dtype=object)
        pieces[inside] = geoms[fi[inside]]
        cut = ~inside
        if cut.any():
            pieces[cut] = self.inter(geoms[fi[cut]], self.county_geom[ci[cut]])
        feat_area = _area.planar_area(geoms)
        in_area = np.bincount(fi, weights=_area.planar_area(pieces), minlength=n)
        outside = feat_area - in_area
        outside = outside[outside > _AREA_EPS + 1e-9 * feat_area]
        if len(outside):
            total = float(outside.sum())
            self.log(
                "outside_admin",
                lay.name,
                None,
                f"{len(outside)} 个要素共 {total:.3f} 平方米位于行政区范围外，已忽略 / "
                f"{len(outside)} features have {total:.3f} m² outside ADMIN, ignored",
                total,
            )
        keep = ~shapely.is_missing(pieces)
        fi, ci, pieces = fi[keep], ci[keep], pieces[keep]
        order = np.lexsort((fi, ci))
        return fi[order], ci[order], pieces[order]

    # -- classes ------------------------------------------------------------------

    def paint(self, ci, rank, pieces, n_ranks, make_unit, units, pct=(0.0, 0.0)):
        """Painter's step: per county and rank (best first) the union minus claimed land."""
        if not len(pieces):
            return
        parts, pkeys = self.dissolve(pieces, ci * n_ranks + rank)
        self.progress(pct[0] + (pct[1] - pct[0]) * 0.4)
        for r in range(n_ranks):
            self.progress(pct[0] + (pct[1] - pct[0]) * (0.4 + 0.6 * r / n_ranks))
            m = pkeys % n_ranks == r
            if not m.any():
                continue
            p, pc = parts[m], pkeys[m] // n_ranks
            out = self.local_diff(p, pc)
            self.claim(p, pc)
            ok = ~shapely.is_missing(out)
            oparts, oidx = shapely.get_parts(out[ok], return_index=True)
            for c, geom in sorted(_assemble(oparts, pc[ok][oidx]).items()):
                units.append(make_unit(int(c), r, geom))

    def ranked_subtypes(self, layers: list[_Layer]):
        """{subtype: rank} and {subtype: first layer name} by layer order, then text."""
        rank, first = {}, {}
        for lay in layers:
            for s in sorted(set(lay.subtype)):
                if s not in rank:
                    rank[s] = len(rank)
                    first[s] = lay.name
        return rank, first

    def layered_units(self, sources, cls, rank_offset, units, pct0, pct1):
        layers = []
        for i, src in enumerate(sources):
            layers.append(self.layer(src))
            self.progress(pct0 + (pct1 - pct0) * 0.2 * (i + 1) / len(sources))
        rank, first = self.ranked_subtypes(layers)
        by_rank = {r: s for s, r in rank.items()}
        fis, cis, pcs, rks = [], [], [], []
        for i, lay in enumerate(layers):
            fi, ci, pieces = self.clip(lay)
            fis.append(fi)
            cis.append(ci)
            pcs.append(pieces)
            rks.append(np.array([rank[s] for s in lay.subtype[fi]], dtype=np.int64))
            self.progress(pct0 + (pct1 - pct0) * (0.2 + 0.4 * (i + 1) / len(layers)))
        if not layers:
            return
        ci = np.concatenate(cis)
        pieces = np.concatenate(pcs)
        rk = np.concatenate(rks)

        def make(c, r, geom):
            s = by_rank[r]
            return _Unit(
                county=c,
                cls=cls,
                subtype=s,
                rank=rank_offset + r,
                tie=(),
                base=self.county_name[c] + s,
                geom=geom,
                layer=first[s],
            )

        self.paint(
            ci, rk, pieces, max(len(rank), 1), make, units, (pct0 + (pct1 - pct0) * 0.6, pct1)
        )
        self.progress(pct1)

    def park_units(self, units):
        src = self.inp.parks
        if src is None:
            return
        lay = self.layer(src)
        fi, ci, pieces = self.clip(lay)
        if not len(fi):
            return
        trimmed = self.local_diff(pieces, ci)
        lost = _area.planar_area(pieces) - _area.planar_area(trimmed)
        lost_by_park = np.bincount(fi, weights=lost, minlength=len(lay.fid))
        for f in np.flatnonzero(lost_by_park > _AREA_EPS):
            self.log(
                "conflict_park_priority",
                lay.name,
                lay.fid[f],
                f"园区要素 {lay.fid[f]}（{lay.label[f]}）有 {lost_by_park[f]:.3f} 平方米位于优先"
                f"保护区内，归优先保护单元 / park feature {lay.fid[f]} ({lay.label[f]}): "
                f"{lost_by_park[f]:.3f} m² on priority land stay priority",
                lost_by_park[f],
            )
        # Park precedence: (name, canonical row order).
        order = sorted(range(len(lay.fid)), key=lambda i: (lay.label[i], i))
        prank = np.empty(len(lay.fid), dtype=np.int64)
        prank[order] = np.arange(len(order))
        final = trimmed.copy()
        a, b = self.overlapping_pairs(trimmed, ci, prank[fi])
        if len(a):
            ov = _area.planar_area(self.inter(trimmed[a], trimmed[b]))
            m = ov > _AREA_EPS
            a, b, ov = a[m], b[m], ov[m]
            for ai, bi, area in zip(a, b, ov):
                fa, fb = fi[ai], fi[bi]
                self.log(
                    "conflict_park_park",
                    lay.name,
                    lay.fid[fa],
                    f"园区要素 {lay.fid[fa]}（{lay.label[fa]}）与园区要素 {lay.fid[fb]}"
                    f"（{lay.label[fb]}）重叠 {area:.3f} 平方米，重叠部分归后者 / park "
                    f"feature {lay.fid[fa]} ({lay.label[fa]}) overlaps park feature "
                    f"{lay.fid[fb]} ({lay.label[fb]}) by {area:.3f} m²; the overlap goes "
                    f"to {lay.fid[fb]}",
                    area,
                )
            for ai, rows in _group_indices(a):
                final[ai] = self.diff([trimmed[ai]], [self.union_all(trimmed[b[rows]])])[0]
        for k in range(len(fi)):
            f, c = fi[k], ci[k]
            if final[k] is None:
                self.log(
                    "unit_removed",
                    lay.name,
                    lay.fid[f],
                    f"园区要素 {lay.fid[f]}（{lay.label[f]}）在县 {self.county_code[c]} 内没有剩余"
                    f"土地，不成单元 / park feature {lay.fid[f]} ({lay.label[f]}) has no land left "
                    f"in county {self.county_code[c]}: no unit",
                    0.0,
                )
                continue
            units.append(
                _Unit(
                    county=int(c),
                    cls=schema.KEY,
                    subtype=schema.SUBTYPE_PARK,
                    rank=0,
                    tie=(lay.label[f], int(f)),
                    base=lay.label[f] or self.county_name[c] + schema.SUBTYPE_PARK,
                    geom=final[k],
                    layer=lay.name,
                    fid=int(lay.fid[f]),
                )
            )
        self.claim(final, ci)

    def general_units(self, units):
        inp = self.inp
        admin = inp.admin_layer_name

        def county_unit(c, geom):
            return _Unit(
                county=int(c),
                cls=schema.GENERAL,
                subtype=schema.SUBTYPE_GENERAL,
                rank=0,
                tie=(1, 0),
                base=self.county_name[c],
                geom=geom,
                layer=admin,
            )

        if inp.general_split == "county":
            gen = self.local_diff(self.county_geom, np.arange(len(self.county_geom)))
            for c, g in enumerate(gen):
                if g is not None:
                    units.append(county_unit(c, g))
            return
        lay = self.layer(inp.townships)
        self.progress(62)
        fi, ci, tp = self.township_pieces(lay)
        self.progress(63)
        # Overlapping townships (same county): the first in canonical order keeps the overlap.
        a, b = self.overlapping_pairs(tp, ci, fi)
        if len(a):
            ovg = self.inter(tp[a], tp[b])
            ov = _area.planar_area(ovg)
            m = ov > _AREA_EPS
            a, b, ov, ovg = a[m], b[m], ov[m], ovg[m]
            lost = np.bincount(a, weights=ov, minlength=len(tp))
            for ai in np.flatnonzero(lost > 0):
                f = fi[ai]
                self.log(
                    "conflict_township_overlap",
                    lay.name,
                    lay.fid[f],
                    f"乡镇要素 {lay.fid[f]}（{lay.label[f]}）与编号更小的乡镇重叠 "
                    f"{lost[ai]:.3f} 平方米，重叠部分归后者 / township feature {lay.fid[f]} "
                    f"({lay.label[f]}) overlaps townships with smaller fids by "
                    f"{lost[ai]:.3f} m²; the overlap goes to them",
                    lost[ai],
                )
            if len(a):
                lose = self.union_groups(ovg, a)
                ks = np.array(sorted(lose), dtype=np.int64)
                tp = tp.copy()
                tp[ks] = self.diff(tp[ks], np.array([lose[k] for k in ks], dtype=object))
        self.progress(64)
        # Land of the county in no township joins the township (of the same county)
        # it shares the longest edge with, before any claimed land is cut out.
        covered = self.union_groups(tp, ci)
        self.progress(64.5)
        cs = np.array(sorted(covered), dtype=np.int64)
        sliver = self.county_geom.copy()
        if len(cs):
            sliver[cs] = self.diff(sliver[cs], np.array([covered[c] for c in cs], dtype=object))
        lparts, lcounty = _geometry.explode(sliver)
        attach = np.full(len(lparts), -1, dtype=np.int64)
        tu = np.flatnonzero(~shapely.is_missing(tp))
        if len(lparts) and len(tu):
            p, q = self.touching_pairs(tp[tu], lparts)
            q = tu[q]
            m = lcounty[p] == ci[q]
            p, q = p[m], q[m]
            length = self.shared_length(lparts[p], tp[q])
            m = length > 0
            if m.any():
                df = pd.DataFrame({"p": p[m], "q": q[m], "len": length[m]})
                df = df.sort_values(["p", "len", "q"], ascending=[True, False, True])
                df = df.drop_duplicates("p")
                attach[df["p"].to_numpy()] = df["q"].to_numpy()
        has = attach >= 0
        if has.any():
            tp = tp.copy()
            grown = self.union_groups(
                np.r_[tp[tu], lparts[has]], np.r_[tu, attach[has]], n_fixed=len(tu)
            )
            for q, g in grown.items():
                tp[q] = g
        self.progress(67)
        geoms = self.local_diff(tp, ci)
        self.progress(69)
        rest = self.local_diff(lparts[~has], lcounty[~has])
        ok = ~shapely.is_missing(rest)
        rest = self.union_groups(rest[ok], lcounty[~has][ok])
        for k in range(len(fi)):
            if geoms[k] is None:
                continue
            f, c = fi[k], ci[k]
            units.append(
                _Unit(
                    county=int(c),
                    cls=schema.GENERAL,
                    subtype=schema.SUBTYPE_GENERAL,
                    rank=0,
                    tie=(0, int(f)),
                    base=lay.label[f] or self.county_name[c],
                    geom=geoms[k],
                    layer=lay.name,
                    fid=int(lay.fid[f]),
                )
            )
        for c in sorted(rest):
            units.append(county_unit(c, rest[c]))

    def township_pieces(self, lay: _Layer):
        """(township row, county index, township ∩ its county), in county then row order.

        A township belongs to one county (townships nest in counties): the one holding
        its interior point (``shapely.point_on_surface``), else the one holding most of
        its area. Its land outside that county is border mismatch: land in no township
        there (logged once, "township_other_county").
        """
        geoms = lay.geom
        n = len(geoms)
        if not n:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, dtype=object)
        home = np.full(n, -1, dtype=np.int64)
        pts = shapely.point_on_surface(geoms)
        cq, tq = shapely.STRtree(pts).query(self.county_geom, predicate="contains")
        order = np.lexsort((-cq, tq))  # the smaller county index wins a tie
        home[tq[order]] = cq[order]
        fi = np.flatnonzero(home >= 0)
        ci = home[fi]
        inside = shapely.contains_properly(self.county_geom[ci], geoms[fi])
        tp = geoms[fi].copy()
        if (~inside).any():
            tp[~inside] = self.inter(geoms[fi[~inside]], self.county_geom[ci[~inside]])
        lost = np.flatnonzero(home < 0)
        if len(lost):  # interior point in no county: the county with most of its area
            sub = _Layer(lay.name, lay.fid[lost], geoms[lost], lay.subtype[lost], lay.label[lost])
            with_logs = len(self.logs)
            f2, c2, t2 = self.clip(sub)
            del self.logs[with_logs:]
            best = np.lexsort((c2, -_area.planar_area(t2), f2))
            first = np.r_[True, f2[best][1:] != f2[best][:-1]] if len(f2) else []
            pick = best[np.asarray(first, dtype=bool)]
            fi = np.r_[fi, lost[f2[pick]]]
            ci = np.r_[ci, c2[pick]]
            tp = np.r_[tp, t2[pick]]
        outside = _area.planar_area(geoms).sum() - _area.planar_area(tp).sum()
        if outside > _AREA_EPS + 1e-9 * _area.planar_area(geoms).sum():
            self.log(
                "township_other_county",
                lay.name,
                None,
                f"乡镇面共 {outside:.3f} 平方米位于其所属县以外（邻县或行政区外），邻县内按未覆盖"
                f"土地处理 / {outside:.3f} m² of townships lie outside their own county (in "
                "a neighbouring county or outside ADMIN): in a neighbour, land in no township",
                outside,
            )
        keep = ~shapely.is_missing(tp)
        fi, ci, tp = fi[keep], ci[keep], tp[keep]
        order = np.lexsort((fi, ci))
        return fi[order], ci[order], tp[order]

    # -- fragments ------------------------------------------------------------------

    def merge_fragments(self, units: list[_Unit], uorder: np.ndarray):
        """Merge polygons under min_area into neighbours (see module docstring).

        Updates ``units[i].geom`` in place (None when a unit lost all its land) and
        returns the merges as (from unit, to unit, area) tuples.
        """
        min_area = float(self.inp.min_area)
        merges: list[tuple[int, int, float]] = []
        if min_area <= 0 or not units:
            return merges
        geoms = np.array([u.geom for u in units], dtype=object)
        ucounty = np.array([u.county for u in units], dtype=np.int64)
        uprio = np.array([u.cls == schema.PRIORITY for u in units])
        parts, owner = _geometry.explode(geoms)
        areas = _area.planar_area(parts)
        for _round in range(100_000):
            self.progress(70 + 18 * (1 - 0.5 ** (_round + 1)))
            frag = np.flatnonzero(areas < min_area)
            if not len(frag):
                break
            qi, nb = shapely.STRtree(parts).query(parts[frag])
            f = frag[qi]
            m = (owner[nb] != owner[f]) & (ucounty[owner[nb]] == ucounty[owner[f]])
            f, nb = f[m], nb[m]
            m = self.intersecting(parts[f], parts[nb])
            f, nb = f[m], nb[m]
            length = self.shared_length(parts[f], parts[nb])
            m = length > 0
            f, nb, length = f[m], nb[m], length[m]
            allowed = ~uprio[owner[f]] | uprio[owner[nb]]
            n = len(parts)
            active = np.zeros(n, dtype=bool)
            active[f[allowed]] = True
            if not active.any():
                break
            has_static = np.zeros(n, dtype=bool)
            has_static[f[allowed & ~active[nb]]] = True
            waiting = active & ~has_static
            # Strength: priority first, then area, then unit order.
            strength = np.empty(n, dtype=np.int64)
            strength[np.lexsort((-uorder[owner], areas, uprio[owner]))] = np.arange(n)
            both = waiting[f] & waiting[nb]
            beaten = np.zeros(n, dtype=bool)
            beaten[f[both & (strength[nb] > strength[f])]] = True
            anchor = waiting & ~beaten
            target_ok = ~active | anchor
            source_ok = active & ~anchor
            cand = allowed & target_ok[nb] & source_ok[f]
            if not cand.any():  # cannot happen: kept as a guard against endless loops
                break
            df = pd.DataFrame({"f": f[cand], "u": owner[nb[cand]], "len": length[cand]})
            df = df.groupby(["f", "u"], sort=False, as_index=False)["len"].sum()
            df["o"] = uorder[df["u"].to_numpy()]
            df = df.sort_values(["f", "len", "o"], ascending=[True, False, True])
            df = df.drop_duplicates("f")
            move_f = df["f"].to_numpy()
            move_u = df["u"].to_numpy()
            for src, dst, a in zip(owner[move_f], move_u, areas[move_f]):
                merges.append((int(src), int(dst), float(a)))
            affected = np.union1d(owner[move_f], move_u)
            owner = owner.copy()
            owner[move_f] = move_u
            moved = np.zeros(n, dtype=bool)
            moved[move_f] = True
            in_aff = np.isin(owner, affected)
            fixed = np.flatnonzero(in_aff & ~moved)
            # Only the moved fragments and the polygons they touch are overlaid.
            new_parts, new_owner = self.dissolve(
                np.r_[parts[fixed], parts[move_f]],
                np.r_[owner[fixed], owner[move_f]],
                n_fixed=len(fixed),
            )
            rebuilt = _assemble(new_parts, new_owner)
            for u in affected:
                geoms[u] = rebuilt.get(int(u))
            parts = np.r_[parts[~in_aff], new_parts]
            owner = np.r_[owner[~in_aff], new_owner]
            areas = _area.planar_area(parts)
            if len(parts) >= n:  # no polygon fused: nothing more can change
                break
        for u, g in zip(units, geoms):
            u.geom = g
        return merges

    # -- codes and output -----------------------------------------------------------

    def previous_codes(self):
        """(old code geometries by code, {code: first fid}, {(county, class): max serial})."""
        inp = self.inp
        rule = inp.code_rule
        frame = inp.previous
        if "code" not in frame.columns:
            raise DelineationError(
                f"原单元图层“{PREVIOUS_LAYER}”没有编码字段 code / previous units layer has no "
                '"code" column'
            )
        max_serial: dict = {}
        # Serials ever used: every row with a valid code, whatever its geometry.
        for value in frame["code"]:
            parsed = rule.parse(value.strip() if isinstance(value, str) else value)
            if parsed:
                key = (parsed[0], parsed[1])
                max_serial[key] = max(max_serial.get(key, 0), parsed[2])
        # Earlier units are only compared with the new ones (overlays still snap):
        # repairing them is enough, snapping a whole unit layer again costs seconds.
        rows, geoms = self.clean(PREVIOUS_LAYER, frame, "PREVIOUS layer", snap=False)
        codes = []
        for fid, value in zip(rows["fid"], rows["code"]):
            text = value.strip() if isinstance(value, str) else value
            if rule.parse(text) is None:
                problem = rule.problem(value) or "invalid code"
                self.log(
                    "invalid_previous_code",
                    PREVIOUS_LAYER,
                    fid,
                    f"原单元要素 {fid} 的编码“{_text(value)}”无效，已忽略 / previous unit feature "
                    f'{fid}: code "{_text(value)}" is invalid ({problem}), ignored',
                )
                codes.append(None)
            else:
                codes.append(text)
        codes = np.array(codes, dtype=object)
        ok = np.array([c is not None for c in codes], dtype=bool)
        fids = rows["fid"].to_numpy()[ok]
        codes, geoms = codes[ok], geoms[ok]
        first_fid, old, repeated = {}, {}, set()
        for c, f, g in zip(codes, fids, geoms):
            if c in first_fid:
                repeated.add(c)
            else:
                first_fid[c] = int(f)
                old[c] = g
        if repeated:  # several features with one code: one old unit
            rep = sorted(repeated)
            sel = np.isin(codes, rep)
            keys = np.searchsorted(np.array(rep, dtype=object), codes[sel])
            for k, g in self.union_groups(geoms[sel], keys).items():
                old[rep[k]] = g
        return old, first_fid, max_serial

    def assign_codes(self, units: list[_Unit]):
        """Codes for ``units`` (see the module docstring), logged when ``previous`` is given."""
        inp = self.inp
        rule = inp.code_rule
        n = len(units)
        geoms = np.array([u.geom for u in units], dtype=object)
        pts = shapely.point_on_surface(geoms)
        px = np.round(shapely.get_x(pts))
        py = np.round(shapely.get_y(pts))
        order = sorted(
            range(n),
            key=lambda i: (
                self.county_code[units[i].county],
                units[i].cls,
                units[i].rank,
                -py[i],
                px[i],
                units[i].tie,
            ),
        )
        codes = [None] * n
        max_serial: dict = {}
        if inp.previous is not None:
            old, first_fid, max_serial = self.previous_codes()
            if old:
                ocodes = np.array(sorted(old), dtype=object)
                ogeoms = np.array([old[c] for c in ocodes], dtype=object)
                oparsed = [rule.parse(c) for c in ocodes]
                tree = shapely.STRtree(ogeoms)
                ni, oi = tree.query(geoms, predicate="intersects")
                m = np.array(
                    [
                        oparsed[o][0] == self.county_code[units[i].county]
                        and oparsed[o][1] == units[i].cls
                        for i, o in zip(ni, oi)
                    ],
                    dtype=bool,
                )
                ni, oi = ni[m], oi[m]
                new_area = _area.planar_area(geoms)
                # Unchanged units (the common case) need no overlay; neighbours that
                # only share an edge need none either.
                overlap = np.zeros(len(ni))
                ng, og = shapely.normalize(geoms), shapely.normalize(ogeoms)
                same = shapely.equals_exact(ng[ni], og[oi], tolerance=0.0)
                overlap[same] = new_area[ni[same]]
                # A unit equal to an old one is matched to it: neither takes part further.
                rest = ~same & ~np.isin(ni, ni[same]) & ~np.isin(oi, oi[same])
                # An old unit whose box meets less than half the new unit cannot cover it.
                nb, ob = shapely.bounds(geoms[ni]), shapely.bounds(ogeoms[oi])
                w = np.minimum(nb[:, 2], ob[:, 2]) - np.maximum(nb[:, 0], ob[:, 0])
                h = np.minimum(nb[:, 3], ob[:, 3]) - np.maximum(nb[:, 1], ob[:, 1])
                rest &= np.clip(w, 0, None) * np.clip(h, 0, None) > 0.5 * new_area[ni]
                rest = np.flatnonzero(rest)
                overlap[rest] = _area.planar_area(self.inter(geoms[ni[rest]], ogeoms[oi[rest]]))
                m = overlap > 0.5 * new_area[ni]
                pos = {i: k for k, i in enumerate(order)}
                cands = sorted(
                    zip(ni[m], oi[m], overlap[m]),
                    key=lambda t: (-t[2], ocodes[t[1]], pos[t[0]]),
                )
                used_old = set()
                for i, o, ov in cands:
                    if codes[i] is not None or o in used_old:
                        continue
                    used_old.add(o)
                    codes[i] = ocodes[o]
                    self.log(
                        "code_kept",
                        PREVIOUS_LAYER,
                        first_fid.get(ocodes[o]),
                        f"新单元沿用原编码 {ocodes[o]}（原单元覆盖其 {ov / new_area[i]:.1%}） / "
                        f"new unit keeps code {ocodes[o]} (the old unit covers "
                        f"{ov / new_area[i]:.1%} of it)",
                        ov,
                    )
        next_serial = {k: v + 1 for k, v in max_serial.items()}
        for i in order:
            if codes[i] is not None:
                continue
            key = (self.county_code[units[i].county], units[i].cls)
            serial = next_serial.get(key, 1)
            next_serial[key] = serial + 1
            try:
                codes[i] = rule.make(key[0], key[1], serial)
            except ValueError as exc:
                raise DelineationError(
                    f"县 {key[0]} 第 {key[1]} 类单元的编码序号已用尽 / county {key[0]} class "
                    f"{key[1]}: cannot make a unit code ({exc})"
                ) from exc
            if inp.previous is not None:
                self.log(
                    "code_new",
                    PREVIOUS_LAYER,
                    None,
                    f"新单元编码 {codes[i]} / new unit code {codes[i]}",
                    float(_area.planar_area([geoms[i]])[0]),
                )
        return codes


def _check_input(inp: DelineationInput):
    if inp.general_split not in GENERAL_SPLITS:
        raise DelineationError(
            f"一般管控单元划分方式“{inp.general_split}”无效，应为 county 或 township / "
            f'general_split "{inp.general_split}" must be "county" or "township"'
        )
    if inp.general_split == "township" and inp.townships is None:
        raise DelineationError(
            '按乡镇划分一般管控单元需要乡镇图层 / general_split="township" needs a townships layer'
        )
    try:
        min_area = float(inp.min_area)
    except (TypeError, ValueError):
        min_area = float("nan")
    if not min_area >= 0 or math.isinf(min_area):
        raise DelineationError(
            f"最小图斑面积 {inp.min_area} 无效，应为非负数 / min_area {inp.min_area} must be a "
            "non-negative number of m²"
        )
    if inp.admin is None:
        raise DelineationError(
            f"行政区图层“{inp.admin_layer_name}”没有有效的面要素 / ADMIN layer "
            f'"{inp.admin_layer_name}" has no valid polygon features'
        )


def _canonical_order(frame: pd.DataFrame) -> np.ndarray:
    """Row order by (normalised WKB of the geometry, attribute texts): input order and fids
    play no part, so every later tie-break on row order is reproducible."""
    geoms = np.array(
        [g if isinstance(g, shapely.Geometry) else None for g in frame["geometry"]], dtype=object
    )
    wkb = shapely.to_wkb(shapely.normalize(geoms), output_dimension=2)
    attrs = [c for c in frame.columns if c not in ("fid", "geometry")]
    texts = [frame[c].map(_text).to_numpy(dtype=object) for c in attrs]
    keys = [
        (wkb[i] or b"", tuple(t[i] for t in texts), i)  # i: identical rows, order is moot
        for i in range(len(frame))
    ]
    return np.array([k[-1] for k in sorted(keys)], dtype=np.int64)


def _unit_text(code, name) -> str:
    return f"{code} {name}" if code else name


def delineate(
    inp: DelineationInput,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> DelineationResult:
    """Delineate 环境管控单元 from ``inp`` (rules in the module docstring)."""
    _check_input(inp)
    run = _Run(inp, progress, is_cancelled)
    run.progress(0)
    run.counties()
    run.progress(10)
    units: list[_Unit] = []
    run.layered_units(inp.priority, schema.PRIORITY, 0, units, 10, 40)
    run.park_units(units)
    run.progress(47)
    run.layered_units(inp.key, schema.KEY, 1, units, 47, 60)
    run.general_units(units)
    run.progress(70)

    # A deterministic unit order (no geometry involved) for tie-breaks.
    stable = sorted(
        range(len(units)),
        key=lambda i: (
            run.county_code[units[i].county],
            units[i].cls,
            units[i].rank,
            units[i].tie,
        ),
    )
    uorder = np.empty(len(units), dtype=np.int64)
    uorder[stable] = np.arange(len(units))
    # One clean coverage: all units noded together on the grid (no slivers between units
    # from separate overlays; neighbours share identical vertices, so fragments touch the
    # units they can join), ties in stable order.
    run.check()
    geoms = np.array([u.geom for u in units], dtype=object)
    geoms[stable] = _coverage.rebuild(geoms[stable], run.grid or _geometry.GRID_SIZE)
    for u, g in zip(units, geoms):
        u.geom = g
    run.check()
    merges = run.merge_fragments(units, uorder)
    # merging redraws a few units: mend the coverage where that left edges unmatched
    geoms = np.array([u.geom for u in units], dtype=object)
    geoms[stable] = _coverage.clean_coverage(geoms[stable], run.grid or _geometry.GRID_SIZE)[0]
    for u, g in zip(units, geoms):
        u.geom = g
    run.progress(88)

    # Final geometry: valid, non-empty.
    geoms = np.array([u.geom for u in units], dtype=object)
    present = ~shapely.is_missing(geoms)
    bad = present & ~run.vec(shapely.is_valid, geoms).astype(bool)
    if bad.any():
        fixed = _geometry.polygonal(shapely.make_valid(geoms[bad]))
        ok = ~shapely.is_missing(fixed)
        fixed[ok] = shapely.set_precision(fixed[ok], run.grid or 0)
        geoms[bad] = _geometry.polygonal(fixed)
    for u, g in zip(units, geoms):
        u.geom = g
    base_names = [_unit_name(u.base, u.cls) for u in units]
    alive = [i for i, u in enumerate(units) if u.geom is not None]
    for i, u in enumerate(units):
        if u.geom is None:
            run.log(
                "unit_removed",
                u.layer,
                u.fid,
                f"单元“{base_names[i]}”的全部土地已并入相邻单元，单元取消 / unit "
                f'"{base_names[i]}": all its land merged into neighbours, unit removed',
                0.0,
            )
    kept = [units[i] for i in alive]
    codes = run.assign_codes(kept) if kept else []
    run.progress(95)
    code_of = {i: c for i, c in zip(alive, codes)}

    # Names, unique in code order.
    order = sorted(range(len(kept)), key=lambda k: codes[k])
    names = [None] * len(kept)
    seen: dict = {}
    for k in order:
        base = base_names[alive[k]]
        count = seen.get(base, 0) + 1
        seen[base] = count
        names[k] = base if count == 1 else f"{base}（{count}）"
    name_of = {i: n for i, n in zip(alive, names)}

    for src, dst, a in merges:
        src_text = _unit_text(code_of.get(src), name_of.get(src, base_names[src]))
        dst_text = _unit_text(code_of.get(dst), name_of.get(dst, base_names[dst]))
        run.log(
            "merged_fragment",
            units[src].layer,
            units[src].fid,
            f"碎片（{a:.3f} 平方米）由 {src_text} 并入 {dst_text} / fragment of {a:.3f} m² "
            f"merged from {src_text} into {dst_text}",
            a,
        )

    geoms = np.array([u.geom for u in kept], dtype=object)
    mj = _area.m2_to_km2(_area.official_m2(geoms)) if len(kept) else np.zeros(0)
    frame = pd.DataFrame(
        {
            schema.UNIT_CODE: pd.Series(codes, dtype=object),
            schema.UNIT_NAME: pd.Series(names, dtype=object),
            schema.UNIT_CLASS: pd.Series([u.cls for u in kept], dtype=np.int64),
            schema.UNIT_SUBTYPE: pd.Series([u.subtype for u in kept], dtype=object),
            schema.UNIT_PROVINCE: pd.Series([inp.province or ""] * len(kept), dtype=object),
            schema.UNIT_CITY: pd.Series([inp.city or ""] * len(kept), dtype=object),
            schema.UNIT_COUNTY: pd.Series([run.county_name[u.county] for u in kept], dtype=object),
            schema.UNIT_COUNTY_CODE: pd.Series(
                [run.county_code[u.county] for u in kept], dtype=object
            ),
            schema.UNIT_AREA: pd.Series(mj, dtype=float),
            schema.UNIT_REMARK: pd.Series([""] * len(kept), dtype=object),
            "geometry": pd.Series(list(geoms), dtype=object),
        },
        columns=UNIT_COLUMNS,
    )
    frame = frame.sort_values(schema.UNIT_CODE, kind="stable").reset_index(drop=True)
    log = pd.DataFrame(
        {
            col: pd.Series([row[k] for row in run.logs], dtype=float if k == 4 else object)
            for k, col in enumerate(LOG_COLUMNS)
        },
        columns=LOG_COLUMNS,
    )
    run.progress(100)
    return DelineationResult(units=frame, log=log)
