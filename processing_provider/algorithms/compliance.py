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
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)

from ...plugin.compat import GeometryType, SourceType, WkbType, dimension_of
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm, fields_from

S, D, INT, B = "str", "float", "int64", "bool"
UNIT_OUTPUT = (
    ("project_fid", INT, "项目ID"),
    ("project_name", S, "项目名称"),
    ("unit_code", S, "单元编码"),
    ("unit_name", S, "单元名称"),
    ("unit_class", "int", "管控类别"),
    ("overlap_area_m2", D, "面积（平方米）"),
    ("overlap_length_m", D, "长度（米）"),
    ("share_pct", D, "占项目比例（%）"),
)
CONSTRAINT_OUTPUT = (
    ("project_fid", INT, "项目ID"),
    ("constraint", S, "管控要素"),
    ("role", S, "角色"),
    ("consequence", S, "后果"),
    ("overlap_area_m2", D, "占用面积（平方米）"),
    ("overlap_length_m", D, "穿越长度（米）"),
    ("inside", B, "是否占用"),
)
REQUIREMENT_OUTPUT = (
    ("project_fid", INT, "项目ID"),
    ("unit_code", S, "单元编码"),
    ("level", S, "层级"),
    ("scope_code", S, "范围代码"),
    ("dimension", S, "管控维度"),
    ("kind", S, "要求类型"),
    ("text", S, "管控要求"),
    ("industry_codes", S, "行业代码"),
    ("matched_codes", S, "命中行业"),
    ("finding", S, "研判"),
    ("requirement_id", S, "条款编号"),
)
PROJECT_OUTPUT = (
    ("project_fid", INT, "项目ID"),
    ("project_name", S, "项目名称"),
    ("industry", S, "行业代码"),
    ("industry_name", S, "行业名称"),
    ("conclusion", S, "结论"),
    ("reasons", S, "理由"),
    ("message", S, "提示"),
    ("outside", B, "超出单元范围"),
    ("unit_codes", S, "涉及单元"),
)


