"""Checking the options and reading the input layers: cleaned, in canonical order."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely

from .. import area as _area
from .. import geometry as _geometry
from ..geometry.chunk_map import map_chunks
from ..geometry.chunked import CHUNK, CHUNK_COORDS, chunk_bounds
from .context import Context
from .log import Log
from .model import GENERAL_SPLITS, DelineationError, DelineationInput, Layer, SourceLayer, text


def check_input(inp: DelineationInput):
    if inp.general_split not in GENERAL_SPLITS:
        raise DelineationError(
            f"一般管控单元划分方式“{inp.general_split}”无效，应为 county 或 township / "
            f'general_split "{inp.general_split}" must be "county" or "township"'
        )
    if inp.general_split == "township" and inp.townships is None:
        raise DelineationError(
            '按乡镇划分一般管控单元需要乡镇图层 / general_split="township" needs a townships layer'
        )
    try:
        min_area = float(inp.min_area)
    except (TypeError, ValueError):
        min_area = float("nan")
    if not min_area >= 0 or math.isinf(min_area):
        raise DelineationError(
            f"最小图斑面积 {inp.min_area} 无效，应为非负数 / min_area {inp.min_area} must be a "
            "non-negative number of m²"
        )
    if inp.admin is None:
        raise DelineationError(
            f"行政区图层“{inp.admin_layer_name}”没有有效的面要素 / ADMIN layer "
            f'"{inp.admin_layer_name}" has no valid polygon features'
        )


def canonical_order(frame: pd.DataFrame) -> np.ndarray:
    """Row order by (normalised WKB of the geometry, attribute texts): input order and fids
    play no part, so every later tie-break on row order is reproducible."""
    geoms = _geometry.geometry_array(frame["geometry"])
    wkb = shapely.to_wkb(shapely.normalize(geoms), output_dimension=2)
    attrs = [c for c in frame.columns if c not in ("fid", "geometry")]
    texts = [frame[c].map(text).to_numpy(dtype=object) for c in attrs]
    keys = [
        (wkb[i] or b"", tuple(t[i] for t in texts), i)  # i: identical rows, order is moot
        for i in range(len(frame))
    ]
    return np.array([k[-1] for k in sorted(keys)], dtype=np.int64)


def _feature_ids(layer_name: str, frame: pd.DataFrame, what: str) -> np.ndarray:
    """The frame's "fid" column as integers (row numbers when it has none)."""
    if "fid" not in frame.columns:
        return np.arange(len(frame), dtype=np.int64)
    fids = pd.to_numeric(frame["fid"], errors="coerce")
    if fids.isna().any():
        row = int(np.flatnonzero(fids.isna().to_numpy())[0])
        raise DelineationError(
            f"图层“{layer_name}”第 {row + 1} 行的要素编号“{text(frame['fid'][row])}”"
            f'不是整数 / {what} "{layer_name}" row {row + 1}: feature id '
            f'"{text(frame["fid"][row])}" is not an integer'
        )
    return fids.to_numpy().astype(np.int64)


# From this many vertices a layer is cleaned in at least one slice per overlay thread.
SPLIT_COORDS = 20_000


