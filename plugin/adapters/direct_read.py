"""Geometries read straight from a layer's GDAL file, in bulk (GDAL's Arrow stream).

QGIS's feature iterator costs ~4 µs of Python per feature before the geometry is
touched; a province's 250,000 constraint features took ~3 CPU s to read that way.
GDAL (≥ 3.6) hands a whole layer's ids and WKB over as numpy arrays in a few calls.
This path is taken only where it gives exactly what QGIS's iterator gives:

- the layer is a plain file layer of the ``ogr`` provider (no subset filter, no open
  options, not in edit mode: no edit buffer to honour), decided on the main thread
  (``direct_table``);
- no reprojection is needed (the layer's CRS is the CRS asked for);
- a single-part geometry in a layer declared multi-part is made multi-part, as QGIS's
  OGR provider does.

Attributes are never read here (their conversion stays QGIS's: encodings, NULLs,
dates); the caller reads them by QGIS with ``NoGeometry``. Anything unexpected (an
older GDAL, a file that will not open) returns None and the caller reads by QGIS.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from osgeo import gdal, ogr
from qgis.core import QgsFields, QgsVectorLayer, QgsWkbTypes

from ..compat import make_field
from . import open_files
from .ogr_uri import ogr_parts

_OGR_MULTI = {4, 5, 6}  # OGR flat types MultiPoint, MultiLineString, MultiPolygon


@dataclass(frozen=True)
class DirectTable:
    """Where a layer's features live in a GDAL file, and the CRS QGIS gives them."""

    path: str
    layer: str | int
    crs: object  # QgsCoordinateReferenceSystem
    # QGIS's layer is multi-part (its OGR provider then makes single parts multi-part; a
    # shapefile's polygons and lines are, though OGR calls the layer single); None: ask OGR
    multi: bool | None = None


def direct_table(layer) -> DirectTable | None:
    """The file table behind ``layer`` (a QgsVectorLayer) when it can be read directly,
    else None. Call on the thread that owns the layer."""

    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return None
    if layer.providerType() != "ogr" or layer.subsetString() or layer.isEditable():
        return None
    parts = ogr_parts(layer.source())
    if any(v for k, v in parts.items() if k not in ("path", "layerName", "layerId")):
        return None  # a subset, geometry type filter, open options...: QGIS's way
    name = parts.get("layerName") or parts.get("layerId")
    if not parts.get("path"):
        return None
    name = name if name not in (None, "") else 0
    return DirectTable(parts["path"], name, layer.crs(), QgsWkbTypes.isMultiType(layer.wkbType()))


def read_geometries(table: DirectTable, dest_crs=None, is_cancelled=None, fids=None):
    """(fids int64 array, shapely geometry array) of the table's features (None where a
    feature has no geometry), as QGIS's iterator gives them: all of them in file order,
    or with ``fids`` those features by fid. None when the table cannot be read this way
    (the caller reads by QGIS)."""
    if dest_crs is not None and dest_crs.isValid() and dest_crs != table.crs:
        return None
    wanted = None if fids is None else np.unique(np.asarray(list(fids), dtype=np.int64))
    try:
        found = _read(table, is_cancelled, wanted)
    except (RuntimeError, AttributeError, TypeError, ValueError):
        return None
    if found is None:
        return None
    got, wkbs, multi = found
    if wanted is not None:  # by fid, each once: exactly the features asked for, or give up
        got, first = np.unique(got, return_index=True)
        if not np.array_equal(got, wanted):
            return None
        wkbs = wkbs[first]
    return got, _geometries(wkbs, multi)


