"""Construction projects (points, lines, polygons)."""

from __future__ import annotations

import numpy as np
import shapely

from .shapes import _polyline, _sample_in, _short, _site
from .spec import _PHASES, PROJECT_TEMPLATES, SAMPLE_CITY


class ProjectsBuilder:
    """Construction projects (points, lines, polygons). (A mixin of ``City``: reads and sets its state.)"""

    def build_projects(self):
        s = self.s
        rng = self.rng("projects")
        nt = len(PROJECT_TEMPLATES)
        if s.projects >= nt:
            order = list(range(nt)) + list(rng.integers(0, nt, s.projects - nt))
        else:
            order = list(range(s.projects))
        city = self.prefecture_names[self.county_pref[0][:4]] if self.county_pref else SAMPLE_CITY
        red_tree = shapely.STRtree(self.red_line_clean)
        urban_ok = np.flatnonzero(~shapely.is_missing(self.urban))
        rows = {"point": [], "line": [], "polygon": []}
        seen_names: dict[str, int] = {}
        chem = [j for j, t in enumerate(self.park_type) if t == "化工园区"]
        road_no = 200 + int(rng.integers(1, 90))
        for k, t in enumerate(order):
            kind, place, xmmc, hydm, hymc, jsdw = PROJECT_TEMPLATES[t]
            park = (
                int(rng.choice(chem))
                if place == "park:化工园区" and chem
                else int(rng.integers(len(self.parks)))
            )
            county = int(self.park_county[park])
            fields = {
                "park": self.park_attrs["YQMC"][park],
                "city": _short(city),
                "num": road_no + k,
            }
            geom = None
            if place.startswith("park"):
                pg = self.parks[park]
                if place == "park_edge":
                    ring = shapely.get_exterior_ring(shapely.get_parts(pg)[0])
                    c = shapely.get_coordinates(
                        shapely.line_interpolate_point(ring, rng.uniform(), normalized=True)
                    )[0]
                    geom = _site(rng, c, rng.uniform(0.4e6, 1.2e6))
                elif kind == "point":
                    geom = shapely.points(_sample_in(rng, pg, 1)[0])
                else:
                    inner = shapely.buffer(pg, -400)
                    c = _sample_in(rng, inner if not inner.is_empty else pg, 1)[0]
                    geom = shapely.intersection(_site(rng, c, rng.uniform(0.3e6, 0.8e6)), pg)
            elif place == "water":
                j = int(rng.integers(len(self.water_points)))
                w2 = self.water[2 * j + 1]
                geom = (
                    shapely.points(_sample_in(rng, w2, 1)[0])
                    if w2 is not None
                    else shapely.points(self.water_points[j])
                )
                county = int(self.county_of(shapely.get_coordinates(geom))[0])
            elif place == "urban":
                county = int(rng.choice(urban_ok))
                core = (
                    self.urban_core[county]
                    if self.urban_core[county] is not None
                    else self.urban[county]
                )
                inner = shapely.intersection(shapely.buffer(core, -800), self.counties[county])
                c = _sample_in(rng, inner if inner.area > 1e6 else core, 1)[0]
                geom = _site(rng, c, rng.uniform(0.3e6, 1.0e6))
            elif place == "general":
                for _ in range(100):
                    c = _sample_in(rng, self.outline, 1)[0]
                    p = shapely.points(c)
                    if (
                        not len(red_tree.query(p, predicate="intersects"))
                        and not any(shapely.intersects(self.urban[urban_ok], p))
                        and not any(shapely.intersects(self.parks, p))
                    ):
                        break
                geom = p
                county = int(self.county_of(c[None, :])[0])
            elif place == "red_line":
                j = int(rng.integers(self.red_big_forced, len(self.red_big)))
                ring = shapely.get_exterior_ring(shapely.get_parts(self.red_big[j])[0])
                c = shapely.get_coordinates(
                    shapely.line_interpolate_point(ring, rng.uniform(), normalized=True)
                )[0]
                geom = _site(rng, c, rng.uniform(2e6, 5e6))
                county = int(self.county_of(c[None, :])[0])
                fields["mountain"] = self.mountain_name[self.relief.nearest(c[None, :])[0]]
            elif place == "pipeline":
                # from a park to a far township (another county, at most 120 km away),
                # by way of a red-line patch, in a third county where there is one
                start = _sample_in(rng, self.parks[park], 1)[0]
                a = county
                dist = np.hypot(*(self.township_seed - start).T)
                other = self.township_county != a if len(self.counties) > 1 else dist > 0
                score = np.where(other & (dist <= 120e3), dist, -1.0)
                t = int(np.argmax(score))
                end, b = self.township_seed[t], int(self.township_county[t])
                mid = (start + end) / 2
                reps = shapely.get_coordinates(
                    shapely.point_on_surface(self.red_big[self.red_big_forced :])
                )
                rc = self.county_of(reps)
                d = shapely.distance(shapely.points(reps), shapely.linestrings([start, end]))
                d = d + np.where((rc != a) & (rc != b), 0, 20e3) + 0.3 * np.hypot(*(reps - mid).T)
                way = reps[int(np.argmin(d))]
                geom = shapely.linestrings(_polyline(rng, [start, way, end], 300.0, 0.03))
            elif place == "road_outside":
                county = int(rng.integers(len(self.counties)))
                seat = self.seat[county]
                ext = self.outline.boundary
                near = shapely.get_coordinates(
                    shapely.line_interpolate_point(ext, ext.project(shapely.points(seat)))
                )[0]
                out = near + (near - seat) / max(np.hypot(*(near - seat)), 1.0) * rng.uniform(
                    5e3, 9e3
                )
                geom = shapely.linestrings(_polyline(rng, [out, near, seat], 250.0, 0.02))
            elif place == "local_road":
                county = int(rng.integers(len(self.counties)))
                tw = np.flatnonzero(self.township_county == county)
                pair = (
                    rng.choice(tw, 2, replace=False) if len(tw) >= 2 else np.array([tw[0], tw[0]])
                )
                p, q = self.township_seed[pair[0]], self.township_seed[pair[1]]
                if pair[0] == pair[1]:
                    q = p + rng.uniform(-6e3, 6e3, 2)
                geom = shapely.linestrings(_polyline(rng, [p, q], 200.0, 0.03))
                fields["town"] = self.township_name[pair[0]]
                fields["town2"] = self.township_name[pair[1]]
            short = _short(self.county_name[county])
            fields["short"] = short
            fields.setdefault("mountain", self.mountain_name[0])
            fields.setdefault("town", "")
            fields.setdefault("town2", "")
            name = xmmc.format(**fields)
            if name in seen_names:
                seen_names[name] += 1
                n = seen_names[name]
                name = f"{name}（{_PHASES[n - 2] if n - 2 < len(_PHASES) else n}期）"
            else:
                seen_names[name] = 1
            if kind == "polygon":
                geom = shapely.get_parts(geom)[np.argmax(shapely.area(shapely.get_parts(geom)))]
            rows[kind].append((geom, name, hydm, hymc, jsdw.format(**fields)))
        self.projects = rows
