"""The screening report: an HTML page and the sheets of an Excel workbook (no Qt)."""

from __future__ import annotations

import pandas as pd

from .. import report
from .leads import SEVERITY_COLUMNS, STATUSES

LEAD_HEADERS = (
    ("source_layer", "来源图层"),
    ("source_fid", "要素ID"),
    ("source_key", "要素键"),
    ("reason", "线索原因"),
    ("severity", "严重程度"),
    ("unit_code", "单元编码"),
    ("unit_name", "单元名称"),
    ("unit_class", "管控类别"),
    ("requirement_id", "条款编号"),
    ("requirement_text", "管控要求"),
    ("industry", "行业代码"),
    ("source_date", "日期"),
    ("area_m2", "面积（平方米）"),
    ("x", "X"),
    ("y", "Y"),
    ("found_on", "发现日期"),
    ("status", "核实状态"),
    ("note", "核实说明"),
)
COUNT_HEADERS = (
    ("source_layer", "来源图层"),
    ("features", "要素数"),
    ("features_with_leads", "有线索的要素数"),
    ("leads", "线索数"),
    ("high", "高等级线索数"),
)
SUMMARY_TAIL = (
    (("leads", "线索数"),)
    + tuple((c, f"严重程度{c[-1]}") for c in SEVERITY_COLUMNS)
    + tuple((s, s) for s in STATUSES)
)
COUNTY_HEADERS = (("county_code", "行政区划代码"),) + SUMMARY_TAIL
UNIT_HEADERS = (
    ("county_code", "行政区划代码"),
    ("unit_code", "单元编码"),
    ("unit_name", "单元名称"),
    ("unit_class", "管控类别"),
) + SUMMARY_TAIL


def _rows(frame: pd.DataFrame, headers) -> list[list]:
    columns = [c for c, _ in headers]
    out = []
    for record in frame.reindex(columns=columns).itertuples(index=False):
        out.append([None if (isinstance(v, float) and v != v) else v for v in record])
    return out


def sheets(leads, county, unit, counts) -> dict[str, list[list]]:
    """Sheet name -> rows (first row the headers)."""
    return {
        name: [[h for _, h in headers], *_rows(frame, headers)]
        for name, frame, headers in (
            ("线索", leads, LEAD_HEADERS),
            ("按区县汇总", county, COUNTY_HEADERS),
            ("按单元汇总", unit, UNIT_HEADERS),
            ("来源图层", counts, COUNT_HEADERS),
        )
    }


def html(leads, county, unit, counts, title: str = "监督线索筛查报告") -> str:
    parts = [
        (name, report.table(rows[0], rows[1:]))
        for name, rows in sheets(leads, county, unit, counts).items()
    ]
    # sources, counties and units first, then every lead
    return report.page(title, [parts[3], parts[1], parts[2], parts[0]])
