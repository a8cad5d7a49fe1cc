"""A unit layer <-> core editing: read one county's units (in the working Gauss–Krüger CRS)
into ``core.editing.operations.Units`` and apply an ``Edit`` through the layer's edit buffer
as one undo step."""

from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core import schema
from ..core.editing import operations as ops
from .crs import working_crs_for_extent
from .layers import to_python


class UnitLayer:
    """The unit layer being edited: field mapping, working CRS and transforms."""

    def __init__(self, layer: QgsVectorLayer, project: QgsProject | None = None):
        self.layer = layer
        self.project = project or QgsProject.instance()
        names = layer.fields().names()
        self.mapping = schema.guess_field_mapping(names)
        missing = [
            n
            for n in (schema.UNIT_CODE, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE)
            if n not in self.mapping
        ]
        if missing:
            raise KeyError(", ".join(missing))
        self.work_crs = working_crs_for_extent(layer.extent(), layer.crs())
        context = self.project.transformContext()
        self.to_work = QgsCoordinateTransform(layer.crs(), self.work_crs, context)
        self.to_layer = QgsCoordinateTransform(self.work_crs, layer.crs(), context)
        self.same_crs = layer.crs() == self.work_crs

    def field(self, name: str) -> str:
        return self.mapping.get(name, name)

    def index(self, name: str) -> int:
        return self.layer.fields().indexOf(self.field(name))

    def shapely_of(self, geometry: QgsGeometry):
        import shapely

        g = QgsGeometry(geometry)
        if not self.same_crs:
            g.transform(self.to_work)
        return shapely.from_wkb(bytes(g.asWkb()))

    def qgs_of(self, geom) -> QgsGeometry:
        import shapely

        g = QgsGeometry()
        g.fromWkb(shapely.to_wkb(geom, output_dimension=2))
        if not self.same_crs:
            g.transform(self.to_layer)
        if QgsWkbTypes.isMultiType(self.layer.wkbType()):
            g.convertToMultiType()
        return g

    def county_of(self, fid: int) -> str | None:
        feature = self.layer.getFeature(int(fid))
        return schema.normalise_county_code(to_python(feature[self.field(schema.UNIT_COUNTY_CODE)]))

    def read_county(self, county_code: str, used_codes=()) -> tuple[ops.Units, np.ndarray]:
        """The county's units (edit buffer included) on the grid, and their feature ids."""
        import shapely

        field = self.field(schema.UNIT_COUNTY_CODE)
        request = QgsFeatureRequest().setFilterExpression(
            f"{QgsExpression.quotedColumnRef(field)} = {QgsExpression.quotedValue(county_code)}"
        )
        fids, geoms, codes, classes = [], [], [], []
        for feature in self.layer.getFeatures(request):
            if not feature.hasGeometry():
                continue
            fids.append(feature.id())
            geoms.append(self.shapely_of(feature.geometry()))
            codes.append(to_python(feature[self.field(schema.UNIT_CODE)]))
            classes.append(int(to_python(feature[self.field(schema.UNIT_CLASS)]) or 0))
        geoms = shapely.set_precision(np.array(geoms, dtype=object), ops.GRID_SIZE)
        units = ops.Units(geoms, codes, classes, county_code, tuple(used_codes))
        return units, np.asarray(fids, dtype=np.int64)

    def apply(self, units: ops.Units, fids: np.ndarray, edit: ops.Edit, text: str) -> list[int]:
        """Write ``edit`` into the edit buffer as one undo command; the new features' ids."""
        layer = self.layer
        mj, code, cls = (
            self.index(schema.UNIT_AREA),
            self.index(schema.UNIT_CODE),
            self.index(schema.UNIT_CLASS),
        )
        layer.beginEditCommand(text)
        try:
            for i, geom in edit.changed.items():
                layer.changeGeometry(int(fids[i]), self.qgs_of(geom))
                if mj >= 0:
                    layer.changeAttributeValue(int(fids[i]), mj, float(edit.mj[i]))
            for i in edit.removed:
                layer.deleteFeature(int(fids[i]))
            added = []
            for unit in edit.added:
                feature = QgsFeature(layer.getFeature(int(fids[unit.template])))
                feature.setId(-1)
                attributes = feature.attributes()
                pk = layer.dataProvider().pkAttributeIndexes()
                for k in pk:
                    attributes[k] = None
                attributes[code], attributes[cls] = unit.code, unit.unit_class
                if mj >= 0:
                    attributes[mj] = float(unit.mj)
                feature.setAttributes(attributes)
                feature.setGeometry(self.qgs_of(unit.geometry))
                layer.addFeature(feature)
                added.append(feature.id())
        except Exception:
            layer.destroyEditCommand()
            raise
        layer.endEditCommand()
        return added
