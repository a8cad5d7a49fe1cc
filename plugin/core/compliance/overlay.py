"""Per-project overlay: projects × units, coverage, projects × constraint layers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from .. import roles
from ..geometry import GRID_SIZE, grouped_union, intersect_pairs
from ..overlap import inside_once
from .constraints import ConstraintIndex
from .inputs import Projects, measure
from .model import CONSTRAINT_COLUMNS, UNIT_COLUMNS, empty_frame
from .units import UnitIndex


@dataclass
class UnitOverlay:
    """Projects × units: the rows, the covered measure and the hits of each project."""

    frame: pd.DataFrame  # UNIT_COLUMNS
    covered: np.ndarray  # per project: area, length or points inside the units
    hits: dict  # project row -> [(unit index, share %)]


def _unit_rows(p: Projects, units: UnitIndex, pr, u, d: int, covered, hits) -> pd.DataFrame | None:
    """The rows of the projects ``pr`` of dimension ``d`` with the units ``u`` they touch;
    fills ``covered`` and ``hits`` for them. None when no pair really overlaps."""
    pieces = intersect_pairs(p.geoms[pr], units.geoms[u], GRID_SIZE, d)
    value = measure(pieces, d)
    ok = value > 0
    pr, u, pieces, value = pr[ok], u[ok], pieces[ok], value[ok]
    if len(pr) == 0:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(p.size[pr] > 0, np.minimum(100.0 * value / p.size[pr], 100.0), 0.0)
    uniq, merged = grouped_union(pr, pieces, GRID_SIZE, d)
    covered[uniq] = measure(merged, d)
    for k in range(len(pr)):
        hits.setdefault(int(pr[k]), []).append((int(u[k]), float(share[k])))
    return pd.DataFrame(
        {
            "project_fid": p.fids[pr],
            "project_name": [p.names[i] for i in pr],
            "unit_code": units.codes[u],
            "unit_name": units.names[u],
            "unit_class": units.classes[u],
            "overlap_area_m2": value if d == 2 else np.nan,
            "overlap_length_m": value if d == 1 else np.nan,
            "share_pct": share,
            "geometry": pieces,
            "_p": pr,
        }
    )


def _unit_frame(frames: list) -> pd.DataFrame:
    """The rows by project, largest share first."""
    if not frames:
        return empty_frame(
            UNIT_COLUMNS, floats=("overlap_area_m2", "overlap_length_m", "share_pct")
        )
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["_p", "share_pct"], ascending=[True, False], kind="stable")
    out = out[UNIT_COLUMNS].reset_index(drop=True)
    out["unit_class"] = out["unit_class"].astype(int)
    return out


def unit_overlay(p: Projects, units: UnitIndex) -> UnitOverlay:
    """Each project overlaid with the units it intersects (touching is not a hit)."""
    present = p.present
    pi, ui = units.tree.query(p.geoms[present], predicate="intersects")
    # by project, then unit fid: the same order whichever units were read (a filtered read)
    order = np.lexsort((units.fids[ui], pi))
    pi, ui = present[pi[order]], ui[order]
    frames = []
    covered = np.zeros(len(p))
    hits: dict[int, list[tuple[int, float]]] = {}
    for d in (0, 1, 2):
        sel = p.dim[pi] == d
        if sel.any():
            frame = _unit_rows(p, units, pi[sel], ui[sel], d, covered, hits)
            if frame is not None:
                frames.append(frame)
    return UnitOverlay(_unit_frame(frames), covered, hits)


def outside_coverage(p: Projects, covered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(outside per project, the measure outside the units: 0 when within the tolerance).

    The tolerance is the grid along the perimeter for areas, ten grid cells for lines
    and half a point for points; NaN for projects without geometry.
    """
    dim = p.dim
    outside_measure = np.where(dim >= 0, np.maximum(p.size - covered, 0.0), np.nan)
    perimeter = np.zeros(len(p))
    perimeter[dim == 2] = shapely.length(p.geoms[dim == 2])
    tolerance = np.where(dim == 2, perimeter * GRID_SIZE, 10 * GRID_SIZE)
    tolerance[dim == 0] = 0.5
    outside = (dim >= 0) & (outside_measure > tolerance)
    return outside, np.where(outside, outside_measure, np.where(dim >= 0, 0.0, np.nan))


def _layer_measures(p: Projects, polys, tree, check) -> dict[int, tuple[float, object]]:
    """project row -> (measure inside the layer counted once, that part)."""
    out: dict[int, tuple[float, object]] = {}
    present = p.present
    if tree is None or len(present) == 0:
        return out
    fi, ci = tree.query(p.geoms[present], predicate="intersects")
    order = np.lexsort((ci, fi))  # the same order whichever features were read
    fi, ci = fi[order], ci[order]
    rows = present[fi]
    for d in (0, 1, 2):
        sel = p.dim[rows] == d
        if not sel.any():
            continue
        uniq, merged = inside_once(p.geoms, rows[sel], polys, ci[sel], d, check)
        for row, value, geom in zip(uniq, measure(merged, d), merged):
            if value > 0:
                out[int(row)] = (float(value), geom)
    return out


def _layer_frame(p: Projects, name: str, role_key: str, found: dict, hit_layers) -> pd.DataFrame:
    """One row per present project for one layer; the hits go to ``hit_layers``."""
    present = p.present
    areas, lengths, inside, pieces = [], [], [], []
    for row in present:
        value, geom = found.get(int(row), (0.0, None))
        d = p.dim[row]
        areas.append(value if d == 2 else np.nan)
        lengths.append(value if d == 1 else np.nan)
        inside.append(value > 0)
        pieces.append(geom)
        if value > 0:
            hit_layers.setdefault(int(row), []).append((name, value, int(d), role_key))
    role = roles.role(role_key)
    return pd.DataFrame(
        {
            "project_fid": p.fids[present],
            "constraint": name,
            "role": role.label_zh,
            "consequence": role.consequence_zh,
            "overlap_area_m2": np.asarray(areas, dtype=float),
            "overlap_length_m": np.asarray(lengths, dtype=float),
            "inside": np.asarray(inside, dtype=bool),
            "geometry": pieces,
            "_p": present,
        }
    )


def constraint_overlay(p: Projects, cindex: ConstraintIndex, check) -> tuple[pd.DataFrame, dict]:
    """(one row per project and constraint layer, project row -> [(layer, measure, dim,
    role key)] of the layers it overlaps). ``check`` is a cancel check."""
    frames = []
    hit_layers: dict[int, list[tuple[str, float, int, str]]] = {}
    for name, role_key, (polys, tree) in zip(cindex.names, cindex.roles, cindex.layers):
        check()
        found = _layer_measures(p, polys, tree, check)
        frames.append(_layer_frame(p, name, role_key, found, hit_layers))
    if not frames:
        empty = empty_frame(
            CONSTRAINT_COLUMNS, floats=("overlap_area_m2", "overlap_length_m"), bools=("inside",)
        )
        return empty, hit_layers
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values("_p", kind="stable")[CONSTRAINT_COLUMNS]
    return out.reset_index(drop=True), hit_layers
