"""符合性分析 (准入研判): is a construction project compatible with the zoning?

Pure Python (shapely 2, numpy, pandas; no Qt, no QGIS). All geometries are in a
metre Gauss–Krüger CRS (the adapter reprojects); areas are ``area.official_m2``;
every overlay runs on the fixed precision grid ``geometry.GRID_SIZE``.

Inputs (``ComplianceInput``): projects (point, line or polygon footprints, mixed
layers allowed, each with a GB/T 4754 industry code), the 环境管控单元 layer,
the 生态环境准入清单 (``schema`` REQ_* columns), the region table
(``access_list`` REGION_* columns, optionally with a ``geometry``) and constraint
layers (``overlap.Constraint``: red line, farmland, ...).

Geometry
--------
* ``buffer`` > 0 buffers points and lines (16 segments per quarter circle);
  polygons are used as they are. Buffered features are measured as polygons.
* Each project is overlaid with the units it intersects (STRtree):
  polygons → ``overlap_area_m2`` and share of the project's area; lines →
  ``overlap_length_m`` and share of the line's length; points → the unit(s)
  containing them, share = share of the (multi)point's points (100 for a point;
  a point on a shared boundary belongs to both units). Touching without overlap
  (area or length 0) is not a hit.
* The part of a project outside every unit is ``outside_coverage_area_m2`` /
  ``outside_coverage_length_m``; ``outside`` is True when it exceeds the grid
  tolerance (or, for points, when a point lies in no unit).
* Constraint layers are measured like ``overlap.overlap_analysis`` (counted once
  where constraint features overlap: ``overlap.inside_once``; without a layer
  buffer only polygons count); one row per project and layer, ``inside`` False
  when they do not overlap.

Requirements and findings
-------------------------
For each unit a project touches, the unit's effective list
(``access_list.effective_requirements``; regions by membership of the unit or its
county) gives one row per requirement. Regions with a geometry also apply to
every project that reaches into them (touching counts), whatever its units: their
区域 rows are listed with ``unit_code`` "" (unless the same requirement already
applies through a unit). Each row gets a finding from its kind (``REQ_KIND``; an
empty kind is inferred from the text like the Excel import does) and its
industry codes (``REQ_INDUSTRIES``, matched along the GB/T 4754 hierarchy, so a
requirement on ``26`` or ``C`` covers ``2614``):

==========================================  ==============
requirement                                  finding
==========================================  ==============
no industry codes                            人工核对
industry codes, project code unknown/missing 人工核对
industry codes that do not match             不涉及
禁止 that matches                              不符合
限制 that matches                              需进一步论证
允许 / 鼓励 that matches                        符合
要求 that matches                              人工核对
==========================================  ==============

Conclusion per project (first rule that applies)
------------------------------------------------
1. 不符合 — any 不符合 finding, or an overlap with a constraint layer whose role
   prohibits (``roles``: 生态保护红线, 其他禁止类);
2. 有条件符合 — any 需进一步论证 finding, or an overlap with a layer whose role
   restricts (永久基本农田, 自然保护地, 饮用水水源保护区, 其他限制类);
3. 待补充信息 — empty geometry, missing or unknown industry code, a project that
   lies in no unit at all (``message`` says what is missing), or an overlap with a
   constraint layer whose role is unknown (never left out of the verdict);
4. 符合 (overlaps with 提示 layers such as 城镇开发边界 are listed in the reasons).

A constraint's role is ``Constraint.role`` when set, else guessed from its name
(``roles.guess_role``: 生态保护红线, 生态红线, 红线, ``STBHHX`` …). ``ComplianceResult.layers``
lists each constraint layer with its role, whether it was guessed, and the role's
consequence; ``ComplianceResult.warnings`` names the layers of unknown role.

``reasons`` lists, in Chinese, what led to the conclusion (and notes a part
outside the units' coverage or the number of rows left for manual review).
Problems never stop the run: the other projects are still assessed.

Speed: build a ``ComplianceIndex`` (or at least a ``UnitIndex``) once and pass it
to ``assess`` / ``quick_check`` for interactive use (a map click).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from shapely import GeometryType

from . import access_list, overlap, roles, schema, tables
from .access_excel import infer_kind
from .area import official_m2
from .checks import Cancelled
from .geometry import GRID_SIZE, polygonal
from .industry import IndustryTable, default_table
from .run import EcoZoningError
from .values import plain_text as _text

__all__ = [
    "Cancelled",
    "ComplianceError",
    "ComplianceIndex",
    "ComplianceInput",
    "ComplianceResult",
    "ConstraintIndex",
    "AccessIndex",
    "Project",
    "UnitIndex",
    "assess",
    "quick_check",
]

# --- vocabulary --------------------------------------------------------------

FINDING_VIOLATION = "不符合"
FINDING_ARGUE = "需进一步论证"
FINDING_MANUAL = "人工核对"
FINDING_OK = "符合"
FINDING_NA = "不涉及"
FINDINGS = (FINDING_VIOLATION, FINDING_ARGUE, FINDING_MANUAL, FINDING_OK, FINDING_NA)

CONCLUSION_OK = "符合"
CONCLUSION_CONDITIONAL = "有条件符合"
CONCLUSION_NO = "不符合"
CONCLUSION_INCOMPLETE = "待补充信息"
CONCLUSIONS = (CONCLUSION_OK, CONCLUSION_CONDITIONAL, CONCLUSION_NO, CONCLUSION_INCOMPLETE)

KIND_FORBID, KIND_LIMIT, KIND_ALLOW, KIND_ENCOURAGE, KIND_REQUIRE = schema.REQ_KINDS_ZH

BUFFER_QUAD_SEGS = 16  # a buffered point is a 64-gon: area within 0.17 % of π r²
REASON_TEXT_CHARS = 60

UNIT_COLUMNS = [*tables.names(tables.COMPLIANCE_UNITS), "geometry"]
CONSTRAINT_COLUMNS = [*tables.names(tables.COMPLIANCE_CONSTRAINTS), "geometry"]
REQUIREMENT_COLUMNS = tables.names(tables.COMPLIANCE_REQUIREMENTS)
LAYER_COLUMNS = ["constraint", "role", "role_label", "guessed", "effect", "consequence"]
# The written project table, with the part outside every unit (for the reports) before
# ``outside``.
_OUTSIDE = tables.names(tables.COMPLIANCE_PROJECTS).index("outside")
PROJECT_COLUMNS = [
    *tables.names(tables.COMPLIANCE_PROJECTS)[:_OUTSIDE],
    "outside_coverage_area_m2",
    "outside_coverage_length_m",
    *tables.names(tables.COMPLIANCE_PROJECTS)[_OUTSIDE:],
]


class ComplianceError(EcoZoningError):
    """Unusable input (message: Chinese / English)."""


@dataclass
class Project:
    fid: int
    name: str
    industry: str | None
    geometry: object  # shapely geometry in a metre CRS


@dataclass
class ComplianceInput:
    projects: pd.DataFrame  # "fid", "geometry", "name", "industry"
    units: pd.DataFrame  # "fid", "geometry", schema unit fields
    requirements: pd.DataFrame | None = None
    regions: pd.DataFrame | None = None
    constraints: list = field(default_factory=list)  # overlap.Constraint
    buffer: float = 0.0
    default_industry: str | None = None
    industry_table: IndustryTable | None = None
    project_layer: str = ""  # layer names for the repair log
    unit_layer: str = ""
    region_layer: str = ""


@dataclass
class ComplianceResult:
    units: pd.DataFrame
    constraints: pd.DataFrame
    requirements: pd.DataFrame
    projects: pd.DataFrame
    layers: pd.DataFrame = field(default_factory=lambda: _empty_frame(LAYER_COLUMNS))
    warnings: list = field(default_factory=list)  # Chinese / English
    repairs: pd.DataFrame = field(default_factory=lambda: _empty_frame(overlap.REPAIR_COLUMNS))


# --- small helpers -----------------------------------------------------------


def _geometry_array(values) -> np.ndarray:
    arr = np.asarray(values, dtype=object)
    out = np.empty(len(arr), dtype=object)
    for i, g in enumerate(arr):
        out[i] = g if isinstance(g, shapely.Geometry) else None
    return out


def _keep_dimension(geoms: np.ndarray, dim: int) -> np.ndarray:
    """The parts of dimension ``dim`` of each geometry (None when nothing is left)."""
    geoms = np.asarray(geoms, dtype=object)
    if dim == 2:
        return polygonal(geoms)
    out = np.full(len(geoms), None, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    simple = present & (np.asarray(shapely.get_dimensions(geoms)) == dim)
    simple &= shapely.get_type_id(geoms) != GeometryType.GEOMETRYCOLLECTION
    out[simple] = geoms[simple]
    for i in np.flatnonzero(present & ~simple):
        parts = shapely.get_parts(geoms[i])
        parts = parts[np.asarray(shapely.get_dimensions(parts)) == dim]
        if len(parts):
            out[i] = shapely.union_all(parts, grid_size=GRID_SIZE)
    return out


def _measure(geoms: np.ndarray, dim: int) -> np.ndarray:
    if len(geoms) == 0:
        return np.zeros(0)
    if dim == 2:
        return official_m2(geoms)
    if dim == 1:
        return np.nan_to_num(np.asarray(shapely.length(geoms), dtype=float))
    counts = np.asarray(shapely.get_num_geometries(geoms), dtype=float)
    counts[shapely.is_missing(geoms)] = 0.0
    return counts


def _prepare_projects(values, buffer: float) -> tuple[np.ndarray, np.ndarray]:
    """(geometries on the grid, dimension per row: 0/1/2, -1 for missing/empty).

    Collections are reduced to their highest dimension, invalid geometries are
    repaired, points and lines are buffered when ``buffer`` > 0.
    """
    geoms = _geometry_array(values)
    dim = np.asarray(shapely.get_dimensions(geoms), dtype=int)
    dim[shapely.is_missing(geoms) | shapely.is_empty(geoms)] = -1
    out = np.full(len(geoms), None, dtype=object)
    for d in (0, 1, 2):
        rows = np.flatnonzero(dim == d)
        if len(rows) == 0:
            continue
        g = _keep_dimension(geoms[rows], d) if d < 2 else polygonal(geoms[rows])
        ok = ~shapely.is_missing(g)
        bad = ok & ~shapely.is_valid(g)
        if bad.any():
            g[bad] = shapely.make_valid(g[bad])
            g = _keep_dimension(g, d)
        out[rows] = g
    if buffer and buffer > 0:
        rows = np.flatnonzero((dim == 0) | (dim == 1))
        rows = rows[~shapely.is_missing(out[rows])]
        if len(rows):
            out[rows] = shapely.buffer(out[rows], float(buffer), quad_segs=BUFFER_QUAD_SEGS)
            dim[rows] = 2
    present = np.flatnonzero(~shapely.is_missing(out))
    if len(present):
        snapped = shapely.set_precision(out[present], GRID_SIZE, mode="pointwise")
        bad = ~shapely.is_valid(snapped)
        if bad.any():
            snapped[bad] = shapely.make_valid(snapped[bad])
        for d in (0, 1, 2):
            sel = dim[present] == d
            if sel.any():
                snapped[sel] = _keep_dimension(snapped[sel], d)
        out[present] = snapped
    gone = shapely.is_missing(out) | shapely.is_empty(out)
    out[gone] = None
    dim[gone] = -1
    return out, dim


def _overlay(features: np.ndarray, zones: np.ndarray, dim: int) -> np.ndarray:
    """feature ∩ zone per pair (zones prepared), reduced to the feature's dimension."""
    out = np.empty(len(features), dtype=object)
    if len(features) == 0:
        return out
    inside = shapely.covers(zones, features)
    out[inside] = features[inside]
    rest = ~inside
    if rest.any():
        out[rest] = shapely.intersection(features[rest], zones[rest], grid_size=GRID_SIZE)
    return _keep_dimension(out, dim)


