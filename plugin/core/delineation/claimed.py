"""The land already claimed by units of higher precedence (the painter's canvas)."""

from __future__ import annotations

import numpy as np
import shapely

from ..geometry.chunked import Chunked
from ..geometry.dissolve import assemble, dissolve


class ClaimedLand:
    """Disjoint polygons per county index, claimed so far, best precedence first."""

    def __init__(self, ops: Chunked):
        self.ops = ops
        self.parts = np.zeros(0, dtype=object)
        self.county = np.zeros(0, dtype=np.int64)
        self._tree = None

    def _tree_of_parts(self):
        if self._tree is None:
            self._tree = shapely.STRtree(self.parts)
        return self._tree

    def cut_from(self, geoms, counties):
        """Each geometry minus the land already claimed in its county.

        Only the claimed polygons that touch a geometry take part, and those lying
        strictly inside it (without holes of their own) are cut out as holes, with no
        overlay at all: most claimed polygons are small patches inside a big county or
        township, and noding them all again would dominate the run time.
        """
        geoms = np.asarray(geoms, dtype=object)
        counties = np.asarray(counties, dtype=np.int64)
        out = geoms.copy()
        if not len(geoms) or not len(self.parts):
            return out
        qi, ti = self.ops.touching_pairs(self.parts, geoms, self._tree_of_parts())
        m = self.county[ti] == counties[qi]
        qi, ti = qi[m], ti[m]
        if not len(qi):
            return out
        holes = self.parts[ti]
        shapely.prepare(geoms)
        inside = self.ops.vec(shapely.contains_properly, geoms[qi], holes).astype(bool)
        inside &= shapely.get_num_interior_rings(holes) == 0
        out = subtract(self.ops, out, qi[~inside], holes[~inside])
        return punch(self.ops, out, qi[inside], holes[inside])

    def claim(self, geoms, counties):
        """Add ``geoms`` (parallel to ``counties``) to the land claimed so far.

        Claimed polygons that do not touch the new ones are left as they are.
        """
        geoms = np.asarray(geoms, dtype=object)
        counties = np.asarray(counties, dtype=np.int64)
        ok = ~shapely.is_missing(geoms)
        new, idx = shapely.get_parts(geoms[ok], return_index=True)
        new_keys = counties[ok][idx]
        old, old_keys = self.parts, self.county
        involved = np.zeros(len(old), dtype=bool)
        if len(old) and len(new):
            qi, ti = self.ops.touching_pairs(old, new, self._tree_of_parts())
            involved[ti[old_keys[ti] == new_keys[qi]]] = True
        parts, keys = dissolve(
            self.ops,
            np.r_[old[involved], new],
            np.r_[old_keys[involved], new_keys],
            int(involved.sum()),
        )
        self.parts = np.r_[old[~involved], parts]
        self.county = np.r_[old_keys[~involved], keys]
        self._tree = None


def subtract(ops: Chunked, geoms, index, others):
    """geoms[i] minus the union of ``others[index == i]`` (others disjoint per i)."""
    out = geoms.copy()
    if not len(index):
        return out
    order = np.argsort(index, kind="stable")
    index, others = index[order], others[order]
    uq, inv = np.unique(index, return_inverse=True)
    local = shapely.multipolygons(others, indices=inv)
    has = ~shapely.is_missing(out[uq])
    out[uq[has]] = ops.diff(out[uq[has]], local[has])
    return out


def _alone_holes(holes, qi, ti):
    """Drop holes touching another hole of the same polygon (at a point, even): together
    they could cut the polygon's interior in two, which no single polygon can hold."""
    if len(qi) <= 1:
        return qi, ti
    a, b = shapely.STRtree(holes[qi]).query(holes[qi], predicate="intersects")
    m = (a != b) & (ti[a] == ti[b])
    alone = np.ones(len(qi), dtype=bool)
    alone[a[m]] = False
    return qi[alone], ti[alone]


def _host_polygons(ops: Chunked, polys, owner, index, holes):
    """(hole, polygon): for each hole, one polygon of its own geometry holding it strictly."""
    qi, ti = shapely.STRtree(polys).query(holes)
    m = owner[ti] == index[qi]
    qi, ti = qi[m], ti[m]
    shapely.prepare(polys)
    ok = ops.vec(shapely.contains_properly, polys[ti], holes[qi]).astype(bool)
    qi, ti = qi[ok], ti[ok]
    qi, first = np.unique(qi, return_index=True)
    return qi, ti[first]


def punch(ops: Chunked, geoms, index, holes):
    """Cut hole-free polygons ``holes`` (each strictly inside geoms[index]) out as holes.

    A hole that is no longer strictly inside one polygon of its geometry (snap
    rounding of an earlier overlay can do that) is subtracted by overlay instead.
    """
    if not len(index):
        return geoms
    out = geoms.copy()
    targets = np.unique(index)
    targets = targets[~shapely.is_missing(out[targets])]
    polys, pidx = shapely.get_parts(out[targets], return_index=True)
    owner = targets[pidx]
    qi, ti = _alone_holes(holes, *_host_polygons(ops, polys, owner, index, holes))
    placed = np.zeros(len(holes), dtype=bool)
    placed[qi] = True
    if len(qi):
        rings, ridx = shapely.get_rings(polys, return_index=True)
        hole_rings = shapely.get_exterior_ring(holes[qi])
        all_rings = np.r_[rings, hole_rings]
        all_idx = np.r_[ridx, ti]
        order = np.argsort(all_idx, kind="stable")  # shells stay first
        rebuilt = shapely.polygons(all_rings[order], indices=all_idx[order])
        changed = np.unique(ti)
        polys = polys.copy()
        polys[changed] = rebuilt[changed]
        merged = assemble(polys, owner)
        for t in targets:
            out[t] = merged[int(t)]
    rest = ~placed
    if rest.any():
        out = subtract(ops, out, index[rest], holes[rest])
    return out
