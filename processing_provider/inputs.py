"""Reading an algorithm's inputs: sources with their .dbf encoding, old datums, the
working 3° zone and the unit layer's field mapping. A mixin for the algorithms that read
layers (``class X(InputsMixin, EcoZoningAlgorithm)``)."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsPointXY,
    QgsProcessingException,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..plugin.adapters.encoding import needed_encoding, with_detected_encoding
from ..plugin.adapters.field_mapping import saved_mapping
from ..plugin.core import schema

# The datum names the warning below names, marked for translation.
_DATUM_NAMES = (QT_TRANSLATE_NOOP("InputsMixin", "Xi'an 1980"),
                QT_TRANSLATE_NOOP("InputsMixin", "Beijing 1954"))  # fmt: skip


class InputsMixin:
    """Input work shared by the algorithms (needs ``EcoZoningAlgorithm`` beside it)."""

    def layer_name(self, parameters, key, context) -> str:
        """The name the user knows a layer by, for log rows and messages."""
        layer = self.parameterAsVectorLayer(parameters, key, context)
        return (
            layer.name() if layer is not None else self.parameterAsString(parameters, key, context)
        )

    def input_source(self, parameters, key, context, feedback):
        """A feature source for ``key``; a Shapefile whose .dbf declares no encoding is read
        with the guessed one (a copy of the layer: the user's layer stays as it is)."""
        from ..plugin.adapters.sinks import warm_up

        warm_up()  # the outputs' first-use cost, on the other core while inputs are read
        layer = self.parameterAsVectorLayer(parameters, key, context)
        if layer is not None and needed_encoding(layer) is not None:
            source = with_detected_encoding(layer, feedback)
        else:
            source = self.parameterAsSource(parameters, key, context)
            if source is not None:
                source.direct_table = self._whole_table(parameters, key, layer, source)
        if source is not None:
            name = layer.name() if layer is not None else self.layer_name(parameters, key, context)
            self.warn_old_datum(source, name, context, feedback)
        return source

    @staticmethod
    def _whole_table(parameters, key, layer, source):
        """The file table behind ``layer`` when ``source`` is all of it (no selection or
        feature limit), for ``read_frame`` to read in bulk; else None."""
        from qgis.core import QgsProcessingFeatureSourceDefinition

        from ..plugin.adapters.direct_read import direct_table

        value = parameters.get(key)
        if isinstance(value, QgsProcessingFeatureSourceDefinition) and (
            value.selectedFeaturesOnly or value.featureLimit != -1
        ):
            return None
        if layer is None or layer.featureCount() != source.featureCount():
            return None
        return direct_table(layer)

    def input_layers(self, parameters, key, context, feedback):
        """The layers of a multiple-layer parameter, with detected .dbf encodings."""

        layers = []
        for layer in self.parameterAsLayerList(parameters, key, context):
            self.warn_old_datum(layer, layer.name(), context, feedback)
            layers.append(with_detected_encoding(layer, feedback))
        return layers

    def warn_old_datum(self, source, name, context, feedback) -> None:
        """Xi'an 1980 and Beijing 1954 inputs: a warning naming the layer and the datum
        transformation QGIS applies to bring them to CGCS2000."""

        from ..plugin.adapters.crs import old_datum, transformation_used

        crs = source.sourceCrs() if hasattr(source, "sourceCrs") else source.crs()
        datum = old_datum(crs) if crs.isValid() else None
        if datum is None or feedback is None:
            return
        extent = source.sourceExtent() if hasattr(source, "sourceExtent") else source.extent()
        operation = transformation_used(
            crs,
            QgsCoordinateReferenceSystem("EPSG:4490"),
            context.transformContext(),
            QgsPointXY(extent.center()),
        )
        feedback.pushWarning(
            self.tr(
                "Layer {0} is in {1} ({2}, {3}): it is transformed to CGCS2000 with {4}. "
                "Without local transformation parameters the shift can reach tens of metres; "
                "set them in the project's datum transformations if you have them."
            ).format(name, crs.authid(), crs.description(), self.tr(datum), operation)
        )

    def working_crs(self, source, name: str):
        """The 3° Gauss–Krüger zone to compute in, or a clear error naming the layer."""
        from ..plugin.adapters.crs import working_crs_for_extent

        if not source.sourceCrs().isValid():
            raise QgsProcessingException(
                self.tr(
                    "Layer {0} has no coordinate reference system: set it in the layer properties."
                ).format(name)
            )
        try:
            return working_crs_for_extent(self._extent_for_zone(source), source.sourceCrs())
        except ValueError as error:
            raise QgsProcessingException(
                self.tr(
                    "Layer {0} does not lie in China's CGCS2000 3-degree zones ({1}); check its coordinate reference system."
                ).format(name, error)
            ) from None

    @staticmethod
    def _extent_for_zone(source):
        """The extent ``working_crs_for_extent`` needs: none for a layer already in a 3° zone
        (it keeps its CRS), else the source's (QGIS scans a GeoPackage table for it)."""
        from ..plugin.adapters.crs import epsg_of
        from ..plugin.core.area import gk3_zone_of_epsg

        epsg = epsg_of(source.sourceCrs())
        if epsg is not None and gk3_zone_of_epsg(epsg) is not None:
            return QgsRectangle()
        bounds = InputsMixin._tree_extent(source)
        return bounds if bounds is not None else source.sourceExtent()

    @staticmethod
    def _tree_extent(source):
        """For a whole geographic GeoPackage layer, its R-tree's extent when every centre
        longitude it allows (its bounds are rounded outwards by a float32 step) falls in one
        3° zone, so the zone is the one the exact extent gives; else None."""
        import numpy as np

        from ..plugin.adapters.direct_read import rtree_bounds
        from ..plugin.core.area import gk3_epsg_for_longitude

        table = getattr(source, "direct_table", None)
        if table is None or not source.sourceCrs().isGeographic():
            return None
        bounds = rtree_bounds(table)
        if bounds is None:
            return None
        xmin, ymin, xmax, ymax = bounds
        centre = (xmin + xmax) / 2
        step = 2 * float(np.spacing(np.float32(max(abs(xmin), abs(xmax)))))
        try:
            zones = {gk3_epsg_for_longitude(centre - step), gk3_epsg_for_longitude(centre + step)}
        except ValueError:
            return None  # outside the zones: the exact extent gives the message
        return QgsRectangle(xmin, ymin, xmax, ymax) if len(zones) == 1 else None

    def unit_field_mapping(
        self, parameters, context, source, overrides, required=(), key="UNITS"
    ) -> dict:
        """Schema name -> the unit layer's field: the usual names (schema synonyms), then the
        mapping the unit panel saved in the project for this layer, then the field
        parameters ``overrides`` ({parameter: schema name}) where the user chose one."""

        guessed = schema.guess_field_mapping(source.fields().names())
        layer = self.parameterAsVectorLayer(parameters, key, context) if parameters else None
        project = context.project() if context is not None else None
        saved = saved_mapping(project, layer) if layer is not None else None
        explicit = dict(saved or {})
        for name_key, name in overrides.items():
            chosen = self.parameterAsString(parameters, name_key, context)
            if chosen:
                explicit[name] = chosen
        # a field chosen for one name is not also a guess for another (two names, one column)
        mapping = {n: f for n, f in guessed.items() if f not in explicit.values()}
        mapping.update(explicit)
        for name in required:
            if name not in mapping:
                raise QgsProcessingException(
                    self.tr("The unit layer has no {0} field; choose it in the parameters.").format(
                        name
                    )
                )
        return mapping
