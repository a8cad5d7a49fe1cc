"""Rows appended to a GeoPackage table straight through SQLite, in one transaction.

Used for a table Processing has just created (empty) in a GeoPackage the run creates
(``processing_provider/outputs.py``): QGIS created the table, its columns, R-tree and
triggers and registered the output as always; only the rows go in here, written as
QGIS's OGR provider writes them (GDAL's GeoPackage geometry blobs, SQLite's typed
values), without a QgsFeature or an OGR feature per row.

The R-tree is kept by the table's own triggers: their spatial functions
(``ST_IsEmpty``, ``ST_MinX``...) are GDAL's, so this connection gets its own versions
reading the blob's header. ``gpkg_contents``' extent and last change are updated as GDAL
updates them when a layer it wrote to is closed.
"""

from __future__ import annotations

import sqlite3
import struct

import numpy as np

_HEADER = struct.Struct("<2sBBi")  # magic, version, flags, srs id (GDAL writes little-endian)
_ENVELOPE = struct.Struct("<4d")  # minx, maxx, miny, maxy
_EMPTY_FLAG = 0x10
_LITTLE_ENDIAN = 0x01
_ENVELOPE_XY = 0x02  # envelope indicator 1: [minx, maxx, miny, maxy]
_POINT = 0  # shapely type id of a point: GDAL writes no envelope for a point


