"""Closing a Processing sink now (GDAL's noise about attribute tables silenced),
writing a GeoPackage the run creates without SQLite's disk syncs, and QGIS's list of
ellipsoids built while the inputs are read (``warm_up``)."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager

from osgeo import gdal
from qgis.PyQt import sip

from ..compat import WkbType

SYNC_OPTION = "OGR_SQLITE_SYNCHRONOUS"


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


def geopackage_of(destination: str) -> str | None:
    """The GeoPackage file a Processing destination string writes into (``/a/b.gpkg``,
    ``/a/b.gpkg|layername=t`` or ``ogr:dbname='/a/b.gpkg' table="t"``), else None."""
    from qgis.core import QgsDataSourceUri

    text = str(destination or "")
    if text.startswith("ogr:"):
        text = QgsDataSourceUri(text[4:]).database()
    elif ":" in text.split("|")[0][:12] and not _drive(text):
        return None  # memory:, postgres:, spatialite:... (not a file of ours)
    path = text.split("|")[0]
    return os.path.abspath(path) if path.lower().endswith(".gpkg") else None


def _drive(text: str) -> bool:
    """Whether ``text`` starts with a Windows drive (``C:/...``), not a provider prefix."""
    return len(text) > 2 and text[1] == ":" and text[0].isalpha() and text[2] in "/\\"


def new_geopackages(destinations) -> set:
    """The GeoPackage files among ``destinations`` that do not exist yet: the ones this
    run creates. Decide before the first sink is created."""
    files = {geopackage_of(d) for d in destinations} - {None}
    return {f for f in files if not os.path.exists(f)}


@contextmanager
def unsynced(new_file: bool):
    """Writing a GeoPackage this run creates, without SQLite's wait for the disk after each
    transaction (``OGR_SQLITE_SYNCHRONOUS=OFF``, for this thread only): the file did not
    exist before, so nothing the user had can be lost, and it is read back through the
    operating system's cache like any other. A user's existing database keeps SQLite's
    full syncs (``new_file`` False: nothing changes)."""
    if not new_file:
        yield
        return
    before = gdal.GetThreadLocalConfigOption(SYNC_OPTION, None)
    gdal.SetThreadLocalConfigOption(SYNC_OPTION, "OFF")
    try:
        yield
    finally:
        gdal.SetThreadLocalConfigOption(SYNC_OPTION, before)


_WARM_UP: threading.Thread | None = None  # started once per process


def warm_up() -> None:
    """Build QGIS's list of ellipsoids on a background thread, once per session.

    Every QGIS file writer (each Processing sink into a file) makes a render context, whose
    distance calculator asks for the ellipsoids; the first time in a session QGIS reads
    them all from PROJ's database (about 30–70 ms). Started when an algorithm begins
    reading its inputs, that happens on the other core meanwhile (QGIS releases Python's
    lock; the list is built once, safely for threads), not in front of the first output.
    """
    global _WARM_UP
    if _WARM_UP is not None:
        return
    from qgis.core import QgsEllipsoidUtils

    _WARM_UP = threading.Thread(
        target=QgsEllipsoidUtils.ellipsoidParameters,
        args=("EPSG:7019",),
        name="eco_zoning ellipsoids",
        daemon=True,
    )
    _WARM_UP.start()


def warmed() -> None:
    """Wait for ``warm_up`` (if started) before the first sink is made: it never outlives
    the algorithm that started it."""
    if _WARM_UP is not None:
        _WARM_UP.join()
