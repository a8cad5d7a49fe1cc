"""Real-shaped unit layers for the editing tests (from tests/core/editing_data)."""

from __future__ import annotations

import numpy as np
import shapely
from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

from tests.core.editing_data import county_units

FIELDS = {
    "HJZHGKDYBM": "string(20)",
    "HJZHGKDYMC": "string(254)",
    "ZHGKDYFL": "integer",
    "XZQDM": "string(6)",
    "MJ": "double",
}


def layer_from(state, name="环境管控单元", crs="EPSG:4527", provider_layer=None):
    spec = "&".join(f"field={f}:{t}" for f, t in FIELDS.items())
    layer = provider_layer or QgsVectorLayer(f"MultiPolygon?crs={crs}&{spec}", name, "memory")
    features = []
    for i, g in enumerate(state.geometries):
        f = QgsFeature(layer.fields())
        geometry = QgsGeometry()
        geometry.fromWkb(shapely.to_wkb(g))
        geometry.convertToMultiType()
        f.setGeometry(geometry)
        for key, value in (
            ("HJZHGKDYBM", str(state.codes[i])),
            ("HJZHGKDYMC", f"单元{i}"),
            ("ZHGKDYFL", int(state.classes[i])),
            ("XZQDM", state.county_code),
            ("MJ", float(shapely.area(g) / 1e6)),
        ):
            f[key] = value
        features.append(f)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer


def real_county():
    state, county = county_units()
    return state, county, layer_from(state)


def layer_geometries(layer) -> dict:
    """code -> (shapely geometry, class, MJ) of a unit layer."""
    out = {}
    for f in layer.getFeatures():
        g = shapely.from_wkb(bytes(f.geometry().asWkb()))
        out[f["HJZHGKDYBM"]] = (g, int(f["ZHGKDYFL"]), float(f["MJ"]))
    return out


def assert_layer_tiles(layer, county) -> None:
    rows = layer_geometries(layer)
    geoms = np.array([g for g, _, _ in rows.values()], dtype=object)
    assert shapely.is_valid(geoms).all()
    union = shapely.union_all(geoms)
    assert shapely.area(shapely.symmetric_difference(union, county)) <= 1e-6 * county.area
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    inter = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]]))
    assert (inter <= 0.01).all()