def _dissolve(rows: np.ndarray, pieces: np.ndarray, dim: int):
    """(unique rows, union of the pieces of each row)."""
    order = np.argsort(rows, kind="stable")
    rows, pieces = rows[order], pieces[order]
    uniq, starts = np.unique(rows, return_index=True)
    ends = np.append(starts[1:], len(rows))
    merged = np.empty(len(uniq), dtype=object)
    single = (ends - starts) == 1
    merged[single] = pieces[starts[single]]
    for j in np.flatnonzero(~single):
        merged[j] = shapely.union_all(pieces[starts[j] : ends[j]], grid_size=GRID_SIZE)
    return uniq, _keep_dimension(merged, dim)


def _matches_name(name: str, keywords) -> bool:
    return any(k and k in name for k in keywords)


def _short(text: str, limit: int = REASON_TEXT_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(value: float) -> str:
    return f"{value:,.1f}"


def _snap_polygons(geoms: np.ndarray) -> np.ndarray:
    """Polygons repaired and snapped to the grid (None where nothing polygonal is left).

    Like ``geometry.clean_polygons`` but fast: pointwise snapping, with GEOS's
    validity-preserving snapping only for the rare polygons pointwise snapping
    made invalid.
    """
    geoms = np.asarray(geoms, dtype=object).copy()
    geoms[shapely.is_missing(geoms) | shapely.is_empty(geoms)] = None
    present = ~shapely.is_missing(geoms)
    bad = present & ~shapely.is_valid(geoms)
    if bad.any():
        geoms[bad] = shapely.make_valid(geoms[bad])
    geoms = polygonal(geoms)
    present = np.flatnonzero(~shapely.is_missing(geoms))
    if len(present):
        snapped = shapely.set_precision(geoms[present], GRID_SIZE, mode="pointwise")
        bad = ~shapely.is_valid(snapped)
        if bad.any():
            snapped[bad] = shapely.set_precision(geoms[present][bad], GRID_SIZE)
        geoms[present] = snapped
        geoms = polygonal(geoms)
    return geoms


# --- indexes -----------------------------------------------------------------


class UnitIndex:
    """The unit layer, cleaned onto the grid, with an STRtree (build once)."""

    def __init__(self, units: pd.DataFrame, layer_name: str = ""):
        if units is None or not isinstance(units, pd.DataFrame):
            raise ComplianceError("管控单元图层不是表格数据 / The unit layer is not a table")
        for column in ("geometry", schema.UNIT_CODE):
            if column not in units.columns:
                raise ComplianceError(
                    f"管控单元图层缺少字段 {column} / The unit layer has no column {column}"
                )
        raw = _geometry_array(units["geometry"].to_numpy())
        geoms = _snap_polygons(raw)
        keep = ~shapely.is_missing(geoms)
        self.repairs = overlap.feature_repairs(layer_name, units, raw, keep)
        frame = units.loc[keep]
        self.geoms = geoms[keep]
        n = len(frame)
        self.fids = frame["fid"].to_numpy() if "fid" in frame.columns else np.flatnonzero(keep) + 1

        def column(name, default=""):
            if name in frame.columns:
                return np.array([_text(v) for v in frame[name]], dtype=object)
            return np.full(n, default, dtype=object)

        self.codes = column(schema.UNIT_CODE)
        self.names = column(schema.UNIT_NAME)
        self.counties = column(schema.UNIT_COUNTY_CODE)
        classes = (
            pd.to_numeric(frame[schema.UNIT_CLASS], errors="coerce")
            if schema.UNIT_CLASS in frame.columns
            else pd.Series(np.nan, index=frame.index)
        )
        self.classes = classes.fillna(0).astype(int).to_numpy()
        # a county code missing from the layer is read from the unit code (ZH + 6 digits)
        for i in np.flatnonzero(self.counties == ""):
            code = self.codes[i]
            if len(code) >= 8 and schema.is_county_code(code[2:8]):
                self.counties[i] = code[2:8]
        shapely.prepare(self.geoms)
        self.tree = shapely.STRtree(self.geoms)

    def __len__(self) -> int:
        return len(self.geoms)

    def at(self, geometry) -> list[str]:
        """Codes of the units a geometry intersects (no overlay: for a quick look)."""
        hits = self.tree.query(geometry, predicate="intersects")
        return [self.codes[i] for i in np.sort(hits)]


class ConstraintIndex:
    """Constraint layers prepared as in ``overlap`` (buffered, on the grid, STRtree)."""

    def __init__(self, constraints=()):
        constraints = list(constraints or [])
        names = [c.name for c in constraints]
        if len(set(names)) != len(names):
            raise ComplianceError("约束图层名称重复 / Constraint layer names must be unique")
        self.names: list[str] = []
        self.roles: list[str] = []
        self.guessed: list[bool] = []
        self.explicit: list[str | None] = []
        self.layers: list[tuple[np.ndarray, shapely.STRtree | None]] = []
        self.repairs = _concat_repairs([overlap.constraint_repairs(c) for c in constraints])
        for c in constraints:
            key, guessed = roles.resolve(c.name, c.role)
            self.explicit.append(c.role)
            self.roles.append(key)
            self.guessed.append(guessed)
            try:
                polys = overlap._constraint_polygons(c)  # same rules as the overlap tool
            except overlap.OverlapError as exc:
                raise ComplianceError(str(exc)) from exc
            polys = np.asarray(polys, dtype=object)
            if len(polys):
                shapely.prepare(polys)
            self.names.append(c.name)
            self.layers.append((polys, shapely.STRtree(polys) if len(polys) else None))

    def table(self) -> pd.DataFrame:
        """One row per constraint layer: its role, whether guessed, the consequence."""
        rows = [roles.describe(name, key) for name, key in zip(self.names, self.explicit)]
        return pd.DataFrame(rows, columns=LAYER_COLUMNS)

    def warnings(self) -> list[str]:
        return [
            f"约束图层“{name}”的角色未指定（无法从名称判断），占用该图层的项目结论为待补充信息，"
            f"请指定其角色 / constraint layer '{name}': role unknown (not recognised from its "
            "name); projects on it are concluded 待补充信息 until its role is set"
            for name, key in zip(self.names, self.roles)
            if key == roles.UNKNOWN
        ]


class AccessIndex:
    """The access list and regions, prepared for repeated lookups (build once)."""

    REQUIRED = (schema.REQ_SCOPE_LEVEL, schema.REQ_SCOPE_CODE, schema.REQ_TEXT)

    def __init__(
        self,
        requirements: pd.DataFrame | None = None,
        regions: pd.DataFrame | None = None,
        industry_table: IndustryTable | None = None,
        region_layer: str = "",
    ):
        self.industry = industry_table or default_table()
        self.repairs = _concat_repairs([])
        if requirements is None:
            requirements = access_list.empty_requirements()
        if not isinstance(requirements, pd.DataFrame):
            raise ComplianceError("准入清单不是表格数据 / The access list is not a table")
        missing = [c for c in self.REQUIRED if c not in requirements.columns]
        if missing and len(requirements):
            raise ComplianceError(
                f"准入清单缺少字段 {', '.join(missing)} / "
                f"The access list lacks columns {', '.join(missing)}"
            )
        req = requirements.reset_index(drop=True).copy()
        for name in schema.field_names(schema.ACCESS_LIST_FIELDS):
            if name not in req.columns:
                req[name] = None
        ids = [_text(v) for v in req[schema.REQ_ID]]
        req[schema.REQ_ID] = [v or f"R{n + 1}" for n, v in enumerate(ids)]
        req["_row"] = np.arange(len(req))
        self.requirements = req
        self.ids = np.array(req[schema.REQ_ID].tolist(), dtype=object)
        self._scope = np.array([_text(v) for v in req[schema.REQ_SCOPE_CODE]], dtype=object)
        level = np.array([_text(v) for v in req[schema.REQ_SCOPE_LEVEL]], dtype=object)
        status = np.array([_text(v) for v in req[schema.REQ_STATUS]], dtype=object)
        class_filter = (
            pd.to_numeric(req[schema.REQ_CLASS_FILTER], errors="coerce")
            .fillna(schema.CLASS_FILTER_ALL)
            .astype(int)
            .to_numpy()
        )
        is_unit = level == access_list.LEVEL_UNIT
        # rows of every level above 单元, by scope code (candidates for effective_requirements)
        self._by_scope: dict[str, np.ndarray] = {}
        shared = np.flatnonzero(~is_unit)
        if len(shared):
            order = shared[np.argsort(self._scope[shared], kind="stable")]
            keys, starts = np.unique(self._scope[order], return_index=True)
            ends = np.append(starts[1:], len(order))
            for key, s, e in zip(keys, starts, ends):
                self._by_scope[key] = order[s:e]
        # 单元 rows per unit code, already in the list's order (PX, then id) — the same
        # selection and order as access_list.effective_requirements (see the tests)
        self._by_unit: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        unit_rows = np.flatnonzero(is_unit & (status != access_list.STATUS_REPEALED))
        if len(unit_rows):
            keys = pd.DataFrame(
                {
                    "scope": self._scope[unit_rows],
                    "order": pd.to_numeric(
                        req[schema.REQ_ORDER].iloc[unit_rows], errors="coerce"
                    ).to_numpy(),
                    "id": self.ids[unit_rows],
                    "row": unit_rows,
                }
            ).sort_values(["scope", "order", "id"], kind="stable", na_position="last")
            rows = keys["row"].to_numpy(dtype=int)
            scopes = keys["scope"].to_numpy()
            uniq, starts = np.unique(scopes, return_index=True)
            ends = np.append(starts[1:], len(rows))
            for key, s, e in zip(uniq, starts, ends):
                self._by_unit[key] = (rows[s:e], class_filter[rows[s:e]])
        self.industry_codes = [access_list.split_codes(v) for v in req[schema.REQ_INDUSTRIES]]
        kinds = []
        for kind, text in zip(req[schema.REQ_KIND], req[schema.REQ_TEXT]):
            kind = _text(kind)
            kinds.append(kind if kind in schema.REQ_KINDS_ZH else infer_kind(text))
        self.kinds = np.array(kinds, dtype=object)
        self.texts = np.array([_text(v) for v in req[schema.REQ_TEXT]], dtype=object)
        self.levels = level
        self.dimensions = np.array([_text(v) for v in req[schema.REQ_DIMENSION]], dtype=object)
        self.codes_text = np.array([",".join(c) for c in self.industry_codes], dtype=object)
        self._unit_cache: dict[tuple, np.ndarray] = {}
        self._shared_cache: dict[tuple, np.ndarray] = {}
        self._region_cache: dict[tuple, np.ndarray] = {}
        self._match_cache: dict[tuple, list[str]] = {}

        self.regions = regions if isinstance(regions, pd.DataFrame) else None
        if self.regions is not None:
            for column in (access_list.REGION_ID,):
                if column not in self.regions.columns:
                    raise ComplianceError(
                        f"区域表缺少字段 {column} / The region table has no column {column}"
                    )
        self._region_geoms = None
        self._region_ids: list[str] = []
        self._region_tree = None
        if self.regions is not None and "geometry" in self.regions.columns:
            geoms = _geometry_array(self.regions["geometry"].to_numpy())
            present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
            self.repairs = overlap.feature_repairs(region_layer, self.regions, geoms, present)
            if present.any():
                g = geoms[present]
                bad = ~shapely.is_valid(g)
                if bad.any():
                    g[bad] = shapely.make_valid(g[bad])
                shapely.prepare(g)
                self._region_geoms = g
                self._region_ids = [
                    _text(v) for v in self.regions.loc[present, access_list.REGION_ID]
                ]
                self._region_tree = shapely.STRtree(g)

    # rows ------------------------------------------------------------------

    def _candidates(self, codes) -> pd.DataFrame:
        rows = [self._by_scope[c] for c in codes if c in self._by_scope]
        if not rows:
            return self.requirements.iloc[0:0]
        return self.requirements.iloc[np.unique(np.concatenate(rows))]

    def _shared_rows(self, unit_class: int, county: str, regions: frozenset) -> np.ndarray:
        """Rows of the levels above 单元 (province … class) for a scope (cached)."""
        key = (unit_class, county, regions)
        cached = self._shared_cache.get(key)
        if cached is not None:
            return cached
        province = access_list.province_code(county)
        codes = {province, province[:2], access_list.city_code(county), county, *regions}
        scope = access_list.UnitScope("", unit_class, county, regions)
        found = access_list.effective_requirements(self._candidates(codes), scope)
        if len(found):
            found = found[found["level_rank"] < access_list.LEVEL_ORDER[access_list.LEVEL_UNIT]]
        rows = found["_row"].to_numpy(dtype=int) if len(found) else np.zeros(0, dtype=int)
        self._shared_cache[key] = rows
        return rows

    def unit_rows(self, unit_code: str, unit_class: int, county: str) -> np.ndarray:
        """Row numbers of the unit's effective list, in order (cached).

        Same rows and order as ``access_list.effective_requirements`` for the unit
        (regions by membership): the levels above 单元 come from that function
        (cached per county, class and regions), the 单元 rows are appended.
        """
        key = (unit_code, unit_class, county)
        cached = self._unit_cache.get(key)
        if cached is not None:
            return cached
        regions = frozenset(access_list.regions_by_membership(self.regions, unit_code, county))
        rows = self._shared_rows(unit_class, county, regions)
        own = self._by_unit.get(unit_code)
        if own is not None:
            keep = (own[1] == schema.CLASS_FILTER_ALL) | (own[1] == unit_class)
            rows = np.concatenate([rows, own[0][keep]])
        self._unit_cache[key] = rows
        return rows

    def regions_at(self, geometry) -> list[str]:
        """Ids of the regions with a geometry that ``geometry`` reaches into."""
        if self._region_tree is None or geometry is None:
            return []
        hits = np.sort(self._region_tree.query(geometry, predicate="intersects"))
        return list(dict.fromkeys(self._region_ids[i] for i in hits))

    def region_rows(self, region_ids, classes) -> np.ndarray:
        """Row numbers of the 区域 requirements of those regions (class filters per class)."""
        if not region_ids:
            return np.zeros(0, dtype=int)
        regions = frozenset(region_ids)
        rows: list[int] = []
        for unit_class in sorted(set(classes) | {schema.CLASS_FILTER_ALL}):
            key = (regions, unit_class)
            found = self._region_cache.get(key)
            if found is None:
                scope = access_list.UnitScope("", unit_class, "", regions)
                frame = access_list.effective_requirements(self._candidates(regions), scope)
                if len(frame):
                    frame = frame[frame[schema.REQ_SCOPE_LEVEL].astype(str).str.strip() == "区域"]
                found = frame["_row"].to_numpy(dtype=int) if len(frame) else np.zeros(0, int)
                self._region_cache[key] = found
            rows.extend(int(r) for r in found)
        return np.array(list(dict.fromkeys(rows)), dtype=int)

    # findings --------------------------------------------------------------

    def finding(self, row: int, industry: str | None) -> tuple[str, list[str]]:
        codes = self.industry_codes[row]
        if not codes or industry is None:
            return FINDING_MANUAL, []
        key = (row, industry)
        matched = self._match_cache.get(key)
        if matched is None:
            matched = self.industry.matches_any(codes, industry)
            self._match_cache[key] = matched
        if not matched:
            return FINDING_NA, []
        kind = self.kinds[row]
        if kind == KIND_FORBID:
            return FINDING_VIOLATION, matched
        if kind == KIND_LIMIT:
            return FINDING_ARGUE, matched
        if kind in (KIND_ALLOW, KIND_ENCOURAGE):
            return FINDING_OK, matched
        return FINDING_MANUAL, matched


class ComplianceIndex:
    """Everything ``assess`` prepares, built once (for a map-click tool)."""

    def __init__(
        self,
        units: pd.DataFrame | UnitIndex,
        requirements: pd.DataFrame | None = None,
        regions: pd.DataFrame | None = None,
        constraints=(),
        industry_table: IndustryTable | None = None,
        unit_layer: str = "",
    ):
        self.industry = industry_table or default_table()
        self.units = units if isinstance(units, UnitIndex) else UnitIndex(units, unit_layer)
        self.access = AccessIndex(requirements, regions, self.industry)
        self.constraints = (
            constraints
            if isinstance(constraints, ConstraintIndex)
            else ConstraintIndex(constraints)
        )


# --- the engine --------------------------------------------------------------


def _concat_repairs(frames) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=overlap.REPAIR_COLUMNS)
    return pd.concat(frames, ignore_index=True)[overlap.REPAIR_COLUMNS]


