"""The HTML check report: the summary, then the problems grouped by check."""

from __future__ import annotations

import html

import pandas as pd

from . import report, schema


def report_html(
    errors: pd.DataFrame, summary: pd.DataFrame, title: str = "管控单元成果质检报告"
) -> str:
    from . import area  # not at import: importable without shapely, like the other reports

    found = summary[summary["count"] > 0]
    sections = [
        (
            "汇总",
            report.table(
                ["检查项", "严重程度", "检查内容", "问题数", "面积（m²）"],
                [
                    [r.check_code, r.severity, r.title_zh, int(r["count"]), float(r.area_m2)]
                    for _, r in summary.iterrows()
                ],
            )
            + f"<p>共发现问题 {int(found['count'].sum())} 处。</p>"
            + f"<p>面积计算规则（A06 等）：{html.escape(area.current().description_zh())}。</p>",
        )
    ]
    for code, group in errors.groupby(schema.CHK_CODE, sort=True):
        rows = [
            [
                r[schema.CHK_SEVERITY],
                r[schema.CHK_UNITS],
                r[schema.CHK_COUNTY],
                float(r[schema.CHK_AREA] or 0.0),
                r[schema.CHK_MESSAGE],
                r[schema.CHK_STATUS],
            ]
            for _, r in group.head(500).iterrows()
        ]
        more = f"<p>另有 {len(group) - 500} 处未列出。</p>" if len(group) > 500 else ""
        title_zh = summary.loc[summary["check_code"] == code, "title_zh"]
        heading = f"{code} {title_zh.iat[0] if len(title_zh) else ''}"
        sections.append(
            (
                heading,
                report.table(
                    ["严重程度", "单元编码", "行政区划代码", "面积（m²）", "说明", "处理状态"], rows
                )
                + more,
            )
        )
    return report.page(title, sections)
