"""Delineation units equal to a stored reference up to bytes (the lead's rule for #21).

Two unit tables are *equivalent* when (1) they hold the same units: same count, same
codes (HJZHGKDYBM), classes, names and other attributes; (2) each unit's MJ and
geometry area equal the reference's within 1e-6 relative (or 1 m², whichever is
larger), and the symmetric difference of the two geometries is under 1 m²; (3) every
unit is valid, and the units form a coverage no worse than the reference's (GEOS
coverage validation, as the checks do it). Vertex order, ring start, part order and a
vertex more or less on a straight edge may differ.

References are stored as gzipped JSON (``save_reference``) under ``tests/core/data``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from plugin.core import geometry, schema

DATA = Path(__file__).parent / "data"
REL = 1e-6
ABS_M2 = 1.0


def _frame_json(units: pd.DataFrame) -> dict:
    attrs = units.drop(columns="geometry")
    return {
        "columns": list(attrs.columns),
        "rows": attrs.to_numpy(dtype=object).tolist(),
        "wkb": [None if g is None else shapely.to_wkb(g, hex=True) for g in units["geometry"]],
    }


def save_reference(name: str, result) -> Path:
    """Store a delineation result (units and log) as the reference ``name``."""
    path = DATA / f"{name}.json.gz"
    log = result.log
    data = {
        "units": _frame_json(result.units),
        "log": {"columns": list(log.columns), "rows": log.to_numpy(dtype=object).tolist()},
        "clean_grid": result.clean_grid,
    }
    text = json.dumps(data, ensure_ascii=False, default=float)
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return path


def load_reference(name: str) -> dict:
    data = json.loads(gzip.decompress((DATA / f"{name}.json.gz").read_bytes()))
    u = data["units"]
    units = pd.DataFrame(u["rows"], columns=u["columns"])
    units["geometry"] = [None if w is None else shapely.from_wkb(w) for w in u["wkb"]]
    data["units"] = units
    data["log"] = pd.DataFrame(data["log"]["rows"], columns=data["log"]["columns"])
    return data


def _text(values) -> list:
    """Values as text, nulls as None and whole floats as integers (JSON's round trip)."""
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(None)
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))
        else:
            out.append(str(v))
    return out


def _close(a, b, scale_m2=1.0) -> np.ndarray:
    """|a - b| within 1e-6 relative or 1 m² (``scale_m2``: m² per unit of a and b)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    tol = np.maximum(REL * np.abs(b), ABS_M2 / scale_m2)
    return np.abs(a - b) <= tol


def coverage_problems(geoms) -> int:
    """Units with an edge GEOS's coverage validation rejects (gaps are not counted)."""
    if not geometry.COVERAGE_VALIDATION:  # GEOS < 3.12: validity of each unit only
        return 0
    geoms = np.asarray(geoms, dtype=object)
    return int((~shapely.is_empty(shapely.coverage_invalid_edges(geoms))).sum())


def assert_equivalent_units(got: pd.DataFrame, ref: pd.DataFrame, area_scale=1.0) -> None:
    """Assert (1)-(3) of the module docstring. ``area_scale``: m² per unit of the
    geometries' area (1 for metres; pass the delivery CRS's factor otherwise)."""
    assert len(got) == len(ref)
    keys = [c for c in ref.columns if c not in ("geometry", schema.UNIT_AREA)]
    assert list(got.columns) == list(ref.columns)
    ga, ra = got[keys].reset_index(drop=True), ref[keys].reset_index(drop=True)
    for c in keys:
        assert _text(ga[c]) == _text(ra[c]), c
    assert _close(got[schema.UNIT_AREA], ref[schema.UNIT_AREA], 1e6).all()
    g = np.asarray(got["geometry"], dtype=object)
    r = np.asarray(ref["geometry"], dtype=object)
    assert shapely.is_valid(g).all()
    assert _close(shapely.area(g), shapely.area(r), area_scale).all()
    sym = shapely.area(shapely.symmetric_difference(g, r)) * area_scale
    assert (sym < ABS_M2).all(), float(sym.max())
    assert coverage_problems(g) <= coverage_problems(r)


def _sorted_log(log: pd.DataFrame, same: list) -> pd.DataFrame:
    keys = [_text(log[c]) for c in same]
    order = sorted(range(len(log)), key=lambda i: tuple(str(k[i]) for k in keys))
    return log.iloc[order].reset_index(drop=True)


def assert_equivalent_log(got: pd.DataFrame, ref: pd.DataFrame) -> None:
    """The same log rows (kind, layer, feature, message), in any order (fragments are
    merged in the order of their polygons), areas within the tolerance of (2)."""
    assert list(got.columns) == list(ref.columns)
    assert len(got) == len(ref)
    area = [c for c in ref.columns if got[c].dtype.kind == "f"]
    same = [c for c in ref.columns if c not in area]
    got, ref = _sorted_log(got, same), _sorted_log(ref, same)
    for c in same:
        assert _text(got[c]) == _text(ref[c]), c
    for c in area:
        a, b = got[c].to_numpy(dtype=float), ref[c].to_numpy(dtype=float)
        assert (np.isnan(a) == np.isnan(b)).all()
        ok = ~np.isnan(b)
        assert _close(a[ok], b[ok]).all(), c


def assert_equivalent(result, name: str) -> None:
    """A delineation result equivalent to the stored reference ``name``."""
    ref = load_reference(name)
    assert_equivalent_units(result.units, ref["units"])
    assert_equivalent_log(result.log, ref["log"])
    assert result.clean_grid == ref["clean_grid"]
