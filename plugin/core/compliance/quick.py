"""The quick check: one geometry (a map click) against a prebuilt ``ComplianceIndex``.

The answer is ``assess``'s on a one-project table (the tests compare the two frame by
frame); only the per-click costs go: the project is prepared without a table, each result
frame is built once (no frame per constraint layer, no concatenation or sort), the layer
table, the warnings and the input layers' repair log come from the index, and the
effective lists from ``QuickRequirements``. A footprint that is empty or needs a repair
takes ``assess``'s own path (its repair log names it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import roles
from ..geometry import GRID_SIZE, grouped_union, intersect_pairs
from ..geometry.arrays import geometry_array
from .findings import Context, Requirements, assess_project
from .inputs import Projects, measure, prepare_projects, text
from .model import (
    CONSTRAINT_COLUMNS,
    PROJECT_COLUMNS,
    REQUIREMENT_COLUMNS,
    UNIT_COLUMNS,
    ComplianceResult,
    empty_frame,
)
from .overlay import _layer_measures, outside_coverage


class _Access:
    """The index's ``AccessIndex`` with the quick check's ``unit_rows``."""

    def __init__(self, access, rows):
        self._access, self._rows = access, rows

    def unit_rows(self, unit_code: str, unit_class: int, county: str) -> np.ndarray:
        return self._rows.unit_rows(unit_code, unit_class, county)

    def __getattr__(self, name):
        return getattr(self._access, name)


def _project(geometry, industry, name, fid, buffer) -> Projects | None:
    """The one project, prepared as ``read_projects`` does; None when it is empty or its
    geometry needs a repair (``assess`` then logs it)."""
    raw = geometry_array([geometry])
    if raw[0] is None or shapely.is_empty(raw[0]) or not shapely.is_valid(raw[0]):
        return None
    geoms, dim = prepare_projects(raw, buffer)
    if dim[0] < 0:
        return None
    size = measure(geoms, int(dim[0]))
    return Projects(np.asarray([fid]), [text(name)], [industry], raw, geoms, dim, size)


def _unit_hits(p: Projects, units) -> tuple[pd.DataFrame, np.ndarray, dict]:
    """(unit rows as ``unit_overlay``'s frame, covered measure, {0: [(unit, share)]})."""
    d = int(p.dim[0])
    covered = np.zeros(1)
    u = units.tree.query(p.geoms[0], predicate="intersects")
    u = u[np.argsort(units.fids[u], kind="stable")]  # by unit fid, as unit_overlay
    pieces = intersect_pairs(p.geoms[np.zeros(len(u), dtype=int)], units.geoms[u], GRID_SIZE, d)
    value = measure(pieces, d)
    ok = value > 0
    u, pieces, value = u[ok], pieces[ok], value[ok]
    if len(u) == 0:
        floats = ("overlap_area_m2", "overlap_length_m", "share_pct")
        return empty_frame(UNIT_COLUMNS, floats=floats), covered, {}
    size = p.size[0]
    share = np.minimum(100.0 * value / size, 100.0) if size > 0 else np.zeros(len(u))
    _uniq, merged = grouped_union(np.zeros(len(u), dtype=int), pieces, GRID_SIZE, d)
    covered[0] = measure(merged, d)[0]
    hits = {0: [(int(k), float(s)) for k, s in zip(u, share)]}
    order = np.argsort(-share, kind="stable")  # largest share first, ties as found
    u, pieces, value, share = u[order], pieces[order], value[order], share[order]
    frame = _frame(
        {
            "project_fid": np.repeat(p.fids, len(u)),
            "project_name": [p.names[0]] * len(u),
            "unit_code": units.codes[u],
            "unit_name": units.names[u],
            "unit_class": units.classes[u].astype(int),
            "overlap_area_m2": value if d == 2 else np.full(len(u), np.nan),
            "overlap_length_m": value if d == 1 else np.full(len(u), np.nan),
            "share_pct": share,
            "geometry": pieces,
        },
        UNIT_COLUMNS,
    )
    return frame, covered, hits


def _layer_hits(p: Projects, cindex) -> tuple[pd.DataFrame, dict]:
    """(one row per constraint layer as ``constraint_overlay``'s frame, {0: [hits]})."""
    if not cindex.names:
        floats = ("overlap_area_m2", "overlap_length_m")
        return empty_frame(CONSTRAINT_COLUMNS, floats=floats, bools=("inside",)), {}
    d = int(p.dim[0])
    columns = {c: [] for c in CONSTRAINT_COLUMNS}
    found_layers = []
    for name, key, (polys, tree) in zip(cindex.names, cindex.roles, cindex.layers):
        value, geom = _layer_measures(p, polys, tree, _never).get(0, (0.0, None))
        role = roles.role(key)
        for column, v in zip(
            CONSTRAINT_COLUMNS,
            (p.fids[0], name, role.label_zh, role.consequence_zh,
             value if d == 2 else np.nan, value if d == 1 else np.nan, value > 0, geom),
        ):  # fmt: skip
            columns[column].append(v)
        if value > 0:
            found_layers.append((name, value, d, key))
    columns["project_fid"] = np.asarray(columns["project_fid"], dtype=p.fids.dtype)
    columns["overlap_area_m2"] = np.asarray(columns["overlap_area_m2"], dtype=float)
    columns["overlap_length_m"] = np.asarray(columns["overlap_length_m"], dtype=float)
    columns["inside"] = np.asarray(columns["inside"], dtype=bool)
    frame = _frame(columns, CONSTRAINT_COLUMNS)
    return frame, ({0: found_layers} if found_layers else {})


def _frame(columns: dict, names: list) -> pd.DataFrame:
    """A frame of fresh column arrays, in the order of ``names`` (no copy, no consolidation:
    a third of the time of ``DataFrame(..., columns=names)``)."""
    return pd.DataFrame(columns, copy=False)


def _requirements(gathered: Requirements, access, fids) -> pd.DataFrame:
    """``findings.requirements_frame`` for one project."""
    rows = np.asarray(gathered.row[0], dtype=int)
    return _frame(
        {
            "project_fid": fids[gathered.project[0]],
            "unit_code": np.asarray(gathered.unit[0], dtype=object),
            "level": access.levels[rows],
            "scope_code": access.scopes[rows],
            "dimension": access.dimensions[rows],
            "kind": access.kinds[rows],
            "text": access.texts[rows],
            "industry_codes": access.codes_text[rows],
            "matched_codes": list(gathered.matched[0]),
            "finding": list(gathered.finding[0]),
            "requirement_id": access.ids[rows],
        },
        REQUIREMENT_COLUMNS,
    )


def _never() -> None:
    """A click is not cancelled."""


def check_one(index, geometry, industry, *, buffer, name, fid, default_industry, table):
    """The ``ComplianceResult`` of one geometry, or None where ``assess`` must answer."""
    if buffer is not None and buffer < 0:
        return None  # assess raises the user error
    p = _project(geometry, industry, name, fid, buffer or 0.0)
    if p is None:
        return None
    units_out, covered, hits = _unit_hits(p, index.units)
    outside, outside_measure = outside_coverage(p, covered)
    constraints_out, hit_layers = _layer_hits(p, index.constraints)
    access = _Access(index.access, index.rows)
    ctx = Context(
        p, index.units, access, table, default_industry, hits, hit_layers, outside,
        outside_measure,
    )  # fmt: skip
    gathered = Requirements()
    record = assess_project(ctx, 0, gathered)
    return ComplianceResult(
        units=units_out,
        constraints=constraints_out,
        requirements=_requirements(gathered, index.access, p.fids),
        projects=_frame({k: [record[k]] for k in PROJECT_COLUMNS}, PROJECT_COLUMNS),
        layers=index.layer_table.copy(),
        warnings=list(index.layer_warnings),
        repairs=index.input_repairs.copy(),
    )
