"""The effective access list of every exported unit, as rows of one package table.

A reviewer in the field needs what applies to a unit (省级 → 区域 → 市级 → 县级 → 分类 →
单元), not only the unit-level rows: the package holds one row per unit and applicable
requirement, keyed by the unit code, and relates it to the units.
"""

from __future__ import annotations

import pandas as pd

from .. import schema
from ..access import (
    UnitScope,
    effective_requirements,
    regions_by_geometry,
    regions_by_membership,
)
from .snapshot import normalise

UNIT_KEY = "unit_code"
LEVEL_RANK = "level_rank"


def unit_requirement_rows(requirements: pd.DataFrame, units, regions=None) -> list[dict]:
    """Rows {unit_code, every access-list field, level_rank} in list order per unit.

    ``units``: iterable of (unit code, class, county code, shapely geometry or None);
    ``regions``: the regions table as a DataFrame (QYBH, CYDM, geometry) or None.
    """
    rows = []
    for code, unit_class, county, geometry in units:
        member = regions_by_membership(regions, code, county) if regions is not None else set()
        if regions is not None and geometry is not None:
            member |= regions_by_geometry(regions, geometry)
        scope = UnitScope(str(code), int(unit_class or 0), str(county or ""), frozenset(member))
        effective = effective_requirements(requirements, scope)
        for record in effective.to_dict("records"):
            row = {
                name: normalise(record.get(name))
                for name in schema.field_names(schema.ACCESS_LIST_FIELDS)
            }
            row[UNIT_KEY] = code
            row[LEVEL_RANK] = int(record[LEVEL_RANK])
            rows.append(row)
    return rows