def _empty_frame(columns, floats=(), bools=()) -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    for c in floats:
        out[c] = out[c].astype(float)
    for c in bools:
        out[c] = out[c].astype(bool)
    return out


def _project_industry(value, default, table: IndustryTable):
    """(normalised code or None, raw text, problem zh, problem en)."""
    raw = _text(value)
    if not raw and default is not None:
        raw = _text(default)
    if not raw:
        return None, "", "未填写行业代码", "industry code missing"
    code = table.normalise(raw)
    if code is None or not table.is_known(code):
        return (
            None,
            raw,
            f"行业代码“{raw}”不在 GB/T 4754-2017 中",
            f"industry code '{raw}' is not in GB/T 4754-2017",
        )
    return code, raw, None, None


def assess(
    inp: ComplianceInput,
    progress=None,
    is_cancelled=None,
    index: ComplianceIndex | UnitIndex | None = None,
) -> ComplianceResult:
    """Assess every project (see the module docstring for the rules).

    ``index``: a prebuilt ``ComplianceIndex`` (its units, access list, regions and
    constraints are used instead of the input's) or a ``UnitIndex`` (units only).
    ``progress(percent)`` is called with 0..100; ``Cancelled`` is raised when
    ``is_cancelled()`` returns True.
    """

    def check_cancel():
        if is_cancelled is not None and is_cancelled():
            raise Cancelled()

    def report(pct):
        if progress is not None:
            progress(pct)

    projects = inp.projects
    if projects is None or not isinstance(projects, pd.DataFrame):
        raise ComplianceError("项目图层不是表格数据 / The project layer is not a table")
    if "geometry" not in projects.columns:
        raise ComplianceError("项目图层缺少几何字段 geometry / The project layer has no geometry")
    if inp.buffer is not None and inp.buffer < 0:
        raise ComplianceError("缓冲距离不能为负 / The buffer must not be negative")

    report(0.0)
    table = inp.industry_table
    if isinstance(index, ComplianceIndex):
        table = table or index.industry
        units = index.units
        access = index.access
        cindex = index.constraints
    else:
        table = table or default_table()
        units = index if isinstance(index, UnitIndex) else UnitIndex(inp.units, inp.unit_layer)
        access = AccessIndex(inp.requirements, inp.regions, table, inp.region_layer)
        cindex = ConstraintIndex(inp.constraints)
    check_cancel()
    report(10.0)

    n = len(projects)
    fids = projects["fid"].to_numpy() if "fid" in projects.columns else np.arange(1, n + 1)
    names = [_text(v) for v in projects["name"]] if "name" in projects.columns else [""] * n
    industries = projects["industry"].tolist() if "industry" in projects.columns else [None] * n
    raw = _geometry_array(projects["geometry"].to_numpy())
    geoms, dim = _prepare_projects(raw, inp.buffer or 0.0)
    repairs = _concat_repairs(
        [
            overlap.feature_repairs(inp.project_layer, projects, raw, dim >= 0),
            units.repairs,
            access.repairs,
            cindex.repairs,
        ]
    )
    size = np.zeros(n)
    for d in (0, 1, 2):
        sel = dim == d
        size[sel] = _measure(geoms[sel], d)
    present = np.flatnonzero(dim >= 0)

    # projects × units ------------------------------------------------------
    pi, ui = units.tree.query(geoms[present], predicate="intersects")
    pi = present[pi]
    unit_rows = []
    covered = np.zeros(n)
    hits_by_project: dict[int, list[tuple[int, float]]] = {}
    for d in (0, 1, 2):
        sel = dim[pi] == d
        if not sel.any():
            continue
        p, u = pi[sel], ui[sel]
        pieces = _overlay(geoms[p], units.geoms[u], d)
        measure = _measure(pieces, d)
        ok = measure > 0
        p, u, pieces, measure = p[ok], u[ok], pieces[ok], measure[ok]
        if len(p) == 0:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(size[p] > 0, np.minimum(100.0 * measure / size[p], 100.0), 0.0)
        uniq, merged = _dissolve(p, pieces, d)
        covered[uniq] = _measure(merged, d)
        for k in range(len(p)):
            hits_by_project.setdefault(int(p[k]), []).append((int(u[k]), float(share[k])))
        unit_rows.append(
            pd.DataFrame(
                {
                    "project_fid": fids[p],
                    "project_name": [names[i] for i in p],
                    "unit_code": units.codes[u],
                    "unit_name": units.names[u],
                    "unit_class": units.classes[u],
                    "overlap_area_m2": measure if d == 2 else np.nan,
                    "overlap_length_m": measure if d == 1 else np.nan,
                    "share_pct": share,
                    "geometry": pieces,
                    "_p": p,
                }
            )
        )
    check_cancel()
    report(40.0)
    if unit_rows:
        units_out = pd.concat(unit_rows, ignore_index=True)
        units_out = units_out.sort_values(
            ["_p", "share_pct"], ascending=[True, False], kind="stable"
        )
        units_out = units_out[UNIT_COLUMNS].reset_index(drop=True)
        units_out["unit_class"] = units_out["unit_class"].astype(int)
    else:
        units_out = _empty_frame(
            UNIT_COLUMNS, floats=("overlap_area_m2", "overlap_length_m", "share_pct")
        )

    outside_measure = np.where(dim >= 0, np.maximum(size - covered, 0.0), np.nan)
    perimeter = np.zeros(n)
    perimeter[dim == 2] = shapely.length(geoms[dim == 2])
    tolerance = np.where(dim == 2, perimeter * GRID_SIZE, 10 * GRID_SIZE)
    tolerance[dim == 0] = 0.5
    outside = (dim >= 0) & (outside_measure > tolerance)
    outside_measure = np.where(outside, outside_measure, np.where(dim >= 0, 0.0, np.nan))

    # projects × constraint layers -----------------------------------------
    constraint_rows = []
    hit_layers: dict[int, list[tuple[str, float, int, str]]] = {}
    for name, role_key, (polys, tree) in zip(cindex.names, cindex.roles, cindex.layers):
        check_cancel()
        measure_by_row: dict[int, tuple[float, object]] = {}
        if tree is not None and len(present):
            fi, ci = tree.query(geoms[present], predicate="intersects")
            rows = present[fi]
            for d in (0, 1, 2):
                sel = dim[rows] == d
                if not sel.any():
                    continue
                uniq, merged = overlap.inside_once(
                    geoms, rows[sel], polys, ci[sel], d, check_cancel
                )
                values = _measure(merged, d)
                for row, value, geom in zip(uniq, values, merged):
                    if value > 0:
                        measure_by_row[int(row)] = (float(value), geom)
        areas, lengths, inside, pieces_out = [], [], [], []
        for row in present:
            value, geom = measure_by_row.get(int(row), (0.0, None))
            d = dim[row]
            areas.append(value if d == 2 else np.nan)
            lengths.append(value if d == 1 else np.nan)
            inside.append(value > 0)
            pieces_out.append(geom)
            if value > 0:
                hit_layers.setdefault(int(row), []).append((name, value, int(d), role_key))
        constraint_rows.append(
            pd.DataFrame(
                {
                    "project_fid": fids[present],
                    "constraint": name,
                    "role": roles.role(role_key).label_zh,
                    "consequence": roles.role(role_key).consequence_zh,
                    "overlap_area_m2": np.asarray(areas, dtype=float),
                    "overlap_length_m": np.asarray(lengths, dtype=float),
                    "inside": np.asarray(inside, dtype=bool),
                    "geometry": pieces_out,
                    "_p": present,
                }
            )
        )
    if constraint_rows:
        constraints_out = pd.concat(constraint_rows, ignore_index=True)
        constraints_out = constraints_out.sort_values("_p", kind="stable")[CONSTRAINT_COLUMNS]
        constraints_out = constraints_out.reset_index(drop=True)
    else:
        constraints_out = _empty_frame(
            CONSTRAINT_COLUMNS, floats=("overlap_area_m2", "overlap_length_m"), bools=("inside",)
        )
    check_cancel()
    report(60.0)

    # requirements, findings and conclusions -------------------------------
    parts_project: list[np.ndarray] = []
    parts_unit: list[np.ndarray] = []
    parts_row: list[np.ndarray] = []
    parts_finding: list[list[str]] = []
    parts_matched: list[list[str]] = []
    project_records = []
    for i in range(n):
        if i % 50 == 0:
            check_cancel()
            report(60.0 + 40.0 * i / max(n, 1))
        code, raw, problem_zh, problem_en = _project_industry(
            industries[i], inp.default_industry, table
        )
        messages_zh, messages_en = [], []
        if dim[i] < 0:
            messages_zh.append("项目几何为空")
            messages_en.append("empty geometry")
        if problem_zh:
            messages_zh.append(problem_zh)
            messages_en.append(problem_en)
        hits = sorted(hits_by_project.get(i, []), key=lambda h: -h[1])
        if dim[i] >= 0 and not hits:
            messages_zh.append("项目不在任何环境管控单元内")
            messages_en.append("the project lies in no environmental control unit")
        elif outside[i]:
            if dim[i] == 2:
                what = f"{_fmt(outside_measure[i])} m²"
            elif dim[i] == 1:
                what = f"{_fmt(outside_measure[i])} m"
            else:
                what = f"{int(round(outside_measure[i]))} 个点"
            messages_zh.append(f"部分位于管控单元覆盖范围之外（{what}）")
            messages_en.append("partly outside the units' coverage")

        row_parts, unit_parts = [], []
        seen_units: set[int] = set()
        for u, _share in hits:
            if u in seen_units:
                continue
            seen_units.add(u)
            rows = access.unit_rows(units.codes[u], int(units.classes[u]), units.counties[u])
            row_parts.append(rows)
            unit_parts.append(np.full(len(rows), units.codes[u], dtype=object))
        region_ids = access.regions_at(geoms[i]) if dim[i] >= 0 else []
        if region_ids:
            classes = {int(units.classes[u]) for u, _ in hits}
            rows = access.region_rows(region_ids, classes)
            if row_parts:
                rows = rows[~np.isin(rows, np.concatenate(row_parts))]
            row_parts.append(rows)
            unit_parts.append(np.full(len(rows), "", dtype=object))
        rows = np.concatenate(row_parts) if row_parts else np.zeros(0, dtype=int)
        unit_of_row = np.concatenate(unit_parts) if unit_parts else np.zeros(0, dtype=object)
        results = [access.finding(int(r), code) for r in rows]
        finding_list = [f for f, _ in results]
        matched_list = [m for _, m in results]
        findings = list(zip(finding_list, unit_of_row, rows.tolist(), matched_list))
        parts_project.append(np.full(len(rows), i, dtype=int))
        parts_unit.append(unit_of_row)
        parts_row.append(rows)
        parts_finding.append(finding_list)
        parts_matched.append([",".join(m) for m in matched_list])

        layers = hit_layers.get(i, [])
        conclusion, reasons = _conclude(
            findings,
            layers,
            access,
            incomplete=bool(messages_zh and (dim[i] < 0 or problem_zh or not hits)),
            messages_zh=messages_zh,
        )
        if outside[i] and hits:
            reasons.append(messages_zh[-1])
        message = ""
        if messages_zh:
            message = "；".join(messages_zh) + " / " + "; ".join(messages_en)
        project_records.append(
            {
                "project_fid": fids[i],
                "project_name": names[i],
                "industry": code if code is not None else raw,
                "industry_name": table.name(code) if code is not None else "",
                "conclusion": conclusion,
                "reasons": "\n".join(reasons),
                "message": message,
                "outside_coverage_area_m2": outside_measure[i] if dim[i] == 2 else np.nan,
                "outside_coverage_length_m": outside_measure[i] if dim[i] == 1 else np.nan,
                "outside": bool(outside[i]) or (dim[i] >= 0 and not hits),
                "unit_codes": ",".join(dict.fromkeys(units.codes[u] for u, _ in hits)),
            }
        )
    all_rows = np.concatenate(parts_row).astype(int) if parts_row else np.zeros(0, dtype=int)
    requirements_out = pd.DataFrame(
        {
            "project_fid": fids[np.concatenate(parts_project)] if parts_row else [],
            "unit_code": np.concatenate(parts_unit) if parts_row else [],
            "level": access.levels[all_rows],
            "scope_code": access._scope[all_rows],
            "dimension": access.dimensions[all_rows],
            "kind": access.kinds[all_rows],
            "text": access.texts[all_rows],
            "industry_codes": access.codes_text[all_rows],
            "matched_codes": [m for part in parts_matched for m in part],
            "finding": [f for part in parts_finding for f in part],
            "requirement_id": access.ids[all_rows],
        },
        columns=REQUIREMENT_COLUMNS,
    )
    projects_out = (
        pd.DataFrame(project_records, columns=PROJECT_COLUMNS)
        if project_records
        else _empty_frame(
            PROJECT_COLUMNS,
            floats=("outside_coverage_area_m2", "outside_coverage_length_m"),
            bools=("outside",),
        )
    )
    report(100.0)
    return ComplianceResult(
        units=units_out,
        constraints=constraints_out,
        requirements=requirements_out,
        projects=projects_out,
        layers=cindex.table(),
        warnings=cindex.warnings(),
        repairs=repairs,
    )