def near_geometries(table: DirectTable, dest_crs, rects, is_cancelled=None):
    """``read_geometries`` of the features a filter-rectangle request by QGIS returns for
    any of ``rects`` ((xmin, ymin, xmax, ymax) in ``dest_crs``): those whose geometry meets
    a rectangle (GDAL's test), each once, by fid. The candidates come from the
    GeoPackage's R-tree; None without one (the caller asks QGIS)."""
    if dest_crs is not None and dest_crs.isValid() and dest_crs != table.crs:
        return None
    candidates = _rtree_ids(table, rects)
    if candidates is None:
        return None
    found = read_geometries(table, dest_crs, is_cancelled, candidates)
    if found is None:
        return None
    fids, geoms = found
    meets = _meeting(geoms, rects)
    return fids[meets], geoms[meets]


def _rtree_ids(table: DirectTable, rects) -> np.ndarray | None:
    """Ids in the GeoPackage R-tree whose box meets one of ``rects`` (a superset of the
    features that do: the tree's boxes are rounded outwards), or None."""

    query = "SELECT id FROM {} WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?"
    with _geopackage(table) as db:
        try:
            tree = _rtree(db, table.layer)
            if tree is None:
                return None
            ids = [
                i
                for xmin, ymin, xmax, ymax in rects
                for (i,) in db.execute(query.format(tree), (xmin, xmax, ymin, ymax))
            ]
        except sqlite3.Error:
            return None  # no R-tree (or not a GeoPackage after all)
    return np.unique(np.asarray(ids, dtype=np.int64))


def rtree_bounds(table: DirectTable) -> tuple | None:
    """(xmin, ymin, xmax, ymax) of the table's features from its GeoPackage R-tree: each
    within one float32 step outside the exact extent (SQLite rounds the boxes outwards);
    None without an R-tree or features."""

    with _geopackage(table) as db:
        try:
            tree = _rtree(db, table.layer)
            if tree is None:
                return None
            found = db.execute(f"SELECT min(minx), min(miny), max(maxx), max(maxy) FROM {tree}")
            bounds = found.fetchone()
        except sqlite3.Error:
            return None
    return None if bounds is None or None in bounds else tuple(map(float, bounds))


@contextmanager
def _geopackage(table: DirectTable):
    """A read-only SQLite connection to the GeoPackage holding ``table``, closed on leaving
    (inside ``open_files.held()``: the run's connection to that file, left open); None when
    ``table`` is not a named table of a .gpkg file or the file will not open."""

    def connect():
        try:
            return sqlite3.connect(f"{Path(table.path).resolve().as_uri()}?mode=ro", uri=True)
        except (sqlite3.Error, ValueError):
            return None

    db = None
    if str(table.path).lower().endswith(".gpkg") and isinstance(table.layer, str):
        db = open_files.opened("sqlite", table.path, connect)
    held = open_files.holding()  # a held connection stays open for the rest of the run
    try:
        yield db
    finally:
        if db is not None and not held:
            db.close()


def _rtree(db, layer: str) -> str | None:
    """The quoted name of ``layer``'s R-tree table (None without a connection or a geometry
    column; a missing R-tree table shows as sqlite3's error when it is read)."""
    if db is None:
        return None
    row = db.execute(
        "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
    ).fetchone()
    return None if row is None else _quoted(f"rtree_{layer}_{row[0]}")


def _meeting(geoms: np.ndarray, rects) -> np.ndarray:
    """Mask of the geometries that meet one of the rectangles, tested as GDAL tests a
    filter rectangle (the rectangle prepared, against each geometry)."""
    import shapely

    out = np.zeros(len(geoms), dtype=bool)
    present = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    if not len(present) or not len(rects):
        return out
    boxes = shapely.box(*np.asarray(rects, dtype=float).T)
    _, hit = shapely.STRtree(geoms[present]).query(boxes, predicate="intersects")
    out[present[np.unique(hit)]] = True
    return out


FID_CHUNK = 5000  # fids per attribute filter (SQL statements stay short)


