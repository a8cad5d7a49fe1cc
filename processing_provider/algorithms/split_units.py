"""拆分单元: cut units by lines, keeping each county tiled (new parts get new codes)."""

from __future__ import annotations

from ..unit_edit_base import UnitEditAlgorithm


class SplitUnits(UnitEditAlgorithm):
    NAME = "splitunits"

    def displayName(self):  # noqa: N802
        return self.tr("Split units by lines")

    def shape_label(self) -> str:
        return self.tr("Cutting lines")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Cuts every unit a line crosses. The largest part keeps the unit's code; every "
            "other part becomes a new unit of the same county and class with the next free "
            "code (codes in the journal are never given again). MJ of every changed unit is "
            "recomputed. Writes the edited unit layer and one change-journal row per edit."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_common_parameters()
        self.add_outputs()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        return self.run_shapes(
            parameters, context, feedback, lambda batch, n, g: batch.split_by(n, g)
        )