def _layer_text(name, value, d, verb="占用"):
    if d == 2:
        return f"{verb}{name} {_fmt(value)} m²"
    if d == 1:
        return f"{verb}{name} {_fmt(value)} m"
    return f"位于{name}内"


def _role_text(layer) -> str:
    name, value, d, key = layer
    role = roles.role(key)
    return f"{_layer_text(name, value, d)}（{role.label_zh}，{role.consequence_zh}）"


def _conclude(findings, layers, access, incomplete, messages_zh):
    """(conclusion, reasons) for one project; ``layers``: (name, measure, dim, role key)."""

    def describe(finding_row):
        _finding, unit_code, row, matched = finding_row
        where = unit_code or f"区域 {access._scope[row]}"
        codes = f"（行业代码 {','.join(matched)}）" if matched else ""
        return f"{where} {access.dimensions[row]}：{_short(access.texts[row])}{codes}"

    def with_effect(effect):
        return [x for x in layers if roles.role(x[3]).effect == effect]

    info = [f"{_role_text(x)}" for x in with_effect(roles.EFFECT_INFO)]
    violations = [f for f in findings if f[0] == FINDING_VIOLATION]
    forbidden_hits = with_effect(roles.EFFECT_FORBID)
    if violations or forbidden_hits:
        reasons = [f"禁止类要求：{describe(f)}" for f in violations]
        reasons += [_role_text(x) for x in forbidden_hits]
        return CONCLUSION_NO, reasons + info
    argue = [f for f in findings if f[0] == FINDING_ARGUE]
    conditional_hits = with_effect(roles.EFFECT_LIMIT)
    if argue or conditional_hits:
        reasons = [f"限制类要求，需进一步论证：{describe(f)}" for f in argue]
        reasons += [_role_text(x) + "，需依法论证" for x in conditional_hits]
        return CONCLUSION_CONDITIONAL, reasons + info
    unknown = with_effect(roles.EFFECT_UNKNOWN)
    if incomplete or unknown:
        reasons = list(messages_zh) if incomplete else []
        reasons += [
            f"{_layer_text(x[0], x[1], x[2])}，该约束图层角色未指定，请指定其角色后重新研判"
            for x in unknown
        ]
        return CONCLUSION_INCOMPLETE, reasons + info
    manual = sum(1 for f in findings if f[0] == FINDING_MANUAL)
    reasons = ["未命中禁止类、限制类要求，未占用禁止或限制类约束图层"]
    ok = [f for f in findings if f[0] == FINDING_OK]
    reasons += [f"允许/鼓励类要求：{describe(f)}" for f in ok]
    if manual:
        reasons.append(f"另有 {manual} 条要求需人工核对")
    return CONCLUSION_OK, reasons + info


