"""Unit statistics: count, area and share of each class (and subtype) per county.

Areas come from ``area.official_m2`` (the one area rule, see ``area``), not
from the MJ field (which may be stale). Shares are rounded with the largest
remainder method so that each county's class shares add up to exactly 100.00 %.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from . import area, report, schema, tables

TOTAL_CODE = "000000"  # the whole planning area's rows
LEVEL_CLASS = "class"
LEVEL_SUBTYPE = "subtype"

COLUMNS = tables.names(tables.STATISTICS)


def rounded_shares(values, decimals: int = 2) -> np.ndarray:
    """Percentages of ``values`` rounded so that they sum to exactly 100 (largest remainder)."""
    values = np.asarray(values, dtype=float)
    total = values.sum()
    if total <= 0:
        return np.zeros(len(values))
    scale = 10**decimals
    raw = values / total * 100 * scale
    floored = np.floor(raw)
    missing = int(round(100 * scale - floored.sum()))
    order = np.argsort(-(raw - floored), kind="stable")
    floored[order[:missing]] += 1
    return floored / scale


def unit_statistics(units: pd.DataFrame) -> pd.DataFrame:
    """Statistics rows (see COLUMNS) from a unit frame.

    ``units`` has "geometry" (metre CRS, official zone) and the schema fields
    XZQDM, ZHGKDYFL, DYZL and optionally COUNTY (name).
    """
    frame = pd.DataFrame(
        {
            "county_code": units[schema.UNIT_COUNTY_CODE].fillna("").astype(str),
            "county": units[schema.UNIT_COUNTY].fillna("").astype(str)
            if schema.UNIT_COUNTY in units
            else "",
            "unit_class": pd.to_numeric(units[schema.UNIT_CLASS], errors="coerce")
            .fillna(0)
            .astype(int),
            "subtype": units[schema.UNIT_SUBTYPE].fillna("").astype(str)
            if schema.UNIT_SUBTYPE in units
            else "",
            "area_km2": area.m2_to_km2(area.official_m2(units["geometry"].to_numpy())),
        }
    )
    names = frame.groupby("county_code")["county"].agg(lambda s: next((v for v in s if v), ""))
    whole = frame.assign(county_code=TOTAL_CODE, county="全域")
    rows = []
    for data in (frame, whole):
        for code, county_rows in data.groupby("county_code", sort=True):
            county_name = names.get(code, "") if code != TOTAL_CODE else "全域"
            rows += _county_rows(code, county_name, county_rows)
    result = pd.DataFrame(rows, columns=COLUMNS)
    return result


def _county_rows(code, county_name, rows: pd.DataFrame) -> list[list]:
    out = []
    by_class = rows.groupby("unit_class").agg(
        unit_count=("area_km2", "size"), area_km2=("area_km2", "sum")
    )
    shares = rounded_shares(by_class["area_km2"].to_numpy())
    for (unit_class, row), share in zip(by_class.iterrows(), shares):
        label = schema.CLASS_LABELS_ZH.get(unit_class, str(unit_class))
        out.append(
            [
                code,
                county_name,
                LEVEL_CLASS,
                unit_class,
                label,
                "",
                int(row.unit_count),
                row.area_km2,
                share,
            ]
        )
    county_area = by_class["area_km2"].sum()
    by_subtype = rows.groupby(["unit_class", "subtype"]).agg(
        unit_count=("area_km2", "size"), area_km2=("area_km2", "sum")
    )
    for (unit_class, subtype), row in by_subtype.iterrows():
        label = schema.CLASS_LABELS_ZH.get(unit_class, str(unit_class))
        share = round(row.area_km2 / county_area * 100, 2) if county_area > 0 else 0.0
        out.append(
            [
                code,
                county_name,
                LEVEL_SUBTYPE,
                unit_class,
                label,
                subtype,
                int(row.unit_count),
                row.area_km2,
                share,
            ]
        )
    return out


# --- HTML --------------------------------------------------------------------

CLASS_COLOURS_HEX = {schema.PRIORITY: "#4daf4a", schema.KEY: "#ff7f00", schema.GENERAL: "#8ecae6"}


def share_chart_svg(stats: pd.DataFrame, width: int = 720) -> str:
    """A horizontal stacked bar per county (and the whole area) of class area shares."""
    rows = stats[stats["level"] == LEVEL_CLASS]
    counties = list(dict.fromkeys(rows["county_code"]))
    bar_h, gap, label_w = 22, 8, 150
    height = len(counties) * (bar_h + gap) + 40
    plot_w = width - label_w - 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-size="12">'
    ]
    for i, code in enumerate(counties):
        y = 10 + i * (bar_h + gap)
        county_rows = rows[rows["county_code"] == code]
        name = county_rows["county"].iat[0] or code
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{html.escape(str(name))}</text>'
        )
        x = label_w
        for _, r in county_rows.sort_values("unit_class").iterrows():
            w = plot_w * r.share_pct / 100
            colour = CLASS_COLOURS_HEX.get(r.unit_class, "#999")
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
                f"<title>{html.escape(r.class_name)} {r.share_pct:.2f}%</title></rect>"
            )
            if w > 40:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle">{r.share_pct:.1f}%</text>'
                )
            x += w
    legend_y = height - 14
    for j, (cls, colour) in enumerate(CLASS_COLOURS_HEX.items()):
        lx = label_w + j * 130
        parts.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{lx + 16}" y="{legend_y}">{schema.CLASS_UNIT_SUFFIX_ZH[cls]}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def statistics_table_html(stats: pd.DataFrame) -> str:
    head = "".join(
        f"<th>{h}</th>"
        for h in ("行政区划代码", "县（区）", "分类", "子类", "单元数", "面积（km²）", "占比（%）")
    )
    body = []
    for _, r in stats.iterrows():
        cls = ' class="subtype"' if r.level == LEVEL_SUBTYPE else ""
        body.append(
            f"<tr{cls}><td>{html.escape(r.county_code)}</td><td>{html.escape(r.county)}</td>"
            f"<td>{html.escape(r.class_name)}</td><td>{html.escape(r.subtype)}</td>"
            f'<td class="n">{r.unit_count}</td><td class="n">{r.area_km2:,.4f}</td>'
            f'<td class="n">{r.share_pct:.2f}</td></tr>'
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def statistics_html(stats: pd.DataFrame, title: str = "环境管控单元统计") -> str:
    rule = html.escape(area.current().description_zh())
    return report.page(
        title,
        [
            ("各分类面积占比", share_chart_svg(stats)),
            ("统计表", statistics_table_html(stats) + f"<p>面积计算规则：{rule}。</p>"),
        ],
    )
