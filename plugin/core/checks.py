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

R01 reports, per unit, the red line lying in a unit that is not 优先保护, and, per
T02 gap, the red line lying in that gap (in no unit); red line outside the checked
counties (or, without admin, outside the unit layer's outer boundary) is ignored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from . import geometry as _geometry
from . import schema, tables
from .area import official_m2, planar_area
from .geometry import GRID_SIZE, REPAIR_COLUMNS, polygonal, repair_log
from .run import Cancelled, EcoZoningError
from .values import is_empty as _is_empty_value
from .values import raw_text as _text

# --- registry ---------------------------------------------------------------------


class CheckError(EcoZoningError):
    """A problem with the inputs the user can fix (message: Chinese / English)."""


@dataclass(frozen=True)
class CheckSpec:
    code: str
    severity: str
    title_zh: str
    title_en: str


_ERR, _WARN, _INFO = schema.SEVERITIES_ZH
_PENDING = schema.REVIEW_STATUSES_ZH[0]

CHECKS: dict[str, CheckSpec] = {
    s.code: s
    for s in (
        CheckSpec("G01", _ERR, "几何无效", "Invalid geometry"),
        CheckSpec("G02", _ERR, "几何为空或无面积", "Empty or null geometry"),
        CheckSpec("G03", _INFO, "单元由多个部分组成", "Multipart unit"),
        CheckSpec("T01", _ERR, "单元重叠", "Overlap between units"),
        CheckSpec("T02", _ERR, "行政区内存在缝隙", "Gap inside the admin boundary"),
        CheckSpec("T03", _ERR, "单元超出行政区边界", "Unit part outside its admin boundary"),
        CheckSpec("T04", _WARN, "碎片多边形", "Sliver polygon"),
        CheckSpec("A01", _ERR, "单元编码不符合规则", "Unit code breaks the code rule"),
        CheckSpec("A02", _ERR, "单元编码重复", "Duplicate unit code"),
        CheckSpec("A03", _ERR, "编码分类位与分类字段不一致", "Class digit differs from class"),
        CheckSpec("A04", _ERR, "编码行政区代码与所在县不一致", "County digits differ from county"),
        CheckSpec("A05", _ERR, "必填字段为空", "Required field empty"),
        CheckSpec("A06", _WARN, "面积字段与计算面积不符", "MJ differs from computed area"),
        CheckSpec("R01", _ERR, "生态保护红线未纳入优先保护单元", "Red line not in priority units"),
        CheckSpec("R02", _ERR, "产业园区单元与生态保护红线重叠", "Park unit on the red line"),
        CheckSpec(
            "S01", _WARN, "城镇开发边界位于优先保护单元内", "Urban boundary in priority unit"
        ),
        CheckSpec("S02", _WARN, "永久基本农田位于产业园区单元内", "Farmland in park unit"),
        CheckSpec("C01", _WARN, "单元面积合计与行政区面积不符", "County coverage mismatch"),
        CheckSpec("L01", _WARN, "单元无准入清单条款", "Unit without access-list entry"),
    )
}

ERROR_COLUMNS = [*schema.field_names(schema.CHECK_FIELDS), "geometry"]
SUMMARY_COLUMNS = tables.names(tables.CHECK_SUMMARY)

COLLINEAR_TOLERANCE = 1e-6  # m: vertices this close to the line of their neighbours are dropped
_POLYGONAL_IDS = (int(shapely.GeometryType.POLYGON), int(shapely.GeometryType.MULTIPOLYGON))

# Subtypes that make a key unit a park / industrial unit (R02, S02): 产业园区, or a key
# unit's subtype containing one of these words (工业园区, 经济开发区, 工业集聚区...).
PARK_SUBTYPE_WORDS = (schema.SUBTYPE_PARK, "园区", "工业", "开发区")

# prepare_layer's English layer word -> the CheckInput field (for CheckInput.layer_names)
_LAYER_KEYS = {
    "admin": "admin",
    "red line": "red_line",
    "park": "parks",
    "urban boundary": "urban_boundary",
    "farmland": "farmland",
}


@dataclass
class CheckInput:
    units: pd.DataFrame
    admin: pd.DataFrame | None = None
    red_line: pd.DataFrame | None = None
    farmland: pd.DataFrame | None = None
    urban_boundary: pd.DataFrame | None = None
    parks: pd.DataFrame | None = None
    access_codes: set[str] | None = None
    sliver_area: float = 100.0
    tolerance: float = 0.01
    code_rule: schema.CodeRule = schema.DEFAULT_CODE_RULE
    grid_size: float = GRID_SIZE
    # additions to the brief (documented in the module docstring)
    sliver_thinness: float = 0.01
    sliver_width: float = 5.0
    area_rel_tolerance: float = 0.001
    area_abs_tolerance_km2: float = 0.0001
    park_share: float = 0.5  # with a park layer: key units at least this share inside parks
    coverage_tolerance: float = 1.0  # m², C01
    # G01 as the layer is in its own CRS (what QGIS's Check Validity says): per unit row
    # "" when valid, else GEOS's reason; None: validity in the CRS the geometries come in
    native_reasons: np.ndarray | None = None
    # T01 as GEOS sees the layer in its own CRS: (rows a, rows b, overlap geometries in the
    # working CRS, their areas m²); pairs over ``tolerance`` the working CRS misses are added
    native_overlaps: tuple | None = None
    # names of the layers for the repair log, by CheckInput field ("red_line", "admin"...)
    layer_names: dict = field(default_factory=dict)
    # G03 multipart hints: off by default (a unit of one class per county is often in
    # several parts by design); when on, one point marker per part, area 0, the part count.
    report_multipart: bool = False


@dataclass
class CheckResult:
    errors: pd.DataFrame
    summary: pd.DataFrame
    skipped: dict[str, str] = field(default_factory=dict)  # check code -> reason (Chinese)
    # every repaired feature of the other layers (geometry.REPAIR_COLUMNS); the units'
    # own invalid geometries are G01 errors
    repairs: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPAIR_COLUMNS))


# --- small helpers -----------------------------------------------------------------


def _fmt(area: float) -> str:
    return f"{area:.2f}"


_CLASS_FROM_LABEL = {
    **{label: c for c, label in schema.CLASS_LABELS_ZH.items()},
    **{label: c for c, label in schema.CLASS_UNIT_SUFFIX_ZH.items()},
}


def _norm_class(v) -> tuple[int | None, bool]:
    """(class 1/2/3 or None, value present but unusable)."""
    if _is_empty_value(v):
        return None, False
    if isinstance(v, str):
        s = v.strip()
        if s in _CLASS_FROM_LABEL:
            return _CLASS_FROM_LABEL[s], False
        try:
            v = float(s)
        except ValueError:
            return None, True
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None, True
    if f.is_integer() and int(f) in schema.CLASS_LABELS_ZH:
        return int(f), False
    return None, True


def _code_problem_zh(rule: schema.CodeRule, code: str) -> str | None:
    found = rule.problem_kind(code)
    return None if found is None else schema.CODE_PROBLEMS_ZH[found[0]].format(**found[1])


