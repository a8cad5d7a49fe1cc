"""General (一般管控) units: the rest of each county, per county or per township."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import area as _area
from .. import geometry as _geometry
from .. import schema
from ..geometry.chunk_map import map_chunks
from ..geometry.chunked import Chunked
from ..geometry.dissolve import union_groups
from ..run import Progress
from .claimed import ClaimedLand
from .context import Context
from .counties import Counties, clip
from .inputs import read_layer
from .log import Log
from .model import AREA_EPS, Layer, Unit
from .near import near_parts
from .overlaps import real_overlaps
from .tiling import clean_tiles, union_tiles


def _county_unit(ctx: Context, counties: Counties, c, geom) -> Unit:
    return Unit(
        county=int(c),
        cls=schema.GENERAL,
        subtype=schema.SUBTYPE_GENERAL,
        rank=0,
        tie=(1, 0),
        base=counties.name[c],
        geom=geom,
        layer=ctx.inp.admin_layer_name,
    )


def general_units(
    ctx: Context, counties: Counties, land: ClaimedLand, progress: Progress
) -> list[Unit]:
    """One general unit per county, or per township with ``general_split="township"``."""
    if ctx.inp.general_split == "county":
        gen = land.cut_from(counties.geom, np.arange(len(counties.geom)))
        return [_county_unit(ctx, counties, c, g) for c, g in enumerate(gen) if g is not None]
    return _township_units(ctx, counties, land, progress)


def _township_units(ctx, counties: Counties, land: ClaimedLand, progress: Progress):
    lay = read_layer(ctx, ctx.inp.townships)
    progress.step(20)
    fi, ci, tp = township_pieces(ctx, counties, lay)
    progress.step(30)
    # Townships of a county that form a clean coverage do not overlap (a coverage's
    # polygons have disjoint interiors): their county needs no overlap search, and their
    # union is at hand for the slivers.
    tiles = clean_tiles(ctx.ops, tp, ci)
    if len(tiles) < len(np.unique(ci)):  # overlaps only within the other counties
        before, tp = tp, _resolve_overlaps(ctx, lay, fi, ci, tp)
        redrawn = set(ci[[a is not b for a, b in zip(tp, before)]].tolist())
        tiles = {c: u for c, u in tiles.items() if c not in redrawn}
    progress.step(40)
    tp, lparts, lcounty, has = _absorb_slivers(ctx, counties, ci, tp, tiles, progress)
    progress.step(70)
    geoms = land.cut_from(tp, ci)
    progress.step(90)
    rest = land.cut_from(lparts[~has], lcounty[~has])
    ok = ~shapely.is_missing(rest)
    rest = union_groups(ctx.ops, rest[ok], lcounty[~has][ok])
    units = []
    for k in range(len(fi)):
        if geoms[k] is None:
            continue
        f, c = fi[k], ci[k]
        units.append(
            Unit(
                county=int(c),
                cls=schema.GENERAL,
                subtype=schema.SUBTYPE_GENERAL,
                rank=0,
                tie=(0, int(f)),
                base=lay.label[f] or counties.name[c],
                geom=geoms[k],
                layer=lay.name,
                fid=int(lay.fid[f]),
            )
        )
    units += [_county_unit(ctx, counties, c, rest[c]) for c in sorted(rest)]
    return units


def _resolve_overlaps(ctx: Context, lay: Layer, fi, ci, tp):
    """Overlapping townships (same county): the first in canonical order keeps the overlap."""
    a, b, ov, ovg = real_overlaps(ctx.ops, tp, ci, fi)
    if not len(a):
        return tp
    lost = np.bincount(a, weights=ov, minlength=len(tp))
    for ai in np.flatnonzero(lost > 0):
        f = fi[ai]
        ctx.log.add(
            "conflict_township_overlap",
            lay.name,
            lay.fid[f],
            f"乡镇要素 {lay.fid[f]}（{lay.label[f]}）与编号更小的乡镇重叠 "
            f"{lost[ai]:.3f} 平方米，重叠部分归后者 / township feature {lay.fid[f]} "
            f"({lay.label[f]}) overlaps townships with smaller fids by "
            f"{lost[ai]:.3f} m²; the overlap goes to them",
            lost[ai],
        )
    lose = union_groups(ctx.ops, ovg, a)
    ks = np.array(sorted(lose), dtype=np.int64)
    tp = tp.copy()
    tp[ks] = ctx.ops.diff(tp[ks], np.array([lose[k] for k in ks], dtype=object))
    return tp


def _longest_edge_township(ctx: Context, ci, tp, tu, lparts, lcounty):
    """For each part of land in no township, the township (same county) it shares the
    longest edge with; -1 for none."""
    attach = np.full(len(lparts), -1, dtype=np.int64)
    if not (len(lparts) and len(tu)):
        return attach
    p, q = ctx.ops.touching_pairs(tp[tu], lparts)
    q = tu[q]
    m = lcounty[p] == ci[q]
    p, q = p[m], q[m]
    length = ctx.ops.shared_length(lparts[p], near_parts(tp[q], lparts[p]))
    m = length > 0
    if m.any():
        df = pd.DataFrame({"p": p[m], "q": q[m], "len": length[m]})
        df = df.sort_values(["p", "len", "q"], ascending=[True, False, True])
        df = df.drop_duplicates("p")
        attach[df["p"].to_numpy()] = df["q"].to_numpy()
    return attach


def _diff_by_row(ops: Chunked, a, b):
    """``ops.diff(a, b)`` for a few large rows (counties): a row per slice, so that they
    spread over the overlay threads (``ops.diff`` runs up to 16 rows in one chunk);
    each row is computed as by ``ops.diff``, on its own."""
    if ops.workers < 2 or len(a) < 2:
        return ops.diff(a, b)
    one = Chunked(lambda: None, ops.grid, 1)  # the calling thread checks for a cancel
    rows = [(i, i + 1) for i in range(len(a))]
    return np.concatenate(map_chunks(ops, one.diff, [a, b], rows))


def _absorb_slivers(ctx: Context, counties: Counties, ci, tp, tiles, progress: Progress):
    """Land of a county in no township joins the township (of the same county) it shares
    the longest edge with, before any claimed land is cut out. ``tiles``: ``clean_tiles``
    of counties whose townships are unchanged since.

    Returns (townships grown, land parts in no township, their county, joined mask).
    """
    covered = union_tiles(ctx.ops, tp, ci, tiles)  # townships mostly tile their county
    progress.step(45)
    cs = np.array(sorted(covered), dtype=np.int64)
    sliver = counties.geom.copy()
    if len(cs):
        covers = np.array([covered[c] for c in cs], dtype=object)
        sliver[cs] = _diff_by_row(ctx.ops, sliver[cs], covers)
    lparts, lcounty = _geometry.explode(sliver)
    tu = np.flatnonzero(~shapely.is_missing(tp))
    attach = _longest_edge_township(ctx, ci, tp, tu, lparts, lcounty)
    has = attach >= 0
    if has.any():
        tp = _grown(ctx.ops, tp, lparts[has], attach[has])
    return tp, lparts, lcounty, has


def _grown(ops: Chunked, tp, slivers, attach):
    """Each township joined with the slivers attached to it, in one overlay: a county's
    slivers are parts of one polygonal geometry (county minus its townships), so those
    of one township make a valid MultiPolygon as they are."""
    order = np.lexsort((np.arange(len(attach)), attach))
    q = np.unique(attach[order])
    groups = shapely.multipolygons(slivers[order], indices=np.searchsorted(q, attach[order]))
    tp = tp.copy()
    tp[q] = ops.pvec(ops.union_pair, tp[q], groups)
    return tp


def _home_by_area(ctx: Context, counties: Counties, lay: Layer, lost):
    """(row, county, piece) for townships whose interior point lies in no county: the
    county holding most of their area (the clipping's own log rows are dropped)."""
    f2, c2, t2 = clip(ctx, counties, lay.rows(lost), Log())
    best = np.lexsort((c2, -_area.planar_area(t2), f2))
    first = np.r_[True, f2[best][1:] != f2[best][:-1]] if len(f2) else []
    pick = best[np.asarray(first, dtype=bool)]
    return lost[f2[pick]], c2[pick], t2[pick]


def township_pieces(ctx: Context, counties: Counties, lay: Layer):
    """(township row, county index, township ∩ its county), in county then row order.

    A township belongs to one county (townships nest in counties): the one holding
    its interior point (``shapely.point_on_surface``), else the one holding most of
    its area. Its land outside that county is border mismatch: land in no township
    there (logged once, "township_other_county").
    """
    geoms = lay.geom
    n = len(geoms)
    if not n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, dtype=object)
    home = np.full(n, -1, dtype=np.int64)
    pts = shapely.point_on_surface(geoms)
    cq, tq = shapely.STRtree(pts).query(counties.geom, predicate="contains")
    order = np.lexsort((-cq, tq))  # the smaller county index wins a tie
    home[tq[order]] = cq[order]
    fi = np.flatnonzero(home >= 0)
    ci = home[fi]
    inside = shapely.contains_properly(counties.geom[ci], geoms[fi])
    tp = geoms[fi].copy()
    if (~inside).any():
        tp[~inside] = ctx.ops.inter(geoms[fi[~inside]], counties.geom[ci[~inside]])
    lost = np.flatnonzero(home < 0)
    if len(lost):
        f2, c2, t2 = _home_by_area(ctx, counties, lay, lost)
        fi, ci, tp = np.r_[fi, f2], np.r_[ci, c2], np.r_[tp, t2]
    _log_other_county(ctx, lay, geoms, tp)
    keep = ~shapely.is_missing(tp)
    fi, ci, tp = fi[keep], ci[keep], tp[keep]
    order = np.lexsort((fi, ci))
    return fi[order], ci[order], tp[order]


def _log_other_county(ctx: Context, lay: Layer, geoms, tp) -> None:
    total = _area.planar_area(geoms).sum()
    outside = total - _area.planar_area(tp).sum()
    if outside > AREA_EPS + 1e-9 * total:
        ctx.log.add(
            "township_other_county",
            lay.name,
            None,
            f"乡镇面共 {outside:.3f} 平方米位于其所属县以外（邻县或行政区外），邻县内按未覆盖"
            f"土地处理 / {outside:.3f} m² of townships lie outside their own county (in "
            "a neighbouring county or outside ADMIN): in a neighbour, land in no township",
            outside,
        )
