"""The access list and regions, prepared for repeated lookups (``AccessIndex``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import access as access_list
from .. import schema
from ..access import infer_kind
from ..access.effective import effective_rows, scope_columns
from ..geometry import group_bounds
from ..geometry.arrays import geometry_array, repair_invalid
from ..industry import IndustryTable, default_table
from ..overlap import feature_repairs
from .inputs import text
from .model import (
    FINDING_ARGUE,
    FINDING_MANUAL,
    FINDING_NA,
    FINDING_OK,
    FINDING_VIOLATION,
    KIND_ALLOW,
    KIND_ENCOURAGE,
    KIND_FORBID,
    KIND_LIMIT,
    ComplianceError,
    concat_repairs,
)

REQUIRED = (schema.REQ_SCOPE_LEVEL, schema.REQ_SCOPE_CODE, schema.REQ_TEXT)


def _texts(values) -> np.ndarray:
    return np.array([text(v) for v in values], dtype=object)


def _requirements_table(requirements) -> pd.DataFrame:
    """The list with every access-list column, an id on every row and its row number."""
    if requirements is None:
        requirements = access_list.empty_requirements()
    if not isinstance(requirements, pd.DataFrame):
        raise ComplianceError("准入清单不是表格数据 / The access list is not a table")
    missing = [c for c in REQUIRED if c not in requirements.columns]
    if missing and len(requirements):
        raise ComplianceError(
            f"准入清单缺少字段 {', '.join(missing)} / "
            f"The access list lacks columns {', '.join(missing)}"
        )
    req = requirements.reset_index(drop=True).copy()
    for name in schema.field_names(schema.ACCESS_LIST_FIELDS):
        if name not in req.columns:
            req[name] = None
    ids = [text(v) for v in req[schema.REQ_ID]]
    req[schema.REQ_ID] = [v or f"R{n + 1}" for n, v in enumerate(ids)]
    req["_row"] = np.arange(len(req))
    return req


def _rows_by_scope(scopes: np.ndarray, shared: np.ndarray) -> dict[str, np.ndarray]:
    """Rows of every level above 单元, by scope code (candidates for effective_requirements)."""
    out: dict[str, np.ndarray] = {}
    if len(shared):
        order = shared[np.argsort(scopes[shared], kind="stable")]
        keys, starts, ends = group_bounds(scopes[order])
        for key, s, e in zip(keys, starts, ends):
            out[key] = order[s:e]
    return out


def _rows_by_unit(req, scopes, ids, unit_rows, class_filter) -> dict:
    """单元 rows per unit code, already in the list's order (PX, then id), with their class
    filters — the same selection and order as access_list.effective_requirements."""
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if len(unit_rows) == 0:
        return out
    keys = pd.DataFrame(
        {
            "scope": scopes[unit_rows],
            "order": pd.to_numeric(
                req[schema.REQ_ORDER].iloc[unit_rows], errors="coerce"
            ).to_numpy(),
            "id": ids[unit_rows],
            "row": unit_rows,
        }
    ).sort_values(["scope", "order", "id"], kind="stable", na_position="last")
    rows = keys["row"].to_numpy(dtype=int)
    uniq, starts, ends = group_bounds(keys["scope"].to_numpy())
    for key, s, e in zip(uniq, starts, ends):
        out[key] = (rows[s:e], class_filter[rows[s:e]])
    return out


def _kinds(req: pd.DataFrame) -> np.ndarray:
    """Each row's kind; an empty or unknown kind is inferred from the text (as on import)."""
    kinds = []
    for kind, value in zip(req[schema.REQ_KIND], req[schema.REQ_TEXT]):
        kind = text(kind)
        kinds.append(kind if kind in schema.REQ_KINDS_ZH else infer_kind(value))
    return np.array(kinds, dtype=object)


def _class_filter(req: pd.DataFrame) -> np.ndarray:
    return (
        pd.to_numeric(req[schema.REQ_CLASS_FILTER], errors="coerce")
        .fillna(schema.CLASS_FILTER_ALL)
        .astype(int)
        .to_numpy()
    )


class _Regions:
    """The region table and, where it has geometries, an STRtree over them."""

    def __init__(self, regions, layer_name: str):
        self.table = regions if isinstance(regions, pd.DataFrame) else None
        self.repairs = concat_repairs([])
        self.geoms, self.ids, self.tree = None, [], None
        if self.table is None:
            return
        if access_list.REGION_ID not in self.table.columns:
            raise ComplianceError(
                f"区域表缺少字段 {access_list.REGION_ID} / "
                f"The region table has no column {access_list.REGION_ID}"
            )
        if "geometry" in self.table.columns:
            self._index(layer_name)

    def _index(self, layer_name: str) -> None:
        geoms = geometry_array(self.table["geometry"].to_numpy())
        present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        self.repairs = feature_repairs(layer_name, self.table, geoms, present)
        if not present.any():
            return
        g = repair_invalid(geoms[present])
        shapely.prepare(g)
        self.geoms = g
        self.ids = [text(v) for v in self.table.loc[present, access_list.REGION_ID]]
        self.tree = shapely.STRtree(g)


