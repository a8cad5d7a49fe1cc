"""A frame's rows prepared for a sink, in two forms: QgsFeatures for any QGIS sink, or
columns and GeoPackage geometry blobs for a table appended to straight through SQLite
(``gpkg_append``), which skips a QgsFeature per row.

Both forms give the same table: the values are those ``frame_features`` gives QGIS
(``layers.frame_columns``), written as QGIS's OGR provider writes them, and the geometries
are the same WKB in GDAL's blobs. Only what is certain to be written alike takes the
SQLite form (``FrameRows.table_rows`` returns None otherwise): text, 32-bit integer,
64-bit integer, real and boolean fields holding values of their own type, and non-empty 2D
geometries of exactly the sink's type (after making single parts multi-part).
"""

from __future__ import annotations

import numpy as np

_TEXT, _INT, _INT64, _REAL, _BOOL = "text", "int", "int64", "real", "bool"


class FrameRows:
    """The rows of ``frame`` for a sink of ``fields`` (``frame_features``' arguments, no
    reprojection), taken when made: later changes to ``frame`` do not reach them.
    Iterated: their QgsFeatures. ``table_rows``: the SQLite form, or None."""

    def __init__(self, frame, fields, feedback=None, multi: bool = True, dimension=None):
        from .layers import frame_columns, sink_geometries

        self.fields, self._multi, self._count = fields, multi, len(frame)
        self._columns = frame_columns(frame, fields, feedback)
        self._geoms = sink_geometries(frame, dimension) if "geometry" in frame else None

    def __len__(self):
        return self._count

    def __iter__(self):
        import shapely

        from .layers import column_features

        wkbs = None
        if self._geoms is not None:
            wkbs = shapely.to_wkb(self._geoms, output_dimension=2)
        return iter(column_features(self.fields, self._columns, wkbs, self._count, self._multi))

    def parts(self):
        return iter((self,))

    def table_rows(self, wkb_type, srs_id: int):
        """(columns, blobs, bounds) for ``gpkg_append.TableAppender.append``, or None when
        the rows cannot be written that way exactly as QGIS writes them."""
        import shapely

        from .gpkg_append import geometry_blobs

        kinds = _kinds(self.fields)
        if kinds is None:
            return None
        geoms = self._sink_geometries(wkb_type)
        if geoms is False:
            return None
        typed = [_typed(values, kind, self._count) for values, kind in zip(self._columns, kinds)]
        if any(values is None for values in typed):
            return None
        if geoms is None:
            return typed, None, None
        present = np.not_equal(geoms, None)
        return typed, geometry_blobs(geoms, srs_id), shapely.bounds(geoms[present])

    def _sink_geometries(self, wkb_type):
        """The geometries to write (None for a table without geometry), or False when one
        is not certain to be written as QGIS writes it."""
        import shapely

        from ..compat import WkbType

        if wkb_type == WkbType.NoGeometry:
            return None if self._geoms is None else False
        wanted = _SHAPELY_TYPE.get(int(wkb_type))
        if wanted is None or self._geoms is None:
            return False
        geoms = self._geoms.copy()
        present = np.not_equal(geoms, None)
        chosen = geoms[present]
        if shapely.is_empty(chosen).any() or shapely.has_z(chosen).any():
            return False
        types = shapely.get_type_id(chosen)
        single = {v: k for k, v in _MULTI_OF.items()}.get(wanted)
        at = np.flatnonzero(types == single) if self._multi and single is not None else []
        if len(at):  # made multi-part, as QGIS's convertToMultiType does
            make = {4: shapely.multipoints, 5: shapely.multilinestrings}
            make[6] = shapely.multipolygons
            chosen[at] = make[wanted](chosen[at], indices=np.arange(len(at)))
            types = shapely.get_type_id(chosen)
        if (types != wanted).any():
            return False
        geoms[present] = chosen
        return geoms


# QGIS flat 2D WKB types -> shapely type ids (1 point, 2 line, 3 polygon, 4-6 multi)
_SHAPELY_TYPE = {1: 0, 2: 1, 3: 3, 4: 4, 5: 5, 6: 6}
_MULTI_OF = {0: 4, 1: 5, 3: 6}  # single part -> its multi type (shapely ids)


def _kinds(fields) -> list | None:
    """Per field, how its values are written (text, int, int64, real), or None when a
    field has another type."""
    from ..compat import make_field

    known = {
        make_field("t", "str").type(): _TEXT,
        make_field("i", "int").type(): _INT,
        make_field("l", "int64").type(): _INT64,
        make_field("f", "float").type(): _REAL,
        make_field("b", "bool").type(): _BOOL,
    }
    kinds = [known.get(f.type()) for f in fields]
    return None if None in kinds else kinds


def _typed(values, kind: str, count: int):
    """A column's values as SQLite gets them from QGIS's OGR provider, or None when one is
    not of its field's type (QGIS would convert it; that conversion is left to QGIS)."""
    if values is None:
        return [None] * count
    types = set(map(type, values)) - {type(None)}
    if kind == _TEXT:
        return values if types <= {str} else None
    if kind == _BOOL:  # OGR's boolean subtype of an integer field: 1 or 0
        return [None if v is None else int(v) for v in values] if types <= {bool} else None
    if kind == _REAL:
        if not types <= {float, int, bool}:
            return None
        return values if types <= {float} else [None if v is None else float(v) for v in values]
    if not types <= {int, bool}:
        return None
    if kind == _INT and any(v is not None and not -(2**31) <= v < 2**31 for v in values):
        return None
    return values if bool not in types else [None if v is None else int(v) for v in values]
