"""Whole-array geometry operations shared by the engines (shapely 2, no Qt).

All overlay work in the engines goes through a fixed precision grid (``GRID_SIZE`` in
CRS units, metres in the working CRS): GEOS's floating overlay has been seen to return
wrong results silently on valid inputs with near-coincident edges, while snap-rounded
overlay was right. One home per operation:

- ``grid``: the grid size and which GEOS features may be used;
- ``clean``: polygonal parts, parts of one dimension, repair and snap, explode;
- ``overlay``: pairwise intersection (covers short-cut), grouped union;
- ``dissolve``: grouped dissolve overlaying only polygons that touch (many small parts);
- ``chunked``: vectorised calls in chunks (cancel seen quickly) and on worker threads;
- ``arrays``: geometry arrays from columns, dimension per row, repair of invalid rows;
- ``repairs``: the log of repaired and dropped input features.

``COVERAGE_VALIDATION`` is read from this package at call time, so the plugin can switch
it off here (``geometry.COVERAGE_VALIDATION = False``).
"""

from .arrays import dimensions, geometry_array, repair_invalid
from .clean import CleanReport, clean_polygons, explode, of_dimension, polygonal, snap_pointwise
from .grid import COVERAGE_VALIDATION, GRID_SIZE
from .overlay import group_bounds, grouped_union, intersect_pairs
from .repairs import DROPPED, REPAIR_COLUMNS, REPAIRED, repair_log

__all__ = [
    "COVERAGE_VALIDATION",
    "DROPPED",
    "GRID_SIZE",
    "REPAIRED",
    "REPAIR_COLUMNS",
    "CleanReport",
    "clean_polygons",
    "dimensions",
    "explode",
    "geometry_array",
    "group_bounds",
    "grouped_union",
    "intersect_pairs",
    "of_dimension",
    "polygonal",
    "repair_invalid",
    "repair_log",
    "snap_pointwise",
]
