"""The overlap analysis' inputs: checks, feature cleaning, fids and repair logs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from ..geometry import GRID_SIZE, of_dimension, polygonal, repair_log
from ..geometry.arrays import dimensions, repair_invalid
from ..run import EcoZoningError


class OverlapError(EcoZoningError):
    """Unusable input (message: Chinese / English)."""


def check_inputs(features, constraints) -> None:
    """Raise ``OverlapError`` for a feature table without geometry or duplicate layer names."""
    if features is None or not isinstance(features, pd.DataFrame):
        raise OverlapError("输入图层不是表格数据 / The input layer is not a table")
    if "geometry" not in features.columns:
        raise OverlapError("输入图层缺少几何字段 geometry / The input layer has no geometry column")
    names = [c.name for c in constraints]
    if len(set(names)) != len(names):
        raise OverlapError("约束图层名称重复 / Constraint layer names must be unique")


def clean_features(geoms: np.ndarray, valid: np.ndarray | None = None):
    """(geometries reduced to their highest dimension, dimension per row).

    ``valid``: ``shapely.is_valid(geoms)``, when the caller has it (``valid_features``):
    a row kept as it is is not tested again."""
    dim = dimensions(geoms)
    out = np.full(len(geoms), None, dtype=object)
    for d in (0, 1, 2):
        rows = np.flatnonzero(dim == d)
        if len(rows) == 0:
            continue
        # the rows already have dimension d: only collections lose parts here
        g = of_dimension(geoms[rows], d, GRID_SIZE)
        if d == 2:
            g = polygonal(_repaired(g, geoms[rows], _at(valid, rows)))
        elif d == 1:
            g = _repaired(g, geoms[rows], _at(valid, rows))
        out[rows] = g
    gone = shapely.is_missing(out) | shapely.is_empty(out)
    dim[gone] = -1
    out[gone] = None
    return out, dim


def valid_features(geoms: np.ndarray) -> np.ndarray:
    """Each input geometry's validity, tested once for ``clean_features`` and
    ``feature_repairs`` (False where missing)."""
    return np.asarray(shapely.is_valid(geoms), dtype=bool)


def _at(valid, rows):
    return None if valid is None else valid[rows]


def _repaired(g: np.ndarray, raw: np.ndarray, valid: np.ndarray | None) -> np.ndarray:
    """``repair_invalid(g)``; with ``valid`` (the validity of ``raw``), only the rows of
    ``g`` that are not ``raw``'s own objects (collections reduced to one dimension) are
    tested: the others are the same geometries."""
    if valid is not None:
        same = np.fromiter((a is b for a, b in zip(g, raw)), dtype=bool, count=len(g))
        valid = np.array(valid, dtype=bool)
        valid[~same] = shapely.is_valid(g[~same])
    return repair_invalid(g, valid)


def fids(frame: pd.DataFrame) -> np.ndarray:
    """The frame's "fid" column, else 1, 2, 3 …"""
    if "fid" in frame.columns:
        return frame["fid"].to_numpy()
    return np.arange(1, len(frame) + 1)


def feature_repairs(layer: str, frame: pd.DataFrame, raw: np.ndarray, kept: np.ndarray,
                    valid: np.ndarray | None = None):  # fmt: skip
    """The repair log of an input layer: invalid geometries repaired, features whose
    geometry was present but left nothing usable (``kept`` False) dropped. ``valid``:
    ``valid_features(raw)``, when the caller has it."""
    present = ~(shapely.is_missing(raw) | shapely.is_empty(raw))
    invalid = present & ~(valid_features(raw) if valid is None else valid)
    return repair_log(layer, fids(frame), raw, invalid, present & ~np.asarray(kept, dtype=bool))
