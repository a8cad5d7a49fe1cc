"""QGIS feature sources <-> core frames (pandas DataFrame with "fid" and "geometry").

Reading reprojects once per layer inside QGIS's feature iterator
(``setDestinationCrs``) and converts all geometries from WKB in one
``shapely.from_wkb`` call. Geometry validity is not checked here: the engines
repair and report per feature, so QGIS's own invalid-geometry filter is skipped.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProject,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from ..compat import WkbType, is_text
from ..i18n import tr


def to_python(value):
    """A QGIS attribute value as a plain Python value (NULL -> None, QDate -> date...)."""
    if value is None:
        return None
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if isinstance(value, QTime):
        return value.toPyTime() if value.isValid() else None
    return value


def read_frame(
    source,
    dest_crs: QgsCoordinateReferenceSystem | None = None,
    fields: list[str] | None = None,
    transform_context=None,
    feedback=None,
    with_geometry: bool = True,
    fids=None,
) -> pd.DataFrame:
    """All features of ``source`` (a QgsFeatureSource or vector layer) as a DataFrame.

    Columns: "fid", "geometry" (shapely, in ``dest_crs``; None for null geometry),
    then the requested attribute columns (all when ``fields`` is None).
    ``fids``: only the features with these ids.
    A plain GeoPackage table read whole is read in bulk (``_read_direct``), else by QGIS.
    """
    if fids is None:
        frame = _read_direct(source, dest_crs, fields, feedback, with_geometry)
        if frame is not None:
            return frame
    request = QgsFeatureRequest()
    if dest_crs is not None and dest_crs.isValid() and with_geometry:
        context = transform_context or QgsProject.instance().transformContext()
        request.setDestinationCrs(dest_crs, context)
    if not with_geometry:
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    source_fields = source.fields()
    names = [f.name() for f in source_fields] if fields is None else list(fields)
    indices = [source_fields.indexOf(n) for n in names]
    missing = [n for n, i in zip(names, indices) if i < 0]
    if missing:
        raise KeyError(", ".join(missing))
    request.setSubsetOfAttributes(indices)
    request.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
    if fids is not None:
        request.setFilterFids(sorted(fids))

    if isinstance(source, QgsProcessingFeatureSource):
        iterator = source.getFeatures(
            request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks
        )
    else:
        iterator = source.getFeatures(request)

    ids, geoms, rows = _collect(iterator, indices, with_geometry, source, feedback)
    frame = attribute_frame(ids, list(zip(*rows)) if rows else None, names)
    if with_geometry:
        frame.insert(1, "geometry", np.concatenate(geoms) if geoms else np.empty(0, object))
    return frame


def direct_of(source):
    """The ``direct_read.DirectTable`` behind ``source``: the one an input source was given
    (``inputs.input_source``, when it is the whole layer), or a file layer's own; else None."""
    if hasattr(source, "direct_table"):
        return source.direct_table
    from qgis.core import QgsVectorLayer

    if isinstance(source, QgsVectorLayer):
        from .direct_read import direct_table

        return direct_table(source)
    return None


def _read_direct(source, dest_crs, fields, feedback, with_geometry):
    """``read_frame`` of a whole plain GeoPackage table: the geometries in bulk from GDAL,
    the attributes from SQLite (``direct_read``), the same frame QGIS's loop gives; None
    when either cannot be read so (then QGIS reads)."""
    direct = direct_of(source)
    if direct is None:
        return None
    if with_geometry and dest_crs is not None and dest_crs.isValid() and dest_crs != direct.crs:
        return None  # reprojected by QGIS's iterator
    from .direct_read import read_attributes, read_geometries

    source_fields = source.fields()
    names = [f.name() for f in source_fields] if fields is None else list(fields)
    if any(source_fields.indexOf(n) < 0 for n in names):
        return None  # QGIS's path raises the KeyError
    found = read_attributes(direct, source_fields, names)
    if found is None:
        return None
    ids, columns = found
    columns = columns if len(ids) else None
    if not with_geometry:
        return attribute_frame(ids, columns, names)
    cancelled = feedback.isCanceled if feedback is not None else None
    geometries = read_geometries(direct, dest_crs, cancelled)
    if geometries is None:
        return None
    order, geoms = geometries
    if np.array_equal(order, ids):
        return attribute_frame(ids, columns, names, geoms)  # one frame, made once
    position = pd.Index(ids).get_indexer(order)  # file order vs fid order: align, or give up
    if len(order) != len(ids) or (position < 0).any():
        return None
    frame = attribute_frame(ids, columns, names).iloc[position].reset_index(drop=True)
    frame.insert(1, "geometry", geoms)
    return frame


