"""环境管控单元划定: the overlay (叠加法) delineation of control units."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFields,
    QgsProcessingException,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...plugin.adapters.fields import qgs_fields
from ...plugin.compat import SourceType, WkbType
from ...plugin.core import schema, tables
from ..base import EcoZoningAlgorithm
from ..delineation_inputs import DelineationInputsMixin
from ..inputs import InputsMixin
from ..outputs import OutputsMixin
from ..reporting import ReportingMixin

# The log's action codes (stored in English in "action") and the label shown beside them,
# translated at run time into the UI language ("action_label", Processing messages).
ACTION_LABELS = {
    "dropped_empty": QT_TRANSLATE_NOOP("DelineationLog", "Empty geometry skipped"),
    "repaired": QT_TRANSLATE_NOOP("DelineationLog", "Invalid geometry repaired"),
    "dropped_not_polygonal": QT_TRANSLATE_NOOP("DelineationLog", "No area after repair, skipped"),
    "conflict_admin_overlap": QT_TRANSLATE_NOOP("DelineationLog", "Counties overlap"),
    "outside_admin": QT_TRANSLATE_NOOP("DelineationLog", "Outside the counties, ignored"),
    "conflict_park_priority": QT_TRANSLATE_NOOP(
        "DelineationLog", "Park on priority land (stays priority)"
    ),
    "conflict_park_park": QT_TRANSLATE_NOOP("DelineationLog", "Parks overlap"),
    "unit_removed": QT_TRANSLATE_NOOP("DelineationLog", "Unit removed"),
    "conflict_township_overlap": QT_TRANSLATE_NOOP("DelineationLog", "Townships overlap"),
    "township_other_county": QT_TRANSLATE_NOOP(
        "DelineationLog", "Township land outside its county"
    ),
    "invalid_previous_code": QT_TRANSLATE_NOOP(
        "DelineationLog", "Invalid code in the previous units"
    ),
    "code_kept": QT_TRANSLATE_NOOP("DelineationLog", "Previous code kept"),
    "code_new": QT_TRANSLATE_NOOP("DelineationLog", "New code"),
    "merged_fragment": QT_TRANSLATE_NOOP("DelineationLog", "Fragment merged"),
}


def action_label(action: str) -> str:
    """The translated label of a log action code (the code itself when unknown)."""
    source = ACTION_LABELS.get(str(action))
    return QCoreApplication.translate("DelineationLog", source) if source else str(action)


def log_fields() -> QgsFields:
    return qgs_fields(tables.DELINEATION_LOG)


class DelineateUnits(
    DelineationInputsMixin, InputsMixin, OutputsMixin, ReportingMixin, EcoZoningAlgorithm
):
    NAME = "delineateunits"
    GROUP = "delineation"
    ICON = "delineate.svg"

    PREVIOUS = "PREVIOUS"
    OUTPUT_CRS = "OUTPUT_CRS"
    OUTPUT = "OUTPUT"
    OUTPUT_LOG = "OUTPUT_LOG"

    def displayName(self):  # noqa: N802
        return self.tr("Delineate environmental control units")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Builds environmental control units by overlay, in the order priority protection "
            "(red line, protected areas, water sources…) > industrial parks > other key control "
            "areas > general control, within each county. Every point of the admin layer ends up "
            "in exactly one unit and no unit crosses a county line. One priority unit per county "
            "and subtype (a layer's name is its subtype unless a subtype field is given), one key "
            "unit per park and county, one key unit per county and subtype, general units per "
            "county or township. Fragments smaller than the minimum area join the neighbouring unit "
            "with the longest shared edge; priority land never leaves a priority unit. Codes follow "
            "ZH + county code + class + serial, ordered north to south and west to east; with a "
            "previous unit layer, units that carry on keep their codes and retired codes are never "
            "reused. Areas (MJ, km²) are planar in the CGCS2000 3-degree Gauss-Krüger zone. "
            "The log lists repaired and skipped features, merged fragments and conflicts."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_delineation_inputs()
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PREVIOUS,
                self.tr("Previous units (keep their codes)"),
                [SourceType.VectorPolygon],
                optional=True,
            )
        )
        self.add_place_names()
        self.addParameter(
            QgsProcessingParameterCrs(
                self.OUTPUT_CRS,
                self.tr("Output CRS (default: that of the counties)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Control units"), SourceType.VectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_LOG,
                self.tr("Delineation log"),
                SourceType.Vector,
                optional=True,
                createByDefault=True,
            )
        )

    # --- reading -------------------------------------------------------------

    def _read(self, source, crs, context, feedback, fields=None):
        from ...plugin.adapters.layers import read_frame

        return read_frame(source, crs, fields, context.transformContext(), feedback)

    def _source_layer(self, layer, crs, context, feedback, subtype_field=None, name_field=None):
        from ...plugin.core.delineation import SourceLayer

        names = layer.fields().names()
        subtype = subtype_field if subtype_field and subtype_field in names else None
        wanted = [f for f in (subtype, name_field) if f]
        frame = self._read(layer, crs, context, feedback, wanted)
        return SourceLayer(layer.name(), frame, subtype, name_field)

    def _admin_source(self, parameters, context, feedback):
        """(the counties' source, its name, code field, name field), checked."""
        admin = self.input_source(parameters, self.ADMIN, context, feedback)
        if admin is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ADMIN))
        admin_name = self.layer_name(parameters, self.ADMIN, context)
        code_field = self.parameterAsString(parameters, self.ADMIN_CODE_FIELD, context)
        name_field = self.parameterAsString(parameters, self.ADMIN_NAME_FIELD, context)
        if admin.featureCount() == 0:
            raise QgsProcessingException(self.tr("The county layer has no features."))
        if admin.fields().indexOf(code_field) < 0:
            raise QgsProcessingException(
                self.tr("The county layer has no field '{0}' for the county code.").format(
                    code_field
                )
            )
        return admin, admin_name, code_field, name_field

    def _admin_frame(self, admin, code_field, name_field, crs, context, feedback):
        """The counties as a frame with "code" and "name" columns."""
        frame = self._read(
            admin, crs, context, feedback, [code_field] + ([name_field] if name_field else [])
        )
        frame = frame.rename(columns={code_field: "code"})
        frame["name"] = frame[name_field] if name_field else frame["code"].astype(str)
        return frame

    def _named_layer(self, parameters, key, name_key, crs, context, feedback):
        """The optional source ``key`` with its name field, as a SourceLayer (or None)."""
        from ...plugin.core.delineation import SourceLayer

        source = self.input_source(parameters, key, context, feedback)
        name_field = self.parameterAsString(parameters, name_key, context) or None
        if source is None:
            return None
        frame = self._read(source, crs, context, feedback, [name_field] if name_field else [])
        return SourceLayer(self.layer_name(parameters, key, context), frame, None, name_field)

    def _layer_list(self, parameters, key, subtype_field, crs, context, feedback):
        return [
            self._source_layer(layer, crs, context, feedback, subtype_field)
            for layer in self.input_layers(parameters, key, context, feedback)
        ]

    def _previous_frame(self, parameters, crs, context, feedback):
        """The previous units with their code in "code" (or None)."""
        source = self.input_source(parameters, self.PREVIOUS, context, feedback)
        if source is None:
            return None
        mapping = schema.guess_field_mapping(source.fields().names())
        if schema.UNIT_CODE not in mapping:
            raise QgsProcessingException(
                self.tr("The previous unit layer has no unit code field ({0}).").format(
                    schema.UNIT_CODE
                )
            )
        previous = self._read(source, crs, context, feedback, [mapping[schema.UNIT_CODE]])
        previous = previous.rename(columns={mapping[schema.UNIT_CODE]: "code"})
        return self._with_code_history(parameters, context, previous)

    def _with_code_history(self, parameters, context, previous):
        """Codes the previous units' project database ever gave out (saved versions, the
        journal) added as geometry-less rows: reserved, never given again."""
        import pandas as pd

        from ...plugin.adapters.code_history import codes_in_history
        from ...plugin.adapters.journal import gpkg_of

        layer = self.parameterAsVectorLayer(parameters, self.PREVIOUS, context)
        held = set(previous["code"])
        history = [c for c in codes_in_history(gpkg_of(layer)) if c not in held]
        if not history:
            return previous
        reserved = pd.DataFrame({"geometry": [None] * len(history), "code": history})
        return pd.concat([previous, reserved], ignore_index=True)

    def _sources(self, parameters, crs, context, feedback) -> dict:
        """Townships, priority layers, parks, key layers and previous units, read in ``crs``."""
        townships = self._named_layer(
            parameters, self.TOWNSHIPS, self.TOWNSHIP_NAME_FIELD, crs, context, feedback
        )
        string = self.parameterAsString
        priority_field = string(parameters, self.PRIORITY_SUBTYPE_FIELD, context) or None
        key_field = string(parameters, self.KEY_SUBTYPE_FIELD, context) or None
        priority = self._layer_list(
            parameters, self.PRIORITY_LAYERS, priority_field, crs, context, feedback
        )
        feedback.setProgress(12)
        key = self._layer_list(parameters, self.KEY_LAYERS, key_field, crs, context, feedback)
        parks = self._named_layer(
            parameters, self.PARKS, self.PARK_NAME_FIELD, crs, context, feedback
        )
        previous = self._previous_frame(parameters, crs, context, feedback)
        return dict(townships=townships, priority=priority, parks=parks, key=key, previous=previous)

    # --- running -------------------------------------------------------------

    def _job(self, parameters, context, admin_frame, admin_name, sources):
        from ...plugin.core import delineation

        split = self.SPLITS[self.parameterAsEnum(parameters, self.GENERAL_SPLIT, context)]
        if split == "township" and sources["townships"] is None:
            raise QgsProcessingException(
                self.tr("General units per township need a township layer.")
            )
        return delineation.DelineationInput(
            admin=admin_frame,
            admin_layer_name=admin_name,
            min_area=self.parameterAsDouble(parameters, self.MIN_AREA, context),
            general_split=split,
            province=self.parameterAsString(parameters, self.PROVINCE, context),
            city=self.parameterAsString(parameters, self.CITY, context),
            **sources,
        )

    def _delineate(self, job, work_crs, feedback):
        """The engine's result; a cancel or a user error becomes a Processing error."""
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.core import area, delineation
        from ...plugin.settings import overlay_threads

        try:
            with area.using(rule_for(work_crs)):
                return delineation.delineate(
                    job,
                    self.progress_callback(feedback, 20, 90),
                    feedback.isCanceled,
                    workers=overlay_threads(),
                )
        except delineation.Cancelled:
            raise self.cancelled() from None
        except delineation.DelineationError as error:
            raise QgsProcessingException(str(error)) from None

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        admin, admin_name, code_field, name_field = self._admin_source(
            parameters, context, feedback
        )
        work_crs = self.working_crs(admin, admin_name)
        feedback.pushInfo(self.tr("Computing in {0}").format(work_crs.authid()))
        feedback.setProgress(1)
        frame = self._admin_frame(admin, code_field, name_field, work_crs, context, feedback)
        feedback.setProgress(5)
        sources = self._sources(parameters, work_crs, context, feedback)
        feedback.setProgress(20)
        self.stop_if_cancelled(feedback)

        job = self._job(parameters, context, frame, admin_name, sources)
        result = self._delineate(job, work_crs, feedback)
        self.stop_if_cancelled(feedback)

        out_crs = self.parameterAsCrs(parameters, self.OUTPUT_CRS, context)
        if not out_crs.isValid():
            out_crs = admin.sourceCrs() if admin.sourceCrs().isValid() else work_crs
        units = self._deliver(result, work_crs, out_crs, feedback)
        return self._write(parameters, context, feedback, units, result.log, out_crs)

    def _deliver(self, result, work_crs, out_crs, feedback):
        """Units in the output CRS, valid and a clean coverage there; MJ by the area rule.
        In the working CRS, on the grid the engine has just made them clean on, they are
        not checked a second time, and keep the MJ the engine measured there (by the
        same rule, ``_delineate``)."""
        from ...plugin.adapters.area_rule import official_km2, rule_for

        units = result.units.copy()
        if units.empty:
            return units
        geoms = units["geometry"].to_numpy()
        grid = self._output_grid(out_crs)
        if out_crs == work_crs and result.clean_grid == grid:
            # the engine's MJ: these very geometries, measured in this CRS by this rule
            rule = rule_for(work_crs)
        else:
            geoms = self._clean_in(geoms, units, work_crs, out_crs, feedback)
            units["geometry"] = geoms
            units[schema.UNIT_AREA], rule = official_km2(geoms, out_crs, work_crs)
        feedback.pushInfo(self.tr("MJ: {0}").format(self.area_rule_text(rule)))
        return units

    @staticmethod
    def _output_grid(out_crs) -> float:
        from ...plugin.core import coverage

        return coverage.grid_for(out_crs.isGeographic())

    def _clean_in(self, geoms, units, work_crs, out_crs, feedback):
        """``geoms`` in ``out_crs``, made a clean coverage there (reported)."""
        from ...plugin.adapters import crs as crs_adapter
        from ...plugin.core import coverage

        geoms = crs_adapter.transform_geometries(geoms, work_crs, out_crs)
        geoms, report = coverage.clean_coverage(geoms, self._output_grid(out_crs))
        if report.rounds:
            feedback.pushInfo(
                self.tr(
                    "{0} units were snap-rounded together in the output CRS to keep them "
                    "valid and without overlaps or gaps ({1} rounds)"
                ).format(len(report.repaired), report.rounds)
            )
        if len(report.remaining):
            feedback.reportError(
                self.tr(
                    "{0} units are still invalid or overlap a neighbour in the output CRS: {1}"
                ).format(
                    len(report.remaining),
                    ", ".join(str(c) for c in units[schema.UNIT_CODE].iloc[report.remaining][:20]),
                )
            )
        return geoms

    def _write(self, parameters, context, feedback, units, log, out_crs):

        fields = qgs_fields(schema.UNIT_FIELDS)
        unit_features = self.prepare(units, fields, feedback)  # in out_crs already
        # "fid" is the GeoPackage's own key column: the source feature id gets another name
        log = log.rename(columns={"fid": "source_fid"})
        log["action_label"] = log["action"].map(action_label)
        log_features = self.prepare(log, log_fields(), feedback, multi=False)
        feedback.setProgress(96)
        results = self.commit_outputs(
            parameters,
            context,
            feedback,
            [
                (self.OUTPUT, fields, WkbType.MultiPolygon, out_crs, unit_features, True),
                (
                    self.OUTPUT_LOG,
                    log_fields(),
                    WkbType.NoGeometry,
                    QgsCoordinateReferenceSystem(),
                    log_features,
                    False,
                ),
            ],
        )
        counts = units[schema.UNIT_CLASS].value_counts().to_dict()
        feedback.pushInfo(
            self.tr("{0} units: {1} priority, {2} key, {3} general").format(
                len(units), counts.get(1, 0), counts.get(2, 0), counts.get(3, 0)
            )
        )
        for action, count in log["action"].value_counts().items():
            feedback.pushInfo(f"  {action_label(action)} ({action}): {count}")
        feedback.setProgress(100)
        return results
