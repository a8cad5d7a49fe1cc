"""局部调整分类: the part of the units inside polygons becomes units of another class."""

from __future__ import annotations

from qgis.core import QgsProcessingParameterEnum

from ...plugin.compat import SourceType
from ...plugin.core import schema
from ..unit_edit_base import UnitEditAlgorithm

CLASSES = (schema.PRIORITY, schema.KEY, schema.GENERAL)


class ReclassifyUnits(UnitEditAlgorithm):
    NAME = "reclassifyunits"
    SHAPE_TYPE = SourceType.VectorPolygon
    NEW_CLASS = "NEW_CLASS"

    def displayName(self):  # noqa: N802
        return self.tr("Reclassify units by polygons")

    def shape_label(self) -> str:
        return self.tr("Areas to reclassify")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "In each county, the land of the units inside a polygon becomes one new unit of the "
            "chosen class with the next free code; the units it came from shrink (a unit left "
            "with nothing is removed and its code retired). Writes the edited unit layer and one "
            "change-journal row per county and polygon."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_common_parameters()
        self.addParameter(
            QgsProcessingParameterEnum(
                self.NEW_CLASS,
                self.tr("New class"),
                [
                    self.tr("Priority protection"),
                    self.tr("Key control"),
                    self.tr("General control"),
                ],
                False,
                1,
            )
        )
        self.add_outputs()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        new_class = CLASSES[self.parameterAsEnum(parameters, self.NEW_CLASS, context)]
        return self.run_shapes(
            parameters,
            context,
            feedback,
            lambda batch, n, g: batch.reclassify_by(n, g, new_class),
        )
