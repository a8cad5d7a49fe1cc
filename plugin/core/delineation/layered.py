"""Priority (优先保护) and other key (重点管控) units: one per county and subtype.

Painter's algorithm: per county, the land of each subtype (best precedence first) minus
the land claimed before it.
"""

from __future__ import annotations

import numpy as np
import shapely

from ..geometry.dissolve import assemble, dissolve
from ..run import Progress
from .claimed import ClaimedLand
from .context import Context
from .counties import Counties, clip
from .inputs import read_layer
from .model import Layer, SourceLayer, Unit


def paint(ctx: Context, land: ClaimedLand, ci, rank, pieces, n_ranks, progress: Progress):
    """Per county and rank (best first): (county, rank, union minus claimed land), claimed.

    Returns the pieces as (county index, rank, geometry) in rank then county order.
    """
    out_units = []
    if not len(pieces):
        return out_units
    parts, pkeys = dissolve(ctx.ops, pieces, ci * n_ranks + rank)
    progress.step(40)
    for r in range(n_ranks):
        progress.step(40 + 60 * r / n_ranks)
        m = pkeys % n_ranks == r
        if not m.any():
            continue
        p, pc = parts[m], pkeys[m] // n_ranks
        out = land.cut_from(p, pc)
        land.claim(p, pc)
        ok = ~shapely.is_missing(out)
        oparts, oidx = shapely.get_parts(out[ok], return_index=True)
        for c, geom in sorted(assemble(oparts, pc[ok][oidx]).items()):
            out_units.append((int(c), r, geom))
    return out_units


def ranked_subtypes(layers: list[Layer]):
    """{subtype: rank} and {subtype: first layer name} by layer order, then text."""
    rank, first = {}, {}
    for lay in layers:
        for s in sorted(set(lay.subtype)):
            if s not in rank:
                rank[s] = len(rank)
                first[s] = lay.name
    return rank, first


def _clipped(ctx: Context, counties: Counties, layers, rank, progress: Progress):
    """(county index, subtype rank, piece) of all layers' features clipped to the counties."""
    cis, pcs, rks = [], [], []
    for i, lay in enumerate(layers):
        fi, ci, pieces = clip(ctx, counties, lay)
        cis.append(ci)
        pcs.append(pieces)
        rks.append(np.array([rank[s] for s in lay.subtype[fi]], dtype=np.int64))
        progress.step(20 + 40 * (i + 1) / len(layers))
    return np.concatenate(cis), np.concatenate(rks), np.concatenate(pcs)


def layered_units(
    ctx: Context,
    counties: Counties,
    land: ClaimedLand,
    sources: list[SourceLayer],
    cls: int,
    rank_offset: int,
    progress: Progress,
) -> list[Unit]:
    """Units of class ``cls`` from ``sources`` (in precedence order), one per county and
    subtype; their land is claimed."""
    layers = []
    for i, src in enumerate(sources):
        layers.append(read_layer(ctx, src))
        progress.step(20 * (i + 1) / len(sources))
    rank, first = ranked_subtypes(layers)
    if not layers:
        return []
    ci, rk, pieces = _clipped(ctx, counties, layers, rank, progress)
    by_rank = {r: s for s, r in rank.items()}
    painted = paint(ctx, land, ci, rk, pieces, max(len(rank), 1), progress.sub(60, 100))
    progress.step(100)
    return [
        Unit(
            county=c,
            cls=cls,
            subtype=by_rank[r],
            rank=rank_offset + r,
            tie=(),
            base=counties.name[c] + by_rank[r],
            geom=geom,
            layer=first[by_rank[r]],
        )
        for c, r, geom in painted
    ]
