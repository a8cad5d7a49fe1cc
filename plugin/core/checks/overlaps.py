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
from ..geometry import group_bounds
from ..run import Progress
from .catalogue import fmt
from .model import CheckInput
from .parts import Precision
from .prepare import COLLINEAR_TOLERANCE, Units, coverage_geometry, coverage_geometry_alone
from .problems import Problems
from .threads import Workers

_SLICE = 5000  # units validated at a time at most (with their neighbours)
_DEEP_ROWS = 5000  # units shrunk at a time by the depth test


def _slices(units: Units) -> list[np.ndarray]:
    """Positions into ``pidx`` in slices: one per attribute county, split when large
    (coverage validation and its coverage geometries are built one slice at a time)."""
    key = np.array([str(c) if c is not None else "" for c in units.attr_county[units.pidx]])
    order = np.argsort(key, kind="stable")
    _, starts, ends = group_bounds(key[order])
    out = []
    for s, e in zip(starts, ends):
        out.extend(order[k : min(k + _SLICE, e)] for k in range(s, e, _SLICE))
    return out


def _with_neighbours(units: Units, own: np.ndarray, grid) -> np.ndarray:
    """``own`` and every unit whose box comes near theirs (positions into pidx, sorted):
    all a unit's coverage validation depends on."""
    pad = 2 * (grid or 0.0) + COLLINEAR_TOLERANCE
    x0, y0, x1, y1 = shapely.bounds(units.geom[units.pidx[own]]).T
    boxes = shapely.box(x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    return np.union1d(own, units.tree.query(boxes)[1])


def _validate(geom, repaired, grid):
    """(coverage geometries, invalid edges) of one slice's units and their neighbours;
    None when GEOS cannot validate them."""
    return _invalid_edges(coverage_geometry(geom, repaired, grid))


def _validate_alone(missing, repaired, grid):
    """``_validate`` without the units' geometries (``missing``: where they are None);
    False when some coverage geometry would need its unit's geometry."""
    cov, complete = coverage_geometry_alone(missing, repaired, grid)
    return _invalid_edges(cov) if complete else False


def _invalid_edges(cov):
    try:
        return cov, shapely.coverage_invalid_edges(cov)
    except shapely.errors.GEOSException:  # pragma: no cover - defensive
        return None


class _Unmatched:
    """Coverage validation, a slice at a time: per unit (position into pidx) its invalid
    edges (edges a neighbour does not match exactly) and whether it has any. ``workers``
    slices are validated at once, one per thread."""

    def __init__(self, units: Units, prec: Precision, prog: Progress):
        n = len(units.pidx)
        self.units, self.grid, self.prog = units, prec.grid, prog
        self.workers = Workers(prec.workers, prog)
        self.inv = np.full(n, None, dtype=object)
        self.dirty = np.ones(n, bool)
        self.ok = True

    def run(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Validate every slice; returns which pairs (a, b) have an invalid edge of one
        lying on the other (only those can overlap)."""
        near = np.zeros(len(a), bool)
        slices = _slices(self.units)
        step = self.workers.n
        for k in range(0, len(slices), step):
            self.prog.check()
            batch = slices[k : k + step]
            members = [_with_neighbours(self.units, own, self.grid) for own in batch]
            for own, mem, found in zip(batch, members, self._validated(members)):
                if found is None:
                    self.ok = False
                    self.dirty[:] = True
                    return np.ones(len(a), bool)
                self._slice(own, mem, *found, a, b, near)
        return near

    def _validated(self, members: list) -> list:
        """``_validate`` of each slice (its units and neighbours), slices on the threads.

        The threads get the repaired geometries only (each thread copies what it gets):
        a slice where a unit's coverage geometry falls back to its geometry (rare) is
        validated afterwards on this thread."""
        rows = self.units.pidx[np.concatenate(members)]
        ends = np.cumsum([len(m) for m in members])
        bounds = list(zip(np.r_[0, ends[:-1]], ends))
        units, grid = self.units, self.grid
        geom = units.geom[rows]
        found = self.workers.groups(
            lambda m, r: _validate_alone(m, r, grid),
            (shapely.is_missing(geom), units.repaired[rows]),
            bounds,
        )
        for k, (s, e) in enumerate(bounds):
            if found[k] is False:
                self.prog.check()
                found[k] = _validate(geom[s:e], units.repaired[rows[s:e]], grid)
        return found

    def _slice(self, own, members, cov, inv, a, b, near) -> None:
        units = self.units
        rows = units.pidx[members]
        at = np.searchsorted(members, own)
        self.inv[own] = inv[at]
        dirty = ~(shapely.is_missing(inv[at]) | shapely.is_empty(inv[at]))
        self.dirty[own] = dirty
        units.cov[rows[at[~dirty]]] = cov[at[~dirty]]
        mine = np.zeros(len(units.pidx), bool)
        mine[own] = True
        # pairs whose invalid edges of the own unit lie on the other one
        for x, y in ((a, b), (b, a)):
            k = np.flatnonzero(mine[x] & self.dirty[x] & ~near)
            if len(k):
                other = cov[np.searchsorted(members, y[k])]
                near[k] |= shapely.intersects(self.inv[x[k]], other)


def _shrink(depth):
    def run(geoms):
        return shapely.buffer(geoms, -depth, join_style="mitre")

    return run


def _deep_pairs(gp: np.ndarray, a, b, prec: Precision, prog: Progress):
    """The pairs where one unit reaches at least 2 grid cells into the other (units
    shrunk a slice at a time, on the run's threads: the shrunk copies are not all kept
    at once). The test itself runs on this thread: each shrunk unit is prepared once and
    tested against all its partners, where threads would need private copies of both
    sides of every pair (each re-prepared), three times the CPU of the whole step."""
    depth = 2 * (prec.grid or 0.0)
    if depth <= 0 or not len(a):
        return a, b
    deep = np.zeros(len(a), bool)
    involved = np.unique(np.concatenate([a, b]))
    chunked = Workers(prec.workers, prog).chunked(prec.grid)
    for k in range(0, len(involved), _DEEP_ROWS):
        rows = involved[k : k + _DEEP_ROWS]
        inner = np.empty(len(gp), dtype=object)
        inner[rows] = chunked.pvec(_shrink(depth), gp[rows])
        shapely.prepare(inner[rows])
        for x, y in ((a, b), (b, a)):
            sel = np.flatnonzero(~deep & ~shapely.is_missing(inner[x]))
            deep[sel] = chunked.vec(shapely.intersects, inner[x[sel]], gp[y[sel]])
    return a[deep], b[deep]


def _touching_pairs(tree: shapely.STRtree, gp: np.ndarray, prog: Progress):
    """Pairs (a, b), a < b, of units that intersect: what ``tree.query(gp, predicate=
    "intersects")`` gives with a < b, in its order, each pair tested once (with unit ``a``
    prepared, as the query does) instead of both ways. Units are prepared a slice at a time
    and unprepared again."""
    a, b = tree.query(gp)
    keep = a < b
    a, b = a[keep], b[keep]
    hit = np.zeros(len(a), bool)
    order = np.argsort(a, kind="stable")  # the query gives them sorted: a no-op
    starts = np.searchsorted(a[order], np.arange(0, len(gp), _DEEP_ROWS))
    for s, e in zip(starts, np.r_[starts[1:], len(a)]):
        prog.check()
        at = order[s:e]
        first = gp[np.unique(a[at])]
        cold = first[~shapely.is_prepared(first)]
        shapely.prepare(cold)
        hit[at] = shapely.intersects(gp[a[at]], gp[b[at]])
        shapely.destroy_prepared(cold)
    return a[hit], b[hit]


def _candidate_pairs(units: Units, prec: Precision, prog: Progress):
    """(pairs a, b into pidx that may overlap, dirty mask per unit row)."""
    gp = units.geom[units.pidx]
    a, b = _touching_pairs(units.tree, gp, prog)
    prog.step(25)
    dirty_rows = np.zeros(units.n, bool)
    if _geometry.COVERAGE_VALIDATION:  # read at call time: the plugin may switch it off
        # validation runs on coverage geometries (collinear vertices dropped, see prepare)
        unmatched = _Unmatched(units, prec, prog)
        near = unmatched.run(a, b)
        a, b = a[near], b[near]
        dirty_rows[units.pidx] = unmatched.dirty
    else:
        dirty_rows[units.pidx] = True
    a, b = _deep_pairs(gp, a, b, prec, prog)
    return a, b, dirty_rows


def _overlap(grid):
    def run(x, y):
        return shapely.intersection(x, y, grid_size=grid)

    return run


def check_overlaps(
    units: Units, inp: CheckInput, prec: Precision, problems: Problems, prog: Progress
) -> np.ndarray:
    """T01; returns which unit rows coverage validation flagged (their unions need overlay)."""
    a, b, dirty = _candidate_pairs(units, prec, prog)
    prog.step(35)
    gp = units.geom[units.pidx]
    chunked = Workers(prec.workers, prog).chunked(prec.grid)
    inter, area = prec.significant(chunked.pvec(_overlap(prec.grid), gp[a], gp[b]))
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
