"""打开成果版本: one version of the project database (by id or by date) as layers."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ...plugin.compat import SourceType, WkbType
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm
from ..outputs import OutputsMixin
from ..version_inputs import parse_date, version_error_text


class LoadVersion(OutputsMixin, EcoZoningAlgorithm):
    NAME = "loadversion"
    GROUP = "filing"

    DATABASE = "DATABASE"
    VERSION_ID = "VERSION_ID"
    AS_OF = "AS_OF"
    OUTPUT_UNITS = "OUTPUT_UNITS"
    OUTPUT_ACCESS_LIST = "OUTPUT_ACCESS_LIST"
    OUTPUT_REGIONS = "OUTPUT_REGIONS"
    VERSION = "VERSION"

    def displayName(self):  # noqa: N802
        return self.tr("Open a version")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Opens one version of the project database's version register as layers: the "
            "version with the given id, or else the version in force on the given date (the "
            "latest published on or before it; today when no date is given). The register is "
            "listed in the log."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(self.DATABASE, self.tr("Project database"), extension="gpkg")
        )
        self.addParameter(
            QgsProcessingParameterString(self.VERSION_ID, self.tr("Version id"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.AS_OF, self.tr("Version in force on (YYYY-MM-DD)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_UNITS, self.tr("Units of the version"), SourceType.VectorPolygon
            )
        )
        for key, label, kind in (
            (
                self.OUTPUT_ACCESS_LIST,
                self.tr("Access list of the version"),
                SourceType.Vector,
            ),
            (
                self.OUTPUT_REGIONS,
                self.tr("Regions of the version"),
                SourceType.VectorPolygon,
            ),
        ):
            self.addParameter(
                QgsProcessingParameterFeatureSink(
                    key, label, kind, optional=True, createByDefault=True
                )
            )
        self.addOutput(QgsProcessingOutputString(self.VERSION, self.tr("Version")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters import versions

        path = self.parameterAsFile(parameters, self.DATABASE, context)
        day = parse_date(self, self.AS_OF, self.parameterAsString(parameters, self.AS_OF, context))
        try:
            rows = versions.list_versions(path)
            version = versions.resolve_version(
                path, self.parameterAsString(parameters, self.VERSION_ID, context).strip(), day
            )
        except versions.VersionError as error:
            raise QgsProcessingException(version_error_text(self, error)) from None
        for row in rows:
            feedback.pushInfo(
                " | ".join(
                    str(row.get(k) or "")
                    for k in (
                        schema.VERSION_ID,
                        schema.VERSION_TITLE,
                        schema.VERSION_DOC,
                        schema.VERSION_PUBLISHED,
                        schema.VERSION_KIND,
                        schema.VERSION_REASON,
                    )
                )
            )
        crs = versions.database_crs(path)
        outputs = []
        for key, part, geometry in (
            (self.OUTPUT_UNITS, "units", WkbType.MultiPolygon),
            (self.OUTPUT_ACCESS_LIST, "access_list", WkbType.NoGeometry),
            (self.OUTPUT_REGIONS, "regions", WkbType.MultiPolygon),
        ):
            fields = versions.snapshot_fields(part)
            frame = versions.version_frame(path, version, part)
            multi = geometry != WkbType.NoGeometry
            features = self.prepare(frame, fields, feedback, multi=multi)
            outputs.append((key, fields, geometry, crs, features, key == self.OUTPUT_UNITS))
        results = self.commit_outputs(parameters, context, feedback, outputs)
        results[self.VERSION] = version
        feedback.pushInfo(self.tr("Opened version {0}.").format(version))
        return results
