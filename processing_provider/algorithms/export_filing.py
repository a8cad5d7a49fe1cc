"""成果备案包导出: the filing package (folder and zip with SHA-256 manifest)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
    QgsVectorLayer,
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


def area_rule_text(work_crs) -> str:
    """The area rule of the package's statistics and changes, in Chinese (the metadata sheet)."""
    from ...plugin.adapters.area_rule import rule_for

    return rule_for(work_crs).description_zh()


def plugin_version() -> str:
    metadata = Path(__file__).resolve().parents[2] / "metadata.txt"
    for line in metadata.read_text(encoding="utf-8").splitlines():
        if line.startswith("version="):
            return line.split("=", 1)[1].strip()
    return ""


class ExportFiling(InputsMixin, EcoZoningAlgorithm):
    NAME = "exportfiling"
    GROUP = "filing"

    UNITS = "UNITS"
    ACCESS_LIST = "ACCESS_LIST"
    REGIONS = "REGIONS"
    CHECK_RESULTS = "CHECK_RESULTS"
    DATABASE = "DATABASE"
    VERSION_ID = "VERSION_ID"
    KIND = "KIND"
    REASON = "REASON"
    PREVIOUS_UNITS = "PREVIOUS_UNITS"
    PREVIOUS_VERSION = "PREVIOUS_VERSION"
    FORCE = "FORCE"
    OUTPUT = "OUTPUT"
    ZIP = "ZIP"
    QC_STATUS = "QC_STATUS"

    def displayName(self):  # noqa: N802
        return self.tr("Export filing package")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes the 备案 package into a folder and a zip next to it, with a manifest of "
            "SHA-256 checksums: the units with the standard fields as a GeoPackage and as a "
            "Shapefile in GB18030 (with .cpg); the access list in the published wide Excel "
            "format; statistics (Excel and HTML); the quality-check statement (clean, or every "
            "accepted exception with its reason); the change report against the previous filed "
            "version (from the project database's register, or the layer given) and the "
            "boundary-editing journal when the project has one; a metadata sheet (version, 文号, "
            "dates, type, reason, coordinate system, area rule, plugin version). The version's "
            "details come from the register when the project database has it; values given "
            "here take precedence. While check errors are open (neither fixed nor accepted as "
            "exceptions) the export is refused, naming them, unless 'write anyway' is ticked: "
            "the package is then marked 未通过质检."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon, table = [SourceType.VectorPolygon], [SourceType.Vector]
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.UNITS, self.tr("Control units"), polygon)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.CHECK_RESULTS, self.tr("Check results"), [SourceType.Vector]
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.ACCESS_LIST, self.tr("Access-list table"), table, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.REGIONS, self.tr("Access-list regions"), polygon, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.DATABASE,
                self.tr("Project database (version register)"),
                extension="gpkg",
                optional=True,
            )
        )
        add_version_parameters(self, kind_required=False)
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PREVIOUS_UNITS, self.tr("Previous filed units"), polygon, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.PREVIOUS_VERSION,
                self.tr("Previous filed version (in the register)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.FORCE, self.tr("Write anyway while errors are open (marked 未通过质检)"), False
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT, self.tr("Package folder"))
        )
        self.addOutput(QgsProcessingOutputFile(self.ZIP, self.tr("Package zip")))
        self.addOutput(QgsProcessingOutputString(self.QC_STATUS, self.tr("Quality check")))

    # --- reading ---------------------------------------------------------------

    def metadata(self, parameters, context, database) -> dict:
        from ...plugin.adapters import versions

        version = self.parameterAsString(parameters, self.VERSION_ID, context).strip()
        if not version:
            raise QgsProcessingException(self.tr("Give the version an id."))
        meta = {}
        if database:
            for row in versions.list_versions(database):
                if row[schema.VERSION_ID] == version:
                    meta.update(row)
        meta[schema.VERSION_ID] = version
        for key, name in TEXT_PARAMETERS:
            value = self.parameterAsString(parameters, key, context).strip()
            if value:
                meta[name] = value
        for key, name in DATE_PARAMETERS:
            value = parse_date(self, key, self.parameterAsString(parameters, key, context))
            if value:
                meta[name] = value
        for key, name, values in (
            (self.KIND, schema.VERSION_KIND, schema.VERSION_KINDS_ZH),
            (self.REASON, schema.VERSION_REASON, schema.VERSION_REASONS_ZH),
        ):
            if parameters.get(key) is not None:
                meta[name] = values[self.parameterAsEnum(parameters, key, context)]
        meta.pop(schema.VERSION_SAVED, None)
        return meta

    def read_units(self, parameters, context, feedback):
        from ...plugin.adapters.layers import read_frame

        source = self.input_source(parameters, self.UNITS, context, feedback)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        name = self.layer_name(parameters, self.UNITS, context)
        if source.featureCount() == 0:
            raise QgsProcessingException(self.tr("Layer {0} has no features.").format(name))
        mapping = schema.guess_field_mapping(source.fields().names())
        required = [s.name for s in schema.UNIT_FIELDS if s.required and s.name not in mapping]
        if required:
            raise QgsProcessingException(
                self.tr("Layer {0} has no field {1}.").format(name, ", ".join(required))
            )
        work_crs = self.working_crs(source, name)
        frames = []
        for crs in (source.sourceCrs(), work_crs):
            frame = read_frame(
                source, crs, list(mapping.values()), context.transformContext(), feedback
            )
            frames.append(
                frame.drop(columns="fid").rename(columns={v: k for k, v in mapping.items()})
            )
        return frames[0], source.sourceCrs(), frames[1], work_crs

    def read_checks(self, parameters, context, feedback, crs):
        from ...plugin.adapters.layers import read_frame

        source = self.input_source(parameters, self.CHECK_RESULTS, context, feedback)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.CHECK_RESULTS))
        names = source.fields().names()
        missing = [s.name for s in schema.CHECK_FIELDS if s.required and s.name not in names]
        if missing or schema.CHK_STATUS not in names:
            raise QgsProcessingException(
                self.tr("Layer {0} is not a check-results layer: it has no field {1}.").format(
                    self.layer_name(parameters, self.CHECK_RESULTS, context),
                    ", ".join(missing or [schema.CHK_STATUS]),
                )
            )
        wanted = [s.name for s in schema.CHECK_FIELDS if s.name in names]
        frame = read_frame(source, crs, wanted, context.transformContext(), feedback)
        return frame.drop(columns="fid")

    def read_optional(self, parameters, key, context, feedback, specs, crs=None):
        from ...plugin.adapters.layers import read_frame

        source = self.parameterAsSource(parameters, key, context)
        if source is None:
            return None
        names = [s.name for s in specs if s.name in source.fields().names()]
        frame = read_frame(
            source, crs, names, context.transformContext(), feedback, with_geometry=crs is not None
        )
        return frame.drop(columns="fid")

    def previous(self, parameters, context, feedback, database, meta, work_crs):
        """The previous filed version's units in the 3° zone, or None; sets meta's name."""
        from ...plugin.adapters import versions
        from ...plugin.adapters.changes_io import read_units

        source = self.parameterAsSource(parameters, self.PREVIOUS_UNITS, context)
        if source is not None:
            meta["previous_version"] = self.layer_name(parameters, self.PREVIOUS_UNITS, context)
            return read_units(source, work_crs, context, feedback)
        if not database:
            return None
        wanted = self.parameterAsString(parameters, self.PREVIOUS_VERSION, context).strip()
        if not wanted:
            filed = [
                r
                for r in versions.list_versions(database)
                if r.get(schema.VERSION_FILED) and r[schema.VERSION_ID] != meta[schema.VERSION_ID]
            ]
            if not filed:
                return None
            wanted = max(filed, key=lambda r: r[schema.VERSION_FILED])[schema.VERSION_ID]
        versions.resolve_version(database, wanted, None)
        meta["previous_version"] = wanted
        return versions.version_frame(database, wanted, "units", work_crs)

    def journal(self, database):
        from ...plugin.adapters.filing_io import table_names
        from ...plugin.core import filing

        if not database:
            return None
        present = table_names(database)
        for name in filing.JOURNAL_TABLES:
            if name in present:
                layer = QgsVectorLayer(f"{database}|layername={name}", name, "ogr")
                if layer.isValid() and layer.featureCount() > 0:  # an empty journal: none
                    return layer
        return None

    # --- running -----------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters import versions
        from ...plugin.adapters.filing_package import Cancelled, PackageInput, PackageWriter
        from ...plugin.core import filing

        folder = Path(self.parameterAsString(parameters, self.OUTPUT, context))
        if folder.exists() and any(folder.iterdir()):
            raise QgsProcessingException(
                self.tr("The package folder {0} is not empty; choose a new folder.").format(folder)
            )
        database = self.parameterAsFile(parameters, self.DATABASE, context) or None
        try:
            meta = self.metadata(parameters, context, database)
            units, units_crs, units_work, work_crs = self.read_units(parameters, context, feedback)
            checks = self.read_checks(parameters, context, feedback, units_crs)
            status = filing.qc_status(checks)
            errors = filing.open_errors(checks)
            if len(errors) and not self.parameterAsBoolean(parameters, self.FORCE, context):
                raise QgsProcessingException(
                    self.tr(
                        "{0} check errors are open (neither fixed nor accepted as exceptions); "
                        "nothing was written. Open errors: {1}"
                    ).format(len(errors), filing.describe_errors(errors))
                )
            if len(errors):
                feedback.pushWarning(
                    self.tr("The package is written marked 未通过质检: {0}").format(
                        filing.describe_errors(errors)
                    )
                )
            previous = self.previous(parameters, context, feedback, database, meta, work_crs)
        except versions.VersionError as error:
            raise QgsProcessingException(version_error_text(self, error)) from None
        meta.update(
            crs=f"{units_crs.authid()} {units_crs.description()}",
            area_rule=area_rule_text(work_crs),
            plugin_version=plugin_version(),
            qc_status=status,
            unit_count=len(units),
        )
        package = PackageInput(
            units=units,
            units_crs=units_crs,
            units_work=units_work,
            work_crs=work_crs,
            meta=meta,
            checks=checks,
            access_list=self.read_optional(
                parameters, self.ACCESS_LIST, context, feedback, schema.ACCESS_LIST_FIELDS
            ),
            regions=self.read_optional(
                parameters, self.REGIONS, context, feedback, schema.REGION_FIELDS, units_crs
            ),
            previous_work=previous,
            journal=self.journal(database),
        )
        try:
            folder, zip_path = PackageWriter(package, folder, feedback).write()
        except Cancelled:
            feedback.reportError(self.tr("Cancelled: nothing was written."))
            return {}
        feedback.pushInfo(
            self.tr("Filing package {0} written to {1} and {2} ({3}).").format(
                meta[schema.VERSION_ID], folder, zip_path, status
            )
        )
        return {self.OUTPUT: str(folder), self.ZIP: str(zip_path), self.QC_STATUS: status}
