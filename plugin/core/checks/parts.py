"""Problem polygons on the precision grid: which parts are significant, and differences
of paired geometries.

Snapping to the grid moves a vertex by up to 0.7 grid cells, so two copies of one
straight edge wobble around each other: a part thinner than the grid (mean width
2A/P) is such noise, whatever its area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import shapely

from ..area import planar_area
from ..geometry import polygonal


def _part_keep(parts: np.ndarray, tol: float, min_width: float):
    """(area of each part, whether it is over ``tol`` and at least ``min_width`` wide)."""
    area = planar_area(parts)
    perim = shapely.length(parts)
    with np.errstate(divide="ignore", invalid="ignore"):
        width = np.where(perim > 0, 2 * area / perim, 0.0)
    return area, (area > tol) & (width >= min_width)


def significant(geoms: np.ndarray, tol: float, min_width: float):
    """Drop polygon parts with area <= ``tol`` or mean width 2A/P < ``min_width``.

    Returns (geometries with only significant parts or None, their areas).
    """
    geoms = polygonal(np.asarray(geoms, dtype=object))
    parts, owner = shapely.get_parts(geoms, return_index=True)
    _, keep = _part_keep(parts, tol, min_width)
    out = np.full(len(geoms), None, dtype=object)
    if keep.all():
        present = ~shapely.is_missing(geoms)
        out[present] = geoms[present]
    elif keep.any():
        parts, owner = parts[keep], owner[keep]
        counts = np.bincount(owner, minlength=len(geoms))
        single = counts[owner] == 1
        out[owner[single]] = parts[single]
        multi = ~single
        if multi.any():
            uniq = np.unique(owner[multi])
            out[uniq] = shapely.multipolygons(
                parts[multi], indices=np.searchsorted(uniq, owner[multi])
            )
    return out, planar_area(out)


@dataclass(frozen=True)
class Precision:
    """The run's grid (None: floating overlay), the size below which a part is noise,
    and how many threads its overlays run on (``threads.Workers``; 1: none)."""

    grid: float | None
    tol: float  # m²: parts of this area or less are ignored
    min_width: float  # m: parts thinner than the grid are snapping noise
    workers: int = 1

    @classmethod
    def of(cls, grid_size: float, tolerance: float, workers: int = 1) -> Precision:
        grid = grid_size or None
        return cls(grid, float(tolerance), float(grid or 0.0), max(1, int(workers or 1)))

    def significant(self, geoms):
        """``significant`` with this run's tolerance and grid."""
        return significant(geoms, self.tol, self.min_width)

    def significant_parts(self, geoms):
        """Significant single parts of ``geoms``: (parts, index of the source, area)."""
        parts, owner = shapely.get_parts(polygonal(np.asarray(geoms, object)), return_index=True)
        area, keep = _part_keep(parts, self.tol, self.min_width)
        return parts[keep], owner[keep], area[keep]


def subtract_pairs(
    geoms: np.ndarray,
    a: np.ndarray,
    others: np.ndarray,
    grid: float | None,
    check: Callable[[], None],
):
    """geoms[k] minus every others[m] paired with it (pairs a[m] == k), in vectorised rounds."""
    out = geoms.copy()
    if len(a) == 0:
        return out
    order = np.argsort(a, kind="stable")
    a, others = a[order], others[order]
    rank = np.arange(len(a)) - np.searchsorted(a, a, side="left")
    for r in range(int(rank.max()) + 1):
        check()
        sel = rank == r
        k = a[sel]
        # snap rounding can leave collapsed lines in a collection: keep the polygons
        out[k] = polygonal(shapely.difference(out[k], others[sel], grid_size=grid))
    return out
