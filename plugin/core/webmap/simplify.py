"""Coverage-aware simplification for the web: shared edges simplified once, no gaps.

``coverage_simplify`` (GEOS >= 3.12, shapely >= 2.1) simplifies a polygon coverage
edge by edge, so neighbours keep one common boundary. On older GEOS (Debian's QGIS
ships GEOS 3.11) the fallback does the same by topology: the units' boundaries are
noded and merged into edges between junctions, each edge is simplified once
(Douglas–Peucker, end points kept), and the faces rebuilt from the simplified
edges are given back to the unit that holds each face's interior point.
"""

from __future__ import annotations

import numpy as np
import shapely

METHOD_COVERAGE = "coverage_simplify"
METHOD_TOPOLOGY = "topology"


def has_coverage_simplify() -> bool:
    if not hasattr(shapely, "coverage_simplify"):
        return False
    return tuple(shapely.geos_version[:2]) >= (3, 12)


def simplify_coverage(geometries, tolerance: float, method: str | None = None):
    """Simplified geometries (same order) and the method used.

    ``geometries`` must form a coverage (no overlaps, matching vertices on shared
    edges), as delineated units do. ``tolerance`` is in the geometries' units.
    """
    geoms = np.asarray(geometries, dtype=object)
    if tolerance <= 0 or len(geoms) == 0:
        return geoms.copy(), "none"
    if method is None:
        method = METHOD_COVERAGE if has_coverage_simplify() else METHOD_TOPOLOGY
    if method == METHOD_COVERAGE:
        result = shapely.coverage_simplify(geoms, tolerance)
    else:
        result = _topology_simplify(geoms, tolerance)
    return np.asarray(shapely.make_valid(result), dtype=object), method


def _topology_simplify(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    boundaries = shapely.boundary(geoms)
    noded = shapely.node(shapely.union_all(boundaries))
    merged = shapely.line_merge(noded)
    edges = shapely.get_parts(merged)
    simplified = shapely.simplify(edges, tolerance, preserve_topology=True)
    # simplified edges may now touch where they did not: node them again
    faces = shapely.get_parts(
        shapely.polygonize(shapely.get_parts(shapely.node(shapely.union_all(simplified)))).geoms
    )
    faces = faces[shapely.area(faces) > 0]
    owner = _face_owners(geoms, faces)
    result = np.empty(len(geoms), dtype=object)
    for index in range(len(geoms)):
        mine = faces[owner == index]
        result[index] = shapely.union_all(mine) if len(mine) else geoms[index]
    return result


def _face_owners(geoms: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """For each face, the index of the unit with the largest share of it (-1: none)."""
    owner = np.full(len(faces), -1, dtype=np.int64)
    tree = shapely.STRtree(geoms)
    face_idx, unit_idx = tree.query(faces, predicate="intersects")
    if len(face_idx) == 0:
        return owner
    shared = shapely.area(shapely.intersection(faces[face_idx], geoms[unit_idx]))
    best = np.zeros(len(faces))
    for f, u, a in zip(face_idx, unit_idx, shared):
        if a > best[f]:
            best[f], owner[f] = a, u
    return owner


def round_coordinates(geometries, grid: float = 1e-6):
    """Coordinates snapped to ``grid`` (1e-6° is about 0.1 m), kept valid."""
    geoms = np.asarray(geometries, dtype=object)
    return np.asarray(shapely.set_precision(geoms, grid), dtype=object)


def coverage_gaps_and_overlaps(simplified) -> tuple[float, float]:
    """(area of holes, area of overlaps) inside the union of a simplified coverage."""
    simple = np.asarray(simplified, dtype=object)
    union = shapely.union_all(simple)
    overlap = float(shapely.area(simple).sum() - union.area)
    filled = shapely.union_all(
        [shapely.Polygon(shapely.get_exterior_ring(p)) for p in shapely.get_parts(union)]
    )
    holes = float(filled.area - union.area)
    return holes, max(overlap, 0.0)