def attribute_frame(ids, columns, names, geometry=None) -> pd.DataFrame:
    """The frame ``read_frame`` makes without geometry: "fid" (``ids``), then one column per
    name of ``names`` holding ``columns`` (sequences of QGIS attribute values, converted by
    ``to_python`` where needed; None or empty when no rows were read). With ``geometry``
    (one per id), a "geometry" column after "fid", as ``read_frame`` makes it."""
    fid = np.asarray(ids, dtype=np.int64)
    first = [fid] if geometry is None else [fid, geometry]
    taken = {"fid", "geometry"}.intersection(names)  # (inserting those raises, as in QGIS's)
    if columns and len(ids) and not taken:  # made at once, column by column (names repeat)
        values = [*first, *(_column(values) for values in columns)]
        frame = pd.DataFrame(dict(enumerate(values)))
        frame.columns = ["fid", "geometry"][: len(first)] + list(names)
        return frame
    if columns and len(ids):
        frame = pd.DataFrame(dict(enumerate(_column(values) for values in columns)))
        frame.columns = names
    elif len(ids):  # no attributes asked for
        frame = pd.DataFrame(index=range(len(ids)), columns=names)
    else:
        frame = pd.DataFrame(columns=names)
    frame.insert(0, "fid", fid)
    if geometry is not None:
        frame.insert(1, "geometry", geometry)
    return frame


WKB_BATCH = 50_000  # features whose WKB is held before it becomes shapely geometries


def _geometries(wkbs: list) -> np.ndarray:
    """Shapely geometries of WKB values (None where None), in one call."""
    import shapely  # the adapters run only when dependencies are present

    out = np.empty(len(wkbs), dtype=object)
    present = np.array([w is not None for w in wkbs], dtype=bool)
    if present.any():
        out[present] = shapely.from_wkb(
            np.array([w for w in wkbs if w is not None], dtype=object), on_invalid="ignore"
        )
    return out


def _collect(iterator, indices, with_geometry, source, feedback):
    """(ids, geometry arrays, attribute rows) of the features ``iterator`` gives; WKB is
    turned into geometries every ``WKB_BATCH`` features, so it is never all held at once."""
    ids, geoms, wkbs, rows = [], [], [], []
    step = max(max(source.featureCount(), 1) // 50, 1000)
    for n, feature in enumerate(iterator):
        ids.append(feature.id())
        if with_geometry:
            geometry = feature.geometry()
            wkbs.append(None if geometry.isNull() else bytes(geometry.asWkb()))
            if len(wkbs) == WKB_BATCH:
                geoms.append(_geometries(wkbs))
                wkbs = []
        if indices:
            attrs = feature.attributes()
            rows.append([attrs[i] for i in indices])
        if feedback is not None and n % step == 0 and feedback.isCanceled():
            break
    if wkbs:
        geoms.append(_geometries(wkbs))
    return ids, geoms, rows


_PLAIN = frozenset((str, int, float, bool, type(None)))


def _column(values) -> list:
    """Attribute values as plain Python values; only columns holding something else
    (NULL, dates) are converted value by value."""
    if _PLAIN.issuperset(map(type, values)):
        return list(values)
    return [to_python(v) for v in values]


def _to_qgis_value(value):
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return QDateTime(value.to_pydatetime())
    if isinstance(value, _dt.datetime):
        return QDateTime(value)
    if isinstance(value, _dt.date):
        return QDate(value)
    return value


_PLAIN_OUT = frozenset((str, int, float, bool, type(None)))


def _qgis_column(values: pd.Series) -> list:
    """A frame column as the values QGIS is given (``_to_qgis_value`` of each), converted
    column by column where the dtype allows."""
    kind = values.dtype.kind
    if kind in "iub":  # Python ints and bools already
        return values.tolist()
    if kind == "f":
        return [None if v != v else v for v in values.tolist()]
    items = values.to_numpy(dtype=object).tolist()
    if kind == "O" and _PLAIN_OUT.issuperset(map(type, items)):
        return [None if (type(v) is float and v != v) else v for v in items]
    return [_to_qgis_value(v) for v in items]


def _valid_as(geometry: QgsGeometry, multi: bool) -> QgsGeometry:
    """``geometry`` made valid, keeping its kind (a polygon stays polygonal)."""
    kind = geometry.type()
    fixed = geometry.makeValid()
    if QgsWkbTypes.flatType(fixed.wkbType()) == WkbType.GeometryCollection:
        fixed.convertGeometryCollectionToSubclass(kind)
    if multi and not fixed.isMultipart():
        fixed.convertToMultiType()
    return fixed if not fixed.isEmpty() else geometry


class WriteCancelled(Exception):
    """The feedback was cancelled while features were being prepared: nothing was written."""


def frame_features(
    frame: pd.DataFrame,
    fields: QgsFields,
    source_crs: QgsCoordinateReferenceSystem | None = None,
    sink_crs: QgsCoordinateReferenceSystem | None = None,
    feedback=None,
    multi: bool = True,
    dimension: int | None = None,
) -> list:
    """The rows of ``frame`` (columns named as ``fields``, plus "geometry") as QgsFeatures.

    Geometries are transformed from ``source_crs`` to ``sink_crs`` when both are given
    and differ; with ``dimension`` (0, 1, 2) only parts of that dimension are kept.
    Raises ``WriteCancelled`` when the feedback is cancelled: nothing is written yet, so a
    cancel leaves no partial output (the sinks are created and filled afterwards).
    """
    transform = None
    if source_crs is not None and sink_crs is not None and source_crs != sink_crs:
        transform = QgsCoordinateTransform(source_crs, sink_crs, QgsProject.instance())
    columns = frame_columns(frame, fields, feedback)
    wkbs = None
    if "geometry" in frame:
        import shapely

        wkbs = shapely.to_wkb(sink_geometries(frame, dimension), output_dimension=2)
    return column_features(fields, columns, wkbs, len(frame), multi, transform, feedback)


def column_features(fields, columns, wkbs, count, multi=True, transform=None, feedback=None):
    """QgsFeatures of ``count`` rows: attributes from ``columns`` (``frame_columns``),
    geometries from ``wkbs`` (None: no geometry), transformed by ``transform``; raises
    ``WriteCancelled`` when the feedback is cancelled."""
    features = []
    for row in range(count):
        if feedback is not None and row % 1000 == 0 and feedback.isCanceled():
            raise WriteCancelled()
        feature = QgsFeature(fields)
        feature.setAttributes([None if col is None else col[row] for col in columns])
        if wkbs is not None and wkbs[row] is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkbs[row])
            if multi and not geometry.isMultipart():
                geometry.convertToMultiType()
            if transform is not None:
                geometry.transform(transform)
                if not geometry.isGeosValid():  # valid in the CRS it is written in
                    geometry = _valid_as(geometry, multi)
            feature.setGeometry(geometry)
        features.append(feature)
    return features


