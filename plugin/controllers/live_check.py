"""Live validation while the unit layer is edited: after each change the touched units and
their neighbours (read by the changed features' extent, so the work does not grow with the
layer) go through ``core.editing.live_check``; problems are announced and kept for the view.
"""

from __future__ import annotations

import numpy as np
from qgis.core import Qgis, QgsFeatureRequest, QgsGeometry, QgsRectangle
from qgis.PyQt.QtCore import QCoreApplication, QObject, QTimer, pyqtSignal

from ..core import schema

LIVE_LAYER_NAME = "实时质检"


def problem_label(kind: str) -> str:
    labels = {
        "overlap": QCoreApplication.translate("LiveCheck", "Overlap"),
        "gap": QCoreApplication.translate("LiveCheck", "Gap"),
        "sliver": QCoreApplication.translate("LiveCheck", "Sliver part"),
        "outside": QCoreApplication.translate("LiveCheck", "Leaves the county"),
        "red_line": QCoreApplication.translate("LiveCheck", "Red line outside priority units"),
        "invalid": QCoreApplication.translate("LiveCheck", "Invalid geometry"),
    }
    return labels.get(kind, kind)


class LiveCheckController(QObject):
    """Watches one unit layer; ``problemsFound`` carries [(label, area m², QgsGeometry)]."""

    problemsFound = pyqtSignal(list)

    def __init__(self, iface=None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.layer = None  # 实时质检: check-results memory layer the 质检结果 panel can show
        self.units = None  # adapters.unit_edits.UnitLayer
        self.county_layer = self.red_line_layer = None
        self.pending: set[int] = set()
        self.problems = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.run)

    def tr(self, text):
        return QCoreApplication.translate("LiveCheckController", text)

    def attach(self, units) -> None:
        self.detach()
        self.units = units
        units.layer.geometryChanged.connect(self._changed)
        units.layer.featureAdded.connect(self._changed)

    def detach(self) -> None:
        if self.units is not None:
            for signal in (self.units.layer.geometryChanged, self.units.layer.featureAdded):
                try:
                    signal.disconnect(self._changed)
                except TypeError:
                    pass
        self.units = None
        self.pending.clear()
        self.timer.stop()

    def _changed(self, fid, *_):
        self.pending.add(int(fid))
        self.timer.start()

    def _margin(self) -> float:
        return 2e-5 if self.units.layer.crs().isGeographic() else 2.0

    def _read(self, rect):
        """Units intersecting ``rect``: (fids, shapely geoms in the working CRS, codes, classes)."""
        u = self.units
        fids, geoms, codes, classes = [], [], [], []
        for f in u.layer.getFeatures(QgsFeatureRequest().setFilterRect(rect)):
            if not f.hasGeometry():
                continue
            fids.append(f.id())
            geoms.append(u.shapely_of(f.geometry()))
            codes.append(str(f[u.field(schema.UNIT_CODE)]))
            value = f[u.field(schema.UNIT_CLASS)]
            classes.append(int(value) if str(value).isdigit() else 0)
        return fids, np.array(geoms, dtype=object), codes, classes

    def _reference(self, layer, rect):
        """``layer``'s features near ``rect`` in the working CRS (the check repairs and
        unites them), or None."""
        import shapely

        if layer is None or not layer.isValid():
            return None
        from qgis.core import QgsCoordinateTransform

        to_layer = QgsCoordinateTransform(self.units.layer.crs(), layer.crs(), self.units.project)
        area = to_layer.transformBoundingBox(rect)
        to_work = QgsCoordinateTransform(layer.crs(), self.units.work_crs, self.units.project)
        parts = []
        for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(area)):
            g = QgsGeometry(f.geometry())
            g.transform(to_work)
            parts.append(shapely.from_wkb(bytes(g.asWkb())))
        return np.array(parts, dtype=object) if parts else None

    def run(self) -> list:
        """Check the pending features' neighbourhood now; returns the problems."""
        from ..core.editing.live_check import local_check

        if self.units is None or not self.pending:
            return self.problems
        layer = self.units.layer
        rect = QgsRectangle()
        rect.setMinimal()
        for fid in self.pending:
            f = layer.getFeature(fid)
            if f.isValid() and f.hasGeometry():
                rect.combineExtentWith(f.geometry().boundingBox())
        touched_fids = set(self.pending)
        self.pending.clear()
        if rect.width() < 0:  # none of them has a geometry any more
            return self.problems
        rect.grow(self._margin())
        fids, geoms, codes, classes = self._read(rect)
        touched = [i for i, fid in enumerate(fids) if fid in touched_fids]
        county = self._reference(self.county_layer, rect)
        red_line = self._reference(self.red_line_layer, rect)
        found = local_check(geoms, codes, classes, touched, county, red_line)
        self.problems = [
            (problem_label(p.kind), p.area_m2, self.units.qgs_of(p.geometry), p.codes)
            for p in found
        ]
        self._publish(found)
        self.problemsFound.emit(self.problems)
        self._announce()
        return self.problems

    def _publish(self, found) -> None:
        """The problems as rows of the 实时质检 layer (check-results fields), replacing the
        previous edit's; the layer joins the project when the first problem appears."""
        from qgis.core import QgsFeature, QgsVectorLayer

        from ..adapters.fields import qgs_fields

        if self.layer is None:
            if not found:
                return
            crs = self.units.layer.crs().authid()
            self.layer = QgsVectorLayer(f"MultiPolygon?crs={crs}", LIVE_LAYER_NAME, "memory")
            self.layer.dataProvider().addAttributes(list(qgs_fields(schema.CHECK_FIELDS)))
            self.layer.updateFields()
            self.units.project.addMapLayer(self.layer)
            self.layer.willBeDeleted.connect(self._forget_layer)
        provider = self.layer.dataProvider()
        provider.truncate()
        features = []
        for problem, (label, area, geometry, codes) in zip(found, self.problems):
            f = QgsFeature(self.layer.fields())
            geometry = QgsGeometry(geometry)
            geometry.convertToMultiType()
            f.setGeometry(geometry)
            f[schema.CHK_CODE] = f"LIVE_{problem.kind.upper()}"
            f[schema.CHK_SEVERITY] = "警告" if problem.kind == "sliver" else "错误"
            f[schema.CHK_UNITS] = ",".join(codes)
            f[schema.CHK_AREA] = round(float(area), 3)
            f[schema.CHK_MESSAGE] = label
            f[schema.CHK_STATUS] = "待处理"
            features.append(f)
        provider.addFeatures(features)
        self.layer.updateExtents()
        self.layer.triggerRepaint()

    def _forget_layer(self):
        self.layer = None

    def _announce(self) -> None:
        if self.iface is None or not self.problems:
            return
        kinds = sorted({label for label, *_ in self.problems})
        self.iface.messageBar().pushMessage(
            self.tr("Live check"),
            self.tr("{0} problems after the edit: {1}").format(
                len(self.problems), ", ".join(kinds)
            ),
            Qgis.MessageLevel.Warning,
            8,
        )
