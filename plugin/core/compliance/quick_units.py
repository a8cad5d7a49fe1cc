"""The unit layer for map clicks: a unit is snapped to the grid when a click comes near it.

``UnitIndex`` repairs and snaps all units up front (a province: 44,604 polygons, about two
CPU seconds). ``NearUnits`` keeps the same rows (the units ``UnitIndex`` keeps, in its order,
with its codes, names, classes and counties) and the same repair log, but snaps a unit only
when a click's footprint comes within ``MARGIN`` of its bounding box, by ``snap_polygons``
itself (each unit is prepared on its own, so the geometry is the one ``UnitIndex`` holds).

Which units ``UnitIndex`` drops (nothing polygonal left after repair and snapping) is known
without snapping for a valid polygon with room inside: one whose area exceeds what a band
``CLEARANCE`` wide along its boundary can hold has a point farther than ``CLEARANCE`` from
the boundary, which no rounding to a 1 mm grid can reach, so the unit stays. Every other unit
(invalid, not polygonal, a sliver) is snapped at build time, as ``UnitIndex`` does.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely

from .. import schema
from ..geometry import repair_log
from ..geometry.arrays import geometry_array
from .inputs import snap_polygons
from .units import _check_units, _classes, _fill_counties, _text_column

MARGIN = 1.0  # metres around a footprint's bounds: snapping moves a vertex under 1 mm
CLEARANCE = 0.01  # metres: far beyond the 0.71 mm a vertex moves when rounded to the grid
_POLYGONAL = (3, 6)  # Polygon, MultiPolygon


def _roomy(raw: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Valid polygons whose area exceeds the band of width CLEARANCE along their boundary
    (2·CLEARANCE·length + π·CLEARANCE² per vertex): certainly kept by ``snap_polygons``."""
    out = valid & np.isin(shapely.get_type_id(raw), _POLYGONAL)
    rows = np.flatnonzero(out)
    band = 2 * CLEARANCE * shapely.length(raw[rows])
    band += math.pi * CLEARANCE**2 * shapely.get_num_coordinates(raw[rows])
    out[rows] = shapely.area(raw[rows]) > band
    return out


class NearUnits:
    """``UnitIndex``'s rows and repair log; units snapped near each click (cached)."""

    def __init__(self, units: pd.DataFrame, layer_name: str = ""):
        _check_units(units)
        self.frame, self.layer_name = units, layer_name  # for ``UnitIndex``, if ever needed
        raw = geometry_array(units["geometry"].to_numpy())
        n = len(raw)
        fids = units["fid"].to_numpy() if "fid" in units.columns else np.arange(1, n + 1)
        present = ~(shapely.is_missing(raw) | shapely.is_empty(raw))
        valid = present & shapely.is_valid(raw)
        kept = _roomy(raw, valid)
        unsure = np.flatnonzero(present & ~kept)  # snapped now, as UnitIndex does
        snapped = snap_polygons(raw[unsure]) if len(unsure) else np.zeros(0, dtype=object)
        kept[unsure] = ~shapely.is_missing(snapped)
        self.repairs = repair_log(layer_name, fids, raw, present & ~valid, present & ~kept)
        rows = np.flatnonzero(kept)
        frame = units.iloc[rows]
        self._raw = raw[rows]
        self.fids = fids[rows]
        self.codes = _text_column(frame, schema.UNIT_CODE)
        self.names = _text_column(frame, schema.UNIT_NAME)
        self.counties = _text_column(frame, schema.UNIT_COUNTY_CODE)
        self.classes = _classes(frame)
        _fill_counties(self.counties, self.codes)
        position = np.full(n, -1)
        position[rows] = np.arange(len(rows))
        self._snapped: dict[int, object] = {
            int(position[r]): g for r, g in zip(unsure, snapped) if position[r] >= 0
        }
        self.tree = shapely.STRtree(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def near(self, geometry) -> tuple[np.ndarray, np.ndarray]:
        """(positions, snapped geometries) of the units ``geometry`` intersects: what
        ``UnitIndex.tree.query(geometry, predicate="intersects")`` and ``geoms`` give.

        A unit not yet snapped (always a valid polygon: the others were snapped at build
        time) is left alone when it lies farther than CLEARANCE from ``geometry``: snapping
        cannot bring it any nearer than that."""
        xmin, ymin, xmax, ymax = shapely.bounds(geometry)
        window = shapely.box(xmin - MARGIN, ymin - MARGIN, xmax + MARGIN, ymax + MARGIN)
        found = np.sort(self.tree.query(window))
        todo = np.array([i for i in found if int(i) not in self._snapped], dtype=int)
        if len(todo):
            far = shapely.distance(self._raw[todo], geometry) > CLEARANCE
            found = found[~np.isin(found, todo[far])]
            todo = todo[~far]
            for i, g in zip(todo, snap_polygons(self._raw[todo])):
                self._snapped[int(i)] = g
        geoms = np.empty(len(found), dtype=object)
        geoms[:] = [self._snapped[int(i)] for i in found]
        hit = shapely.intersects(geoms, geometry)
        return found[hit], geoms[hit]
