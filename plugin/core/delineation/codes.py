"""Unit codes: code order, codes carried over from ``previous`` units, new serials."""

from __future__ import annotations

import numpy as np
import shapely

from .. import area as _area
from ..geometry.dissolve import union_groups
from .context import Context
from .counties import Counties, precedence
from .inputs import clean_layer
from .model import PREVIOUS_LAYER, DelineationError, Unit, text


def _used_serials(rule, frame) -> dict:
    """{(county, class): highest serial} over every row with a valid code, whatever its
    geometry."""
    max_serial: dict = {}
    for value in frame["code"]:
        parsed = rule.parse(value.strip() if isinstance(value, str) else value)
        if parsed:
            key = (parsed[0], parsed[1])
            max_serial[key] = max(max_serial.get(key, 0), parsed[2])
    return max_serial


def _valid_codes(ctx: Context, rule, rows) -> np.ndarray:
    """The code of each cleaned previous row, None (logged) where it is invalid."""
    codes = []
    for fid, value in zip(rows["fid"], rows["code"]):
        code = value.strip() if isinstance(value, str) else value
        if rule.parse(code) is None:
            problem = rule.problem(value) or "invalid code"
            ctx.log.add(
                "invalid_previous_code",
                PREVIOUS_LAYER,
                fid,
                f"原单元要素 {fid} 的编码“{text(value)}”无效，已忽略 / previous unit feature "
                f'{fid}: code "{text(value)}" is invalid ({problem}), ignored',
            )
            codes.append(None)
        else:
            codes.append(code)
    return np.array(codes, dtype=object)


def previous_codes(ctx: Context):
    """(old code geometries by code, {code: first fid}, {(county, class): max serial})."""
    rule = ctx.inp.code_rule
    frame = ctx.inp.previous
    if "code" not in frame.columns:
        raise DelineationError(
            f"原单元图层“{PREVIOUS_LAYER}”没有编码字段 code / previous units layer has no "
            '"code" column'
        )
    max_serial = _used_serials(rule, frame)
    # Rows without geometry are codes of earlier versions or retired in the journal:
    # they only reserve their serials (never given again), there is no land to compare.
    if "geometry" in frame.columns:
        present = [isinstance(g, shapely.Geometry) and not g.is_empty for g in frame["geometry"]]
        frame = frame[np.array(present, dtype=bool)]
    # Earlier units are only compared with the new ones (overlays still snap):
    # repairing them is enough, snapping a whole unit layer again costs seconds.
    rows, geoms = clean_layer(ctx, PREVIOUS_LAYER, frame, "PREVIOUS layer", snap=False)
    codes = _valid_codes(ctx, rule, rows)
    ok = np.array([c is not None for c in codes], dtype=bool)
    fids = rows["fid"].to_numpy()[ok]
    codes, geoms = codes[ok], geoms[ok]
    first_fid, old, repeated = {}, {}, set()
    for c, f, g in zip(codes, fids, geoms):
        if c in first_fid:
            repeated.add(c)
        else:
            first_fid[c] = int(f)
            old[c] = g
    if repeated:  # several features with one code: one old unit
        rep = sorted(repeated)
        sel = np.isin(codes, rep)
        keys = np.searchsorted(np.array(rep, dtype=object), codes[sel])
        for k, g in union_groups(ctx.ops, geoms[sel], keys).items():
            old[rep[k]] = g
    return old, first_fid, max_serial


def code_order(counties: Counties, units: list[Unit], geoms) -> list[int]:
    """Unit indices in code order: county, class, subtype rank, north to south, west to
    east (representative point rounded to 1 m), last tie-break."""
    pts = shapely.point_on_surface(geoms)
    px = np.round(shapely.get_x(pts))
    py = np.round(shapely.get_y(pts))
    return sorted(
        range(len(units)),
        key=lambda i: (
            *precedence(counties, units[i]),
            -py[i],
            px[i],
            units[i].tie,
        ),
    )