def _as_geometry_array(values) -> np.ndarray:
    arr = np.asarray(values, dtype=object)
    out = np.empty(len(arr), dtype=object)
    for i, g in enumerate(arr):  # type check only (cheap)
        out[i] = g if isinstance(g, shapely.Geometry) else None
    return out


def _fast_clean(geoms: np.ndarray, grid_size: float | None):
    """(snapped polygons or None, repaired unsnapped polygons, missing mask, invalid mask, reasons).

    Like ``geometry.clean_polygons`` but snaps pointwise first and runs the
    (slow) valid-output ``set_precision`` only on geometries the rounding broke.
    """
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    valid = shapely.is_valid(geoms)
    invalid = ~missing & ~valid
    fixed = geoms.copy()
    fixed[missing] = None
    reasons = np.full(len(geoms), "", dtype=object)
    if invalid.any():
        reasons[invalid] = shapely.is_valid_reason(geoms[invalid])
        fixed[invalid] = shapely.make_valid(geoms[invalid])
    fixed = polygonal(fixed)
    repaired = fixed.copy()
    if grid_size:
        present = np.flatnonzero(~shapely.is_missing(fixed))
        before = fixed[present]
        snapped = shapely.set_precision(before, grid_size, mode="pointwise")
        broken = ~shapely.is_valid(snapped)
        if broken.any():
            snapped[broken] = shapely.set_precision(before[broken], grid_size)
        fixed[present] = snapped
        fixed = polygonal(fixed)
    return fixed, repaired, missing, invalid, reasons


def _group_starts(keys: np.ndarray):
    """For sorted ``keys``: (unique keys, start offsets, end offsets)."""
    if len(keys) == 0:
        return keys, np.array([], dtype=int), np.array([], dtype=int)
    change = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(keys)]])
    return keys[starts], starts, ends


def _significant(geoms: np.ndarray, tol: float, min_width: float):
    """Drop polygon parts with area <= ``tol`` or mean width 2A/P < ``min_width``.

    Returns (geometries with only significant parts or None, their areas).
    """
    geoms = polygonal(np.asarray(geoms, dtype=object))
    parts, owner = shapely.get_parts(geoms, return_index=True)
    area = planar_area(parts)
    perim = shapely.length(parts)
    with np.errstate(divide="ignore", invalid="ignore"):
        width = np.where(perim > 0, 2 * area / perim, 0.0)
    keep = (area > tol) & (width >= min_width)
    out = np.full(len(geoms), None, dtype=object)
    if keep.all():
        present = ~shapely.is_missing(geoms)
        out[present] = geoms[present]
    elif keep.any():
        parts, owner = parts[keep], owner[keep]
        counts = np.bincount(owner, minlength=len(geoms))
        single = counts[owner] == 1
        out[owner[single]] = parts[single]
        multi = ~single
        if multi.any():
            uniq = np.unique(owner[multi])
            out[uniq] = shapely.multipolygons(
                parts[multi], indices=np.searchsorted(uniq, owner[multi])
            )
    return out, planar_area(out)


# --- the run ----------------------------------------------------------------------


