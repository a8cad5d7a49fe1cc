"""The local live check after an edit: only the touched units and their neighbours.

The caller hands over the units near the edit (the desktop reads them by the edited
features' extent; :func:`neighbourhood` picks them from a whole-layer STRtree), so the
work depends on the size of the neighbourhood, not of the layer.
Problems: ``overlap`` between units, ``gap`` (a hole among the units or land of the county
no unit covers), ``sliver`` (a tiny or needle-thin part of a touched unit), ``outside``
(a touched unit leaving its county), ``red_line`` (red line inside a touched unit that is
not 优先保护), ``invalid`` (a touched geometry GEOS finds invalid).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from ..geometry import GRID_SIZE, polygonal
from ..schema import PRIORITY

OVERLAP, GAP, SLIVER, OUTSIDE, RED_LINE, INVALID = (
    "overlap",
    "gap",
    "sliver",
    "outside",
    "red_line",
    "invalid",
)
KINDS = (OVERLAP, GAP, SLIVER, OUTSIDE, RED_LINE, INVALID)
TOLERANCE_M2 = 0.01  # overlaps, gaps and leaks below this are grid noise
SLIVER_M2 = 100.0  # parts smaller than this are slivers
SLIVER_THINNESS = 0.02  # 4πA/P² below this: a needle


@dataclass
class Problem:
    kind: str
    geometry: object
    area_m2: float
    codes: tuple

    def label(self) -> str:
        return f"{self.kind} {'/'.join(self.codes)} {self.area_m2:.2f} m²"


def window(touched_geoms, margin: float = 1.0):
    """The box the check looks at: the touched units' extent plus ``margin``."""
    touched = np.asarray(touched_geoms, dtype=object)
    return shapely.buffer(shapely.envelope(shapely.union_all(touched)), margin)


def neighbourhood(tree: shapely.STRtree, touched_geoms) -> np.ndarray:
    """Indices of the tree's units the check needs: those intersecting the window."""
    return np.sort(tree.query(window(touched_geoms), predicate="intersects"))


def _problems(kind, geoms, codes_of) -> list[Problem]:
    geoms = polygonal(np.asarray(geoms, dtype=object))
    out = []
    for g, codes in zip(geoms, codes_of):
        if g is None:
            continue
        area = float(shapely.area(g))
        if area > TOLERANCE_M2:
            out.append(Problem(kind, g, area, tuple(codes)))
    return out


def _overlaps(geoms, codes, touched, tree, grid) -> list[Problem]:
    left, right = tree.query(geoms[touched], predicate="intersects")
    left = touched[left]
    pairs = {(min(a, b), max(a, b)) for a, b in zip(left.tolist(), right.tolist()) if a != b}
    if not pairs:
        return []
    a, b = np.array(sorted(pairs)).T
    inter = shapely.intersection(geoms[a], geoms[b], grid_size=grid)
    return _problems(OVERLAP, inter, [(codes[i], codes[j]) for i, j in zip(a, b)])


def _gaps(geoms, codes, touched, tree, county, grid) -> list[Problem]:
    near = np.unique(tree.query(geoms[touched], predicate="intersects")[1])
    covered = shapely.union_all(geoms[near], grid_size=grid)
    holes = [shapely.Polygon(r) for p in shapely.get_parts(covered) for r in p.interiors]
    candidates = list(holes)
    if county is not None:
        box = window(geoms[touched])
        candidates.append(
            shapely.difference(
                shapely.intersection(county, box, grid_size=grid), covered, grid_size=grid
            )
        )
    touched_set = set(touched.tolist())
    touched_union = shapely.union_all(geoms[touched])
    rests = []
    for hole in candidates:
        for part in shapely.get_parts(hole):
            others = tree.query(part, predicate="intersects")
            rest = shapely.difference(part, shapely.union_all(geoms[others]), grid_size=grid)
            if county is not None or shapely.intersects(rest, touched_union):
                rests.append(rest)
    merged = polygonal([shapely.union_all(rests, grid_size=grid)])[0] if rests else None
    if merged is None:
        return []
    parts = shapely.get_parts(merged)
    owners = [
        sorted({codes[i] for i in tree.query(p, predicate="intersects") if i in touched_set})
        for p in parts
    ]
    return _problems(GAP, parts, owners)


def _slivers(geoms, codes, touched, sliver_m2) -> list[Problem]:
    parts, owner = shapely.get_parts(geoms[touched], return_index=True)
    area = shapely.area(parts)
    perimeter = shapely.length(parts)
    thin = 4 * math.pi * area / np.maximum(perimeter, 1e-12) ** 2 < SLIVER_THINNESS
    small = (area < sliver_m2) | thin
    return _problems(SLIVER, parts[small], [(codes[touched[o]],) for o in owner[small]])


def _valid_union(geoms, grid_size):
    """One valid polygonal geometry from a geometry or an array of them (repaired), or None."""
    if geoms is None:
        return None
    parts = np.atleast_1d(np.asarray(geoms, dtype=object))
    parts = parts[~shapely.is_missing(parts)]
    if not len(parts):
        return None
    bad = ~shapely.is_valid(parts)
    parts[bad] = shapely.make_valid(parts[bad])
    parts = polygonal(parts)
    parts = parts[~shapely.is_missing(parts)]
    return shapely.union_all(parts, grid_size=grid_size or None) if len(parts) else None


def local_check(
    geoms,
    codes,
    classes,
    touched,
    county=None,
    red_line=None,
    sliver_m2: float = SLIVER_M2,
    grid_size: float = GRID_SIZE,
) -> list[Problem]:
    """Problems around the ``touched`` units (indices into the neighbourhood arrays);
    ``county`` and ``red_line`` are a geometry or an array of them (repaired if invalid)."""
    geoms = np.asarray(geoms, dtype=object)
    codes = np.asarray(codes, dtype=object)
    classes = np.asarray(classes)
    touched = np.asarray(sorted(set(int(t) for t in touched)), dtype=int)
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    touched = touched[present[touched]]
    if not len(touched):
        return []
    bad = present & ~shapely.is_valid(geoms)
    invalid = touched[bad[touched]]
    problems = [Problem(INVALID, geoms[i], 0.0, (codes[i],)) for i in invalid]
    geoms = geoms.copy()
    if bad.any():  # neighbours too: one broken polygon must not stop the overlays
        geoms[bad] = polygonal(shapely.make_valid(geoms[bad]))
    geoms[shapely.is_missing(geoms) | ~present] = shapely.Polygon()
    county, red_line = _valid_union(county, grid_size), _valid_union(red_line, grid_size)
    tree = shapely.STRtree(geoms)
    grid = grid_size or None
    problems += _overlaps(geoms, codes, touched, tree, grid)
    problems += _gaps(geoms, codes, touched, tree, county, grid)
    problems += _slivers(geoms, codes, touched, sliver_m2)
    if county is not None:
        leaks = shapely.difference(geoms[touched], county, grid_size=grid)
        problems += _problems(OUTSIDE, leaks, [(codes[i],) for i in touched])
    if red_line is not None:
        not_priority = touched[classes[touched] != PRIORITY]
        inside = shapely.intersection(geoms[not_priority], red_line, grid_size=grid)
        problems += _problems(RED_LINE, inside, [(codes[i],) for i in not_priority])
    return problems
