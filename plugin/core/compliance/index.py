"""Everything ``assess`` prepares, built once: units, access list, constraint layers."""

from __future__ import annotations

import threading

import pandas as pd

from ..industry import IndustryTable, default_table
from .access import AccessIndex
from .constraints import ConstraintIndex
from .model import ComplianceInput, concat_repairs
from .quick_constraints import NearConstraints
from .quick_rows import QuickRequirements
from .quick_units import NearUnits
from .units import UnitIndex


class ComplianceIndex:
    """Everything ``assess`` prepares, built once (for a map-click tool).

    The unit and constraint layers are kept two ways: ``near_units`` and ``near``
    (``NearUnits``, ``NearConstraints``: a click prepares the features near it, the quick
    check's way; either may be given built) and ``units`` and ``constraints`` (the whole
    layers prepared, as ``assess`` needs them), built on first use only.
    """

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
        self._lock = threading.Lock()
        if isinstance(units, UnitIndex):
            self._units, self.near_units = units, units
        elif isinstance(units, NearUnits):  # built beforehand (e.g. on another thread)
            self._units, self.near_units = None, units
            self._unit_args = (units.frame, units.layer_name)
        else:
            self._units, self.near_units = None, NearUnits(units, unit_layer)
            self._unit_args = (units, unit_layer)
        self.access = AccessIndex(requirements, regions, self.industry)
        if isinstance(constraints, ConstraintIndex):
            self._constraints, self.near = constraints, constraints
        elif isinstance(constraints, NearConstraints):  # built beforehand
            self._constraints, self.near = None, constraints
            self._constraint_list = list(constraints.constraints)
        else:
            self._constraints, self.near = None, NearConstraints(constraints)
            self._constraint_list = list(constraints or [])
        # what every map click returns unchanged, worked out once
        self.rows = QuickRequirements(self.access)
        self.layer_table = self.near.table()
        self.layer_warnings = self.near.warnings()
        self.input_repairs = concat_repairs(
            [self.near_units.repairs, self.access.repairs, self.near.repairs]
        )

    @property
    def units(self) -> UnitIndex:
        """The unit layer prepared whole (built on first use)."""
        with self._lock:
            if self._units is None:
                self._units = UnitIndex(*self._unit_args)
            return self._units

    @property
    def constraints(self) -> ConstraintIndex:
        """The constraint layers prepared whole (built on first use)."""
        with self._lock:
            if self._constraints is None:
                self._constraints = ConstraintIndex(self._constraint_list)
            return self._constraints


def indexes(inp: ComplianceInput, index) -> tuple:
    """(industry table, UnitIndex, AccessIndex, ConstraintIndex) for this run: from a
    prebuilt ``ComplianceIndex``, else built from the input (units from a ``UnitIndex``)."""
    if isinstance(index, ComplianceIndex):
        return inp.industry_table or index.industry, index.units, index.access, index.constraints
    table = inp.industry_table or default_table()
    units = index if isinstance(index, UnitIndex) else UnitIndex(inp.units, inp.unit_layer)
    access = AccessIndex(inp.requirements, inp.regions, table, inp.region_layer)
    return table, units, access, ConstraintIndex(inp.constraints)
