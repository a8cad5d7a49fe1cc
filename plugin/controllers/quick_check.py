"""准入研判 dock: the controller and its sketch map tool.

The indexes (units, access list, regions, constraints) are built in a QgsTask
(progress in QGIS's task bar, the panel stays responsive and says when it is
ready) and kept until one of the input layers changes: any edit, save,
rollback or reload of the units, the access list, the regions or a constraint
layer invalidates them and starts a rebuild. A map click is then answered in a
few milliseconds; ``check_geometry`` does the work for clicks, sketches and
selected features alike, and marks the place on the map.
"""

from __future__ import annotations

import shutil
import time

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsTask,
    QgsVectorLayer,
)
from qgis.gui import QgsMapTool, QgsRubberBand
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QFileDialog, QProgressBar, QPushButton

from ..adapters import report_pdf
from ..adapters.project_layers import first_region_layer
from ..compat import GeometryType
from ..core import roles, schema
from .report_task import ReportTask, make_staging
from .signals import connect_all, disconnect_all, guarded


class IndexTask(QgsTask):
    """Reads the units, access list, regions and constraints and builds the compliance
    index in the background, with progress in QGIS's task bar."""

    def __init__(self, description, snapshots, work_crs, context, industry_table):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.snapshots = snapshots
        self.work_crs = work_crs
        self.context = context
        self.industry_table = industry_table
        self.index = self.mapping = self.error = None

    def run(self) -> bool:
        from ..adapters import compliance_data as data

        try:
            built = data.build_index(
                self.snapshots,
                self.work_crs,
                self.context,
                self.industry_table,
                self.setProgress,
                self.isCanceled,
            )
        except Exception as error:  # noqa: BLE001 (shown by the controller, never raised)
            self.error = error
            return False
        if built is None or self.isCanceled():
            return False
        self.index, self.mapping = built
        self.setProgress(100)
        return True


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
    indexReady = pyqtSignal()  # the index was (re)built
    checked = pyqtSignal(object)  # a result was shown (the compliance result)
    reportDone = pyqtSignal(bool)  # a report export ended: written (True) or not

    def __init__(self, view, iface, project: QgsProject | None = None, parent=None):
        super().__init__(parent)
        self.view = view
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.index = None
        self.task = None
        self.pending = None  # (geometry, crs, name) waiting for the index
        self.work_crs = None
        self.mapping = {}
        self.constraint_layers = []
        self.industry = None
        self.result = None
        self.footprint = None
        self.tool = None
        self.marker = None
        self.last_ms = None
        self.report_task = None
        self._report_item = None
        self._watched: dict = {}  # layer id -> (signal, slot) pairs
        self._rebuild = QTimer(self)
        self._rebuild.setSingleShot(True)
        self._rebuild.setInterval(800)  # a burst of edits rebuilds once
        self._rebuild.timeout.connect(guarded(self.start_index, quiet=True))
        self._connections = connect_all(
            (
                (view.inputsChanged, guarded(self.invalidate, quiet=True)),
                (view.industryChanged, guarded(self.set_industry)),
                (view.toolRequested, guarded(self.set_tool)),
                (view.useSelectedRequested, guarded(self.check_selected)),
                (view.exportRequested, guarded(self.export_report)),
                (view.roleChanged, self.set_role),
                (self.project.layersAdded, guarded(self.refresh_layers, quiet=True)),
                (self.project.layersRemoved, guarded(self.refresh_layers, quiet=True)),
            )
        )
        self._industry_table = None
        self._offered = set()
        guarded(self.refresh_layers, quiet=True)()  # roles need pandas: nothing without it

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

        if sip.isdeleted(self.view):
            return
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
        """The inputs changed: drop the index, listen to the new inputs, rebuild soon."""
        if sip.isdeleted(self.view):
            return
        self.index = None
        self._cancel_task()
        self._watch_inputs()
        self.view.set_index_state(self.tr("Index out of date: it is rebuilt in the background."))
        self._rebuild.start()
        self.show_roles()

    def _watch_inputs(self) -> None:
        """Any edit, save, rollback or reload of an input layer invalidates the index."""
        self._unwatch()
        units, access, constraints, regions = self._layers()
        for layer in {id(x): x for x in [units, access, regions, *constraints] if x}.values():
            if not isinstance(layer, QgsVectorLayer):
                continue
            pairs = [
                (signal, self._input_edited)
                for signal in (
                    layer.featureAdded,
                    layer.featuresDeleted,
                    layer.geometryChanged,
                    layer.attributeValueChanged,
                    layer.afterRollBack,
                    layer.afterCommitChanges,
                    layer.dataChanged,
                    layer.subsetStringChanged,
                )
            ]
            # a layer being deleted takes its connections with it: forget them then (a
            # disconnect after the deletion, as in QgsProject.layersRemoved, would crash)
            pairs.append((layer.willBeDeleted, lambda lid=layer.id(): self._forget(lid)))
            self._watched[layer.id()] = connect_all(pairs)

    def _forget(self, layer_id: str) -> None:
        self._watched.pop(layer_id, None)

    def _unwatch(self) -> None:
        for pairs in self._watched.values():
            disconnect_all(pairs)
        self._watched = {}

    def _input_edited(self, *_):
        if self.index is not None or self.task is not None:
            self.index = None
            self._cancel_task()
            self.view.set_index_state(
                self.tr("Index out of date: it is rebuilt in the background.")
            )
        self._rebuild.start()

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
        regions = first_region_layer(self.project)
        return units, access, [c for c in constraints if c is not None], regions

    def start_index(self) -> QgsTask | None:
        """Build the compliance index in a QgsTask (progress in QGIS's task bar)."""
        from ..adapters.compliance_data import LayerSnapshot
        from ..adapters.crs import working_crs_for_extent

        if self.task is not None or sip.isdeleted(self.view):
            return self.task
        units, access, constraints, regions = self._layers()
        if units is None:
            self.view.set_index_state(self.tr("Choose the unit layer."))
            return None
        self._rebuild.stop()
        self.work_crs = working_crs_for_extent(units.extent(), units.crs())
        self.constraint_layers = constraints
        snapshots = (
            LayerSnapshot(units),
            LayerSnapshot(access) if access is not None else None,
            [LayerSnapshot(layer) for layer in constraints],
            LayerSnapshot(regions) if regions is not None else None,
        )
        task = IndexTask(
            self.tr("EcoZoning: project screening index"),
            snapshots,
            self.work_crs,
            self.project.transformContext(),
            self.industry_table(),
        )
        task.taskCompleted.connect(lambda: self._index_done(task))
        task.taskTerminated.connect(lambda: self._index_done(task))
        self.task = task
        self.view.set_index_state(self.tr("Building the index in the background…"))
        QgsApplication.taskManager().addTask(task)
        return task

    def _index_done(self, task) -> None:
        if task is not self.task or sip.isdeleted(self.view):
            return  # cancelled and replaced, or the panel is gone
        self.task = None
        if task.index is None:
            error = task.error
            self.pending = None
            self.view.set_index_state(
                self.tr("{0}.").format(error) if error else self.tr("Index not built.")
            )
            if error is not None:
                self.view.clear_result(self.tr("{0}.").format(error))
            return
        self.index, self.mapping = task.index, task.mapping
        units = task.snapshots[0]
        self.view.set_index_state(self.tr("Ready: {0} units indexed.").format(units.featureCount()))
        self.indexReady.emit()
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self.check_geometry(*pending)

    def _cancel_task(self) -> None:
        task, self.task = self.task, None
        if task is not None and not sip.isdeleted(task):
            task.cancel()

    # --- checking -------------------------------------------------------------

    def check_geometry(self, geometry: QgsGeometry, crs, name: str = ""):
        """Assess one geometry; shows and returns the ``compliance`` result. Without a
        ready index the check waits for the index task (and None is returned)."""
        import shapely

        from ..core.compliance import quick_check

        self._show_marker(geometry, crs)
        if self.index is None:
            if self._layers()[0] is None:
                self.view.clear_result(self.tr("Choose the unit layer."))
                return None
            self.pending = (QgsGeometry(geometry), crs, name)
            self.view.clear_result(self.tr("Building the index; the result follows…"))
            self.start_index()
            return None
        started = time.perf_counter()
        g = QgsGeometry(geometry)
        if crs != self.work_crs:
            g.transform(QgsCoordinateTransform(crs, self.work_crs, self.project))
        footprint = shapely.from_wkb(bytes(g.asWkb()))
        buffer = self.view.panel.bufferSpin.value()
        from ..adapters.area_rule import rule_for
        from ..core import area

        with area.using(rule_for(self.work_crs)):  # the one area rule, as the algorithms
            result = quick_check(
                self.index,
                footprint,
                self.industry,
                buffer=buffer,
                name=name or self.tr("Screening"),
            )
        self.last_ms = (time.perf_counter() - started) * 1000
        self.result, self.footprint = result, footprint
        self._show(result, 0)
        self.checked.emit(result)
        return result

    def _show_marker(self, geometry: QgsGeometry, crs) -> None:
        """A red marker where the user clicked, or the sketched line or polygon."""
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        kind = geometry.type()
        if self.marker is None or self.marker.asGeometry().type() != kind:
            self._remove_marker()
            self.marker = QgsRubberBand(canvas, kind)
            self.marker.setColor(QColor(220, 0, 0, 200))
            self.marker.setFillColor(QColor(220, 0, 0, 50))
            self.marker.setWidth(3)
            if kind == GeometryType.Point:
                self.marker.setIcon(QgsRubberBand.IconType.ICON_CIRCLE)
                self.marker.setIconSize(14)
        self.marker.setToGeometry(geometry, crs)
        self.marker.show()

    def _remove_marker(self) -> None:
        if self.marker is not None and self.iface is not None:
            self.iface.mapCanvas().scene().removeItem(self.marker)
        self.marker = None

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
        if self.tool is not None:  # one tool at a time, given back to QGIS when done
            tool, self.tool = self.tool, None
            canvas.unsetMapTool(tool)
            tool.deleteLater()
        if not kind:
            return
        self.tool = SketchMapTool(canvas, kind)
        self.tool.captured.connect(
            lambda geometry: guarded(self.check_geometry)(
                geometry, canvas.mapSettings().destinationCrs()
            )
        )
        self.tool.deactivated.connect(self._tool_deactivated)
        canvas.setMapTool(self.tool)
        self.view.set_active_tool(kind)

    def _tool_deactivated(self) -> None:
        if not sip.isdeleted(self.view):
            self.view.set_active_tool("")

    def export_report(self, folder: str | None = None):
        """The same HTML and PDF report as the algorithm writes, for the last result, in a
        QgsTask (progress and a cancel button in the message bar); returns the task."""
        if self.result is None:
            return None
        if self.report_task is not None:
            self._message(self.tr("A report is being written; wait for it or cancel it."))
            return None
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self.view, self.tr("Report folder"))
            if not folder:
                return None
        try:
            task = self._report_task(folder)
        except (OSError, RuntimeError) as error:
            self._message(
                self.tr("The report was not written: {0}").format(error),
                Qgis.MessageLevel.Critical,
            )
            return None
        self.report_task = task
        self._report_progress(task)
        QgsApplication.taskManager().addTask(task)
        return task

    def _report_task(self, folder: str):
        """Maps drawn now (print layouts render on the main thread) into a staging folder;
        the task writes the pages there and moves everything into ``folder`` at the end."""

        from ..adapters.area_rule import rule_for
        from ..adapters.assessment_log import log_database
        from ..core import area

        result, footprint = self.result, self.footprint
        units = self._layers()[0]
        rule = rule_for(self.work_crs)
        stems = report_pdf.report_stems(result, folder)
        staging = make_staging(folder)
        try:
            background = report_pdf.report_background(
                result, units, self.mapping.get(schema.UNIT_CLASS), self.constraint_layers
            )
            fid = int(result.projects["project_fid"].iat[0])
            project = next(result.projects.itertuples())
            with area.using(rule):
                map_name, _ = report_pdf.render_project_map(
                    staging, project, footprint, self.work_crs, background, stems[fid]
                )
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        task = ReportTask(
            self.tr("EcoZoning: screening report"),
            staging,
            folder,
            result,
            stems,
            {fid: map_name},
            rule,
        )
        log = log_database(self.project, units) if units is not None else None
        task.done.connect(lambda ok, error, files: self._report_done(task, ok, error, log))
        return task

    def _report_progress(self, task) -> None:
        """A message-bar item with a progress bar and a cancel button, while the task runs."""
        if self.iface is None:
            return

        bar = self.iface.messageBar()
        item = bar.createMessage(self.tr("Project screening"), self.tr("Writing the report…"))
        progress = QProgressBar(item)
        progress.setRange(0, 100)
        cancel = QPushButton(self.tr("Cancel"), item)
        cancel.clicked.connect(task.request_cancel)
        task.progressChanged.connect(lambda value: progress.setValue(int(value)))
        item.layout().addWidget(progress)
        item.layout().addWidget(cancel)
        self._report_item = bar.pushWidget(item, Qgis.MessageLevel.Info)

    def _report_done(self, task, ok: bool, error: str, log) -> None:
        if task is not self.report_task:
            return
        self.report_task = None
        if self.iface is not None and self._report_item is not None:
            self.iface.messageBar().popWidget(self._report_item)
        self._report_item = None
        if ok:
            self._message(
                self.tr("Report written to {0}").format(task.folder), Qgis.MessageLevel.Success
            )
            self._log_result(log, task.result)
        elif error:
            self._message(
                self.tr("The report was not written: {0}").format(error),
                Qgis.MessageLevel.Critical,
            )
        else:
            self._message(self.tr("Report cancelled; nothing was written."), Qgis.MessageLevel.Info)
        self.reportDone.emit(ok)

    def cancel_report(self) -> None:
        if self.report_task is not None and not sip.isdeleted(self.report_task):
            self.report_task.request_cancel()

    def _log_result(self, path, result) -> None:
        """Append the exported assessment to the project database's assessment log."""
        from ..adapters.assessment_log import log_result

        error = log_result(path, result)
        if error:
            self._message(self.tr("The assessment log was not written: {0}").format(error))

    def close(self) -> None:
        """Stop listening, cancel the index task, give back the map tool, remove the marker."""
        self._rebuild.stop()
        disconnect_all(self._connections)
        self._connections = []
        self._unwatch()
        self._cancel_task()
        self.cancel_report()
        self.set_tool("")
        self._remove_marker()

    def _message(self, text: str, level=Qgis.MessageLevel.Warning) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushMessage(self.tr("Project screening"), text, level, 6)
