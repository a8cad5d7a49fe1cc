"""Read windows: the rectangles around the projects that hold everything they can touch.

A compliance run touches the units and constraint features near its projects only
(a province's projects touch well under 1 % of its layers). ``project_windows``
gives a few rectangles (the bounds of the projects' parts, and of their lines
stretch by stretch, grown by the buffer and a margin; at most ``MAX_WINDOWS``) so that the adapter reads only
the features whose bounding box meets one of them; every feature that intersects a
project does. ``near_windows`` is the same selection on geometries in memory.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

MARGIN = 10.0  # metres beyond the buffer: grid snapping, curved edges after reprojection
MAX_WINDOWS = 300  # more windows than this are merged by grid cell (fewer requests)
PIECE = 1000.0  # metres: lines are covered segment by segment, segments at most this long
GROWTH = 3.0  # neighbouring boxes merge while the merged box is at most 3× their area


def _group_bounds(boxes: np.ndarray, label: np.ndarray) -> np.ndarray:
    """The bounds of each group of boxes with the same label."""
    groups, inverse = np.unique(label, return_inverse=True)
    out = np.empty((len(groups), 4))
    out[:, 0] = np.inf
    out[:, 1] = np.inf
    out[:, 2] = -np.inf
    out[:, 3] = -np.inf
    np.minimum.at(out[:, 0], inverse, boxes[:, 0])
    np.minimum.at(out[:, 1], inverse, boxes[:, 1])
    np.maximum.at(out[:, 2], inverse, boxes[:, 2])
    np.maximum.at(out[:, 3], inverse, boxes[:, 3])
    return out


def _by_cell(boxes: np.ndarray, limit: int) -> np.ndarray:
    """Boxes grouped by the cell of a coarse grid their centre falls in (≤ ``limit``)."""
    side = max(int(math.isqrt(limit)), 1)
    cx = (boxes[:, 0] + boxes[:, 2]) / 2
    cy = (boxes[:, 1] + boxes[:, 3]) / 2
    span_x = max(cx.max() - cx.min(), 1e-9)
    span_y = max(cy.max() - cy.min(), 1e-9)
    ix = np.minimum(((cx - cx.min()) / span_x * side).astype(int), side - 1)
    iy = np.minimum(((cy - cy.min()) / span_y * side).astype(int), side - 1)
    return _group_bounds(boxes, iy * side + ix)


def _piece_boxes(geoms: np.ndarray) -> np.ndarray:
    """Bounds of the pieces of each geometry, in order: each part of points and polygons,
    each segment (at most ``PIECE`` long) of lines, so that a long line is not read as its
    whole bounding box."""
    parts = shapely.get_parts(geoms)
    lines = shapely.get_type_id(parts) == 1  # LineString (LinearRings do not occur here)
    boxes = [shapely.bounds(parts[~lines])]
    if lines.any():
        coords, index = shapely.get_coordinates(
            shapely.segmentize(parts[lines], PIECE), return_index=True
        )
        same = index[1:] == index[:-1]  # consecutive vertices of the same line: a segment
        a, b = coords[:-1][same], coords[1:][same]
        boxes.append(np.column_stack([np.minimum(a, b), np.maximum(a, b)]))
    return np.concatenate(boxes) if boxes else np.zeros((0, 4))


def _sweep(boxes: np.ndarray, growth: float = 0.0) -> np.ndarray:
    """Consecutive boxes merged while the merged box stays within ``growth`` times the sum
    of their own areas (the segments of a straight stretch become one window)."""
    growth = growth or GROWTH
    out = []
    current, own = boxes[0].copy(), _area(boxes[0])
    for b in boxes[1:]:
        merged = np.array(
            [min(current[0], b[0]), min(current[1], b[1]), max(current[2], b[2]),
             max(current[3], b[3])]
        )  # fmt: skip
        if _area(merged) <= growth * (own + _area(b)):
            current, own = merged, own + _area(b)
        else:
            out.append(current)
            current, own = b.copy(), _area(b)
    out.append(current)
    return np.array(out)


def _area(b) -> float:
    return float((b[2] - b[0]) * (b[3] - b[1]))


def project_windows(
    geoms, grow: float = 0.0, margin: float = MARGIN, limit: int = MAX_WINDOWS
) -> list[tuple[float, float, float, float]]:
    """(xmin, ymin, xmax, ymax) rectangles covering every present geometry grown by
    ``grow`` + ``margin`` (e.g. the project buffer): one per part or line stretch,
    neighbours merged where that adds little area, boxes inside others dropped, and
    more than ``limit`` merged by grid cell. Empty when no geometry is present."""
    geoms = np.asarray(geoms, dtype=object)
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(geoms) == 0:
        return []
    pad = max(float(grow or 0.0), 0.0) + float(margin)
    boxes = _piece_boxes(geoms)
    boxes = boxes[np.isfinite(boxes).all(axis=1)] + np.array([-pad, -pad, pad, pad])
    boxes = _drop_contained(_sweep(boxes))
    growth = GROWTH
    while len(boxes) > limit and growth < 100:  # too many: merge longer stretches
        growth *= 2
        boxes = _drop_contained(_sweep(boxes, growth))
    while len(boxes) > limit:  # still too many (scattered projects): merge by grid cell
        boxes = _drop_contained(_by_cell(boxes, limit))
    return [tuple(float(v) for v in row) for row in boxes]


def _drop_contained(boxes: np.ndarray) -> np.ndarray:
    """The boxes without those lying inside another one."""
    polys = shapely.box(*boxes.T)
    inner, outer = shapely.STRtree(polys).query(polys, predicate="within")
    # a box within another (of two equal boxes, the later one goes)
    drop = (inner != outer) & ((_areas(boxes)[inner] < _areas(boxes)[outer]) | (inner > outer))
    keep = np.ones(len(boxes), dtype=bool)
    keep[inner[drop]] = False
    return boxes[keep]


def _areas(boxes: np.ndarray) -> np.ndarray:
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def near_windows(geoms, windows) -> np.ndarray:
    """Mask of the geometries whose bounding box meets one of the ``windows`` (what a
    filter-rectangle request returns); missing geometries are not near."""
    geoms = np.asarray(geoms, dtype=object)
    out = np.zeros(len(geoms), dtype=bool)
    if not len(windows) or not len(geoms):
        return out
    present = np.flatnonzero(~shapely.is_missing(geoms))
    envelopes = shapely.envelope(geoms[present])
    tree = shapely.STRtree([shapely.box(*w) for w in windows])
    hit, _ = tree.query(envelopes, predicate="intersects")
    out[present[np.unique(hit)]] = True
    return out
