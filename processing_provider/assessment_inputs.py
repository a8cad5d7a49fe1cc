"""The inputs the compliance assessment and the lead screening share: the unit layer, its
access list and regions, and the constraint layers with their roles. A mixin
(``class X(AssessmentInputsMixin, InputsMixin, ..., EcoZoningAlgorithm)``)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterVectorLayer,
)

from ..plugin.compat import SourceType
from ..plugin.core import roles


class AssessmentInputsMixin:
    """Parameter keys, their declaration and the constraint layers they give."""

    UNITS = "UNITS"
    ACCESS_LIST = "ACCESS_LIST"
    REGIONS = "REGIONS"
    RED_LINE = "RED_LINE"
    FARMLAND = "FARMLAND"
    URBAN_BOUNDARY = "URBAN_BOUNDARY"
    PROTECTED_AREAS = "PROTECTED_AREAS"
    WATER_SOURCES = "WATER_SOURCES"
    CONSTRAINTS = "CONSTRAINTS"

    # the constraint parameter of each role, in the order they are declared and read
    ROLE_PARAMETERS = (
        (RED_LINE, roles.RED_LINE),
        (FARMLAND, roles.FARMLAND),
        (URBAN_BOUNDARY, roles.URBAN_BOUNDARY),
        (PROTECTED_AREAS, roles.PROTECTED_AREA),
        (WATER_SOURCES, roles.WATER_SOURCE),
    )

    def add_assessment_inputs(self, constraints_label: str) -> None:
        """UNITS, ACCESS_LIST, REGIONS, one layer per role and CONSTRAINTS (the others)."""
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.UNITS, self.tr("Control units"), [SourceType.VectorPolygon]
            )
        )
        for key, label in (
            (self.ACCESS_LIST, self.tr("Access-list table")),
            (self.REGIONS, self.tr("Regions of the access list")),
        ):
            self.addParameter(
                QgsProcessingParameterFeatureSource(key, label, [SourceType.Vector], optional=True)
            )
        labels = (
            self.tr("Ecological protection red line"),
            self.tr("Permanent basic farmland"),
            self.tr("Urban development boundary"),
            self.tr("Protected natural areas"),
            self.tr("Drinking-water source areas"),
        )
        for (key, _), label in zip(self.ROLE_PARAMETERS, labels):
            self.addParameter(
                QgsProcessingParameterVectorLayer(
                    key, label, [SourceType.VectorAnyGeometry], optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.CONSTRAINTS, constraints_label, SourceType.VectorAnyGeometry, optional=True
            )
        )

    def constraint_layers(self, parameters, context, feedback):
        """(layers, {layer id: role}): the role parameters first, then the other layers
        (a layer given twice is read once, with the role of its parameter)."""
        from ..plugin.adapters.encoding import with_detected_encoding

        chosen = []
        for key, role in self.ROLE_PARAMETERS:
            layer = self.parameterAsVectorLayer(parameters, key, context)
            if layer is not None:
                chosen.append((layer, role))
        chosen += [
            (layer, None)
            for layer in self.parameterAsLayerList(parameters, self.CONSTRAINTS, context)
        ]
        layers, role_of, seen = [], {}, set()
        for layer, role in chosen:
            if layer.id() in seen:
                continue
            seen.add(layer.id())
            layer = with_detected_encoding(layer, feedback)
            layers.append(layer)
            if role:
                role_of[layer.id()] = role
        return layers, role_of
