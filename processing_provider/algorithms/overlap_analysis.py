"""叠加分析: how much of each feature lies in each constraint layer, without double counting."""

from __future__ import annotations

from functools import partial

from qgis.core import (
    QgsFields,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...plugin.adapters.fields import qgs_fields
from ...plugin.adapters.postgis import pushdown
from ...plugin.adapters.postgis.pushdown import mode_parameter
from ...plugin.compat import GeometryType, SourceType, WkbType, dimension_of
from ...plugin.core import tables
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin
from ..outputs import OutputsMixin
from ..reporting import ReportingMixin

OUTPUT_GEOMETRY = {
    GeometryType.Polygon: WkbType.MultiPolygon,
    GeometryType.Line: WkbType.MultiLineString,
    GeometryType.Point: WkbType.MultiPoint,
}


WRITE_SLICE = 5_000  # rows turned into features at a time


def output_fields() -> QgsFields:
    return qgs_fields(tables.OVERLAP_OUTPUT)


def parse_buffers(text: str, count: int) -> list[float]:
    """'500' (all layers) or '0, 1000, 0' (one per layer, in order) -> metres per layer."""
    parts = [p.strip() for p in (text or "").replace("，", ",").split(",") if p.strip()]
    if not parts:
        return [0.0] * count
    values = [float(p) for p in parts]
    if any(v < 0 for v in values):
        raise ValueError("negative buffer")
    if len(values) == 1:
        return values * count
    if len(values) != count:
        raise ValueError(f"{len(values)} buffers for {count} layers")
    return values


class _NoCancel:
    """The feedback as the writing sees it: messages pass, a cancel is not seen (from the
    first sink on everything is written: ``commit_outputs``)."""

    def __init__(self, feedback):
        self._feedback = feedback

    def isCanceled(self):  # noqa: N802
        return False

    def pushInfo(self, text):  # noqa: N802
        if self._feedback is not None:
            self._feedback.pushInfo(text)


class SlicedFeatures:
    """The result rows as features, made ``WRITE_SLICE`` rows at a time while the sink is
    filled: only one slice's features exist at once (never all of them beside the
    pieces), and each slice's shapely pieces are let go, and their memory given back,
    once its features are made. ``features(frame)`` makes one slice's features; it must
    not be cancellable (the slices are made while the output is being written)."""

    def __init__(self, features, rows):
        self._make = features
        self._geoms = (
            rows.pop("geometry").to_numpy(dtype=object, copy=True) if "geometry" in rows else None
        )
        self._rows = rows

    def __len__(self):
        return len(self._rows)

    def __iter__(self):
        for features in self.parts():
            yield from features

    def parts(self):
        """Each slice's features (``features(frame)``), made when asked for."""
        from ...plugin.core.memory import give_back

        rows, geoms = self._rows, self._geoms
        for start in range(0, len(rows), WRITE_SLICE):
            part = rows.iloc[start : start + WRITE_SLICE]
            if geoms is not None:
                part = part.assign(geometry=geoms[start : start + WRITE_SLICE])
                geoms[start : start + WRITE_SLICE] = None
            features = self._make(part)
            del part
            yield features
            del features
            give_back()


class PagedFeatures:
    """The features of each page of the database's results (``features(frame)``, e.g. a
    ``SlicedFeatures``), a page read only when the sink has taken the one before: ``len()``
    is the number of rows of all pages."""

    def __init__(self, features, pages):
        self._make, self._pages = features, pages

    def __len__(self):
        return len(self._pages)

    def __iter__(self):
        for frame in self._pages:
            yield from self._make(frame)

    def parts(self):
        for frame in self._pages:
            yield from self._make(frame).parts()


class OverlapAnalysis(InputsMixin, OutputsMixin, ReportingMixin, EcoZoningAlgorithm):
    NAME = "overlapanalysis"
    GROUP = "checks"

    INPUT = "INPUT"
    NAME_FIELD = "NAME_FIELD"
    CONSTRAINTS = "CONSTRAINTS"
    BUFFERS = "BUFFERS"
    MODE = "MODE"
    OUTPUT = "OUTPUT"

    def displayName(self):  # noqa: N802
        return self.tr("Overlap analysis")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "For every feature of the input layer (points, lines or polygons) and every constraint "
            "layer (red line, permanent farmland, water sources…), the overlapping area or length, "
            "or whether a point falls inside, and its share of the feature. Constraint features "
            "that overlap each other are counted once. Buffers (metres) are given either once for "
            "all constraint layers or as a comma-separated list in the order of the layers. "
            "Areas and lengths are planar in the CGCS2000 3-degree Gauss-Krüger zone. Each row "
            "names the constraint's role (chosen in the project screening panel, else guessed "
            "from the layer name: 生态红线, STBHHX, YJJBNT, CZKFBJ …); layers of unknown role "
            "are reported. Every repaired input feature is logged."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, self.tr("Features to analyse"), [SourceType.VectorAnyGeometry]
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.NAME_FIELD, self.tr("Name field"), None, self.INPUT, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.CONSTRAINTS, self.tr("Constraint layers"), SourceType.VectorAnyGeometry
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.BUFFERS, self.tr("Buffers (m)"), "0", optional=True)
        )

        self.addParameter(mode_parameter(self.MODE))
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Overlaps"), SourceType.VectorAnyGeometry
            )
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        source = self.input_source(parameters, self.INPUT, context, feedback)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        name_field = self.parameterAsString(parameters, self.NAME_FIELD, context)
        layers = self.input_layers(parameters, self.CONSTRAINTS, context, feedback)
        if not layers:
            raise QgsProcessingException(self.tr("Choose at least one constraint layer."))
        try:
            buffers = parse_buffers(
                self.parameterAsString(parameters, self.BUFFERS, context), len(layers)
            )
        except ValueError as error:
            raise QgsProcessingException(
                self.tr("Buffers must be one number or one per constraint layer: {0}").format(error)
            ) from None
        work_crs = self.working_crs(source, self.layer_name(parameters, self.INPUT, context))
        pages = self._overlaps_in_database(
            parameters, context, feedback, layers, buffers, name_field, work_crs
        )
        rows = None
        if pages is None:
            rows = self._overlaps_in_qgis(
                parameters, context, feedback, source, layers, buffers, name_field, work_crs
            )

        geometry_type = OUTPUT_GEOMETRY.get(
            QgsWkbTypes.geometryType(source.wkbType()), WkbType.NoGeometry
        )
        dimension = dimension_of(geometry_type)

        def features(frame):
            frame = frame.rename(columns={"fid": "source_fid"})
            if geometry_type == WkbType.NoGeometry:
                frame = frame.drop(columns="geometry")
            return self._features(frame, feedback, work_crs, source.sourceCrs(), dimension)

        count = len(pages if rows is None else rows)
        prepared = PagedFeatures(features, pages) if rows is None else features(rows)
        del rows
        try:
            results = self.commit_outputs(
                parameters,
                context,
                feedback,
                [(self.OUTPUT, output_fields(), geometry_type, source.sourceCrs(), prepared, True)],
            )
        finally:
            if pages is not None:
                pages.close()  # read by now, or left unread by a cancel
        feedback.pushInfo(self.tr("{0} overlaps").format(count))
        return results

    def _features(self, rows, feedback, work_crs, sink_crs, dimension) -> SlicedFeatures:
        """The rows as features to write, made ``WRITE_SLICE`` at a time while they are
        written (see ``SlicedFeatures``). Takes ``rows`` over."""
        return SlicedFeatures(
            lambda part: self.prepare(
                part, output_fields(), _NoCancel(feedback), work_crs, sink_crs,
                dimension=dimension,
            ),
            rows,
        )  # fmt: skip

    def _overlaps_in_qgis(
        self, parameters, context, feedback, source, layers, buffers, name_field, work_crs
    ):
        """The analysis in this process: every layer read into QGIS, the core computes."""
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.adapters.compliance_data import saved_role
        from ...plugin.adapters.layers import read_frame
        from ...plugin.core import area, overlap, roles
        from ...plugin.settings import overlay_threads

        features = read_frame(
            source,
            work_crs,
            [name_field] if name_field else [],
            context.transformContext(),
            feedback,
        )
        chosen = [saved_role(layer) for layer in layers]
        self.log_roles(
            feedback, [roles.describe(layer.name(), r) for layer, r in zip(layers, chosen)]
        )
        repairs = []
        try:
            with area.using(rule_for(work_crs)):
                run = overlap.OverlapRun(
                    features,
                    [layer.name() for layer in layers],
                    self.progress_callback(feedback, 5, 90),
                    feedback.isCanceled,
                    repairs=repairs,
                    layer_name=self.layer_name(parameters, self.INPUT, context),
                    workers=overlay_threads(),
                )
                for layer, buffer, role in zip(layers, buffers, chosen):
                    # read, measure and let go one constraint layer at a time
                    run.add_loaded(layer.name(), partial(read_frame, layer, work_crs, [],
                                   context.transformContext(), feedback), buffer, role)  # fmt: skip
                rows = run.result()
        except overlap.Cancelled:
            raise self.cancelled() from None
        except overlap.OverlapError as error:
            raise QgsProcessingException(str(error)) from None
        for log in repairs:
            self.log_repairs(feedback, log)
        if name_field:
            names = dict(zip(features["fid"], features[name_field]))
            rows["name"] = rows["fid"].map(names)
        return rows

    def _overlaps_in_database(
        self, parameters, context, feedback, layers, buffers, name_field, work_crs
    ):
        """The analysis by PostGIS when MODE allows and the inputs permit (its rows, read
        back page by page while they are written), else None."""

        mode = self.parameterAsEnum(parameters, self.MODE, context)
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if mode == pushdown.MODE_QGIS or (
            mode == pushdown.MODE_AUTO and not pushdown.on_postgis(layer)
        ):
            return None
        source = self.input_source(parameters, self.INPUT, context, feedback)
        reason = pushdown.refusal(
            layer,
            layers,
            selected_only=layer is None or source.featureCount() != layer.featureCount(),
            work_crs=work_crs,
            official_areas=True,
        )
        if reason is not None:
            if mode == pushdown.MODE_DATABASE:
                raise QgsProcessingException(
                    self.tr("The overlap analysis cannot run in the database: {0}.").format(reason)
                )
            feedback.pushInfo(self.tr("Overlap analysis runs in QGIS: {0}.").format(reason))
            return None
        feedback.pushInfo(self.tr("Overlap analysis runs in the database."))
        return pushdown.overlap_in_database(
            self, feedback, layer, layers, buffers, name_field, work_crs,
            self.layer_name(parameters, self.INPUT, context),
        )  # fmt: skip
