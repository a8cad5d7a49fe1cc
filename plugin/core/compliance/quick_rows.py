"""Effective requirement rows for the quick check, worked out without pandas.

``QuickRequirements`` gives the same rows, in the same order, as ``AccessIndex.unit_rows``
(itself ``access_list.effective_requirements`` for the levels above 单元, then the unit's
own 单元 rows): the columns are read once into plain lists when the index is built, and
each (county, class, regions) scope is worked out by a short loop over the rows whose scope
code can apply (a handful), not by filtering and sorting a frame. Results are cached per
scope and per unit, so a map click costs a dictionary lookup once its county was seen.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import access as access_list
from .. import schema
from .access import AccessIndex
from .inputs import text

_UNIT_RANK = access_list.LEVEL_ORDER[access_list.LEVEL_UNIT]


def _stripped(frame: pd.DataFrame, name: str) -> list[str]:
    """A column as ``effective_requirements`` reads it: ``astype(str).str.strip()``."""
    return frame[name].astype(str).str.strip().tolist()


def _numbers(frame: pd.DataFrame, name: str) -> list[float]:
    return pd.to_numeric(frame[name], errors="coerce").astype(float).tolist()


def _class_filters(frame: pd.DataFrame) -> list[int]:
    values = pd.to_numeric(frame[schema.REQ_CLASS_FILTER], errors="coerce")
    return values.fillna(schema.CLASS_FILTER_ALL).astype(int).tolist()


def _sort_key(order: float, rid: str, rank: int = 0) -> tuple:
    """The key of pandas' sort on (rank, order, id), NaN last (Python's sort is stable)."""
    missing = math.isnan(order)
    return (rank, missing, 0.0 if missing else order, rid)


class QuickRequirements:
    """``AccessIndex.unit_rows`` for map clicks (same rows and order; cached)."""

    def __init__(self, access: AccessIndex):
        req = access.requirements
        self.access = access
        self._level = _stripped(req, schema.REQ_SCOPE_LEVEL)
        self._code = _stripped(req, schema.REQ_SCOPE_CODE)
        self._status = _stripped(req, schema.REQ_STATUS)
        self._class = _class_filters(req)
        self._order = _numbers(req, schema.REQ_ORDER)
        self._ids = [str(v) for v in access.ids]
        self._rank = [access_list.LEVEL_ORDER.get(v) for v in self._level]
        self._by_scope: dict[str, list[int]] = {}  # rows above 单元, by scope code
        self._by_unit: dict[str, list[int]] = {}  # 单元 rows in force, by unit code
        status = [text(v) for v in req[schema.REQ_STATUS]]  # as AccessIndex reads it
        for row, (level, scope) in enumerate(zip(access.levels, access.scopes)):
            if level != access_list.LEVEL_UNIT:
                self._by_scope.setdefault(scope, []).append(row)
            elif status[row] != access_list.STATUS_REPEALED:
                self._by_unit.setdefault(scope, []).append(row)
        for rows in self._by_unit.values():
            rows.sort(key=lambda r: _sort_key(self._order[r], self._ids[r]))
        self._shared: dict[tuple, np.ndarray] = {}
        self._units: dict[tuple, np.ndarray] = {}

    def _covers(self, row: int, unit_class: int, codes: tuple, regions: frozenset) -> bool:
        """The ``covers & class_ok & not repealed`` test of ``effective_requirements``."""
        province, province2, city, county = codes
        level, code, class_filter = self._level[row], self._code[row], self._class[row]
        if class_filter not in (schema.CLASS_FILTER_ALL, unit_class):
            return False
        if self._status[row] == access_list.STATUS_REPEALED:
            return False
        if level == access_list.LEVEL_PROVINCE:
            return code in (province, province2)
        if level == access_list.LEVEL_REGION:
            return code in regions
        if level == access_list.LEVEL_CITY:
            return code == city
        if level == access_list.LEVEL_COUNTY:
            return code == county
        if level == access_list.LEVEL_CLASS:
            return code in codes and class_filter == unit_class
        return False  # 单元 rows: the unit's own, added by ``unit_rows``

    def shared_rows(self, unit_class: int, county: str, regions: frozenset) -> np.ndarray:
        """Rows of the levels above 单元 for a scope, in list order (cached)."""
        key = (unit_class, county, regions)
        found = self._shared.get(key)
        if found is not None:
            return found
        province = access_list.province_code(county)
        codes = (province, province[:2], access_list.city_code(county), county)
        candidates = set()
        for scope in {*codes, *regions}:
            candidates.update(self._by_scope.get(scope, ()))
        kept = [
            r
            for r in sorted(candidates)
            if self._covers(r, unit_class, codes, regions) and self._rank[r] < _UNIT_RANK
        ]
        kept.sort(key=lambda r: _sort_key(self._order[r], self._ids[r], self._rank[r]))
        found = np.asarray(kept, dtype=int)
        self._shared[key] = found
        return found

    def unit_rows(self, unit_code: str, unit_class: int, county: str) -> np.ndarray:
        """Row numbers of the unit's effective list, in order (as ``AccessIndex.unit_rows``)."""
        key = (unit_code, unit_class, county)
        found = self._units.get(key)
        if found is not None:
            return found
        regions = frozenset(
            access_list.regions_by_membership(self.access.regions, unit_code, county)
        )
        own = [
            r
            for r in self._by_unit.get(unit_code, ())
            if self._class[r] in (schema.CLASS_FILTER_ALL, unit_class)
        ]
        shared = self.shared_rows(unit_class, county, regions)
        found = np.concatenate([shared, np.asarray(own, dtype=int)]) if own else shared
        self._units[key] = found
        return found
