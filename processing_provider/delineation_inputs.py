"""The delineation's inputs (counties, townships, the priority, park and key layers, the
minimum area, the split of general units, the province and city names), declared once for
the delineation and the dynamic update, which hands them on to a child delineation.
A mixin (``class X(DelineationInputsMixin, ..., EcoZoningAlgorithm)``)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..plugin.compat import SourceType


class DelineationInputsMixin:
    """Parameter keys and declarations of the delineation's inputs."""

    ADMIN = "ADMIN"
    ADMIN_CODE_FIELD = "ADMIN_CODE_FIELD"
    ADMIN_NAME_FIELD = "ADMIN_NAME_FIELD"
    TOWNSHIPS = "TOWNSHIPS"
    TOWNSHIP_NAME_FIELD = "TOWNSHIP_NAME_FIELD"
    PRIORITY_LAYERS = "PRIORITY_LAYERS"
    PRIORITY_SUBTYPE_FIELD = "PRIORITY_SUBTYPE_FIELD"
    PARKS = "PARKS"
    PARK_NAME_FIELD = "PARK_NAME_FIELD"
    KEY_LAYERS = "KEY_LAYERS"
    KEY_SUBTYPE_FIELD = "KEY_SUBTYPE_FIELD"
    MIN_AREA = "MIN_AREA"
    GENERAL_SPLIT = "GENERAL_SPLIT"
    PROVINCE = "PROVINCE"
    CITY = "CITY"

    SPLITS = ("county", "township")
    # the inputs a dynamic update hands on unchanged to its child delineation
    PASS_THROUGH = (
        ADMIN,
        ADMIN_CODE_FIELD,
        ADMIN_NAME_FIELD,
        TOWNSHIPS,
        TOWNSHIP_NAME_FIELD,
        PRIORITY_LAYERS,
        PRIORITY_SUBTYPE_FIELD,
        PARKS,
        PARK_NAME_FIELD,
        KEY_LAYERS,
        KEY_SUBTYPE_FIELD,
        MIN_AREA,
        GENERAL_SPLIT,
        PROVINCE,
        CITY,
    )

    def add_delineation_inputs(self) -> None:
        """The counties and the layers overlaid, with their fields, the minimum area and the
        split of the general units."""
        polygon = [SourceType.VectorPolygon]
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.ADMIN, self.tr("Counties (admin boundaries)"), polygon
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.ADMIN_CODE_FIELD, self.tr("County code field (6 digits)"), None, self.ADMIN
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.ADMIN_NAME_FIELD, self.tr("County name field"), None, self.ADMIN, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.TOWNSHIPS, self.tr("Townships"), polygon, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.TOWNSHIP_NAME_FIELD,
                self.tr("Township name field"),
                None,
                self.TOWNSHIPS,
                optional=True,
            )
        )
        self._add_overlaid_layers()
        self._add_options()

    def _add_overlaid_layers(self) -> None:
        """The priority, park and key control layers, with their subtype and name fields."""
        polygon = [SourceType.VectorPolygon]
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.PRIORITY_LAYERS,
                self.tr("Priority protection layers (in order of precedence)"),
                SourceType.VectorPolygon,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.PRIORITY_SUBTYPE_FIELD,
                self.tr("Subtype field of the priority layers"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PARKS, self.tr("Industrial parks"), polygon, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.PARK_NAME_FIELD, self.tr("Park name field"), None, self.PARKS, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.KEY_LAYERS,
                self.tr("Other key control layers (in order of precedence)"),
                SourceType.VectorPolygon,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.KEY_SUBTYPE_FIELD, self.tr("Subtype field of the key layers"), optional=True
            )
        )

    def _add_options(self) -> None:
        """The minimum unit part area and the split of the general units."""
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_AREA,
                self.tr("Minimum unit part area (m²)"),
                QgsProcessingParameterNumber.Type.Double,
                0.0,
                False,
                0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.GENERAL_SPLIT,
                self.tr("General control units"),
                [self.tr("One per county"), self.tr("One per township")],
                False,
                0,
            )
        )

    def add_place_names(self) -> None:
        """The province and city names written into the units."""
        self.addParameter(
            QgsProcessingParameterString(self.PROVINCE, self.tr("Province name"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterString(self.CITY, self.tr("City name"), optional=True)
        )
