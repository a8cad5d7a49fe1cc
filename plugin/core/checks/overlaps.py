"""T01 overlaps between units.

Coverage validation flags every polygon with an edge its neighbour does not match
exactly; two polygons without such edges cannot overlap, so only pairs with a flagged
member go to the overlay. Of those, one unit must reach at least 2 grid cells into the
other (a negative-buffer test): edges that only wobble within the grid never do.
"""

from __future__ import annotations

import numpy as np
import shapely

from .. import geometry as _geometry
from ..run import Progress
from .catalogue import fmt
from .model import CheckInput
from .parts import Precision
from .prepare import Units
from .problems import Problems


def _flag_unmatched(cp: np.ndarray):
    """(invalid coverage edges per unit or None, which units have any)."""
    inv, dirty = None, np.ones(len(cp), bool)
    if _geometry.COVERAGE_VALIDATION:  # read at call time: the plugin may switch it off
        try:
            inv = shapely.coverage_invalid_edges(cp)
            dirty = ~(shapely.is_missing(inv) | shapely.is_empty(inv))
        except shapely.errors.GEOSException:  # pragma: no cover - defensive
            inv = None
    return inv, dirty


def _deep_pairs(gp: np.ndarray, a, b, grid):
    """The pairs where one unit reaches at least 2 grid cells into the other."""
    depth = 2 * (grid or 0.0)
    if depth <= 0 or not len(a):
        return a, b
    involved = np.unique(np.concatenate([a, b]))
    inner = np.empty(len(gp), dtype=object)
    inner[involved] = shapely.buffer(gp[involved], -depth, join_style="mitre")
    shapely.prepare(inner[involved])
    deep = shapely.intersects(inner[a], gp[b]) | shapely.intersects(inner[b], gp[a])
    return a[deep], b[deep]


def _candidate_pairs(units: Units, grid, prog: Progress):
    """(pairs a, b into pidx that may overlap, dirty mask per unit row)."""
    gp = units.geom[units.pidx]
    a, b = units.tree.query(gp, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    prog.step(25)
    # validation runs on ``cov`` (collinear vertices dropped, see prepare)
    cp = units.cov[units.pidx]
    inv, dirty = _flag_unmatched(cp)
    dirty_rows = np.zeros(units.n, bool)
    dirty_rows[units.pidx] = dirty
    cand = dirty[a] | dirty[b]
    a, b = a[cand], b[cand]
    if inv is not None and len(a):
        near = shapely.intersects(inv[a], cp[b]) | shapely.intersects(inv[b], cp[a])
        a, b = a[near], b[near]
    a, b = _deep_pairs(gp, a, b, grid)
    return a, b, dirty_rows


def check_overlaps(
    units: Units, inp: CheckInput, prec: Precision, problems: Problems, prog: Progress
) -> np.ndarray:
    """T01; returns which unit rows coverage validation flagged (their unions need overlay)."""
    a, b, dirty = _candidate_pairs(units, prec.grid, prog)
    prog.step(35)
    gp = units.geom[units.pidx]
    inter, area = prec.significant(shapely.intersection(gp[a], gp[b], grid_size=prec.grid))
    keep = area > 0
    pidx = units.pidx
    ra, rb, inter, area = pidx[a[keep]], pidx[b[keep]], inter[keep], area[keep]
    msgs = [
        f"单元 {units.label[i]} 与 {units.label[j]} 重叠 {fmt(x)} 平方米"
        for i, j, x in zip(ra, rb, area)
    ]
    ra, rb, inter, area, msgs = native_overlaps(
        units, inp.native_overlaps, prec.tol, ra, rb, inter, area, msgs
    )
    names = [units.names((i, j)) for i, j in zip(ra, rb)]
    # T01 runs before the admin step: counties from the attributes
    counties = [units.attr_county[i] or units.attr_county[j] for i, j in zip(ra, rb)]
    problems.emit("T01", inter, names, counties, msgs, area)
    return dirty


def native_overlaps(units: Units, native, tol, ra, rb, inter, area, msgs):
    """T01 pairs found in the layer's own CRS (``CheckInput.native_overlaps``) and not here."""
    if native is None:
        return ra, rb, inter, area, msgs
    na, nb, ngeom, narea = native
    found = {(min(i, j), max(i, j)) for i, j in zip(ra, rb)}
    new = [
        k
        for k in range(len(na))
        if narea[k] > tol and (min(na[k], nb[k]), max(na[k], nb[k])) not in found
    ]
    if not new:
        return ra, rb, inter, area, msgs
    new = np.asarray(new, dtype=np.int64)
    extra = [
        f"单元 {units.label[na[k]]} 与 {units.label[nb[k]]} 在图层自身坐标系中重叠 "
        f"{fmt(narea[k])} 平方米"
        for k in new
    ]
    return (
        np.r_[ra, na[new]],
        np.r_[rb, nb[new]],
        np.r_[inter, np.asarray(ngeom, dtype=object)[new]],
        np.r_[area, np.asarray(narea, dtype=float)[new]],
        list(msgs) + extra,
    )
