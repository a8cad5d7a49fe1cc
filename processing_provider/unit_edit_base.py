"""What the unit-editing algorithms (split by lines, merge within polygons, reclassify by
polygons) share: parameters, reading the unit layer into a core batch, writing the edited
units and the change-journal rows."""

from __future__ import annotations

import pandas as pd
from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
)

from ..plugin.compat import SourceType, WkbType
from ..plugin.core import schema
from .base import EcoZoningAlgorithm
from .inputs import InputsMixin

KEYS = (schema.UNIT_CODE, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE, schema.UNIT_AREA)


class UnitEditAlgorithm(InputsMixin, EcoZoningAlgorithm):
    GROUP = "editing"
    ICON = "delineate.svg"

    UNITS = "UNITS"
    SHAPES = "SHAPES"
    CODE_FIELD = "CODE_FIELD"
    CLASS_FIELD = "CLASS_FIELD"
    COUNTY_CODE_FIELD = "COUNTY_CODE_FIELD"
    REASON = "REASON"
    OUTPUT = "OUTPUT"
    JOURNAL = "JOURNAL"

    SHAPE_TYPE = SourceType.VectorLine

    def shape_label(self) -> str:
        raise NotImplementedError

    def add_common_parameters(self) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.UNITS, self.tr("Control units"), [SourceType.VectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.SHAPES, self.shape_label(), [self.SHAPE_TYPE])
        )
        for key, label in (
            (self.CODE_FIELD, self.tr("Unit code field")),
            (self.CLASS_FIELD, self.tr("Class field")),
            (self.COUNTY_CODE_FIELD, self.tr("County code field")),
        ):
            self.addParameter(
                QgsProcessingParameterField(key, label, None, self.UNITS, optional=True)
            )
        self.addParameter(
            QgsProcessingParameterString(
                self.REASON, self.tr("Reason for the change"), optional=True
            )
        )

    def add_outputs(self) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Edited units"), SourceType.VectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.JOURNAL, self.tr("Change journal"), SourceType.VectorPolygon
            )
        )

    def read_batch(self, parameters, context, feedback):
        """(batch, units source, layer->schema mapping, working CRS)."""
        from ..plugin.adapters.layers import read_frame
        from ..plugin.core.editing.batch import Batch

        source = self.input_source(parameters, self.UNITS, context, feedback)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        mapping = self.unit_field_mapping(
            parameters,
            context,
            source,
            {
                self.CODE_FIELD: schema.UNIT_CODE,
                self.CLASS_FIELD: schema.UNIT_CLASS,
                self.COUNTY_CODE_FIELD: schema.UNIT_COUNTY_CODE,
            },
            (schema.UNIT_CODE, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE),
        )
        mapping = {k: v for k, v in mapping.items() if k in KEYS}
        work_crs = self.working_crs(source, self.layer_name(parameters, self.UNITS, context))
        frame = read_frame(source, work_crs, None, context.transformContext(), feedback)
        frame = frame.rename(columns={v: k for k, v in mapping.items()})
        if schema.UNIT_AREA not in frame:
            frame[schema.UNIT_AREA] = None
        self.check_units(frame)
        reason = self.parameterAsString(parameters, self.REASON, context)
        used = self.journal_codes(self.parameterAsVectorLayer(parameters, self.UNITS, context))
        return Batch(frame, used_codes=used, reason=reason), source, mapping, work_crs

    @staticmethod
    def journal_codes(layer) -> set:
        """Codes the project journal has seen (retired ones among them): never given again."""
        from ..plugin.adapters import journal as journal_db
        from ..plugin.adapters import project_db
        from ..plugin.core.editing.journal import used_codes

        path = journal_db.gpkg_of(layer)
        if path is None or not project_db.has_journal_table(path):
            return set()
        return used_codes(journal_db.read_rows(journal_db.open_journal(path)))

    def check_units(self, frame: pd.DataFrame) -> None:
        import shapely

        bad = frame[shapely.is_missing(frame["geometry"].to_numpy())]
        if len(bad):
            raise QgsProcessingException(
                self.tr("Unit feature {0} has no geometry.").format(int(bad["fid"].iloc[0]))
            )
        counties = frame[schema.UNIT_COUNTY_CODE].map(schema.normalise_county_code)
        if counties.isna().any():
            fid = int(frame["fid"][counties.isna()].iloc[0])
            raise QgsProcessingException(
                self.tr("Unit feature {0} has no valid 6-digit county code.").format(fid)
            )

    def shapes(self, parameters, context, work_crs):
        """(feature number, shapely geometry in the working CRS) of the drawn shapes."""
        from ..plugin.adapters.layers import read_frame

        source = self.parameterAsSource(parameters, self.SHAPES, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.SHAPES))
        frame = read_frame(source, work_crs, [], context.transformContext())
        return [(int(f), g) for f, g in zip(frame["fid"], frame["geometry"]) if g is not None]

    def write(self, parameters, context, feedback, batch, source, mapping, work_crs):
        from ..plugin.adapters.fields import qgs_field, qgs_fields
        from ..plugin.adapters.layers import write_frame

        fields = source.fields()
        if schema.UNIT_AREA not in mapping:
            fields.append(qgs_field(schema.spec(schema.UNIT_FIELDS, schema.UNIT_AREA)))
            mapping = {**mapping, schema.UNIT_AREA: schema.UNIT_AREA}
        frame = batch.frame.rename(columns={k: v for k, v in mapping.items()})
        if "fid" in fields.names():
            frame["fid"] = None  # the sink numbers its rows
        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, WkbType.MultiPolygon, source.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_frame(sink, frame, fields, work_crs, source.sourceCrs(), feedback)
        jfields = qgs_fields(schema.JOURNAL_FIELDS)
        jsink, jdest = self.parameterAsSink(
            parameters, self.JOURNAL, context, jfields, WkbType.MultiPolygon, source.sourceCrs()
        )
        if jsink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.JOURNAL))
        rows = pd.DataFrame(
            batch.rows, columns=[*(s.name for s in schema.JOURNAL_FIELDS), "geometry"]
        )
        write_frame(jsink, rows, jfields, work_crs, source.sourceCrs(), feedback)
        for number, kind in batch.skipped:
            feedback.pushWarning(
                self.tr("Shape {0} changed nothing: {1}").format(number, self.skip_reason(kind))
            )
        feedback.pushInfo(
            self.tr("{0} edits, {1} units written.").format(len(batch.rows), len(frame))
        )
        return {self.OUTPUT: dest, self.JOURNAL: jdest}

    def skip_reason(self, kind: str) -> str:
        reasons = {
            "line_no_cut": self.tr("the line does not cut the unit in two"),
            "merge_classes": self.tr("the units are of different classes"),
            "merge_too_few": self.tr("fewer than two units to merge"),
            "reclassify_empty": self.tr("the polygon covers no unit of another class"),
            "bad_class": self.tr("no such unit class"),
        }
        return reasons.get(kind, kind)

    def run_shapes(self, parameters, context, feedback, edit_one):
        batch, source, mapping, work_crs = self.read_batch(parameters, context, feedback)
        shapes = self.shapes(parameters, context, work_crs)
        for n, (number, geometry) in enumerate(shapes):
            if feedback.isCanceled():
                raise QgsProcessingException(self.tr("Cancelled: nothing was written."))
            edit_one(batch, number, geometry)
            feedback.setProgress(10 + 80 * (n + 1) / max(len(shapes), 1))
        return self.write(parameters, context, feedback, batch, source, mapping, work_crs)
