"""Closing a Processing sink now (GDAL's noise about attribute tables silenced)."""

from __future__ import annotations

from osgeo import gdal
from qgis.PyQt import sip

from ..compat import WkbType


def close_sink(sink, wkb_type) -> None:
    """Flush and close a sink now. A table without geometry written into a GeoPackage is
    closed with GDAL's "No geometry column" silenced: QGIS 3.22's layer exporter asks for
    a spatial index on every table it created, which GDAL refuses for attribute tables."""
    if wkb_type != WkbType.NoGeometry:
        sip.delete(sink)
        return
    others = []

    def handler(level, number, message):
        if "No geometry column" not in message:
            others.append(message)

    gdal.PushErrorHandler(handler)
    try:
        sip.delete(sink)
    finally:
        gdal.PopErrorHandler()
    for message in others:  # anything else GDAL said is passed on, not swallowed
        gdal.Error(gdal.CE_Warning, 1, message)
