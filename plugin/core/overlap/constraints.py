"""Constraint layers (red line, farmland …): their polygons on the grid and repair logs.

Shared by the overlap analysis and the compliance engine (``ConstraintIndex``), so a
constraint layer is prepared by the same rules in both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..geometry import GRID_SIZE, REPAIR_COLUMNS, of_dimension, polygonal, repair_log
from ..geometry.arrays import dimensions, geometry_array, repair_invalid
from .inputs import OverlapError, fids

BUFFER_QUAD_SEGS = 16  # segments per quarter circle for buffered constraints


@dataclass
class Constraint:
    name: str
    frame: pd.DataFrame  # "fid", "geometry"
    buffer: float = 0.0  # metres
    role: str | None = None  # a ``roles`` key; None: guessed from the name


def _checked_frame(c: Constraint) -> pd.DataFrame:
    frame = c.frame
    if frame is None or not isinstance(frame, pd.DataFrame) or "geometry" not in frame.columns:
        raise OverlapError(
            f"约束图层“{c.name}”缺少几何字段 geometry / "
            f"Constraint layer '{c.name}' has no geometry column"
        )
    return frame


def _buffered(c: Constraint) -> bool:
    return bool(c.buffer and c.buffer > 0)


def _invalid(raw: np.ndarray, used: np.ndarray) -> np.ndarray:
    """Rows used and invalid (one validity test of the used rows)."""
    invalid = np.zeros(len(raw), dtype=bool)
    invalid[used] = ~shapely.is_valid(raw[used])
    return invalid


def _used_geometries(c: Constraint, raw, dim, invalid) -> np.ndarray:
    """Buffered: every present feature, buffered; unbuffered: the polygonal features;
    invalid ones repaired (``invalid``: the raw rows' validity, tested once)."""
    if _buffered(c):
        g, bad = raw[dim >= 0].copy(), invalid[dim >= 0]
        g[bad] = shapely.make_valid(g[bad])
        return shapely.buffer(g, float(c.buffer), quad_segs=BUFFER_QUAD_SEGS)
    # the rows are polygonal already: only collections lose parts (and are new objects)
    sel = dim == 2
    g = of_dimension(raw[sel], 2, GRID_SIZE)
    bad = invalid[sel].copy()
    made = np.flatnonzero(
        shapely.get_type_id(raw[sel]) == int(shapely.GeometryType.GEOMETRYCOLLECTION)
    )
    bad[made] = ~shapely.is_valid(g[made])
    g[bad] = shapely.make_valid(g[bad])
    return g


SNAP_BATCH = 100_000  # polygons snapped at a time, replacing the unsnapped ones


def _snapped(g: np.ndarray) -> np.ndarray:
    """Polygonal parts, snapped to the grid batch by batch in place, repaired.

    ``g`` itself is overwritten (polygonal parts, then snapped polygons): an unsnapped
    polygon nobody else holds is let go as its snapped copy is made, even while the
    caller still holds ``g`` (a million parcels are never in memory twice)."""
    g[:] = polygonal(g)
    for start in range(0, len(g), SNAP_BATCH):
        part = slice(start, start + SNAP_BATCH)
        g[part] = shapely.set_precision(g[part], GRID_SIZE, mode="pointwise")
    g = g[~shapely.is_missing(g)]
    if len(g):
        g = polygonal(repair_invalid(g))
        g = g[~shapely.is_missing(g)]
    return g


def constraint_layer(c: Constraint, release: bool = False) -> tuple[np.ndarray, pd.DataFrame]:
    """(the layer's polygons, its repair log): ``constraint_polygons`` and
    ``constraint_repairs`` with one validity test of the layer's features.

    ``release``: the record's frame is dropped (``c.frame = None``) as soon as its
    geometries are taken, so a layer held nowhere else is never in memory twice.
    """
    frame = _checked_frame(c)
    raw = geometry_array(frame["geometry"].to_numpy())
    ids = fids(frame)
    if release:
        c.frame = None
    del frame
    dim = dimensions(raw)
    used = dim >= 0 if _buffered(c) else dim == 2
    invalid = _invalid(raw, used)
    log = repair_log(c.name, ids, raw, invalid)
    used_geoms = _used_geometries(c, raw, dim, invalid)
    del raw
    return _snapped(used_geoms), log


def constraint_polygons(c: Constraint) -> np.ndarray:
    """The layer's polygons, repaired and snapped to the grid (empty ones left out).

    With ``buffer`` > 0 points, lines and polygons are buffered; without, only the
    polygonal features count.
    """
    raw = geometry_array(_checked_frame(c)["geometry"].to_numpy())
    dim = dimensions(raw)
    invalid = _invalid(raw, dim >= 0 if _buffered(c) else dim == 2)
    return _snapped(_used_geometries(c, raw, dim, invalid))


def constraint_repairs(c: Constraint):
    """The repair log of a constraint layer (the features ``constraint_polygons`` uses)."""
    if c.frame is None or "geometry" not in getattr(c.frame, "columns", ()):
        return pd.DataFrame(columns=REPAIR_COLUMNS)
    raw = geometry_array(c.frame["geometry"].to_numpy())
    dim = dimensions(raw)
    used = dim >= 0 if _buffered(c) else dim == 2
    return repair_log(c.name, fids(c.frame), raw, _invalid(raw, used))