def _overlaps(ctx: Context, geoms, ogeoms, ni, oi, new_area):
    """Area of new unit ni[k] ∩ old unit oi[k], computed only where it can exceed half."""
    # Unchanged units (the common case) need no overlay; neighbours that only share an
    # edge need none either.
    overlap = np.zeros(len(ni))
    ng, og = shapely.normalize(geoms), shapely.normalize(ogeoms)
    same = shapely.equals_exact(ng[ni], og[oi], tolerance=0.0)
    overlap[same] = new_area[ni[same]]
    # A unit equal to an old one is matched to it: neither takes part further.
    rest = ~same & ~np.isin(ni, ni[same]) & ~np.isin(oi, oi[same])
    # An old unit whose box meets less than half the new unit cannot cover it.
    nb, ob = shapely.bounds(geoms[ni]), shapely.bounds(ogeoms[oi])
    w = np.minimum(nb[:, 2], ob[:, 2]) - np.maximum(nb[:, 0], ob[:, 0])
    h = np.minimum(nb[:, 3], ob[:, 3]) - np.maximum(nb[:, 1], ob[:, 1])
    rest &= np.clip(w, 0, None) * np.clip(h, 0, None) > 0.5 * new_area[ni]
    rest = np.flatnonzero(rest)
    overlap[rest] = _area.planar_area(ctx.ops.inter(geoms[ni[rest]], ogeoms[oi[rest]]))
    return overlap


def _keep_codes(ctx, counties, units, geoms, order, codes, old, first_fid) -> None:
    """A new unit keeps the code of the old unit of its county and class covering more
    than half of it (one-to-one, largest overlap first, ties by old code); logged."""
    rule = ctx.inp.code_rule
    ocodes = np.array(sorted(old), dtype=object)
    ogeoms = np.array([old[c] for c in ocodes], dtype=object)
    oparsed = [rule.parse(c) for c in ocodes]
    ni, oi = shapely.STRtree(ogeoms).query(geoms, predicate="intersects")
    m = np.array(
        [
            oparsed[o][0] == counties.code[units[i].county] and oparsed[o][1] == units[i].cls
            for i, o in zip(ni, oi)
        ],
        dtype=bool,
    )
    ni, oi = ni[m], oi[m]
    new_area = _area.planar_area(geoms)
    overlap = _overlaps(ctx, geoms, ogeoms, ni, oi, new_area)
    m = overlap > 0.5 * new_area[ni]
    pos = {i: k for k, i in enumerate(order)}
    cands = sorted(zip(ni[m], oi[m], overlap[m]), key=lambda t: (-t[2], ocodes[t[1]], pos[t[0]]))
    used_old = set()
    for i, o, ov in cands:
        if codes[i] is not None or o in used_old:
            continue
        used_old.add(o)
        codes[i] = ocodes[o]
        ctx.log.add(
            "code_kept",
            PREVIOUS_LAYER,
            first_fid.get(ocodes[o]),
            f"新单元沿用原编码 {ocodes[o]}（原单元覆盖其 {ov / new_area[i]:.1%}） / "
            f"new unit keeps code {ocodes[o]} (the old unit covers "
            f"{ov / new_area[i]:.1%} of it)",
            ov,
        )


def _new_codes(ctx, counties, units, geoms, order, codes, max_serial) -> None:
    """Serials above the highest ever used, in code order, for units without a code."""
    rule = ctx.inp.code_rule
    next_serial = {k: v + 1 for k, v in max_serial.items()}
    for i in order:
        if codes[i] is not None:
            continue
        key = (counties.code[units[i].county], units[i].cls)
        serial = next_serial.get(key, 1)
        next_serial[key] = serial + 1
        try:
            codes[i] = rule.make(key[0], key[1], serial)
        except ValueError as exc:
            raise DelineationError(
                f"县 {key[0]} 第 {key[1]} 类单元的编码序号已用尽 / county {key[0]} class "
                f"{key[1]}: cannot make a unit code ({exc})"
            ) from exc
        if ctx.inp.previous is not None:
            ctx.log.add(
                "code_new",
                PREVIOUS_LAYER,
                None,
                f"新单元编码 {codes[i]} / new unit code {codes[i]}",
                float(_area.planar_area([geoms[i]])[0]),
            )


def assign_codes(ctx: Context, counties: Counties, units: list[Unit]) -> list:
    """Codes for ``units`` (see the package docstring), logged when ``previous`` is given."""
    geoms = np.array([u.geom for u in units], dtype=object)
    order = code_order(counties, units, geoms)
    codes = [None] * len(units)
    max_serial: dict = {}
    if ctx.inp.previous is not None:
        old, first_fid, max_serial = previous_codes(ctx)
        if old:
            _keep_codes(ctx, counties, units, geoms, order, codes, old, first_fid)
    _new_codes(ctx, counties, units, geoms, order, codes, max_serial)
    return codes
