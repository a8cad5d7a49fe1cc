"""单元统计: units and area by class and subtype, per county and for the whole area."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsFields,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
)

from ...plugin.adapters.fields import qgs_fields
from ...plugin.compat import SourceType
from ...plugin.core import schema, tables
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin
from ..outputs import OutputsMixin
from ..reporting import ReportingMixin


def stat_fields() -> QgsFields:
    return qgs_fields(tables.STATISTICS)


class UnitStatistics(InputsMixin, OutputsMixin, ReportingMixin, EcoZoningAlgorithm):
    NAME = "unitstatistics"
    GROUP = "statistics"
    ICON = "statistics.svg"

    UNITS = "UNITS"
    COUNTY_CODE_FIELD = "COUNTY_CODE_FIELD"
    COUNTY_FIELD = "COUNTY_FIELD"
    CLASS_FIELD = "CLASS_FIELD"
    SUBTYPE_FIELD = "SUBTYPE_FIELD"
    OUTPUT = "OUTPUT"
    OUTPUT_HTML = "OUTPUT_HTML"

    def displayName(self):  # noqa: N802
        return self.tr("Unit statistics")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Counts units and sums their area by class and subtype for each county and for the "
            "whole area, with each class's share of the county area (shares add up to 100%). "
            "Areas are planar in the CGCS2000 3-degree Gauss-Krüger zone, computed from the "
            "geometries. Fields default to the data model (XZQDM, COUNTY, ZHGKDYFL, DYZL) or "
            "their usual variants. Writes a table and an HTML page with a chart."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.UNITS, self.tr("Control units"), [SourceType.VectorPolygon]
            )
        )
        for key, label in (
            (self.COUNTY_CODE_FIELD, self.tr("County code field")),
            (self.COUNTY_FIELD, self.tr("County name field")),
            (self.CLASS_FIELD, self.tr("Class field")),
            (self.SUBTYPE_FIELD, self.tr("Subtype field")),
        ):
            self.addParameter(
                QgsProcessingParameterField(key, label, None, self.UNITS, optional=True)
            )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Unit statistics"), SourceType.Vector
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_HTML,
                self.tr("Statistics page"),
                self.tr("HTML files (*.html)"),
                optional=True,
            )
        )

    def field_overrides(self) -> dict:
        return {
            self.COUNTY_CODE_FIELD: schema.UNIT_COUNTY_CODE,
            self.COUNTY_FIELD: schema.UNIT_COUNTY,
            self.CLASS_FIELD: schema.UNIT_CLASS,
            self.SUBTYPE_FIELD: schema.UNIT_SUBTYPE,
        }

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.adapters.layers import read_frame
        from ...plugin.core import area, statistics

        source = self.input_source(parameters, self.UNITS, context, feedback)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        if source.featureCount() == 0:
            raise QgsProcessingException(self.tr("The unit layer has no features."))
        mapping = {
            k: v
            for k, v in self.unit_field_mapping(
                parameters,
                context,
                source,
                self.field_overrides(),
                (schema.UNIT_COUNTY_CODE, schema.UNIT_CLASS),
            ).items()
            if k
            in (schema.UNIT_COUNTY_CODE, schema.UNIT_COUNTY, schema.UNIT_CLASS, schema.UNIT_SUBTYPE)
        }
        work_crs = self.working_crs(source, self.layer_name(parameters, self.UNITS, context))
        frame = read_frame(
            source, work_crs, list(mapping.values()), context.transformContext(), feedback
        )
        frame = frame.rename(columns={v: k for k, v in mapping.items()})
        feedback.setProgress(60)
        self.stop_if_cancelled(feedback)
        with area.using(rule_for(work_crs)) as rule:
            stats = statistics.unit_statistics(frame)
        feedback.pushInfo(self.tr("Areas: {0}").format(self.area_rule_text(rule)))
        output = self.table_output(self.OUTPUT, stats, stat_fields(), feedback, required=True)
        results = self.commit_outputs(parameters, context, feedback, [output])
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        if html_path:
            with area.using(rule):
                page = statistics.statistics_html(stats)
            Path(html_path).write_text(page, encoding="utf-8")
            results[self.OUTPUT_HTML] = html_path
        whole = stats[(stats["county_code"] == statistics.TOTAL_CODE) & (stats["level"] == "class")]
        for _, row in whole.iterrows():
            feedback.pushInfo(
                f"{row.class_name}: {row.unit_count} / {row.area_km2:.2f} km² / {row.share_pct:.2f}%"
            )
        return results
