"""Rivers and drinking-water source areas."""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely import ops

from .shapes import _blobs, _clip, _explode, _meander, _multi, _names, _sample_in
from .spec import _NAME_A, _NAME_B, _RIVER_SUFFIX, SAMPLE_TRUNK_RIVER


class WaterBuilder:
    """Rivers and drinking-water source areas. (A mixin of ``City``: reads and sets its state.)"""

    def build_rivers(self):
        s = self.s
        rng = self.rng("rivers")
        x0, y0, x1, y1 = shapely.bounds(self.outline)
        reach = 0.75 * math.hypot(x1 - x0, y1 - y0)
        # the trunk passes the first city's seat
        ang = rng.uniform(-0.5, 0.5)
        d = np.array([math.cos(ang), math.sin(ang)])
        p0 = self.seat[0] + np.array([-d[1], d[0]]) * rng.uniform(800, 2000)
        trunk = _meander(rng, p0 - d * reach, p0 + d * reach, 200.0, 0.03, 64)
        trunk += p0 - trunk[np.argmin(np.hypot(*(trunk - p0).T))]  # the city stays on its bank
        lines = [trunk]
        level = [0]
        # long rivers from the edge of the area into the trunk
        edge = shapely.get_coordinates(self.outline.boundary)
        trunk = shapely.linestrings(lines[0])
        for _ in range(s.main_rivers - 1):
            for _try in range(50):
                st = edge[rng.integers(len(edge))]
                if trunk.distance(shapely.points(st)) > 0.3 * reach:
                    break
            mouth = shapely.line_interpolate_point(trunk, trunk.project(shapely.points(st)))
            end = shapely.get_coordinates(mouth)[0]
            lines.append(_meander(rng, st + (st - end) * 0.05, end, 200.0, 0.05, 48))
            level.append(1)
        # tributaries: sources in the hills, mouths on the nearest river
        t = s.tributaries
        n2 = t // 3 if s.main_rivers > 1 else math.ceil(0.6 * t)
        for lvl, n in ((2, n2), (3, t - n2)):
            if n <= 0:
                continue
            geoms = np.array([shapely.linestrings(c) for c in lines], dtype=object)
            tree = shapely.STRtree(geoms)
            cand = _sample_in(
                rng, self.outline, 6 * n + 20, weight=lambda xy: 0.1 + 0.9 * self.relief(xy)
            )
            pts = shapely.points(cand)
            (_, ri), dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
            lo, hi = (6e3, 40e3) if lvl == 2 else (3e3, 20e3)
            ok = np.flatnonzero((dist > lo) & (dist < hi))
            chosen = []  # sources spread out
            spacing = 0.5 * math.sqrt(s.area_km2 * 1e6 / max(n, 1))
            for i in ok:
                if len(chosen) >= n:
                    break
                if chosen and np.min(np.hypot(*(cand[chosen] - cand[i]).T)) < spacing:
                    continue
                chosen.append(i)
            for i in chosen:
                g = geoms[ri[i]]
                loc = min(g.project(pts[i]) + rng.uniform(0, 0.2) * dist[i], g.length)
                end = shapely.get_coordinates(shapely.line_interpolate_point(g, loc))[0]
                lines.append(_meander(rng, cand[i], end, 150.0, 0.07, 32))
                level.append(lvl)
        self.river_lines = np.array([shapely.linestrings(c) for c in lines], dtype=object)
        self.river_level = np.array(level)
        stems = _names(rng, len(lines), _NAME_A, _NAME_B)
        suffix = rng.choice(len(_RIVER_SUFFIX), len(lines), p=(0.5, 0.25, 0.15, 0.1))
        names = [st + _RIVER_SUFFIX[k] for st, k in zip(stems, suffix)]
        big = self.scale_name in ("sample", "county", "city")
        names[0] = SAMPLE_TRUNK_RIVER if big else stems[0][0] + "江"
        for i in range(1, len(lines)):
            if level[i] == 1 and stems[i][0] + "江" not in names:
                names[i] = stems[i][0] + "江"
        self.river_name = names
        self.rivers = _multi(_clip(self.river_lines, self.outline_other), "line", 1.0)

    def build_water(self):
        s = self.s
        rng = self.rng("water")
        nc = len(self.counties)
        county = np.array([i % nc for i in range(s.water_sources)])
        if s.water_sources < nc:
            county = np.sort(rng.choice(nc, s.water_sources, replace=False))
        res_names = iter(_names(rng, s.water_sources, _NAME_A, _NAME_B))
        geoms, names, levels = [], [], []
        self.water_points = []
        for k, i in enumerate(county):
            reservoir = k % 3 == 2
            cname = self.county_name[i]
            if not reservoir:  # a river intake: the county's river stretch nearest its seat
                seat = shapely.points(self.seat[i])
                parts, ridx = _explode(shapely.intersection(self.river_lines, self.counties[i]))
                longer = shapely.length(parts) > 3e3
                if not longer.any():
                    reservoir = True
            if not reservoir:
                parts, ridx = parts[longer], ridx[longer]
                near = shapely.distance(parts, seat) - 0.2 * shapely.length(parts)
                k_best = int(np.argmin(near))
                line, r = parts[k_best], int(ridx[k_best])
                half = min(3500.0, line.length / 2)
                at = line.project(seat) + (-1) ** k * rng.uniform(3e3, 6e3)
                at = float(np.clip(at, half, line.length - half))
                first = shapely.buffer(
                    ops.substring(line, at - half / 3.5, at + half / 3.5),
                    rng.uniform(150, 250),
                    quad_segs=6,
                )
                second = shapely.buffer(
                    ops.substring(line, at - half, at + 0.7 * half),
                    rng.uniform(800, 1200),
                    quad_segs=6,
                )
                intake = shapely.get_coordinates(shapely.line_interpolate_point(line, at))
                tw = np.flatnonzero(self.township_county == i)
                t = int(tw[np.argmin(np.hypot(*(self.township_seed[tw] - intake).T))])
                town = (
                    self.township_name[t].removesuffix("街道").removesuffix("镇").removesuffix("乡")
                )
                title = f"{cname}{self.river_name[r]}{town}水厂饮用水水源保护区"
            else:  # a reservoir in the hills
                cell = self.counties[i]
                c = _sample_in(rng, cell, 1, weight=lambda xy: 0.05 + self.relief(xy))[0]
                lake = _blobs(
                    rng, c, rng.uniform(1e6, 4e6), n_vert=64, rough=(0.35, 0.55), harmonics=16
                )[0]
                first = shapely.buffer(lake, 200, quad_segs=6)
                second = _blobs(rng, c, 12 * lake.area, n_vert=64, rough=(0.2, 0.35), harmonics=12)[
                    0
                ]
                second = shapely.union(second, shapely.buffer(lake, 1500, quad_segs=6))
                title = f"{cname}{next(res_names)}水库饮用水水源保护区"
            second = shapely.difference(second, first)
            geoms += [first, second]
            names += [title, title]
            levels += ["一级保护区", "二级保护区"]
            self.water_points.append(shapely.get_coordinates(shapely.point_on_surface(second))[0])
        geoms = _clip(np.array(geoms, dtype=object), self.outline_other)
        self.water = _multi(geoms, "polygon", 100.0)
        self.water_attrs = {"SYMC": names, "BHQJB": levels}
