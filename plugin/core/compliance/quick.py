"""The quick check: one geometry (a map click) against a prebuilt ``ComplianceIndex``.

The answer is ``assess``'s on a one-project table (the tests compare the two frame by
frame); only the per-click costs go: the project is prepared without a table, each result
frame is built once (no frame per constraint layer, no concatenation or sort), the layer
table, the warnings and the input layers' repair log come from the index, and the
effective lists from ``QuickRequirements``; the constraint layers are prepared near the
click only (``NearConstraints``).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import shapely

from .. import roles
from ..geometry import GRID_SIZE, grouped_union, intersect_pairs
from ..geometry.arrays import geometry_array
from ..overlap import feature_repairs
from .findings import Context, Requirements, assess_project
from .inputs import Projects, measure, prepare_projects, text
from .model import (
    CONSTRAINT_COLUMNS,
    PROJECT_COLUMNS,
    REQUIREMENT_COLUMNS,
    UNIT_COLUMNS,
    ComplianceResult,
    concat_repairs,
    empty_frame,
)
from .overlay import _layer_measures, constraint_overlay, outside_coverage
from .quick_constraints import NearConstraints
from .quick_units import NearUnits


class _Access:
    """The index's ``AccessIndex`` with the quick check's ``unit_rows``."""

    def __init__(self, access, rows):
        self._access, self._rows = access, rows

    def unit_rows(self, unit_code: str, unit_class: int, county: str) -> np.ndarray:
        return self._rows.unit_rows(unit_code, unit_class, county)

    def __getattr__(self, name):
        return getattr(self._access, name)


def _project(geometry, industry, name, fid, buffer) -> tuple[Projects, pd.DataFrame | None]:
    """The one project, prepared as ``read_projects`` does, and its repair log (None when
    nothing was repaired or dropped, the usual case)."""
    raw = geometry_array([geometry])
    geoms, dim = prepare_projects(raw, buffer)
    d = int(dim[0])
    size = measure(geoms, d) if d >= 0 else np.zeros(1)
    p = Projects(np.asarray([fid]), [text(name)], [industry], raw, geoms, dim, size)
    present = raw[0] is not None and not shapely.is_empty(raw[0])
    if not present or (shapely.is_valid(raw[0]) and d >= 0):
        return p, None
    return p, feature_repairs("", pd.DataFrame({"fid": p.fids}), raw, dim >= 0)


def _unit_hits(p: Projects, units) -> tuple[pd.DataFrame, np.ndarray, dict]:
    """(unit rows as ``unit_overlay``'s frame, covered measure, {0: [(unit, share)]})."""
    d = int(p.dim[0])
    covered = np.zeros(1)
    if d < 0:
        u, geoms = np.zeros(0, dtype=int), np.zeros(0, dtype=object)
    elif isinstance(units, NearUnits):
        u, geoms = units.near(p.geoms[0])
    else:
        u = units.tree.query(p.geoms[0], predicate="intersects")
        geoms = units.geoms[u]
    order = np.argsort(units.fids[u], kind="stable")  # by unit fid, as unit_overlay
    u, geoms = u[order], geoms[order]
    pieces = intersect_pairs(p.geoms[np.zeros(len(u), dtype=int)], geoms, GRID_SIZE, d)
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
    """(one row per constraint layer as ``constraint_overlay``'s frame, {0: [hits]}).
    ``cindex``: ``NearConstraints`` (the features near the click) or a ``ConstraintIndex``."""
    if not cindex.names:
        floats = ("overlap_area_m2", "overlap_length_m")
        return empty_frame(CONSTRAINT_COLUMNS, floats=floats, bools=("inside",)), {}
    d = int(p.dim[0])
    if d < 0:  # an empty footprint: no rows, typed exactly as ``assess`` types them
        layers = SimpleNamespace(
            names=cindex.names, roles=cindex.roles, layers=[(None, None)] * len(cindex.names)
        )
        return constraint_overlay(p, layers, _never)
    columns = {c: [] for c in CONSTRAINT_COLUMNS}
    found_layers = []
    near = isinstance(cindex, NearConstraints)
    for k, (name, key) in enumerate(zip(cindex.names, cindex.roles)):
        polys, tree = cindex.near(k, p.geoms[0]) if near else cindex.layers[k]
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
    for column in ("constraint", "role", "consequence"):
        columns[column] = np.asarray(columns[column], dtype=object)
    columns["geometry"] = _objects(columns["geometry"])
    frame = _frame(columns, CONSTRAINT_COLUMNS)
    return frame, ({0: found_layers} if found_layers else {})


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


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
    """The ``ComplianceResult`` of one geometry (None for a negative buffer: ``assess``
    says what is wrong)."""
    if buffer is not None and buffer < 0:
        return None  # assess raises the user error
    p, project_repairs = _project(geometry, industry, name, fid, buffer or 0.0)
    units_out, covered, hits = _unit_hits(p, index.near_units)
    outside, outside_measure = outside_coverage(p, covered)
    constraints_out, hit_layers = _layer_hits(p, index.near)
    access = _Access(index.access, index.rows)
    ctx = Context(
        p, index.near_units, access, table, default_industry, hits, hit_layers, outside,
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
        repairs=index.input_repairs.copy()
        if project_repairs is None
        else concat_repairs([project_repairs, index.input_repairs]),
    )
