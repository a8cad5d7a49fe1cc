"""单元调整对比: what changed between two versions of the control units."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
)

from ...plugin.adapters.fields import qgs_fields
from ...plugin.compat import SourceType, WkbType
from ...plugin.core import tables
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin
from ..outputs import OutputsMixin


class CompareVersions(InputsMixin, OutputsMixin, EcoZoningAlgorithm):
    NAME = "compareversions"
    GROUP = "filing"

    OLD_UNITS = "OLD_UNITS"
    NEW_UNITS = "NEW_UNITS"
    OLD_ACCESS_LIST = "OLD_ACCESS_LIST"
    NEW_ACCESS_LIST = "NEW_ACCESS_LIST"
    MIN_AREA = "MIN_AREA"
    OUTPUT = "OUTPUT"
    OUTPUT_LIST = "OUTPUT_LIST"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    OUTPUT_MATRIX = "OUTPUT_MATRIX"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_HTML = "OUTPUT_HTML"

    def displayName(self):  # noqa: N802
        return self.tr("Compare unit versions")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Compares an old and a new version of the control units (and, optionally, of the "
            "access list). Units are matched by code, then by overlap (more than half of a unit's "
            "area). The change layer lists units added, removed, merged and split, boundary "
            "changes (the changed land as geometry, area gained and lost), class, code and name "
            "changes, and every piece of land whose class changed; land leaving 优先保护 is "
            "flagged 需论证. Tables give the requirements added, removed or changed per unit, the "
            "area gained and lost per county and class, and the class-transition matrix in km². "
            "The report folder receives an HTML and a PDF report with maps of the changes. Areas "
            "are planar in the CGCS2000 3-degree zone; changes smaller than the minimum area "
            "(m²) are ignored."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [SourceType.VectorPolygon]
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.OLD_UNITS, self.tr("Old units"), polygon)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.NEW_UNITS, self.tr("New units"), polygon)
        )
        for key, label in (
            (self.OLD_ACCESS_LIST, self.tr("Old access list")),
            (self.NEW_ACCESS_LIST, self.tr("New access list")),
        ):
            self.addParameter(
                QgsProcessingParameterFeatureSource(key, label, [SourceType.Vector], optional=True)
            )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_AREA,
                self.tr("Ignore changes smaller than (m²)"),
                QgsProcessingParameterNumber.Type.Double,
                1.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Unit changes"), SourceType.VectorPolygon
            )
        )
        for key, label in (
            (self.OUTPUT_LIST, self.tr("Access-list changes")),
            (self.OUTPUT_SUMMARY, self.tr("Area change by county and class")),
            (self.OUTPUT_MATRIX, self.tr("Class-transition matrix")),
        ):
            self.addParameter(
                QgsProcessingParameterFeatureSink(
                    key, label, SourceType.Vector, optional=True, createByDefault=True
                )
            )
        self.addParameter(
            QgsProcessingParameterFolderDestination(
                self.OUTPUT_REPORT, self.tr("Report folder (HTML and PDF)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_HTML,
                self.tr("Report page"),
                self.tr("HTML files (*.html)"),
                optional=True,
                createByDefault=False,
            )
        )

    def _units(self, parameters, key, context, feedback, work_crs):
        from ...plugin.adapters.changes_io import UnitFieldsMissing, read_units

        source = self.input_source(parameters, key, context, feedback)
        name = self.layer_name(parameters, key, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, key))
        if source.featureCount() == 0:
            raise QgsProcessingException(self.tr("Layer {0} has no features.").format(name))
        try:
            return read_units(source, work_crs, context, feedback)
        except UnitFieldsMissing as error:
            raise QgsProcessingException(
                self.tr("Layer {0} has no field {1}.").format(name, str(error))
            ) from None

    def _list(self, parameters, key, context, feedback):
        from ...plugin.adapters.changes_io import read_access_list

        source = self.parameterAsSource(parameters, key, context)
        if source is None:
            return None
        frame = read_access_list(source, feedback)
        missing = [n for n in ("TKBH", "FWJB", "FWDM", "WD", "YQNR") if n not in frame.columns]
        if missing:
            raise QgsProcessingException(
                self.tr("Layer {0} has no field {1}.").format(
                    self.layer_name(parameters, key, context), ", ".join(missing)
                )
            )
        return frame

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.core import area, changes

        old_source = self.input_source(parameters, self.OLD_UNITS, context, feedback)
        if old_source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.OLD_UNITS))
        work_crs = self.working_crs(
            old_source, self.layer_name(parameters, self.OLD_UNITS, context)
        )
        old = self._units(parameters, self.OLD_UNITS, context, feedback, work_crs)
        new = self._units(parameters, self.NEW_UNITS, context, feedback, work_crs)
        old_list = self._list(parameters, self.OLD_ACCESS_LIST, context, feedback)
        new_list = self._list(parameters, self.NEW_ACCESS_LIST, context, feedback)
        feedback.setProgress(30)
        self.stop_if_cancelled(feedback)
        with area.using(rule_for(work_crs)):
            result = changes.compare(
                old,
                new,
                old_list,
                new_list,
                min_area=self.parameterAsDouble(parameters, self.MIN_AREA, context),
            )
        feedback.setProgress(70)
        self.stop_if_cancelled(feedback)
        results = self.write_outputs(parameters, context, feedback, result, work_crs)
        results.update(self.write_reports(parameters, context, feedback, result, new, work_crs))
        for change, count in sorted(result.counts.items()):
            feedback.pushInfo(f"{changes.CHANGE_LABELS_ZH[change]}: {count}")
        review = int((result.changes["review"] == changes.NEEDS_REVIEW_ZH).sum())
        if review:
            feedback.pushWarning(
                self.tr(
                    "{0} changes touch priority-protection land and need expert review (需论证)."
                ).format(review)
            )
        return results

    def write_outputs(self, parameters, context, feedback, result, work_crs) -> dict:
        """Every table prepared first, then all sinks written (a cancel writes nothing)."""
        fields = qgs_fields(tables.CHANGES)
        outputs = [
            (
                self.OUTPUT,
                fields,
                WkbType.MultiPolygon,
                work_crs,
                self.prepare(result.changes, fields, feedback, dimension=2),
                True,
            )
        ]
        for key, frame, spec in (
            (self.OUTPUT_LIST, result.list_changes, tables.CHANGE_LIST),
            (self.OUTPUT_SUMMARY, result.summary, tables.CHANGE_SUMMARY),
            (self.OUTPUT_MATRIX, result.transitions, tables.CHANGE_MATRIX),
        ):
            outputs.append(self.table_output(key, frame, qgs_fields(spec), feedback))
        return self.commit_outputs(parameters, context, feedback, outputs)

    def write_reports(self, parameters, context, feedback, result, new, work_crs) -> dict:
        from ...plugin.adapters.changes_io import write_report
        from ...plugin.core import changes

        results = {}
        folder = self.parameterAsString(parameters, self.OUTPUT_REPORT, context)
        if folder:
            written = write_report(
                folder, result, new, work_crs, self.tr("Comparison of unit versions")
            )
            for error in written["map_errors"]:
                feedback.reportError(self.tr("The map could not be drawn: {0}").format(error))
            results[self.OUTPUT_REPORT] = folder
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        if html_path:
            Path(html_path).write_text(changes.report_html(result), encoding="utf-8")
            results[self.OUTPUT_HTML] = html_path
        return results
