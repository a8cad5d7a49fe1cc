"""Overlap analysis: how much of each feature lies in each constraint layer.

Pure Python (shapely 2, numpy, pandas; no Qt, no QGIS). Geometries are in a
metre Gauss–Krüger CRS (the adapter reprojects); areas are ``area.official_m2``.

For every input feature (point, line or polygon; mixed layers allowed) and every
constraint layer (red line, farmland, a buffered well field...), one row when
they overlap. Constraint features that overlap each other are counted once: the
constraint features a feature touches are unioned on the precision grid and the
feature is intersected once with that union (``inside_once``), so a square half
covered by two overlapping constraint polygons is 50 %, not 75 %, and a line along
two overlapping corridors with nearly parallel edges is measured once.

Each row carries the layer's role (``roles``: given as ``Constraint.role``, else
guessed from the layer's name; 未指定 when unknown).

Measures:

* polygons: ``overlap_area_m2`` and ``percent`` of the feature's area;
* lines: ``overlap_length_m`` and ``percent`` of the feature's length;
* points: ``inside`` and ``percent`` 100 (a multipoint: share of its points inside).

A constraint with ``buffer > 0`` is buffered (points, lines and polygons alike);
without a buffer only its polygonal features count. Geometry collections are
measured by their highest dimension. Rows with no overlap are not emitted.
All overlays run on the fixed precision grid ``geometry.GRID_SIZE``.

Modules: ``inputs`` (checks, cleaning, repair logs), ``constraints`` (the ``Constraint``
record and its polygons, shared with the compliance engine), ``overlay`` (``inside_once``
and its two steps, ``zones_of`` and ``pieces_in``; ``measured_pieces``: the pieces with
their official areas, measured on the overlay threads), ``zones`` (``zone_unions``: the
zones ``dissolve.union_groups`` makes, with less work for this job's shapes), ``pipeline`` (``Overlays``: a batch's
intersections on a background thread while the next batch's zones are unioned) and
``analysis`` (``overlap_analysis`` and its rows; ``OverlapRun`` takes the constraint
layers one at a time, so a caller reading them from disk holds one layer at a time).
"""

from ..geometry import REPAIR_COLUMNS
from ..run import Cancelled
from .analysis import OUTPUT_COLUMNS, OverlapRun, overlap_analysis
from .constraints import (
    BUFFER_QUAD_SEGS,
    Constraint,
    constraint_layer,
    constraint_polygons,
    constraint_repairs,
)
from .inputs import OverlapError, feature_repairs
from .overlay import inside_once

__all__ = [
    "BUFFER_QUAD_SEGS",
    "Cancelled",
    "Constraint",
    "OverlapError",
    "OUTPUT_COLUMNS",
    "OverlapRun",
    "REPAIR_COLUMNS",
    "constraint_layer",
    "constraint_polygons",
    "constraint_repairs",
    "feature_repairs",
    "inside_once",
    "overlap_analysis",
]
