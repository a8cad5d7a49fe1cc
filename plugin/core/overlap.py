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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from . import roles
from .area import official_m2
from .checks import Cancelled
from .geometry import GRID_SIZE, REPAIR_COLUMNS, polygonal, repair_log
from .run import EcoZoningError

__all__ = [
    "Cancelled",
    "Constraint",
    "OverlapError",
    "OUTPUT_COLUMNS",
    "REPAIR_COLUMNS",
    "overlap_analysis",
]

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

BUFFER_QUAD_SEGS = 16  # segments per quarter circle for buffered constraints


class OverlapError(EcoZoningError):
    """Unusable input (message: Chinese / English)."""


@dataclass
class Constraint:
    name: str
    frame: pd.DataFrame  # "fid", "geometry"
    buffer: float = 0.0  # metres
    role: str | None = None  # a ``roles`` key; None: guessed from the name


def _geometry_array(values) -> np.ndarray:
    arr = np.asarray(values, dtype=object)
    out = np.empty(len(arr), dtype=object)
    for i, g in enumerate(arr):
        out[i] = g if isinstance(g, shapely.Geometry) else None
    return out


def _dimension(geoms: np.ndarray) -> np.ndarray:
    """0 points, 1 lines, 2 polygons, -1 missing/empty (collections: highest part)."""
    dim = np.asarray(shapely.get_dimensions(geoms), dtype=int)
    dim[shapely.is_missing(geoms) | shapely.is_empty(geoms)] = -1
    return dim


def _of_dimension(geoms: np.ndarray, dim: int) -> np.ndarray:
    """Keep the parts of dimension ``dim`` (collections only; simple types pass)."""
    out = geoms.copy()
    coll = shapely.get_type_id(geoms) == shapely.GeometryType.GEOMETRYCOLLECTION
    for i in np.flatnonzero(coll):  # rare
        parts = shapely.get_parts(geoms[i])
        parts = parts[np.asarray(shapely.get_dimensions(parts)) == dim]
        out[i] = shapely.union_all(parts, grid_size=GRID_SIZE) if len(parts) else None
    return out