class AccessIndex:
    """The access list and regions, prepared for repeated lookups (build once)."""

    REQUIRED = REQUIRED

    def __init__(
        self,
        requirements: pd.DataFrame | None = None,
        regions: pd.DataFrame | None = None,
        industry_table: IndustryTable | None = None,
        region_layer: str = "",
    ):
        self.industry = industry_table or default_table()
        req = _requirements_table(requirements)
        self.requirements = req
        self.ids = np.array(req[schema.REQ_ID].tolist(), dtype=object)
        self._scope = _texts(req[schema.REQ_SCOPE_CODE])
        self.levels = _texts(req[schema.REQ_SCOPE_LEVEL])
        status = _texts(req[schema.REQ_STATUS])
        is_unit = self.levels == access_list.LEVEL_UNIT
        self._by_scope = _rows_by_scope(self._scope, np.flatnonzero(~is_unit))
        unit_rows = np.flatnonzero(is_unit & (status != access_list.STATUS_REPEALED))
        self._by_unit = _rows_by_unit(req, self._scope, self.ids, unit_rows, _class_filter(req))
        self.industry_codes = [access_list.split_codes(v) for v in req[schema.REQ_INDUSTRIES]]
        self.kinds = _kinds(req)
        self.texts = _texts(req[schema.REQ_TEXT])
        self.dimensions = _texts(req[schema.REQ_DIMENSION])
        self.codes_text = np.array([",".join(c) for c in self.industry_codes], dtype=object)
        self._columns = scope_columns(req)
        self._unit_cache: dict[tuple, np.ndarray] = {}
        self._shared_cache: dict[tuple, np.ndarray] = {}
        self._region_cache: dict[tuple, np.ndarray] = {}
        self._match_cache: dict[tuple, list[str]] = {}
        found = _Regions(regions, region_layer)
        self.regions, self.repairs = found.table, found.repairs
        self._region_geoms, self._region_ids, self._region_tree = found.geoms, found.ids, found.tree

    @property
    def scopes(self) -> np.ndarray:
        """The scope code of each row."""
        return self._scope

    # rows ------------------------------------------------------------------

    def _candidates(self, codes) -> np.ndarray:
        rows = [self._by_scope[c] for c in codes if c in self._by_scope]
        return np.concatenate(rows) if rows else np.zeros(0, dtype=int)

    def _effective(self, codes, scope) -> np.ndarray:
        """``access_list.effective_requirements`` of the rows under ``codes``: row numbers."""
        found = effective_rows(self._columns, scope, self._candidates(codes))
        if self._columns.key is None:  # ids of mixed types: the pandas sort decides
            frame = access_list.effective_requirements(self.requirements.iloc[found], scope)
            found = frame["_row"].to_numpy(dtype=int)
        return found

    def _shared_rows(self, unit_class: int, county: str, regions: frozenset) -> np.ndarray:
        """Rows of the levels above 单元 (province … class) for a scope (cached)."""
        key = (unit_class, county, regions)
        cached = self._shared_cache.get(key)
        if cached is not None:
            return cached
        province = access_list.province_code(county)
        codes = {province, province[:2], access_list.city_code(county), county, *regions}
        scope = access_list.UnitScope("", unit_class, county, regions)
        rows = self._effective(codes, scope)
        rows = rows[self._columns.rank[rows] < access_list.LEVEL_ORDER[access_list.LEVEL_UNIT]]
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

    def _region_class_rows(self, regions: frozenset, unit_class: int) -> np.ndarray:
        """The 区域 rows of those regions for one unit class (cached)."""
        key = (regions, unit_class)
        found = self._region_cache.get(key)
        if found is None:
            scope = access_list.UnitScope("", unit_class, "", regions)
            found = self._effective(regions, scope)
            found = found[self._columns.level[found] == access_list.LEVEL_REGION]
            self._region_cache[key] = found
        return found

    def region_rows(self, region_ids, classes) -> np.ndarray:
        """Row numbers of the 区域 requirements of those regions (class filters per class)."""
        if not region_ids:
            return np.zeros(0, dtype=int)
        regions = frozenset(region_ids)
        rows: list[int] = []
        for unit_class in sorted(set(classes) | {schema.CLASS_FILTER_ALL}):
            rows.extend(int(r) for r in self._region_class_rows(regions, unit_class))
        return np.array(list(dict.fromkeys(rows)), dtype=int)

    # findings --------------------------------------------------------------

    def _matched(self, row: int, industry: str) -> list[str]:
        key = (row, industry)
        matched = self._match_cache.get(key)
        if matched is None:
            matched = self.industry.matches_any(self.industry_codes[row], industry)
            self._match_cache[key] = matched
        return matched

    def finding(self, row: int, industry: str | None) -> tuple[str, list[str]]:
        """(finding, matched industry codes) of one row for a project's industry code."""
        codes = self.industry_codes[row]
        if not codes or industry is None:
            return FINDING_MANUAL, []
        matched = self._matched(row, industry)
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