class _Run:
    def __init__(self, inp: CheckInput, progress, is_cancelled):
        self.inp = inp
        self._progress = progress
        self._is_cancelled = is_cancelled
        self.grid = inp.grid_size or None
        self.tol = float(inp.tolerance)
        # parts thinner than the precision grid are snapping noise (see _significant)
        self.min_width = float(self.grid or 0.0)
        self.chunks: list[pd.DataFrame] = []
        self.gap_parts = np.array([], dtype=object)
        self.gap_county = np.array([], dtype=object)
        self.skipped: dict[str, str] = {}
        self.repairs: list[pd.DataFrame] = []

    # progress / cancel
    def step(self, percent: float):
        if self._is_cancelled is not None and self._is_cancelled():
            raise Cancelled()
        if self._progress is not None:
            self._progress(float(percent))

    def tick(self):
        if self._is_cancelled is not None and self._is_cancelled():
            raise Cancelled()

    # emitting
    def emit(self, code, geoms, units, counties, messages, areas=None):
        n = len(messages)
        if n == 0:
            return
        arr = np.empty(n, dtype=object)
        arr[:] = list(geoms)
        geoms = arr
        if areas is None:
            areas = planar_area(geoms)
        spec = CHECKS[code]
        self.chunks.append(
            pd.DataFrame(
                {
                    schema.CHK_CODE: code,
                    schema.CHK_SEVERITY: spec.severity,
                    schema.CHK_UNITS: list(units),
                    schema.CHK_COUNTY: [c if c is not None else "" for c in counties],
                    schema.CHK_AREA: np.asarray(areas, dtype=float),
                    schema.CHK_MESSAGE: list(messages),
                    schema.CHK_STATUS: _PENDING,
                    schema.CHK_NOTE: "",
                    "geometry": geoms,
                }
            )
        )

    # ---- preparation ----
    def prepare_units(self):
        units = self.inp.units
        if units is None or not isinstance(units, pd.DataFrame) or len(units) == 0:
            raise CheckError("单元图层为空，无法质检 / The unit layer is empty: nothing to check")
        required = ("geometry", schema.UNIT_CODE, schema.UNIT_CLASS)
        missing = [c for c in required if c not in units.columns]
        if missing:
            names = "、".join(missing)
            raise CheckError(
                f"单元图层缺少字段 {names} / The unit layer has no field {', '.join(missing)}"
            )
        n = len(units)
        self.n = n
        cols = units.columns
        self.fid = units["fid"].to_numpy() if "fid" in cols else np.arange(1, n + 1)
        raw = _as_geometry_array(units["geometry"].to_numpy())
        self.raw = raw
        geom, repaired, missing_g, invalid, reasons = _fast_clean(raw, self.grid)
        self.geom = geom
        self.missing_geom = missing_g
        if self.inp.native_reasons is not None:
            reasons = np.asarray(self.inp.native_reasons, dtype=object)
            invalid = ~missing_g & (reasons != "")
        self.invalid = invalid
        self.reasons = reasons
        self.present = ~shapely.is_missing(geom)
        self.area = planar_area(geom)
        # ``cov``: the geometry for coverage validation and coverage union. Vertices
        # that are collinear within COLLINEAR_TOLERANCE are dropped before snapping, so
        # a neighbour's extra vertex on a shared straight edge (common in layers built
        # by different tools) does not make the pair look unmatched.
        self.cov = geom.copy()
        rows = np.flatnonzero(~shapely.is_missing(geom))
        if len(rows):
            simple = shapely.simplify(
                shapely.normalize(repaired[rows]), COLLINEAR_TOLERANCE, preserve_topology=False
            )
            if self.grid:
                simple = shapely.set_precision(simple, self.grid, mode="pointwise")
            ok = (
                shapely.is_valid(simple)
                & ~shapely.is_empty(simple)
                & np.isin(shapely.get_type_id(simple), _POLYGONAL_IDS)
            )
            self.cov[rows[ok]] = simple[ok]
        # unsnapped (repaired) area: MJ and county sums compare with this one, free of
        # the grid's rounding noise
        self.area_raw = planar_area(repaired)
        self.repaired = repaired

        def column(name):
            return units[name].to_numpy(dtype=object) if name in cols else np.full(n, None, object)

        self.has_col = {name: name in cols for name in schema.field_names(schema.UNIT_FIELDS)}
        self.code_raw = column(schema.UNIT_CODE)
        self.code = np.array([_text(v) for v in self.code_raw], dtype=object)
        code_key = np.array([c.strip() if c else None for c in self.code], dtype=object)
        self.code_key = code_key
        self.label = np.array(
            [c if c else f"fid:{f}" for c, f in zip(code_key, self.fid)], dtype=object
        )
        cls = [_norm_class(v) for v in column(schema.UNIT_CLASS)]
        self.cls = np.array([c for c, _ in cls], dtype=object)
        self.cls_bad = np.array([b for _, b in cls], dtype=bool)
        self.cls_int = np.array([c if c is not None else 0 for c, _ in cls], dtype=int)
        self.subtype = np.array([_text(v) or "" for v in column(schema.UNIT_SUBTYPE)], object)
        self.name = column(schema.UNIT_NAME)
        self.xzqdm_raw = column(schema.UNIT_COUNTY_CODE)
        self.xzqdm = np.array(
            [schema.normalise_county_code(v) for v in self.xzqdm_raw], dtype=object
        )
        rule = self.inp.code_rule
        parsed = [rule.parse(c) for c in self.code]
        self.code_county = np.array([p[0] if p else None for p in parsed], dtype=object)
        self.code_class = np.array([p[1] if p else 0 for p in parsed], dtype=int)
        # county from attributes: XZQDM, else the code's county digits
        self.attr_county = np.where(
            pd.isna(self.xzqdm.astype(object)), self.code_county, self.xzqdm
        ).astype(object)
        self.county = self.attr_county.copy()  # refined by the admin step
        # park units: subtype 产业园区, or a key unit whose subtype names a park
        self.is_park = np.array(
            [
                s == schema.SUBTYPE_PARK
                or (c == schema.KEY and any(w in s for w in PARK_SUBTYPE_WORDS))
                for s, c in zip(self.subtype, self.cls_int)
            ],
            dtype=bool,
        )
        self.pidx = np.flatnonzero(self.present)
        self.tree = shapely.STRtree(geom[self.pidx])

    def prepare_layer(self, frame, layer_zh, layer_en, needs=("geometry",)):
        if frame is None:
            return None
        if not isinstance(frame, pd.DataFrame):
            raise CheckError(f"{layer_zh}不是表格数据 / The {layer_en} layer is not a table")
        missing = [c for c in needs if c not in frame.columns]
        if missing:
            raise CheckError(
                f"{layer_zh}缺少字段 {'、'.join(missing)} / "
                f"The {layer_en} layer has no field {', '.join(missing)}"
            )
        raw = _as_geometry_array(frame["geometry"].to_numpy())
        geoms, repaired, missing, invalid, _ = _fast_clean(raw, self.grid)
        keep = ~shapely.is_missing(geoms)
        key = _LAYER_KEYS.get(layer_en, layer_en)
        fids = frame["fid"].to_numpy() if "fid" in frame.columns else np.arange(1, len(raw) + 1)
        self.repairs.append(
            repair_log(
                self.inp.layer_names.get(key) or layer_zh, fids, raw, invalid, ~missing & ~keep
            )
        )
        return geoms, keep, planar_area(repaired)

    # ---- helpers over pairs ----
    def sig(self, geoms):
        return _significant(geoms, self.tol, self.min_width)

    def sig_parts(self, geoms):
        """Significant single parts of ``geoms``: (parts, index of the source, area)."""
        parts, owner = shapely.get_parts(polygonal(np.asarray(geoms, object)), return_index=True)
        area = planar_area(parts)
        perim = shapely.length(parts)
        with np.errstate(divide="ignore", invalid="ignore"):
            width = np.where(perim > 0, 2 * area / perim, 0.0)
        keep = (area > self.tol) & (width >= self.min_width)
        return parts[keep], owner[keep], area[keep]

    def units_query(self, geoms, predicate="intersects"):
        """(index into geoms, unit row index) pairs."""
        a, b = self.tree.query(geoms, predicate=predicate)
        return a, self.pidx[b]

    def group_union(self, keys: np.ndarray, geoms: np.ndarray):
        """Sorted unique keys and the union of each key's geometries (None skipped)."""
        ok = ~shapely.is_missing(geoms)
        keys, geoms = keys[ok], geoms[ok]
        order = np.argsort(keys, kind="stable")
        keys, geoms = keys[order], geoms[order]
        uniq, starts, ends = _group_starts(keys)
        out = np.empty(len(uniq), dtype=object)
        single = (ends - starts) == 1
        out[single] = geoms[starts[single]]
        for k in np.flatnonzero(~single):
            self.tick()
            out[k] = shapely.union_all(geoms[starts[k] : ends[k]], grid_size=self.grid)
        return uniq, polygonal(out)

    def subtract_pairs(self, geoms: np.ndarray, a: np.ndarray, others: np.ndarray):
        """geoms[k] minus every others[m] paired with it (pairs a[m] == k), in vectorised rounds."""
        out = geoms.copy()
        if len(a) == 0:
            return out
        order = np.argsort(a, kind="stable")
        a, others = a[order], others[order]
        rank = np.arange(len(a)) - np.searchsorted(a, a, side="left")
        for r in range(int(rank.max()) + 1):
            self.tick()
            sel = rank == r
            k = a[sel]
            # snap rounding can leave collapsed lines in a collection: keep the polygons
            out[k] = polygonal(shapely.difference(out[k], others[sel], grid_size=self.grid))
        return out

    def intersect_pairs(self, left: np.ndarray, right: np.ndarray):
        """Polygonal intersection of left[i] and right[i]; right covering left skips the overlay."""
        out = np.empty(len(left), dtype=object)
        if len(left) == 0:
            return out
        shapely.prepare(right)
        inside = shapely.covers(right, left)
        out[inside] = left[inside]
        rest = ~inside
        out[rest] = shapely.intersection(left[rest], right[rest], grid_size=self.grid)
        return polygonal(out)

    def units_str(self, rows) -> str:
        return ",".join(sorted(str(self.label[r]) for r in rows))

    def rep_geometry(self, rows):
        """Unit geometry for attribute errors; a point only for degenerate geometries."""
        out = self.geom[rows].copy()
        lost = shapely.is_missing(out) & ~self.missing_geom[rows]
        if lost.any():
            out[lost] = shapely.point_on_surface(self.raw[rows][lost])
        return out

    # ---- checks ----
    def check_geometry(self):
        inp = self.inp
        rows = np.flatnonzero(self.invalid)
        self.emit(
            "G01",
            self.geom[rows],
            self.label[rows],
            self.attr_county[rows],
            [
                f"单元 {self.label[r]} 几何无效（{self.reasons[r]}），其余检查使用修复后的几何"
                for r in rows
            ],
        )
        rows = np.flatnonzero(~self.present)
        msgs = [
            f"单元 {self.label[r]} 几何为空"
            if self.missing_geom[r]
            else f"单元 {self.label[r]} 几何无面积（退化为点或线，或小于精度网格）"
            for r in rows
        ]
        self.emit(
            "G02", self.rep_geometry(rows), self.label[rows], self.attr_county[rows], msgs,
            areas=np.zeros(len(rows)),
        )  # fmt: skip
        self.check_multipart()
        # T04 slivers, per polygon part
        parts, owner = shapely.get_parts(self.geom[self.pidx], return_index=True)
        owner = self.pidx[owner]
        pa = planar_area(parts)
        pp = shapely.length(parts)
        with np.errstate(divide="ignore", invalid="ignore"):
            thinness = np.where(pp > 0, 4 * math.pi * pa / pp**2, 0.0)
            width = np.where(pp > 0, 2 * pa / pp, 0.0)
        sliver = (pa < inp.sliver_area) | (
            (thinness < inp.sliver_thinness) & (width < inp.sliver_width)
        )
        if sliver.any():
            sliver[np.flatnonzero(sliver)] &= ~self.county_islets(parts[sliver], owner[sliver])
            sliver[np.flatnonzero(sliver)] &= ~self.red_line_parts(parts[sliver], owner[sliver])
        if sliver.any():
            keys, geoms = self.group_union(owner[sliver], parts[sliver])
            counts = pd.Series(owner[sliver]).value_counts()
            areas = planar_area(geoms)
            self.emit(
                "T04",
                geoms,
                self.label[keys],
                self.attr_county[keys],
                [
                    f"单元 {self.label[k]} 含 {counts[k]} 个碎片多边形，共 {_fmt(a)} 平方米"
                    f"（面积小于 {inp.sliver_area:g} 平方米，或狭长且平均宽度小于 "
                    f"{inp.sliver_width:g} 米）"
                    for k, a in zip(keys, areas)
                ],
                areas,
            )

    def county_islets(self, parts: np.ndarray, owner: np.ndarray) -> np.ndarray:
        """Which small parts are a whole islet of the admin layer touching no other unit:
        the county's own land, which no delineation can merge anywhere (not slivers)."""
        out = np.zeros(len(parts), dtype=bool)
        admin = self.inp.admin
        if admin is None or "geometry" not in getattr(admin, "columns", ()):
            return out
        geoms = np.asarray(admin["geometry"].to_numpy(), dtype=object)
        geoms = geoms[~shapely.is_missing(geoms)]
        islets = shapely.get_parts(geoms)
        islets = islets[planar_area(islets) < 2 * max(self.inp.sliver_area, 1.0)]
        if not len(islets):
            return out
        a, b = self.units_query(parts)
        a, b = a[b != owner[a]], b[b != owner[a]]
        shared = shapely.length(
            shapely.intersection(shapely.boundary(parts[a]), shapely.boundary(self.geom[b]))
        )
        touching = np.zeros(len(parts), dtype=bool)
        touching[a[shared > (self.grid or 0.0)]] = True  # an edge, not a corner
        pi, ii = shapely.STRtree(islets).query(parts, predicate="intersects")
        inter = planar_area(shapely.intersection(parts[pi], islets[ii], grid_size=self.grid))
        both = np.maximum(planar_area(parts[pi]), planar_area(islets[ii]))
        same = np.abs(inter - both) <= np.maximum(1e-3 * both, self.tol)
        out[pi[same]] = True
        return out & ~touching

    def red_line_parts(self, parts: np.ndarray, owner: np.ndarray) -> np.ndarray:
        """Which small parts of priority units are red-line land (99 % or more): kept as
        priority by rule wherever they fall, so the red line's own shape, not slivers."""
        out = np.zeros(len(parts), dtype=bool)
        red = self.inp.red_line
        prio = self.cls_int[owner] == schema.PRIORITY
        if red is None or "geometry" not in getattr(red, "columns", ()) or not prio.any():
            return out
        geoms = np.asarray(red["geometry"].to_numpy(), dtype=object)
        geoms = polygonal(shapely.make_valid(geoms[~shapely.is_missing(geoms)]))
        geoms = geoms[~shapely.is_missing(geoms)]
        pi, ri = shapely.STRtree(geoms).query(parts, predicate="intersects")
        if not len(pi):
            return out
        inter = shapely.intersection(parts[pi], geoms[ri], grid_size=self.grid)
        covered = np.bincount(pi, weights=planar_area(inter), minlength=len(parts))
        return prio & (covered >= 0.99 * planar_area(parts))

    def check_attributes(self):
        inp = self.inp
        rule = inp.code_rule
        # A05 required fields empty
        req = [s for s in schema.UNIT_FIELDS if s.required and self.has_col[s.name]]
        empty = {
            s.name: np.array([_is_empty_value(v) for v in self.inp.units[s.name]], bool)
            for s in req
        }
        any_empty = np.zeros(self.n, bool)
        for m in empty.values():
            any_empty |= m
        rows = np.flatnonzero(any_empty)
        msgs = []
        for r in rows:
            names = "、".join(f"{s.alias_zh}（{s.name}）" for s in req if empty[s.name][r])
            msgs.append(f"单元 {self.label[r]} 必填字段为空：{names}")
        self.emit("A05", self.rep_geometry(rows), self.label[rows], self.attr_county[rows], msgs)
        # A01 code rule
        rows, msgs = [], []
        for r in range(self.n):
            c = self.code[r]
            if c is None:
                continue
            p = _code_problem_zh(rule, c)
            if p:
                rows.append(r)
                msgs.append(f"单元编码 {c} 不符合编码规则：{p}")
        rows = np.asarray(rows, dtype=int)
        self.emit("A01", self.rep_geometry(rows), self.label[rows], self.attr_county[rows], msgs)
        # A02 duplicates
        keyed = pd.Series(self.code_key)
        dup = keyed[keyed.notna() & keyed.duplicated(keep=False)]
        if len(dup):
            groups = dup.groupby(dup.values).groups
            geoms, units, counties, msgs = [], [], [], []
            for code, idx in groups.items():
                rows = np.asarray(idx, dtype=int)
                g = self.rep_geometry(rows)
                g = g[~shapely.is_missing(g)]
                geoms.append(shapely.union_all(g, grid_size=self.grid) if len(g) else None)
                units.append(",".join([code] * len(rows)))
                counties.append(self.attr_county[rows[0]])
                fids = "、".join(str(self.fid[r]) for r in rows)
                msgs.append(f"单元编码 {code} 重复 {len(rows)} 次（fid：{fids}）")
            self.emit("A02", polygonal(np.array(geoms, object)), units, counties, msgs)
        # A03 class digit vs class field
        bad_value = self.cls_bad
        mismatch = (self.code_class > 0) & (self.cls_int > 0) & (self.code_class != self.cls_int)
        rows = np.flatnonzero(bad_value | mismatch)
        msgs = []
        col = self.inp.units[schema.UNIT_CLASS].to_numpy(dtype=object)
        for r in rows:
            if bad_value[r]:
                msgs.append(f"单元 {self.label[r]} 分类字段取值 {col[r]!r} 无效（应为 1/2/3）")
            else:
                d, v = self.code_class[r], self.cls_int[r]
                msgs.append(
                    f"单元 {self.label[r]} 编码分类位为 {d}（{schema.CLASS_LABELS_ZH[d]}），"
                    f"分类字段为 {v}（{schema.CLASS_LABELS_ZH[v]}）"
                )
        self.emit("A03", self.rep_geometry(rows), self.label[rows], self.attr_county[rows], msgs)
        # A06 MJ
        if self.has_col[schema.UNIT_AREA]:
            mj = pd.to_numeric(self.inp.units[schema.UNIT_AREA], errors="coerce").to_numpy(float)
            a_km2 = official_m2(self.repaired) / 1e6  # the one area rule
            limit = np.maximum(inp.area_rel_tolerance * a_km2, inp.area_abs_tolerance_km2)
            rows = np.flatnonzero(self.present & ~np.isnan(mj) & (np.abs(mj - a_km2) > limit))
            self.emit(
                "A06",
                self.geom[rows],
                self.label[rows],
                self.attr_county[rows],
                [
                    f"单元 {self.label[r]} 面积字段 MJ 为 {mj[r]:.6f} 平方公里，"
                    f"计算面积为 {a_km2[r]:.6f} 平方公里"
                    for r in rows
                ],
            )
        else:
            self.skipped["A06"] = f"单元图层无面积字段 {schema.UNIT_AREA}"
        # L01 access list
        if inp.access_codes is not None:
            codes = {str(c).strip() for c in inp.access_codes if c is not None}
            rows = np.flatnonzero([c is not None and c not in codes for c in self.code_key])
            self.emit(
                "L01",
                self.rep_geometry(rows),
                self.label[rows],
                self.attr_county[rows],
                [f"单元 {self.label[r]} 在生态环境准入清单中没有任何条款" for r in rows],
            )
        else:
            self.skipped["L01"] = "未提供生态环境准入清单"

    def check_multipart(self):
        """G03: a point on each part of a multipart unit (never the unit's area or polygon)."""
        if not self.inp.report_multipart:
            self.skipped["G03"] = "多部分单元提示未开启（默认关闭）"
            return
        nparts = shapely.get_num_geometries(self.geom)
        rows = np.flatnonzero(self.present & (nparts > 1))
        parts, owner = shapely.get_parts(self.geom[rows], return_index=True)
        points = shapely.point_on_surface(parts)
        markers = [shapely.multipoints(points[owner == n]) for n in range(len(rows))]
        self.emit(
            "G03",
            markers,
            self.label[rows],
            self.attr_county[rows],
            [f"单元 {self.label[r]} 由 {nparts[r]} 个不相连的部分组成" for r in rows],
            areas=np.zeros(len(rows)),
        )

    def check_overlaps(self):
        g = self.geom
        pidx = self.pidx
        gp = g[pidx]
        a, b = self.tree.query(gp, predicate="intersects")
        keep = a < b
        a, b = a[keep], b[keep]
        self.step(25)
        # Coverage validation flags every polygon with an edge that is not matched
        # exactly by its neighbour; two polygons without such edges cannot overlap,
        # so only pairs with a flagged member go to the overlay.
        # The validation runs on ``cov`` (collinear vertices dropped, see prepare_units).
        cp = self.cov[pidx]
        inv, dirty = None, np.ones(len(gp), bool)
        if _geometry.COVERAGE_VALIDATION:
            try:
                inv = shapely.coverage_invalid_edges(cp)
                dirty = ~(shapely.is_missing(inv) | shapely.is_empty(inv))
            except shapely.errors.GEOSException:  # pragma: no cover - defensive
                inv = None
        self.dirty = np.zeros(self.n, bool)
        self.dirty[pidx] = dirty
        cand = dirty[a] | dirty[b]
        a, b = a[cand], b[cand]
        if inv is not None and len(a):
            near = shapely.intersects(inv[a], cp[b]) | shapely.intersects(inv[b], cp[a])
            a, b = a[near], b[near]
        if len(a):
            # one of the two must reach at least 2 grid cells into the other: edges that
            # only wobble within the grid's rounding never do
            depth = 2 * (self.grid or 0.0)
            if depth > 0:
                involved = np.unique(np.concatenate([a, b]))
                inner = np.empty(len(gp), dtype=object)
                inner[involved] = shapely.buffer(gp[involved], -depth, join_style="mitre")
                shapely.prepare(inner[involved])
                deep = shapely.intersects(inner[a], gp[b]) | shapely.intersects(inner[b], gp[a])
                a, b = a[deep], b[deep]
        self.step(35)
        inter, area = self.sig(shapely.intersection(gp[a], gp[b], grid_size=self.grid))
        keep = area > 0
        ra, rb, inter, area = pidx[a[keep]], pidx[b[keep]], inter[keep], area[keep]
        msgs = [
            f"单元 {self.label[i]} 与 {self.label[j]} 重叠 {_fmt(x)} 平方米"
            for i, j, x in zip(ra, rb, area)
        ]
        ra, rb, inter, area, msgs = self.native_overlaps(ra, rb, inter, area, msgs)
        units = [self.units_str((i, j)) for i, j in zip(ra, rb)]
        counties = [self.county[i] or self.county[j] for i, j in zip(ra, rb)]
        self.emit("T01", inter, units, counties, msgs, area)

    def native_overlaps(self, ra, rb, inter, area, msgs):
        """T01 pairs found in the layer's own CRS (``native_overlaps``) and not here."""
        if self.inp.native_overlaps is None:
            return ra, rb, inter, area, msgs
        na, nb, ngeom, narea = self.inp.native_overlaps
        found = {(min(i, j), max(i, j)) for i, j in zip(ra, rb)}
        new = [
            k
            for k in range(len(na))
            if narea[k] > self.tol and (min(na[k], nb[k]), max(na[k], nb[k])) not in found
        ]
        if not new:
            return ra, rb, inter, area, msgs
        new = np.asarray(new, dtype=np.int64)
        extra = [
            f"单元 {self.label[na[k]]} 与 {self.label[nb[k]]} 在图层自身坐标系中重叠 "
            f"{_fmt(narea[k])} 平方米"
            for k in new
        ]
        return (
            np.r_[ra, na[new]],
            np.r_[rb, nb[new]],
            np.r_[inter, np.asarray(ngeom, dtype=object)[new]],
            np.r_[area, np.asarray(narea, dtype=float)[new]],
            list(msgs) + extra,
        )

    def union_rows(self, rows) -> shapely.Geometry | None:
        """Union of units: coverage union of the clean ones, overlay for the rest."""
        rows = rows[self.present[rows]]
        if len(rows) == 0:
            return None
        clean = rows[~self.dirty[rows]]
        dirty = rows[self.dirty[rows]]
        parts = []
        if len(clean):
            parts.append(shapely.coverage_union_all(self.cov[clean]))
        if len(dirty):
            parts.append(shapely.union_all(self.geom[dirty], grid_size=self.grid))
        u = parts[0] if len(parts) == 1 else shapely.union(parts[0], parts[1], grid_size=self.grid)
        if shapely.get_type_id(u) in _POLYGONAL_IDS:
            return u
        return polygonal(np.array([u], dtype=object))[0]

    def gap_errors(self, gaps: np.ndarray, counties: np.ndarray):
        """Explode gap polygons, drop small parts, report with adjacent units."""
        parts, owner, area = self.sig_parts(gaps)
        self.gap_parts = parts  # R01 looks for red line in these
        self.gap_county = counties[owner]
        if len(parts) == 0:
            return
        dist = max((self.grid or 0.0) * 10, 1e-6)
        pa, pb = self.tree.query(parts, predicate="dwithin", distance=dist)
        pu = self.pidx[pb]
        adj = pd.Series(pu).groupby(pa).apply(list).to_dict()
        units = [self.units_str(adj.get(k, [])) for k in range(len(parts))]
        msgs = []
        for k, x in enumerate(area):
            c = counties[owner[k]]
            where = f"行政区 {c} 内" if c else "单元之间"
            near = f"（相邻单元：{units[k]}）" if units[k] else ""
            msgs.append(f"{where}有 {_fmt(x)} 平方米未被任何单元覆盖{near}")
        self.emit("T02", parts, units, counties[owner], msgs, area)

    def check_admin(self):
        inp = self.inp
        admin = self.prepare_layer(inp.admin, "行政区图层", "admin", needs=("geometry", "code"))
        if admin is None:
            self.skipped["T03"] = "未提供行政区图层"
            self.skipped["A04"] = "未提供行政区图层（仅比较编码与行政区划代码字段）"
            self.skipped["C01"] = "未提供行政区图层"
            self.check_county_fields_only()
            self.gaps_without_admin()
            return
        geoms, keep, raw_area = admin
        if not keep.any():
            raise CheckError(
                "行政区图层没有可用的面几何 / The admin layer has no usable polygon geometry"
            )
        raw_area = raw_area[keep]
        raw_codes = inp.admin["code"].to_numpy(dtype=object)[keep]
        codes = np.array(
            [schema.normalise_county_code(c) or _text(c) or "" for c in raw_codes], object
        )
        bad = [str(c) for c in codes if not schema.is_county_code(c)]
        if bad:
            sample = "、".join(sorted(set(bad))[:5])
            raise CheckError(
                f"行政区图层 code 字段应为 6 位行政区划代码，发现：{sample} / "
                f"The admin layer's code field must hold 6-digit county codes, found: {sample}"
            )
        keys, cgeoms = self.group_union(codes, geoms[keep])
        c_area = pd.Series(raw_area).groupby(codes).sum()  # admin rows do not overlap
        c_area = c_area.reindex(keys).to_numpy(float)
        self.a_codes = keys.astype(object)
        self.a_geoms = cgeoms
        code_index = {c: i for i, c in enumerate(self.a_codes)}
        atree = shapely.STRtree(cgeoms)
        shapely.prepare(cgeoms)
        # county of each unit: attribute county if known to the admin layer, else majority
        county_idx = np.array(
            [code_index.get(c, -1) if c is not None else -1 for c in self.attr_county], int
        )
        unknown = np.flatnonzero(self.present & (county_idx < 0))
        if len(unknown):
            maj = self.majority(unknown, atree)
            county_idx[unknown] = maj
        self.county_idx = county_idx
        self.county = np.array(
            [self.a_codes[i] if i >= 0 else None for i in county_idx], dtype=object
        )
        self.step(45)
        # per county: gaps (county minus its units) and outside parts (units minus county)
        rows = self.pidx[county_idx[self.pidx] >= 0]
        rows = rows[np.argsort(county_idx[rows], kind="stable")]
        cty, starts, ends = _group_starts(county_idx[rows])
        n_c = len(cty)
        unions = np.empty(n_c, dtype=object)
        unit_sum = {}
        for k in range(n_c):
            self.tick()
            members = rows[starts[k] : ends[k]]
            unions[k] = self.union_rows(members)
            unit_sum[int(cty[k])] = float(self.area_raw[members].sum())
        self.step(50)
        gap_geoms = np.empty(n_c, dtype=object)
        out_geoms = np.empty(n_c, dtype=object)
        batch = 64
        for k in range(0, n_c, batch):
            self.tick()
            u, c = unions[k : k + batch], cgeoms[cty[k : k + batch]]
            gap_geoms[k : k + batch] = shapely.difference(c, u, grid_size=self.grid)
            out_geoms[k : k + batch] = shapely.difference(u, c, grid_size=self.grid)
            if self._progress is not None:
                self._progress(50 + 15 * min(k + batch, n_c) / max(n_c, 1))
        gap_cty = out_cty = cty
        # outside parts -> units of that county
        self.outside_errors(out_geoms, out_cty)
        # units in no county at all
        rows = np.flatnonzero(self.present & (county_idx < 0))
        self.emit(
            "T03",
            self.geom[rows],
            self.label[rows],
            self.attr_county[rows],
            [
                f"单元 {self.label[r]} 完全位于行政区图层之外（{_fmt(self.area[r])} 平方米）"
                for r in rows
            ],
        )
        # gaps: remove parts covered by units of other counties
        gaps = polygonal(gap_geoms)
        parts, owner, _ = self.sig_parts(gaps)
        if len(parts):
            pa, pu = self.units_query(parts)
            other = self.county_idx[pu] != gap_cty[owner[pa]]
            pa, pu = pa[other], pu[other]
            parts = self.subtract_pairs(parts, pa, self.geom[pu])
        self.gap_errors(parts, np.array([self.a_codes[gap_cty[o]] for o in owner], object))
        self.step(65)
        # A04 county digits vs majority county
        self.check_county_digits(atree)
        # C01 coverage per county
        rows_c, msgs, diffs = [], [], []
        # units written on a precision grid move each vertex by up to half a cell, so their
        # areas may differ from the county's by about half a cell times its perimeter
        c_perimeter = np.asarray(shapely.length(cgeoms), dtype=float)
        half_cell = 0.5 * (self.grid or 0.0)
        for ci, s in unit_sum.items():
            ca = float(c_area[ci])
            d = s - ca
            grid_tol = half_cell * float(c_perimeter[ci])
            if abs(d) > max(self.tol, inp.coverage_tolerance, 1e-9 * ca, grid_tol):
                rows_c.append(ci)
                diffs.append(abs(d))
                msgs.append(
                    f"行政区 {self.a_codes[ci]} 单元面积合计 {_fmt(s)} 平方米，行政区面积 "
                    f"{_fmt(ca)} 平方米，相差 {_fmt(d)} 平方米"
                )
        rows_c = np.asarray(rows_c, int)
        self.emit("C01", cgeoms[rows_c], [""] * len(rows_c), self.a_codes[rows_c], msgs, diffs)

    def majority(self, rows: np.ndarray, atree) -> np.ndarray:
        """Admin index holding most of each unit (-1 when it touches none)."""
        out = np.full(len(rows), -1, dtype=int)
        k, ai = atree.query(self.geom[rows], predicate="intersects")
        if len(k) == 0:
            return out
        inter = self.intersect_pairs(self.geom[rows[k]], self.a_geoms[ai])
        area = planar_area(inter)
        df = pd.DataFrame({"k": k, "a": ai, "area": area})
        df = df[df["area"] > 0]
        if len(df):
            best = df.loc[df.groupby("k")["area"].idxmax()]
            out[best["k"].to_numpy()] = best["a"].to_numpy()
        return out

    def outside_errors(self, outs: np.ndarray, out_cty: np.ndarray):
        parts, owner, _ = self.sig_parts(outs)
        self.outside_share = np.zeros(self.n)
        if len(parts) == 0:
            return
        pa, pu = self.units_query(parts)
        same = self.county_idx[pu] == out_cty[owner[pa]]
        pa, pu = pa[same], pu[same]
        inter = self.intersect_pairs(parts[pa], self.geom[pu])
        keys, geoms = self.group_union(pu, inter)
        geoms, area = self.sig(geoms)
        keep = area > 0
        keys, geoms, area = keys[keep], geoms[keep], area[keep]
        self.outside_share[keys] = area / np.maximum(self.area[keys], 1e-12)
        self.emit(
            "T03",
            geoms,
            self.label[keys],
            self.county[keys],
            [
                f"单元 {self.label[r]} 超出所属行政区 {self.county[r]} 边界 {_fmt(x)} 平方米"
                for r, x in zip(keys, area)
            ],
            area,
        )

    def check_county_digits(self, atree):
        maj = self.county_idx.copy()
        # units mostly outside the county they were assigned to: recompute the majority
        redo = np.flatnonzero(self.present & (self.outside_share >= 0.5) & (maj >= 0))
        if len(redo):
            maj[redo] = self.majority(redo, atree)
        maj_code = np.array([self.a_codes[i] if i >= 0 else None for i in maj], object)
        self._county_digit_errors(maj_code, "其主要所在行政区")

    def check_county_fields_only(self):
        self._county_digit_errors(self.xzqdm, "行政区划代码字段")

    def _county_digit_errors(self, ref: np.ndarray, what: str):
        rows, msgs = [], []
        for r in range(self.n):
            m = ref[r]
            if m is None:
                continue
            bits = []
            if self.code_county[r] is not None and self.code_county[r] != m:
                bits.append(f"编码中的行政区代码 {self.code_county[r]}")
            if what != "行政区划代码字段" and self.xzqdm[r] is not None and self.xzqdm[r] != m:
                bits.append(f"行政区划代码字段 {self.xzqdm[r]}")
            if bits:
                rows.append(r)
                msgs.append(f"单元 {self.label[r]} {'、'.join(bits)} 与{what} {m} 不一致")
        rows = np.asarray(rows, dtype=int)
        self.emit("A04", self.rep_geometry(rows), self.label[rows], ref[rows], msgs)

    def gaps_without_admin(self):
        """No admin layer: gaps are the holes of the union of all units."""
        self.outside_share = np.zeros(self.n)
        u = self.union_rows(self.pidx)
        if u is None:
            return
        polys = shapely.get_parts(u)
        rings, owner = shapely.get_rings(polys, return_index=True)
        exterior = np.r_[True, owner[1:] != owner[:-1]] if len(owner) else np.array([], bool)
        holes = shapely.polygons(rings[~exterior])
        if len(holes) == 0:
            return
        holes, _, _ = self.sig_parts(holes)
        # units lying inside a hole (islands) are not gap
        pa, pu = self.units_query(holes, predicate="intersects")
        holes = self.subtract_pairs(holes, pa, self.geom[pu])
        county = np.full(len(holes), None, dtype=object)
        self.gap_errors(holes, county)

    def layer_in_units(self, layer, unit_mask):
        """Per unit in ``unit_mask``: (unit rows, union of layer ∩ unit, its area > tolerance)."""
        geoms, keep, _ = layer
        lg = geoms[keep]
        if len(lg) == 0 or not unit_mask.any():
            return np.array([], int), np.array([], object), np.array([])
        sub = np.flatnonzero(unit_mask & self.present)
        sub_tree = shapely.STRtree(lg)
        ui, li = sub_tree.query(self.geom[sub], predicate="intersects")
        rows = sub[ui]
        inter = self.intersect_pairs(lg[li], self.geom[rows])
        self.tick()
        keys, union = self.group_union(rows, inter)
        union, area = self.sig(union)
        ok = area > 0
        return keys[ok], union[ok], area[ok]

    def check_red_line(self):
        inp = self.inp
        red = self.prepare_layer(inp.red_line, "生态保护红线图层", "red line")
        if red is None:
            self.skipped["R01"] = self.skipped["R02"] = "未提供生态保护红线图层"
            return
        non_priority = self.cls_int != schema.PRIORITY
        keys, geoms, area = self.layer_in_units(red, non_priority)
        msgs = []
        for r, x in zip(keys, area):
            kind = schema.CLASS_LABELS_ZH.get(self.cls_int[r], "未分类")
            msgs.append(f"生态保护红线有 {_fmt(x)} 平方米位于{kind}单元 {self.label[r]} 内")
        self.emit("R01", geoms, self.label[keys], self.county[keys], msgs, area)
        self.step(75)
        # red line in no unit: inside the gaps (checked counties, or holes without admin)
        self.red_outside_units(red)
        self.step(80)
        keys, geoms, area = self.layer_in_units(red, self.park_mask())
        self.emit(
            "R02",
            geoms,
            self.label[keys],
            self.county[keys],
            [
                f"产业园区单元 {self.label[r]} 与生态保护红线重叠 {_fmt(x)} 平方米"
                for r, x in zip(keys, area)
            ],
            area,
        )

    def red_outside_units(self, red):
        """Red line in no unit: the red line inside the gaps found by T02.

        With an admin layer the gaps are every uncovered part of the checked
        counties, so red line beyond them (a province-wide layer) is ignored.
        """
        geoms, keep, _ = red
        rg = geoms[keep]
        gaps = self.gap_parts
        if len(rg) == 0 or len(gaps) == 0:
            return
        gi, ri = shapely.STRtree(rg).query(gaps, predicate="intersects")
        pieces = self.intersect_pairs(rg[ri], gaps[gi])
        keys, union = self.group_union(gi, pieces)  # red polygons may overlap
        union, area = self.sig(union)
        ok = area > 0
        keys, union, area = keys[ok], union[ok], area[ok]
        codes = self.gap_county[keys]
        msgs = [
            f"生态保护红线有 {_fmt(x)} 平方米未被任何单元覆盖" + (f"（行政区 {c}）" if c else "")
            for x, c in zip(area, codes)
        ]
        self.emit("R01", union, [""] * len(keys), codes, msgs, area)

    def park_mask(self) -> np.ndarray:
        if hasattr(self, "_park_mask"):
            return self._park_mask
        mask = self.is_park.copy()
        parks = self.prepare_layer(self.inp.parks, "产业园区图层", "park")
        if parks is not None:
            key = (self.cls_int == schema.KEY) & ~mask
            keys, _, area = self.layer_in_units(parks, key)
            share = area / np.maximum(self.area[keys], 1e-12)
            mask[keys[share >= self.inp.park_share]] = True
        self._park_mask = mask
        return mask

    def check_spatial_layers(self):
        inp = self.inp
        urban = self.prepare_layer(inp.urban_boundary, "城镇开发边界图层", "urban boundary")
        if urban is None:
            self.skipped["S01"] = "未提供城镇开发边界图层"
        else:
            keys, geoms, area = self.layer_in_units(urban, self.cls_int == schema.PRIORITY)
            self.emit(
                "S01",
                geoms,
                self.label[keys],
                self.county[keys],
                [
                    f"城镇开发边界有 {_fmt(x)} 平方米位于优先保护单元 {self.label[r]} 内"
                    for r, x in zip(keys, area)
                ],
                area,
            )
        self.step(90)
        farmland = self.prepare_layer(inp.farmland, "永久基本农田图层", "farmland")
        if farmland is None:
            self.skipped["S02"] = "未提供永久基本农田图层"
        else:
            keys, geoms, area = self.layer_in_units(farmland, self.park_mask())
            self.emit(
                "S02",
                geoms,
                self.label[keys],
                self.county[keys],
                [
                    f"永久基本农田有 {_fmt(x)} 平方米位于产业园区单元 {self.label[r]} 内"
                    for r, x in zip(keys, area)
                ],
                area,
            )

    def result(self) -> CheckResult:
        if self.chunks:
            errors = pd.concat(self.chunks, ignore_index=True)
        else:
            errors = pd.DataFrame({c: pd.Series(dtype=object) for c in ERROR_COLUMNS})
            errors[schema.CHK_AREA] = errors[schema.CHK_AREA].astype(float)
        errors = errors[ERROR_COLUMNS]
        order = {c: i for i, c in enumerate(CHECKS)}
        errors = errors.sort_values(
            [schema.CHK_CODE, schema.CHK_COUNTY, schema.CHK_UNITS],
            key=lambda s: s.map(order) if s.name == schema.CHK_CODE else s,
            kind="stable",
        ).reset_index(drop=True)
        counts = errors.groupby(schema.CHK_CODE)[schema.CHK_AREA].agg(["size", "sum"])
        summary = pd.DataFrame(
            [
                {
                    "check_code": s.code,
                    "severity": s.severity,
                    "title_zh": s.title_zh,
                    "title_en": s.title_en,
                    "count": int(counts["size"].get(s.code, 0)),
                    "area_m2": float(counts["sum"].get(s.code, 0.0)),
                }
                for s in CHECKS.values()
            ],
            columns=SUMMARY_COLUMNS,
        )
        repairs = [r for r in self.repairs if len(r)]
        repairs = (
            pd.concat(repairs, ignore_index=True).drop_duplicates(ignore_index=True)
            if repairs
            else pd.DataFrame(columns=REPAIR_COLUMNS)
        )
        return CheckResult(
            errors=errors, summary=summary, skipped=dict(self.skipped), repairs=repairs
        )