def geometry_blobs(geoms: np.ndarray, srs_id: int) -> list:
    """GeoPackage geometry blobs of shapely geometries (None where None), byte for byte
    as GDAL writes them: standard header, an xy envelope unless the geometry is a point or
    empty, then little-endian ISO WKB (2D)."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    out = [None] * len(geoms)
    present = np.flatnonzero(np.not_equal(geoms, None))
    if not len(present):
        return out
    chosen = geoms[present]
    wkbs = shapely.to_wkb(chosen, output_dimension=2, byte_order=1, flavor="iso")
    empty = shapely.is_empty(chosen)
    point = shapely.get_type_id(chosen) == _POINT
    bounds = shapely.bounds(chosen)  # minx, miny, maxx, maxy
    plain = _HEADER.pack(b"GP", 0, _LITTLE_ENDIAN, srs_id)
    boxed = _HEADER.pack(b"GP", 0, _LITTLE_ENDIAN | _ENVELOPE_XY, srs_id)
    hollow = _HEADER.pack(b"GP", 0, _LITTLE_ENDIAN | _EMPTY_FLAG, srs_id)
    pack = _ENVELOPE.pack
    for k, at in enumerate(present.tolist()):
        if empty[k]:
            out[at] = hollow + wkbs[k]
        elif point[k]:
            out[at] = plain + wkbs[k]
        else:
            minx, miny, maxx, maxy = bounds[k].tolist()
            out[at] = boxed + pack(minx, maxx, miny, maxy) + wkbs[k]
    return out


def _envelope(blob):
    """(minx, maxx, miny, maxy) of a geometry blob (from its header, or a point's WKB), or
    None for NULL, empty or unreadable blobs."""
    if blob is None or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    if flags & _EMPTY_FLAG:
        return None
    kind = (flags >> 1) & 0x07
    order = "<" if flags & _LITTLE_ENDIAN else ">"
    if kind:
        return struct.unpack_from(order + "4d", blob, 8)
    wkb = blob[8:]  # a point: its coordinates follow the WKB's order byte and type
    if len(wkb) < 21:
        return None
    x, y = struct.unpack_from(("<" if wkb[0] == 1 else ">") + "2d", wkb, 5)
    return (x, x, y, y)


def _is_empty(blob):
    if blob is None:
        return None
    return 1 if (len(blob) >= 4 and blob[3] & _EMPTY_FLAG) else 0


def _coordinate(index):
    def value(blob):
        box = _envelope(blob)
        return None if box is None else box[index]

    return value


def _spatial_functions(db) -> None:
    """The spatial SQL functions GDAL's R-tree triggers call, for this connection."""
    db.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    for index, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        db.create_function(name, 1, _coordinate(index), deterministic=True)


def _quoted(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


class TableAppender:
    """An open transaction appending rows to ``table`` of the GeoPackage at ``path``.

    ``columns``: the attribute column names rows are given for, in order. Use as a context
    manager: committed on a clean exit, rolled back on an error."""

    def __init__(self, path: str, table: str, columns: list, synced: bool = True):
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute(f"PRAGMA synchronous = {'FULL' if synced else 'OFF'}")
        _spatial_functions(self._db)
        self.table = table
        found = self._db.execute(
            "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?",
            (table,),
        ).fetchone()
        self.geometry_column, self.srs_id = found if found else (None, 0)
        self.extent = None
        self._trigger = None  # (name, SQL) of the R-tree's insert trigger, while dropped
        key = [r[1] for r in self._db.execute(f"PRAGMA table_info({_quoted(table)})") if r[5]]
        self._key = key[0] if len(key) == 1 else None
        names = ([self.geometry_column] if self.geometry_column else []) + list(columns)
        names += [self._key] if self._key else []
        marks = ", ".join("?" * len(names))
        self._insert = (
            f"INSERT INTO {_quoted(table)} ({', '.join(map(_quoted, names))}) VALUES ({marks})"
        )

    @staticmethod
    def table_info(path: str, table: str) -> tuple | None:
        """(column names, geometry srs id or 0) of ``table`` in the GeoPackage at ``path``
        (None when the file or the table cannot be read)."""
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = db.execute(f"PRAGMA table_info({_quoted(table)})").fetchall()
                srs = db.execute(
                    "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (table,)
                ).fetchone()
            finally:
                db.close()
        except sqlite3.Error:
            return None
        if not rows:
            return None
        return [r[1] for r in rows], (int(srs[0]) if srs else 0)

    def __enter__(self):
        self._db.execute("BEGIN")
        if self.geometry_column and self._key:
            name = f"rtree_{self.table}_{self.geometry_column}_insert"
            self._trigger = self._db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                (name,),
            ).fetchone()
        if self._trigger is not None:  # the R-tree rows are written in bulk instead
            self._db.execute(f"DROP TRIGGER {_quoted(self._trigger[0])}")
        return self

    def append(self, columns: list, blobs: list | None, bounds: np.ndarray | None) -> None:
        """Rows of ``columns`` (one list of values per column) and ``blobs`` (geometry
        blobs, None for NULL); ``bounds``: the (minx, miny, maxx, maxy) of the rows with a
        blob, in order, for the R-tree and the layer's extent."""
        count = len(blobs) if blobs is not None else len(columns[0]) if columns else 0
        first = self._next_key() if self._key else 0
        keys = range(first, first + count)
        if self.geometry_column:
            rows = zip(blobs, *columns, keys) if self._key else zip(blobs, *columns)
        else:
            rows = zip(*columns, keys) if self._key else zip(*columns)
        self._db.executemany(self._insert, rows)
        if self._trigger is not None and bounds is not None and len(bounds):
            tree = _quoted(f"rtree_{self.table}_{self.geometry_column}")
            ids = [k for k, b in zip(keys, blobs) if b is not None]
            boxes = bounds[:, [0, 2, 1, 3]].tolist()  # minx, maxx, miny, maxy
            self._db.executemany(
                f"INSERT OR REPLACE INTO {tree} VALUES (?, ?, ?, ?, ?)",
                ((i, *b) for i, b in zip(ids, boxes)),
            )
        if bounds is not None and len(bounds):
            box = (bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max())
            box = tuple(float(v) for v in box)
            if self.extent is None:
                self.extent = box
            else:
                old = self.extent
                self.extent = (min(old[0], box[0]), min(old[1], box[1]))
                self.extent += (max(old[2], box[2]), max(old[3], box[3]))

    def _next_key(self) -> int:
        """The key SQLite's AUTOINCREMENT gives the next row of the table."""
        used = self._db.execute(
            f"SELECT coalesce(max({_quoted(self._key)}), 0) FROM {_quoted(self.table)}"
        ).fetchone()[0]
        sequence = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"
        ).fetchone()
        if sequence is not None:
            seq = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (self.table,))
            row = seq.fetchone()
            used = max(used, row[0] if row and row[0] is not None else 0)
        return int(used) + 1

    def __exit__(self, kind, error, trace):
        try:
            if kind is not None:
                self._db.execute("ROLLBACK")
                return False
            if self._trigger is not None:
                self._db.execute(self._trigger[1])
            self._update_contents()
            self._db.execute("COMMIT")
        finally:
            self._db.close()
        return False

    def _update_contents(self) -> None:
        """gpkg_contents' extent widened by the rows written, and its last change, as GDAL
        leaves them when a layer it added features to is closed."""
        now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        if self.extent is None:
            self._db.execute(
                f"UPDATE gpkg_contents SET last_change = {now} WHERE lower(table_name) = lower(?)",
                (self.table,),
            )
            return
        old = self._db.execute(
            "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE lower(table_name) = "
            "lower(?)",
            (self.table,),
        ).fetchone()
        box = self.extent
        if old is not None and None not in old:
            box = (
                min(old[0], box[0]),
                min(old[1], box[1]),
                max(old[2], box[2]),
                max(old[3], box[3]),
            )
        value = "CAST(printf('%.18g', ?) AS REAL)"  # GDAL writes them as SQL text so
        self._db.execute(
            f"UPDATE gpkg_contents SET min_x = {value}, min_y = {value}, max_x = {value}, "
            f"max_y = {value}, last_change = {now} WHERE lower(table_name) = lower(?)",
            (*box, self.table),
        )