def quick_check(
    index: ComplianceIndex | UnitIndex,
    geometry,
    industry=None,
    requirements: pd.DataFrame | None = None,
    regions: pd.DataFrame | None = None,
    constraints=None,
    *,
    buffer: float = 0.0,
    name: str = "",
    fid: int = 1,
    default_industry: str | None = None,
    industry_table: IndustryTable | None = None,
) -> ComplianceResult:
    """Assess one geometry (a map click) against prebuilt indexes.

    With a ``ComplianceIndex`` the other data arguments are ignored (the index
    holds them); with a ``UnitIndex`` the access list, regions and constraints
    given here are prepared on each call (slower for large constraint layers).
    """
    projects = pd.DataFrame(
        {"fid": [fid], "name": [name], "industry": [industry], "geometry": [geometry]}
    )
    if isinstance(index, UnitIndex) and (
        requirements is not None or regions is not None or constraints
    ):
        index = ComplianceIndex(
            index, requirements, regions, constraints or (), industry_table=industry_table
        )
    inp = ComplianceInput(
        projects=projects,
        units=None,
        requirements=None,
        regions=None,
        constraints=[],
        buffer=buffer,
        default_industry=default_industry,
        industry_table=industry_table,
    )
    return assess(inp, index=index)


def project_rows(frame: pd.DataFrame) -> list[Project]:
    """The input projects as ``Project`` records (for callers that want objects)."""
    out = []
    for n, row in enumerate(frame.itertuples(index=False)):
        data = row._asdict()
        out.append(
            Project(
                fid=data.get("fid", n + 1),
                name=_text(data.get("name")),
                industry=_text(data.get("industry")) or None,
                geometry=data.get("geometry"),
            )
        )
    return out
