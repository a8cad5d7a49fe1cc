"""Project geometries for the assessment: cleaned, buffered, snapped and measured."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..area import official_m2
from ..geometry import GRID_SIZE, of_dimension, polygonal, snap_pointwise
from ..geometry.arrays import dimensions, geometry_array, repair_invalid
from ..values import plain_text as text  # noqa: F401 (the engine's cell rule)
from .model import BUFFER_QUAD_SEGS, ComplianceError, ComplianceInput


def keep_dimension(geoms, dim: int) -> np.ndarray:
    """The parts of dimension ``dim`` of each geometry (None when nothing is left).

    Areas are the polygonal parts; points and lines left in a collection are unioned
    again on the grid.
    """
    return of_dimension(geoms, dim, GRID_SIZE if dim < 2 else None)


def measure(geoms: np.ndarray, dim: int) -> np.ndarray:
    """Area (official m²), length (m) or number of points of each geometry."""
    if len(geoms) == 0:
        return np.zeros(0)
    if dim == 2:
        return official_m2(geoms)
    if dim == 1:
        return np.nan_to_num(np.asarray(shapely.length(geoms), dtype=float))
    counts = np.asarray(shapely.get_num_geometries(geoms), dtype=float)
    counts[shapely.is_missing(geoms)] = 0.0
    return counts


def _highest_dimension(geoms: np.ndarray, dim: np.ndarray) -> np.ndarray:
    """Each geometry reduced to its highest dimension, invalid ones repaired."""
    out = np.full(len(geoms), None, dtype=object)
    for d in (0, 1, 2):
        rows = np.flatnonzero(dim == d)
        if len(rows) == 0:
            continue
        g = keep_dimension(geoms[rows], d)
        ok = ~shapely.is_missing(g)
        bad = ok & ~shapely.is_valid(g)
        if bad.any():
            g[bad] = shapely.make_valid(g[bad])
            g = keep_dimension(g, d)
        out[rows] = g
    return out


def _buffer_points_and_lines(out: np.ndarray, dim: np.ndarray, buffer: float) -> None:
    """Buffer the points and lines in place; they are measured as polygons from then on."""
    rows = np.flatnonzero((dim == 0) | (dim == 1))
    rows = rows[~shapely.is_missing(out[rows])]
    if len(rows):
        out[rows] = shapely.buffer(out[rows], float(buffer), quad_segs=BUFFER_QUAD_SEGS)
        dim[rows] = 2


def _snap(out: np.ndarray, dim: np.ndarray) -> None:
    """Snap the present geometries to the grid in place (repaired where snapping broke them)."""
    present = np.flatnonzero(~shapely.is_missing(out))
    if len(present) == 0:
        return
    snapped = repair_invalid(shapely.set_precision(out[present], GRID_SIZE, mode="pointwise"))
    for d in (0, 1, 2):
        sel = dim[present] == d
        if sel.any():
            snapped[sel] = keep_dimension(snapped[sel], d)
    out[present] = snapped


def prepare_projects(values, buffer: float) -> tuple[np.ndarray, np.ndarray]:
    """(geometries on the grid, dimension per row: 0/1/2, -1 for missing/empty).

    Collections are reduced to their highest dimension, invalid geometries are
    repaired, points and lines are buffered when ``buffer`` > 0.
    """
    geoms = geometry_array(values)
    dim = dimensions(geoms)
    out = _highest_dimension(geoms, dim)
    if buffer and buffer > 0:
        _buffer_points_and_lines(out, dim, buffer)
    _snap(out, dim)
    gone = shapely.is_missing(out) | shapely.is_empty(out)
    out[gone] = None
    dim[gone] = -1
    return out, dim


def snap_polygons(geoms: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """Polygons repaired and snapped to the grid (None where nothing polygonal is left).

    Like ``geometry.clean_polygons`` but fast (``geometry.snap_pointwise``). ``valid``:
    ``shapely.is_valid`` of ``geoms`` when the caller has it already.
    """
    geoms = np.asarray(geoms, dtype=object).copy()
    geoms[shapely.is_missing(geoms) | shapely.is_empty(geoms)] = None
    if valid is None:
        geoms = repair_invalid(geoms)  # make_valid leaves None as it is
    elif not valid.all():
        bad = ~valid & ~shapely.is_missing(geoms)
        geoms[bad] = shapely.make_valid(geoms[bad])
    return snap_pointwise(polygonal(geoms), GRID_SIZE)


@dataclass
class Projects:
    """The projects of one run, prepared: geometry on the grid, dimension and size."""

    fids: np.ndarray
    names: list[str]
    industries: list
    raw: np.ndarray  # the input geometries (for the repair log)
    geoms: np.ndarray
    dim: np.ndarray  # 0 points, 1 lines, 2 areas (buffered points and lines), -1 none
    size: np.ndarray  # area, length or number of points

    def __len__(self) -> int:
        return len(self.geoms)

    @property
    def present(self) -> np.ndarray:
        return np.flatnonzero(self.dim >= 0)


def check_projects(inp: ComplianceInput) -> None:
    """Raise ``ComplianceError`` for a project table without geometry or a negative buffer."""
    projects = inp.projects
    if projects is None or not isinstance(projects, pd.DataFrame):
        raise ComplianceError("项目图层不是表格数据 / The project layer is not a table")
    if "geometry" not in projects.columns:
        raise ComplianceError("项目图层缺少几何字段 geometry / The project layer has no geometry")
    if inp.buffer is not None and inp.buffer < 0:
        raise ComplianceError("缓冲距离不能为负 / The buffer must not be negative")


def read_projects(projects: pd.DataFrame, buffer: float) -> Projects:
    """The project table as ``Projects`` (fid, name and industry columns are optional)."""
    n = len(projects)
    fids = projects["fid"].to_numpy() if "fid" in projects.columns else np.arange(1, n + 1)
    names = [text(v) for v in projects["name"]] if "name" in projects.columns else [""] * n
    industries = projects["industry"].tolist() if "industry" in projects.columns else [None] * n
    raw = geometry_array(projects["geometry"].to_numpy())
    geoms, dim = prepare_projects(raw, buffer)
    size = np.zeros(n)
    for d in (0, 1, 2):
        sel = dim == d
        size[sel] = measure(geoms[sel], d)
    return Projects(fids, names, industries, raw, geoms, dim, size)
