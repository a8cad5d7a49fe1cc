"""Fragments under ``min_area`` join the neighbouring unit with the longest shared edge.

Priority land never leaves the priority class: a priority fragment only joins a
priority unit, else it stays. Rounds are repeated until stable; in a round a fragment
joins only a polygon that does not move in that round (a big polygon, a fragment that
cannot move, or a fragment that is the largest — priority first — of its fragment
neighbours when none of them can reach a big polygon).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from .. import area as _area
from .. import geometry as _geometry
from .. import schema
from ..geometry.chunked import Chunked
from ..geometry.dissolve import assemble, dissolve
from ..run import Progress
from .model import Unit


@dataclass
class _Pieces:
    """The single polygons of all units: geometry, owning unit, area."""

    parts: np.ndarray
    owner: np.ndarray
    areas: np.ndarray


def _neighbours(ops: Chunked, pieces: _Pieces, ucounty, frag):
    """(fragment, neighbour polygon of another unit of its county, shared edge length)."""
    parts, owner = pieces.parts, pieces.owner
    qi, nb = shapely.STRtree(parts).query(parts[frag])
    f = frag[qi]
    m = (owner[nb] != owner[f]) & (ucounty[owner[nb]] == ucounty[owner[f]])
    f, nb = f[m], nb[m]
    m = ops.intersecting(parts[f], parts[nb])
    f, nb = f[m], nb[m]
    length = ops.shared_length(parts[f], parts[nb])
    m = length > 0
    return f[m], nb[m], length[m]


def _candidates(pieces: _Pieces, uprio, uorder, f, nb):
    """Mask of the pairs (f, nb) along which a fragment may move this round (None: no
    fragment can move any more)."""
    owner, areas = pieces.owner, pieces.areas
    allowed = ~uprio[owner[f]] | uprio[owner[nb]]
    n = len(pieces.parts)
    active = np.zeros(n, dtype=bool)
    active[f[allowed]] = True
    if not active.any():
        return None
    has_static = np.zeros(n, dtype=bool)
    has_static[f[allowed & ~active[nb]]] = True
    waiting = active & ~has_static
    # Strength: priority first, then area, then unit order.
    strength = np.empty(n, dtype=np.int64)
    strength[np.lexsort((-uorder[owner], areas, uprio[owner]))] = np.arange(n)
    both = waiting[f] & waiting[nb]
    beaten = np.zeros(n, dtype=bool)
    beaten[f[both & (strength[nb] > strength[f])]] = True
    anchor = waiting & ~beaten
    target_ok = ~active | anchor
    source_ok = active & ~anchor
    cand = allowed & target_ok[nb] & source_ok[f]
    if not cand.any():  # cannot happen: kept as a guard against endless loops
        return None
    return cand


def _moves(owner, uorder, f, nb, length):
    """(fragment, unit) per fragment: the unit with the longest shared edge (ties: the
    unit first in unit order)."""
    df = pd.DataFrame({"f": f, "u": owner[nb], "len": length})
    df = df.groupby(["f", "u"], sort=False, as_index=False)["len"].sum()
    df["o"] = uorder[df["u"].to_numpy()]
    df = df.sort_values(["f", "len", "o"], ascending=[True, False, True])
    df = df.drop_duplicates("f")
    return df["f"].to_numpy(), df["u"].to_numpy()


def _apply_moves(ops: Chunked, pieces: _Pieces, geoms, move_f, move_u) -> _Pieces:
    """Give the fragments ``move_f`` to units ``move_u``; the units touched are redrawn
    in ``geoms`` (only the moved fragments and their units' polygons are overlaid)."""
    parts, n = pieces.parts, len(pieces.parts)
    affected = np.union1d(pieces.owner[move_f], move_u)
    owner = pieces.owner.copy()
    owner[move_f] = move_u
    moved = np.zeros(n, dtype=bool)
    moved[move_f] = True
    in_aff = np.isin(owner, affected)
    fixed = np.flatnonzero(in_aff & ~moved)
    new_parts, new_owner = dissolve(
        ops,
        np.r_[parts[fixed], parts[move_f]],
        np.r_[owner[fixed], owner[move_f]],
        n_fixed=len(fixed),
    )
    rebuilt = assemble(new_parts, new_owner)
    for u in affected:
        geoms[u] = rebuilt.get(int(u))
    parts = np.r_[parts[~in_aff], new_parts]
    return _Pieces(parts, np.r_[owner[~in_aff], new_owner], _area.planar_area(parts))


def merge_fragments(
    ops: Chunked, units: list[Unit], uorder: np.ndarray, min_area: float, progress: Progress
):
    """Merge polygons under ``min_area`` into neighbours (see the module docstring).

    Updates ``units[i].geom`` in place (None when a unit lost all its land) and
    returns the merges as (from unit, to unit, area) tuples.
    """
    merges: list[tuple[int, int, float]] = []
    if min_area <= 0 or not units:
        return merges
    geoms = np.array([u.geom for u in units], dtype=object)
    ucounty = np.array([u.county for u in units], dtype=np.int64)
    uprio = np.array([u.cls == schema.PRIORITY for u in units])
    parts, owner = _geometry.explode(geoms)
    pieces = _Pieces(parts, owner, _area.planar_area(parts))
    for _round in range(100_000):
        progress.step(100 * (1 - 0.5 ** (_round + 1)))
        frag = np.flatnonzero(pieces.areas < min_area)
        if not len(frag):
            break
        f, nb, length = _neighbours(ops, pieces, ucounty, frag)
        cand = _candidates(pieces, uprio, uorder, f, nb)
        if cand is None:
            break
        move_f, move_u = _moves(pieces.owner, uorder, f[cand], nb[cand], length[cand])
        for src, dst, a in zip(pieces.owner[move_f], move_u, pieces.areas[move_f]):
            merges.append((int(src), int(dst), float(a)))
        n = len(pieces.parts)
        pieces = _apply_moves(ops, pieces, geoms, move_f, move_u)
        if len(pieces.parts) >= n:  # no polygon fused: nothing more can change
            break
    for u, g in zip(units, geoms):
        u.geom = g
    return merges
