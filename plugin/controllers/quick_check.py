"""准入研判 dock: the controller and its sketch map tool.

The indexes (units, access list, regions, constraints) are built once and kept
until one of the input layers changes, so a map click is answered in a few
milliseconds; ``check_geometry`` does the work for clicks, sketches and
selected features alike.
"""

from __future__ import annotations

import time

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.gui import QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

from ..compat import GeometryType
from ..core import roles, schema


class SketchMapTool(QgsMapTool):
    """Click a point, or click vertices of a line/polygon and right-click to finish."""

    captured = pyqtSignal(QgsGeometry)

    def __init__(self, canvas, kind: str):
        super().__init__(canvas)
        self.kind = kind
        self.points: list[QgsPointXY] = []
        geometry_type = GeometryType.Polygon if kind == "polygon" else GeometryType.Line
        self.band = QgsRubberBand(canvas, geometry_type)
        self.band.setColor(QColor(220, 0, 0, 120))
        self.band.setWidth(2)

    def canvasReleaseEvent(self, event):  # noqa: N802
        point = event.mapPoint()  # QgsMapMouseEvent: the map point of the release
        if self.kind == "point":
            self.captured.emit(QgsGeometry.fromPointXY(point))
            return
        if event.button() == Qt.MouseButton.RightButton:
            self.finish()
            return
        self.points.append(point)
        self.band.addPoint(point)

    def finish(self) -> None:
        needed = 3 if self.kind == "polygon" else 2
        if len(self.points) >= needed:
            geometry = (
                QgsGeometry.fromPolygonXY([self.points])
                if self.kind == "polygon"
                else QgsGeometry.fromPolylineXY(self.points)
            )
            self.captured.emit(geometry)
        self.points = []
        self.band.reset(GeometryType.Polygon if self.kind == "polygon" else GeometryType.Line)

    def deactivate(self):
        self.band.reset()
        super().deactivate()


