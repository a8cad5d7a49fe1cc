"""The tracking report: an HTML page with year-on-year bar charts (inline SVG) and the
sheets of an Excel workbook (no Qt)."""

from __future__ import annotations

import html as _html

import pandas as pd

from .. import report
from .indicators import REGISTRY, WHOLE

HEADERS = (
    ("name", "指标"),
    ("unit", "单位"),
    ("county_code", "行政区划代码"),
    ("group", "分组"),
    ("year", "年份"),
    ("value", "数值"),
    ("previous", "上一版本"),
    ("change", "变化"),
)
COLOURS = ("#4daf4a", "#ff7f00", "#377eb8", "#984ea3", "#e41a1c", "#a65628", "#999999")
VERSIONS = ("上一版本", "当前版本")


def _clean(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value


def rows(table: pd.DataFrame) -> list[list]:
    out = [[h for _, h in HEADERS]]
    for record in table.reindex(columns=[c for c, _ in HEADERS]).itertuples(index=False):
        out.append([_clean(v) if not hasattr(v, "item") else _clean(v.item()) for v in record])
    return out


def yearly(table: pd.DataFrame) -> list[list]:
    """Whole-area values: one row per indicator and group, one column per year."""
    t = table[(table["county_code"] == WHOLE) & table["year"].notna()]
    if not len(t):
        return [["指标", "分组"]]
    pivot = t.pivot_table(
        index=["name", "group"], columns="year", values="value", aggfunc="first", sort=False
    )
    years = [int(y) for y in pivot.columns]
    out = [["指标", "分组", *[str(y) for y in years]]]
    for (name, group), values in pivot.iterrows():
        out.append([name, group, *[_clean(float(v)) for v in values]])
    return out


def sheets(table: pd.DataFrame) -> dict[str, list[list]]:
    return {"跟踪评估指标": rows(table), "全域逐年对比": yearly(table)}


def bar_chart(categories, series: dict, unit: str, width: int = 640) -> str:
    """Grouped bars: one group of bars per category, one bar per series."""
    values = [v for vs in series.values() for v in vs if v == v]
    top = max(values + [0.0]) or 1.0
    height, left, plot_h = 220, 60, 150
    plot_w = width - left - 150
    group_w = plot_w / max(len(categories), 1)
    bar_w = max(group_w * 0.8 / max(len(series), 1), 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-size="12">',
        f'<line x1="{left}" y1="{20 + plot_h}" x2="{left + plot_w}" y2="{20 + plot_h}" '
        'stroke="#333"/>',
        f'<text x="{left - 6}" y="26" text-anchor="end">{top:,.4g}</text>',
        f'<text x="{left - 6}" y="{20 + plot_h}" text-anchor="end">0</text>',
        f'<text x="4" y="{height - 6}">{_html.escape(unit)}</text>',
    ]
    for c, category in enumerate(categories):
        x0 = left + c * group_w + group_w * 0.1
        for s, (name, vs) in enumerate(series.items()):
            v = vs[c] if vs[c] == vs[c] else 0.0
            h = plot_h * v / top
            parts.append(
                f'<rect x="{x0 + s * bar_w:.1f}" y="{20 + plot_h - h:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[s % len(COLOURS)]}">'
                f"<title>{_html.escape(str(name))} {_html.escape(str(category))}: {v:,.4g}</title>"
                "</rect>"
            )
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{20 + plot_h + 16}" text-anchor="middle">'
            f"{_html.escape(str(category))}</text>"
        )
    for s, name in enumerate(series):
        y = 24 + s * 16
        parts.append(
            f'<rect x="{left + plot_w + 12}" y="{y - 10}" width="10" height="10" '
            f'fill="{COLOURS[s % len(COLOURS)]}"/>'
            f'<text x="{left + plot_w + 26}" y="{y}">{_html.escape(str(name) or "合计")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _chart_for(part: pd.DataFrame, unit: str) -> str:
    if part["year"].notna().any():
        years = sorted(int(y) for y in part["year"].dropna().unique())
        series = {}
        for group, g in part.groupby("group", sort=True):
            by_year = dict(zip(g["year"].astype(int), g["value"]))
            series[group] = [by_year.get(y, float("nan")) for y in years]
        return bar_chart([str(y) for y in years], series, unit)
    series = {
        group: [g["previous"].iloc[0], g["value"].iloc[0]]
        for group, g in part.groupby("group", sort=True)
    }
    return bar_chart(list(VERSIONS), series, unit)


def html(table: pd.DataFrame, title: str = "生态环境分区管控跟踪评估") -> str:
    sections = []
    whole = table[table["county_code"] == WHOLE]
    for key, item in REGISTRY.items():
        part = whole[whole["indicator"] == key]
        if not len(part):
            continue
        sections.append((f"{item.name}（全域）", _chart_for(part, item.unit)))
    yearly_rows = yearly(table)
    sections.append(("全域逐年对比", report.table(yearly_rows[0], yearly_rows[1:])))
    all_rows = rows(table)
    sections.append(("指标明细（分区县）", report.table(all_rows[0], all_rows[1:])))
    return report.page(title, sections)
