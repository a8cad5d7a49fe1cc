"""T04 sliver polygons, per polygon part.

A part is a sliver when its area is below ``sliver_area``, or when it is thin
(Polsby–Popper 4πA/P² below ``sliver_thinness``) *and* narrow (mean width 2A/P below
``sliver_width``). Not slivers: a whole islet of the admin layer touching no other
unit (the county's own land) and a part of a priority unit that is red-line land.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely

from .. import schema
from ..area import planar_area
from ..geometry import grouped_union, polygonal
from ..run import Progress
from .catalogue import fmt
from .model import CheckInput
from .pieces import T04, rows_serving
from .prepare import Units
from .problems import Problems


def _sliver_mask(parts: np.ndarray, inp: CheckInput) -> np.ndarray:
    pa = planar_area(parts)
    pp = shapely.length(parts)
    with np.errstate(divide="ignore", invalid="ignore"):
        thinness = np.where(pp > 0, 4 * math.pi * pa / pp**2, 0.0)
        width = np.where(pp > 0, 2 * pa / pp, 0.0)
    return (pa < inp.sliver_area) | ((thinness < inp.sliver_thinness) & (width < inp.sliver_width))


def _parts(geoms: np.ndarray):
    """(polygon parts, index of their geometry) like ``shapely.get_parts``, in the same
    order, but single polygons are passed on as they are rather than copied."""
    single = shapely.get_type_id(geoms) == int(shapely.GeometryType.POLYGON)
    if single.all():
        return geoms, np.arange(len(geoms))
    multi = np.flatnonzero(~single)
    mparts, midx = shapely.get_parts(geoms[multi], return_index=True)
    parts = np.concatenate([geoms[single], mparts])
    owner = np.concatenate([np.flatnonzero(single), multi[midx]])
    order = np.argsort(owner, kind="stable")
    return parts[order], owner[order]


_ROWS = 5000  # units exploded at a time (only their small or thin parts are kept)


def _candidate_parts(units: Units, inp: CheckInput):
    """(small or thin polygon parts, their unit rows), in unit order."""
    found, owners = [], []
    for k in range(0, len(units.pidx), _ROWS):
        rows = units.pidx[k : k + _ROWS]
        parts, owner = _parts(units.geom[rows])
        small = _sliver_mask(parts, inp)
        found.append(parts[small])
        owners.append(rows[owner[small]])
    if not found:
        return np.empty(0, dtype=object), np.empty(0, dtype=int)
    return np.concatenate(found), np.concatenate(owners)


def check_slivers(units: Units, inp: CheckInput, grid, problems: Problems, prog: Progress):
    parts, owner = _candidate_parts(units, inp)
    sliver = np.ones(len(parts), dtype=bool)
    if sliver.any():
        sliver[np.flatnonzero(sliver)] &= ~county_islets(
            units, inp, grid, parts[sliver], owner[sliver]
        )
        sliver[np.flatnonzero(sliver)] &= ~red_line_parts(
            units, inp, grid, parts[sliver], owner[sliver]
        )
    if not sliver.any():
        return
    keys, geoms = grouped_union(owner[sliver], parts[sliver], grid_size=grid, check=prog.check)
    counts = pd.Series(owner[sliver]).value_counts()
    areas = planar_area(geoms)
    problems.emit(
        "T04",
        geoms,
        units.label[keys],
        units.attr_county[keys],
        [
            f"单元 {units.label[k]} 含 {counts[k]} 个碎片多边形，共 {fmt(a)} 平方米"
            f"（面积小于 {inp.sliver_area:g} 平方米，或狭长且平均宽度小于 "
            f"{inp.sliver_width:g} 米）"
            for k, a in zip(keys, areas)
        ],
        areas,
    )


def _touching_other_units(units: Units, grid, parts, owner) -> np.ndarray:
    """Which parts share an edge (not just a corner) with another unit."""
    a, b = units.query(parts)
    a, b = a[b != owner[a]], b[b != owner[a]]
    shared = shapely.length(
        shapely.intersection(shapely.boundary(parts[a]), shapely.boundary(units.geom[b]))
    )
    touching = np.zeros(len(parts), dtype=bool)
    touching[a[shared > (grid or 0.0)]] = True
    return touching


def county_islets(units: Units, inp: CheckInput, grid, parts, owner) -> np.ndarray:
    """Which small parts are a whole islet of the admin layer touching no other unit:
    the county's own land, which no delineation can merge anywhere (not slivers)."""
    out = np.zeros(len(parts), dtype=bool)
    admin = inp.admin
    if admin is None or "geometry" not in getattr(admin, "columns", ()):
        return out
    geoms = np.asarray(admin["geometry"].to_numpy(), dtype=object)
    geoms = geoms[~shapely.is_missing(geoms)]
    islets = shapely.get_parts(geoms)
    islets = islets[planar_area(islets) < 2 * max(inp.sliver_area, 1.0)]
    if not len(islets):
        return out
    touching = _touching_other_units(units, grid, parts, owner)
    pi, ii = shapely.STRtree(islets).query(parts, predicate="intersects")
    inter = planar_area(shapely.intersection(parts[pi], islets[ii], grid_size=grid))
    both = np.maximum(planar_area(parts[pi]), planar_area(islets[ii]))
    same = np.abs(inter - both) <= np.maximum(1e-3 * both, float(inp.tolerance))
    out[pi[same]] = True
    return out & ~touching


def red_line_parts(units: Units, inp: CheckInput, grid, parts, owner) -> np.ndarray:
    """Which small parts of priority units are red-line land (99 % or more): kept as
    priority by rule wherever they fall, so the red line's own shape, not slivers."""
    out = np.zeros(len(parts), dtype=bool)
    red = rows_serving(inp.red_line, T04)
    prio = units.cls_int[owner] == schema.PRIORITY
    if red is None or "geometry" not in getattr(red, "columns", ()) or not prio.any():
        return out
    geoms = np.asarray(red["geometry"].to_numpy(), dtype=object)
    geoms = geoms[~shapely.is_missing(geoms)]
    # repair only the red polygons near the parts (repair keeps every vertex: a repaired
    # polygon lies within the box of the raw one)
    near = np.unique(shapely.STRtree(parts).query(geoms)[0])
    geoms = polygonal(shapely.make_valid(geoms[near]))
    geoms = geoms[~shapely.is_missing(geoms)]
    pi, ri = shapely.STRtree(geoms).query(parts, predicate="intersects")
    if not len(pi):
        return out
    inter = shapely.intersection(parts[pi], geoms[ri], grid_size=grid)
    covered = np.bincount(pi, weights=planar_area(inter), minlength=len(parts))
    return prio & (covered >= 0.99 * planar_area(parts))
