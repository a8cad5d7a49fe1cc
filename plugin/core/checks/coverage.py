"""全域覆盖: T02 gaps (land of a checked county in no unit) and T03 unit parts outside
their county.

T02 only looks at counties that have at least one unit, so an admin layer larger than
the unit layer (a province for one county) gives no false gaps. Without an admin layer
T02 reports the holes of the union of all units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..geometry import group_bounds, grouped_union, intersect_pairs, polygonal
from ..geometry.chunk_map import even_bounds
from ..run import Progress
from .catalogue import fmt
from .counties import Counties
from .parts import Precision, subtract_pairs
from .prepare import POLYGONAL_IDS, Units
from .problems import Problems
from .threads import Workers

_BATCH = 64  # counties per vectorised difference (progress and cancel between batches)


@dataclass
class Coverage:
    """What later checks need from this step."""

    gap_parts: np.ndarray  # the T02 gap polygons (R01 looks for red line in them)
    gap_county: np.ndarray  # county code of each gap part (None without admin)
    outside_share: np.ndarray  # per unit row: share of its area outside its county (A04)


def union_of(geom, cov, dirty, grid) -> shapely.Geometry | None:
    """Union of units (rows of one group): coverage union of the clean ones (``cov``),
    overlay for the flagged ones (``geom``)."""
    if len(geom) == 0:
        return None
    parts = []
    if (~dirty).any():
        parts.append(shapely.coverage_union_all(cov[~dirty]))
    if dirty.any():
        parts.append(shapely.union_all(geom[dirty], grid_size=grid))
    u = parts[0] if len(parts) == 1 else shapely.union(parts[0], parts[1], grid_size=grid)
    if shapely.get_type_id(u) in POLYGONAL_IDS:
        return u
    return polygonal(np.array([u], dtype=object))[0]


def union_rows(units: Units, dirty: np.ndarray, rows, grid) -> shapely.Geometry | None:
    """Union of the units ``rows``: coverage union of the clean ones, overlay for the rest."""
    rows = rows[units.present[rows]]
    return union_of(units.geom[rows], units.cov[rows], dirty[rows], grid)


def _county_unions(units: Units, county_idx, dirty, prec: Precision, prog: Progress):
    """(county indexes with units, union of each one's units, {county: unsnapped unit area}).

    The counties are unioned on the run's threads, each county's units private to one.
    A unit's union uses either its geometry (flagged) or its coverage geometry (clean):
    only that one is handed to the threads (each thread copies what it gets)."""
    rows = units.pidx[county_idx[units.pidx] >= 0]
    rows = rows[np.argsort(county_idx[rows], kind="stable")]
    cty, starts, ends = group_bounds(county_idx[rows])
    used = np.where(dirty[rows], units.geom[rows], units.cov[rows])
    found = Workers(prec.workers, prog).groups(
        lambda g, d: union_of(g, g, d, prec.grid), (used, dirty[rows]), zip(starts, ends)
    )
    unions = np.empty(len(cty), dtype=object)
    unions[:] = found
    unit_sum = {
        int(cty[k]): float(units.area_raw[rows[starts[k] : ends[k]]].sum()) for k in range(len(cty))
    }
    return cty, unions, unit_sum


def _differences(county_geoms, cty, unions, prec: Precision, prog: Progress):
    """(county minus its units, units minus their county) per county with units."""
    n_c = len(cty)
    gap_geoms = np.empty(n_c, dtype=object)
    out_geoms = np.empty(n_c, dtype=object)
    grid = prec.grid
    workers = Workers(prec.workers, prog)

    def both(c, u):
        return np.stack(
            [shapely.difference(c, u, grid_size=grid), shapely.difference(u, c, grid_size=grid)]
        )

    for k in range(0, n_c, _BATCH):
        prog.check()
        u, c = unions[k : k + _BATCH], county_geoms[cty[k : k + _BATCH]]
        found = workers.groups(both, (c, u), even_bounds(len(c), workers.n))
        gap_geoms[k : k + _BATCH], out_geoms[k : k + _BATCH] = np.concatenate(found, axis=1)
        prog.step(50 + 15 * min(k + _BATCH, n_c) / max(n_c, 1))
    return gap_geoms, out_geoms


def county_coverage(
    units: Units,
    counties: Counties,
    county_idx: np.ndarray,
    dirty: np.ndarray,
    prec: Precision,
    problems: Problems,
    prog: Progress,
):
    """T03 and T02 per county: (Coverage, {county index: unsnapped unit area})."""
    cty, unions, unit_sum = _county_unions(units, county_idx, dirty, prec, prog)
    prog.step(50)
    gap_geoms, out_geoms = _differences(counties.geoms, cty, unions, prec, prog)
    share = outside_errors(units, county_idx, counties, out_geoms, cty, prec, problems, prog)
    outside_admin_errors(units, county_idx, problems)
    # gaps: remove parts covered by units of other counties
    parts, owner, _ = prec.significant_parts(polygonal(gap_geoms))
    if len(parts):
        pa, pu = units.query(parts)
        other = county_idx[pu] != cty[owner[pa]]
        pa, pu = pa[other], pu[other]
        parts = subtract_pairs(parts, pa, units.geom[pu], prec.grid, prog.check)
    gap_codes = np.array([counties.codes[cty[o]] for o in owner], object)
    gap_parts, gap_county = gap_errors(units, parts, gap_codes, prec, problems)
    return Coverage(gap_parts, gap_county, share), unit_sum


def outside_errors(units, county_idx, counties, outs, out_cty, prec, problems, prog):
    """T03 per unit: its parts beyond its county. Returns the outside share per unit row."""
    parts, owner, _ = prec.significant_parts(outs)
    share = np.zeros(units.n)
    if len(parts) == 0:
        return share
    pa, pu = units.query(parts)
    same = county_idx[pu] == out_cty[owner[pa]]
    pa, pu = pa[same], pu[same]
    inter = intersect_pairs(parts[pa], units.geom[pu], grid_size=prec.grid)
    keys, geoms = grouped_union(pu, inter, grid_size=prec.grid, check=prog.check)
    geoms, area = prec.significant(geoms)
    keep = area > 0
    keys, geoms, area = keys[keep], geoms[keep], area[keep]
    share[keys] = area / np.maximum(units.area[keys], 1e-12)
    county = counties.codes[county_idx[keys]]
    problems.emit(
        "T03",
        geoms,
        units.label[keys],
        county,
        [
            f"单元 {units.label[r]} 超出所属行政区 {c} 边界 {fmt(x)} 平方米"
            for r, c, x in zip(keys, county, area)
        ],
        area,
    )
    return share


def outside_admin_errors(units: Units, county_idx, problems: Problems) -> None:
    """T03 for units in no county at all."""
    rows = np.flatnonzero(units.present & (county_idx < 0))
    problems.emit(
        "T03",
        units.geom[rows],
        units.label[rows],
        units.attr_county[rows],
        [
            f"单元 {units.label[r]} 完全位于行政区图层之外（{fmt(units.area[r])} 平方米）"
            for r in rows
        ],
    )


def gap_errors(units: Units, gaps, counties, prec: Precision, problems: Problems):
    """T02: gap polygons exploded, small parts dropped, reported with the adjacent units.

    Returns (gap parts, their county codes) for R01."""
    parts, owner, area = prec.significant_parts(gaps)
    gap_county = counties[owner]
    if len(parts) == 0:
        return parts, gap_county
    dist = max((prec.grid or 0.0) * 10, 1e-6)
    pa, pu = units.query(parts, predicate="dwithin", distance=dist)
    adj = pd.Series(pu).groupby(pa).apply(list).to_dict()
    names = [units.names(adj.get(k, [])) for k in range(len(parts))]
    msgs = []
    for k, x in enumerate(area):
        c = counties[owner[k]]
        where = f"行政区 {c} 内" if c else "单元之间"
        near = f"（相邻单元：{names[k]}）" if names[k] else ""
        msgs.append(f"{where}有 {fmt(x)} 平方米未被任何单元覆盖{near}")
    problems.emit("T02", parts, names, gap_county, msgs, area)
    return parts, gap_county


def gaps_without_admin(units: Units, dirty, prec: Precision, problems: Problems, prog):
    """No admin layer: gaps are the holes of the union of all units."""
    coverage = Coverage(np.array([], dtype=object), np.array([], dtype=object), np.zeros(units.n))
    u = union_rows(units, dirty, units.pidx, prec.grid)
    if u is None:
        return coverage
    polys = shapely.get_parts(u)
    rings, owner = shapely.get_rings(polys, return_index=True)
    exterior = np.r_[True, owner[1:] != owner[:-1]] if len(owner) else np.array([], bool)
    holes = shapely.polygons(rings[~exterior])
    if len(holes) == 0:
        return coverage
    holes, _, _ = prec.significant_parts(holes)
    # units lying inside a hole (islands) are not gap
    pa, pu = units.query(holes, predicate="intersects")
    holes = subtract_pairs(holes, pa, units.geom[pu], prec.grid, prog.check)
    county = np.full(len(holes), None, dtype=object)
    parts, gap_county = gap_errors(units, holes, county, prec, problems)
    return Coverage(parts, gap_county, coverage.outside_share)
