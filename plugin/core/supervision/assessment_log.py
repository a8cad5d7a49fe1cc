"""研判日志: the rows an assessment appends to the project database's log (no Qt).

One row per assessed project (from the compliance algorithm or the 准入研判 panel)
and one per screened source layer (with its feature and lead counts). The columns are
``schema.LOG_FIELDS``; the log is the raw material of the tracking indicators.
"""

from __future__ import annotations

import datetime as _dt
import uuid

import numpy as np
import pandas as pd

from .. import schema

COLUMNS = schema.field_names(schema.LOG_FIELDS)


def new_run_id() -> str:
    return uuid.uuid4().hex[:16]


def _stamp(when: _dt.datetime | None) -> _dt.datetime:
    return when or _dt.datetime.now().replace(microsecond=0)


def _constraint_text(constraints: pd.DataFrame) -> dict:
    """project fid -> "layer 123.4 m²；layer 5.0 m" for the constraints it overlaps."""
    if constraints is None or not len(constraints):
        return {}
    hit = constraints[constraints["inside"].astype(bool)]
    out: dict = {}
    for row in hit.itertuples(index=False):
        if row.overlap_area_m2 == row.overlap_area_m2:  # not NaN
            text = f"{row.constraint} {row.overlap_area_m2:.1f} m²"
        elif row.overlap_length_m == row.overlap_length_m:
            text = f"{row.constraint} {row.overlap_length_m:.1f} m"
        else:
            text = f"{row.constraint}"
        out.setdefault(row.project_fid, []).append(text)
    return {k: "；".join(v) for k, v in out.items()}


def compliance_rows(result, origin: str, run_id: str | None = None, when=None) -> pd.DataFrame:
    """Log rows for every project of a ``compliance.ComplianceResult``."""
    if origin not in schema.LOG_ORIGINS:
        raise ValueError(f"unknown log origin {origin!r}")
    when = _stamp(when)
    projects = result.projects
    areas = _constraint_text(result.constraints)
    return pd.DataFrame(
        {
            "log_time": when.strftime("%Y-%m-%dT%H:%M:%S"),
            "run_id": run_id or new_run_id(),
            "origin": origin,
            "project": projects["project_name"].astype(str).to_numpy(),
            "industry": projects["industry"].fillna("").astype(str).to_numpy(),
            "assessed_on": when.strftime("%Y-%m-%d"),
            "conclusion": projects["conclusion"].to_numpy(),
            "unit_codes": projects["unit_codes"].to_numpy(),
            "constraint_areas": [areas.get(f, "") for f in projects["project_fid"]],
            "features": 1,
            "leads": np.nan,
            "leads_high": np.nan,
        },
        columns=COLUMNS,
    )


def screening_rows(counts: pd.DataFrame, run_id: str | None = None, when=None) -> pd.DataFrame:
    """Log rows for a screening run: one per source layer, with its counts."""
    when = _stamp(when)
    return pd.DataFrame(
        {
            "log_time": when.strftime("%Y-%m-%dT%H:%M:%S"),
            "run_id": run_id or new_run_id(),
            "origin": "screening",
            "project": counts["source_layer"].to_numpy(),
            "industry": "",
            "assessed_on": when.strftime("%Y-%m-%d"),
            "conclusion": "",
            "unit_codes": "",
            "constraint_areas": "",
            "features": counts["features"].to_numpy(),
            "leads": counts["leads"].to_numpy(),
            "leads_high": counts["high"].to_numpy(),
        },
        columns=COLUMNS,
    )