def check_units(inp: CheckInput, progress=None, is_cancelled=None) -> CheckResult:
    """Run every check on ``inp``; ``progress(percent)`` is called with 0..100.

    Raises ``CheckError`` for unusable inputs, ``Cancelled`` when ``is_cancelled()``.
    """
    run = _Run(inp, progress, is_cancelled)
    run.step(0)
    run.prepare_units()
    run.step(5)
    run.check_geometry()
    run.step(10)
    run.check_attributes()
    run.step(15)
    run.check_overlaps()
    run.step(40)
    run.check_admin()
    run.step(70)
    run.check_red_line()
    run.step(85)
    run.check_spatial_layers()
    run.step(98)
    result = run.result()
    run.step(100)
    return result


# --- review carry-over ----------------------------------------------------------------


def carry_over_review(
    new_errors: pd.DataFrame, old_errors: pd.DataFrame, tolerance_m: float = 1.0
) -> pd.DataFrame:
    """Copy status and note of ``old_errors`` onto the ``new_errors`` that are the same error.

    Same error: same check code and unit codes, and geometries within ``tolerance_m``
    Hausdorff distance (or both without geometry and the same message). Each old
    error is used at most once, closest first. Returns a copy of ``new_errors``.
    """
    out = new_errors.copy()
    for col, default in ((schema.CHK_STATUS, _PENDING), (schema.CHK_NOTE, "")):
        if col not in out.columns:
            out[col] = default
    if old_errors is None or len(old_errors) == 0 or len(out) == 0:
        return out
    for name, frame in (("new", new_errors), ("old", old_errors)):
        missing = [c for c in (schema.CHK_CODE, schema.CHK_UNITS) if c not in frame.columns]
        if missing:
            raise CheckError(
                f"质检结果缺少字段 {'、'.join(missing)} / "
                f"The {name} check results have no field {', '.join(missing)}"
            )

    def keyed(frame, tag):
        df = pd.DataFrame(
            {
                "code": frame[schema.CHK_CODE].astype(str).to_numpy(),
                "units": frame[schema.CHK_UNITS].fillna("").astype(str).to_numpy(),
                f"row_{tag}": np.arange(len(frame)),
            }
        )
        return df

    pairs = keyed(out, "new").merge(keyed(old_errors, "old"), on=["code", "units"])
    if len(pairs) == 0:
        return out
    gn = _as_geometry_array(
        out["geometry"].to_numpy() if "geometry" in out.columns else [None] * len(out)
    )[pairs["row_new"].to_numpy()]
    go = _as_geometry_array(
        old_errors["geometry"].to_numpy()
        if "geometry" in old_errors.columns
        else [None] * len(old_errors)
    )[pairs["row_old"].to_numpy()]
    miss_n = shapely.is_missing(gn) | shapely.is_empty(gn)
    miss_o = shapely.is_missing(go) | shapely.is_empty(go)
    dist = np.full(len(pairs), np.inf)
    both = ~miss_n & ~miss_o
    if both.any():
        # bounds differ by more than the tolerance -> Hausdorff distance does too
        bn, bo = shapely.bounds(gn[both]), shapely.bounds(go[both])
        close = np.abs(bn - bo).max(axis=1) <= tolerance_m
        idx = np.flatnonzero(both)[close]
        d = np.full(len(idx), np.inf)
        same = shapely.equals_exact(gn[idx], go[idx], tolerance=tolerance_m)
        d[same] = 0.0
        rest = ~same
        if rest.any():
            d[rest] = shapely.hausdorff_distance(gn[idx[rest]], go[idx[rest]])
        dist[idx] = d
    none = miss_n & miss_o
    if none.any() and schema.CHK_MESSAGE in out.columns and schema.CHK_MESSAGE in old_errors:
        mn = out[schema.CHK_MESSAGE].astype(str).to_numpy()[pairs["row_new"].to_numpy()]
        mo = old_errors[schema.CHK_MESSAGE].astype(str).to_numpy()[pairs["row_old"].to_numpy()]
        dist[none & (mn == mo)] = 0.0
    pairs["dist"] = dist
    pairs = pairs[pairs["dist"] <= tolerance_m].sort_values("dist", kind="stable")
    used_new, used_old, matches = set(), set(), []
    for rn, ro in zip(pairs["row_new"].to_numpy(), pairs["row_old"].to_numpy()):
        if rn in used_new or ro in used_old:
            continue
        used_new.add(rn)
        used_old.add(ro)
        matches.append((rn, ro))
    if not matches:
        return out
    rn, ro = np.array(matches).T
    for col, default in ((schema.CHK_STATUS, _PENDING), (schema.CHK_NOTE, "")):
        if col in old_errors.columns:
            vals = old_errors[col].to_numpy(dtype=object)[ro]
            vals = np.array([default if _is_empty_value(v) else v for v in vals], object)
            values = out[col].to_numpy(dtype=object).copy()
            values[rn] = vals
            out[col] = values
    return out
