"""Read windows: the rectangles around the projects that hold everything they can touch.

A compliance run touches the units and constraint features near its projects only
(a province's projects touch well under 1 % of its layers). ``project_windows``
gives a few rectangles (the projects' bounds grown by the buffer and a margin,
overlapping ones merged, at most ``MAX_WINDOWS``) so that the adapter reads only
the features whose bounding box meets one of them; every feature that intersects a
project does. ``near_windows`` is the same selection on geometries in memory.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

MARGIN = 10.0  # metres beyond the buffer: grid snapping, curved edges after reprojection
MAX_WINDOWS = 64  # more windows than this are merged by grid cell (fewer requests)


def _merge_overlapping(boxes: np.ndarray) -> np.ndarray:
    """Boxes (n × 4) with every group of overlapping boxes replaced by its bounds."""
    boxes = boxes[np.lexsort((boxes[:, 1], boxes[:, 0]))]
    while True:
        tree = shapely.STRtree(shapely.box(*boxes.T))
        left, right = tree.query(shapely.box(*boxes.T), predicate="intersects")
        # connected groups of overlapping boxes (label propagation to the smallest index)
        label = np.arange(len(boxes))
        changed = True
        while changed:
            low = np.minimum(label[left], label[right])
            before = label.copy()
            np.minimum.at(label, left, low)
            np.minimum.at(label, right, low)
            label = label[label]
            changed = not np.array_equal(before, label)
        if len(np.unique(label)) == len(boxes):
            return boxes
        boxes = _group_bounds(boxes, label)


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


def project_windows(
    geoms, grow: float = 0.0, margin: float = MARGIN, limit: int = MAX_WINDOWS
) -> list[tuple[float, float, float, float]]:
    """(xmin, ymin, xmax, ymax) rectangles covering every present geometry grown by
    ``grow`` + ``margin`` (e.g. the project buffer); overlapping rectangles are merged,
    and more than ``limit`` are merged by grid cell. Empty when no geometry is present."""
    geoms = np.asarray(geoms, dtype=object)
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(geoms) == 0:
        return []
    pad = max(float(grow or 0.0), 0.0) + float(margin)
    boxes = shapely.bounds(geoms) + np.array([-pad, -pad, pad, pad])
    boxes = _merge_overlapping(boxes)
    while len(boxes) > limit:
        boxes = _merge_overlapping(_by_cell(boxes, limit))
    return [tuple(float(v) for v in row) for row in boxes]


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
