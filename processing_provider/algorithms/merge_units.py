"""合并单元: merge units of the same county and class lying within polygons."""

from __future__ import annotations

from ...plugin.compat import SourceType
from ..unit_edit_base import UnitEditAlgorithm


class MergeUnits(UnitEditAlgorithm):
    NAME = "mergeunits"
    SHAPE_TYPE = SourceType.VectorPolygon

    def displayName(self):  # noqa: N802
        return self.tr("Merge units within polygons")

    def shape_label(self) -> str:
        return self.tr("Merge areas")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Units lying mostly (over half their area) inside one polygon are merged, one unit "
            "per county and class. The largest keeps its code; the other codes are retired and "
            "never given again. Writes the edited unit layer and one change-journal row per merge."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_common_parameters()
        self.add_outputs()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        return self.run_shapes(
            parameters, context, feedback, lambda batch, n, g: batch.merge_within(n, g)
        )
