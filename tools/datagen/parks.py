"""Industrial parks."""

from __future__ import annotations

import math

import numpy as np
import shapely

from .shapes import _alloc, _blobs, _log_uniform, _multi, _sample_in, _short
from .spec import _NAME_A, _PI2, PARK_FIRST_TYPES, PARK_INDUSTRIES, PARK_OTHER_TYPES


class ParksBuilder:
    """Industrial parks. (A mixin of ``City``: reads and sets its state.)"""

    def build_parks(self):
        s = self.s
        rng = self.rng("parks")
        nc = len(self.counties)
        weights = [1.6 if k == "区" else 1.0 for k in self.county_kind]
        quota = _alloc(s.parks, weights) if s.parks >= nc else np.zeros(nc, int)
        if s.parks < nc:
            quota[rng.choice(nc, s.parks, replace=False)] = 1
        # candidates around each county seat, round robin over counties, kept disjoint;
        # counties still short get another round, further out and with smaller parks
        taken_geoms, taken_county = [], []
        got = np.zeros(nc, int)
        for rnd in range(8):
            cand, cand_county, cand_rank = [], [], []
            for i in np.flatnonzero(got < quota):
                c_size = math.sqrt(shapely.area(self.counties[i]))
                m = 6 * int(quota[i] - got[i])
                r = rng.uniform(0.08, 0.3 + 0.08 * rnd, m) * c_size
                a = rng.uniform(0, _PI2, m)
                xy = self.seat[i] + np.column_stack([r * np.cos(a), r * np.sin(a)])
                if rnd >= 3:
                    xy = _sample_in(rng, self.counties[i], m)
                xy = xy[shapely.contains_xy(self.counties[i], xy[:, 0], xy[:, 1])]
                area = _log_uniform(rng, 5e6, 30e6 * 0.8**rnd, len(xy))
                cand.extend(
                    _blobs(
                        rng, xy, area, n_vert=64, rough=(0.15, 0.3), aspect=(1.0, 2.2), harmonics=10
                    )
                )
                cand_county.extend([i] * len(xy))
                cand_rank.extend(range(len(xy)))
            if not cand:
                continue
            cand_county = np.array(cand_county)
            for k in np.lexsort((cand_county, np.array(cand_rank))):
                i = cand_county[k]
                if got[i] >= quota[i]:
                    continue
                if (
                    taken_geoms
                    and shapely.intersects(np.array(taken_geoms, dtype=object), cand[k]).any()
                ):
                    continue
                taken_geoms.append(cand[k])
                taken_county.append(i)
                got[i] += 1
        order = np.argsort(np.array(taken_county), kind="stable")
        geoms = [taken_geoms[k] for k in order]
        county = np.array(taken_county)[order]
        # some parks have a second site (一区多园)
        for j in range(len(geoms)):
            if rng.uniform() < 0.2:
                c = shapely.get_coordinates(geoms[j].centroid)[0]
                ang = rng.uniform(0, _PI2)
                off = c + rng.uniform(4e3, 7e3) * np.array([math.cos(ang), math.sin(ang)])
                extra = _blobs(rng, off, rng.uniform(1e6, 4e6), n_vert=40, harmonics=8)[0]
                if not shapely.intersects(np.array(geoms, dtype=object), extra).any():
                    geoms[j] = shapely.union(geoms[j], extra)
        geoms = np.array(geoms, dtype=object)
        geoms = shapely.intersection(geoms, self.counties[county])
        # names and industries
        names, levels, zdcy, hydm, types = [], [], [], [], []
        others = list(PARK_OTHER_TYPES)
        k_other = 0
        for j, i in enumerate(county):
            rank = int(np.sum(county[:j] == i))
            short = _short(self.county_name[i])
            if rank == 0:
                if self.county_kind[i] == "区":
                    ptype = PARK_FIRST_TYPES[int(self.county_code[i][-2:]) % 2]
                else:
                    ptype = PARK_FIRST_TYPES[0] if rng.uniform() < 0.6 else PARK_FIRST_TYPES[2]
            else:
                ptype = others[k_other % len(others)]
                k_other += 1
                if k_other % len(others) == 0:
                    rng.shuffle(others)
            name = short + ptype
            while name in names:
                name = short + _NAME_A[rng.integers(len(_NAME_A))] + ptype
            types.append(ptype)
            names.append(name)
            national = rng.uniform() < (0.5 if rank == 0 and self.county_kind[i] == "区" else 0.12)
            levels.append("国家级" if national else "省级")
            zdcy.append(PARK_INDUSTRIES[ptype][0])
            hydm.append(PARK_INDUSTRIES[ptype][1])
        self.parks = _multi(geoms, "polygon", 1000.0)
        self.park_county = county
        self.park_type = types
        self.park_attrs = {"YQMC": names, "YQJB": levels, "ZDCY": zdcy, "HYDM": hydm}
