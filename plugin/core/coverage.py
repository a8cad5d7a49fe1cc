"""Clean coverages: units valid and meeting their neighbours exactly, in the CRS written.

Units are computed in a metre Gauss–Krüger zone, by separate overlays that can leave
sub-millimetre slivers between neighbours, and are written in another CRS (by default the
counties', usually EPSG:4490), where validity does not survive by itself.

* ``rebuild`` (end of the delineation, working CRS): the boundaries of all units are noded
  together on the grid (snap-rounding), cut into faces, and each face goes to the unit
  holding its interior point; an overlap sliver or a thin gap sliver (narrower than
  ``gap_width``) goes to the unit sharing the longest edge with it, ties by row order.
  Neighbours then share identical vertices: no overlap, no gap, every unit valid. With
  GEOS >= 3.14, GEOS's coverage cleaner does the same (snapping within one grid cell,
  slivers to the longest border), faster; its result is checked, else the faces are used.
* ``clean_coverage`` (output CRS): vertices are rounded to the output grid (``grid_for``:
  1e-9° in degrees, 1 mm in metres); shared vertices stay shared, so an edge-matched
  coverage stays one. Only where that fails (an invalid unit, or two units overlapping by
  more than ``max_overlap``) are those units and their neighbours rebuilt as above, in
  rounds until nothing fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from . import geometry as _geometry

GEOGRAPHIC_GRID = 1e-9  # degrees (about 0.1 mm)
PROJECTED_GRID = _geometry.GRID_SIZE  # metres
# Gaps between neighbours narrower than this are slivers and are closed (about 2 cm).
GEOGRAPHIC_GAP = 2e-7
PROJECTED_GAP = 0.02
MAX_OVERLAP_M2 = 0.005
DEGREE_M = 111_320.0  # metres per degree of latitude (and of longitude at the equator)
_MAX_ROUNDS = 6
# GEOS >= 3.14 cleans a coverage itself (overlaps to the longest border, thin gaps closed,
# edges matched): ``rebuild`` uses it when there, and checks its result.
COVERAGE_CLEAN = (
    hasattr(shapely, "coverage_clean")
    and shapely.geos_version >= (3, 14, 0)
    and _geometry.COVERAGE_VALIDATION
)


def grid_for(geographic: bool) -> float:
    return GEOGRAPHIC_GRID if geographic else PROJECTED_GRID


def gap_width_for(geographic: bool) -> float:
    return GEOGRAPHIC_GAP if geographic else PROJECTED_GAP


def max_overlap_for(geographic: bool) -> float:
    """Overlap (CRS units²) a repair leaves at most: 0.005 m² (in degrees², at the equator,
    where a degree² is largest)."""
    return MAX_OVERLAP_M2 / DEGREE_M**2 if geographic else MAX_OVERLAP_M2


@dataclass
class CoverageReport:
    rounds: int  # snap-rounding rounds needed (0: the floating result passed)
    repaired: np.ndarray  # row indices whose geometry was rebuilt on the grid
    remaining: np.ndarray  # row indices still invalid or overlapping after the last round


def _problems(geoms, max_overlap: float) -> np.ndarray:
    """Rows that are invalid or overlap a neighbour by more than ``max_overlap``.

    With GEOS coverage validation (GEOS >= 3.12, fast) any unmatched edge counts: the
    units come edge-matched from ``rebuild``; otherwise a pairwise overlay measures the
    overlaps."""
    bad = _invalid(geoms)
    idx = np.flatnonzero(~shapely.is_missing(geoms) & ~bad)
    if not len(idx):
        return bad
    if _geometry.COVERAGE_VALIDATION:
        edges = shapely.coverage_invalid_edges(geoms[idx])
        bad[idx[~shapely.is_empty(edges)]] = True
        return bad
    tree = shapely.STRtree(geoms[idx])
    a, b = tree.query(geoms[idx], predicate="overlaps")
    keep = a < b
    a, b = idx[a[keep]], idx[b[keep]]
    if len(a):
        big = shapely.area(shapely.intersection(geoms[a], geoms[b])) > max_overlap
        bad[a[big]] = True
        bad[b[big]] = True
    return bad


def _neighbours(geoms, rows: np.ndarray) -> np.ndarray:
    present = np.flatnonzero(~shapely.is_missing(geoms))
    tree = shapely.STRtree(geoms[present])
    _, hit = tree.query(geoms[rows], predicate="intersects")
    return np.union1d(rows, present[hit])


def _by_shared_edge(faces, owner, f: int, face_tree, candidates=None) -> int:
    """Owner of the faces sharing the longest edge with face ``f`` (faces are noded
    together, so shared edges are identical); only ``candidates`` when given; ties by
    row order; -1 when no owned face borders it."""
    near = face_tree.query(faces[f], predicate="intersects")
    near = near[(near != f) & (owner[near] >= 0)]
    if candidates is not None:
        near = near[np.isin(owner[near], candidates)]
    if not len(near):
        return -1
    shared = shapely.length(
        shapely.intersection(shapely.boundary(faces[near]), shapely.boundary(faces[f]))
    )
    total = np.bincount(owner[near], weights=shared)
    best = np.flatnonzero(total == total.max())
    return int(best[0]) if total.max() > 0 else -1


def _rebuild(geoms, rows: np.ndarray, grid: float, gap_width: float) -> np.ndarray:
    """Snap-round the units ``rows`` together; returns their new geometries."""
    cluster = geoms[rows]
    lines = shapely.union_all(shapely.boundary(cluster), grid_size=grid)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    if not len(faces):
        return cluster.copy()
    points = shapely.point_on_surface(faces)
    tree = shapely.STRtree(cluster)
    fi, ui = tree.query(points, predicate="within")
    count = np.bincount(fi, minlength=len(faces))
    owner = np.full(len(faces), -1)
    single = count[fi] == 1
    owner[fi[single]] = ui[single]
    thin = 2.0 * shapely.area(faces) / np.maximum(shapely.length(faces), grid) <= gap_width
    slivers = np.flatnonzero((count > 1) | thin)
    settled = owner.copy()
    settled[slivers] = -1  # slivers go by the faces around them, not by each other
    face_tree = shapely.STRtree(faces)
    for f in slivers:
        if count[f] > 1:  # an overlap sliver: to one of the units covering it
            best = _by_shared_edge(faces, settled, f, face_tree, ui[fi == f])
            owner[f] = best if best >= 0 else ui[fi == f].min()
        elif count[f] == 1 or thin[f]:  # a sliver part or a gap sliver
            best = _by_shared_edge(faces, settled, f, face_tree)
            if best >= 0:
                owner[f] = best
    out = np.empty(len(rows), dtype=object)
    kept = owner >= 0
    order = np.argsort(owner[kept], kind="stable")
    faces, owner = faces[kept][order], owner[kept][order]
    starts = np.searchsorted(owner, np.arange(len(rows) + 1))
    for k in range(len(rows)):
        mine = faces[starts[k] : starts[k + 1]]
        # faces are noded together (edge-matched): a coverage union is exact and fast
        out[k] = shapely.coverage_union_all(mine) if len(mine) else None
    return _geometry.polygonal(out)


def _invalid(geoms) -> np.ndarray:
    return ~shapely.is_missing(geoms) & ~shapely.is_valid(geoms)


def rebuild(geometries, grid: float, gap_width: float | None = None) -> np.ndarray:
    """All geometries snap-rounded together on ``grid``: valid, edge-matched (neighbours
    share identical vertices), without overlaps, thin gaps between them closed."""
    geoms = np.asarray(geometries, dtype=object).copy()
    if gap_width is None:
        gap_width = gap_width_for(grid < 1e-6)
    rows = np.flatnonzero(~shapely.is_missing(geoms))
    bad = rows[_invalid(geoms[rows])]
    if len(bad):
        geoms[bad] = _geometry.polygonal(shapely.make_valid(geoms[bad]))
        rows = np.flatnonzero(~shapely.is_missing(geoms))
    if not len(rows):
        return geoms
    if COVERAGE_CLEAN:  # GEOS's own coverage cleaner: the same result, about 3x faster
        cleaned = _geometry.polygonal(
            shapely.coverage_clean(geoms[rows], gap_width=gap_width, snapping_distance=grid)
        )
        present = ~shapely.is_missing(cleaned)
        if shapely.is_valid(cleaned[present]).all() and shapely.coverage_is_valid(cleaned[present]):
            geoms[rows] = cleaned
            return geoms
    geoms[rows] = _rebuild(geoms, rows, grid, gap_width)
    return geoms


def clean_coverage(
    geometries,
    grid: float,
    max_overlap: float | None = None,
    gap_width: float | None = None,
) -> tuple[np.ndarray, CoverageReport]:
    """Geometries on ``grid``, valid, without overlaps above ``max_overlap`` (CRS units²),
    in the CRS they are given in (see the module docstring).

    Row order is the tie-break, so give rows in a deterministic order.
    """
    geographic = grid < 1e-6
    if gap_width is None:
        gap_width = gap_width_for(geographic)
    if max_overlap is None:
        max_overlap = max_overlap_for(geographic)
    geoms = np.asarray(geometries, dtype=object).copy()
    present = ~shapely.is_missing(geoms)
    geoms[present] = shapely.set_precision(geoms[present], grid, mode="pointwise")
    repaired = np.zeros(len(geoms), dtype=bool)
    rounds = 0
    bad = _problems(geoms, max_overlap)
    while bad.any() and rounds < _MAX_ROUNDS:
        rounds += 1
        rows = _neighbours(geoms, np.flatnonzero(bad))
        invalid = rows[_invalid(geoms[rows])]
        if len(invalid):
            geoms[invalid] = _geometry.polygonal(shapely.make_valid(geoms[invalid]))
        geoms[rows] = _rebuild(geoms, rows, grid, gap_width)
        repaired[rows] = True
        bad = _problems(geoms, max_overlap)
    return geoms, CoverageReport(
        rounds=rounds, repaired=np.flatnonzero(repaired), remaining=np.flatnonzero(bad)
    )
