"""跟踪评估: yearly tracking indicators per county and for the whole area."""

from __future__ import annotations

import datetime as _dt

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...plugin.adapters.fields import qgs_fields
from ...plugin.compat import SourceType
from ...plugin.core import schema, tables
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin
from ..outputs import OutputsMixin
from ..reporting import ReportingMixin

TARGET_NAMES = ("target_met", "SFDB", "是否达标", "DB", "达标")
LEAD_COLUMNS = ("county_code", "found_on", "source_date", "status", "reason_code", "area_m2")


class TrackingIndicators(InputsMixin, OutputsMixin, ReportingMixin, EcoZoningAlgorithm):
    NAME = "trackingindicators"
    GROUP = "supervision"
    ICON = "statistics.svg"

    UNITS = "UNITS"
    PREVIOUS_UNITS = "PREVIOUS_UNITS"
    RED_LINE = "RED_LINE"
    LOG = "LOG"
    LEADS = "LEADS"
    USER_LAYERS = "USER_LAYERS"
    TARGET_FIELD = "TARGET_FIELD"
    USER_DATE_FIELD = "USER_DATE_FIELD"
    YEAR_FROM = "YEAR_FROM"
    YEAR_TO = "YEAR_TO"
    OUTPUT = "OUTPUT"
    OUTPUT_XLSX = "OUTPUT_XLSX"
    OUTPUT_HTML = "OUTPUT_HTML"

    def displayName(self):  # noqa: N802
        return self.tr("Tracking indicators")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Yearly tracking (跟踪评估) per county and for the whole area: unit counts and areas "
            "by class with the change against a previous unit layer; the red line's area and "
            "its share inside priority-protection units; projects assessed and the shares of "
            "their verdicts, from the project database's assessment log; leads found, verified "
            "and closed, and the area of human activity inside priority units, from a screened "
            "lead layer; and for each layer of your own (for example monitoring sections with a "
            "target-met field), the share meeting the target per unit class. Yearly figures are "
            "given for every year of the range. Writes a table, an Excel workbook and an HTML "
            "report with year-on-year charts."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [SourceType.VectorPolygon]
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.UNITS, self.tr("Control units"), polygon)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PREVIOUS_UNITS,
                self.tr("Previous version of the units"),
                polygon,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.RED_LINE, self.tr("Ecological protection red line"), polygon, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.LOG,
                self.tr("Project database with the assessment log"),
                QgsProcessingParameterFile.Behavior.File,
                "gpkg",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.LEADS,
                self.tr("Supervision leads (from the screening)"),
                [SourceType.VectorAnyGeometry],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.USER_LAYERS,
                self.tr("Your own indicator layers (points with a target-met field)"),
                SourceType.VectorAnyGeometry,
                optional=True,
            )
        )
        for key, label in (
            (self.TARGET_FIELD, self.tr("Target-met field of your layers")),
            (self.USER_DATE_FIELD, self.tr("Date field of your layers")),
        ):
            self.addParameter(QgsProcessingParameterString(key, label, optional=True))
        this_year = _dt.date.today().year
        for key, label, default in (
            (self.YEAR_FROM, self.tr("First year"), this_year - 1),
            (self.YEAR_TO, self.tr("Last year"), this_year),
        ):
            self.addParameter(
                QgsProcessingParameterNumber(
                    key,
                    label,
                    QgsProcessingParameterNumber.Type.Integer,
                    default,
                    False,
                    1990,
                    2100,
                )
            )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Tracking indicators"), SourceType.Vector
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_XLSX, self.tr("Excel workbook"), "Excel (*.xlsx)", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_HTML, self.tr("Tracking report"), "HTML (*.html)", optional=True
            )
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.core.supervision import indicators

        first = self.parameterAsInt(parameters, self.YEAR_FROM, context)
        last = self.parameterAsInt(parameters, self.YEAR_TO, context)
        if last < first:
            raise QgsProcessingException(
                self.tr("The last year ({0}) is before the first year ({1}).").format(last, first)
            )
        inp = self._read(parameters, context, feedback)
        feedback.setProgress(50)
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.core import area

        try:
            with area.using(rule_for(self._work_crs)) as rule:
                table = indicators.compute(inp, range(first, last + 1))
            feedback.pushInfo(self.tr("Areas: {0}").format(self.area_rule_text(rule)))
        except indicators.TrackingError as error:
            raise QgsProcessingException(str(error)) from None
        return self._write(parameters, context, feedback, table)

    # --- reading -------------------------------------------------------------

    def _read(self, parameters, context, feedback):
        from ...plugin.adapters import compliance_data as data
        from ...plugin.adapters.layers import read_frame
        from ...plugin.adapters.project_db import ProjectDatabaseError, read_log
        from ...plugin.core.supervision import indicators

        units_source = self.input_source(parameters, self.UNITS, context, feedback)
        if units_source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        work_crs = self.working_crs(units_source, self.layer_name(parameters, self.UNITS, context))
        self._work_crs = work_crs
        tc = context.transformContext()
        previous_source = self.input_source(parameters, self.PREVIOUS_UNITS, context, feedback)
        try:
            units, _ = data.read_units(
                units_source,
                work_crs,
                tc,
                feedback,
                self.unit_field_mapping(parameters, context, units_source, {}),
            )
            previous = (
                data.read_units(previous_source, work_crs, tc, feedback)[0]
                if previous_source is not None
                else None
            )
        except data.ComplianceDataError as error:
            raise QgsProcessingException(str(error)) from None
        red_source = self.input_source(parameters, self.RED_LINE, context, feedback)
        red = read_frame(red_source, work_crs, [], tc, feedback) if red_source else None
        log = None
        log_path = self.parameterAsFile(parameters, self.LOG, context)
        if log_path:
            try:
                log = read_log(log_path)
            except ProjectDatabaseError as error:
                raise QgsProcessingException(
                    self.tr("The assessment log cannot be read: {0}").format(error)
                ) from None
            feedback.pushInfo(self.tr("Assessment log: {0} rows").format(len(log)))
        leads = None
        leads_source = self.input_source(parameters, self.LEADS, context, feedback)
        if leads_source is not None:
            missing = [c for c in LEAD_COLUMNS if leads_source.fields().indexOf(c) < 0]
            if missing:
                raise QgsProcessingException(
                    self.tr("The lead layer lacks the fields {0}.").format(", ".join(missing))
                )
            leads = read_frame(leads_source, None, list(LEAD_COLUMNS), tc, feedback, False)
        return indicators.TrackingInput(
            units=units,
            previous_units=previous,
            red_line=red,
            log=log,
            leads=leads,
            user_layers=self._user_layers(parameters, context, feedback, work_crs),
        )

    def _user_layers(self, parameters, context, feedback, work_crs):
        from ...plugin.adapters.layers import read_frame
        from ...plugin.core.supervision.indicators import UserLayer

        out = []
        for layer in self.input_layers(parameters, self.USER_LAYERS, context, feedback):
            names = layer.fields().names()
            chosen = self.parameterAsString(parameters, self.TARGET_FIELD, context)
            target = next((n for n in ([chosen] if chosen else TARGET_NAMES) if n in names), None)
            if target is None:
                raise QgsProcessingException(
                    self.tr("Layer {0} has no target-met field ({1}).").format(
                        layer.name(), chosen or ", ".join(TARGET_NAMES)
                    )
                )
            chosen = self.parameterAsString(parameters, self.USER_DATE_FIELD, context)
            date = next(
                (n for n in ([chosen] if chosen else schema.SOURCE_DATE_NAMES) if n in names), None
            )
            wanted = [target] + ([date] if date and date != target else [])
            frame = read_frame(layer, work_crs, wanted, context.transformContext(), feedback)
            frame["target_met"] = frame[target]
            if date:
                frame["date"] = frame[date]
            feedback.pushInfo(
                self.tr("Indicator layer {0}: target-met field {1}, date field {2}").format(
                    layer.name(), target, date or "-"
                )
            )
            out.append(UserLayer(layer.name(), frame))
        return out

    # --- writing -------------------------------------------------------------

    def _write(self, parameters, context, feedback, table):
        from ...plugin.core.supervision import indicators_report

        fields = qgs_fields(tables.TRACKING_INDICATORS)
        frame = table.astype({"year": object}).where(table.notna(), None)
        output = self.table_output(self.OUTPUT, frame, fields, feedback, required=True)
        outputs = self.commit_outputs(parameters, context, feedback, [output])
        xlsx = self.parameterAsFileOutput(parameters, self.OUTPUT_XLSX, context)
        if xlsx:
            from ...plugin.adapters.excel import ExcelError, write_sheets

            try:
                write_sheets(xlsx, list(indicators_report.sheets(table).items()))
            except ExcelError as error:
                raise QgsProcessingException(
                    self.tr("The Excel workbook was not written: {0}").format(error)
                ) from None
            outputs[self.OUTPUT_XLSX] = xlsx
        page = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        if page:
            with open(page, "w", encoding="utf-8") as handle:
                handle.write(indicators_report.html(table))
            outputs[self.OUTPUT_HTML] = page
        feedback.pushInfo(self.tr("{0} indicator values").format(len(table)))
        return outputs
