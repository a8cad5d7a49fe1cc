"""The HTML check report: the summary, then the problems grouped by check."""

from __future__ import annotations

import html

import pandas as pd

from .. import area, report, schema

EXCEPTION_STATUS = schema.REVIEW_STATUSES_ZH[-1]  # 例外: accepted by the reviewer
ERROR_HEADERS = ["严重程度", "单元编码", "行政区划代码", "面积（m²）", "说明", "处理状态", "备注"]
SUMMARY_HEADERS = ["检查项", "严重程度", "检查内容", "问题数", "面积（m²）"]


def _note(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


ERROR_COLUMNS = [schema.CHK_SEVERITY, schema.CHK_UNITS, schema.CHK_COUNTY, schema.CHK_AREA]
ERROR_COLUMNS += [schema.CHK_MESSAGE, schema.CHK_STATUS, schema.CHK_NOTE]


def _columns(frame: pd.DataFrame, names: list) -> list[list]:
    """Each named column's values as ``iterrows`` gives them (Python scalars, a missing
    column as None), read once per column instead of once per row."""
    return [frame[n].tolist() if n in frame.columns else [None] * len(frame) for n in names]


def _error_rows(group: pd.DataFrame) -> list[list]:
    return [
        [severity, units, county, float(area_m2 or 0.0), message, status, _note(note)]
        for severity, units, county, area_m2, message, status, note in zip(
            *_columns(group, ERROR_COLUMNS)
        )
    ]


def _summary_rows(summary: pd.DataFrame) -> list[list]:
    names = ["check_code", "severity", "title_zh", "count", "area_m2"]
    return [
        [code, severity, title_zh, int(count), float(area_m2)]
        for code, severity, title_zh, count, area_m2 in zip(*_columns(summary, names))
    ]


def _titles(summary: pd.DataFrame) -> dict:
    """Check code -> its first Chinese title in the summary."""
    titles = {}
    for code, title_zh in zip(summary["check_code"].tolist(), summary["title_zh"].tolist()):
        titles.setdefault(code, title_zh)
    return titles


def _title(titles: dict, code: str) -> str:
    return f"{code} {titles.get(code, '')}".strip()


def exceptions_section(errors: pd.DataFrame, summary: pd.DataFrame) -> tuple[str, str] | None:
    """The problems the reviewer accepted as exceptions (例外), with their notes."""
    if schema.CHK_STATUS not in errors.columns:
        return None
    accepted = errors[errors[schema.CHK_STATUS] == EXCEPTION_STATUS]
    if accepted.empty:
        return None
    titles = _titles(summary)
    rows = [
        [
            _title(titles, r[schema.CHK_CODE]),
            r[schema.CHK_UNITS],
            r[schema.CHK_MESSAGE],
            _note(r.get(schema.CHK_NOTE)),
        ]
        for _, r in accepted.iterrows()
    ]
    body = report.table(["检查项", "单元编码", "说明", "例外说明（备注）"], rows)
    return (f"已接受的例外（{len(rows)} 处）", body)


def report_sheets(errors: pd.DataFrame, summary: pd.DataFrame) -> list[tuple[str, list[list]]]:
    """The check results as workbook sheets: 汇总, then one sheet per check with problems,
    named by its code and Chinese title (every problem listed, with status and note)."""
    sheets = [("汇总", [SUMMARY_HEADERS, *_summary_rows(summary)])]
    titles = _titles(summary)
    for code, group in errors.groupby(schema.CHK_CODE, sort=True):
        sheets.append((_title(titles, code), [ERROR_HEADERS, *_error_rows(group)]))
    return sheets


def report_html(
    errors: pd.DataFrame, summary: pd.DataFrame, title: str = "管控单元成果质检报告"
) -> str:
    found = summary[summary["count"] > 0]
    sections = [
        (
            "汇总",
            report.table(SUMMARY_HEADERS, _summary_rows(summary))
            + f"<p>共发现问题 {int(found['count'].sum())} 处。</p>"
            + f"<p>面积计算规则（A06 等）：{html.escape(area.current().description_zh())}。</p>",
        )
    ]
    accepted = exceptions_section(errors, summary)
    if accepted is not None:
        sections.append(accepted)
    titles = _titles(summary)
    for code, group in errors.groupby(schema.CHK_CODE, sort=True):
        more = f"<p>另有 {len(group) - 500} 处未列出。</p>" if len(group) > 500 else ""
        sections.append(
            (
                _title(titles, code),
                report.table(ERROR_HEADERS, _error_rows(group.head(500))) + more,
            )
        )
    return report.page(title, sections)