class QuickCheckController(QObject):
    def __init__(self, view, iface, project: QgsProject | None = None, parent=None):
        super().__init__(parent)
        self.view = view
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.index = None
        self.work_crs = None
        self.industry = None
        self.result = None
        self.footprint = None
        self.tool = None
        self.last_ms = None
        view.inputsChanged.connect(self.invalidate)
        view.industryChanged.connect(self.set_industry)
        view.toolRequested.connect(self.set_tool)
        view.useSelectedRequested.connect(self.check_selected)
        view.exportRequested.connect(self.export_report)
        view.roleChanged.connect(self.set_role)
        self.project.layersAdded.connect(self.refresh_layers)
        self.project.layersRemoved.connect(self.refresh_layers)
        self._industry_table = None
        self._offered = set()
        self.refresh_layers()

    def tr(self, text):
        return QCoreApplication.translate("QuickCheckController", text)

    # --- inputs ---------------------------------------------------------------

    def industry_table(self):
        if self._industry_table is None:
            from ..core.industry import default_table

            self._industry_table = default_table()
            table = self._industry_table.table
            self.view.set_industry_choices(
                [f"{c} {n}" for c, n in zip(table["code"], table["name"])]
            )
        return self._industry_table

    def refresh_layers(self, *_):
        """Offer the project's polygon layers as constraints; tick those with a role (saved
        with the layer, or guessed from its name)."""
        from ..adapters.compliance_data import layer_role

        layers = [
            layer
            for layer in self.project.mapLayers().values()
            if isinstance(layer, QgsVectorLayer)
            and layer.geometryType() == GeometryType.Polygon
            and schema.UNIT_CODE not in schema.guess_field_mapping(layer.fields().names())
        ]
        # keep the user's choice for layers already offered; tick the usual ones among new layers
        checked = set(self.view.checked_constraint_ids()) | {
            layer.id()
            for layer in layers
            if layer.id() not in self._offered and layer_role(layer)[0] != roles.UNKNOWN
        }
        self._offered = {layer.id() for layer in layers}
        self.view.set_constraint_layers(layers, checked)
        self.invalidate()

    def invalidate(self, *_):
        self.index = None
        self.show_roles()

    def show_roles(self) -> None:
        """The role of each ticked constraint layer, guessed or chosen, in the panel."""
        from ..adapters.compliance_data import layer_role

        rows = []
        for layer_id in self.view.checked_constraint_ids():
            layer = self.project.mapLayer(layer_id)
            if layer is not None:
                key, guessed = layer_role(layer)
                rows.append((layer_id, layer.name(), key, guessed))
        choices = [(roles.UNKNOWN, self.tr("(not set)"))] + [
            (key, role.label_zh) for key, role in roles.ROLES.items() if key != roles.UNKNOWN
        ]
        self.view.set_constraint_roles(rows, choices)

    def set_role(self, layer_id: str, key: str) -> None:
        """Save the role chosen for a layer with the layer (in the project) and re-assess."""
        from ..adapters.compliance_data import save_role

        layer = self.project.mapLayer(layer_id)
        if layer is None:
            return
        save_role(layer, key)
        self.project.setDirty(True)
        self.invalidate()

    def set_industry(self, text: str) -> None:
        table = self.industry_table()
        code = table.normalise(text.split(" ")[0]) if text else None
        self.industry = code
        self.view.set_industry(
            code or text, table.name(code) or (self.tr("unknown code") if text else "")
        )

    def _layers(self):
        p = self.view.panel
        units = p.unitsCombo.currentLayer()
        access = p.accessCombo.currentLayer()
        constraints = [self.project.mapLayer(i) for i in self.view.checked_constraint_ids()]
        regions = next(
            (
                layer
                for layer in self.project.mapLayers().values()
                if isinstance(layer, QgsVectorLayer) and layer.fields().indexOf("QYBH") >= 0
            ),
            None,
        )
        return units, access, [c for c in constraints if c is not None], regions

    def build_index(self):
        """Read the layers once into the compliance indexes (a few hundred ms for 10,000 units)."""
        from ..adapters import compliance_data as data
        from ..adapters.crs import working_crs_for_extent
        from ..core.compliance import ComplianceIndex

        units, access, constraints, regions = self._layers()
        if units is None:
            raise data.ComplianceDataError(self.tr("Choose the unit layer"))
        self.work_crs = working_crs_for_extent(units.extent(), units.crs())
        context = self.project.transformContext()
        unit_frame, self.mapping = data.read_units(units, self.work_crs, context)
        requirements = data.read_requirements(access, context) if access is not None else None
        region_frame = (
            data.read_regions(regions, self.work_crs, context) if regions is not None else None
        )
        self.constraint_layers = constraints
        self.index = ComplianceIndex(
            unit_frame,
            requirements,
            region_frame,
            data.read_constraints(constraints, self.work_crs, context),
            industry_table=self.industry_table(),
            unit_layer=units.name(),
        )
        return self.index

    # --- checking -------------------------------------------------------------

    def check_geometry(self, geometry: QgsGeometry, crs, name: str = ""):
        """Assess one geometry; shows and returns the ``compliance`` result."""
        import shapely

        from ..adapters.compliance_data import ComplianceDataError
        from ..core.compliance import quick_check

        started = time.perf_counter()
        try:
            index = self.index or self.build_index()
        except ComplianceDataError as error:
            self.view.clear_result(self.tr("{0}.").format(error))
            return None
        built = (time.perf_counter() - started) * 1000
        g = QgsGeometry(geometry)
        if crs != self.work_crs:
            g.transform(QgsCoordinateTransform(crs, self.work_crs, self.project))
        footprint = shapely.from_wkb(bytes(g.asWkb()))
        buffer = self.view.panel.bufferSpin.value()
        from ..adapters.area_rule import rule_for
        from ..core import area

        with area.using(rule_for(self.work_crs)):  # the one area rule, as the algorithms
            result = quick_check(
                index, footprint, self.industry, buffer=buffer, name=name or self.tr("Screening")
            )
        self.last_ms = (time.perf_counter() - started) * 1000
        self.result, self.footprint = result, footprint
        self._show(result, built)
        return result

    def _show(self, result, built_ms: float) -> None:
        project = result.projects.iloc[0]
        sections = [
            (
                self.tr("Control units"),
                [
                    (
                        f"{r.unit_code} {r.unit_name}",
                        f"{r.overlap_area_m2:,.0f} m²"
                        if r.overlap_area_m2 == r.overlap_area_m2 and r.overlap_area_m2
                        else f"{r.overlap_length_m:,.0f} m"
                        if r.overlap_length_m == r.overlap_length_m and r.overlap_length_m
                        else f"{r.share_pct:.0f}%",
                        schema.CLASS_UNIT_SUFFIX_ZH.get(int(r.unit_class), ""),
                    )
                    for r in result.units.itertuples()
                ],
            ),
            (
                self.tr("Constraints"),
                [
                    (
                        f"{r.constraint}（{r.role}）",
                        f"{r.overlap_area_m2:,.0f} m²"
                        if r.overlap_area_m2 == r.overlap_area_m2 and r.overlap_area_m2
                        else f"{r.overlap_length_m:,.0f} m"
                        if r.overlap_length_m == r.overlap_length_m and r.overlap_length_m
                        else "",
                        r.consequence if r.inside else self.tr("clear"),
                    )
                    for r in result.constraints.itertuples()
                ],
            ),
            (
                self.tr("Requirements"),
                [
                    (f"{r.level} {r.dimension}", r.text, r.finding)
                    for r in result.requirements.itertuples()
                ],
            ),
        ]
        timing = self.tr("{0:.0f} ms").format(self.last_ms)
        if built_ms > 1:
            timing += self.tr(" (indexes built in {0:.0f} ms)").format(built_ms)
        reasons = str(project.reasons or project.message or "")
        for name in result.layers.loc[result.layers["role"] == roles.UNKNOWN, "constraint"]:
            reasons += "<br>" + self.tr(
                "Constraint layer {0}: role unknown; choose it in the list above."
            ).format(name)
        for row in result.repairs.itertuples(index=False):
            if row.layer == "":  # the footprint itself
                reasons += "<br>" + self.tr(
                    "The geometry was invalid and has been repaired ({0})."
                ).format(row.detail or "-")
        layer_repairs = result.repairs[result.repairs["layer"] != ""]
        if built_ms > 1 and len(layer_repairs):  # the input layers: once, when they are read
            listed = ", ".join(f"{r.layer} #{r.fid}" for r in layer_repairs.head(5).itertuples())
            self._message(
                self.tr("{0} invalid features of the input layers repaired: {1}").format(
                    len(layer_repairs), listed
                )
            )
        self.view.show_result(str(project.conclusion), reasons, sections, timing)

    def check_selected(self) -> None:
        layer = self.iface.activeLayer() if self.iface is not None else None
        if not isinstance(layer, QgsVectorLayer) or not layer.selectedFeatureCount():
            self._message(self.tr("Select a feature on the active layer first."))
            return
        feature = layer.selectedFeatures()[0]
        self.check_geometry(feature.geometry(), layer.crs(), str(feature.id()))

    def set_tool(self, kind: str) -> None:
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        if not kind:
            if self.tool is not None:
                canvas.unsetMapTool(self.tool)
            return
        self.tool = SketchMapTool(canvas, kind)
        self.tool.captured.connect(
            lambda geometry: self.check_geometry(geometry, canvas.mapSettings().destinationCrs())
        )
        self.tool.deactivated.connect(lambda: self.view.set_active_tool(""))
        canvas.setMapTool(self.tool)
        self.view.set_active_tool(kind)

    def export_report(self, folder: str | None = None) -> dict | None:
        """The same HTML and PDF report as the algorithm writes, for the last result."""
        if self.result is None:
            return None
        if folder is None:
            from qgis.PyQt.QtWidgets import QFileDialog

            folder = QFileDialog.getExistingDirectory(self.view, self.tr("Report folder"))
            if not folder:
                return None
        from ..adapters.report_pdf import write_compliance_reports

        units, _, _, _ = self._layers()
        fid = int(self.result.projects["project_fid"].iat[0])
        from ..adapters.area_rule import rule_for
        from ..core import area

        with area.using(rule_for(self.work_crs)):
            problems = write_compliance_reports(
                folder,
                self.result,
                {fid: self.footprint},
                self.work_crs,
                units,
                self.mapping.get(schema.UNIT_CLASS),
                self.constraint_layers,
            )
        self._message(self.tr("Report written to {0}").format(folder), Qgis.MessageLevel.Success)
        return problems

    def close(self) -> None:
        for signal in (self.project.layersAdded, self.project.layersRemoved):
            try:
                signal.disconnect(self.refresh_layers)
            except TypeError:
                pass
        self.set_tool("")

    def _message(self, text: str, level=Qgis.MessageLevel.Warning) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushMessage(self.tr("Project screening"), text, level, 6)
