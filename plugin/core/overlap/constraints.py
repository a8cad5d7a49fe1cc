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


def _used_geometries(c: Constraint, geoms: np.ndarray, dim: np.ndarray) -> np.ndarray:
    """Buffered: every present feature, buffered; unbuffered: the polygonal features."""
    if c.buffer and c.buffer > 0:
        g = repair_invalid(geoms[dim >= 0])
        return shapely.buffer(g, float(c.buffer), quad_segs=BUFFER_QUAD_SEGS)
    # the rows are polygonal already: only collections lose parts here
    return repair_invalid(of_dimension(geoms[dim == 2], 2, GRID_SIZE))


def constraint_polygons(c: Constraint) -> np.ndarray:
    """The layer's polygons, repaired and snapped to the grid (empty ones left out).

    With ``buffer`` > 0 points, lines and polygons are buffered; without, only the
    polygonal features count.
    """
    frame = c.frame
    if frame is None or not isinstance(frame, pd.DataFrame) or "geometry" not in frame.columns:
        raise OverlapError(
            f"约束图层“{c.name}”缺少几何字段 geometry / "
            f"Constraint layer '{c.name}' has no geometry column"
        )
    geoms = geometry_array(frame["geometry"].to_numpy())
    g = polygonal(_used_geometries(c, geoms, dimensions(geoms)))
    g = g[~shapely.is_missing(g)]
    if len(g):
        g = repair_invalid(shapely.set_precision(g, GRID_SIZE, mode="pointwise"))
        g = polygonal(g)
        g = g[~shapely.is_missing(g)]
    return g


def constraint_repairs(c: Constraint):
    """The repair log of a constraint layer (the features ``constraint_polygons`` uses)."""
    if c.frame is None or "geometry" not in getattr(c.frame, "columns", ()):
        return pd.DataFrame(columns=REPAIR_COLUMNS)
    raw = geometry_array(c.frame["geometry"].to_numpy())
    dim = dimensions(raw)
    used = dim >= 0 if c.buffer and c.buffer > 0 else dim == 2
    invalid = used & ~shapely.is_valid(raw)
    return repair_log(c.name, fids(c.frame), raw, invalid)
