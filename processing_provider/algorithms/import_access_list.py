"""导入生态环境准入清单: an Excel workbook (wide or long) or the tables of a Word document
into the access-list table."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterVectorLayer,
)

from ...plugin.adapters.access_io import access_list_mapping, read_known_units
from ...plugin.compat import SourceType
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin
from ..outputs import OutputsMixin

FORMATS = ("auto", "wide", "long")


class ImportAccessList(InputsMixin, OutputsMixin, EcoZoningAlgorithm):
    NAME = "importaccesslist"
    GROUP = "accesslist"

    INPUT = "INPUT"
    FORMAT = "FORMAT"
    UNITS = "UNITS"
    TARGET = "TARGET"
    REPLACE_UNIT_ROWS = "REPLACE_UNIT_ROWS"
    OUTPUT = "OUTPUT"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    IMPORTED = "IMPORTED"
    REPLACED = "REPLACED"

    def displayName(self):  # noqa: N802
        return self.tr("Import access list from Excel or Word")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Reads an environmental access list (生态环境准入清单) from an Excel workbook (.xlsx) "
            "or from the tables of a Word document (.docx), as bureaus publish them. "
            "Wide format, as published: one row per unit with columns for unit code, name and "
            "class (环境综合管控单元编码/名称, 管控单元编码, 综合管控单元分类, 管控单元类别 …) "
            "and one column per dimension (空间布局约束/引导, 区域布局管控, 污染物排放管控, "
            "环境风险防控/管控, 资源利用效率, 资源开发效率要求); each numbered item of a cell "
            "(1. 1． 1、 (1) （1） 1) ① 一、) becomes one unit-level requirement, its kind "
            "(禁止/限制/鼓励/允许/要求) inferred from the text; an item may open with a number "
            "(3.2025年底前…). Merged cells are read as merged; /, —, 无 and 暂无 count as empty. "
            "Long format: one row per requirement with all fields of the access-list table. "
            "Every sheet (every table of a Word document) is read; those that hold neither "
            "format are skipped, saying which column was not found. "
            "Unit codes and names are checked against the unit layer when one is given. "
            "When the file has any error (unknown or duplicate unit codes, an unknown "
            "dimension column, empty codes, wrong class values…) nothing is imported and every "
            "problem is listed with its sheet, row and column. The report gives the number of "
            "items read and requirements stored per unit and dimension. Requirements are "
            "appended to the target table in one edit (all or nothing), or written to a new table."
        )

    def flags(self):
        # the target layer is edited through its edit buffer: run in the main thread
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                self.tr("Excel workbook or Word document"),
                QgsProcessingParameterFile.Behavior.File,
                fileFilter=self.tr(
                    "Access lists (*.xlsx *.docx);;Excel workbooks (*.xlsx);;Word documents (*.docx)"
                ),
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FORMAT,
                self.tr("Format"),
                [
                    self.tr("Detect"),
                    self.tr("Wide (one row per unit)"),
                    self.tr("Long (one row per requirement)"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.UNITS,
                self.tr("Control units (to check unit codes and names)"),
                [SourceType.VectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.TARGET,
                self.tr("Access-list table to append to"),
                [SourceType.Vector],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.REPLACE_UNIT_ROWS,
                self.tr("Replace the unit-level requirements of the units in the workbook"),
                False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT,
                self.tr("Imported requirements"),
                SourceType.Vector,
                optional=True,
                # off by default: with a target table the rows are there already, and a
                # temporary layer would duplicate them in the project
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_REPORT,
                self.tr("Import report"),
                self.tr("HTML files (*.html)"),
                optional=True,
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.IMPORTED, self.tr("Imported requirements")))
        self.addOutput(QgsProcessingOutputNumber(self.REPLACED, self.tr("Replaced requirements")))

    # --- steps ----------------------------------------------------------------

    def _target(self, parameters, context):
        if parameters.get(self.TARGET) in (None, ""):
            return None, None
        layer = self.parameterAsVectorLayer(parameters, self.TARGET, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(self.invalidSourceError(parameters, self.TARGET))
        mapping = access_list_mapping(layer.fields())
        missing = [
            s.name for s in schema.ACCESS_LIST_FIELDS if s.required and s.name not in mapping
        ]
        if missing:
            raise QgsProcessingException(
                self.tr(
                    "The target table is not an access-list table: it has no {0} field."
                ).format(", ".join(missing))
            )
        if layer.isEditable():
            raise QgsProcessingException(
                self.tr("The target table is in edit mode: save or discard its edits first.")
            )
        return layer, mapping

    def _plan_target(self, layer, mapping, frame, replace, report):
        """Feature ids to delete; id clashes with the rows that stay go into the report."""
        from ...plugin.adapters.layers import to_python
        from ...plugin.core import access_target

        names = [mapping[n] for n in (schema.REQ_ID, schema.REQ_SCOPE_LEVEL, schema.REQ_SCOPE_CODE)]
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
        request.setSubsetOfAttributes(names, layer.fields())
        existing = (
            (feature.id(), *(to_python(feature[n]) for n in names))
            for feature in layer.getFeatures(request)
        )
        delete, clashes = access_target.plan_import(existing, frame, replace)
        access_target.report_clashes(report, clashes)
        return delete

    def _write_target(self, layer, mapping, frame, delete, feedback) -> None:
        """Delete and append in the layer's edit buffer, commit once; roll back on failure."""
        from ...plugin.adapters.layers import write_frame

        if not layer.startEditing():
            raise QgsProcessingException(self.tr("The target table cannot be edited."))
        try:
            if delete and not layer.deleteFeatures(delete):
                raise QgsProcessingException(self.tr("Existing requirements could not be deleted."))
            renamed = frame.rename(columns=mapping)
            write_frame(layer, renamed, layer.fields(), feedback=None, multi=False)
            if feedback.isCanceled():
                raise QgsProcessingException(self.tr("Cancelled: nothing was imported."))
            if not layer.commitChanges():
                errors = "; ".join(layer.commitErrors())
                raise QgsProcessingException(
                    self.tr("The target table could not be saved: {0}").format(errors)
                )
        except BaseException:
            layer.rollBack()
            raise

    def _write_report(self, path, frame, report, source, imported) -> None:
        from ...plugin.core import access as access_excel

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(
            access_excel.import_report_html(frame, report, source, imported), encoding="utf-8"
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.core import access as access_excel

        path = self.parameterAsFile(parameters, self.INPUT, context)
        fmt = FORMATS[self.parameterAsEnum(parameters, self.FORMAT, context)]
        replace = self.parameterAsBool(parameters, self.REPLACE_UNIT_ROWS, context)
        report_path = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        if not path:
            raise QgsProcessingException(self.tr("No workbook given."))
        sheets, merges = self._read_source(path)
        feedback.pushInfo(self.tr("Sheets read from {1}: {0}").format(", ".join(sheets), path))
        known_units = self._known_units(parameters, context, feedback)
        target, mapping = self._target(parameters, context)
        feedback.setProgress(20)

        word_tables = Path(path).suffix.lower() == ".docx"
        frame, report = access_excel.parse_workbook(sheets, known_units, fmt, merges, word_tables)
        delete = []
        if target is not None and len(frame):
            delete = self._plan_target(target, mapping, frame, replace, report)
        feedback.setProgress(50)
        self._log_problems(report, feedback)
        if not report.ok:
            if report_path:
                self._write_report(report_path, frame, report, Path(path).name, False)
            raise QgsProcessingException(self._refusal(len(report.errors)))

        frame = frame.copy()
        frame[schema.REQ_CHANGED] = _dt.datetime.now().replace(microsecond=0)
        results = {self.IMPORTED: len(frame), self.REPLACED: len(delete)}
        results.update(
            self._write_requirements(parameters, context, feedback, frame, target, mapping, delete)
        )
        self._log_summary(frame, report, feedback)
        if report_path:
            self._write_report(report_path, frame, report, Path(path).name, True)
            results[self.OUTPUT_REPORT] = report_path
        return results

    def _known_units(self, parameters, context, feedback):
        """{unit code: {"name", "class"}} of the optional unit layer, or None without one."""
        if parameters.get(self.UNITS) in (None, ""):
            return None
        source = self.input_source(parameters, self.UNITS, context, feedback)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        known_units = read_known_units(source, feedback)
        if known_units is None:
            raise QgsProcessingException(
                self.tr("The unit layer has no unit code field ({0}).").format(schema.UNIT_CODE)
            )
        return known_units

    @staticmethod
    def _log_problems(report, feedback) -> None:
        for note in report.notes:
            feedback.pushInfo(str(note))
        for problem in report.warnings:
            feedback.pushWarning(str(problem))
        for problem in report.errors:
            feedback.reportError(str(problem))

    def _refusal(self, count: int) -> str:
        if count == 1:
            return self.tr("1 problem in the workbook; nothing was imported.")
        return self.tr("{0} problems in the workbook; nothing was imported.").format(count)

    def _write_requirements(self, parameters, context, feedback, frame, target, mapping, delete):
        """Into the target table and/or the output; every output prepared before writing."""
        from ...plugin.adapters.fields import qgs_fields

        wants_output = parameters.get(self.OUTPUT) not in (None, "")
        if target is None and not wants_output:
            raise QgsProcessingException(
                self.tr("Choose a target table or an output for the imported requirements.")
            )
        fields = qgs_fields(schema.ACCESS_LIST_FIELDS)
        output = self.table_output(self.OUTPUT, frame, fields, feedback) if wants_output else None
        self.stop_if_cancelled(feedback)
        if target is not None:
            self._write_target(target, mapping, frame, delete, feedback)
            self.remember_written(target.source(), context)
            feedback.pushInfo(
                self.tr("{0} requirements added to {1}, {2} replaced.").format(
                    len(frame), target.name(), len(delete)
                )
            )
        feedback.setProgress(80)
        if output is None:
            return {}
        return self.commit_outputs(parameters, context, None, [output])

    def _log_summary(self, frame, report, feedback) -> None:
        from ...plugin.core import access as access_excel

        units = frame.loc[
            frame[schema.REQ_SCOPE_LEVEL] == access_excel.LEVEL_UNIT, schema.REQ_SCOPE_CODE
        ].nunique()
        feedback.pushInfo(
            self.tr("Imported {0} requirements ({1} units), {2} warnings.").format(
                len(frame), units, len(report.warnings)
            )
        )
        self._push_counts(frame, report, feedback)

    def _read_source(self, path):
        """({sheet or table: rows}, {sheet or table: merged ranges}) of a .xlsx or .docx file."""
        from ...plugin.adapters import excel, word

        if Path(path).suffix.lower() == ".docx":
            try:
                return word.read_tables(path)
            except word.WordError as error:
                raise QgsProcessingException(
                    self.tr("The Word document could not be read: {0}").format(error)
                ) from None
        try:
            return excel.read_workbook(path), excel.read_merges(path)
        except excel.ExcelError as error:
            raise QgsProcessingException(
                self.tr("The workbook could not be read: {0}").format(error)
            ) from None

    def _push_counts(self, frame, report, feedback) -> None:
        """Items read from the source beside requirements stored, and every unit where they differ."""
        from ...plugin.core import access as access_excel

        rows = access_excel.count_rows(frame, report)
        read = sum(p[0] for row in rows for p in row[3:] if p)
        stored = sum(p[1] for row in rows for p in row[3:] if p)
        feedback.pushInfo(
            self.tr("Items read from the source: {0}; requirements stored: {1}.").format(
                read, stored
            )
        )
        for sheet, unit, _, *pairs in rows:
            for dimension, pair in zip(schema.DIMENSIONS_ZH, pairs):
                if pair is not None and pair[0] != pair[1]:
                    feedback.pushWarning(
                        self.tr("{0}, unit {1}, {2}: {3} items read, {4} stored.").format(
                            sheet, unit, dimension, pair[0], pair[1]
                        )
                    )
