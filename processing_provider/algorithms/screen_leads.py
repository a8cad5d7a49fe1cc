"""线索筛查: supervision leads from enterprises, permits, approvals and change patches."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
)

from ...plugin.adapters.excel import ExcelError, write_sheets
from ...plugin.adapters.fields import qgs_fields
from ...plugin.adapters.postgis.pushdown import mode_parameter
from ...plugin.compat import SourceType, WkbType
from ...plugin.core import schema, tables
from ..assessment_inputs import AssessmentInputsMixin
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin
from ..outputs import OutputsMixin
from ..reporting import ReportingMixin


def lead_fields():
    return qgs_fields(schema.LEAD_FIELDS)


class ScreenLeads(
    AssessmentInputsMixin, InputsMixin, OutputsMixin, ReportingMixin, EcoZoningAlgorithm
):
    NAME = "screenleads"
    GROUP = "supervision"

    SOURCES = "SOURCES"
    INDUSTRY_FIELD = "INDUSTRY_FIELD"
    DATE_FIELD = "DATE_FIELD"
    ID_FIELD = "ID_FIELD"
    SINCE = "SINCE"
    PREVIOUS_LEADS = "PREVIOUS_LEADS"
    OUTPUT = "OUTPUT"
    OUTPUT_COUNTIES = "OUTPUT_COUNTIES"
    OUTPUT_UNITS = "OUTPUT_UNITS"
    OUTPUT_HTML = "OUTPUT_HTML"
    OUTPUT_XLSX = "OUTPUT_XLSX"
    LOG = "LOG"
    MODE = "MODE"

    def displayName(self):  # noqa: N802
        return self.tr("Screen supervision leads")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Screens source layers (enterprises, pollutant discharge permits, EIA approvals, "
            "remote-sensing change patches; points or polygons) with the compliance engine and "
            "lists a lead for every feature inside the red line or another prohibiting "
            "constraint, of an industry forbidden by its unit's effective access list, breaking "
            "a region rule (such as no mining within 1 km of a river), inside a restricting "
            "constraint, under a key-control unit's requirement, or a new activity inside a "
            "priority-protection unit (dated on or after the date given, or any date when none "
            "is given). Each lead has its reason, unit, requirement, severity, area or position "
            "and source feature, and a status (待核实 / 属实 / 不属实 / 已整改): give the previous "
            "leads to keep the status and note of leads that still exist (a lead is known by "
            "its source layer, the feature's id field or geometry, reason, requirement and "
            "unit). Industry, date and id fields are used where a layer has them. Writes "
            "summaries per county and unit, an HTML report and an Excel workbook, and appends "
            "the counts to the project database's assessment log when one is given."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.SOURCES, self.tr("Source layers"), SourceType.VectorAnyGeometry
            )
        )
        for key, label, names in (
            (
                self.INDUSTRY_FIELD,
                self.tr("Industry code field (GB/T 4754-2017)"),
                schema.SOURCE_INDUSTRY_NAMES,
            ),
            (self.DATE_FIELD, self.tr("Date field"), schema.SOURCE_DATE_NAMES),
            (
                self.ID_FIELD,
                self.tr("Stable id field (credit code, permit number…)"),
                schema.SOURCE_ID_NAMES,
            ),
        ):
            parameter = QgsProcessingParameterString(key, label, optional=True)
            parameter.setHelp(self.tr("Tried when empty: {0}").format(", ".join(names)))
            self.addParameter(parameter)
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.SINCE,
                self.tr("New activities since"),
                QgsProcessingParameterDateTime.Type.Date,
                optional=True,
            )
        )
        self.add_assessment_inputs(self.tr("Other constraint layers"))
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PREVIOUS_LEADS,
                self.tr("Previous leads (keep their status)"),
                [SourceType.VectorAnyGeometry],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.LOG,
                self.tr("Project database to log the screening in (assessment log)"),
                QgsProcessingParameterFile.Behavior.File,
                "gpkg",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Supervision leads"), SourceType.VectorPoint
            )
        )
        for key, label in (
            (self.OUTPUT_COUNTIES, self.tr("Leads per county")),
            (self.OUTPUT_UNITS, self.tr("Leads per unit")),
        ):
            self.addParameter(
                QgsProcessingParameterFeatureSink(
                    key, label, SourceType.Vector, optional=True, createByDefault=True
                )
            )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_HTML, self.tr("Screening report"), "HTML (*.html)", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_XLSX, self.tr("Excel workbook"), "Excel (*.xlsx)", optional=True
            )
        )
        self.addParameter(mode_parameter(self.MODE))

    # --- running -------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters import compliance_data as data
        from ...plugin.core import compliance
        from ...plugin.core.supervision import leads as lead_core

        units_source = self.input_source(parameters, self.UNITS, context, feedback)
        if units_source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        if units_source.featureCount() == 0:
            raise QgsProcessingException(self.tr("The unit layer has no features."))
        work_crs = self.working_crs(units_source, self.layer_name(parameters, self.UNITS, context))
        tc = context.transformContext()
        sources = self._sources(parameters, context, feedback, work_crs)
        access_source = self.input_source(parameters, self.ACCESS_LIST, context, feedback)
        region_source = self.input_source(parameters, self.REGIONS, context, feedback)
        constraint_layers, role_of = self.constraint_layers(parameters, context, feedback)
        read_units_from, constraint_layers, role_of, table_repairs = self._near_sources(
            parameters, context, feedback, units_source, constraint_layers, role_of, work_crs
        )
        try:
            units, _ = data.read_units(
                read_units_from,
                work_crs,
                tc,
                feedback,
                self.unit_field_mapping(parameters, context, units_source, {}),
            )
            requirements = (
                data.read_requirements(access_source, tc, feedback) if access_source else None
            )
            regions = (
                data.read_regions(region_source, work_crs, tc, feedback) if region_source else None
            )
            constraints = data.read_constraints(constraint_layers, work_crs, tc, feedback, role_of)
        except data.ComplianceDataError as error:
            raise QgsProcessingException(str(error)) from None
        previous = self._previous(parameters, context, feedback)
        since = self.parameterAsDateTime(parameters, self.SINCE, context)
        since = since.date().toPyDate() if since.isValid() and parameters.get(self.SINCE) else None
        feedback.setProgress(20)
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.core import area

        try:
            with area.using(rule_for(work_crs)) as rule:
                index = compliance.ComplianceIndex(
                    units,
                    requirements,
                    regions,
                    constraints,
                    unit_layer=self.layer_name(parameters, self.UNITS, context),
                )
                result = lead_core.screen(
                    sources,
                    index,
                    since=since,
                    previous=previous,
                    progress=self.progress_callback(feedback, 20, 85),
                    is_cancelled=feedback.isCanceled,
                )
            feedback.pushInfo(self.tr("Areas: {0}").format(self.area_rule_text(rule)))
        except compliance.Cancelled:
            raise self.cancelled() from None
        except (compliance.ComplianceError, lead_core.ScreeningError) as error:
            raise QgsProcessingException(str(error)) from None
        self._log_repairs_and_roles(feedback, result, table_repairs)
        outputs = self._write_outputs(parameters, context, feedback, result, units_source, work_crs)
        for row in result.counts.itertuples():
            feedback.pushInfo(
                self.tr("{0}: {1} features, {2} leads ({3} of high severity)").format(
                    row.source_layer, row.features, row.leads, row.high
                )
            )
        self._log_counts(parameters, context, feedback, result.counts)
        return outputs

    def _log_repairs_and_roles(self, feedback, result, table_repairs) -> None:
        """The repair log (with the whole tables' log of a database run) and the roles."""
        if not result.assessments:
            return
        import pandas as pd

        repairs = pd.concat([a.repairs for a in result.assessments.values()])
        if table_repairs is not None:
            from ...plugin.adapters.postgis.pushdown_compliance import merged_log

            repairs = merged_log(repairs, table_repairs)
        self.log_repairs(feedback, repairs.drop_duplicates(["layer", "fid"]))
        self.log_roles(feedback, next(iter(result.assessments.values())).layers)

    def _near_sources(
        self, parameters, context, feedback, units_source, constraint_layers, role_of, work_crs
    ):
        """What to read the units and constraints from: (units, constraint layers, roles, the
        tables' repair log). With the units, constraints and source layers PostGIS tables on
        one connection (MODE permitting): query layers holding only the units and the
        (subdivided) constraint pieces near a source feature, selected in the database by
        the source tables themselves; else the inputs as given (and no repair log)."""
        from ...plugin.adapters.compliance_data import role_for
        from ...plugin.adapters.postgis import connection, pushdown, pushdown_compliance

        as_given = (units_source, constraint_layers, role_of, None)
        mode = self.parameterAsEnum(parameters, self.MODE, context)
        units_layer = self.parameterAsVectorLayer(parameters, self.UNITS, context)
        if mode == pushdown.MODE_QGIS or (
            mode == pushdown.MODE_AUTO and not pushdown.on_postgis(units_layer)
        ):
            return as_given
        source_layers = self.input_layers(parameters, self.SOURCES, context, feedback)
        reason = (
            pushdown.refusal(
                units_layer,
                [*constraint_layers, *source_layers],
                selected_only=units_source.featureCount() != units_layer.featureCount(),
                work_crs=work_crs,
            )
            if units_layer is not None
            else self.tr("the unit layer is not a layer of the project")
        )
        if reason is not None:
            if mode == pushdown.MODE_DATABASE:
                raise QgsProcessingException(
                    self.tr("The screening cannot run in the database: {0}.").format(reason)
                )
            feedback.pushInfo(self.tr("Units and constraints are read whole: {0}.").format(reason))
            return as_given
        with connection.processing_errors():
            units, layers, repairs = pushdown_compliance.layers_near_sources(
                units_layer, constraint_layers, source_layers, work_crs
            )
        roles = {
            near.id(): role_for(layer, role_of) for near, layer in zip(layers, constraint_layers)
        }
        feedback.pushInfo(
            self.tr("Units and constraints near the source features are selected in the database.")
        )
        return units, layers, roles, repairs

    def _field(self, parameters, key, context, layer, names):
        chosen = self.parameterAsString(parameters, key, context)
        present = layer.fields().names()
        for name in [chosen] if chosen else names:
            if name in present:
                return name
        return None

    def _sources(self, parameters, context, feedback, work_crs):
        from ...plugin.adapters.layers import read_frame
        from ...plugin.core.supervision.leads import Source

        layers = self.input_layers(parameters, self.SOURCES, context, feedback)
        if not layers:
            raise QgsProcessingException(self.tr("Give at least one source layer."))
        sources, seen = [], set()
        for layer in layers:
            wanted = {
                "industry": self._field(
                    parameters, self.INDUSTRY_FIELD, context, layer, schema.SOURCE_INDUSTRY_NAMES
                ),
                "date": self._field(
                    parameters, self.DATE_FIELD, context, layer, schema.SOURCE_DATE_NAMES
                ),
                "key": self._field(
                    parameters, self.ID_FIELD, context, layer, schema.SOURCE_ID_NAMES
                ),
            }
            wanted = {k: v for k, v in wanted.items() if v}
            name = layer.name()
            while name in seen:
                name += "'"
            seen.add(name)
            frame = read_frame(
                layer,
                work_crs,
                list(dict.fromkeys(wanted.values())),
                context.transformContext(),
                feedback,
            )
            for column, field in wanted.items():
                frame[column] = frame[field]
            feedback.pushInfo(
                self.tr(
                    "Source layer {0}: {1} features; industry field {2}, date field {3}, id field {4}"
                ).format(
                    name,
                    len(frame),
                    wanted.get("industry", "-"),
                    wanted.get("date", "-"),
                    wanted.get("key", "-"),
                )
            )
            sources.append(Source(name, frame))
        return sources

    def _previous(self, parameters, context, feedback):
        from ...plugin.adapters.layers import read_frame

        source = self.input_source(parameters, self.PREVIOUS_LEADS, context, feedback)
        if source is None:
            return None
        missing = [n for n in ("lead_key", "status") if source.fields().indexOf(n) < 0]
        if missing:
            raise QgsProcessingException(
                self.tr("The previous leads lack the fields {0}.").format(", ".join(missing))
            )
        names = ["lead_key", "status"] + [
            n for n in ("note", "found_on") if source.fields().indexOf(n) >= 0
        ]
        return read_frame(
            source, None, names, context.transformContext(), feedback, with_geometry=False
        )

    def _write_outputs(self, parameters, context, feedback, result, units_source, work_crs):
        from ...plugin.core.supervision import leads as lead_core
        from ...plugin.core.supervision import leads_report

        out_crs = units_source.sourceCrs()
        county, unit = lead_core.summaries(result.leads)
        fields = lead_fields()
        features = self.prepare(result.leads, fields, feedback, work_crs, out_crs, multi=False)
        prepared = [
            (self.OUTPUT, fields, WkbType.Point, out_crs, features, True),
            self.table_output(
                self.OUTPUT_COUNTIES, county, qgs_fields(tables.SCREENING_COUNTIES), feedback
            ),
            self.table_output(
                self.OUTPUT_UNITS, unit, qgs_fields(tables.SCREENING_UNITS), feedback
            ),
        ]
        outputs = self.commit_outputs(parameters, context, feedback, prepared)
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        if html_path:
            with open(html_path, "w", encoding="utf-8") as handle:
                handle.write(leads_report.html(result.leads, county, unit, result.counts))
            outputs[self.OUTPUT_HTML] = html_path
        xlsx_path = self.parameterAsFileOutput(parameters, self.OUTPUT_XLSX, context)
        if xlsx_path:
            try:
                write_sheets(
                    xlsx_path,
                    list(leads_report.sheets(result.leads, county, unit, result.counts).items()),
                )
            except ExcelError as error:
                raise QgsProcessingException(
                    self.tr("The Excel workbook was not written: {0}").format(error)
                ) from None
            outputs[self.OUTPUT_XLSX] = xlsx_path
        return outputs

    def _log_counts(self, parameters, context, feedback, counts) -> None:
        path = self.parameterAsFile(parameters, self.LOG, context)
        if not path:
            return
        from ...plugin.adapters.project_db import ProjectDatabaseError, append_log
        from ...plugin.core.supervision.assessment_log import screening_rows

        try:
            append_log(path, screening_rows(counts))
        except ProjectDatabaseError as error:
            feedback.reportError(self.tr("The assessment log was not written: {0}").format(error))
            return
        feedback.pushInfo(self.tr("Screening counts logged in {0}").format(path))
