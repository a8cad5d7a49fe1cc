"""Choosing the CRS the engines compute in, and official area in QGIS terms.

The working CRS is the CGCS2000 3° Gauss–Krüger zone (EPSG:4513–4533) of the
planning area: every input layer is reprojected into it once, so lengths and
areas computed by the core are planar metres in the official zone.
"""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
)

from ..core import area


def _epsg(crs: QgsCoordinateReferenceSystem) -> int | None:
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        try:
            return int(authid.split(":", 1)[1])
        except ValueError:
            return None
    return None


def longitude_of(point: QgsPointXY, crs: QgsCoordinateReferenceSystem) -> float:
    if crs.isGeographic():
        return point.x()
    geographic = QgsCoordinateReferenceSystem.fromEpsgId(area.CGCS2000_GEOGRAPHIC_EPSG)
    transform = QgsCoordinateTransform(crs, geographic, QgsProject.instance())
    return transform.transform(point).x()


def working_crs_for_extent(
    extent: QgsRectangle, crs: QgsCoordinateReferenceSystem
) -> QgsCoordinateReferenceSystem:
    """The 3° GK zone CRS for the centre of ``extent`` (in ``crs``).

    A layer already in a CGCS2000 3° GK CRS keeps it: its areas are official as
    they are, and nothing is reprojected.
    """
    epsg = _epsg(crs)
    if epsg is not None and area.gk3_zone_of_epsg(epsg) is not None:
        return crs
    lon = longitude_of(extent.center(), crs)
    return QgsCoordinateReferenceSystem.fromEpsgId(area.gk3_epsg_for_longitude(lon))


def official_area_m2(geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> float:
    """Official area of one QGIS geometry by the project's area rule (for panels)."""
    import shapely

    from .area_rule import official_areas_m2

    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return 0.0
    return float(official_areas_m2([shapely.from_wkb(bytes(geometry.asWkb()))], crs)[0])


def epsg_of(crs: QgsCoordinateReferenceSystem) -> int | None:
    return _epsg(crs)


def is_cgcs2000(crs: QgsCoordinateReferenceSystem) -> bool:
    """EPSG:4490 or a CGCS2000 3° GK zone: the CRSs the core measures official area in."""
    epsg = _epsg(crs)
    return epsg is not None and (
        epsg == area.CGCS2000_GEOGRAPHIC_EPSG or area.gk3_zone_of_epsg(epsg) is not None
    )


def transform_geometries(geoms, source: QgsCoordinateReferenceSystem, dest):
    """Shapely geometries from ``source`` to ``dest`` (a new array; None stays None).

    Between a CGCS2000 3° zone and EPSG:4490 the core's own Gauss–Krüger formulas are used
    (vectorised, sub-millimetre); otherwise QGIS transforms feature by feature.
    """
    import numpy as np
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    if source == dest:
        return geoms.copy()
    src, dst = _epsg(source), _epsg(dest)
    zone = area.gk3_zone_of_epsg(src) if src is not None else None
    if zone is not None and dst == area.CGCS2000_GEOGRAPHIC_EPSG:
        prefixed = src - area.GK3_ZONE_PREFIX_EPSG_OFFSET == zone

        def inverse(xy):
            lon, lat = area.gk_inverse(xy[:, 0], xy[:, 1], zone, prefixed)
            return np.column_stack([lon, lat])

        return shapely.transform(geoms, inverse)
    transform = QgsCoordinateTransform(source, dest, QgsProject.instance())
    out = np.empty(len(geoms), dtype=object)
    for i, g in enumerate(geoms):
        if g is None:
            continue
        qg = QgsGeometry()
        qg.fromWkb(shapely.to_wkb(g))
        qg.transform(transform)
        out[i] = shapely.from_wkb(bytes(qg.asWkb()))
    return out


# Older Chinese datums still met in delivered data (EPSG ranges of their CRSs).
XIAN_1980 = "Xi'an 1980"
BEIJING_1954 = "Beijing 1954"
_OLD_DATUM_EPSG = (
    (XIAN_1980, ((4610, 4610), (2327, 2390))),
    (BEIJING_1954, ((4214, 4214), (2401, 2442), (21413, 21423), (21453, 21463), (21473, 21483))),
)


def old_datum(crs: QgsCoordinateReferenceSystem) -> str | None:
    """ "Xi'an 1980" or "Beijing 1954" when ``crs`` is on one of those datums, else None."""
    code = _epsg(crs)
    if code is not None:
        for name, ranges in _OLD_DATUM_EPSG:
            if any(low <= code <= high for low, high in ranges):
                return name
    description = crs.description().lower() if crs.isValid() else ""
    if "xian" in description or "xi'an" in description:
        return XIAN_1980
    if "beijing 1954" in description or "beijing_1954" in description:
        return BEIJING_1954
    return None


def transformation_used(source_crs, dest_crs, transform_context, sample: QgsPointXY) -> str:
    """The coordinate operation PROJ applies from ``source_crs`` to ``dest_crs`` (its name,
    or its PROJ string), found by transforming ``sample``."""
    transform = QgsCoordinateTransform(source_crs, dest_crs, transform_context)
    try:
        transform.transform(sample)
    except Exception:  # QgsCsException: the operation is still reported below
        pass
    details = transform.instantiatedCoordinateOperationDetails()
    return details.name or details.proj or transform.coordinateOperation() or "?"
