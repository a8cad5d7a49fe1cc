"""The desktop side of 单元边界编辑模式: the menu/toolbar action, the dock and the map tools
wired to ``BoundaryEditController`` (which does the work and is tested without them)."""

from __future__ import annotations

from qgis.core import Qgis, QgsCoordinateTransform, QgsMapLayerType, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QObject

from ..compat import GeometryType
from ..core import schema
from .boundary_editing import BoundaryEditController
from .quick_check import SketchMapTool

COUNTY_KEYWORDS = ("县界", "区县", "行政区", "县级", "XZQ", "XIAN", "COUNTY")
RED_LINE_KEYWORDS = ("红线", "STBHHX")


def find_layer(project: QgsProject, keywords, exclude=None):
    for layer in project.mapLayers().values():
        if layer is exclude or layer.type() != QgsMapLayerType.VectorLayer:
            continue
        if layer.geometryType() != GeometryType.Polygon:
            continue
        if any(k.lower() in layer.name().lower() for k in keywords):
            return layer
    return None


def is_unit_layer(layer) -> bool:
    if not isinstance(layer, QgsVectorLayer) or layer.geometryType() != GeometryType.Polygon:
        return False
    mapping = schema.guess_field_mapping(layer.fields().names())
    return all(n in mapping for n in (schema.UNIT_CODE, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE))


class BoundaryEditingDesk(QObject):
    def __init__(self, iface, dock, action, project: QgsProject | None = None, parent=None):
        super().__init__(parent)
        self.iface, self.dock, self.action = iface, dock, action
        self.project = project or QgsProject.instance()
        self.controller = BoundaryEditController(iface, self.project, self)
        self.tool = None
        action.setCheckable(True)
        action.toggled.connect(self.toggle)
        dock.toolRequested.connect(self.set_tool)
        dock.mergeRequested.connect(lambda: self.controller.merge(dock.reason()))
        dock.followRequested.connect(self.follow_selected)
        dock.referencesChanged.connect(self.update_references)
        dock.problemActivated.connect(self.zoom_to_problem)
        self.controller.live.problemsFound.connect(
            lambda rows: dock.show_problems([(r[0], r[1], r[3]) for r in rows])
        )

    def tr(self, text):
        return QCoreApplication.translate("BoundaryEditingDesk", text)

    def unit_layer(self):
        active = self.iface.activeLayer()
        if is_unit_layer(active):
            return active
        named = self.project.mapLayersByName(schema.UNIT_LAYER_NAME)
        return next((lyr for lyr in named if is_unit_layer(lyr)), None)

    def toggle(self, on: bool) -> None:
        if not on:
            self.set_tool("")
            self.controller.leave()
            self.dock.hide()
            return
        layer = self.unit_layer()
        if layer is None:
            self.iface.messageBar().pushMessage(
                self.tr("Unit boundary editing"),
                self.tr(
                    "Make the unit layer (with code, class and county code fields) the active layer first."
                ),
                Qgis.MessageLevel.Warning,
                8,
            )
            self.action.setChecked(False)
            return
        county = find_layer(self.project, COUNTY_KEYWORDS, layer)
        red_line = find_layer(self.project, RED_LINE_KEYWORDS, layer)
        if not self.controller.enter(layer, county, red_line):
            self.action.setChecked(False)
            return
        self.dock.set_unit_layer(layer.name())
        self.dock.set_references(county, red_line)
        self.dock.show()

    def update_references(self) -> None:
        self.controller.live.county_layer = self.dock.county_layer()
        self.controller.live.red_line_layer = self.dock.red_line_layer()

    def set_tool(self, kind: str) -> None:
        canvas = self.iface.mapCanvas()
        if self.tool is not None:
            canvas.unsetMapTool(self.tool)
            self.tool = None
        self.dock.set_tool(kind)
        if not kind or not self.controller.active:
            return
        self.tool = SketchMapTool(canvas, "polygon" if kind == "reclassify" else "line")
        self.tool.captured.connect(lambda geometry, k=kind: self.run_drawn(k, geometry))
        canvas.setMapTool(self.tool)

    def run_drawn(self, kind: str, geometry) -> None:
        c, reason = self.controller, self.dock.reason()
        if kind == "move":
            c.move_boundary(geometry, reason)
        elif kind == "split":
            c.split(geometry, reason)
        elif kind == "reclassify":
            c.reclassify(geometry, self.dock.new_class(), reason)

    def follow_selected(self) -> None:
        layer = self.dock.follow_layer()
        features = list(layer.getSelectedFeatures()) if layer is not None else []
        if len(features) != 1:
            self.iface.messageBar().pushMessage(
                self.tr("Unit boundary editing"),
                self.tr("Choose the layer to follow and select one of its features."),
                Qgis.MessageLevel.Warning,
                8,
            )
            return
        self.controller.follow(
            features[0].geometry(), layer.crs(), self.dock.distance(), self.dock.reason()
        )

    def zoom_to_problem(self, row: int) -> None:
        problems = self.controller.live.problems
        if not 0 <= row < len(problems) or self.controller.units is None:
            return

        extent = problems[row][2].boundingBox()
        layer = self.controller.units.layer
        canvas = self.iface.mapCanvas()
        to_map = QgsCoordinateTransform(
            layer.crs(), canvas.mapSettings().destinationCrs(), self.project
        )
        extent = to_map.transformBoundingBox(extent)
        extent.scale(4.0)
        canvas.setExtent(extent)
        canvas.refresh()

    def close(self) -> None:
        self.set_tool("")
        self.controller.leave()
