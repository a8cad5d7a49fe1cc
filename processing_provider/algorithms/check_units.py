"""管控单元成果质检: topology, attribute, red-line and 三区三线 checks of a unit layer."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFields,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ...plugin.adapters.excel import ExcelError, write_sheets
from ...plugin.adapters.fields import qgs_fields
from ...plugin.adapters.postgis import connection, pushdown
from ...plugin.compat import SourceType, WkbType
from ...plugin.core import roles, schema, tables
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin
from ..outputs import OutputsMixin
from ..reporting import ReportingMixin

# Unit-layer fields the checks read, with the parameter that can override each.
MAPPED_FIELDS = (
    ("CODE_FIELD", schema.UNIT_CODE),
    ("NAME_FIELD", schema.UNIT_NAME),
    ("CLASS_FIELD", schema.UNIT_CLASS),
    ("SUBTYPE_FIELD", schema.UNIT_SUBTYPE),
    ("COUNTY_CODE_FIELD", schema.UNIT_COUNTY_CODE),
    ("AREA_FIELD", schema.UNIT_AREA),
)


def summary_fields() -> QgsFields:
    return qgs_fields(tables.CHECK_SUMMARY)


class CheckUnits(InputsMixin, OutputsMixin, ReportingMixin, EcoZoningAlgorithm):
    NAME = "checkunits"
    GROUP = "checks"
    ICON = "check.svg"

    UNITS = "UNITS"
    ADMIN = "ADMIN"
    ADMIN_CODE_FIELD = "ADMIN_CODE_FIELD"
    RED_LINE = "RED_LINE"
    FARMLAND = "FARMLAND"
    URBAN_BOUNDARY = "URBAN_BOUNDARY"
    PARKS = "PARKS"
    ACCESS_LIST = "ACCESS_LIST"
    ACCESS_LIST_CODE_FIELD = "ACCESS_LIST_CODE_FIELD"
    PREVIOUS_ERRORS = "PREVIOUS_ERRORS"
    SLIVER_AREA = "SLIVER_AREA"
    TOLERANCE = "TOLERANCE"
    OUTPUT_ERRORS = "OUTPUT_ERRORS"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    OUTPUT_HTML = "OUTPUT_HTML"
    OUTPUT_XLSX = "OUTPUT_XLSX"
    REPORT_MULTIPART = "REPORT_MULTIPART"
    MODE = "MODE"
    MODE_AUTO, MODE_QGIS, MODE_DATABASE = 0, 1, 2

    def displayName(self):  # noqa: N802
        return self.tr("Check control units")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Checks a unit layer before filing: invalid, empty or multipart geometries; overlaps "
            "between units, gaps and parts outside the counties, slivers; code format, duplicate "
            "codes, class and county digits of the code, empty required fields, MJ against the "
            "planar area; red line not covered by priority units, parks on the red line; urban "
            "development boundary inside priority units, permanent farmland inside parks; county "
            "coverage; units without an access-list entry. Each problem is written with its real "
            "geometry (the overlap, the gap, the uncovered red-line part) and its area in m². "
            "Give the previous error layer to keep the review status and note of problems that "
            "still exist."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self._add_unit_inputs()
        self._add_layer_inputs()
        self._add_options()
        self._add_outputs()

    def _add_unit_inputs(self):
        """The unit layer, its field mapping, the county layer and its code field."""
        polygon = [SourceType.VectorPolygon]
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.UNITS, self.tr("Control units"), polygon)
        )
        for key, name in MAPPED_FIELDS:
            self.addParameter(
                QgsProcessingParameterField(
                    key, self.tr("Unit field for {0}").format(name), None, self.UNITS, optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.ADMIN, self.tr("Counties"), polygon, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.ADMIN_CODE_FIELD, self.tr("County code field"), None, self.ADMIN, optional=True
            )
        )

    def _add_layer_inputs(self):
        """The 三区三线 and park layers, the access list, the previous results."""
        polygon = [SourceType.VectorPolygon]
        for key, label in (
            (self.RED_LINE, self.tr("Ecological protection red line")),
            (self.FARMLAND, self.tr("Permanent basic farmland")),
            (self.URBAN_BOUNDARY, self.tr("Urban development boundary")),
            (self.PARKS, self.tr("Industrial parks")),
        ):
            self.addParameter(
                QgsProcessingParameterFeatureSource(key, label, polygon, optional=True)
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
            QgsProcessingParameterField(
                self.ACCESS_LIST_CODE_FIELD,
                self.tr("Unit code field of the access list"),
                schema.REQ_SCOPE_CODE,
                self.ACCESS_LIST,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PREVIOUS_ERRORS,
                self.tr("Previous check results (keep review status)"),
                polygon,
                optional=True,
            )
        )

    def _add_options(self):
        """Thresholds, the G03 switch, and where the red-line checks run."""
        self.addParameter(
            QgsProcessingParameterNumber(
                self.SLIVER_AREA,
                self.tr("Sliver area (m²)"),
                QgsProcessingParameterNumber.Type.Double,
                100.0,
                False,
                0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TOLERANCE,
                self.tr("Ignore overlaps and gaps smaller than (m²)"),
                QgsProcessingParameterNumber.Type.Double,
                0.01,
                False,
                0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.REPORT_MULTIPART,
                self.tr("Report multipart units (G03, a marker on each part)"),
                False,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.MODE,
                self.tr(
                    "Where to run the layer checks (red line, urban boundary, farmland, parks)"
                ),
                [
                    self.tr(
                        "Automatic: in the database when the units and these layers are PostGIS tables on one connection"
                    ),
                    self.tr("In QGIS"),
                    self.tr("In the database (PostGIS)"),
                ],
                defaultValue=self.MODE_AUTO,
            )
        )

    def _add_outputs(self):
        """The error layer, the summary table, the HTML report and the workbook."""
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_ERRORS, self.tr("Check results"), SourceType.VectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_SUMMARY,
                self.tr("Check summary"),
                SourceType.Vector,
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_HTML,
                self.tr("Check report"),
                self.tr("HTML files (*.html)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_XLSX,
                self.tr("Check workbook (summary and one sheet per check)"),
                self.tr("Excel workbooks (*.xlsx)"),
                optional=True,
            )
        )

    def _optional_reader(self, parameters, key, context, crs, feedback, fields=(), sliced=False):
        """A function reading the layer's frame when called (None without the layer).

        ``sliced``: a file layer (OGR) of more than SLICE_ROWS features gives its frame as slices of
        SLICE_ROWS features in fid order (the order a whole read gives), each read only
        when the core takes it, so the whole layer is never held at once."""
        from ...plugin.adapters.layers import read_frame

        source = self.input_source(parameters, key, context, feedback)
        if source is None:
            return None
        transforms = context.transformContext()
        layer = self.parameterAsVectorLayer(parameters, key, context)
        if (
            not sliced
            or layer is None
            or layer.providerType() != "ogr"
            or source.featureCount() <= self.SLICE_ROWS
        ):
            return lambda: read_frame(source, crs, list(fields), transforms, feedback)

        def slices():
            ids = sorted(source.allFeatureIds())
            for k in range(0, len(ids), self.SLICE_ROWS):
                self.stop_if_cancelled(feedback)
                chunk = ids[k : k + self.SLICE_ROWS]
                yield read_frame(source, crs, list(fields), transforms, feedback, fids=chunk)

        return slices

    def _optional_frame(self, parameters, key, context, crs, feedback, fields=()):
        reader = self._optional_reader(parameters, key, context, crs, feedback, fields)
        return None if reader is None else reader()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        units_source = self.input_source(parameters, self.UNITS, context, feedback)
        if units_source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        if units_source.featureCount() == 0:
            raise QgsProcessingException(self.tr("The unit layer has no features."))
        mapping = self.unit_field_mapping(parameters, context, units_source, dict(MAPPED_FIELDS))
        work_crs = self.working_crs(units_source, self.layer_name(parameters, self.UNITS, context))
        feedback.pushInfo(self.tr("Computing in {0}").format(work_crs.authid()))
        units, native = self._read_units(units_source, mapping, work_crs, context, feedback)
        feedback.setProgress(10)
        admin = self._read_admin(parameters, context, work_crs, feedback)
        pushdown = self._pushdown(parameters, context, feedback)
        layers = self._read_layers(parameters, context, work_crs, feedback, pushdown)
        access_codes = self._access_codes(parameters, context, feedback, units)
        feedback.setProgress(25)
        self.stop_if_cancelled(feedback)
        job = self._check_input(parameters, context, units, admin, layers, access_codes, native)
        beside = (
            self._pieces_beside(pushdown, mapping, work_crs, job, feedback) if pushdown else None
        )
        try:
            result = self._run_checks(job, work_crs, feedback, beside)
            if pushdown:
                result = self._finish_in_database(pushdown, work_crs, job, result, feedback, beside)
        finally:
            if beside is not None:
                beside.stop()  # after a cancel or an error: the database work ends too
        self.log_repairs(feedback, result.repairs)
        # markers first, so problems without area compare with their stored markers
        errors = self.with_markers(result.errors)
        errors = self._carry_over(parameters, context, feedback, errors, work_crs)
        return self._write(
            parameters,
            context,
            feedback,
            errors,
            result.summary,
            work_crs,
            units_source.sourceCrs(),
        )

    def _read_units(self, units_source, mapping, work_crs, context, feedback):
        """(units frame with the core's field names, (G01 reasons, T01 overlaps) in the
        layer's own CRS)."""
        from ...plugin.adapters.layers import read_frame

        units = read_frame(
            units_source, work_crs, list(mapping.values()), context.transformContext(), feedback
        )
        units = units.rename(columns={v: k for k, v in mapping.items()})
        return units, self._native_checks(units_source, units, work_crs, context, feedback)

    def _read_admin(self, parameters, context, work_crs, feedback):
        """The county layer with its code field named ``code``, or None."""
        if self.input_source(parameters, self.ADMIN, context, feedback) is None:
            return None
        code_field = self.parameterAsString(parameters, self.ADMIN_CODE_FIELD, context)
        if not code_field:
            raise QgsProcessingException(
                self.tr("Choose the county code field of the county layer.")
            )
        admin = self._optional_frame(
            parameters, self.ADMIN, context, work_crs, feedback, [code_field]
        )
        return admin.rename(columns={code_field: "code"})

    # read only when the checks reach them (the farmland may be a million parcels): the
    # core calls the reader once and lets the frame go once it is cleaned
    LATE_LAYERS = (FARMLAND, URBAN_BOUNDARY, PARKS)
    SLICE_ROWS = 200_000  # features of a late layer read and cleaned at a time

    def _read_layers(self, parameters, context, work_crs, feedback, pushdown):
        """The other polygon layers by parameter (those overlaid in the database not read;
        LATE_LAYERS as readers), each role-checked."""
        layers = {
            key: None
            if pushdown and self.PUSHDOWN_LAYERS[key] in pushdown[2]
            else self._optional_reader(parameters, key, context, work_crs, feedback, sliced=True)
            if key in self.LATE_LAYERS
            else self._optional_frame(parameters, key, context, work_crs, feedback)
            for key in (self.RED_LINE, self.FARMLAND, self.URBAN_BOUNDARY, self.PARKS)
        }
        for key, role in (
            (self.RED_LINE, roles.RED_LINE),
            (self.FARMLAND, roles.FARMLAND),
            (self.URBAN_BOUNDARY, roles.URBAN_BOUNDARY),
        ):
            self.check_role(feedback, self.parameterAsVectorLayer(parameters, key, context), role)
        return layers

    def _check_input(self, parameters, context, units, admin, layers, access_codes, native):
        from ...plugin.core import checks

        native_reasons, native_overlaps = native
        return checks.CheckInput(
            units=units,
            admin=admin,
            red_line=layers[self.RED_LINE],
            farmland=layers[self.FARMLAND],
            urban_boundary=layers[self.URBAN_BOUNDARY],
            parks=layers[self.PARKS],
            access_codes=access_codes,
            sliver_area=self.parameterAsDouble(parameters, self.SLIVER_AREA, context),
            tolerance=self.parameterAsDouble(parameters, self.TOLERANCE, context),
            native_reasons=native_reasons,
            native_overlaps=native_overlaps,
            layer_names={
                field: self.layer_name(parameters, key, context)
                for field, key in (
                    ("admin", self.ADMIN),
                    ("red_line", self.RED_LINE),
                    ("farmland", self.FARMLAND),
                    ("urban_boundary", self.URBAN_BOUNDARY),
                    ("parks", self.PARKS),
                )
            },
            report_multipart=self.parameterAsBoolean(parameters, self.REPORT_MULTIPART, context),
        )

    def _run_checks(self, job, work_crs, feedback, beside=None):
        """The core checks under the working CRS's area rule (progress 25–90), on the
        overlay threads of the plugin's settings. ``beside``: the database work running
        meanwhile (``pushdown_beside.Beside``); its failure stops the checks with its error."""
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.core import area, checks
        from ...plugin.settings import overlay_threads

        is_cancelled = feedback.isCanceled
        if beside is not None:
            is_cancelled = lambda: feedback.isCanceled() or beside.failed()  # noqa: E731
        try:
            with area.using(rule_for(work_crs)), connection.processing_errors():
                return checks.check_units(
                    job,
                    self.progress_callback(feedback, 25, 90),
                    is_cancelled,
                    workers=overlay_threads(),
                )
        except checks.Cancelled:
            if beside is not None:
                with connection.processing_errors():
                    beside.raise_failure()
            raise self.cancelled() from None
        except checks.CheckError as error:
            raise QgsProcessingException(str(error)) from None

    def _carry_over(self, parameters, context, feedback, errors, work_crs):
        """``errors`` with the review status and note of the previous results, if given."""
        from ...plugin.adapters.layers import read_frame
        from ...plugin.core import checks

        previous_source = self.input_source(parameters, self.PREVIOUS_ERRORS, context, feedback)
        if previous_source is None:
            return errors
        names = [s.name for s in schema.CHECK_FIELDS]
        missing = [n for n in names if previous_source.fields().indexOf(n) < 0]
        if missing:
            raise QgsProcessingException(
                self.tr("The previous check results lack the fields {0}.").format(
                    ", ".join(missing)
                )
            )
        previous = read_frame(
            previous_source, work_crs, names, context.transformContext(), feedback
        )
        return checks.carry_over_review(errors, previous)

    # parameter -> the core's name of the layer (CheckInput field) for the database
    PUSHDOWN_LAYERS = {
        RED_LINE: "red_line",
        FARMLAND: "farmland",
        URBAN_BOUNDARY: "urban_boundary",
        PARKS: "parks",
    }

    def _pushdown(self, parameters, context, feedback):
        """(connection, units table, {CheckInput layer name: table}) when the overlays with the
        red line, urban boundary, farmland and parks run in the database, else None. The
        database mode refuses inputs it cannot take, by name."""

        mode = self.parameterAsEnum(parameters, self.MODE, context)
        given = {
            key: layer
            for key in self.PUSHDOWN_LAYERS
            if (layer := self.parameterAsVectorLayer(parameters, key, context)) is not None
        }
        units_layer = self.parameterAsVectorLayer(parameters, self.UNITS, context)
        if mode == self.MODE_QGIS or (
            mode == self.MODE_AUTO and not (given and pushdown.on_postgis(units_layer))
        ):
            return None
        units_source = self.input_source(parameters, self.UNITS, context, feedback)
        reason = pushdown.refusal(
            units_layer,
            list(given.values()),
            selected_only=units_source.featureCount() != units_layer.featureCount(),
            work_crs=self.working_crs(units_source, units_layer.name()),
        )
        if reason is not None:
            if mode == self.MODE_DATABASE:
                raise QgsProcessingException(
                    self.tr("The layer checks cannot run in the database: {0}.").format(reason)
                )
            feedback.pushInfo(self.tr("Layer checks run in QGIS: {0}.").format(reason))
            return None
        tables = {
            self.PUSHDOWN_LAYERS[key]: pushdown.check_table(connection.table_of(layer))
            for key, layer in given.items()
        }
        units = connection.table_of(units_layer)
        with connection.processing_errors():
            db = connection.connect(units.connection_info)
        feedback.pushInfo(self.tr("Layer checks run in the database."))
        return db, pushdown.check_table(units), tables, units.connection_info

    def _pieces_beside(self, pushdown, mapping, work_crs, job, feedback):
        """The layers' pieces inside the units that need them, computed by PostGIS on a
        thread of its own while the core checks the units; the core takes them when its
        steps need them (``job.pending``). Returns the running work (``Beside``)."""
        from qgis.core import QgsFeedback

        from ...plugin.adapters.postgis import pushdown_beside
        from ...plugin.core.memory import give_back

        _, units, layers, info = pushdown
        statements = QgsFeedback()  # cancelled: the statement running in the server stops

        def open_execute():
            db = connection.connect(info)
            return lambda statement: connection.execute(db, statement, statements)

        beside = pushdown_beside.pieces_beside(
            open_execute,
            units,
            mapping,
            layers,
            work_crs.postgisSrid(),
            job,
            feedback.isCanceled,
            on_stop=statements.cancel,
        )
        job.pending = beside.take
        # the pages of the unit read (QGIS's features, their WKB) are freed but kept by
        # the C library, and the core's threads cannot reuse them: hand them back first
        give_back()
        return beside

    def _finish_in_database(self, pushdown, work_crs, job, result, feedback, beside):
        """R01 in the gaps (computed by PostGIS now) and the layers' repair log (computed
        beside the core)."""
        from ...plugin.adapters.postgis import pushdown_beside, pushdown_layers

        db, _, layers, _ = pushdown
        self.stop_if_cancelled(feedback)
        with connection.processing_errors():
            try:
                logs = beside.take(pushdown_beside.REPAIRS)
            except pushdown_layers.checks.Cancelled:
                raise self.cancelled() from None
            return pushdown_layers.finish(
                lambda statement: connection.execute(db, statement),
                result,
                layers,
                work_crs.postgisSrid(),
                job,
                job.layer_names,
                logs=logs,
            )

    def _access_codes(self, parameters, context, feedback, units):
        """Codes of the units with at least one requirement in their effective list (own and
        inherited: province, city, county, class levels), or None without an access list.
        A plain table without scope levels counts rows naming the unit's code."""
        access_source = self.input_source(parameters, self.ACCESS_LIST, context, feedback)
        if access_source is None:
            return None
        # imported only with an access list (the access package takes ≈ 0.1–0.3 s to import)
        from ...plugin.adapters.layers import read_frame
        from ...plugin.core.access import units_with_requirements

        field = (
            self.parameterAsString(parameters, self.ACCESS_LIST_CODE_FIELD, context)
            or schema.REQ_SCOPE_CODE
        )
        names = access_source.fields().names()
        if field not in names:
            raise QgsProcessingException(
                self.tr("The access-list table has no field '{0}'.").format(field)
            )
        layered = field == schema.REQ_SCOPE_CODE and schema.REQ_SCOPE_LEVEL in names
        wanted = [n for n in names if n in schema.field_names(schema.ACCESS_LIST_FIELDS)]
        table = read_frame(
            access_source,
            None,
            wanted if layered else [field],
            context.transformContext(),
            feedback,
            with_geometry=False,
        )
        if not layered:
            return {str(v) for v in table[field] if v}
        scope = units.reindex(
            columns=[schema.UNIT_CODE, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE]
        )
        return units_with_requirements(table, scope)

    @staticmethod
    def with_markers(errors):
        """Problems without an area (a degenerate unit's point or line) drawn as a 1 m marker
        polygon, so they sit in the polygon layer and can be zoomed to; the area stays as found."""
        import shapely

        geoms = errors["geometry"].to_numpy(dtype=object)
        present = ~shapely.is_missing(geoms)
        flat = present.copy()
        flat[present] = shapely.area(geoms[present]) == 0
        if flat.any():
            geoms = geoms.copy()
            geoms[flat] = shapely.buffer(geoms[flat], 1.0, quad_segs=4)
            errors = errors.assign(geometry=geoms)
        return errors

    def _native_checks(self, source, units, work_crs, context, feedback):
        """(G01 reasons, T01 overlaps) of the units in the layer's own CRS, or (None, None)
        when that is the working CRS: G01 then says what QGIS's Check Validity says about the
        layer as it is, and T01 also finds overlaps that only exist in that CRS."""
        import numpy as np
        import shapely

        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.adapters.crs import transform_geometries
        from ...plugin.adapters.layers import read_frame

        if source.sourceCrs() == work_crs:
            return None, None
        native = read_frame(source, None, [], context.transformContext(), feedback)
        geoms = native.set_index("fid")["geometry"].reindex(units["fid"]).to_numpy(dtype=object)
        present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        reasons = np.full(len(geoms), "", dtype=object)
        invalid = present & ~shapely.is_valid(geoms)
        if invalid.any():
            reasons[invalid] = shapely.is_valid_reason(geoms[invalid])
        rows = np.flatnonzero(present & ~invalid)
        a, b = shapely.STRtree(geoms[rows]).query(geoms[rows], predicate="overlaps")
        a, b = rows[a[a < b]], rows[b[a < b]]
        inter = shapely.intersection(geoms[a], geoms[b])  # GEOS in the layer's CRS, as QGIS
        inter = transform_geometries(inter, source.sourceCrs(), work_crs)
        return reasons, (a, b, inter, rule_for(work_crs).m2(inter))

    def _write(self, parameters, context, feedback, errors, summary, work_crs, out_crs):
        fields = qgs_fields(schema.CHECK_FIELDS)
        error_features = self.prepare(
            self.with_markers(errors), fields, feedback, work_crs, out_crs
        )
        summary_features = self.prepare(summary, summary_fields(), feedback, multi=False)
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.core import area

        with area.using(rule_for(work_crs)):  # the report states the area rule
            files = self._reports(parameters, context, errors, summary)
        try:
            results = self.commit_outputs(
                parameters,
                context,
                feedback,
                [
                    (
                        self.OUTPUT_ERRORS,
                        fields,
                        WkbType.MultiPolygon,
                        out_crs,
                        error_features,
                        True,
                    ),
                    (
                        self.OUTPUT_SUMMARY,
                        summary_fields(),
                        WkbType.NoGeometry,
                        QgsCoordinateReferenceSystem(),
                        summary_features,
                        False,
                    ),
                ],
            )
        except BaseException:
            for temporary, _ in files.values():
                Path(temporary).unlink(missing_ok=True)
            raise
        for key, (temporary, final) in files.items():
            Path(temporary).replace(final)
            results[key] = final
        self._log_summary(feedback, summary)
        feedback.setProgress(100)
        return results

    def _log_summary(self, feedback, summary):
        """The problem count, then count and area of each check that found any."""
        found = summary[summary["count"] > 0]
        feedback.pushInfo(self.tr("{0} problems found").format(int(found["count"].sum())))
        for _, row in found.iterrows():
            feedback.pushInfo(
                f"  {row.check_code} {row.title_zh}: {row['count']} ({row.area_m2:,.1f} m²)"
            )

    def _reports(self, parameters, context, errors, summary) -> dict:
        """The HTML report and the workbook, written to temporary files beside their
        destinations ({parameter: (temporary, final)}); renamed once the layers are written."""
        from ...plugin.core.checks.report import report_html, report_sheets

        files = {}
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        if html_path:
            temporary = Path(html_path).with_name(f".{Path(html_path).name}.part")
            temporary.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(report_html(errors, summary), encoding="utf-8")
            files[self.OUTPUT_HTML] = (str(temporary), html_path)
        xlsx_path = self.parameterAsFileOutput(parameters, self.OUTPUT_XLSX, context)
        if xlsx_path:
            temporary = Path(xlsx_path).with_name(f".{Path(xlsx_path).stem}.part.xlsx")
            try:
                write_sheets(temporary, report_sheets(errors, summary))
            except ExcelError as error:
                for written, _ in files.values():
                    Path(written).unlink(missing_ok=True)
                raise QgsProcessingException(str(error)) from None
            files[self.OUTPUT_XLSX] = (str(temporary), xlsx_path)
        return files
