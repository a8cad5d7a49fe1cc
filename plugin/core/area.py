"""Official area: planar area in the CGCS2000 3-degree Gauss-Krueger zone.

Official 生态环境分区管控 statistics are planar areas in the local 3° zone, not
ellipsoidal areas. This module holds the zone rule; the QGIS adapter
``plugin.adapters.area`` does the reprojection and calls ``planar_area`` here.
Nothing else computes official area.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

# CGCS2000 / 3-degree Gauss-Kruger zone 25 .. zone 45 (with zone prefix in the easting).
GK3_FIRST_ZONE = 25
GK3_LAST_ZONE = 45
GK3_ZONE_PREFIX_EPSG_OFFSET = 4488  # zone n -> EPSG:(4488 + n), 4513..4533
GK3_CM_ONLY_EPSG_OFFSET = 4509  # zone n -> EPSG:(4509 + n), 4534..4554 (no zone prefix)
CGCS2000_GEOGRAPHIC_EPSG = 4490


def gk3_zone(longitude: float) -> int:
    """3° zone number whose central meridian (3 × zone) is nearest to ``longitude``.

    Half-way longitudes (zone borders at 1.5° + 3k) go to the eastern zone.
    """
    if longitude is None or not math.isfinite(longitude):
        raise ValueError(f"longitude must be a finite number: {longitude!r}")
    zone = int(math.floor(longitude / 3.0 + 0.5))
    if not GK3_FIRST_ZONE <= zone <= GK3_LAST_ZONE:
        raise ValueError(
            f"longitude {longitude:.4f} is outside China's CGCS2000 3° zones "
            f"({GK3_FIRST_ZONE}..{GK3_LAST_ZONE}, 73.5°E..136.5°E)"
        )
    return zone


def gk3_epsg(zone: int) -> int:
    if not GK3_FIRST_ZONE <= zone <= GK3_LAST_ZONE:
        raise ValueError(f"no CGCS2000 3° zone {zone}")
    return GK3_ZONE_PREFIX_EPSG_OFFSET + zone


def gk3_epsg_for_longitude(longitude: float) -> int:
    return gk3_epsg(gk3_zone(longitude))


def gk3_zone_of_epsg(epsg: int) -> int | None:
    """Zone number of a CGCS2000 3° GK EPSG code (either variant), else None."""
    for offset in (GK3_ZONE_PREFIX_EPSG_OFFSET, GK3_CM_ONLY_EPSG_OFFSET):
        zone = epsg - offset
        if GK3_FIRST_ZONE <= zone <= GK3_LAST_ZONE:
            return zone
    return None


def planar_area(geometries) -> np.ndarray:
    """Planar area (in CRS units²) of shapely geometries; None/empty give 0."""
    geoms = np.asarray(geometries, dtype=object)
    areas = shapely.area(geoms)
    return np.nan_to_num(np.asarray(areas, dtype=float), nan=0.0)


def m2_to_km2(area_m2):
    return np.asarray(area_m2, dtype=float) / 1e6
