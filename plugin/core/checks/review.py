"""Review carry-over: the status and note a reviewer gave a problem (例外 accepted, …)
survive a re-check when the same problem is found again."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import schema
from .catalogue import PENDING, CheckError
from .cells import is_empty_value
from .prepare import as_geometry_array

_REVIEW_COLUMNS = ((schema.CHK_STATUS, PENDING), (schema.CHK_NOTE, ""))


def carry_over_review(
    new_errors: pd.DataFrame, old_errors: pd.DataFrame, tolerance_m: float = 1.0
) -> pd.DataFrame:
    """Copy status and note of ``old_errors`` onto the ``new_errors`` that are the same error.

    Same error: same check code and unit codes, and geometries within ``tolerance_m``
    Hausdorff distance (or both without geometry and the same message). Each old
    error is used at most once, closest first. Returns a copy of ``new_errors``.
    """
    out = new_errors.copy()
    for col, default in _REVIEW_COLUMNS:
        if col not in out.columns:
            out[col] = default
    if old_errors is None or len(old_errors) == 0 or len(out) == 0:
        return out
    _require_keys(new_errors, old_errors)
    pairs = _keyed(out, "new").merge(_keyed(old_errors, "old"), on=["code", "units"])
    if len(pairs) == 0:
        return out
    pairs["dist"] = _pair_distances(out, old_errors, pairs, tolerance_m)
    matches = _closest_matches(pairs[pairs["dist"] <= tolerance_m])
    if not matches:
        return out
    rn, ro = np.array(matches).T
    for col, default in _REVIEW_COLUMNS:
        if col in old_errors.columns:
            vals = old_errors[col].to_numpy(dtype=object)[ro]
            vals = np.array([default if is_empty_value(v) else v for v in vals], object)
            values = out[col].to_numpy(dtype=object).copy()
            values[rn] = vals
            out[col] = values
    return out


def _require_keys(new_errors: pd.DataFrame, old_errors: pd.DataFrame) -> None:
    for name, frame in (("new", new_errors), ("old", old_errors)):
        missing = [c for c in (schema.CHK_CODE, schema.CHK_UNITS) if c not in frame.columns]
        if missing:
            raise CheckError(
                f"质检结果缺少字段 {'、'.join(missing)} / "
                f"The {name} check results have no field {', '.join(missing)}"
            )


def _keyed(frame: pd.DataFrame, tag: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": frame[schema.CHK_CODE].astype(str).to_numpy(),
            "units": frame[schema.CHK_UNITS].fillna("").astype(str).to_numpy(),
            f"row_{tag}": np.arange(len(frame)),
        }
    )


def _geometries(frame: pd.DataFrame, rows) -> np.ndarray:
    values = frame["geometry"].to_numpy() if "geometry" in frame.columns else [None] * len(frame)
    return as_geometry_array(values)[rows]


def _hausdorff(gn: np.ndarray, go: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Hausdorff distance of each pair; inf where the bounds alone already differ more."""
    dist = np.full(len(gn), np.inf)
    bn, bo = shapely.bounds(gn), shapely.bounds(go)
    idx = np.flatnonzero(np.abs(bn - bo).max(axis=1) <= tolerance_m)
    d = np.full(len(idx), np.inf)
    same = shapely.equals_exact(gn[idx], go[idx], tolerance=tolerance_m)
    d[same] = 0.0
    rest = ~same
    if rest.any():
        d[rest] = shapely.hausdorff_distance(gn[idx[rest]], go[idx[rest]])
    dist[idx] = d
    return dist


def _pair_distances(out, old_errors, pairs, tolerance_m) -> np.ndarray:
    """Distance of each candidate pair: Hausdorff, or 0 for two geometry-less problems
    with the same message."""
    row_new, row_old = pairs["row_new"].to_numpy(), pairs["row_old"].to_numpy()
    gn, go = _geometries(out, row_new), _geometries(old_errors, row_old)
    miss_n = shapely.is_missing(gn) | shapely.is_empty(gn)
    miss_o = shapely.is_missing(go) | shapely.is_empty(go)
    dist = np.full(len(pairs), np.inf)
    both = ~miss_n & ~miss_o
    if both.any():
        dist[both] = _hausdorff(gn[both], go[both], tolerance_m)
    none = miss_n & miss_o
    if none.any() and schema.CHK_MESSAGE in out.columns and schema.CHK_MESSAGE in old_errors:
        mn = out[schema.CHK_MESSAGE].astype(str).to_numpy()[row_new]
        mo = old_errors[schema.CHK_MESSAGE].astype(str).to_numpy()[row_old]
        dist[none & (mn == mo)] = 0.0
    return dist


def _closest_matches(pairs: pd.DataFrame) -> list[tuple[int, int]]:
    """(new row, old row) pairs, closest first, each row used at most once."""
    pairs = pairs.sort_values("dist", kind="stable")
    used_new, used_old, matches = set(), set(), []
    for rn, ro in zip(pairs["row_new"].to_numpy(), pairs["row_old"].to_numpy()):
        if rn in used_new or ro in used_old:
            continue
        used_new.add(rn)
        used_old.add(ro)
        matches.append((rn, ro))
    return matches
