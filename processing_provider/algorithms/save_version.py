"""保存成果版本: the current units, access list and regions as a version of the project."""

from __future__ import annotations

import datetime as _dt

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...plugin.compat import SourceType
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin

DATE_PARAMETERS = (
    ("COMPILED_ON", schema.VERSION_COMPILED),
    ("PUBLISHED_ON", schema.VERSION_PUBLISHED),
    ("FILED_ON", schema.VERSION_FILED),
)
TEXT_PARAMETERS = (
    ("TITLE", schema.VERSION_TITLE),
    ("DOC_NUMBER", schema.VERSION_DOC),
    ("AUTHOR", schema.VERSION_AUTHOR),
    ("NOTE", schema.VERSION_NOTE),
)


def add_version_parameters(algorithm, kind_required: bool) -> None:
    """VERSION_ID, the register's text and date fields, KIND and REASON: the version
    metadata that saveversion records and exportfiling writes into its metadata sheet."""
    algorithm.addParameter(
        QgsProcessingParameterString(
            "VERSION_ID", QCoreApplication.translate("VersionMessages", "Version id")
        )
    )
    labels = {
        "TITLE": QCoreApplication.translate("VersionMessages", "Title"),
        "DOC_NUMBER": QCoreApplication.translate("VersionMessages", "Document number (文号)"),
        "COMPILED_ON": QCoreApplication.translate("VersionMessages", "Compiled on (YYYY-MM-DD)"),
        "PUBLISHED_ON": QCoreApplication.translate("VersionMessages", "Published on (YYYY-MM-DD)"),
        "FILED_ON": QCoreApplication.translate("VersionMessages", "Filed on (YYYY-MM-DD)"),
        "AUTHOR": QCoreApplication.translate("VersionMessages", "Compiled by"),
        "NOTE": QCoreApplication.translate("VersionMessages", "Note"),
    }
    for key, label in labels.items():
        algorithm.addParameter(QgsProcessingParameterString(key, label, optional=True))
    kinds = list(schema.VERSION_KINDS_ZH)
    kind = (
        QgsProcessingParameterEnum(
            "KIND", QCoreApplication.translate("VersionMessages", "Type"), kinds, defaultValue=0
        )
        if kind_required
        else QgsProcessingParameterEnum(
            "KIND", QCoreApplication.translate("VersionMessages", "Type"), kinds, optional=True
        )
    )
    algorithm.addParameter(kind)
    algorithm.addParameter(
        QgsProcessingParameterEnum(
            "REASON",
            QCoreApplication.translate("VersionMessages", "Reason"),
            list(schema.VERSION_REASONS_ZH),
            optional=True,
        )
    )


def version_error_text(algorithm, error) -> str:
    """The translated message for a versions.VersionError."""
    values = error.values
    texts = {
        "no_id": QCoreApplication.translate("VersionMessages", "Give the version an id."),
        "exists": QCoreApplication.translate(
            "VersionMessages", "Version {0} already exists; versions are never overwritten."
        ),
        "not_database": QCoreApplication.translate(
            "VersionMessages", "{0} is not a GeoPackage project database."
        ),
        "no_table": QCoreApplication.translate(
            "VersionMessages", "The project database {0} has no table {1}."
        ),
        "write_failed": QCoreApplication.translate(
            "VersionMessages", "Writing table {0} failed; nothing was saved."
        ),
        "cancelled": QCoreApplication.translate("VersionMessages", "Cancelled: nothing was saved."),
        "unknown_version": QCoreApplication.translate(
            "VersionMessages", "The project database has no version {0}."
        ),
        "no_version_on": QCoreApplication.translate(
            "VersionMessages", "No version was in force on {0}."
        ),
    }
    text = texts.get(error.kind, error.kind)
    args = [values.get(k) for k in ("version", "path", "table", "day") if values.get(k) is not None]
    return text.format(*args)


def parse_date(algorithm, key, text) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "VersionMessages", "{0}: '{1}' is not a date (YYYY-MM-DD)."
            ).format(key, text)
        ) from None


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
