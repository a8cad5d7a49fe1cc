"""Filling a table Processing has just created in a GeoPackage the run creates, without a
QgsFeature per row: QGIS creates the sink (file, table, columns, R-tree, the output's
registration) as always; the empty sink is closed and the rows are appended straight
through SQLite (``gpkg_append``) in one transaction.

Only rows prepared as ``FrameRows`` whose ``table_rows`` can be written exactly as QGIS
writes them go this way. When the first part cannot, everything goes through the QGIS
sink as before; when a later part cannot, it and the rest are added through QGIS's OGR
provider, in order.
"""

from __future__ import annotations

from itertools import chain

from .frame_rows import FrameRows


def fill_table(sink, dest: str, wkb_type, features, close) -> bool:
    """Write ``features`` (with ``parts()``: ``FrameRows`` parts) into the GeoPackage table
    of ``dest`` behind ``sink``, closing the sink with ``close(sink, wkb_type)``. False,
    with nothing touched, when this table or these features are not for this way (the
    caller fills the sink); True when written (and the sink closed)."""
    from .gpkg_append import TableAppender
    from .sinks import geopackage_of

    parts_of = getattr(features, "parts", None)
    path = geopackage_of(dest)
    if parts_of is None or path is None:
        return False
    layer = _layer_name(dest)  # a plain path: QGIS's file writer, whose table GDAL makes late
    info = None if layer is None else TableAppender.table_info(path, layer)
    if info is None:
        return False
    columns, srs_id = info
    parts = parts_of()
    first = next(parts, None)
    names = [f.name() for f in first.fields] if isinstance(first, FrameRows) else []
    rows = None
    if isinstance(first, FrameRows) and set(names) <= set(columns):
        rows = first.table_rows(wkb_type, srs_id)
    if first is not None and rows is None:  # the QGIS sink, as before
        from .layers import add_features

        add_features(sink, chain.from_iterable(chain((first,), parts)))
        close(sink, wkb_type)
        return True
    close(sink, wkb_type)  # the empty table QGIS created
    rest = None
    with TableAppender(path, layer, names, synced=False) as appender:
        if rows is not None:
            appender.append(*rows)
        for part in parts:
            rows = part.table_rows(wkb_type, srs_id) if isinstance(part, FrameRows) else None
            if rows is None or [f.name() for f in part.fields] != names:
                rest = chain((part,), parts)
                break
            appender.append(*rows)
    if rest is not None:
        _provider_append(dest, chain.from_iterable(rest))
    return True


def _layer_name(dest: str) -> str | None:
    """The table name of a GeoPackage destination (``/a/b.gpkg|layername=t``), or None."""
    from .ogr_uri import ogr_parts

    name = ogr_parts(str(dest)).get("layerName")
    return str(name) if isinstance(name, str) and name else None


def _provider_append(dest: str, features) -> None:
    """``features`` added to the table of ``dest`` by QGIS's OGR provider, each attribute
    put in the provider's field of the same name (the provider's fields start with the
    GeoPackage's fid)."""
    from qgis.core import QgsFeature, QgsProcessingException, QgsVectorLayer

    from ..i18n import tr

    layer = QgsVectorLayer(dest, "output", "ogr")
    provider = layer.dataProvider() if layer.isValid() else None
    if provider is None:
        raise QgsProcessingException(tr("Could not write feature {0}: {1}").format(1, dest))
    fields = provider.fields()
    batch, written = [], 0
    for feature in features:
        out = QgsFeature(fields)
        for field, value in zip(feature.fields(), feature.attributes()):
            out.setAttribute(fields.indexOf(field.name()), value)
        if feature.hasGeometry():
            out.setGeometry(feature.geometry())
        batch.append(out)
        if len(batch) == 1000:
            written = _add(provider, batch, written)
    _add(provider, batch, written)
    del provider
    del layer


def _add(provider, batch: list, written: int) -> int:
    """Add ``batch`` (then emptied) through ``provider``; the count written so far."""
    from qgis.core import QgsFeatureSink, QgsProcessingException

    from ..i18n import tr

    if batch and not provider.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)[0]:
        errors = "; ".join(provider.errors()[-3:])
        raise QgsProcessingException(
            tr("Could not write feature {0}: {1}").format(written + 1, errors)
        )
    written += len(batch)
    batch.clear()
    return written
