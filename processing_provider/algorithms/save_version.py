"""保存成果版本: the current units, access list and regions as a version of the project."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
)

from ...plugin.compat import SourceType
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin
from ..version_inputs import (
    DATE_PARAMETERS,
    TEXT_PARAMETERS,
    add_version_parameters,
    parse_date,
    version_error_text,
)


class SaveVersion(InputsMixin, EcoZoningAlgorithm):
    NAME = "saveversion"
    GROUP = "filing"

    DATABASE = "DATABASE"
    VERSION_ID = "VERSION_ID"
    KIND = "KIND"
    REASON = "REASON"
    UNITS = "UNITS"
    ACCESS_LIST = "ACCESS_LIST"
    REGIONS = "REGIONS"
    UNIT_COUNT = "UNIT_COUNT"

    def displayName(self):  # noqa: N802
        return self.tr("Save a version")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Saves the units (and optionally the access list and regions) as a version in the "
            "project database's version register, with its title, 文号, dates (编制, 发布, 备案), "
            "type (初次划定, 定期调整, 动态更新) and reason. Versions are only ever added: an "
            "existing version id is refused, and older versions are never changed. Dates are "
            "written YYYY-MM-DD."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(self.DATABASE, self.tr("Project database"), extension="gpkg")
        )
        add_version_parameters(self, kind_required=True)
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.UNITS, self.tr("Control units"), [SourceType.VectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.ACCESS_LIST,
                self.tr("Access-list table"),
                [SourceType.Vector],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.REGIONS,
                self.tr("Access-list regions"),
                [SourceType.VectorPolygon],
                optional=True,
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.UNIT_COUNT, self.tr("Units saved")))

    def metadata(self, parameters, context) -> dict:
        meta = {schema.VERSION_ID: self.parameterAsString(parameters, self.VERSION_ID, context)}
        for key, name in TEXT_PARAMETERS:
            meta[name] = self.parameterAsString(parameters, key, context).strip() or None
        for key, name in DATE_PARAMETERS:
            meta[name] = parse_date(self, key, self.parameterAsString(parameters, key, context))
        meta[schema.VERSION_KIND] = schema.VERSION_KINDS_ZH[
            self.parameterAsEnum(parameters, self.KIND, context)
        ]
        if parameters.get(self.REASON) is not None:
            meta[schema.VERSION_REASON] = schema.VERSION_REASONS_ZH[
                self.parameterAsEnum(parameters, self.REASON, context)
            ]
        return meta

    def frames(self, parameters, context, feedback, crs) -> dict:
        """Units, access list and regions as frames with the schema's columns."""
        from ...plugin.adapters.changes_io import UnitFieldsMissing
        from ...plugin.adapters.layers import read_frame

        frames = {}
        units = self.input_source(parameters, self.UNITS, context, feedback)
        if units is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        mapping = schema.guess_field_mapping(units.fields().names())
        if schema.UNIT_CODE not in mapping:
            raise UnitFieldsMissing(schema.UNIT_CODE)
        frame = read_frame(units, crs, list(mapping.values()), context.transformContext(), feedback)
        frames["units"] = frame.rename(columns={v: k for k, v in mapping.items()})
        for key, name, specs in (
            (self.ACCESS_LIST, "access_list", schema.ACCESS_LIST_FIELDS),
            (self.REGIONS, "regions", schema.REGION_FIELDS),
        ):
            source = self.parameterAsSource(parameters, key, context)
            if source is None:
                continue
            names = [s.name for s in specs if s.name in source.fields().names()]
            frames[name] = read_frame(
                source,
                crs if name == "regions" else None,
                names,
                context.transformContext(),
                feedback,
                with_geometry=name == "regions",
            )
        return frames

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters import versions
        from ...plugin.adapters.changes_io import UnitFieldsMissing

        path = self.parameterAsFile(parameters, self.DATABASE, context)
        meta = self.metadata(parameters, context)
        try:
            versions.ensure_tables(path)
            frames = self.frames(parameters, context, feedback, versions.database_crs(path))
            counts = versions.save_version(path, meta, frames, feedback)
        except versions.VersionError as error:
            raise QgsProcessingException(version_error_text(self, error)) from None
        except UnitFieldsMissing as error:
            raise QgsProcessingException(
                self.tr("Layer {0} has no field {1}.").format(
                    self.layer_name(parameters, self.UNITS, context), str(error)
                )
            ) from None
        feedback.pushInfo(
            self.tr("Version {0} saved: {1} units, {2} requirements, {3} regions.").format(
                meta[schema.VERSION_ID],
                counts.get("units", 0),
                counts.get("access_list", 0),
                counts.get("regions", 0),
            )
        )
        return {self.UNIT_COUNT: counts.get("units", 0)}
