"""导出生态环境准入清单: the access-list table to an Excel workbook (wide or long)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
)

from ...plugin.adapters.access_io import access_list_mapping, read_known_units
from ...plugin.compat import SourceType
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin

FORMATS = ("wide", "long")


class ExportAccessList(InputsMixin, EcoZoningAlgorithm):
    NAME = "exportaccesslist"
    GROUP = "accesslist"

    ACCESS_LIST = "ACCESS_LIST"
    UNITS = "UNITS"
    FORMAT = "FORMAT"
    OUTPUT = "OUTPUT"
    ROWS = "ROWS"

    def displayName(self):  # noqa: N802
        return self.tr("Export access list to Excel")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes the access-list table to an Excel workbook (.xlsx). Wide format, as "
            "published: one row per unit (unit code, name, class) with one column per dimension; "
            "the unit's valid unit-level requirements are numbered 1. 2. 3. … in their order. "
            "Units of the unit layer without requirements get empty rows, a template to fill in; "
            "names and classes come from the unit layer (the class also from the code). "
            "Long format: one row per requirement with every field, all levels. "
            "A workbook exported in either format can be imported again."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.ACCESS_LIST, self.tr("Access-list table"), [SourceType.Vector]
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.UNITS,
                self.tr("Control units (names and classes for the wide format)"),
                [SourceType.VectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FORMAT,
                self.tr("Format"),
                [self.tr("Wide (one row per unit)"), self.tr("Long (one row per requirement)")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("Excel workbook"), self.tr("Excel workbooks (*.xlsx)")
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.ROWS, self.tr("Rows written")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters import excel
        from ...plugin.adapters.layers import read_frame
        from ...plugin.core import access as access_excel

        source = self.input_source(parameters, self.ACCESS_LIST, context, feedback)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ACCESS_LIST))
        fmt = FORMATS[self.parameterAsEnum(parameters, self.FORMAT, context)]
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path:
            raise QgsProcessingException(self.tr("No output file given."))
        if Path(path).suffix.lower() != ".xlsx":
            path = str(Path(path).with_suffix(".xlsx"))

        mapping = access_list_mapping(source.fields())
        missing = [
            s.name for s in schema.ACCESS_LIST_FIELDS if s.required and s.name not in mapping
        ]
        if missing:
            raise QgsProcessingException(
                self.tr("The table is not an access-list table: it has no {0} field.").format(
                    ", ".join(missing)
                )
            )
        frame = read_frame(
            source, fields=list(mapping.values()), feedback=feedback, with_geometry=False
        )
        frame = frame.drop(columns="fid").rename(columns={v: k for k, v in mapping.items()})
        for name in schema.field_names(schema.ACCESS_LIST_FIELDS):
            if name not in frame:
                frame[name] = None
        feedback.setProgress(40)

        if fmt == "wide":
            units = {}
            if parameters.get(self.UNITS) not in (None, ""):
                unit_source = self.input_source(parameters, self.UNITS, context, feedback)
                if unit_source is None:
                    raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
                units = read_known_units(unit_source, feedback)
                if units is None:
                    raise QgsProcessingException(
                        self.tr("The unit layer has no unit code field ({0}).").format(
                            schema.UNIT_CODE
                        )
                    )
            rows = access_excel.to_wide_rows(frame, units)
            level = frame[schema.REQ_SCOPE_LEVEL].map(access_excel.cell_text)
            others = int((level != access_excel.LEVEL_UNIT).sum())
            if others:
                feedback.pushWarning(
                    self.tr(
                        "{0} requirements above unit level are not in the wide format; "
                        "export the long format to keep them."
                    ).format(others)
                )
            for rid in access_excel.texts_split_on_import(frame):
                feedback.pushWarning(
                    self.tr(
                        "The text of requirement {0} has a line starting with a number: "
                        "importing the workbook again would split it."
                    ).format(rid)
                )
        else:
            rows = access_excel.to_long_rows(frame)
        feedback.setProgress(70)
        try:
            excel.write_workbook(path, rows, schema.ACCESS_LIST_TABLE_NAME)
        except (excel.ExcelError, OSError) as error:
            raise QgsProcessingException(
                self.tr("The workbook could not be written: {0}").format(error)
            ) from None
        feedback.pushInfo(self.tr("Wrote {0} rows to {1}").format(len(rows) - 1, path))
        return {self.OUTPUT: path, self.ROWS: len(rows) - 1}
