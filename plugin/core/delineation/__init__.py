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
  the grid (:func:`coverage.rebuild`, in ``engine``): neighbours share identical vertices, with no
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

Modules
-------
``model`` (input, result, unit records), ``inputs`` (options, cleaning, canonical order),
``counties``, ``claimed`` (land claimed so far), ``layered`` (priority and key units),
``parks``, ``general`` (general units, townships), ``overlaps`` (within one layer),
``fragments``, ``codes``, ``result`` (names and the unit table), ``log``, and ``engine``
(the stages in order, the coverage).
The overlays run through :class:`geometry.chunked.Chunked` and
:func:`geometry.dissolve.dissolve`.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..run import Cancelled
from . import engine
from .model import (
    GENERAL_SPLITS,
    LOG_COLUMNS,
    PREVIOUS_LAYER,
    UNIT_COLUMNS,
    DelineationError,
    DelineationInput,
    DelineationResult,
    SourceLayer,
)

__all__ = [
    "GENERAL_SPLITS",
    "LOG_COLUMNS",
    "MAX_WORKERS",
    "PREVIOUS_LAYER",
    "UNIT_COLUMNS",
    "Cancelled",
    "DelineationError",
    "DelineationInput",
    "DelineationResult",
    "SourceLayer",
    "delineate",
]

# Worker threads for the overlays when the caller passes none: None = one per CPU (up to 4),
# n = n threads (1: none). Read at each run, so callers can set ``delineation.MAX_WORKERS``.
# Threads are the default since issue #21 found and removed the cause of the crash seen in
# early threaded runs (GEOS objects read by two threads, see ``geometry.chunked``) and
# ``bench/threads.py`` ran 50 threaded runs with byte-identical outputs.
MAX_WORKERS: int | None = None


def _workers(workers: int | None = None) -> int:
    if workers is None:
        workers = MAX_WORKERS
    if workers is not None:
        return max(1, int(workers))
    return max(1, min(4, os.cpu_count() or 1))


def delineate(
    inp: DelineationInput,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> DelineationResult:
    """Delineate 环境管控单元 from ``inp`` (rules in the package docstring).

    ``workers``: overlay threads (the plugin's setting; None: ``MAX_WORKERS``).
    """
    return engine.run(inp, progress, is_cancelled, _workers(workers))
