"""``assess`` (the engine: stages in order), ``quick_check`` and ``project_rows``."""

from __future__ import annotations

import pandas as pd

from ..industry import IndustryTable
from ..overlap import feature_repairs
from ..run import Progress, progress_of
from .findings import Context, Requirements, assess_project, projects_frame, requirements_frame
from .index import ComplianceIndex, indexes
from .inputs import check_projects, read_projects, text
from .model import ComplianceInput, ComplianceResult, Project, concat_repairs
from .overlay import constraint_overlay, outside_coverage, unit_overlay
from .quick import check_one
from .units import UnitIndex

PROGRESS_EVERY = 50  # projects between two progress reports in the findings stage


def _conclusions(ctx: Context, run: Progress) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(requirement rows, project records) of every project."""
    n = len(ctx.projects)
    gathered = Requirements()
    records = []
    for i in range(n):
        if i % PROGRESS_EVERY == 0:
            run.step(100.0 * i / max(n, 1))
        records.append(assess_project(ctx, i, gathered))
    return requirements_frame(gathered, ctx.access, ctx.projects.fids), projects_frame(records)


def assess(
    inp: ComplianceInput,
    progress=None,
    is_cancelled=None,
    index: ComplianceIndex | UnitIndex | None = None,
) -> ComplianceResult:
    """Assess every project (see the package docstring for the rules).

    ``index``: a prebuilt ``ComplianceIndex`` (its units, access list, regions and
    constraints are used instead of the input's) or a ``UnitIndex`` (units only).
    ``progress(percent)`` is called with 0..100; ``Cancelled`` is raised when
    ``is_cancelled()`` returns True.
    """
    check_projects(inp)
    run = progress_of(progress, is_cancelled)
    if callable(progress):
        progress(0.0)  # callers are told the run started (Progress reports rises only)
    table, units, access, cindex = indexes(inp, index)
    run.step(10.0)
    p = read_projects(inp.projects, inp.buffer or 0.0)
    repairs = concat_repairs(
        [
            feature_repairs(inp.project_layer, inp.projects, p.raw, p.dim >= 0),
            units.repairs,
            access.repairs,
            cindex.repairs,
        ]
    )
    overlay = unit_overlay(p, units)
    run.step(40.0)
    outside, outside_measure = outside_coverage(p, overlay.covered)
    constraints_out, hit_layers = constraint_overlay(p, cindex, run.check)
    run.step(60.0)
    ctx = Context(
        p, units, access, table, inp.default_industry, overlay.hits, hit_layers, outside,
        outside_measure,
    )  # fmt: skip
    requirements_out, projects_out = _conclusions(ctx, run.sub(60.0, 100.0))
    run.step(100.0)
    return ComplianceResult(
        units=overlay.frame,
        constraints=constraints_out,
        requirements=requirements_out,
        projects=projects_out,
        layers=cindex.table(),
        warnings=cindex.warnings(),
        repairs=repairs,
    )


def quick_check(
    index: ComplianceIndex | UnitIndex,
    geometry,
    industry=None,
    requirements: pd.DataFrame | None = None,
    regions: pd.DataFrame | None = None,
    constraints=None,
    *,
    buffer: float = 0.0,
    name: str = "",
    fid: int = 1,
    default_industry: str | None = None,
    industry_table: IndustryTable | None = None,
) -> ComplianceResult:
    """Assess one geometry (a map click) against prebuilt indexes.

    With a ``ComplianceIndex`` the other data arguments are ignored (the index
    holds them); with a ``UnitIndex`` the access list, regions and constraints
    given here are prepared on each call (slower for large constraint layers).
    """
    if isinstance(index, ComplianceIndex):  # the map click's own path (same answer)
        result = check_one(
            index, geometry, industry, buffer=buffer, name=name, fid=fid,
            default_industry=default_industry, table=industry_table or index.industry,
        )  # fmt: skip
        if result is not None:
            return result
    projects = pd.DataFrame(
        {"fid": [fid], "name": [name], "industry": [industry], "geometry": [geometry]}
    )
    if isinstance(index, UnitIndex) and (
        requirements is not None or regions is not None or constraints
    ):
        index = ComplianceIndex(
            index, requirements, regions, constraints or (), industry_table=industry_table
        )
    inp = ComplianceInput(
        projects=projects,
        units=None,
        requirements=None,
        regions=None,
        constraints=[],
        buffer=buffer,
        default_industry=default_industry,
        industry_table=industry_table,
    )
    return assess(inp, index=index)


def project_rows(frame: pd.DataFrame) -> list[Project]:
    """The input projects as ``Project`` records (for callers that want objects)."""
    out = []
    for n, row in enumerate(frame.itertuples(index=False)):
        data = row._asdict()
        out.append(
            Project(
                fid=data.get("fid", n + 1),
                name=text(data.get("name")),
                industry=text(data.get("industry")) or None,
                geometry=data.get("geometry"),
            )
        )
    return out
