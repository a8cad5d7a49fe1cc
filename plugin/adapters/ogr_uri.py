"""The parts of an OGR data source string (path, layer name...), as QGIS decodes them.

QGIS's ``decodeUri("ogr", ...)`` costs about 0.3 ms a call (it builds its regular
expressions each time); an algorithm run decodes the same few sources a dozen times
(encoding check, direct reading, output registration). The parts depend on the string
alone, so each string is decoded once per session.
"""

from __future__ import annotations

from functools import lru_cache


def ogr_parts(source: str) -> dict:
    """``QgsProviderRegistry.decodeUri("ogr", source)``: a new dict on each call."""
    return dict(_decoded(str(source)))


@lru_cache(maxsize=256)
def _decoded(source: str) -> dict:
    from qgis.core import QgsProviderRegistry

    return QgsProviderRegistry.instance().decodeUri("ogr", source)
