"""Red line and nature reserves."""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely import ops

from .shapes import _blobs, _clip, _corrupt, _Greedy, _log_uniform, _multi, _sample_in, _star_coords
from .spec import (
    _NAME_A,
    RED_LINE_RIVER_TYPE,
    RED_LINE_TYPES,
    RESERVE_LEVELS,
    RESERVE_TYPE_WEIGHTS,
    RESERVE_TYPES,
)


class ProtectedBuilder:
    """Red line and nature reserves. (A mixin of ``City``: reads and sets its state.)"""

    def build_red_line(self):
        s = self.s
        rng = self.rng("red_line")
        land = shapely.area(self.outline_other)
        target_area = 0.25 * land
        urban = self.urban[~shapely.is_missing(self.urban)]
        urban_all = shapely.union_all(urban)

        # river corridors: the trunk and long rivers (plus some tributaries), cut per county
        pick = self.river_level <= 1
        extra = np.flatnonzero(self.river_level >= 2)
        n_extra = round(0.1 * len(extra)) if self.scale_name != "sample" else 0
        pick[rng.choice(extra, n_extra, replace=False)] = True
        width = np.where(
            self.river_level <= 1,
            rng.uniform(250, 450, len(pick)),
            rng.uniform(120, 200, len(pick)),
        )
        idx = np.flatnonzero(pick)
        buf = shapely.buffer(self.river_lines[idx], width[idx], quad_segs=4)
        buf = shapely.difference(_clip(buf, self.outline_other), urban_all)
        ri, ci = self.county_tree.query(buf, predicate="intersects")
        pieces = shapely.intersection(buf[ri], self.counties[ci])
        keep = shapely.area(pieces) > 0.05e6
        corr = pieces[keep]
        corr_river = idx[ri[keep]]
        corr_area = float(shapely.area(corr).sum())

        # blob candidates: big ones carry the area, small ones the count
        big_lo, big_hi, small_lo, small_hi = 3e6, 250e6, 0.02e6, 1.5e6
        mean_big = (big_hi - big_lo) / math.log(big_hi / big_lo)
        mean_small = (small_hi - small_lo) / math.log(small_hi / small_lo)
        n_big_guess = max((target_area - corr_area) / mean_big, 1.0)
        n_small_est = max(s.red_line - len(corr) - 1 - n_big_guess, 2)
        big_target = max(target_area - corr_area - n_small_est * mean_small, 0.4 * target_area)
        n_big_cand = int(8 * big_target / mean_big) + 50
        n_small_cand = int(1.6 * n_small_est) + 40

        # forced conflicts: blobs on the outer edge of a few parks
        n_forced = min(max(1, round(0.2 * s.parks)), len(self.parks))
        forced_xy = []
        for p in rng.choice(len(self.parks), n_forced, replace=False):
            part = shapely.get_parts(self.parks[p])[0]
            ring = shapely.get_coordinates(shapely.get_exterior_ring(part))
            seat = self.seat[self.park_county[p]]
            forced_xy.append(ring[np.argmax(np.hypot(*(ring - seat).T))])
        forced = _blobs(
            rng, np.array(forced_xy), rng.uniform(3e6, 8e6, n_forced), n_vert=64, harmonics=14
        )
        big = _blobs(
            rng,
            _sample_in(
                rng, self.outline, n_big_cand, lambda xy: 0.03 + 0.97 * self.relief(xy) ** 1.5
            ),
            _log_uniform(rng, big_lo, big_hi, n_big_cand),
            n_vert=96,
            rough=(0.35, 0.6),
            aspect=(1.0, 2.6),
            harmonics=24,
        )

        def small_blobs(m, hills=True):
            weight = (lambda xy: 0.15 + 0.85 * self.relief(xy)) if hills else None
            return _blobs(
                rng,
                _sample_in(rng, self.outline, m, weight),
                _log_uniform(rng, small_lo, small_hi, m),
                n_vert=24,
                rough=(0.2, 0.45),
                aspect=(1.0, 2.0),
                harmonics=6,
            )

        def usable(geoms):
            geoms = _clip(geoms, self.outline_other)
            ok = ~shapely.is_missing(geoms)
            ok[ok] = shapely.area(geoms[ok]) > 1000.0
            geoms = _multi(geoms, "polygon", 1.0)
            ok &= ~shapely.is_missing(geoms)
            geoms[~ok] = shapely.Polygon()
            return geoms, ok

        small = small_blobs(n_small_cand)
        nf, nb = len(forced), len(big)
        cand, ok = usable(np.concatenate([forced, big, small]))
        greedy = _Greedy(cand)
        greedy.banned |= ~ok
        parks = self.parks[~shapely.is_missing(self.parks)]
        greedy.block_intersecting(np.concatenate([urban, parks]))
        greedy.banned[:nf] = ~ok[:nf]
        t_forced = greedy.take(np.arange(nf))
        bias = shapely.area(cand[nf : nf + nb]) * rng.uniform(0.1, 1.0, nb)  # larger ones first
        t_big = greedy.take(nf + np.argsort(-bias, kind="stable"), area=big_target)
        big_geoms = list(cand[np.concatenate([t_forced, t_big])])
        # corridors fill in around the big blobs; small blobs keep clear of both
        bt = shapely.STRtree(np.array(big_geoms, dtype=object))
        ci, bi = bt.query(corr, predicate="intersects")
        corr = corr.copy()
        for k in np.unique(ci):
            corr[k] = shapely.difference(
                corr[k], shapely.union_all(np.array(big_geoms, dtype=object)[bi[ci == k]])
            )
        corr = _multi(corr, "polygon", 1.0)
        ok = ~shapely.is_missing(corr)
        ok[ok] = shapely.area(corr[ok]) > 0.05e6
        corr, corr_river = corr[ok], corr_river[ok]
        greedy.block_intersecting(corr)
        n_group = round(0.08 * len(t_big)) if len(t_big) >= 5 else 0
        n_small = max(s.red_line - len(big_geoms) - len(corr) - 1, 0) + n_group
        t_small = greedy.take(nf + nb + rng.permutation(len(small)), count=n_small)
        small_geoms = cand[t_small]
        for attempt in range(8):  # the hills are full: look for room elsewhere
            short = n_small - len(small_geoms)
            if short <= 0:
                break
            more, ok = usable(small_blobs(3 * short + 100, hills=attempt == 0))
            g2 = _Greedy(more)
            g2.banned |= ~ok
            g2.block_intersecting(
                np.concatenate([urban, parks, np.array(big_geoms, dtype=object), corr, small_geoms])
            )
            small_geoms = np.concatenate(
                [small_geoms, more[g2.take(np.arange(len(more)), count=short)]]
            )
        # enclaves (holes) in some big blobs
        for j in range(len(t_forced), len(big_geoms)):
            g = big_geoms[j]
            if rng.uniform() < 0.12 and g.area > 10e6 and shapely.get_num_geometries(g) == 1:
                g = shapely.get_parts(g)[0]
                c = np.asarray(g.centroid.coords[0])
                r = math.sqrt(g.area / math.pi)
                nh = int(rng.integers(1, 3))
                hc = c + np.array([[0.0, 0.0], [0.3, 0.1]])[:nh] * r
                hp = shapely.polygons(
                    _star_coords(
                        rng, hc, rng.uniform(0.004, 0.012, nh) * g.area, 24, 0.3, 1.3, 0.0, 6
                    )
                )
                if shapely.contains(g, hp).all() and not (nh == 2 and hp[0].intersects(hp[1])):
                    big_geoms[j] = shapely.Polygon(g.exterior, [h.exterior for h in hp])
        # a few small blobs join the nearest big feature (multipart red line)
        joined = np.zeros(len(small_geoms), bool)
        if n_group and len(small_geoms):
            btree = shapely.STRtree(np.array(big_geoms, dtype=object))
            sub = small_geoms[: 20 * n_group]
            (si, bi), dist = btree.query_nearest(
                sub, max_distance=5e3, return_distance=True, all_matches=False
            )
            for k in np.argsort(dist, kind="stable")[:n_group]:
                big_geoms[bi[k]] = shapely.union(big_geoms[bi[k]], small_geoms[si[k]])
                joined[si[k]] = True
        blob_geoms = np.array(big_geoms + list(small_geoms[~joined]), dtype=object)
        n_bigf = len(big_geoms)
        geoms = _multi(np.concatenate([blob_geoms, corr]), "polygon", 1.0)
        is_big = np.zeros(len(geoms), bool)
        is_big[:n_bigf] = True
        river_of = np.concatenate([np.full(len(blob_geoms), -1), corr_river])
        ok = ~shapely.is_missing(geoms)
        geoms, is_big, river_of = geoms[ok], is_big[ok], river_of[ok]
        self.red_line_clean = geoms
        self.red_big = geoms[is_big]
        self.red_big_forced = len(t_forced)
        # one record lost its geometry (it is counted in s.red_line)
        null_pos = int(rng.integers(len(geoms)))
        geoms = np.insert(geoms, null_pos, None)
        is_big = np.insert(is_big, null_pos, False)
        river_of = np.insert(river_of, null_pos, -1)

        # attributes: HXBH = HX + county code + serial
        rep_src = geoms.copy()
        rep_src[null_pos] = self.red_line_clean[min(null_pos, len(self.red_line_clean) - 1)]
        rep = shapely.get_coordinates(shapely.point_on_surface(rep_src))
        county = self.county_of(rep)
        near = self.relief.nearest(rep)
        range_type = rng.integers(0, len(RED_LINE_TYPES), self.relief.n)
        small_type = rng.choice(len(RED_LINE_TYPES), len(geoms), p=(0.4, 0.3, 0.3))
        order = np.lexsort((rep[:, 0], county))
        codes, names, types = [None] * len(geoms), [None] * len(geoms), [None] * len(geoms)
        serial: dict[str, int] = {}
        for j in order:
            cc = self.county_code[county[j]]
            serial[cc] = serial.get(cc, 0) + 1
            codes[j] = f"HX{cc}{serial[cc]:04d}"
            if river_of[j] >= 0:
                t, base = RED_LINE_RIVER_TYPE, self.river_name[river_of[j]]
            else:
                t = RED_LINE_TYPES[range_type[near[j]] if is_big[j] else small_type[j]]
                base = self.mountain_name[near[j]]
            types[j] = t
            names[j] = f"{base}{t}生态保护红线"
        fo = np.argsort(np.array(codes), kind="stable")
        geoms = geoms[fo].copy()
        self.red_line_attrs = {
            "HXBH": [codes[j] for j in fo],
            "HXMC": [names[j] for j in fo],
            "HXLX": [types[j] for j in fo],
        }
        # data problems: a few invalid rings, one null geometry
        n_bad = max(1, round(0.002 * len(geoms)))
        pool = np.flatnonzero(~shapely.is_missing(geoms))
        for k, j in enumerate(rng.choice(pool, n_bad, replace=False)):
            geoms[j] = _corrupt(geoms[j], k % 2, rng)
        self.red_line = geoms

    def build_reserves(self):
        s = self.s
        rng = self.rng("reserves")
        big = self.red_big[self.red_big_forced :]
        areas = shapely.area(big)
        n_wet = 1 if s.reserves >= 4 else 0
        n_blob = s.reserves - n_wet
        order = np.argsort(-areas, kind="stable")
        top = order[: max(n_blob * 2, n_blob)]
        pick = np.sort(rng.choice(top, min(n_blob, len(top)), replace=False))
        while len(pick) < n_blob:  # small scales: reuse blobs
            pick = np.concatenate([pick, rng.choice(order, n_blob - len(pick))])
        centre = shapely.get_coordinates(shapely.point_on_surface(big[pick]))
        geoms = list(
            _blobs(
                rng,
                centre,
                np.clip(areas[pick] * rng.uniform(0.4, 1.1, len(pick)), 3e6, 400e6),
                n_vert=96,
                rough=(0.3, 0.5),
                aspect=(1.0, 2.0),
                harmonics=20,
            )
        )
        for j in range(len(geoms)):
            u = rng.uniform()
            if u < 0.12:  # a second part
                c = centre[j] + rng.uniform(-1, 1, 2) * math.sqrt(geoms[j].area)
                extra = _blobs(rng, c, 0.15 * geoms[j].area, n_vert=48, harmonics=10)[0]
                geoms[j] = shapely.union(geoms[j], extra)
            elif u < 0.25 and geoms[j].area > 8e6:  # an enclave
                hole = _blobs(rng, centre[j], 0.02 * geoms[j].area, n_vert=24, harmonics=6)[0]
                if geoms[j].contains(hole):
                    geoms[j] = shapely.Polygon(geoms[j].exterior, [hole.exterior])
        rtype = [
            RESERVE_TYPES[k]
            for k in rng.choice(len(RESERVE_TYPES), len(geoms), p=RESERVE_TYPE_WEIGHTS)
        ]
        base = [self.mountain_name[k] for k in self.relief.nearest(centre)]
        if n_wet:
            trunk = self.river_lines[0]
            inside = shapely.get_parts(shapely.intersection(trunk, self.outline_other))
            inside = inside[np.argmax(shapely.length(inside))]
            at = rng.uniform(0.2, 0.7) * inside.length
            stretch = ops.substring(inside, at, at + 8e3)
            geoms.append(shapely.buffer(stretch, 900, quad_segs=6))
            rtype.append("湿地公园")
            base.append(self.river_name[0])
        geoms = _clip(np.array(geoms, dtype=object), self.outline_other)
        levels = rng.choice(len(RESERVE_LEVELS), len(geoms), p=(0.25, 0.45, 0.3))
        names, jb = [], []
        for j in range(len(geoms)):
            lv = RESERVE_LEVELS[levels[j]]
            name = f"{base[j]}{lv if lv != '市县级' else ''}{rtype[j]}"
            while name in names:
                name = f"{base[j]}{_NAME_A[rng.integers(len(_NAME_A))]}{name[len(base[j]) :]}"
            names.append(name)
            jb.append(lv)
        self.reserves = _multi(geoms, "polygon", 1000.0)
        self.reserve_attrs = {"BHDMC": names, "BHDLX": rtype, "JB": jb}
