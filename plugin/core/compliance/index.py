"""Everything ``assess`` prepares, built once: units, access list, constraint layers."""

from __future__ import annotations

import pandas as pd

from ..industry import IndustryTable, default_table
from .access import AccessIndex
from .constraints import ConstraintIndex
from .model import ComplianceInput, concat_repairs
from .quick_rows import QuickRequirements
from .units import UnitIndex


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
        # what every map click returns unchanged, worked out once
        self.rows = QuickRequirements(self.access)
        self.layer_table = self.constraints.table()
        self.layer_warnings = self.constraints.warnings()
        self.input_repairs = concat_repairs(
            [self.units.repairs, self.access.repairs, self.constraints.repairs]
        )


def indexes(inp: ComplianceInput, index) -> tuple:
    """(industry table, UnitIndex, AccessIndex, ConstraintIndex) for this run: from a
    prebuilt ``ComplianceIndex``, else built from the input (units from a ``UnitIndex``)."""
    if isinstance(index, ComplianceIndex):
        return inp.industry_table or index.industry, index.units, index.access, index.constraints
    table = inp.industry_table or default_table()
    units = index if isinstance(index, UnitIndex) else UnitIndex(inp.units, inp.unit_layer)
    access = AccessIndex(inp.requirements, inp.regions, table, inp.region_layer)
    return table, units, access, ConstraintIndex(inp.constraints)
