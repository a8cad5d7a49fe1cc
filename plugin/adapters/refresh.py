"""Refreshing the project's layers after an algorithm wrote into their data source."""

from __future__ import annotations

import os

from qgis.core import QgsProviderRegistry, QgsVectorLayer


def _key(source: str):
    """(normalised file path, layer name or None) of an OGR source, or None."""
    parts = QgsProviderRegistry.instance().decodeUri("ogr", source)
    path = parts.get("path")
    if not path:
        return None
    return os.path.normcase(os.path.realpath(path)), (parts.get("layerName") or None)


def _same(layer_key, written_key) -> bool:
    if layer_key is None or written_key is None or layer_key[0] != written_key[0]:
        return False
    # a single-layer file (Shapefile) may be named without its layer
    return layer_key[1] == written_key[1] or None in (layer_key[1], written_key[1])


def refresh_layers_showing(project, sources) -> list:
    """Reload every OGR vector layer of ``project`` that reads one of ``sources``: data
    reloaded, extent updated, redrawn. Returns the layers refreshed."""
    written = [k for k in (_key(s) for s in sources) if k is not None]
    refreshed = []
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
            continue
        key = _key(layer.source())
        if any(_same(key, w) for w in written):
            layer.dataProvider().reloadData()
            layer.updateExtents(True)
            layer.triggerRepaint()
            refreshed.append(layer)
    return refreshed
