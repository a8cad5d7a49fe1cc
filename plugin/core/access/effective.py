"""生态环境准入清单: which requirements apply to a unit (the effective list).

Requirements are rows of a DataFrame with the schema's access-list columns
(``schema.ACCESS_LIST_FIELDS``). Lists are layered ("1+N"): a unit's effective
list gathers, in this order, every valid requirement whose scope covers it:

1. 省级  — scope code is the province code (``440000``, or its first two digits);
2. 区域  — scope code is a region id and the unit belongs to the region, by
   membership (unit or county codes) or by geometry (the unit, or a project,
   reaches into the region's area);
3. 市级  — scope code is the city code (``440600``);
4. 县级  — scope code is the county code;
5. 分类  — scope code is the province, city or county code of the unit and the
   class filter equals the unit's class;
6. 单元  — scope code is the unit code.

At every level a non-zero class filter (``FLXZ``) limits the row to units of that
class. Within a level rows keep their order (``PX``, then id). Rows with status
废止 are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import schema
from .cells import split_codes
from .vocabulary import (
    LEVEL_CITY,
    LEVEL_CLASS,
    LEVEL_COUNTY,
    LEVEL_ORDER,
    LEVEL_PROVINCE,
    LEVEL_REGION,
    LEVEL_UNIT,
    REGION_ID,
    REGION_MEMBERS,
    STATUS_REPEALED,
    unit_class_number,
)


def province_code(county_code: str) -> str:
    return county_code[:2] + "0000"


def city_code(county_code: str) -> str:
    return county_code[:4] + "00"


@dataclass(frozen=True)
class UnitScope:
    """What places a unit in the layered lists."""

    unit_code: str
    unit_class: int
    county_code: str
    regions: frozenset = field(default_factory=frozenset)  # region ids the unit belongs to


def empty_requirements() -> pd.DataFrame:
    return pd.DataFrame(columns=schema.field_names(schema.ACCESS_LIST_FIELDS))


def regions_by_membership(regions: pd.DataFrame, unit_code: str, county_code: str) -> set[str]:
    """Region ids listing the unit or its county among their members."""
    if regions is None or regions.empty or REGION_MEMBERS not in regions:
        return set()
    found = set()
    for region_id, members in zip(regions[REGION_ID], regions[REGION_MEMBERS]):
        codes = split_codes(members)
        if unit_code in codes or county_code in codes:
            found.add(str(region_id))
    return found


def regions_by_geometry(regions: pd.DataFrame, geometry) -> set[str]:
    """Region ids whose area the geometry reaches into (touching counts)."""
    import shapely

    if regions is None or regions.empty or "geometry" not in regions or geometry is None:
        return set()
    areas = regions["geometry"].to_numpy()
    present = ~shapely.is_missing(areas)
    hits = present.copy()
    hits[present] = shapely.intersects(areas[present], geometry)
    return {str(r) for r in regions.loc[hits, REGION_ID]}


def _class_filter(values) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").fillna(schema.CLASS_FILTER_ALL).astype(int)


_NO_LEVEL = len(LEVEL_ORDER)  # rank of a row whose level is none of the six


@dataclass(frozen=True)
class ScopeColumns:
    """What ``effective_requirements`` compares, worked out once for a whole list.

    ``key`` is each row's position in the list's order (level, ``PX``, id, row), so the
    rows of any scope come out in that order by sorting on it; None when the ids cannot
    be sorted together (mixed types), and each selection is then sorted by pandas.
    """

    level: np.ndarray  # stripped text
    code: np.ndarray  # stripped text
    class_filter: np.ndarray  # int
    repealed: np.ndarray  # bool
    rank: np.ndarray  # LEVEL_ORDER of the level (_NO_LEVEL when unknown)
    order: np.ndarray  # PX as a number (NaN where missing)
    key: np.ndarray | None


def _stripped(req: pd.DataFrame, column: str) -> np.ndarray:
    return req[column].astype(str).str.strip().to_numpy(dtype=str)


def _sort_key(rank, order, ids) -> np.ndarray | None:
    keys = pd.DataFrame({"r": rank, "o": order, "i": ids})
    try:
        sorted_rows = keys.sort_values(["r", "o", "i"], kind="stable", na_position="last")
    except TypeError:
        return None
    key = np.empty(len(keys), dtype=np.int64)
    key[sorted_rows.index.to_numpy()] = np.arange(len(keys))
    return key


def scope_columns(requirements: pd.DataFrame) -> ScopeColumns:
    """The columns of ``requirements`` that place its rows in a unit's list."""
    req = requirements.reset_index(drop=True)
    level = _stripped(req, schema.REQ_SCOPE_LEVEL)
    n = len(req)
    if schema.REQ_CLASS_FILTER in req:
        class_filter = _class_filter(req[schema.REQ_CLASS_FILTER]).to_numpy()
    else:
        class_filter = np.zeros(n, dtype=int)
    status = _stripped(req, schema.REQ_STATUS) if schema.REQ_STATUS in req else np.full(n, "")
    rank = np.array([LEVEL_ORDER.get(v, _NO_LEVEL) for v in level], dtype=np.int64)
    if schema.REQ_ORDER in req:
        order = pd.to_numeric(req[schema.REQ_ORDER], errors="coerce").to_numpy(dtype=float)
    else:
        order = np.zeros(n)
    ids = req[schema.REQ_ID] if schema.REQ_ID in req else pd.Series([None] * n, dtype=object)
    return ScopeColumns(
        level=level,
        code=_stripped(req, schema.REQ_SCOPE_CODE),
        class_filter=class_filter,
        repealed=status == STATUS_REPEALED,
        rank=rank,
        order=order,
        key=_sort_key(rank, order, ids.to_numpy(dtype=object)),
    )


