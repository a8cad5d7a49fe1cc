"""The union of the units coverage validation flagged: floating overlay first, snap-rounded
only where the floating result fails validity or area conservation.

The units' geometries come from ``set_precision`` and carry its fixed precision model, and
GEOS overlays a geometry with a fixed precision model by snap rounding even without
``grid_size``: their "floating" union costs as much as the snap-rounded one. So the
floating union runs on plain copies (through WKB: the same coordinates, GEOS's default
floating precision model), about twice as fast.

Floating overlay has been seen to return wrong areas silently on near-coincident edges,
so its result is used only when it is a valid polygon whose area is what the units'
areas allow: at most their sum, and at least their sum minus the area they can share.
That shared area is bounded per unit (``shared_bounds``) from the T01 step, which knows
every pair that can overlap: a pair one of whose units reaches 2 grid cells into the
other shares at most its snap-rounded overlap plus a grid cell along both outlines; any
other pair at most a band 4 grid cells wide along both outlines, and never more than
the smaller unit. A unit's bound is the sum over its pairs, so a group's bounds add up
to at least twice the area its units share among themselves (Bonferroni: the union is
at least the sum of the areas minus the pairwise overlaps).
"""

from __future__ import annotations

import numpy as np
import shapely

from .prepare import POLYGONAL_IDS

# m per m of outline: slack for overlap noise coverage validation does not see (vertices
# collinear within COLLINEAR_TOLERANCE are dropped before it compares edges)
_OUTLINE_SLACK = 1e-5


def shared_bounds(n: int, ra, rb, deep, overlap_area, geom, grid) -> np.ndarray:
    """Per unit row (``n`` rows): an upper bound of the area it shares with other units.

    ``ra``, ``rb``: unit rows of every pair that can overlap; ``deep``: which of them
    reach 2 grid cells into each other; ``overlap_area``: their snap-rounded overlap's
    area (used where ``deep``)."""
    bound = np.zeros(n)
    if len(ra) == 0:
        return bound
    g = grid or 0.0
    pa, pb = shapely.length(geom[ra]), shapely.length(geom[rb])
    aa, ab = shapely.area(geom[ra]), shapely.area(geom[rb])
    band = np.minimum(np.minimum(aa, ab), 4 * g * (pa + pb))
    pair = np.where(deep, np.nan_to_num(overlap_area) + g * (pa + pb), band)
    np.add.at(bound, ra, pair)
    np.add.at(bound, rb, pair)
    return bound


def _conserves(union, geoms, shared: float, tol: float) -> bool:
    if union is None or shapely.get_type_id(union) not in POLYGONAL_IDS:
        return False
    if not shapely.is_valid(union):
        return False
    total = float(shapely.area(geoms).sum())
    slack = max(tol, 1e-9 * total) + _OUTLINE_SLACK * float(shapely.length(geoms).sum())
    got = float(shapely.area(union))
    return total - shared - slack <= got <= total + slack


def flagged_union(geoms, shared, grid, tol) -> shapely.Geometry:
    """Union of ``geoms`` (the flagged units of one group) on the grid's terms: the
    floating union when it is valid and conserves area (``shared``: the group's bounds
    from ``shared_bounds``, summed), else the snap-rounded union."""
    if grid:
        plain = floating_copies(geoms)
        try:
            union = shapely.union_all(plain)
        except shapely.errors.GEOSException:
            union = None
        if _conserves(union, plain, float(shared), tol):
            return union
    return shapely.union_all(geoms, grid_size=grid)


def floating_copies(geoms) -> np.ndarray:
    """``geoms`` with the same coordinates and GEOS's floating precision model (a
    geometry made by ``set_precision`` keeps the grid's, and GEOS snap-rounds its
    overlays)."""
    geoms = np.asarray(geoms, dtype=object)
    out = np.full(len(geoms), None, dtype=object)
    present = ~shapely.is_missing(geoms)
    out[present] = shapely.from_wkb(shapely.to_wkb(geoms[present], output_dimension=2))
    return out
