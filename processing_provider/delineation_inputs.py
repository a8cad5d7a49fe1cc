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
        self._add_county_parameters()
        self._add_source_parameters()
        self._add_option_parameters()

    def _add_county_parameters(self) -> None:
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

    def _add_named_source(self, key, label, name_key, name_label) -> None:
        """An optional polygon source and its optional name field."""
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                key, label, [SourceType.VectorPolygon], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(name_key, name_label, None, key, optional=True)
        )

    def _add_layer_list(self, key, label, subtype_key, subtype_label) -> None:
        """Polygon layers in order of precedence and the name of their subtype field."""
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                key, label, SourceType.VectorPolygon, optional=True
            )
        )
        self.addParameter(QgsProcessingParameterString(subtype_key, subtype_label, optional=True))

    def _add_source_parameters(self) -> None:
        self._add_named_source(
            self.TOWNSHIPS,
            self.tr("Townships"),
            self.TOWNSHIP_NAME_FIELD,
            self.tr("Township name field"),
        )
        self._add_layer_list(
            self.PRIORITY_LAYERS,
            self.tr("Priority protection layers (in order of precedence)"),
            self.PRIORITY_SUBTYPE_FIELD,
            self.tr("Subtype field of the priority layers"),
        )
        self._add_named_source(
            self.PARKS,
            self.tr("Industrial parks"),
            self.PARK_NAME_FIELD,
            self.tr("Park name field"),
        )
        self._add_layer_list(
            self.KEY_LAYERS,
            self.tr("Other key control layers (in order of precedence)"),
            self.KEY_SUBTYPE_FIELD,
            self.tr("Subtype field of the key layers"),
        )

    def _add_option_parameters(self) -> None:
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
