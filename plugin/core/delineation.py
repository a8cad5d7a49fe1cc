"""Delineation of 环境管控单元 (environmental control units): the pure-Python engine.

Input layers arrive as pandas frames of shapely geometries in one metre CRS
(a Gauss–Krüger zone, so planar area is official area). No Qt, no QGIS: the
QGIS adapter converts layers to :class:`DelineationInput` and the result back.

Rules
-----
* Every input is cleaned with :func:`geometry.clean_polygons`: null/empty features
  are skipped ("dropped_empty"), invalid ones repaired ("repaired"), those that
  collapse ("dropped_not_polygonal") skipped. Input frames are never modified.
  Features are processed in ``fid`` order, so the input row order never matters.
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
  overlapping parks: the one first by (park name, fid) keeps the overlap. Park land
  on priority land stays priority ("conflict_park_priority").
* General units: one per county, or with ``general_split="township"`` one per
  township and county (overlapping townships: the smaller fid keeps the overlap).
  Land in no township joins the township unit of the same county with the longest
  shared edge, else a county-level general unit.
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
  go wrong on near-coincident edges).

Code order
----------
Codes follow ``code_rule`` (``ZH`` + county code + class digit + serial). Within one
county and class, serials are given in this order:

1. subtype precedence: priority subtypes as above; for 重点管控 parks first, then key
   subtypes as above; 一般管控 all equal;
2. the unit's representative point (``shapely.point_on_surface``), coordinates
   rounded to 1 m: north to south (larger y first), then west to east (smaller x
   first);
3. as a last tie-break: park (name, fid) / township fid.

With ``previous`` units, a new unit keeps the code of the old unit of the same
county and class that covers more than half of its area (one-to-one, largest overlap
first, ties by old code) — "code_kept". The other units get serials above the
highest serial ever used in ``previous`` for that county and class, in the order
above — "code_new". Retired codes are never reused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import shapely

from . import area as _area
from . import geometry as _geometry
from . import schema

LOG_COLUMNS = ["action", "layer", "fid", "message", "area_m2"]
GENERAL_SPLITS = ("county", "township")
PREVIOUS_LAYER = "PREVIOUS"

# Tolerance (m²) under which an overlay remainder counts as no area at all.
_AREA_EPS = 1e-6
# Vectorised overlay calls are cut into chunks this long so a cancel is seen quickly.
_CHUNK = 256


class DelineationError(ValueError):
    """User error; the message names the layer and feature id, in Chinese then English."""


class Cancelled(Exception):
    """The caller's ``is_cancelled()`` returned True."""


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


def _text(value) -> str:
    """Attribute value as stripped text; None/NaN give ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _unit_name(base: str, unit_class: int) -> str:
    """``base`` + class words, without doubling them."""
    suffix = schema.CLASS_UNIT_SUFFIX_ZH[unit_class]
    label = schema.CLASS_LABELS_ZH[unit_class]
    if base.endswith(suffix):
        return base
    if base.endswith(label):
        return base + suffix[len(label) :]
    return base + suffix


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
    """A cleaned source layer, rows in fid order."""

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
    tie: tuple  # last tie-break for code order (park name + fid, township fid)
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

    def vec(self, func, *arrays, **kwargs):
        """``func(*arrays)`` in chunks, checking for a cancel between chunks."""
        n = len(arrays[0])
        if n <= _CHUNK:
            self.check()
            return func(*arrays, **kwargs)
        out = []
        for s in range(0, n, _CHUNK):
            self.check()
            out.append(func(*(a[s : s + _CHUNK] for a in arrays), **kwargs))
        return np.concatenate(out)

    def _inter(self, a, b):
        return _geometry.polygonal(shapely.intersection(a, b, grid_size=self.grid))

    def _diff(self, a, b):
        return _geometry.polygonal(shapely.difference(a, b, grid_size=self.grid))

    def inter(self, a, b):
        a = np.asarray(a, dtype=object)
        return self.vec(self._inter, a, np.asarray(b, dtype=object))

    def diff(self, a, b):
        """a - b, with b None meaning nothing to subtract."""
        a = np.asarray(a, dtype=object).copy()
        b = np.asarray(b, dtype=object)
        has = ~shapely.is_missing(b) & ~shapely.is_missing(a)
        if has.any():
            a[has] = self.vec(self._diff, a[has], b[has])
        return a

    def union(self, a, b):
        """Pairwise a ∪ b, None meaning empty."""
        a = np.asarray(a, dtype=object).copy()
        b = np.asarray(b, dtype=object)
        miss_a = shapely.is_missing(a)
        miss_b = shapely.is_missing(b)
        both = ~miss_a & ~miss_b
        a[miss_a] = b[miss_a]
        if both.any():
            a[both] = self.vec(
                lambda x, y: _geometry.polygonal(shapely.union(x, y, grid_size=self.grid)),
                a[both],
                b[both],
            )
        return a

    def union_all(self, geoms):
        geoms = np.asarray(geoms, dtype=object)
        geoms = geoms[~shapely.is_missing(geoms)]
        if not len(geoms):
            return None
        if len(geoms) == 1:
            return geoms[0]
        out = _geometry.polygonal([shapely.union_all(geoms, grid_size=self.grid)])[0]
        return out

    def union_groups(self, geoms, keys) -> dict:
        """{key: union of geoms with that key}, keys being non-negative integers."""
        out = {}
        for key, rows in _group_indices(keys):
            self.check()
            g = self.union_all(geoms[rows])
            if g is not None:
                out[key] = g
        return out

    def shared_length(self, a, b):
        """Length of the common boundary of each pair (a[i], b[i])."""
        a = np.asarray(a, dtype=object)
        b = np.asarray(b, dtype=object)
        if not len(a):
            return np.zeros(0)

        def one_chunk(x, y):
            xmin, ymin, xmax, ymax = shapely.bounds(x).T
            bx = shapely.boundary(x)
            # Cut the (possibly huge) neighbour boundary to the fragment's box first.
            by = shapely.clip_by_rect(shapely.boundary(y), xmin - 1, ymin - 1, xmax + 1, ymax + 1)
            common = shapely.intersection(bx, by, grid_size=self.grid)
            return np.nan_to_num(shapely.length(common))

        return self.vec(one_chunk, a, b)

    # -- inputs --

    def clean(self, layer_name, frame: pd.DataFrame, sort=True):
        """Cleaned (frame sorted by fid, geometries) with the cleaning logged."""
        if "geometry" not in frame.columns:
            raise DelineationError(
                f"图层“{layer_name}”没有几何列 / layer \"{layer_name}\" has no geometry column"
            )
        frame = frame.copy(deep=False)
        if "fid" not in frame.columns:
            frame["fid"] = np.arange(len(frame))
        if sort:
            frame = frame.sort values if False else frame  # placeholder, replaced below
        return frame
