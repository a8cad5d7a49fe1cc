"""Run the overlap analysis in PostGIS and shape the rows like ``plugin.core.overlap``.

Only the overlaps travel: per feature and constraint layer a key, the overlap geometry and
its measures. Rows, roles and repair logs are those of ``core.overlap.overlap_analysis``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from ...core import overlap, roles
from ...core.geometry import DROPPED, GRID_SIZE, REPAIR_COLUMNS, REPAIRED
from . import overlap_sql
from .checks_sql import Table
from .pushdown_checks import _bytes, _truthy

KINDS = {0: "point", 1: "line", 2: "polygon"}


def overlap_analysis(
    execute,
    features: Table,
    constraints: list[tuple[str, Table, float, str | None]],
    work_srid: int,
    name_field: str | None = None,
    grid: float = GRID_SIZE,
    progress=None,
    is_cancelled=None,
) -> pd.DataFrame:
    """``overlap.OUTPUT_COLUMNS`` plus ``name`` (the name field's text, or None), computed by
    the database. ``constraints``: (layer name, table, buffer in metres, role or None)."""
    names = [c[0] for c in constraints]
    if len(set(names)) != len(names):
        raise overlap.OverlapError("约束图层名称重复 / Constraint layer names must be unique")
    frames = []
    for k, (name, table, buffer, role) in enumerate(constraints):
        if is_cancelled is not None and is_cancelled():
            raise overlap.Cancelled()
        if progress is not None:
            progress(100.0 * k / max(len(constraints), 1))
        rows = execute(
            overlap_sql.overlaps(features, table, work_srid, grid, float(buffer), name_field)
        )
        frames.append(_rows(rows, name, role, k))
    if progress is not None:
        progress(100.0)
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["fid", "_layer"], kind="stable").reset_index(drop=True)
    return out[[*overlap.OUTPUT_COLUMNS, "name"]]


def _rows(rows, name, role, k) -> pd.DataFrame:
    geoms = np.empty(len(rows), dtype=object)
    geoms[:] = [shapely.from_wkb(_bytes(r[3])) for r in rows]
    dim = np.array([int(r[2]) for r in rows], dtype=int)
    area = np.array([np.nan if r[4] is None else float(r[4]) for r in rows])
    length = np.array([np.nan if r[5] is None else float(r[5]) for r in rows])
    points = np.array([0.0 if r[7] is None else float(r[7]) for r in rows])
    measure = np.where(dim == 2, area, np.where(dim == 1, length, points))
    base = np.array([float(r[6] or 0.0) for r in rows])
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(base > 0, np.minimum(100.0 * measure / base, 100.0), 0.0)
    keep = np.nan_to_num(measure) > 0
    frame = pd.DataFrame(
        {
            "fid": [r[0] for r in rows],
            "constraint": name,
            "role": roles.role(roles.resolve(name, role)[0]).label_zh,
            "geom_type": [KINDS[d] for d in dim],
            "overlap_area_m2": area,
            "overlap_length_m": length,
            "inside": True,
            "percent": percent,
            "geometry": geoms,
            "name": [r[1] for r in rows],
            "_layer": k,
        }
    )
    return frame[keep].astype({"overlap_area_m2": float, "overlap_length_m": float})


def repairs(execute, features: Table, layer_name: str, constraints, work_srid: int):
    """The repair log (``REPAIR_COLUMNS``) of the input layer and of each constraint layer,
    as ``core.overlap`` writes it."""
    out = []
    for fid, reason, dropped in execute(overlap_sql.feature_repairs(features, work_srid)):
        detail = str(reason).split("[")[0] if reason else ""
        if reason:
            out.append((layer_name, fid, REPAIRED, detail))
        if _truthy(dropped):
            out.append((layer_name, fid, DROPPED, detail))
    for name, table, buffer, _ in constraints:
        for fid, reason in execute(overlap_sql.constraint_repairs(table, work_srid, buffer)):
            out.append((name, fid, REPAIRED, str(reason).split("[")[0]))
    return pd.DataFrame(out, columns=REPAIR_COLUMNS)
