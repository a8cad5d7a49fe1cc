"""Findings and rows: each project's requirements, messages, conclusion and record."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..industry import IndustryTable
from .access import AccessIndex
from .inputs import Projects
from .model import PROJECT_COLUMNS, REQUIREMENT_COLUMNS, empty_frame
from .units import UnitIndex
from .verdict import conclude, fmt, project_industry


@dataclass
class Context:
    """What every project's findings are drawn from (built by ``assess``)."""

    projects: Projects
    units: UnitIndex
    access: AccessIndex
    table: IndustryTable
    default_industry: str | None
    hits: dict  # project row -> [(unit index, share %)]
    hit_layers: dict  # project row -> [(layer, measure, dim, role key)]
    outside: np.ndarray
    outside_measure: np.ndarray


@dataclass
class Requirements:
    """The requirement rows of all projects, gathered project by project."""

    project: list = field(default_factory=list)  # arrays of project rows
    unit: list = field(default_factory=list)  # arrays of unit codes ("" for a region)
    row: list = field(default_factory=list)  # arrays of access-list rows
    finding: list = field(default_factory=list)
    matched: list = field(default_factory=list)


def _outside_text(ctx: Context, i: int) -> str:
    d, value = ctx.projects.dim[i], ctx.outside_measure[i]
    if d == 2:
        what = f"{fmt(value)} m²"
    elif d == 1:
        what = f"{fmt(value)} m"
    else:
        what = f"{int(round(value))} 个点"
    return f"部分位于管控单元覆盖范围之外（{what}）"


def _messages(ctx: Context, i: int, problem: tuple, hits: list) -> tuple[list, list]:
    """(Chinese, English) messages: what is missing or outside for project ``i``."""
    messages_zh, messages_en = [], []
    dim = ctx.projects.dim[i]
    if dim < 0:
        messages_zh.append("项目几何为空")
        messages_en.append("empty geometry")
    if problem[0]:
        messages_zh.append(problem[0])
        messages_en.append(problem[1])
    if dim >= 0 and not hits:
        messages_zh.append("项目不在任何环境管控单元内")
        messages_en.append("the project lies in no environmental control unit")
    elif ctx.outside[i]:
        messages_zh.append(_outside_text(ctx, i))
        messages_en.append("partly outside the units' coverage")
    return messages_zh, messages_en


def _requirement_rows(ctx: Context, i: int, hits: list) -> tuple[np.ndarray, np.ndarray]:
    """(access-list rows, unit code of each row): the touched units' effective lists,
    then the 区域 rows of the regions the project reaches into ("" as unit code)."""
    units, access = ctx.units, ctx.access
    row_parts, unit_parts = [], []
    for u in dict.fromkeys(u for u, _share in hits):
        rows = access.unit_rows(units.codes[u], int(units.classes[u]), units.counties[u])
        row_parts.append(rows)
        unit_parts.append(np.full(len(rows), units.codes[u], dtype=object))
    region_ids = access.regions_at(ctx.projects.geoms[i]) if ctx.projects.dim[i] >= 0 else []
    if region_ids:
        rows = access.region_rows(region_ids, {int(units.classes[u]) for u, _ in hits})
        if row_parts:
            rows = rows[~np.isin(rows, np.concatenate(row_parts))]
        row_parts.append(rows)
        unit_parts.append(np.full(len(rows), "", dtype=object))
    rows = np.concatenate(row_parts) if row_parts else np.zeros(0, dtype=int)
    unit_of_row = np.concatenate(unit_parts) if unit_parts else np.zeros(0, dtype=object)
    return rows, unit_of_row


def _record(ctx: Context, i: int, industry: tuple, hits, conclusion, reasons, message) -> dict:
    code, raw = industry
    dim, outside_measure = ctx.projects.dim[i], ctx.outside_measure[i]
    return {
        "project_fid": ctx.projects.fids[i],
        "project_name": ctx.projects.names[i],
        "industry": code if code is not None else raw,
        "industry_name": ctx.table.name(code) if code is not None else "",
        "conclusion": conclusion,
        "reasons": "\n".join(reasons),
        "message": message,
        "outside_coverage_area_m2": outside_measure if dim == 2 else np.nan,
        "outside_coverage_length_m": outside_measure if dim == 1 else np.nan,
        "outside": bool(ctx.outside[i]) or (dim >= 0 and not hits),
        "unit_codes": ",".join(dict.fromkeys(ctx.units.codes[u] for u, _ in hits)),
    }


def assess_project(ctx: Context, i: int, gathered: Requirements) -> dict:
    """Project ``i``'s record (``PROJECT_COLUMNS``); its requirement rows go to ``gathered``."""
    industry = ctx.projects.industries[i]
    code, raw, problem_zh, problem_en = project_industry(industry, ctx.default_industry, ctx.table)
    hits = sorted(ctx.hits.get(i, []), key=lambda h: -h[1])
    messages_zh, messages_en = _messages(ctx, i, (problem_zh, problem_en), hits)
    rows, unit_of_row = _requirement_rows(ctx, i, hits)
    results = [ctx.access.finding(int(r), code) for r in rows]
    finding_list = [f for f, _ in results]
    matched_list = [m for _, m in results]
    gathered.project.append(np.full(len(rows), i, dtype=int))
    gathered.unit.append(unit_of_row)
    gathered.row.append(rows)
    gathered.finding.append(finding_list)
    gathered.matched.append([",".join(m) for m in matched_list])
    dim = ctx.projects.dim[i]
    conclusion, reasons = conclude(
        list(zip(finding_list, unit_of_row, rows.tolist(), matched_list)),
        ctx.hit_layers.get(i, []),
        ctx.access,
        incomplete=bool(messages_zh and (dim < 0 or problem_zh or not hits)),
        messages_zh=messages_zh,
    )
    if ctx.outside[i] and hits:
        reasons.append(messages_zh[-1])
    message = ""
    if messages_zh:
        message = "；".join(messages_zh) + " / " + "; ".join(messages_en)
    return _record(ctx, i, (code, raw), hits, conclusion, reasons, message)


def requirements_frame(gathered: Requirements, access: AccessIndex, fids) -> pd.DataFrame:
    """The requirement rows of all projects (``REQUIREMENT_COLUMNS``)."""
    some = bool(gathered.row)
    rows = np.concatenate(gathered.row).astype(int) if some else np.zeros(0, dtype=int)
    return pd.DataFrame(
        {
            "project_fid": fids[np.concatenate(gathered.project)] if some else [],
            "unit_code": np.concatenate(gathered.unit) if some else [],
            "level": access.levels[rows],
            "scope_code": access.scopes[rows],
            "dimension": access.dimensions[rows],
            "kind": access.kinds[rows],
            "text": access.texts[rows],
            "industry_codes": access.codes_text[rows],
            "matched_codes": [m for part in gathered.matched for m in part],
            "finding": [f for part in gathered.finding for f in part],
            "requirement_id": access.ids[rows],
        },
        columns=REQUIREMENT_COLUMNS,
    )


def projects_frame(records: list[dict]) -> pd.DataFrame:
    """The project records (``PROJECT_COLUMNS``)."""
    if records:
        return pd.DataFrame(records, columns=PROJECT_COLUMNS)
    return empty_frame(
        PROJECT_COLUMNS,
        floats=("outside_coverage_area_m2", "outside_coverage_length_m"),
        bools=("outside",),
    )
