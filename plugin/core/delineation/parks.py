"""Industrial park (产业园区) units: one key unit per park feature and county."""

from __future__ import annotations

import numpy as np

from .. import area as _area
from .. import schema
from .claimed import ClaimedLand
from .context import Context
from .counties import Counties, clip
from .inputs import read_layer
from .model import AREA_EPS, Layer, Unit
from .overlaps import cede_overlaps, real_overlaps


def _log_priority_conflicts(ctx: Context, lay: Layer, fi, pieces, trimmed) -> None:
    """Park land on priority land stays priority: logged once per park feature."""
    lost = _area.planar_area(pieces) - _area.planar_area(trimmed)
    lost_by_park = np.bincount(fi, weights=lost, minlength=len(lay.fid))
    for f in np.flatnonzero(lost_by_park > AREA_EPS):
        ctx.log.add(
            "conflict_park_priority",
            lay.name,
            lay.fid[f],
            f"园区要素 {lay.fid[f]}（{lay.label[f]}）有 {lost_by_park[f]:.3f} 平方米位于优先"
            f"保护区内，归优先保护单元 / park feature {lay.fid[f]} ({lay.label[f]}): "
            f"{lost_by_park[f]:.3f} m² on priority land stay priority",
            lost_by_park[f],
        )


def _resolve_overlaps(ctx: Context, lay: Layer, fi, ci, trimmed):
    """Two overlapping parks: the one first by (park name, canonical row) keeps the overlap."""
    order = sorted(range(len(lay.fid)), key=lambda i: (lay.label[i], i))
    prank = np.empty(len(lay.fid), dtype=np.int64)
    prank[order] = np.arange(len(order))
    a, b, ov, _ = real_overlaps(ctx.ops, trimmed, ci, prank[fi])
    for ai, bi, area in zip(a, b, ov):
        fa, fb = fi[ai], fi[bi]
        ctx.log.add(
            "conflict_park_park",
            lay.name,
            lay.fid[fa],
            f"园区要素 {lay.fid[fa]}（{lay.label[fa]}）与园区要素 {lay.fid[fb]}"
            f"（{lay.label[fb]}）重叠 {area:.3f} 平方米，重叠部分归后者 / park "
            f"feature {lay.fid[fa]} ({lay.label[fa]}) overlaps park feature "
            f"{lay.fid[fb]} ({lay.label[fb]}) by {area:.3f} m²; the overlap goes "
            f"to {lay.fid[fb]}",
            area,
        )
    return cede_overlaps(ctx.ops, trimmed, a, b)


def _park_unit_list(ctx: Context, counties: Counties, lay: Layer, fi, ci, final) -> list[Unit]:
    units = []
    for k in range(len(fi)):
        f, c = fi[k], ci[k]
        if final[k] is None:
            ctx.log.add(
                "unit_removed",
                lay.name,
                lay.fid[f],
                f"园区要素 {lay.fid[f]}（{lay.label[f]}）在县 {counties.code[c]} 内没有剩余"
                f"土地，不成单元 / park feature {lay.fid[f]} ({lay.label[f]}) has no land left "
                f"in county {counties.code[c]}: no unit",
                0.0,
            )
            continue
        units.append(
            Unit(
                county=int(c),
                cls=schema.KEY,
                subtype=schema.SUBTYPE_PARK,
                rank=0,
                tie=(lay.label[f], int(f)),
                base=lay.label[f] or counties.name[c] + schema.SUBTYPE_PARK,
                geom=final[k],
                layer=lay.name,
                fid=int(lay.fid[f]),
            )
        )
    return units


def park_units(ctx: Context, counties: Counties, land: ClaimedLand) -> list[Unit]:
    """Park units (after priority land is claimed); their land is claimed."""
    src = ctx.inp.parks
    if src is None:
        return []
    lay = read_layer(ctx, src)
    fi, ci, pieces = clip(ctx, counties, lay)
    if not len(fi):
        return []
    trimmed = land.cut_from(pieces, ci)
    _log_priority_conflicts(ctx, lay, fi, pieces, trimmed)
    final = _resolve_overlaps(ctx, lay, fi, ci, trimmed)
    units = _park_unit_list(ctx, counties, lay, fi, ci, final)
    land.claim(final, ci)
    return units
