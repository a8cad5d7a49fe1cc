"""建设项目符合性分析: assess construction projects against units, constraints and access lists."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...plugin.adapters.fields import qgs_fields
from ...plugin.adapters.postgis import pushdown
from ...plugin.adapters.postgis.pushdown import mode_parameter
from ...plugin.adapters.report_pdf import ReportsCancelled, write_compliance_reports
from ...plugin.compat import GeometryType, SourceType, WkbType, dimension_of
from ...plugin.core import schema, tables
from ..assessment_inputs import AssessmentInputsMixin
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin
from ..outputs import OutputsMixin
from ..reporting import ReportingMixin


class Compliance(
    AssessmentInputsMixin, InputsMixin, OutputsMixin, ReportingMixin, EcoZoningAlgorithm
):
    NAME = "compliance"
    GROUP = "compliance"

    PROJECT = "PROJECT"
    PROJECT_NAME_FIELD = "PROJECT_NAME_FIELD"
    INDUSTRY_FIELD = "INDUSTRY_FIELD"
    INDUSTRY = "INDUSTRY"
    BUFFER = "BUFFER"
    OUTPUT = "OUTPUT"
    OUTPUT_CONSTRAINTS = "OUTPUT_CONSTRAINTS"
    OUTPUT_REQUIREMENTS = "OUTPUT_REQUIREMENTS"
    OUTPUT_PROJECTS = "OUTPUT_PROJECTS"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    LOG = "LOG"
    MODE = "MODE"

    def flags(self):
        # the report renders maps with print layouts: keep it on the main thread
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def displayName(self):  # noqa: N802
        return self.tr("Assess construction projects")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "For each project (points, lines or polygons; several at once): the control units it "
            "touches with the area or length in each, its overlap with the red line, permanent "
            "farmland and other constraint layers, and every requirement of the touched units' "
            "access lists with an automatic finding: a prohibition whose industry codes match the "
            "project's (GB/T 4754-2017, by prefix) is not compliant, a matching restriction needs "
            "further justification, requirements without industry codes need a manual check. "
            "Requirements of regions given by an area apply to projects reaching into them. "
            "Constraint layers have a role: given by its parameter (red line, permanent farmland, "
            "urban development boundary, protected areas, drinking-water sources), else chosen in "
            "the project screening panel, else guessed from the layer name (生态红线, STBHHX, "
            "YJJBNT, CZKFBJ …). The red line prohibits (not compliant), farmland, protected areas "
            "and water sources restrict (conditionally compliant), the urban boundary informs. A "
            "layer whose role is unknown is reported and projects on it need more information. "
            "Every repaired input feature is logged. "
            "Writes an HTML and a PDF report per project with a map. With a project database "
            "given as the log, every project's verdict is appended to its assessment log. The "
            "final judgement rests with the reviewer."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self._add_project_parameters()
        self.add_assessment_inputs(
            self.tr("Other constraint layers (role saved in the panel or guessed from the name)")
        )
        self._add_outputs()

    def _add_project_parameters(self) -> None:
        """The projects, their name and industry fields, one industry for all, the buffer."""
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PROJECT,
                self.tr("Construction projects"),
                [SourceType.VectorAnyGeometry],
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.PROJECT_NAME_FIELD,
                self.tr("Project name field"),
                None,
                self.PROJECT,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.INDUSTRY_FIELD,
                self.tr("Industry code field (GB/T 4754-2017)"),
                None,
                self.PROJECT,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.INDUSTRY, self.tr("Industry code for all projects"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.BUFFER,
                self.tr("Buffer for points and lines (m)"),
                QgsProcessingParameterNumber.Type.Double,
                0.0,
                False,
                0.0,
            )
        )

    def _add_outputs(self) -> None:
        """The four tables, the report folder and the assessment log."""
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Project × unit"), SourceType.VectorAnyGeometry
            )
        )
        for key, label, kind in (
            (
                self.OUTPUT_CONSTRAINTS,
                self.tr("Project × constraint"),
                SourceType.VectorAnyGeometry,
            ),
            (self.OUTPUT_REQUIREMENTS, self.tr("Applicable requirements"), SourceType.Vector),
            (self.OUTPUT_PROJECTS, self.tr("Conclusions"), SourceType.Vector),
        ):
            self.addParameter(
                QgsProcessingParameterFeatureSink(
                    key, label, kind, optional=True, createByDefault=True
                )
            )
        self.addParameter(
            QgsProcessingParameterFolderDestination(
                self.OUTPUT_REPORT, self.tr("Report folder"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.LOG,
                self.tr("Project database to log the assessments in (assessment log)"),
                QgsProcessingParameterFile.Behavior.File,
                "gpkg",
                optional=True,
            )
        )

        self.addParameter(mode_parameter(self.MODE))

    # --- reading -------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.core import area

        projects_source, units_source, work_crs = self._sources(parameters, context, feedback)
        projects = self._projects(parameters, context, feedback, projects_source, work_crs)
        sources = self._other_sources(parameters, context, feedback)
        _access, _regions, constraint_layers, _roles = sources
        reading = self._near_projects(
            parameters, context, feedback, projects, units_source, sources
        )
        data, mapping = self._zoning_data(
            parameters, context, feedback, units_source, work_crs, sources, reading, projects
        )
        feedback.setProgress(35)
        result = self._assess(parameters, context, feedback, projects, data, work_crs)
        self.log_roles(feedback, result.layers)
        self.log_repairs(feedback, self._with_table_repairs(result.repairs, reading[3]))
        folder = self.parameterAsString(parameters, self.OUTPUT_REPORT, context)
        staging = None
        if folder:
            with area.using(rule_for(work_crs)):  # the reports state the area rule
                staging = self._reports(
                    folder, result, projects, work_crs, mapping, constraint_layers, parameters,
                    context, feedback,
                )  # fmt: skip
        outputs = self._write_and_publish(
            parameters, context, feedback, result, projects_source, work_crs, staging, folder
        )
        for row in result.projects.itertuples():
            feedback.pushInfo(f"{row.project_name}: {row.conclusion}")
        self._log(parameters, context, feedback, result)
        return outputs

    def _sources(self, parameters, context, feedback):
        """(project source, unit source, working CRS); a missing or empty input stops the run."""
        projects_source = self.input_source(parameters, self.PROJECT, context, feedback)
        units_source = self.input_source(parameters, self.UNITS, context, feedback)
        if projects_source is None or units_source is None:
            raise QgsProcessingException(
                self.invalidSourceError(
                    parameters, self.PROJECT if projects_source is None else self.UNITS
                )
            )
        if units_source.featureCount() == 0:
            raise QgsProcessingException(self.tr("The unit layer has no features."))
        work_crs = self.working_crs(units_source, self.layer_name(parameters, self.UNITS, context))
        return projects_source, units_source, work_crs

    def _projects(self, parameters, context, feedback, source, work_crs):
        """The projects in the working CRS, with "name" and "industry" columns."""
        from ...plugin.adapters.layers import read_frame

        name_field = self.parameterAsString(parameters, self.PROJECT_NAME_FIELD, context)
        industry_field = self.parameterAsString(parameters, self.INDUSTRY_FIELD, context)
        wanted = [f for f in (name_field, industry_field) if f]
        projects = read_frame(source, work_crs, wanted, context.transformContext(), feedback)
        projects["name"] = (
            projects[name_field].astype(str) if name_field else projects["fid"].astype(str)
        )
        projects["industry"] = projects[industry_field] if industry_field else None
        return projects

    def _other_sources(self, parameters, context, feedback):
        """(access-list source, region source, constraint layers, {layer id: role})."""
        access_source = self.input_source(parameters, self.ACCESS_LIST, context, feedback)
        region_source = self.input_source(parameters, self.REGIONS, context, feedback)
        constraint_layers, role_of = self.constraint_layers(parameters, context, feedback)
        return access_source, region_source, constraint_layers, role_of

    def _zoning_data(
        self, parameters, context, feedback, units_source, work_crs, sources, reading, projects
    ):
        """({units, requirements, regions, constraints} as frames, the unit field mapping);
        ``sources`` from ``_other_sources``, ``reading`` from ``_near_projects``. Units and
        constraints are read only near the ``projects`` (filter rectangles around them)."""
        from ...plugin.adapters import compliance_data as data
        from ...plugin.core.compliance import UNIT_FIELDS_READ
        from ...plugin.core.compliance.windows import project_windows

        transform_context = context.transformContext()
        access_source, region_source, _, _ = sources
        read_units_from, read_constraints_from, role_of, _ = reading
        buffer = self.parameterAsDouble(parameters, self.BUFFER, context)
        windows = project_windows(projects["geometry"].to_numpy(), buffer)
        try:
            units, mapping = data.read_units(
                read_units_from,
                work_crs,
                transform_context,
                feedback,
                self.unit_field_mapping(parameters, context, units_source, {}),
                windows,
                self._whole_file(parameters, context, units_source)
                if read_units_from is units_source
                else None,
                columns=UNIT_FIELDS_READ,
            )
            feedback.setProgress(15)
            requirements = (
                data.read_requirements(access_source, transform_context, feedback)
                if access_source is not None
                else None
            )
            regions = (
                data.read_regions(region_source, work_crs, transform_context, feedback)
                if region_source is not None
                else None
            )
            constraints = data.read_constraints(
                read_constraints_from, work_crs, transform_context, feedback, role_of, windows
            )
        except data.ComplianceDataError as error:
            raise QgsProcessingException(str(error)) from None
        found = {
            "units": units,
            "requirements": requirements,
            "regions": regions,
            "constraints": constraints,
        }
        return found, mapping

    def _whole_file(self, parameters, context, units_source):
        """The file table behind the unit layer when ``units_source`` is all of it (no
        selection or feature limit), so that its geometries can be read in bulk; else None."""
        from qgis.core import QgsProcessingFeatureSourceDefinition

        from ...plugin.adapters.direct_read import direct_table

        value = parameters.get(self.UNITS)
        if isinstance(value, QgsProcessingFeatureSourceDefinition) and (
            value.selectedFeaturesOnly or value.featureLimit != -1
        ):
            return None
        layer = self.parameterAsVectorLayer(parameters, self.UNITS, context)
        if layer is None or layer.featureCount() != units_source.featureCount():
            return None
        return direct_table(layer)

    def _assess(self, parameters, context, feedback, projects, data, work_crs):
        """The engine's result; a cancel or unusable input stops the run with a message."""
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.core import area, compliance

        job = compliance.ComplianceInput(
            projects=projects,
            **data,
            buffer=self.parameterAsDouble(parameters, self.BUFFER, context),
            default_industry=self.parameterAsString(parameters, self.INDUSTRY, context) or None,
            project_layer=self.layer_name(parameters, self.PROJECT, context),
            unit_layer=self.layer_name(parameters, self.UNITS, context),
            region_layer=self.layer_name(parameters, self.REGIONS, context),
        )
        try:
            with area.using(rule_for(work_crs)):
                return compliance.assess(
                    job, self.progress_callback(feedback, 35, 75), feedback.isCanceled
                )
        except compliance.Cancelled:
            raise self.cancelled() from None
        except compliance.ComplianceError as error:
            raise QgsProcessingException(str(error)) from None

    def _write_and_publish(
        self, parameters, context, feedback, result, projects_source, work_crs, staging, folder
    ):
        """Write the tables, then move the staged reports into ``folder`` (a failed write
        removes the staged reports)."""
        try:
            outputs = self._write(parameters, context, feedback, result, projects_source, work_crs)
        except BaseException:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            raise
        if staging is not None:
            self._publish(staging, folder)
            feedback.pushInfo(self.tr("Reports written to {0}").format(folder))
            outputs[self.OUTPUT_REPORT] = folder
        return outputs

    @staticmethod
    def _with_table_repairs(repairs, table_repairs):
        """The core's repair log, with the whole tables' log of a database run."""
        if table_repairs is None:
            return repairs
        from ...plugin.adapters.postgis.pushdown_compliance import merged_log

        return merged_log(repairs, table_repairs)

    def _near_projects(self, parameters, context, feedback, projects, units_source, sources):
        """What to read the units and constraints from: (units, constraint layers, roles, the
        tables' repair log) — with the units and constraint layers in PostGIS (MODE
        permitting), query layers holding only what lies near the projects, else the inputs
        as given (and no repair log). ``sources`` from ``_other_sources``."""

        _, _, constraint_layers, role_of = sources
        as_given = (units_source, constraint_layers, role_of, None)
        mode = self.parameterAsEnum(parameters, self.MODE, context)
        units_layer = self.parameterAsVectorLayer(parameters, self.UNITS, context)
        if mode == pushdown.MODE_QGIS or (
            mode == pushdown.MODE_AUTO and not pushdown.on_postgis(units_layer)
        ):
            return as_given
        return (
            self._read_near_projects(
                parameters, context, feedback, projects, units_layer, constraint_layers, role_of
            )
            or as_given
        )

    def _read_near_projects(
        self, parameters, context, feedback, projects, units_layer, constraint_layers, role_of
    ):
        """The query layers near the projects (see ``_near_projects``), or None (with the
        reason logged) when the inputs do not allow it in automatic mode."""
        from ...plugin.adapters.compliance_data import role_for
        from ...plugin.adapters.postgis import connection, pushdown, pushdown_compliance

        mode = self.parameterAsEnum(parameters, self.MODE, context)
        units_source = self.input_source(parameters, self.UNITS, context, feedback)
        work_crs = self.working_crs(units_source, self.layer_name(parameters, self.UNITS, context))
        reason = pushdown.refusal(
            units_layer,
            constraint_layers,
            selected_only=units_layer is None
            or units_source.featureCount() != units_layer.featureCount(),
            work_crs=work_crs,
        )
        if reason is not None:
            if mode == pushdown.MODE_DATABASE:
                raise QgsProcessingException(
                    self.tr(
                        "The units and constraints cannot be read in the database: {0}."
                    ).format(reason)
                )
            feedback.pushInfo(self.tr("Units and constraints are read whole: {0}.").format(reason))
            return None
        buffer = self.parameterAsDouble(parameters, self.BUFFER, context)
        with connection.processing_errors():
            units, layers, repairs = pushdown_compliance.layers_near(
                units_layer, constraint_layers, projects, work_crs, buffer
            )
        roles = {
            near.id(): role_for(layer, role_of) for near, layer in zip(layers, constraint_layers)
        }
        feedback.pushInfo(
            self.tr("Units and constraints near the projects are selected in the database.")
        )
        return units, layers, roles, repairs

    def _log(self, parameters, context, feedback, result) -> None:
        """Append every project's verdict to the project database's assessment log."""
        path = self.parameterAsFile(parameters, self.LOG, context)
        if not path:
            return
        from ...plugin.adapters.project_db import ProjectDatabaseError, append_log
        from ...plugin.core.supervision.assessment_log import compliance_rows

        try:
            count = append_log(path, compliance_rows(result, "algorithm"))
        except ProjectDatabaseError as error:
            feedback.reportError(self.tr("The assessment log was not written: {0}").format(error))
            return
        feedback.pushInfo(self.tr("{0} assessments logged in {1}").format(count, path))

    def _reports(
        self, folder, result, projects, work_crs, mapping, constraint_layers, parameters, context,
        feedback,
    ):  # fmt: skip
        """Write the per-project reports into a staging folder beside ``folder``; a cancel
        between two projects removes it and stops the run. Returns the staging folder."""

        Path(folder).mkdir(parents=True, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=".ecozoning-reports-", dir=folder)
        try:
            problems = write_compliance_reports(
                staging,
                result,
                dict(zip(projects["fid"], projects["geometry"])),
                work_crs,
                self.parameterAsVectorLayer(parameters, self.UNITS, context),
                mapping.get(schema.UNIT_CLASS),
                constraint_layers,
                is_cancelled=feedback.isCanceled,
            )
        except ReportsCancelled:
            shutil.rmtree(staging, ignore_errors=True)
            raise self.cancelled() from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        for name, error in problems.items():
            if error:
                feedback.reportError(self.tr("Map of {0} not drawn: {1}").format(name, error))
        return staging

    @staticmethod
    def _publish(staging, folder) -> None:
        """Move the finished reports from the staging folder into ``folder``."""
        for item in Path(staging).iterdir():
            item.replace(Path(folder) / item.name)
        shutil.rmtree(staging, ignore_errors=True)

    def _geometry_type(self, source, buffer: float):
        kind = QgsWkbTypes.geometryType(source.wkbType())
        if buffer > 0 or kind == GeometryType.Polygon:
            return WkbType.MultiPolygon
        return {
            GeometryType.Line: WkbType.MultiLineString,
            GeometryType.Point: WkbType.MultiPoint,
        }.get(kind, WkbType.NoGeometry)

    def _write(self, parameters, context, feedback, result, projects_source, work_crs):
        out_crs = projects_source.sourceCrs()
        geometry_type = self._geometry_type(
            projects_source, self.parameterAsDouble(parameters, self.BUFFER, context)
        )
        prepared = []
        for key, frame, spec, kind in (
            (self.OUTPUT, result.units, tables.COMPLIANCE_UNITS, geometry_type),
            (
                self.OUTPUT_CONSTRAINTS,
                result.constraints,
                tables.COMPLIANCE_CONSTRAINTS,
                geometry_type,
            ),
            (
                self.OUTPUT_REQUIREMENTS,
                result.requirements,
                tables.COMPLIANCE_REQUIREMENTS,
                WkbType.NoGeometry,
            ),
            (self.OUTPUT_PROJECTS, result.projects, tables.COMPLIANCE_PROJECTS, WkbType.NoGeometry),
        ):
            fields = qgs_fields(spec)
            crs = out_crs if kind != WkbType.NoGeometry else QgsCoordinateReferenceSystem()
            if kind == WkbType.NoGeometry and "geometry" in frame:
                frame = frame.drop(columns="geometry")
            dimension = dimension_of(kind)
            features = self.prepare(frame, fields, feedback, work_crs, out_crs, dimension=dimension)
            prepared.append((key, fields, kind, crs, features, key == self.OUTPUT))
        return self.commit_outputs(parameters, context, feedback, prepared)
