"""Constraint layers prepared as in the overlap analysis (``ConstraintIndex``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import roles
from ..overlap import OverlapError, constraint_layer
from .model import LAYER_COLUMNS, ComplianceError, concat_repairs


def _prepared(c) -> tuple[np.ndarray, shapely.STRtree | None, pd.DataFrame]:
    """(the layer's polygons, prepared; their STRtree or None when there are none; the
    layer's repair log)."""
    try:
        polys, log = constraint_layer(c)  # same rules as the overlap tool
    except OverlapError as exc:
        raise ComplianceError(str(exc)) from exc
    polys = np.asarray(polys, dtype=object)
    if len(polys):
        shapely.prepare(polys)
    return polys, shapely.STRtree(polys) if len(polys) else None, log


class ConstraintIndex:
    """Constraint layers prepared as in ``overlap`` (buffered, on the grid, STRtree)."""

    def __init__(self, constraints=()):
        constraints = list(constraints or [])
        names = [c.name for c in constraints]
        if len(set(names)) != len(names):
            raise ComplianceError("约束图层名称重复 / Constraint layer names must be unique")
        self.names: list[str] = []
        self.roles: list[str] = []
        self.guessed: list[bool] = []
        self.explicit: list[str | None] = []
        self.layers: list[tuple[np.ndarray, shapely.STRtree | None]] = []
        logs = []
        for c in constraints:
            key, guessed = roles.resolve(c.name, c.role)
            self.explicit.append(c.role)
            self.roles.append(key)
            self.guessed.append(guessed)
            polys, tree, log = _prepared(c)
            self.layers.append((polys, tree))
            logs.append(log)
            self.names.append(c.name)
        self.repairs = concat_repairs(logs)

    def table(self) -> pd.DataFrame:
        """One row per constraint layer: its role, whether guessed, the consequence."""
        rows = [roles.describe(name, key) for name, key in zip(self.names, self.explicit)]
        return pd.DataFrame(rows, columns=LAYER_COLUMNS)

    def warnings(self) -> list[str]:
        return [
            f"约束图层“{name}”的角色未指定（无法从名称判断），占用该图层的项目结论为待补充信息，"
            f"请指定其角色 / constraint layer '{name}': role unknown (not recognised from its "
            "name); projects on it are concluded 待补充信息 until its role is set"
            for name, key in zip(self.names, self.roles)
            if key == roles.UNKNOWN
        ]
