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
_GROUP_SOURCE = {
    "project": QT_TRANSLATE_NOOP("EcoZoning", "Project database"),
    "delineation": QT_TRANSLATE_NOOP("EcoZoning", "Unit delineation"),
    "checks": QT_TRANSLATE_NOOP("EcoZoning", "Quality checks"),
    "statistics": QT_TRANSLATE_NOOP("EcoZoning", "Statistics"),
    "accesslist": QT_TRANSLATE_NOOP("EcoZoning", "Access lists"),
    "compliance": QT_TRANSLATE_NOOP("EcoZoning", "Compliance analysis"),
    "filing": QT_TRANSLATE_NOOP("EcoZoning", "Update and filing"),
}


def fields_from(spec) -> QgsFields:
    """QgsFields from (name, kind[, alias]) tuples, for the algorithms' own tables.

    ``kind`` is a plugin.compat.make_field kind: "str", "int", "int64", "float", "bool"...
    """
    fields = QgsFields()
    for name, kind, *alias in spec:
        fields.append(make_field(name, kind, alias=alias[0] if alias else ""))
    return fields


class EcoZoningAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set NAME and GROUP and implement displayName, shortHelpString,
    initAlgorithm and processAlgorithm."""

    NAME = ""
    GROUP = ""
    ICON = "ecozoning.svg"
    NEEDS_CORE = True  # needs shapely >= 2 and pandas

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
        from ..plugin.dependencies import install_hint, missing_requirements

        missing = missing_requirements()
        if missing:
            raise QgsProcessingException(
                QCoreApplication.translate("EcoZoning", "EcoZoning needs {0}. {1}").format(
                    ", ".join(missing), install_hint(missing)
                )
            )

    def layer_name(self, parameters, key, context) -> str:
        """The name the user knows a layer by, for log rows and messages."""
        layer = self.parameterAsVectorLayer(parameters, key, context)
        return (
            layer.name() if layer is not None else self.parameterAsString(parameters, key, context)
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
            return working_crs_for_extent(source.sourceExtent(), source.sourceCrs())
        except ValueError as error:
            raise QgsProcessingException(
                self.tr(
                    "Layer {0} does not lie in China's CGCS2000 3-degree zones ({1}); check its coordinate reference system."
                ).format(name, error)
            ) from None

    def unit_field_mapping(self, parameters, context, source, overrides, required=()) -> dict:
        """Schema name -> the unit layer's field: the usual names (schema synonyms), then the
        field parameters ``overrides`` ({parameter: schema name}) where the user chose one."""
        from ..plugin.core import schema

        mapping = schema.guess_field_mapping(source.fields().names())
        for key, name in overrides.items():
            chosen = self.parameterAsString(parameters, key, context)
            if chosen:
                mapping[name] = chosen
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
            return with_detected_encoding(layer, feedback)
        return self.parameterAsSource(parameters, key, context)

    def input_layers(self, parameters, key, context, feedback):
        """The layers of a multiple-layer parameter, with detected .dbf encodings."""
        from ..plugin.adapters.encoding import with_detected_encoding

        return [
            with_detected_encoding(layer, feedback)
            for layer in self.parameterAsLayerList(parameters, key, context)
        ]

    @staticmethod
    def progress_callback(feedback, start: float = 0.0, end: float = 100.0):
        """A core-style progress(percent) callback mapped into [start, end] of the feedback."""

        def report(percent: float) -> None:
            feedback.setProgress(start + (end - start) * max(0.0, min(100.0, percent)) / 100.0)

        return report