def _clean_features(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(geometries reduced to their highest dimension, dimension per row)."""
    dim = _dimension(geoms)
    out = np.full(len(geoms), None, dtype=object)
    for d in (0, 1, 2):
        rows = np.flatnonzero(dim == d)
        if len(rows) == 0:
            continue
        g = _of_dimension(geoms[rows], d)
        if d == 2:
            bad = ~shapely.is_valid(g)
            if bad.any():
                g[bad] = shapely.make_valid(g[bad])
            g = polygonal(g)
        elif d == 1:
            bad = ~shapely.is_valid(g)
            if bad.any():
                g[bad] = shapely.make_valid(g[bad])
        out[rows] = g
    gone = shapely.is_missing(out) | shapely.is_empty(out)
    dim[gone] = -1
    out[gone] = None
    return out, dim


def _constraint_polygons(c: Constraint) -> np.ndarray:
    frame = c.frame
    if frame is None or not isinstance(frame, pd.DataFrame) or "geometry" not in frame.columns:
        raise OverlapError(
            f"约束图层“{c.name}”缺少几何字段 geometry / "
            f"Constraint layer '{c.name}' has no geometry column"
        )
    geoms = _geometry_array(frame["geometry"].to_numpy())
    dim = _dimension(geoms)
    if c.buffer and c.buffer > 0:
        keep = dim >= 0
        g = geoms[keep]
        bad = ~shapely.is_valid(g)
        if bad.any():
            g[bad] = shapely.make_valid(g[bad])
        g = shapely.buffer(g, float(c.buffer), quad_segs=BUFFER_QUAD_SEGS)
    else:
        keep = dim == 2
        g = _of_dimension(geoms[keep], 2)
        bad = ~shapely.is_valid(g)
        if bad.any():
            g[bad] = shapely.make_valid(g[bad])
    g = polygonal(g)
    g = g[~shapely.is_missing(g)]
    if len(g):
        g = shapely.set_precision(g, GRID_SIZE, mode="pointwise")
        bad = ~shapely.is_valid(g)
        if bad.any():
            g[bad] = shapely.make_valid(g[bad])
        g = polygonal(g)
        g = g[~shapely.is_missing(g)]
    return g


def _fids(frame: pd.DataFrame) -> np.ndarray:
    if "fid" in frame.columns:
        return frame["fid"].to_numpy()
    return np.arange(1, len(frame) + 1)


def feature_repairs(layer: str, frame: pd.DataFrame, raw: np.ndarray, kept: np.ndarray):
    """The repair log of an input layer: invalid geometries repaired, features whose
    geometry was present but left nothing usable (``kept`` False) dropped."""
    present = ~(shapely.is_missing(raw) | shapely.is_empty(raw))
    invalid = present & ~shapely.is_valid(raw)
    return repair_log(layer, _fids(frame), raw, invalid, present & ~np.asarray(kept, dtype=bool))


def constraint_repairs(c: Constraint):
    """The repair log of a constraint layer (the features ``_constraint_polygons`` uses)."""
    if c.frame is None or "geometry" not in getattr(c.frame, "columns", ()):
        return pd.DataFrame(columns=REPAIR_COLUMNS)
    raw = _geometry_array(c.frame["geometry"].to_numpy())
    dim = _dimension(raw)
    used = dim >= 0 if c.buffer and c.buffer > 0 else dim == 2
    invalid = used & ~shapely.is_valid(raw)
    return repair_log(c.name, _fids(c.frame), raw, invalid)


def _pieces(features: np.ndarray, constraints: np.ndarray, dim: int) -> np.ndarray:
    """feature ∩ constraint per pair, with the covered case short-cut."""
    out = np.empty(len(features), dtype=object)
    if len(features) == 0:
        return out
    shapely.prepare(constraints)
    inside = shapely.covers(constraints, features)
    out[inside] = features[inside]
    rest = ~inside
    out[rest] = shapely.intersection(features[rest], constraints[rest], grid_size=GRID_SIZE)
    return out


def _keep_dimension(geoms: np.ndarray, dim: int) -> np.ndarray:
    if dim == 2:
        return polygonal(geoms)
    out = np.full(len(geoms), None, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    simple = present & (np.asarray(shapely.get_dimensions(geoms)) == dim)
    simple &= shapely.get_type_id(geoms) != shapely.GeometryType.GEOMETRYCOLLECTION
    out[simple] = geoms[simple]
    for i in np.flatnonzero(present & ~simple):  # mixed collections from the overlay
        parts = shapely.get_parts(geoms[i])
        parts = parts[np.asarray(shapely.get_dimensions(parts)) == dim]
        if len(parts):
            out[i] = shapely.union_all(parts, grid_size=GRID_SIZE)
    return out


def inside_once(features, rows, polygons, hits, dim: int, check_cancel=None):
    """(feature rows, the part of each feature inside the union of its polygons).

    ``rows[k]`` of ``features`` touches ``polygons[hits[k]]`` (an STRtree query).
    Count once: the polygons a feature touches are first unioned on the precision
    grid and the feature is intersected once with that union. Intersecting with each
    polygon and unioning the pieces counted lines twice where two polygons overlap
    with nearly parallel edges (the snapped pieces no longer coincide, so their union
    keeps both). Rows with nothing of dimension ``dim`` inside are left out.
    """
    rows, hits = np.asarray(rows, dtype=int), np.asarray(hits, dtype=int)
    if len(rows) == 0:
        return rows, np.empty(0, dtype=object)
    order = np.argsort(rows, kind="stable")
    rows, hits = rows[order], hits[order]
    uniq, starts = np.unique(rows, return_index=True)
    ends = np.append(starts[1:], len(rows))
    zones = np.empty(len(uniq), dtype=object)
    single = (ends - starts) == 1
    zones[single] = polygons[hits[starts[single]]]
    for j in np.flatnonzero(~single):
        if check_cancel is not None:
            check_cancel()
        zones[j] = shapely.union_all(polygons[hits[starts[j] : ends[j]]], grid_size=GRID_SIZE)
    pieces = _keep_dimension(_pieces(features[uniq], zones, dim), dim)
    ok = ~shapely.is_missing(pieces)
    return uniq[ok], pieces[ok]


def overlap_analysis(
    features: pd.DataFrame,
    constraints: list[Constraint],
    progress=None,
    is_cancelled=None,
    repairs: list | None = None,
    layer_name: str = "",
) -> pd.DataFrame:
    """One row per (feature, constraint layer) that overlap; see the module docstring.

    ``progress(percent)`` is called with 0..100; ``Cancelled`` is raised when
    ``is_cancelled()`` returns True. When ``repairs`` is a list, the repair logs
    (``REPAIR_COLUMNS``) of the input layer (called ``layer_name``) and of each
    constraint layer are appended to it: every repaired input feature is reported.
    """

    def check_cancel():
        if is_cancelled is not None and is_cancelled():
            raise Cancelled()

    if features is None or not isinstance(features, pd.DataFrame):
        raise OverlapError("输入图层不是表格数据 / The input layer is not a table")
    if "geometry" not in features.columns:
        raise OverlapError("输入图层缺少几何字段 geometry / The input layer has no geometry column")
    names = [c.name for c in constraints]
    if len(set(names)) != len(names):
        raise OverlapError("约束图层名称重复 / Constraint layer names must be unique")
    n = len(features)
    fid = features["fid"].to_numpy() if "fid" in features.columns else np.arange(1, n + 1)
    raw = _geometry_array(features["geometry"].to_numpy())
    geoms, dim = _clean_features(raw)
    if repairs is not None:
        repairs.append(feature_repairs(layer_name, features, raw, dim >= 0))
        repairs.extend(constraint_repairs(c) for c in constraints)
    present = np.flatnonzero(dim >= 0)
    size = np.zeros(n)
    size[dim == 2] = official_m2(geoms[dim == 2])
    size[dim == 1] = shapely.length(geoms[dim == 1])
    npoints = np.zeros(n, dtype=int)
    npoints[dim == 0] = shapely.get_num_geometries(geoms[dim == 0])
    frames = []
    total = max(len(constraints), 1)
    for k, c in enumerate(constraints):
        check_cancel()
        if progress is not None:
            progress(100.0 * k / total)
        cg = _constraint_polygons(c)
        if len(cg) == 0 or len(present) == 0:
            continue
        tree = shapely.STRtree(cg)
        fi, ci = tree.query(geoms[present], predicate="intersects")
        rows = present[fi]
        check_cancel()
        for d, kind in ((0, "point"), (1, "line"), (2, "polygon")):
            sel = dim[rows] == d
            if not sel.any():
                continue
            uniq, merged = inside_once(geoms, rows[sel], cg, ci[sel], d, check_cancel)
            if len(uniq) == 0:
                continue
            area = np.full(len(uniq), np.nan)
            length = np.full(len(uniq), np.nan)
            if d == 2:
                area = official_m2(merged)
                measure = area
            elif d == 1:
                length = np.asarray(shapely.length(merged), dtype=float)
                measure = length
            else:
                measure = np.asarray(shapely.get_num_geometries(merged), dtype=float)
            base = size[uniq] if d > 0 else npoints[uniq].astype(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                percent = np.where(base > 0, np.minimum(100.0 * measure / base, 100.0), 0.0)
            keep = measure > 0
            frames.append(
                pd.DataFrame(
                    {
                        "fid": fid[uniq[keep]],
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
            )
    if progress is not None:
        progress(100.0)
    if not frames:
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
        for col in ("overlap_area_m2", "overlap_length_m", "percent"):
            out[col] = out[col].astype(float)
        out["inside"] = out["inside"].astype(bool)
        return out
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["_row", "_layer"], kind="stable")
    return out[OUTPUT_COLUMNS].reset_index(drop=True)
