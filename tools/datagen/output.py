"""Writing the layers to a GeoPackage and summarising them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import shapely
from osgeo import gdal, ogr

from .frame import srs
from .spec import GPKG_DATE, ZONE39_EPSG, Layer

_OGR_GEOMETRY = {
    "MultiPolygon": ogr.wkbMultiPolygon,
    "MultiLineString": ogr.wkbMultiLineString,
    "Point": ogr.wkbPoint,
    "LineString": ogr.wkbLineString,
    "Polygon": ogr.wkbPolygon,
}


def _field_type(series: pd.Series) -> int:
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return ogr.OFTInteger64
    if pd.api.types.is_float_dtype(series):
        return ogr.OFTReal
    return ogr.OFTString


def write_gpkg(layers: dict[str, Layer], path) -> None:
    """Write ``layers`` to a new GeoPackage (an existing file is replaced).

    Table name = ``Layer.name``, identifier = ``Layer.title`` (QGIS shows it), geometry
    column ``geom``, one transaction per layer. ``gpkg_contents.last_change`` is fixed so
    the same layers give the same file.
    """
    path = Path(path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    old_exc = ogr.GetUseExceptions()
    ogr.UseExceptions()
    old_date = gdal.GetConfigOption("OGR_CURRENT_DATE")
    gdal.SetConfigOption("OGR_CURRENT_DATE", GPKG_DATE)
    try:
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        for layer in layers.values():
            frame = layer.frame
            lyr = ds.CreateLayer(
                layer.name,
                srs(layer.epsg),
                _OGR_GEOMETRY[layer.geometry_type],
                options=[f"IDENTIFIER={layer.title}", "GEOMETRY_NAME=geom", "FID=fid"],
            )
            columns = [c for c in frame.columns if c != "geometry"]
            for c in columns:
                lyr.CreateField(ogr.FieldDefn(c, _field_type(frame[c])))
            defn = lyr.GetLayerDefn()
            geoms = frame["geometry"].to_numpy()
            wkb = shapely.to_wkb(geoms)
            values = [frame[c].tolist() for c in columns]
            lyr.StartTransaction()
            for j in range(len(frame)):
                f = ogr.Feature(defn)
                for k in range(len(columns)):
                    v = values[k][j]
                    if v is not None and v == v:
                        f.SetField(k, v)
                if wkb[j] is not None:
                    f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb[j]))
                lyr.CreateFeature(f)
            lyr.CommitTransaction()
        ds = None
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", old_date)
        if not old_exc:
            ogr.DontUseExceptions()


def summary(layers: dict[str, Layer]) -> pd.DataFrame:
    """One row per layer: count, nulls, invalid geometries, area (km²) or length (km)."""
    rows = []
    for lyr in layers.values():
        g = lyr.frame["geometry"].to_numpy()
        present = ~shapely.is_missing(g)
        measure = ""
        if lyr.epsg == ZONE39_EPSG:
            if "Polygon" in lyr.geometry_type:
                measure = f"{shapely.area(g[present]).sum() / 1e6:.1f} km²"
            elif "Line" in lyr.geometry_type:
                measure = f"{shapely.length(g[present]).sum() / 1e3:.1f} km"
        rows.append(
            {
                "layer": lyr.name,
                "title": lyr.title,
                "epsg": lyr.epsg,
                "type": lyr.geometry_type,
                "features": len(g),
                "null": int((~present).sum()),
                "invalid": int((~shapely.is_valid(g[present])).sum()),
                "total": measure,
            }
        )
    return pd.DataFrame(rows)
