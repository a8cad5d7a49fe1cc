"""The coordinate frame: local metres moved into CGCS2000 GK zone 39, reprojection."""

from __future__ import annotations

import numpy as np
import shapely
from osgeo import osr

from .spec import CENTRE_LAT, CENTRE_LON, GEOGRAPHIC_EPSG, ZONE39_EPSG


def srs(epsg: int) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # x = longitude / easting
    return srs


def origin() -> tuple[float, float]:
    """EPSG:4527 coordinates of the centre of the fictional city (117.0°E, 30.6°N)."""
    ct = osr.CoordinateTransformation(srs(GEOGRAPHIC_EPSG), srs(ZONE39_EPSG))
    x, y, _ = ct.TransformPoint(CENTRE_LON, CENTRE_LAT)
    return round(x, 3), round(y, 3)


def reproject(geoms, src: int, dst: int, decimals: int | None = None):
    ct = osr.CoordinateTransformation(srs(src), srs(dst))

    def fn(xy):
        if not len(xy):
            return xy
        out = np.asarray(ct.TransformPoints(np.ascontiguousarray(xy[:, :2])))[:, :2]
        return np.round(out, decimals) if decimals is not None else out

    return shapely.transform(np.asarray(geoms, dtype=object), fn)
