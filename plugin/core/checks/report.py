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


def _error_rows(group: pd.DataFrame) -> list[list]:
    return [
        [
            r[schema.CHK_SEVERITY],
            r[schema.CHK_UNITS],
            r[schema.CHK_COUNTY],
            float(r[schema.CHK_AREA] or 0.0),
            r[schema.CHK_MESSAGE],
            r[schema.CHK_STATUS],
            _note(r.get(schema.CHK_NOTE)),
        ]
        for _, r in group.iterrows()
    ]


def _summary_rows(summary: pd.DataFrame) -> list[list]:
    return [
        [r.check_code, r.severity, r.title_zh, int(r["count"]), float(r.area_m2)]
        for _, r in summary.iterrows()
    ]


def _title(summary: pd.DataFrame, code: str) -> str:
    title_zh = summary.loc[summary["check_code"] == code, "title_zh"]
    return f"{code} {title_zh.iat[0] if len(title_zh) else ''}".strip()


def exceptions_section(errors: pd.DataFrame, summary: pd.DataFrame) -> tuple[str, str] | None:
    """The problems the reviewer accepted as exceptions (例外), with their notes."""
    if schema.CHK_STATUS not in errors.columns:
        return None
    accepted = errors[errors[schema.CHK_STATUS] == EXCEPTION_STATUS]
    if accepted.empty:
        return None
    rows = [
        [
            _title(summary, r[schema.CHK_CODE]),
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
    for code, group in errors.groupby(schema.CHK_CODE, sort=True):
        sheets.append((_title(summary, code), [ERROR_HEADERS, *_error_rows(group)]))
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
    for code, group in errors.groupby(schema.CHK_CODE, sort=True):
        more = f"<p>另有 {len(group) - 500} 处未列出。</p>" if len(group) > 500 else ""
        sections.append(
            (
                _title(summary, code),
                report.table(ERROR_HEADERS, _error_rows(group.head(500))) + more,
            )
        )
    return report.page(title, sections)
