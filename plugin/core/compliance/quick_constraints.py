"""Constraint layers for map clicks: only the features near a click are prepared.

``ConstraintIndex`` snaps and validates every feature of every layer up front (a province's
farmland: 200,000 polygons, seconds). A click touches a handful, so ``NearConstraints``
keeps an STRtree of the raw features and prepares, per click, only those whose bounding box
comes within the layer buffer and ``MARGIN`` of the footprint, by ``constraint_polygons``
itself: the same polygons, in the same order, as the whole layer's preparation gives for
them (each feature is prepared on its own), so the overlay's answer is the same. The layer
table, warnings and repair log are worked out once, as ``ConstraintIndex`` does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import roles
from ..geometry.arrays import dimensions, geometry_array
from ..overlap import Constraint, OverlapError, constraint_polygons, constraint_repairs
from .constraints import ConstraintIndex
from .model import ComplianceError, concat_repairs

# metres beyond the layer buffer: snapping moves a vertex by under 1 mm and a repair never
# leaves a feature's bounding box, so this only has to beat rounding
MARGIN = 1.0


def _checked(c: Constraint) -> None:
    """The layer's frame is usable (``constraint_polygons``' own check and message)."""
    frame = c.frame.iloc[:0] if isinstance(c.frame, pd.DataFrame) else c.frame
    try:
        constraint_polygons(Constraint(c.name, frame, c.buffer, c.role))
    except OverlapError as exc:
        raise ComplianceError(str(exc)) from exc


class NearConstraints:
    """The constraint layers of a ``ComplianceIndex``, prepared near each click."""

    table = ConstraintIndex.table  # the layer table and the warnings: the same rules
    warnings = ConstraintIndex.warnings

    def __init__(self, constraints=()):
        constraints = list(constraints or [])
        names = [c.name for c in constraints]
        if len(set(names)) != len(names):
            raise ComplianceError("约束图层名称重复 / Constraint layer names must be unique")
        for c in constraints:
            _checked(c)
        self.constraints = constraints
        self.names = names
        self.explicit = [c.role for c in constraints]
        resolved = [roles.resolve(c.name, c.role) for c in constraints]
        self.roles = [key for key, _ in resolved]
        self.guessed = [guessed for _, guessed in resolved]
        self.repairs = concat_repairs([constraint_repairs(c) for c in constraints])
        self._raw = [self._raw_tree(c) for c in constraints]

    @staticmethod
    def _raw_tree(c: Constraint) -> tuple[np.ndarray, np.ndarray, shapely.STRtree]:
        """(the raw geometries, the rows ``constraint_polygons`` uses, their STRtree)."""
        geoms = geometry_array(c.frame["geometry"].to_numpy())
        dim = dimensions(geoms)
        used = np.flatnonzero(dim >= 0 if c.buffer and c.buffer > 0 else dim == 2)
        return geoms, used, shapely.STRtree(geoms[used])

    def near(self, k: int, geometry) -> tuple[np.ndarray, shapely.STRtree | None]:
        """Layer ``k``'s prepared polygons near ``geometry`` (in layer order) and their
        STRtree (None when there are none): what ``ConstraintIndex.layers[k]`` holds, for
        every feature that can meet ``geometry``."""
        c = self.constraints[k]
        geoms, used, tree = self._raw[k]
        grow = (float(c.buffer) if c.buffer and c.buffer > 0 else 0.0) + MARGIN
        xmin, ymin, xmax, ymax = shapely.bounds(geometry)
        found = np.sort(tree.query(shapely.box(xmin - grow, ymin - grow, xmax + grow, ymax + grow)))
        if not len(found):
            return np.zeros(0, dtype=object), None
        frame = pd.DataFrame({"geometry": geoms[used[found]]}, copy=False)
        polys = np.asarray(constraint_polygons(Constraint(c.name, frame, c.buffer)), dtype=object)
        if not len(polys):
            return polys, None
        shapely.prepare(polys)
        return polys, shapely.STRtree(polys)