def _covered(c: ScopeColumns, idx: np.ndarray, scope: UnitScope) -> np.ndarray:
    """Which rows ``idx`` the scope's levels reach (before class filter and status)."""
    level, code, class_filter = c.level[idx], c.code[idx], c.class_filter[idx]
    county = scope.county_code
    province, city = province_code(county), city_code(county)
    covers = (level == LEVEL_PROVINCE) & np.isin(code, [province, province[:2]])
    covers |= (level == LEVEL_REGION) & np.isin(
        code, [r for r in scope.regions if isinstance(r, str)]
    )
    covers |= (level == LEVEL_CITY) & (code == city)
    covers |= (level == LEVEL_COUNTY) & (code == county)
    admin = [province, province[:2], city, county]
    covers |= (level == LEVEL_CLASS) & np.isin(code, admin) & (class_filter == scope.unit_class)
    if isinstance(scope.unit_code, str):
        covers |= (level == LEVEL_UNIT) & (code == scope.unit_code)
    return covers


def _in_list_order(c: ScopeColumns, rows: np.ndarray) -> np.ndarray:
    if c.key is not None:
        return rows[np.argsort(c.key[rows], kind="stable")]
    keys = pd.DataFrame({"r": c.rank[rows], "o": c.order[rows]})
    return rows[keys.sort_values(["r", "o"], kind="stable", na_position="last").index]


def effective_rows(columns: ScopeColumns, scope: UnitScope, candidates=None) -> np.ndarray:
    """Positions of the rows of the scope's effective list, in list order.

    ``candidates``: only these positions are looked at (all rows when None).
    """
    c = columns
    idx = np.arange(len(c.level)) if candidates is None else np.unique(candidates)
    if not len(idx):
        return idx.astype(np.int64)
    class_filter = c.class_filter[idx]
    class_ok = (class_filter == schema.CLASS_FILTER_ALL) | (class_filter == scope.unit_class)
    keep = _covered(c, idx, scope) & class_ok & ~c.repealed[idx]
    return _in_list_order(c, idx[keep])


def effective_requirements(requirements: pd.DataFrame, scope: UnitScope) -> pd.DataFrame:
    """The unit's effective list, in level order, with a "level_rank" column added."""
    if requirements is None or requirements.empty:
        frame = empty_requirements()
        frame["level_rank"] = pd.Series(dtype=int)
        return frame
    columns = scope_columns(requirements)
    if columns.key is None:  # ids of mixed types: pandas sorts the selection
        return _effective_by_pandas(requirements, columns, scope)
    rows = effective_rows(columns, scope)
    result = requirements.iloc[rows].copy()
    result["level_rank"] = columns.rank[rows].astype(int)
    return result


def _effective_by_pandas(requirements, columns: ScopeColumns, scope) -> pd.DataFrame:
    rows = effective_rows(columns, scope)
    result = requirements.iloc[rows].copy()
    result["level_rank"] = columns.rank[rows].astype(int)
    result = result.assign(_order=columns.order[rows]).sort_values(
        ["level_rank", "_order", schema.REQ_ID], kind="stable", na_position="last"
    )
    return result.drop(columns="_order")


def units_with_requirements(requirements: pd.DataFrame, units: pd.DataFrame) -> set[str]:
    """Codes of the units whose effective list (own and inherited rows) is not empty.

    ``units``: columns ``schema.UNIT_CODE``, ``schema.UNIT_CLASS``, ``schema.UNIT_COUNTY_CODE``.
    Every level but 单元 depends only on the county and the class, so the effective list
    is worked out once per (county, class) and the unit's own rows are added to it.
    """
    if requirements is None or requirements.empty or units is None or units.empty:
        return set()
    level = requirements[schema.REQ_SCOPE_LEVEL].astype(str).str.strip()
    shared = requirements[level != LEVEL_UNIT]
    own = requirements[level == LEVEL_UNIT]
    own_status = own[schema.REQ_STATUS].astype(str).str.strip() if schema.REQ_STATUS in own else ""
    own = own[own_status != STATUS_REPEALED]
    own_filters = {}  # unit code -> class filters of its own rows
    filters = (
        _class_filter(own[schema.REQ_CLASS_FILTER])
        if schema.REQ_CLASS_FILTER in own
        else pd.Series(schema.CLASS_FILTER_ALL, index=own.index)
    )
    for code, class_filter in zip(own[schema.REQ_SCOPE_CODE].astype(str).str.strip(), filters):
        own_filters.setdefault(code, set()).add(int(class_filter))
    covered = set()
    inherited = {}
    columns = scope_columns(shared) if not shared.empty else None
    for code, unit_class, county in zip(
        units[schema.UNIT_CODE], units[schema.UNIT_CLASS], units[schema.UNIT_COUNTY_CODE]
    ):
        if code is None or (isinstance(code, float) and code != code):
            continue
        code = str(code).strip()
        number = unit_class_number(unit_class) or 0
        county = schema.normalise_county_code(county) or ""
        key = (county, number)
        if key not in inherited:
            scope = UnitScope("", number, county)
            inherited[key] = columns is not None and len(effective_rows(columns, scope)) > 0
        mine = own_filters.get(code, set())
        if inherited[key] or schema.CLASS_FILTER_ALL in mine or number in mine:
            covered.add(code)
    return covered