def _slice_coords(ctx: Context, raw: np.ndarray) -> int:
    """Vertices per cleaning slice: ``2 * CHUNK_COORDS``, or fewer so that a layer of
    ``SPLIT_COORDS`` vertices or more is spread over all the overlay threads."""
    most = 2 * CHUNK_COORDS
    workers = ctx.ops.workers
    if workers < 2:
        return most
    total = int(shapely.get_num_coordinates(raw).sum())
    if total < SPLIT_COORDS:
        return most
    return min(most, -(-total // workers))


def _clean_in_slices(ctx: Context, raw: np.ndarray, grid):
    """``geometry.clean_polygons`` in slices, so a cancel is seen on a large layer; the
    slices run on the overlay threads (each row is cleaned on its own)."""
    bounds = chunk_bounds([raw], 16 * CHUNK, _slice_coords(ctx, raw)) or [(0, 0)]

    def clean(rows):
        return _geometry.clean_polygons(rows, grid, pointwise=True)

    fixed, empty, repaired, collapsed = [], [], [], []
    for (start, _), (part, rep) in zip(bounds, map_chunks(ctx.ops, clean, [raw], bounds)):
        fixed.append(part)
        empty.append(rep.empty + start)
        repaired.append(rep.repaired + start)
        collapsed.append(rep.not_polygonal + start)
    report = _geometry.CleanReport(
        np.concatenate(empty), np.concatenate(repaired), np.concatenate(collapsed)
    )
    return np.concatenate(fixed), report


def _log_cleaning(log: Log, layer_name, fids, raw, fixed, report) -> None:
    for i in report.empty:
        log.add(
            "dropped_empty",
            layer_name,
            fids[i],
            f"要素 {fids[i]} 几何为空，已跳过 / feature {fids[i]}: empty geometry skipped",
            0.0,
        )
    fixed_area = _area.planar_area(fixed)
    for i in report.repaired:
        log.add(
            "repaired",
            layer_name,
            fids[i],
            f"要素 {fids[i]} 几何无效，已修复 / feature {fids[i]}: invalid geometry repaired",
            fixed_area[i],
        )
    for i in report.not_polygonal:
        log.add(
            "dropped_not_polygonal",
            layer_name,
            fids[i],
            f"要素 {fids[i]} 修复后没有面积，已跳过 / feature {fids[i]}: no area left "
            "after repair, skipped",
            abs(float(shapely.area(raw[i]) or 0.0)),
        )


def clean_layer(ctx: Context, layer_name: str, frame, what: str = "layer", snap=True):
    """(frame rows kept, in canonical order; their cleaned geometries); cleaning is logged.

    Canonical order: by geometry (normalised WKB), then attributes; never by fid or
    input order, so shuffled input with new fids gives byte-identical units."""
    if frame is None or "geometry" not in frame.columns:
        raise DelineationError(
            f'图层“{layer_name}”没有几何列 / {what} "{layer_name}" has no geometry column'
        )
    frame = frame.reset_index(drop=True)
    fids = _feature_ids(layer_name, frame, what)
    order = canonical_order(frame)
    frame = frame.iloc[order].reset_index(drop=True)
    fids = fids[order]
    frame["fid"] = fids
    raw = _geometry.geometry_array(frame["geometry"])
    fixed, report = _clean_in_slices(ctx, raw, ctx.grid if snap else None)
    _log_cleaning(ctx.log, layer_name, fids, raw, fixed, report)
    keep = ~shapely.is_missing(fixed)
    # Re-create the geometries through WKB: set_precision gives every geometry a
    # GEOS factory of its own, reference-counted without locks and shared by all
    # geometries derived from it; re-created ones use GEOS's default factory, which
    # is never freed, so overlay threads cannot race to free a factory.
    fixed = shapely.from_wkb(shapely.to_wkb(fixed[keep]))
    return frame[keep].reset_index(drop=True), fixed


def read_layer(ctx: Context, src: SourceLayer) -> Layer:
    """A source layer cleaned, with its subtype (the layer name if none) and label per row."""
    for fld in (src.subtype_field, src.name_field):
        if fld and fld not in src.frame.columns:
            raise DelineationError(
                f'图层“{src.name}”没有字段“{fld}” / layer "{src.name}" has no field "{fld}"'
            )
    frame, geoms = clean_layer(ctx, src.name, src.frame)
    n = len(frame)
    if src.subtype_field:
        subtype = frame[src.subtype_field].map(text).to_numpy(dtype=object)
        subtype[subtype == ""] = src.name
    else:
        subtype = np.full(n, src.name, dtype=object)
    if src.name_field:
        label = frame[src.name_field].map(text).to_numpy(dtype=object)
    else:
        label = np.full(n, "", dtype=object)
    return Layer(src.name, frame["fid"].to_numpy(), geoms, subtype, label)