def _read(table, is_cancelled, fids=None):
    """(fids, WKB values or None, layer is multi-part) straight from GDAL (with ``fids``:
    those features), or None."""

    dataset = open_files.opened(
        "gdal", table.path, lambda: gdal.OpenEx(table.path, gdal.OF_VECTOR | gdal.OF_READONLY)
    )
    if dataset is None:
        return None
    layer = (
        dataset.GetLayerByIndex(table.layer)
        if isinstance(table.layer, int)
        else dataset.GetLayerByName(str(table.layer))
    )
    if layer is None or layer.GetLayerDefn().GetGeomFieldCount() != 1:
        return None
    layer.SetAttributeFilter(None)  # a held dataset's layer: as a freshly opened one
    layer.ResetReading()
    try:
        return _read_layer(layer, table, is_cancelled, fids)
    finally:  # no statement left open on the file (writers must not wait on a held one)
        layer.SetAttributeFilter(None)
        layer.ResetReading()


def _read_layer(layer, table, is_cancelled, fids):
    """``_read`` on the table's open OGR layer."""

    definition = layer.GetLayerDefn()
    layer.SetIgnoredFields(
        [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    )
    fid_name = layer.GetFIDColumn() or "OGC_FID"
    geom_name = layer.GetGeometryColumn() or "wkb_geometry"
    multi = table.multi
    if multi is None:
        multi = ogr.GT_Flatten(layer.GetGeomType()) in _OGR_MULTI
    found, wkbs = [], []
    chunks = (
        [None]
        if fids is None
        else [fids[i : i + FID_CHUNK] for i in range(0, len(fids), FID_CHUNK)]
    )
    for chunk in chunks:
        if chunk is not None:
            key = f'"{layer.GetFIDColumn()}"' if layer.GetFIDColumn() else "FID"
            if layer.SetAttributeFilter(f"{key} IN ({','.join(map(str, chunk.tolist()))})"):
                return None
            layer.ResetReading()
        for batch in layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES"]):
            if is_cancelled is not None and is_cancelled():
                return None
            found.append(np.asarray(batch[fid_name], dtype=np.int64))
            wkbs.append(_wkb_values(batch[geom_name]))
    if not found:
        return np.empty(0, np.int64), np.empty(0, object), multi
    return np.concatenate(found), np.concatenate(wkbs), multi


def _wkb_values(column) -> np.ndarray:
    """A batch's geometry column as an object array of WKB bytes, None where null."""
    out = np.asarray(np.ma.getdata(column), dtype=object).copy()
    out[np.ma.getmaskarray(column)] = None
    out[~out.astype(bool)] = None  # empty WKB too (truth tested in C, not a Python loop)
    return out


def _geometries(wkbs: np.ndarray, multi: bool) -> np.ndarray:
    """Shapely geometries of WKB values (None where None), single parts made multi-part
    in a multi-part layer (as QGIS's OGR provider does)."""
    import shapely

    out = np.empty(len(wkbs), dtype=object)
    present = np.not_equal(wkbs, None)
    if present.any():
        out[present] = shapely.from_wkb(wkbs[present], on_invalid="ignore")
    if multi:
        _make_multi(out)
    return out


def _make_multi(geoms: np.ndarray) -> None:
    """Points, lines and polygons in ``geoms`` replaced by one-part multi geometries (an
    empty one becomes a multi geometry holding it, as in QGIS), in place."""
    import shapely

    make = {0: shapely.multipoints, 1: shapely.multilinestrings, 3: shapely.multipolygons}
    types = shapely.get_type_id(geoms)  # -1 for None
    for single, multi in make.items():
        at = np.flatnonzero(types == single)
        if len(at):
            geoms[at] = multi(geoms[at], indices=np.arange(len(at)))


def read_attributes(table: DirectTable, fields, names, fids=None):
    """(fids int64 array, one list of values per name in ``names``) of a plain GeoPackage
    table read straight from SQLite (read-only), the values as QGIS's iterator gives them
    (``layers.read_frame``: str, int, float, None for NULL); all features, or with
    ``fids`` those features, ordered by fid. ``fields``: the layer's QgsFields.

    Only text, integer and real fields the provider reads (no expression or joined
    fields), each value of the type its field declares; anything else (a shapefile, a
    date, a blob, a value SQLite holds in another type, text that is not UTF-8) returns
    None and the caller reads by QGIS."""

    casts = _casts(fields, names)
    if casts is None:
        return None
    with _geopackage(table) as db:
        if db is None:
            return None
        try:
            return _select(db, table.layer, names, casts, fids)
        except (sqlite3.Error, OverflowError):
            return None  # not a GeoPackage table after all, or not text SQLite can decode


_INT32 = "int32"  # an Int field: OGR reads a wider SQLite value wrapped, so QGIS reads those


def _kinds() -> dict:
    """QgsField type -> how its SQLite values become the values QGIS gives (None: as is)."""

    return {
        make_field("t", "str").type(): str,
        make_field("i", "int").type(): _INT32,
        make_field("l", "int64").type(): int,
        make_field("f", "float").type(): float,
    }


def _casts(fields, names) -> list | None:
    """Per name, the Python type its values must have (float also takes int; ``_INT32``: an
    int within 32 bits), or None when a field is not a plain text or number field of the
    provider."""

    provider = getattr(QgsFields, "OriginProvider", None)
    if provider is None:  # QGIS >= 3.38
        from qgis.core import Qgis

        provider = Qgis.FieldOrigin.Provider
    kinds = _kinds()
    casts = []
    for name in names:
        index = fields.indexOf(name)
        if index < 0 or fields.fieldOrigin(index) != provider:
            return None
        cast = kinds.get(fields.at(index).type())
        if cast is None:
            return None
        casts.append(cast)
    return casts


def _quoted(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _select(db, layer: str, names, casts, fids):
    """``read_attributes`` on an open connection (sqlite3 errors propagate)."""
    known = db.execute(
        "SELECT 1 FROM gpkg_contents WHERE table_name = ? AND data_type = 'features'", (layer,)
    ).fetchone()
    if known is None:
        return None
    keys = [row for row in db.execute(f"PRAGMA table_info({_quoted(layer)})") if row[5]]
    if len(keys) != 1 or str(keys[0][2]).upper() != "INTEGER":
        return None  # the fid is the table's one integer primary key
    keys = [keys[0][1]]
    query = f"SELECT {', '.join(_quoted(n) for n in [keys[0], *names])} FROM {_quoted(layer)}"
    if fids is None:
        rows = db.execute(query + f" ORDER BY {_quoted(keys[0])}").fetchall()
    else:
        wanted = np.unique(np.asarray(list(fids), dtype=np.int64)).tolist()
        rows = []
        for i in range(0, len(wanted), FID_CHUNK):
            chunk = wanted[i : i + FID_CHUNK]
            where = f" WHERE {_quoted(keys[0])} IN ({','.join(map(str, chunk))})"
            rows += db.execute(query + where + f" ORDER BY {_quoted(keys[0])}").fetchall()
    if not rows:
        return np.empty(0, np.int64), [[] for _ in names]
    columns = list(zip(*rows))
    if not set(map(type, columns[0])) <= {int}:  # every fid an int (tested in C)
        return None
    values = [_typed(list(c), cast) for c, cast in zip(columns[1:], casts)]
    if any(v is None for v in values):
        return None
    return np.asarray(columns[0], dtype=np.int64), values


def _typed(values: list, cast):
    """``values`` as QGIS gives a field of type ``cast`` (float: ints made floats), or None
    when one of them has another type (SQLite's typing is per value)."""
    types = set(map(type, values)) - {type(None)}
    if cast is _INT32:
        fits = types <= {int} and all(v is None or -(2**31) <= v < 2**31 for v in values)
        return values if fits else None
    if types <= {cast}:
        return values
    if cast is float and types <= {int, float}:
        return [None if v is None else float(v) for v in values]
    return None
