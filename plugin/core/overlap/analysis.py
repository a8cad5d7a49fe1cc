"""``overlap_analysis``: one row per (feature, constraint layer) that overlap."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import shapely

from .. import roles
from ..area import AreaRule
from ..area import current as current_rule
from ..geometry.arrays import geometry_array
from ..memory import give_back
from ..run import Progress, progress_of
from .constraints import Constraint, constraint_layer
from .inputs import (
    OverlapError,
    check_inputs,
    clean_features,
    feature_repairs,
    fids,
    valid_features,
)
from .pipeline import Overlays
from .zones import single_parts

OUTPUT_COLUMNS = [
    "fid",
    "constraint",
    "role",
    "geom_type",
    "overlap_area_m2",
    "overlap_length_m",
    "inside",
    "percent",
    "geometry",
]
KINDS = ((0, "point"), (1, "line"), (2, "polygon"))


@dataclass
class Features:
    """The input features cleaned, with what the percentages are taken of."""

    fid: np.ndarray
    geoms: np.ndarray
    dim: np.ndarray  # 0/1/2, -1 for missing/empty
    npoints: np.ndarray  # points of a (multi)point
    rule: AreaRule  # the official area rule of the run

    @property
    def present(self) -> np.ndarray:
        return np.flatnonzero(self.dim >= 0)

    @cached_property
    def size(self) -> np.ndarray:
        """Area (polygons, by ``rule``) or length (lines): measured when the first rows
        are made, so with more than one thread, while the first batch is overlaid."""
        size = np.zeros(len(self.dim))
        size[self.dim == 2] = self.rule.m2(self.geoms[self.dim == 2])
        size[self.dim == 1] = shapely.length(self.geoms[self.dim == 1])
        return size


def _features(frame: pd.DataFrame, geoms: np.ndarray, dim: np.ndarray) -> Features:
    npoints = np.zeros(len(frame), dtype=int)
    npoints[dim == 0] = shapely.get_num_geometries(geoms[dim == 0])
    return Features(fids(frame), geoms, dim, npoints, current_rule())


def _measures(merged: np.ndarray, d: int, areas):
    """(area, length, measure) of the pieces of dimension ``d`` (NaN where not measured);
    ``areas``: their official areas, measured with the pieces (``Overlays``)."""
    area = np.full(len(merged), np.nan)
    length = np.full(len(merged), np.nan)
    if d == 2:
        area = np.asarray(areas, dtype=float)
        return area, length, area
    if d == 1:
        length = np.asarray(shapely.length(merged), dtype=float)
        return area, length, length
    return area, length, np.asarray(shapely.get_num_geometries(merged), dtype=float)


def _rows(f: Features, uniq, merged, d: int, kind: str, c: Constraint, k: int,
          areas) -> pd.DataFrame:  # fmt: skip
    """The rows of one layer for the features of dimension ``d`` that overlap it."""
    area, length, measure = _measures(merged, d, areas)
    base = f.size[uniq] if d > 0 else f.npoints[uniq].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(base > 0, np.minimum(100.0 * measure / base, 100.0), 0.0)
    keep = measure > 0
    return pd.DataFrame(
        {
            "fid": f.fid[uniq[keep]],
            "constraint": c.name,
            "role": roles.role(roles.resolve(c.name, c.role)[0]).label_zh,
            "geom_type": kind,
            "overlap_area_m2": area[keep],
            "overlap_length_m": length[keep],
            "inside": True,
            "percent": percent[keep],
            "geometry": merged[keep],
            "_row": uniq[keep],
            "_layer": k,
        }
    )


BATCH_PAIRS = 25_000  # (feature, polygon) pairs overlaid together: bounds the temporaries


def _batches(rows: np.ndarray):
    """(start, stop) slices of ``rows`` (sorted) with at most about ``BATCH_PAIRS`` pairs
    each, all about the same size, never splitting one feature's pairs. (A layer's last
    batch is overlaid while the next layer is read and snapped: a small remainder there
    would leave the overlay threads idle.)"""
    start, n = 0, len(rows)
    size = -(-n // -(-n // BATCH_PAIRS)) if n else 0  # n split evenly into as few batches
    while start < n:
        stop = min(n, start + size)
        if stop < n:
            stop = int(np.searchsorted(rows, rows[stop - 1], side="right"))
        yield start, stop
        start = stop


def _layer_frames(f: Features, polygons, c: Constraint, k: int, progress: Progress,
                  overlays: Overlays | None = None):  # fmt: skip
    """The rows of constraint layer ``k`` done so far, one frame per batch and dimension.

    Each feature is measured on its own, so the features are taken in batches: the
    unions and overlays of one batch are let go before the next (a million parcels
    are never all copied at once), and so is every polygon no later batch touches
    (``polygons`` is emptied as the batches go: its memory goes to the pieces).
    ``overlays`` (``Overlays``, the run's): with more than one thread, a batch's
    intersections run behind the next batch's unions (or the next layer's reading), so
    the layer's last batch may still be in flight (its rows come with a later call or
    ``overlays.finish()``); without, one thread and every batch done here."""
    own = overlays is None
    if own:
        overlays = Overlays(progress.check)
    frames = []
    present = f.present
    if len(polygons) and len(present):
        frames = _batches_measured(f, polygons, c, k, progress, overlays)
    if own:
        frames += _frames(f, overlays.finish())
        overlays.close()
    return frames


def _batches_measured(f: Features, polygons, c: Constraint, k: int, progress, overlays):
    present = f.present
    tree = shapely.STRtree(polygons)
    fi, ci = tree.query(f.geoms[present], predicate="intersects")
    del tree
    order = np.argsort(fi, kind="stable")  # by feature (the tree's order within one)
    rows, ci = present[fi[order]], ci[order]
    progress.check()
    batches = list(_batches(rows))
    last = np.full(len(polygons), -1)  # the last batch using each polygon
    for b, (s, e) in enumerate(batches):
        last[ci[s:e]] = b
    polygons[last < 0] = None  # touching no feature
    single_parts(polygons)
    frames = []
    for b, (s, e) in enumerate(batches):
        dims = f.dim[rows[s:e]]
        for d, kind in KINDS:
            sel = np.flatnonzero(dims == d) + s
            if not len(sel):
                continue
            uniq, zones = overlays.zones(rows[sel], polygons, ci[sel])
            done = overlays.submit(f.geoms, uniq, zones, d, (d, kind, c, k))
            del zones
            frames += _frames(f, done)
        polygons[last == b] = None
        give_back()
    return frames


def _frames(f: Features, done) -> list:
    """The rows of the batches ``Overlays`` has done (tagged with their dimension, kind,
    layer and layer number; with the pieces' areas)."""
    return [_rows(f, uniq, merged, *tag, areas) for uniq, merged, tag, areas in done if len(uniq)]


def _empty_output() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
    for col in ("overlap_area_m2", "overlap_length_m", "percent"):
        out[col] = out[col].astype(float)
    out["inside"] = out["inside"].astype(bool)
    return out


class OverlapRun:
    """The overlap analysis one constraint layer at a time, so only one layer's
    geometries are held: ``add`` (or ``add_loaded``) each layer, then ``result()``.

    ``layers``: the names of the layers that will be added (checked for repeats first,
    and counted for the progress);
    ``progress``, ``is_cancelled``, ``repairs``, ``layer_name`` and ``workers`` as for
    ``overlap_analysis``.
    """

    def __init__(self, features, layers: list[str], progress=None, is_cancelled=None,
                 repairs: list | None = None, layer_name: str = "", workers: int = 1):  # fmt: skip
        check_inputs(features, [Constraint(name, None) for name in layers])
        self.workers = max(1, int(workers or 1))
        self._run = progress_of(progress, is_cancelled)
        self._progress, self._total = progress, max(len(layers), 1)
        self._repairs, self._names, self._frames = repairs, [], []
        raw = geometry_array(features["geometry"].to_numpy())
        valid = valid_features(raw)  # tested once for the cleaning and the repair log
        geoms, dim = clean_features(raw, valid)
        if repairs is not None:
            repairs.append(feature_repairs(layer_name, features, raw, dim >= 0, valid))
        del valid
        self._features = _features(features, geoms, dim)
        self._overlays = Overlays(self._run.check, self.workers)

    def add_loaded(self, name: str, load, buffer: float = 0.0, role: str | None = None):
        """Add the layer whose frame ``load()`` returns; the frame is let go as soon as
        its polygons are made (the caller keeps no reference to it)."""
        k = len(self._names)
        self._run.check()
        if k == 0 and callable(self._progress):
            self._progress(0.0)  # callers are told the run started (Progress reports rises only)
        self._run.step(100.0 * k / self._total)
        if name in self._names:
            raise OverlapError("约束图层名称重复 / Constraint layer names must be unique")
        self._names.append(name)
        try:
            c = Constraint(name, load(), buffer, role)
            polygons, log = constraint_layer(c, release=True)  # the record is ours: let go
            if self._repairs is not None:
                self._repairs.append(log)
            self._frames += _layer_frames(self._features, polygons, c, k, self._run, self._overlays)
        except BaseException:
            self._overlays.close()  # nothing runs on behind a failed or cancelled run
            raise

    def add(self, constraint: Constraint):
        """Add one constraint layer."""
        self.add_loaded(constraint.name, lambda: constraint.frame, constraint.buffer,
                        constraint.role)  # fmt: skip

    def result(self) -> pd.DataFrame:
        """One row per (feature, layer) that overlap, by feature then layer."""
        try:
            self._frames += _frames(self._features, self._overlays.finish())
        finally:
            self._overlays.close()
        self._run.step(100.0)
        if not self._frames:
            return _empty_output()
        out = pd.concat(self._frames, ignore_index=True)
        out = out.sort_values(["_row", "_layer"], kind="stable")
        return out[OUTPUT_COLUMNS].reset_index(drop=True)


def overlap_analysis(
    features: pd.DataFrame,
    constraints: list[Constraint],
    progress=None,
    is_cancelled=None,
    repairs: list | None = None,
    layer_name: str = "",
    workers: int = 1,
) -> pd.DataFrame:
    """One row per (feature, constraint layer) that overlap; see the package docstring.

    ``progress(percent)`` is called with 0..100; ``Cancelled`` is raised when
    ``is_cancelled()`` returns True. When ``repairs`` is a list, the repair logs
    (``REPAIR_COLUMNS``) of the input layer (called ``layer_name``) and of each
    constraint layer are appended to it: every repaired input feature is reported.
    ``workers``: overlay threads (1: none); any number gives the same result.
    """
    check_inputs(features, constraints)
    names = [c.name for c in constraints]
    run = OverlapRun(features, names, progress, is_cancelled, repairs, layer_name, workers)
    for c in constraints:
        run.add(c)
    return run.result()
