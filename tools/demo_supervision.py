"""The demo's supervision sources, made from the sample city and the delineated units.

`enterprises`: the sample's project points (with their industry codes) plus three planted
cases: a coal mine in the 岚江 corridor (a region rule), a chemical plant in a priority
unit off the red line (the class list forbids industry there), a food plant in a general unit (allowed: no
lead). `change_patches` (人类活动图斑): a new patch in a priority unit reaching into the red
line, an old patch there (before the screening date) and a new patch in a general unit.
Planted places are chosen from the layers with fixed rules, so the demo is deterministic.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from osgeo import ogr, osr

SINCE = "2025-01-01"
PLANTED = (  # (name, id, industry, date, where)
    ("岚江砂石煤矿", "91990100DEMO00001", "0610", "2025-05-10", "corridor_general"),
    ("翠岭精细化工厂", "91990100DEMO00002", "2614", "2025-08-20", "priority"),
    ("澄湖食品厂", "91990100DEMO00003", "1391", "2025-03-15", "general"),
)
PATCHES = (  # (id, date, where)
    ("TB2025-001", "2025-09-01", "priority_red_line"),
    ("TB2019-001", "2019-09-01", "priority"),
    ("TB2025-002", "2025-09-01", "general"),
)


def _geoms(uri: str, where=None):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(uri, "t", "ogr")
    out = []
    for f in layer.getFeatures():
        if f.hasGeometry() and (where is None or where(f)):
            out.append(shapely.from_wkb(bytes(f.geometry().asWkb())))
    return np.array(out, dtype=object)


def _union(geoms):
    geoms = shapely.make_valid(geoms) if len(geoms) else geoms
    return shapely.union_all(geoms, grid_size=0.001)


def _places(sample: Path, database: Path) -> dict:
    """Regions to plant in (shapely, EPSG:4527), off the red line and the corridor unless
    the case is about them."""
    units = f"{database}|layername=units"
    constraints = _union(
        np.concatenate(
            [
                _geoms(f"{sample}|layername={t}")
                for t in ("red_line", "farmland", "water_source", "nature_reserve")
            ]
        )
    )
    corridor = _union(_geoms(f"{database}|layername=regions"))
    red = _union(_geoms(f"{sample}|layername=red_line"))
    general = _union(_geoms(units, lambda f: f["ZHGKDYFL"] == 3))
    priority = _union(_geoms(units, lambda f: f["ZHGKDYFL"] == 1))
    inner = shapely.buffer  # keep planted points well inside their areas
    return {
        "corridor_general": inner(general.intersection(corridor).difference(constraints), -50),
        # priority units are made of the red line, reserves and water sources: off the red
        # line, a priority place lies in a reserve or a water source
        "priority": inner(priority.difference(red).difference(corridor), -50),
        "general": inner(general.difference(corridor).difference(constraints), -50),
        "priority_red_line": priority.intersection(inner(red.boundary, 60)),
        "red": red,
    }


def _largest_point(area):
    parts = shapely.get_parts(area)
    return shapely.point_on_surface(parts[np.argmax(shapely.area(parts))])


def _layer(datasource, name, gtype, fields):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    if datasource.GetLayerByName(name) is not None:
        datasource.DeleteLayer(name)
    layer = datasource.CreateLayer(name, srs, gtype, ["GEOMETRY_NAME=geom", "FID=fid"])
    for field in fields:
        layer.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    return layer


def _add(layer, geometry, values: dict):
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(geometry)))
    for key, value in values.items():
        feature.SetField(key, value)
    layer.CreateFeature(feature)


def write_sources(sample: Path, database: Path) -> dict:
    """Write `enterprises` and `change_patches` into the demo database; returns their URIs."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsProject,
        QgsVectorLayer,
    )

    places = _places(sample, database)
    datasource = ogr.Open(str(database), 1)
    firms = _layer(datasource, "enterprises", ogr.wkbPoint, ("QYMC", "TYSHXYDM", "HYDM", "RQ"))
    projects = QgsVectorLayer(f"{sample}|layername=project_point", "p", "ogr")
    to_gk = QgsCoordinateTransform(
        projects.crs(), QgsCoordinateReferenceSystem("EPSG:4527"), QgsProject.instance()
    )
    for n, f in enumerate(projects.getFeatures()):
        g = f.geometry()
        g.transform(to_gk)
        point = shapely.get_geometry(shapely.from_wkb(bytes(g.asWkb())), 0)
        values = {"QYMC": f["XMMC"], "TYSHXYDM": f"91990100SAMPLE{n + 1:04d}", "HYDM": f["HYDM"]}
        _add(firms, point, {**values, "RQ": "2024-06-01"})
    for name, credit, industry, date, where in PLANTED:
        point = _largest_point(places[where])
        _add(firms, point, {"QYMC": name, "TYSHXYDM": credit, "HYDM": industry, "RQ": date})
    patches = _layer(datasource, "change_patches", ogr.wkbPolygon, ("TBBH", "RQ"))
    for n, (code, date, where) in enumerate(PATCHES):
        if where == "priority_red_line":
            centre = _largest_point(places[where])
        else:
            parts = shapely.get_parts(places[where])
            centre = shapely.point_on_surface(
                parts[np.argsort(-shapely.area(parts))[n % len(parts)]]
            )
        square = shapely.buffer(centre, 40, cap_style="square")
        _add(patches, square, {"TBBH": code, "RQ": date})
    datasource = None
    return {
        "enterprises": f"{database}|layername=enterprises",
        "change_patches": f"{database}|layername=change_patches",
    }
