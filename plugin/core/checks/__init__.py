"""成果质检: quality checks of an 环境管控单元 layer, and review carry-over.

Pure Python (shapely 2, numpy, pandas; no Qt, no QGIS). Inputs are pandas
frames with a ``geometry`` column of shapely geometries already in a metre
Gauss–Krüger CRS (the adapters reproject); every area is ``area.planar_area``.

Every error is a row with a real problem geometry: the overlap polygon, the gap
polygon, the red-line part lying in a general unit. Attribute problems carry the
unit's geometry. Checks are whole-layer: spatial pairs come from ``STRtree``
queries and overlays are vectorised over those pairs with a fixed precision
grid (``grid_size``; GEOS's floating overlay can silently go wrong on
near-coincident edges, snap-rounded overlay does not).

Modules, in the order a run uses them (``run.check_units``):

- ``catalogue``: the problem codes (CHECKS), the error and summary columns, CheckError;
- ``model``: CheckInput and CheckResult; ``cells``: how attribute cells are read;
- ``prepare``: the unit layer as arrays (Units), the other layers on the grid;
- ``geometry_checks`` G01 G02 G03, ``slivers`` T04, ``attributes`` A01–A03 A05 A06,
  ``access`` L01, ``overlaps`` T01;
- ``counties``, ``coverage`` (T02 T03) and ``admin`` (A04 C01): the admin-layer step;
- ``layers``: R01 R02 S01 S02; ``result``: the error table and summary;
- ``review``: carry-over of the reviewer's status and note; ``report``: HTML and workbook.

Thresholds (all in ``CheckInput``):

* ``tolerance`` (m², default 0.01): overlaps, gaps, outside parts and layer
  intersections (R01, R02, S01, S02) of this area or less are ignored.
* Grid noise: snapping to the ``grid_size`` grid (1 mm) moves a vertex by up to
  0.7 mm, so two copies of one straight edge with different vertices wobble
  around each other. Every problem polygon part whose mean width 2A/P is below
  ``grid_size`` is therefore dropped as noise, whatever its area. T01 also only
  overlays pairs where one unit reaches at least 2 grid cells (2 mm) into the
  other (a negative-buffer test), so overlaps shallower than that are not found.
* Vertices collinear within ``COLLINEAR_TOLERANCE`` (1 µm) are ignored when
  deciding whether neighbours' edges match (coverage validation), so a layer
  whose neighbours carry different vertices along shared straight edges is
  still handled by the fast coverage path.
* T04 sliver: a polygon part is a sliver when its area is below ``sliver_area``
  (m², default 100), or when it is thin: Polsby–Popper compactness
  4πA/P² below ``sliver_thinness`` (default 0.01, i.e. a strip some 300 times
  longer than wide) *and* mean width 2A/P below ``sliver_width`` (m, default 5).
  The width condition keeps long legitimate corridors (a river unit 50 km × 20 m
  has 4πA/P² ≈ 0.0025) from being flagged. A part that is a whole islet of the admin
  layer and touches no other unit is the county's own land, not a sliver; a part of a
  priority unit that is red-line land (99 %) is kept priority by rule, not a sliver.
* A06: the MJ field (km²) is wrong when |MJ − A| > max(``area_rel_tolerance`` × A,
  ``area_abs_tolerance_km2``), A the planar area in km² (defaults 0.1 % and
  0.0001 km² = 100 m², enough for MJ rounded to 4 decimals).
* C01: a county's unit areas add up wrong when |Σ unit areas − county area| >
  max(``tolerance``, ``coverage_tolerance`` (m², default 1), 1e-9 × county area,
  ½ ``grid_size`` × county perimeter — what rounding every vertex to the grid can move),
  areas taken before snapping (the relative part absorbs float rounding in sums
  of large areas; C01 is a county total, T01/T02/T03 locate the parts).

Which county a unit belongs to: its XZQDM when that is a county of the admin
layer, else the county digits of its code, else the county holding most of it.
T02 and C01 only look at counties that have at least one unit, so an admin layer
larger than the unit layer (a province for one county) gives no false gaps.
Without an admin layer T02 reports the holes of the union of all units.

R01 reports, per unit, the red line lying in a unit that is not 优先保护, and, per T02
gap, the red line lying in that gap (in no unit); red line outside the checked counties
(or, without admin, outside the unit layer's outer boundary) is ignored.
"""

from ..run import Cancelled
from .catalogue import (
    CHECKS,
    ERROR_COLUMNS,
    PARK_SUBTYPE_WORDS,
    PENDING,
    SUMMARY_COLUMNS,
    CheckError,
    CheckSpec,
    fmt,
)
from .cells import norm_class, text
from .model import CheckInput, CheckResult
from .parts import significant
from .prepare import COLLINEAR_TOLERANCE
from .review import carry_over_review
from .run import check_units

__all__ = [
    "CHECKS",
    "COLLINEAR_TOLERANCE",
    "ERROR_COLUMNS",
    "PARK_SUBTYPE_WORDS",
    "PENDING",
    "SUMMARY_COLUMNS",
    "Cancelled",
    "CheckError",
    "CheckInput",
    "CheckResult",
    "CheckSpec",
    "carry_over_review",
    "check_units",
    "fmt",
    "norm_class",
    "significant",
    "text",
]
