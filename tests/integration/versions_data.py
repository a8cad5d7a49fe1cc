"""Two versions of the sample city's units, for the comparison, update and filing tests.

Version 1 is the delineation of ``resources/sample/sample_city.gpkg``. Version 2 is
version 1 with three known edits, each with its land as a shapely geometry:
the red line moved in 枫渡区 (990103: land X out of the red-line unit into a general
unit, land Y back in), a park added in 翠岭县 (990121) on general land, and two
neighbouring general units of 澄湖区 (990102) merged under the first code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample_city.gpkg"
PRIORITY = (
    ("red_line", "生态保护红线"),
    ("water_source", "饮用水水源保护区"),
    ("nature_reserve", "自然保护地"),
)
KEY = (("urban_boundary", "城镇生活"), ("key_air", "大气环境重点管控区"))
RED_LINE_UNIT = "ZH99010310001"
PARK_CODE = "ZH99012120004"


def sample_layer(table: str, name: str | None = None):
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(f"{SAMPLE}|layername={table}", name or table, "ogr")


def delineation_parameters(output: str, **overrides) -> dict:
    parameters = {
        "ADMIN": sample_layer("county", "区县"),
        "ADMIN_CODE_FIELD": "XZQDM",
        "ADMIN_NAME_FIELD": "XZQMC",
        "TOWNSHIPS": sample_layer("township", "乡镇街道"),
        "TOWNSHIP_NAME_FIELD": "XZMC",
        "PRIORITY_LAYERS": [sample_layer(t, n) for t, n in PRIORITY],
        "PARKS": sample_layer("park", "产业园区"),
        "PARK_NAME_FIELD": "YQMC",
        "KEY_LAYERS": [sample_layer(t, n) for t, n in KEY],
        "MIN_AREA": 10000,
        "GENERAL_SPLIT": 1,
        "PROVINCE": "示例省",
        "CITY": "岚溪市",
        "OUTPUT_CRS": "EPSG:4527",
        "OUTPUT": output,
    }
    parameters.update(overrides)
    return parameters


def gpkg_table(path, table: str) -> str:
    return f"ogr:dbname='{path}' table=\"{table}\" (geom)"


def read_units(layer):
    """The unit layer as a frame (schema names, shapely geometry in its own CRS)."""
    from eco_zoning.plugin.adapters.layers import read_frame
    from eco_zoning.plugin.core import schema

    names = [n for n in schema.field_names(schema.UNIT_FIELDS) if n in layer.fields().names()]
    return read_frame(layer, fields=names).drop(columns="fid")


def _shared_points(a, b):
    shared = shapely.line_merge(shapely.intersection(a.boundary, b.boundary))
    lines = [g for g in getattr(shared, "geoms", [shared]) if g.length > 0]
    longest = max(lines, key=lambda g: g.length)
    return longest.interpolate(0.25, normalized=True), longest.interpolate(0.75, normalized=True)


def _neighbour(frame, code, county, cls=3):
    geom = frame.loc[frame.HJZHGKDYBM == code, "geometry"].iat[0]
    candidates = frame[
        (frame.XZQDM == county) & (frame.ZHGKDYFL == cls) & (frame.HJZHGKDYBM != code)
    ]
    lengths = shapely.length(shapely.intersection(geom.boundary, candidates.geometry.to_numpy()))
    return candidates.HJZHGKDYBM.iat[int(np.argmax(lengths))]


def version_two(v1):
    """(v2 frame, expected edits): see the module docstring."""
    v2 = v1.copy()
    g = dict(zip(v2.HJZHGKDYBM, v2.geometry))
    general = _neighbour(v2, RED_LINE_UNIT, "990103")
    p1, p2 = _shared_points(g[RED_LINE_UNIT], g[general])
    x = shapely.intersection(g[RED_LINE_UNIT], p1.buffer(600, cap_style="square"))
    y = shapely.intersection(g[general], p2.buffer(600, cap_style="square"))
    g[RED_LINE_UNIT] = g[RED_LINE_UNIT].difference(x).union(y)
    g[general] = g[general].difference(y).union(x)

    host = v2[(v2.XZQDM == "990121") & (v2.ZHGKDYFL == 3)].sort_values("MJ").HJZHGKDYBM.iat[-1]
    centre = shapely.point_on_surface(g[host])
    park = shapely.intersection(g[host], centre.buffer(700, cap_style="square"))
    g[host] = g[host].difference(park)

    first = v2[(v2.XZQDM == "990102") & (v2.ZHGKDYFL == 3)].HJZHGKDYBM.iat[0]
    second = _neighbour(v2, first, "990102")
    g[first] = g[first].union(g[second])
    v2 = v2[v2.HJZHGKDYBM != second].copy()
    v2["geometry"] = [shapely.MultiPolygon(shapely.get_parts(g[c])) for c in v2.HJZHGKDYBM]
    row = v2[v2.HJZHGKDYBM == host].iloc[0].copy()
    row["HJZHGKDYBM"], row["HJZHGKDYMC"], row["ZHGKDYFL"] = PARK_CODE, "新建园区重点管控单元", 2
    row["DYZL"], row["geometry"] = "产业园区", shapely.MultiPolygon([park])
    v2.loc[len(v2) + 1000] = row
    expected = {
        "red_general": general,
        "x": x.area,
        "y": y.area,
        "park_host": host,
        "park": park.area,
        "merged": sorted([first, second]),
        "merged_into": first,
        "merged_area": g[first].area,
    }
    return v2.reset_index(drop=True), expected


def memory_units(frame, crs, name):
    from eco_zoning.plugin.adapters.changes_io import units_layer

    return units_layer(frame, crs, name)


class Versions:
    """Version 1 in a project database and version 2 as a frame. Layers are made afresh for
    each test: a QGIS layer kept by a module fixture outlives QGIS and crashes the exit."""

    def __init__(self, database, v2_frame, expected, crs):
        self.database, self.v2_frame, self.expected, self.crs = database, v2_frame, expected, crs

    def v1(self):
        from qgis.core import QgsVectorLayer

        return QgsVectorLayer(f"{self.database}|layername=units", "v1", "ogr")

    def v2(self):
        from qgis.core import QgsCoordinateReferenceSystem

        return memory_units(self.v2_frame, QgsCoordinateReferenceSystem(self.crs), "v2")

    def uri(self, name="units"):
        """A table as a URI: what to hand an algorithm that is expected to fail (a layer
        object held by the kept traceback would outlive QGIS and crash the exit)."""
        return f"{self.database}|layername={name}"

    def table(self, name):
        from qgis.core import QgsVectorLayer

        return QgsVectorLayer(f"{self.database}|layername={name}", name, "ogr")


def make_versions(folder) -> Versions:
    """Version 1 (the sample's delineation) in a project database at folder/project.gpkg."""
    import processing

    database = folder / "project.gpkg"
    processing.run(
        "ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(database), "OVERWRITE": True}
    )
    processing.run(
        "ecozoning:delineateunits", delineation_parameters(gpkg_table(database, "units"))
    )
    versions = Versions(database, None, None, "EPSG:4527")
    versions.v2_frame, versions.expected = version_two(read_units(versions.v1()))
    return versions


def features_by_code(layer):
    """{unit code: (attributes of the standard fields, geometry WKB)}."""
    from eco_zoning.plugin.core import schema

    names = schema.field_names(schema.UNIT_FIELDS)
    return {
        f["HJZHGKDYBM"]: (
            [f[n] for n in names],
            bytes(f.geometry().asWkb()),
        )
        for f in layer.getFeatures()
    }


MOVED_RED_LINE = "HX9901030006"  # a 生态保护红线 patch inside 枫渡区 (990103)


def moved_red_line(dy: float = 300.0):
    """The sample's red line with one patch of 枫渡区 moved ``dy`` m north (memory layer)."""
    from qgis.core import QgsFeature, QgsVectorLayer

    source = sample_layer("red_line", "生态保护红线")
    layer = QgsVectorLayer(f"MultiPolygon?crs={source.crs().authid()}", "生态保护红线", "memory")
    layer.dataProvider().addAttributes(source.fields().toList())
    layer.updateFields()
    features = []
    for feature in source.getFeatures():
        copy = QgsFeature(feature)
        if feature["HXBH"] == MOVED_RED_LINE:
            geometry = feature.geometry()
            geometry.translate(0, dy)
            copy.setGeometry(geometry)
        features.append(copy)
    layer.dataProvider().addFeatures(features)
    return layer
