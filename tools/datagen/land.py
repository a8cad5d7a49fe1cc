"""Urban boundary, farmland and the key air-quality area."""

from __future__ import annotations

import math

import numpy as np
import shapely

from .shapes import _blobs, _corrupt, _Greedy, _multi, _sample_in
from .spec import HIGH_EMISSION_PARKS


class LandBuilder:
    """Urban boundary, farmland and the key air-quality area. (A mixin of ``City``: reads and sets its state.)"""

    def build_urban(self):
        rng = self.rng("urban")
        nc = len(self.counties)
        parts, owner = [], []
        core_of = [None] * nc
        city_core = {}
        for i in range(nc):
            kind, pref, seat = self.county_kind[i], self.county_pref[i], self.seat[i]
            if kind == "区" and self.county_rank[i] < 2:  # the city core spans two districts
                if pref not in city_core:
                    city_core[pref] = _blobs(
                        rng,
                        seat,
                        rng.uniform(70e6, 110e6),
                        n_vert=128,
                        rough=(0.25, 0.4),
                        aspect=(1.0, 1.8),
                        harmonics=24,
                    )[0]
                    parts.append(city_core[pref])
                    owner.append(-1)
                core_of[i] = city_core[pref]
            else:
                lo, hi = {"区": (30e6, 50e6), "市": (30e6, 45e6), "县": (18e6, 35e6)}[kind]
                core_of[i] = _blobs(
                    rng,
                    seat,
                    rng.uniform(lo, hi),
                    n_vert=96,
                    rough=(0.25, 0.4),
                    aspect=(1.0, 1.8),
                    harmonics=20,
                )[0]
                parts.append(core_of[i])
                owner.append(-1)
            tw = np.flatnonzero(self.township_county == i)
            d = np.hypot(*(self.township_seed[tw] - seat).T)
            for t in tw[np.argsort(d)][1 : 1 + int(rng.integers(1, 4))]:
                parts.append(
                    _blobs(rng, self.township_seed[t], rng.uniform(2e6, 6e6), harmonics=10)[0]
                )
                owner.append(i)
        per_county = [[] for _ in range(nc)]
        for g, o in zip(parts, owner):
            if o >= 0:
                per_county[o].append(g)
            else:  # cores: every county they reach
                for c in self.county_tree.query(g, predicate="intersects"):
                    per_county[c].append(g)
        geoms = np.array([shapely.union_all(p) for p in per_county], dtype=object)
        self.urban = _multi(shapely.intersection(geoms, self.counties), "polygon", 1000.0)
        self.urban_core = np.array(core_of, dtype=object)

    def build_farmland(self):
        s = self.s
        rng = self.rng("farmland")
        present = lambda g: g[~shapely.is_missing(g)]  # noqa: E731
        avoid = (  # (polygons, share of parcels kept when their centroid is inside)
            (present(self.red_line_clean), 0.03),
            (present(self.urban), 0.05),
            (present(self.parks), 0.1),
            (present(self.water[0::2]), 0.0),
        )
        rivers = present(self.rivers)
        parts_all = []
        have = 0
        batch = 0
        while have < 1.15 * s.farmland and batch < 40:
            m = int((1.15 * s.farmland - have) / 8) + 30
            plains = (lambda xy: 0.05 + 0.95 * (1 - self.relief(xy)) ** 2) if batch < 3 else None
            centre = _sample_in(rng, self.outline, m, weight=plains)
            nx = rng.integers(2, 10, m)
            ny = rng.integers(2, 7, m)
            w = rng.uniform(320, 750, m) * s.parcel_size
            h = rng.uniform(240, 600, m) * s.parcel_size
            ang = rng.uniform(0, math.pi, m)
            gap = rng.uniform(25, 50, m)
            # cluster footprints (for non-overlap between clusters)
            hw, hh = nx * w / 2 + 30, ny * h / 2 + 30
            fu = np.stack([-hw, hw, hw, -hw], axis=1)
            fv = np.stack([-hh, -hh, hh, hh], axis=1)
            ca, sa = np.cos(ang)[:, None], np.sin(ang)[:, None]
            fx = centre[:, 0, None] + fu * ca - fv * sa
            fy = centre[:, 1, None] + fu * sa + fv * ca
            foot = shapely.polygons(np.stack([fx, fy], axis=2))
            if parts_all:
                prev = shapely.STRtree(np.concatenate([p[1] for p in parts_all]))
                blocked = np.zeros(m, bool)
                blocked[prev.query(foot, predicate="intersects")[0]] = True
            else:
                blocked = None
            taken = _Greedy(foot, blocked).take(np.arange(m))
            taken = np.sort(taken)
            nx, ny, w, h, ang, gap, centre = (v[taken] for v in (nx, ny, w, h, ang, gap, centre))
            k = len(taken)
            cells = nx * ny
            cid = np.repeat(np.arange(k), cells)
            local = np.arange(cells.sum()) - np.repeat(np.cumsum(cells) - cells, cells)
            ci = local % nx[cid]
            cj = local // nx[cid]
            # shared jittered nodes
            nodes = (nx + 1) * (ny + 1)
            noff = np.cumsum(nodes) - nodes
            jit = rng.uniform(-0.12, 0.12, (nodes.sum(), 2))
            # corner (i, j) of every cell, from the jittered node grid of its cluster
            cnx, cny, cw, ch, cnoff = nx[cid], ny[cid], w[cid], h[cid], noff[cid]
            corners = []
            for di, dj in ((0, 0), (1, 0), (1, 1), (0, 1)):
                n_id = cnoff + (cj + dj) * (cnx + 1) + ci + di
                corners.append(
                    (
                        (ci + di + jit[n_id, 0]) * cw - cnx * cw / 2,
                        (cj + dj + jit[n_id, 1]) * ch - cny * ch / 2,
                    )
                )
            cx = np.stack([c[0] for c in corners], axis=1)
            cy = np.stack([c[1] for c in corners], axis=1)
            mx, my = cx.mean(axis=1, keepdims=True), cy.mean(axis=1, keepdims=True)
            size = np.minimum(w, h)[cid][:, None]
            f = 1 - gap[cid][:, None] / size
            cx, cy = mx + (cx - mx) * f, my + (cy - my) * f
            # edge midpoints with a little noise
            ex = (cx + np.roll(cx, -1, axis=1)) / 2
            ey = (cy + np.roll(cy, -1, axis=1)) / 2
            dx, dy = np.roll(cx, -1, axis=1) - cx, np.roll(cy, -1, axis=1) - cy
            ln = np.hypot(dx, dy)
            e = rng.uniform(-0.3, 0.3, ex.shape) * gap[cid][:, None]
            ex, ey = ex + e * dy / ln, ey - e * dx / ln
            px = np.stack([cx, ex], axis=2).reshape(len(cid), 8)
            py = np.stack([cy, ey], axis=2).reshape(len(cid), 8)
            ca, sa = np.cos(ang)[cid][:, None], np.sin(ang)[cid][:, None]
            gx = centre[cid, 0, None] + px * ca - py * sa
            gy = centre[cid, 1, None] + px * sa + py * ca
            ring = np.stack(
                [np.concatenate([gx, gx[:, :1]], 1), np.concatenate([gy, gy[:, :1]], 1)], axis=2
            )
            keep = rng.uniform(size=len(cid)) < 0.85
            parcels = shapely.polygons(ring[keep])
            pcl = cid[keep] + batch * 10_000_000
            # filters
            cen = shapely.centroid(parcels)
            cxy = shapely.get_coordinates(cen)
            ok = shapely.contains_xy(self.outline, cxy[:, 0], cxy[:, 1])
            u = rng.uniform(size=len(parcels))
            # the polygons are the query input: GEOS prepares them, points are cheap
            ctree = shapely.STRtree(cen)
            for polys, p_keep in avoid:
                hit = np.zeros(len(parcels), bool)
                hit[ctree.query(polys, predicate="intersects")[1]] = True
                ok &= ~hit | (u < p_keep)
            hit = np.zeros(len(parcels), bool)
            hit[shapely.STRtree(parcels).query(rivers, predicate="intersects")[1]] = True
            ok &= ~hit
            parts_all.append((parcels[ok], foot[taken], pcl[ok]))
            have += int(ok.sum())
            batch += 1
        parcels = np.concatenate([p[0] for p in parts_all])
        pcl = np.concatenate([p[2] for p in parts_all])
        # take whole clusters in random order until the count is reached
        ucl, first = np.unique(pcl, return_index=True)
        corder = rng.permutation(len(ucl))
        rank = np.empty(len(ucl), int)
        rank[corder] = np.arange(len(ucl))
        prank = rank[np.searchsorted(ucl, pcl)]
        porder = np.lexsort((np.arange(len(pcl)), prank))
        parcels, pcl = parcels[porder], pcl[porder]
        # a few multipart features: a parcel joined with the next one of the same cluster
        merge = np.zeros(len(parcels), bool)
        cand = np.flatnonzero((pcl[1:] == pcl[:-1]) & (rng.uniform(size=len(pcl) - 1) < 0.02)) + 1
        merge[cand] = True
        merge[1:][merge[:-1] & merge[1:]] = False
        fid = np.cumsum(~merge) - 1
        sel = fid < s.farmland
        if fid[-1] + 1 < s.farmland:
            raise RuntimeError(f"farmland: only {fid[-1] + 1} parcels fit, {s.farmland} wanted")
        geoms = np.full(s.farmland, None, dtype=object)
        shapely.multipolygons(parcels[sel], indices=fid[sel], out=geoms)
        county = self.county_of(shapely.get_coordinates(shapely.point_on_surface(geoms)))
        codes = np.array(self.county_code)[county]
        tbbh = [None] * len(geoms)
        counter: dict[str, int] = {}
        for j, c in enumerate(codes):
            counter[c] = counter.get(c, 0) + 1
            tbbh[j] = f"{c}{counter[c]:06d}"
        self.farmland_clean = geoms.copy()
        n_bad = max(1, round(0.002 * len(geoms)))
        for k, j in enumerate(rng.choice(len(geoms), n_bad, replace=False)):
            geoms[j] = _corrupt(geoms[j], k % 2, rng)
        self.farmland = geoms
        self.farmland_attrs = {"TBBH": tbbh, "XZQDM": list(codes)}

    def build_key_air(self):
        geoms, names, codes, kinds = [], [], [], []
        for i in range(len(self.counties)):
            core = self.urban_core[i]
            if core is None:
                continue
            g = shapely.intersection(shapely.buffer(core, 2500, quad_segs=6), self.counties[i])
            geoms.append(g)
            names.append(f"{self.county_name[i]}大气环境受体敏感重点管控区")
            codes.append(self.county_code[i])
            kinds.append("受体敏感区")
        for j, t in enumerate(self.park_type):
            if t in HIGH_EMISSION_PARKS:
                i = self.park_county[j]
                geoms.append(
                    shapely.intersection(
                        shapely.buffer(self.parks[j], 1500, quad_segs=6), self.counties[i]
                    )
                )
                names.append(f"{self.park_attrs['YQMC'][j]}大气环境高排放重点管控区")
                codes.append(self.county_code[i])
                kinds.append("高排放区")
        self.key_air = _multi(np.array(geoms, dtype=object), "polygon", 1000.0)
        self.key_air_attrs = {"MC": names, "XZQDM": codes, "GKLX": kinds}