class Compliance(EcoZoningAlgorithm):
    NAME = "compliance"
    GROUP = "compliance"

    PROJECT = "PROJECT"
    PROJECT_NAME_FIELD = "PROJECT_NAME_FIELD"
    INDUSTRY_FIELD = "INDUSTRY_FIELD"
    INDUSTRY = "INDUSTRY"
    BUFFER = "BUFFER"
    UNITS = "UNITS"
    ACCESS_LIST = "ACCESS_LIST"
    REGIONS = "REGIONS"
    RED_LINE = "RED_LINE"
    FARMLAND = "FARMLAND"
    URBAN_BOUNDARY = "URBAN_BOUNDARY"
    PROTECTED_AREAS = "PROTECTED_AREAS"
    WATER_SOURCES = "WATER_SOURCES"
    CONSTRAINTS = "CONSTRAINTS"
    OUTPUT = "OUTPUT"
    OUTPUT_CONSTRAINTS = "OUTPUT_CONSTRAINTS"
    OUTPUT_REQUIREMENTS = "OUTPUT_REQUIREMENTS"
    OUTPUT_PROJECTS = "OUTPUT_PROJECTS"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    LOG = "LOG"

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
        self._add_zoning_parameters()
        self._add_constraint_parameters()
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

    def _add_zoning_parameters(self) -> None:
        """The units, the access list and its regions."""
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
                self.tr("Regions of the access list"),
                [SourceType.Vector],
                optional=True,
            )
        )

    def _add_constraint_parameters(self) -> None:
        """One layer parameter per role, then any other constraint layers."""
        for key, label in (
            (self.RED_LINE, self.tr("Ecological protection red line")),
            (self.FARMLAND, self.tr("Permanent basic farmland")),
            (self.URBAN_BOUNDARY, self.tr("Urban development boundary")),
            (self.PROTECTED_AREAS, self.tr("Protected natural areas")),
            (self.WATER_SOURCES, self.tr("Drinking-water source areas")),
        ):
            self.addParameter(
                QgsProcessingParameterVectorLayer(
                    key, label, [SourceType.VectorAnyGeometry], optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.CONSTRAINTS,
                self.tr(
                    "Other constraint layers (role saved in the panel or guessed from the name)"
                ),
                SourceType.VectorAnyGeometry,
                optional=True,
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

    # --- reading -------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.core import area

        projects_source, units_source, work_crs = self._sources(parameters, context, feedback)
        projects = self._projects(parameters, context, feedback, projects_source, work_crs)
        sources = self._other_sources(parameters, context, feedback)
        _access, _regions, constraint_layers, _roles = sources
        data, mapping = self._zoning_data(
            parameters, context, feedback, units_source, work_crs, sources, projects
        )
        feedback.setProgress(35)
        result = self._assess(parameters, context, feedback, projects, data, work_crs)
        self.log_roles(feedback, result.layers)
        self.log_repairs(feedback, result.repairs)
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
        constraint_layers, role_of = self._constraint_layers(parameters, context, feedback)
        return access_source, region_source, constraint_layers, role_of

    def _zoning_data(
        self, parameters, context, feedback, units_source, work_crs, sources, projects
    ):
        """({units, requirements, regions, constraints} as frames, the unit field mapping);
        ``sources`` from ``_other_sources``. Units and constraints are read only near the
        ``projects`` (filter rectangles around them, grown by the buffer)."""
        from ...plugin.adapters import compliance_data as data
        from ...plugin.core.compliance.windows import project_windows

        transform_context = context.transformContext()
        access_source, region_source, constraint_layers, role_of = sources
        buffer = self.parameterAsDouble(parameters, self.BUFFER, context)
        windows = project_windows(projects["geometry"].to_numpy(), buffer)
        try:
            units, mapping = data.read_units(
                units_source,
                work_crs,
                transform_context,
                feedback,
                self.unit_field_mapping(parameters, context, units_source, {}),
                windows,
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
                constraint_layers, work_crs, transform_context, feedback, role_of, windows
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

    def _constraint_layers(self, parameters, context, feedback):
        """(layers, {layer id: role}): the role parameters first, then the other layers
        (a layer given twice is read once, with the role of its parameter)."""
        from ...plugin.adapters.encoding import with_detected_encoding
        from ...plugin.core import roles

        chosen = []
        for key, role in (
            (self.RED_LINE, roles.RED_LINE),
            (self.FARMLAND, roles.FARMLAND),
            (self.URBAN_BOUNDARY, roles.URBAN_BOUNDARY),
            (self.PROTECTED_AREAS, roles.PROTECTED_AREA),
            (self.WATER_SOURCES, roles.WATER_SOURCE),
        ):
            layer = self.parameterAsVectorLayer(parameters, key, context)
            if layer is not None:
                chosen.append((layer, role))
        chosen += [
            (layer, None)
            for layer in self.parameterAsLayerList(parameters, self.CONSTRAINTS, context)
        ]
        layers, role_of, seen = [], {}, set()
        for layer, role in chosen:
            if layer.id() in seen:
                continue
            seen.add(layer.id())
            layer = with_detected_encoding(layer, feedback)
            layers.append(layer)
            if role:
                role_of[layer.id()] = role
        return layers, role_of

    # --- writing -------------------------------------------------------------

    def _reports(
        self, folder, result, projects, work_crs, mapping, constraint_layers, parameters, context,
        feedback,
    ):  # fmt: skip
        """Write the per-project reports into a staging folder beside ``folder``; a cancel
        between two projects removes it and stops the run. Returns the staging folder."""
        from ...plugin.adapters.report_pdf import ReportsCancelled, write_compliance_reports

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
            (self.OUTPUT, result.units, UNIT_OUTPUT, geometry_type),
            (self.OUTPUT_CONSTRAINTS, result.constraints, CONSTRAINT_OUTPUT, geometry_type),
            (
                self.OUTPUT_REQUIREMENTS,
                result.requirements,
                REQUIREMENT_OUTPUT,
                WkbType.NoGeometry,
            ),
            (self.OUTPUT_PROJECTS, result.projects, PROJECT_OUTPUT, WkbType.NoGeometry),
        ):
            fields = fields_from(spec)
            crs = out_crs if kind != WkbType.NoGeometry else QgsCoordinateReferenceSystem()
            if kind == WkbType.NoGeometry and "geometry" in frame:
                frame = frame.drop(columns="geometry")
            dimension = dimension_of(kind)
            features = self.prepare(frame, fields, feedback, work_crs, out_crs, dimension=dimension)
            prepared.append((key, fields, kind, crs, features, key == self.OUTPUT))
        return self.commit_outputs(parameters, context, feedback, prepared)
