"""The import report: what a workbook held (per dimension, level and unit) and every problem.

The report counts items read per unit and dimension (:class:`.problems.ItemCount`) beside
the requirements stored (:func:`count_rows`).
"""

from __future__ import annotations

import pandas as pd

from .. import report as html_report
from .. import schema
from .problems import ImportReport
from .records import requirements_frame
from .vocabulary import LEVEL_UNIT


def import_report_html(
    requirements: pd.DataFrame, report: ImportReport, source: str = "", imported: bool = True
) -> str:
    """An HTML page: what the workbook holds (per dimension and level) and every problem."""
    req = requirements if requirements is not None else requirements_frame([])
    sections = [_summary(req, report, source, imported)]
    if len(req):
        sections.append(_per_dimension(req))
    if report.counts:
        sections.append(
            (
                "各单元条款数：原文 / 已存 / Requirements per unit: read / stored",
                html_report.table(*_count_table(req, report, imported)),
            )
        )
    if report.notes:
        notes = [[n.sheet, n.message] for n in report.notes]
        sections.append(("说明 / Notes", html_report.table(["工作表 / sheet", "说明"], notes)))
    if report.problems:
        sections.append(_problems(report))
    return html_report.page("生态环境准入清单导入报告", sections)


def _summary(req, report, source, imported) -> tuple[str, str]:
    summary = [
        ("工作簿 / workbook", source),
        ("条款数 / requirements", len(req)),
        (
            "单元数 / units",
            int(req.loc[req[schema.REQ_SCOPE_LEVEL] == LEVEL_UNIT, schema.REQ_SCOPE_CODE].nunique())
            if len(req)
            else 0,
        ),
        ("原文条款数 / items read", sum(c.read for c in report.counts)),
        ("错误 / errors", len(report.errors)),
        ("警告 / warnings", len(report.warnings)),
        (
            "结果 / result",
            "已导入 / imported" if imported and report.ok else "未导入 / nothing was imported",
        ),
    ]
    return "概况 / Summary", html_report.table(["项目 / item", "值 / value"], summary)


def _per_dimension(req) -> tuple[str, str]:
    counts = (
        req.groupby([schema.REQ_SCOPE_LEVEL, schema.REQ_DIMENSION]).size().unstack(fill_value=0)
    )
    dims = [d for d in schema.DIMENSIONS_ZH if d in counts.columns]
    rows = [[level, *(int(counts.loc[level, d]) for d in dims)] for level in counts.index]
    return "各维度条款数 / Requirements per dimension", html_report.table(["层级", *dims], rows)


def _problems(report) -> tuple[str, str]:
    problems = [
        [
            "错误 / error" if kind == "error" else "警告 / warning",
            p.sheet,
            p.row or "",
            p.column,
            p.message,
        ]
        for kind, p in report.problems
    ]
    headers = ["类型", "工作表 / sheet", "行 / row", "列 / column", "说明"]
    return "问题 / Problems", html_report.table(headers, problems)


def stored_counts(requirements: pd.DataFrame) -> dict[tuple[str, str], int]:
    """{(unit code, dimension): number of unit-level requirements}."""
    if requirements is None or requirements.empty:
        return {}
    unit = requirements[requirements[schema.REQ_SCOPE_LEVEL] == LEVEL_UNIT]
    sizes = unit.groupby([schema.REQ_SCOPE_CODE, schema.REQ_DIMENSION]).size()
    return {key: int(n) for key, n in sizes.items()}


def count_rows(requirements, report: ImportReport, imported: bool = True) -> list[list]:
    """[sheet, unit, 子类, (read, stored) per dimension …] for every unit read from a wide sheet,
    in source order; stored is 0 when nothing was imported."""
    stored = stored_counts(requirements) if imported and report.ok else {}
    rows: dict[tuple[str, str], list] = {}
    for count in report.counts:
        row = rows.setdefault((count.sheet, count.unit), [count.sheet, count.unit, count.subtype])
        row.append((count.dimension, count.read, stored.get((count.unit, count.dimension), 0)))
    out = []
    for row in rows.values():
        by_dimension = {d: (r, s) for d, r, s in row[3:]}
        out.append([*row[:3], *(by_dimension.get(d) for d in schema.DIMENSIONS_ZH)])
    return out


def _count_table(requirements, report, imported) -> tuple[list, list]:
    headers = ["工作表 / sheet", "单元 / unit", "子类", *schema.DIMENSIONS_ZH, "合计 / total"]
    rows = []
    for sheet, unit, subtype, *pairs in count_rows(requirements, report, imported):
        present = [p for p in pairs if p is not None]
        total = (sum(p[0] for p in present), sum(p[1] for p in present))
        cells = [
            "" if p is None else f"{p[0]} / {p[1]}" + ("" if p[0] == p[1] else " ≠")
            for p in (*pairs, total)
        ]
        rows.append([sheet, unit, subtype, *cells])
    return headers, rows
