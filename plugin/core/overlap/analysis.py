"""``overlap_analysis``: one row per (feature, constraint layer) that overlap."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from .. import roles
from ..area import official_m2
from ..geometry.arrays import geometry_array
from ..run import Progress, progress_of
from .constraints import Constraint, constraint_polygons, constraint_repairs
from .inputs import check_inputs, clean_features, feature_repairs, fids
from .overlay import inside_once

OUTPUT_COLUMNS = [
    "fid",
    "constraint",
    "role",
    "geom_type",
    "overlap_area_m2",
    "overlap_length_m",
    "inside",
    "percent",
    "geometry",
]
KINDS = ((0, "point"), (1, "line"), (2, "polygon"))


@dataclass
class Features:
    """The input features cleaned, with what the percentages are taken of."""

    fid: np.ndarray
    geoms: np.ndarray
    dim: np.ndarray  # 0/1/2, -1 for missing/empty
    size: np.ndarray  # area (polygons) or length (lines)
    npoints: np.ndarray  # points of a (multi)point

    @property
    def present(self) -> np.ndarray:
        return np.flatnonzero(self.dim >= 0)


def _features(frame: pd.DataFrame, geoms: np.ndarray, dim: np.ndarray) -> Features:
    n = len(frame)
    size = np.zeros(n)
    size[dim == 2] = official_m2(geoms[dim == 2])
    size[dim == 1] = shapely.length(geoms[dim == 1])
    npoints = np.zeros(n, dtype=int)
    npoints[dim == 0] = shapely.get_num_geometries(geoms[dim == 0])
    return Features(fids(frame), geoms, dim, size, npoints)


def _measures(merged: np.ndarray, d: int):
    """(area, length, measure) of the pieces of dimension ``d`` (NaN where not measured)."""
    area = np.full(len(merged), np.nan)
    length = np.full(len(merged), np.nan)
    if d == 2:
        area = official_m2(merged)
        return area, length, area
    if d == 1:
        length = np.asarray(shapely.length(merged), dtype=float)
        return area, length, length
    return area, length, np.asarray(shapely.get_num_geometries(merged), dtype=float)


def _rows(f: Features, uniq, merged, d: int, kind: str, c: Constraint, k: int) -> pd.DataFrame:
    """The rows of one layer for the features of dimension ``d`` that overlap it."""
    area, length, measure = _measures(merged, d)
    base = f.size[uniq] if d > 0 else f.npoints[uniq].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(base > 0, np.minimum(100.0 * measure / base, 100.0), 0.0)
    keep = measure > 0
    return pd.DataFrame(
        {
            "fid": f.fid[uniq[keep]],
            "constraint": c.name,
            "role": roles.role(roles.resolve(c.name, c.role)[0]).label_zh,
            "geom_type": kind,
            "overlap_area_m2": area[keep],
            "overlap_length_m": length[keep],
            "inside": True,
            "percent": percent[keep],
            "geometry": merged[keep],
            "_row": uniq[keep],
            "_layer": k,
        }
    )


def _layer_frames(f: Features, c: Constraint, k: int, progress: Progress) -> list[pd.DataFrame]:
    """The rows of constraint layer ``k``, one frame per dimension of the features."""
    polygons = constraint_polygons(c)
    present = f.present
    if len(polygons) == 0 or len(present) == 0:
        return []
    tree = shapely.STRtree(polygons)
    fi, ci = tree.query(f.geoms[present], predicate="intersects")
    rows = present[fi]
    progress.check()
    frames = []
    for d, kind in KINDS:
        sel = f.dim[rows] == d
        if not sel.any():
            continue
        uniq, merged = inside_once(f.geoms, rows[sel], polygons, ci[sel], d, progress.check)
        if len(uniq):
            frames.append(_rows(f, uniq, merged, d, kind, c, k))
    return frames


def _empty_output() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
    for col in ("overlap_area_m2", "overlap_length_m", "percent"):
        out[col] = out[col].astype(float)
    out["inside"] = out["inside"].astype(bool)
    return out


def overlap_analysis(
    features: pd.DataFrame,
    constraints: list[Constraint],
    progress=None,
    is_cancelled=None,
    repairs: list | None = None,
    layer_name: str = "",
) -> pd.DataFrame:
    """One row per (feature, constraint layer) that overlap; see the package docstring.

    ``progress(percent)`` is called with 0..100; ``Cancelled`` is raised when
    ``is_cancelled()`` returns True. When ``repairs`` is a list, the repair logs
    (``REPAIR_COLUMNS``) of the input layer (called ``layer_name``) and of each
    constraint layer are appended to it: every repaired input feature is reported.
    """
    check_inputs(features, constraints)
    run = progress_of(progress, is_cancelled)
    raw = geometry_array(features["geometry"].to_numpy())
    geoms, dim = clean_features(raw)
    if repairs is not None:
        repairs.append(feature_repairs(layer_name, features, raw, dim >= 0))
        repairs.extend(constraint_repairs(c) for c in constraints)
    f = _features(features, geoms, dim)
    frames = []
    total = max(len(constraints), 1)
    for k, c in enumerate(constraints):
        run.check()
        if k == 0 and callable(progress):
            progress(0.0)  # callers are told the run started (Progress reports rises only)
        run.step(100.0 * k / total)
        frames += _layer_frames(f, c, k, run)
    run.step(100.0)
    if not frames:
        return _empty_output()
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["_row", "_layer"], kind="stable")
    return out[OUTPUT_COLUMNS].reset_index(drop=True)