def sink_geometries(frame: pd.DataFrame, dimension: int | None = None) -> np.ndarray:
    """The frame's geometries as a sink gets them: with ``dimension`` (0, 1, 2) only the
    parts of that dimension (a sink holds one kind)."""
    geoms = frame["geometry"].to_numpy(dtype=object, copy=True)
    if dimension is not None:
        from ..core.geometry import of_dimension

        geoms = of_dimension(geoms, dimension)
    return geoms


def frame_columns(frame: pd.DataFrame, fields: QgsFields, feedback=None) -> list:
    """Per field of ``fields``, the frame's column of that name as the values QGIS is given
    (None for a column the frame lacks). Text longer than its field is shortened (and
    said), rather than the whole write failing."""
    names = [f.name() for f in fields]
    columns = [_qgis_column(frame[n]) if n in frame else None for n in names]
    limits = {i: f.length() for i, f in enumerate(fields) if is_text(f) and f.length() > 0}
    shortened = []
    for i, limit in limits.items():
        values = columns[i]
        if values is None:
            continue
        for row, value in enumerate(values):
            if isinstance(value, str) and len(value) > limit:
                values[row] = value[: limit - 1] + "…"
                shortened.append((row, i))
    if shortened and feedback is not None:
        said = [f"{row + 1}/{names[i]}" for row, i in sorted(shortened)]
        more = tr("and {0} more").format(len(said) - 20) if len(said) > 20 else ""
        feedback.pushInfo(
            tr("Text longer than its field was shortened (row/field): {0} {1}").format(
                ", ".join(said[:20]), more
            )
        )
    return columns


def add_features(sink, features) -> int:
    """Add prepared features to ``sink`` in one go (the commit step: not interrupted)."""

    row = 0
    for row, feature in enumerate(features, 1):
        if not sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert):
            error = sink.lastError() if hasattr(sink, "lastError") else ""
            raise QgsProcessingException(tr("Could not write feature {0}: {1}").format(row, error))
    return row


def write_frame(
    sink,
    frame: pd.DataFrame,
    fields: QgsFields,
    source_crs: QgsCoordinateReferenceSystem | None = None,
    sink_crs: QgsCoordinateReferenceSystem | None = None,
    feedback=None,
    multi: bool = True,
    dimension: int | None = None,
) -> int:
    """``frame_features`` then ``add_features``; returns the number of features written."""
    features = frame_features(frame, fields, source_crs, sink_crs, feedback, multi, dimension)
    return add_features(sink, features)
