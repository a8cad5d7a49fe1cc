"""Counties from the ADMIN layer, and source layers clipped to them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .. import area as _area
from .. import schema
from ..geometry.dissolve import union_groups
from .context import Context
from .inputs import clean_layer
from .log import Log
from .model import AREA_EPS, DelineationError, Layer, text
from .overlaps import cede_overlaps, real_overlaps


@dataclass
class Counties:
    """The counties of the run, indexed 0..n-1 in code order (overlaps resolved)."""

    code: list
    name: list
    fid: list
    geom: np.ndarray  # prepared


def precedence(counties: Counties, unit) -> tuple:
    """The first keys of every unit order: county code, class, subtype rank."""
    return (counties.code[unit.county], unit.cls, unit.rank)


def _county_codes(name: str, frame) -> np.ndarray:
    """The 6-digit county code of each ADMIN row; a missing or bad one is a user error."""
    if "code" not in frame.columns:
        raise DelineationError(
            f'行政区图层“{name}”没有行政区划代码字段 / ADMIN layer "{name}" has no '
            "county code field"
        )
    codes = []
    for fid, value in zip(frame["fid"], frame["code"]):
        code = schema.normalise_county_code(value)
        if code is None:
            value_text = text(value)
            if not value_text:
                raise DelineationError(
                    f"行政区图层“{name}”要素 {fid} 缺少行政区划代码 / ADMIN layer "
                    f'"{name}" feature {fid}: county code is missing'
                )
            raise DelineationError(
                f"行政区图层“{name}”要素 {fid} 的行政区划代码“{value_text}”不是6位数字 / "
                f'ADMIN layer "{name}" feature {fid}: county code "{value_text}" is not 6 digits'
            )
        codes.append(code)
    return np.array(codes, dtype=object)


def _group_features(ctx: Context, frame, geoms, codes) -> Counties:
    """ADMIN features with one code are one county (named by its first named feature)."""
    names = (
        frame["name"].map(text).to_numpy(dtype=object)
        if "name" in frame.columns
        else np.full(len(frame), "", dtype=object)
    )
    fids = frame["fid"].to_numpy()
    ucodes = sorted(set(codes))
    cindex = {c: i for i, c in enumerate(ucodes)}
    keys = np.array([cindex[c] for c in codes], dtype=np.int64)
    unions = union_groups(ctx.ops, geoms, keys)
    county_geom = np.array([unions.get(i) for i in range(len(ucodes))], dtype=object)
    county_name, county_fid = [], []
    for i, c in enumerate(ucodes):
        rows = np.flatnonzero(keys == i)
        named = [names[r] for r in rows if names[r]]
        county_name.append(named[0] if named else c)
        county_fid.append(int(fids[rows[0]]))
    return Counties(ucodes, county_name, county_fid, county_geom)


def _resolve_overlaps(ctx: Context, layer_name: str, counties: Counties) -> Counties:
    """The county with the smaller code keeps an overlap; a county left empty is dropped."""
    codes, fids = counties.code, counties.fid
    original = counties.geom
    n_c = len(original)
    a, b, ov, _ = real_overlaps(ctx.ops, original, np.zeros(n_c, np.int64), np.arange(n_c))
    for ai, bi, area in zip(a, b, ov):
        ctx.log.add(
            "conflict_admin_overlap",
            layer_name,
            fids[ai],
            f"县 {codes[ai]} 与县 {codes[bi]} 重叠 {area:.3f} 平方米，重叠部分归 "
            f"{codes[bi]} / counties {codes[ai]} and {codes[bi]} overlap by "
            f"{area:.3f} m²; the overlap goes to {codes[bi]}",
            area,
        )
    geom = cede_overlaps(ctx.ops, original, a, b)
    alive = ~shapely.is_missing(geom)
    for i in np.flatnonzero(~alive):
        ctx.log.add(
            "conflict_admin_overlap",
            layer_name,
            fids[i],
            f"县 {codes[i]} 完全被代码更小的县覆盖，已忽略 / county {codes[i]} lies "
            "entirely in counties with smaller codes and is ignored",
            _area.planar_area([original[i]])[0],
        )
    return Counties(
        [c for c, ok in zip(codes, alive) if ok],
        [c for c, ok in zip(counties.name, alive) if ok],
        [c for c, ok in zip(fids, alive) if ok],
        geom[alive],
    )


def build_counties(ctx: Context) -> Counties:
    """The counties of the ADMIN layer (see the package docstring for the rules)."""
    name = ctx.inp.admin_layer_name
    frame, geoms = clean_layer(ctx, name, ctx.inp.admin, "ADMIN layer")
    if not len(frame):
        raise DelineationError(
            f'行政区图层“{name}”没有有效的面要素 / ADMIN layer "{name}" has no valid '
            "polygon features"
        )
    codes = _county_codes(name, frame)
    counties = _resolve_overlaps(ctx, name, _group_features(ctx, frame, geoms, codes))
    shapely.prepare(counties.geom)
    return counties


def clip(ctx: Context, counties: Counties, lay: Layer, log: Log | None = None):
    """(feature row, county index, piece) for each polygonal piece of a feature in a county.

    Sorted by county then feature row. Area outside every county is logged once
    (in ``log``, the run's log by default).
    """
    geoms = lay.geom
    n = len(geoms)
    if not n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, dtype=object)
    tree = shapely.STRtree(geoms)
    ci, fi = tree.query(counties.geom, predicate="intersects")
    inside = shapely.contains_properly(counties.geom[ci], geoms[fi])
    pieces = np.empty(len(fi), dtype=object)
    pieces[inside] = geoms[fi[inside]]
    cut = ~inside
    if cut.any():
        pieces[cut] = ctx.ops.inter(geoms[fi[cut]], counties.geom[ci[cut]])
    feat_area = _area.planar_area(geoms)
    in_area = np.bincount(fi, weights=_area.planar_area(pieces), minlength=n)
    outside = feat_area - in_area
    outside = outside[outside > AREA_EPS + 1e-9 * feat_area]
    if len(outside):
        total = float(outside.sum())
        (ctx.log if log is None else log).add(
            "outside_admin",
            lay.name,
            None,
            f"{len(outside)} 个要素共 {total:.3f} 平方米位于行政区范围外，已忽略 / "
            f"{len(outside)} features have {total:.3f} m² outside ADMIN, ignored",
            total,
        )
    keep = ~shapely.is_missing(pieces)
    fi, ci, pieces = fi[keep], ci[keep], pieces[keep]
    order = np.lexsort((fi, ci))
    return fi[order], ci[order], pieces[order]
