"""Real-shaped units of one county for the editing tests (Voronoi units cut by a Voronoi
county, edges densified so shared vertices are near-coincident, as in real data)."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString

from plugin.core import schema
from plugin.core.editing import operations as ops
from tests.core.checks_data import voronoi_province


def county_units(seed: int = 3, n_units: int = 120):
    units, admin = voronoi_province(
        n_units=n_units, n_counties=3, width=12_000.0, height=9_000.0, seed=seed
    )
    code = admin["code"].iloc[0]
    mine = units[units[schema.UNIT_COUNTY_CODE] == code].reset_index(drop=True)
    geoms = shapely.set_precision(mine["geometry"].to_numpy(), ops.GRID_SIZE)
    county = shapely.union_all(geoms, grid_size=ops.GRID_SIZE)
    state = ops.Units(geoms, mine[schema.UNIT_CODE].to_numpy(), mine[schema.UNIT_CLASS], code)
    return state, county


def assert_tiled(state: ops.Units, county) -> None:
    """The county is tiled exactly: sym-diff ≤ 1e-6 of its area, no overlap > 0.01 m²."""
    geoms = state.geometries
    assert shapely.is_valid(geoms).all()
    union = shapely.union_all(geoms, grid_size=ops.GRID_SIZE)
    assert shapely.area(shapely.symmetric_difference(union, county)) <= 1e-6 * county.area
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    inter = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]]))
    assert (inter <= 0.01).all(), inter.max()
    # and nothing counted twice: the parts add up to the whole
    assert abs(shapely.area(geoms).sum() - county.area) <= 1e-6 * county.area


def neighbours(state: ops.Units, min_shared: float = 300.0):
    """A pair of neighbouring units sharing a long boundary."""
    geoms = state.geometries
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    for a, b in zip(left, right):
        if a < b:
            shared = shapely.intersection(geoms[a].boundary, geoms[b].boundary)
            if shared.length > min_shared:
                return int(a), int(b), shapely.line_merge(shared)
    raise AssertionError("no neighbours")


def crossing_line(geom, angle: float = 0.3) -> LineString:
    """A straight line through the centre of ``geom``, longer than it is wide."""
    c = geom.centroid
    xmin, ymin, xmax, ymax = geom.bounds
    r = 2 * max(xmax - xmin, ymax - ymin)
    dx, dy = r * np.cos(angle), r * np.sin(angle)
    return LineString([(c.x - dx, c.y - dy), (c.x + dx, c.y + dy)])


def bent_boundary(shared, offset: float) -> LineString:
    """The shared boundary pushed sideways by ``offset`` in its middle, same ends."""
    shared = shapely.line_merge(shared)
    if shared.geom_type == "MultiLineString":
        shared = max(shared.geoms, key=lambda g: g.length)
    start, end = shared.coords[0], shared.coords[-1]
    mid = shared.interpolate(0.5, normalized=True)
    dx, dy = end[0] - start[0], end[1] - start[1]
    norm = (dx * dx + dy * dy) ** 0.5
    return LineString([start, (mid.x - dy / norm * offset, mid.y + dx / norm * offset), end])
