"""Counties and townships, mountain names."""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely import ops

from .shapes import (
    _alloc,
    _fractal_tessellation,
    _lloyd,
    _names,
    _Relief,
    _sample_in,
    _star_coords,
    _Warp,
)
from .spec import (
    _COUNTY_A,
    _COUNTY_B,
    _MOUNTAIN_SUFFIX,
    _NAME_A,
    _NAME_B,
    PROVINCE_PREFIX,
    SAMPLE_CITY,
    SAMPLE_COUNTIES,
    SAMPLE_DISTRICTS,
)


class AdminBuilder:
    """Counties and townships, mountain names. (A mixin of ``City``: reads and sets its state.)"""

    def build_admin(self):
        s = self.s
        rng = self.rng("outline")
        area = s.area_km2 * 1e6
        coords = _star_coords(
            rng, [(0.0, 0.0)], [area], 720, [0.45], [1.2], [rng.uniform(0, math.pi)], 48
        )
        outline = shapely.polygons(coords)[0]
        county_size = math.sqrt(area / s.counties)
        self.warp = _Warp(rng, [1.5 * county_size, 0.5 * county_size], 0.5)
        self.warp_township = _Warp(rng, [6000.0, 2000.0], 0.05)
        self.warp_other = _Warp(rng, [8000.0, 2500.0], 0.06)

        # prefectures, then counties (Voronoi of Lloyd-relaxed seeds, natural borders)
        rng = self.rng("counties")
        pseeds, _ = _lloyd(_sample_in(rng, outline, s.prefectures), outline, 5)
        seeds, cells = _lloyd(_sample_in(rng, outline, s.counties), outline, 4)
        cells = _fractal_tessellation(self.rng("county_borders"), cells, seeds, 0.035, 100.0)
        outline = shapely.union_all(cells)
        self.outline_local = outline
        self.outline = self.warp.geoms(outline, 100.0)  # the county source's outline
        self.outline_other = self.warp_other.geoms(self.outline, 100.0)  # another source's
        shapely.prepare(self.outline)
        shapely.prepare(self.outline_other)
        self.relief = _Relief(self.rng("relief"), self.outline, max(2, round(s.area_km2 / 1500)))
        centroids = shapely.get_coordinates(shapely.point_on_surface(cells))
        pref_of = ((centroids[:, None, :] - pseeds[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        # prefecture codes run north to south, west to east
        porder = np.lexsort((pseeds[:, 0], -pseeds[:, 1]))
        prank = np.empty_like(porder)
        prank[porder] = np.arange(len(porder))

        county_rows = []  # (cell index, code, name, kind, seat xy local, prefecture, rank)
        pref_names = [SAMPLE_CITY] + _names(
            rng, s.prefectures - 1, _COUNTY_A, "州阳川宁安源", "市", taken={SAMPLE_CITY}
        )
        fixed = set(SAMPLE_DISTRICTS + SAMPLE_COUNTIES)
        gen_names = iter(
            _names(rng, s.counties + 8, _COUNTY_A, _COUNTY_B, taken={n[:-1] for n in fixed})
        )
        self.prefecture_names = {}
        for p in porder:
            members = np.flatnonzero(pref_of == p)
            if not len(members):
                continue
            pcode = f"{PROVINCE_PREFIX}{prank[p] + 1:02d}"
            self.prefecture_names[pcode] = pref_names[prank[p]]
            seat = pseeds[p]
            dist = shapely.distance(cells[members], shapely.points(seat))
            members = members[np.argsort(dist, kind="stable")]
            nc = len(members)
            n_d = 0 if nc == 1 else int(np.clip(round(nc * 0.3 + 1), 1, 4))
            if n_d >= 2:  # the city seat sits on the border of the two central districts
                shared = shapely.intersection(
                    cells[members[0]].boundary, cells[members[1]].boundary
                )
                if not shared.is_empty:
                    near = ops.nearest_points(shared, shapely.points(seat))[0]
                    seat = shapely.get_coordinates(near)[0]
            first_pref = prank[p] == 0
            for k, ci in enumerate(members):
                own_seat = seeds[ci]
                if not cells[ci].contains(shapely.points(own_seat)):
                    own_seat = shapely.get_coordinates(shapely.point_on_surface(cells[ci]))[0]
                if k < n_d:
                    code = f"{pcode}{k + 2:02d}"
                    name = SAMPLE_DISTRICTS[k] if first_pref and k < 2 else next(gen_names) + "区"
                    kind = "区"
                    cseat = seat if k < 2 else own_seat
                else:
                    j = k - n_d
                    is_city = nc >= 6 and k == nc - 1
                    code = f"{pcode}{81 if is_city else 21 + j:02d}"
                    kind = "市" if is_city else "县"
                    name = SAMPLE_COUNTIES[0] if first_pref and j == 0 else next(gen_names) + kind
                    cseat = own_seat
                county_rows.append((ci, code, name, kind, np.asarray(cseat, float), pcode, k))
        county_rows.sort(key=lambda r: r[1])
        self.county_cells_local = np.array([cells[r[0]] for r in county_rows], dtype=object)
        self.county_code = [r[1] for r in county_rows]
        self.county_name = [r[2] for r in county_rows]
        self.county_kind = [r[3] for r in county_rows]
        self.county_pref = [r[5] for r in county_rows]
        self.county_rank = [r[6] for r in county_rows]
        self.seat_local = np.array([r[4] for r in county_rows])
        self.seat = self.warp(self.seat_local)
        self.counties = self.warp.geoms(self.county_cells_local, 100.0)
        shapely.prepare(self.counties)
        self.county_tree = shapely.STRtree(self.counties)

        # townships: Voronoi cells inside each county
        rng = self.rng("townships")
        areas = shapely.area(self.county_cells_local)
        counts = _alloc(s.townships, areas, minimum=min(2, s.townships // s.counties))
        t_cells, t_seeds, t_county = [], [], []
        rng_b = self.rng("township_borders")
        for i, (cell, m) in enumerate(zip(self.county_cells_local, counts)):
            sd, tc = _lloyd(_sample_in(rng, cell, int(m)), cell, 2)
            if len(tc) > 1:
                tc = _fractal_tessellation(rng_b, tc, sd, 0.045, 80.0, fixed=cell.boundary)
            t_cells.extend(tc)
            t_seeds.append(sd)
            t_county.extend([i] * len(tc))
        t_cells = np.array(t_cells, dtype=object)
        t_seeds = np.concatenate(t_seeds)
        t_county = np.array(t_county)
        t_seeds_final = self.warp(t_seeds)
        hill = self.relief(t_seeds_final)
        names = _names(rng, len(t_cells), _NAME_A, _NAME_B)
        codes = []
        for i in range(len(self.counties)):
            idx = np.flatnonzero(t_county == i)
            d = shapely.distance(t_cells[idx], shapely.points(self.seat_local[i]))
            d2 = np.hypot(*(t_seeds[idx] - self.seat_local[i]).T)
            order = idx[np.lexsort((d2, d))]
            kind = self.county_kind[i]
            n_street = {"区": max(2, round(0.35 * len(idx))), "市": 2, "县": 1}[kind]
            n_street = min(n_street, len(idx))
            serial = {"街道": 0, "镇": 100, "乡": 200}
            for rank, t in enumerate(order):
                if rank < n_street:
                    suffix = "街道"
                elif hill[t] > 0.4 and kind != "区":
                    suffix = "乡"
                else:
                    suffix = "镇"
                serial[suffix] += 1
                codes.append((t, f"{self.county_code[i]}{serial[suffix]:03d}", names[t] + suffix))
        codes.sort(key=lambda r: r[1])
        tidx = np.array([c[0] for c in codes])
        self.township_local = t_cells[tidx]
        self.township_code = [c[1] for c in codes]
        self.township_name = [c[2] for c in codes]
        self.township_county = t_county[tidx]
        self.township_seed = t_seeds_final[tidx]
        self.townships = self.warp_township.geoms(self.warp.geoms(self.township_local, 100.0))

    def county_of(self, xy: np.ndarray) -> np.ndarray:
        """Index of the county holding each point (the nearest one for points outside)."""
        pts = shapely.points(np.atleast_2d(xy))
        out = np.full(len(pts), -1, dtype=np.int64)
        ci, pi = shapely.STRtree(pts).query(self.counties, predicate="contains")
        out[pi] = ci
        miss = np.flatnonzero(out < 0)
        if len(miss):
            _, ci = self.county_tree.query_nearest(pts[miss], all_matches=False)
            out[miss] = ci
        return out

    def build_mountain_names(self):
        rng = self.rng("mountains")
        n = self.relief.n
        stems = _names(rng, n, _NAME_A, _NAME_B[:4] + "岩石云", "")
        suffix = rng.choice(len(_MOUNTAIN_SUFFIX), n)
        self.mountain_name = [st + _MOUNTAIN_SUFFIX[k] for st, k in zip(stems, suffix)]
        if self.scale_name in ("sample", "county", "city"):
            self.mountain_name[0] = "翠岭"
