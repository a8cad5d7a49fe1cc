"""The small base class every EcoZoning Processing algorithm stands on."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsFields, QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..plugin.compat import make_field

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"

# Group labels are marked for translation here and translated when asked, since a
# translator may be installed after this module is imported.
_DATUM_NAMES = (QT_TRANSLATE_NOOP("EcoZoningAlgorithm", "Xi'an 1980"),
                QT_TRANSLATE_NOOP("EcoZoningAlgorithm", "Beijing 1954"))  # fmt: skip

_GROUP_SOURCE = {
    "project": QT_TRANSLATE_NOOP("EcoZoning", "Project database"),
    "delineation": QT_TRANSLATE_NOOP("EcoZoning", "Unit delineation"),
    "checks": QT_TRANSLATE_NOOP("EcoZoning", "Quality checks"),
    "statistics": QT_TRANSLATE_NOOP("EcoZoning", "Statistics"),
    "accesslist": QT_TRANSLATE_NOOP("EcoZoning", "Access lists"),
    "compliance": QT_TRANSLATE_NOOP("EcoZoning", "Compliance analysis"),
    "supervision": QT_TRANSLATE_NOOP("EcoZoning", "Supervision and tracking"),
    "filing": QT_TRANSLATE_NOOP("EcoZoning", "Update and filing"),
    "fieldwork": QT_TRANSLATE_NOOP("EcoZoning", "Field review"),
    "editing": QT_TRANSLATE_NOOP("EcoZoning", "Unit editing"),
    "publishing": QT_TRANSLATE_NOOP("EcoZoning", "Publishing"),
}


def fields_from(spec) -> QgsFields:
    """QgsFields from (name, kind[, alias]) tuples, for the algorithms' own tables.

    ``kind`` is a plugin.compat.make_field kind: "str", "int", "int64", "float", "bool"...
    """
    fields = QgsFields()
    for name, kind, *alias in spec:
        fields.append(make_field(name, kind, alias=alias[0] if alias else ""))
    return fields


def close_sink(sink, wkb_type) -> None:
    """Flush and close a sink now. A table without geometry written into a GeoPackage is
    closed with GDAL's "No geometry column" silenced: QGIS 3.22's layer exporter asks for
    a spatial index on every table it created, which GDAL refuses for attribute tables."""
    from osgeo import gdal
    from qgis.PyQt import sip

    from ..plugin.compat import WkbType

    if wkb_type != WkbType.NoGeometry:
        sip.delete(sink)
        return
    others = []

    def handler(level, number, message):
        if "No geometry column" not in message:
            others.append(message)

    gdal.PushErrorHandler(handler)
    try:
        sip.delete(sink)
    finally:
        gdal.PopErrorHandler()
    for message in others:  # anything else GDAL said is passed on, not swallowed
        gdal.Error(gdal.CE_Warning, 1, message)


def _without_leaked_frames(process):
    """``processAlgorithm`` that, when it fails, leaves no layer behind in a leaked frame.

    QGIS keeps the exception a Python ``processAlgorithm`` raises into C++ alive for good,
    and with it every frame up the caller's stack. Layers still reachable from those frames
    outlive QGIS's shutdown and crash it at exit. So a failure raises its message again
    from a frame holding nothing, and first empties the run's temporary layer store (the
    layers Processing opened for this run, of no use once it has failed).
    """
    import functools

    @functools.wraps(process)
    def wrapper(self, parameters, context, feedback):
        message = None
        try:
            return process(self, parameters, context, feedback)
        except QgsProcessingException as error:
            message = str(error)
            error.__traceback__ = None
        if context is not None:
            context.temporaryLayerStore().removeAllMapLayers()
        del self, parameters, context, feedback
        raise QgsProcessingException(message)

    return wrapper


class EcoZoningAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set NAME and GROUP and implement displayName, shortHelpString,
    initAlgorithm and processAlgorithm."""

    NAME = ""
    GROUP = ""
    ICON = "ecozoning.svg"
    NEEDS_CORE = True  # needs shapely >= 2 and pandas

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "processAlgorithm" in cls.__dict__:
            cls.processAlgorithm = _without_leaked_frames(cls.__dict__["processAlgorithm"])

    def tr(self, text: str) -> str:
        # pylupdate files a self.tr() string under the class it is written in: the
        # subclass for its own strings, EcoZoningAlgorithm for the methods below.
        translated = QCoreApplication.translate(type(self).__name__, text)
        if translated == text:
            translated = QCoreApplication.translate("EcoZoningAlgorithm", text)
        return translated

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self) -> str:
        return self.NAME

    def groupId(self) -> str:  # noqa: N802
        return self.GROUP

    def group(self) -> str:
        return QCoreApplication.translate("EcoZoning", _GROUP_SOURCE[self.GROUP])

    def icon(self) -> QIcon:
        return QIcon(str(ICON_DIR / self.ICON))

    def svgIconPath(self) -> str:  # noqa: N802
        return str(ICON_DIR / self.ICON)

    def require_core(self) -> None:
        """Stop with install instructions when shapely 2 / pandas are missing."""
        if not self.NEEDS_CORE:
            return
        from ..plugin import dependencies
        from ..plugin.install_message import install_hint

        missing = dependencies.missing_requirements()
        if missing:
            raise QgsProcessingException(install_hint(missing))

    def layer_name(self, parameters, key, context) -> str:
        """The name the user knows a layer by, for log rows and messages."""
        layer = self.parameterAsVectorLayer(parameters, key, context)
        return (
            layer.name() if layer is not None else self.parameterAsString(parameters, key, context)
        )

    def area_rule_text(self, rule) -> str:
        """Which area rule the areas follow (``area.AreaRule``), for the log."""
        if rule.epsg is None:
            return self.tr("planar area in the layer's CRS")
        if rule.rule == "ellipsoidal":
            return self.tr("ellipsoidal area on the CGCS2000 ellipsoid")
        return self.tr("planar area in the CGCS2000 3-degree Gauss-Krüger zone of each feature")

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
            return working_crs_for_extent(source.sourceExtent(), source.sourceCrs())
        except ValueError as error:
            raise QgsProcessingException(
                self.tr(
                    "Layer {0} does not lie in China's CGCS2000 3-degree zones ({1}); check its coordinate reference system."
                ).format(name, error)
            ) from None

    def unit_field_mapping(
        self, parameters, context, source, overrides, required=(), key="UNITS"
    ) -> dict:
        """Schema name -> the unit layer's field: the usual names (schema synonyms), then the
        mapping the unit panel saved in the project for this layer, then the field
        parameters ``overrides`` ({parameter: schema name}) where the user chose one."""
        from ..plugin.adapters.field_mapping import saved_mapping
        from ..plugin.core import schema

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

    def log_repairs(self, feedback, repairs) -> None:
        """One log line per repaired or dropped input feature (layer, fid, what was done)."""
        if repairs is None or len(repairs) == 0:
            return
        for row in repairs.itertuples(index=False):
            if row.action == "dropped":
                text = self.tr("Layer {0}, feature {1}: no usable geometry after repair, left out")
            else:
                text = self.tr("Layer {0}, feature {1}: invalid geometry repaired ({2})")
            feedback.pushWarning(text.format(row.layer, row.fid, row.detail or "-"))

    def log_roles(self, feedback, layers) -> None:
        """The role of each constraint layer (guessed or chosen) and its consequence."""
        rows = layers.to_dict("records") if hasattr(layers, "to_dict") else layers
        for row in rows:
            if row["role"] == "":
                feedback.pushWarning(
                    self.tr(
                        "Constraint layer {0}: role unknown (not recognised from its name). Give "
                        "it as a role parameter or choose its role in the project screening "
                        "panel; until then projects on it are concluded 待补充信息."
                    ).format(row["constraint"])
                )
                continue
            how = self.tr("guessed from its name") if row["guessed"] else self.tr("chosen")
            feedback.pushInfo(
                self.tr("Constraint layer {0}: {1} ({2}), {3}").format(
                    row["constraint"], row["role_label"], how, row["consequence"]
                )
            )

    def check_role(self, feedback, layer, expected: str) -> None:
        """Warn when a layer given for a role (say the red line) looks like another role."""
        from ..plugin.adapters.compliance_data import layer_role
        from ..plugin.core import roles

        if layer is None:
            return
        key, _ = layer_role(layer)
        if key not in (roles.UNKNOWN, expected):
            feedback.pushWarning(
                self.tr(
                    "Layer {0} is given as {1}, but its name or saved role says {2}: check the "
                    "parameters."
                ).format(layer.name(), roles.role(expected).label_zh, roles.role(key).label_zh)
            )

    def input_source(self, parameters, key, context, feedback):
        """A feature source for ``key``; a Shapefile whose .dbf declares no encoding is read
        with the guessed one (a copy of the layer: the user's layer stays as it is)."""
        from ..plugin.adapters.encoding import needed_encoding, with_detected_encoding

        layer = self.parameterAsVectorLayer(parameters, key, context)
        if layer is not None and needed_encoding(layer) is not None:
            source = with_detected_encoding(layer, feedback)
        else:
            source = self.parameterAsSource(parameters, key, context)
        if source is not None:
            name = layer.name() if layer is not None else self.layer_name(parameters, key, context)
            self.warn_old_datum(source, name, context, feedback)
        return source

    def input_layers(self, parameters, key, context, feedback):
        """The layers of a multiple-layer parameter, with detected .dbf encodings."""
        from ..plugin.adapters.encoding import with_detected_encoding

        layers = []
        for layer in self.parameterAsLayerList(parameters, key, context):
            self.warn_old_datum(layer, layer.name(), context, feedback)
            layers.append(with_detected_encoding(layer, feedback))
        return layers

    def warn_old_datum(self, source, name, context, feedback) -> None:
        """Xi'an 1980 and Beijing 1954 inputs: a warning naming the layer and the datum
        transformation QGIS applies to bring them to CGCS2000."""
        from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY

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

    # --- cancel and writing -------------------------------------------------

    def cancelled(self) -> QgsProcessingException:
        """The error a cancelled run ends with (Processing then reports it as stopped)."""
        return QgsProcessingException(self.tr("Cancelled: nothing was written."))

    def stop_if_cancelled(self, feedback) -> None:
        if feedback is not None and feedback.isCanceled():
            raise self.cancelled()

    def prepare(self, frame, fields, feedback, source_crs=None, sink_crs=None, **options):
        """The frame's rows as features, before any output exists; a cancel raises."""
        from ..plugin.adapters.layers import WriteCancelled, frame_features

        try:
            return frame_features(frame, fields, source_crs, sink_crs, feedback, **options)
        except WriteCancelled:
            raise self.cancelled() from None

    def commit_outputs(self, parameters, context, feedback, outputs) -> dict:
        """Create the sinks and fill them with features prepared beforehand.

        ``outputs``: (parameter key, fields, wkb type, crs, features, required). The last
        chance to cancel is before the first sink exists; from there on everything is
        written, so a cancel never leaves a truncated table or a half-filled GeoPackage.
        """
        from ..plugin.adapters.layers import add_features

        self.stop_if_cancelled(feedback)
        results = {}
        for key, fields, wkb_type, crs, features, required in outputs:
            sink, dest = self.parameterAsSink(parameters, key, context, fields, wkb_type, crs)
            if sink is None:
                if required:
                    raise QgsProcessingException(self.invalidSinkError(parameters, key))
                continue
            add_features(sink, features)
            close_sink(sink, wkb_type)
            results[key] = dest
            self.remember_written(dest, context)
        return results

    def remember_written(self, dest, context) -> None:
        """Note where an output went, to refresh project layers showing it afterwards."""
        from qgis.core import QgsProcessingUtils

        layer = QgsProcessingUtils.mapLayerFromString(str(dest), context)
        source = layer.source() if layer is not None else str(dest)
        if not hasattr(self, "_written"):
            self._written = []
        self._written.append(source)

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        """Layers of the project that show a table this run wrote (e.g. a table of the
        project GeoPackage) are reloaded, their extent updated and redrawn."""
        from ..plugin.adapters.refresh import refresh_layers_showing

        project = context.project() if context is not None else None
        written = getattr(self, "_written", [])
        if project is not None and written:
            refresh_layers_showing(project, written)
        return {}

    @staticmethod
    def progress_callback(feedback, start: float = 0.0, end: float = 100.0):
        """A core-style progress(percent) callback mapped into [start, end] of the feedback."""

        def report(percent: float) -> None:
            feedback.setProgress(start + (end - start) * max(0.0, min(100.0, percent)) / 100.0)

        return report
