"""The 建设项目符合性分析 report of one project, as HTML (pure Python).

The same HTML body is written as an .html file and printed to PDF by the QGIS
adapter, so both say the same. Sections: project summary, map, touched units,
constraint conflicts, requirements by dimension with findings, conclusion.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd

from . import report, schema

REVIEWER_NOTE = (
    "本报告由软件依据生态环境分区管控成果自动生成，仅供参考；最终结论以审查人员的研判为准。"
)
CONCLUSION_COLOURS = {
    "符合": "#2e7d32",
    "有条件符合": "#ef6c00",
    "不符合": "#c62828",
    "待补充信息": "#6d6d6d",
}
ROLE_NOTE = (
    "管控要素的后果取决于其角色（不取决于图层名称）：禁止 → 不符合；限制 → 有条件符合（需依法论证）；"
    "提示 → 不影响结论；角色未指定 → 待补充信息（请指定该图层的角色后重新研判）。"
    "重叠的同类管控要素只计一次面积或长度。"
)
FINDING_COLOURS = {"不符合": "#c62828", "需进一步论证": "#ef6c00", "人工核对": "#1565c0"}


def _num(value, digits=2) -> str:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if value != value else f"{value:,.{digits}f}"


def _summary(project: pd.Series, units: pd.DataFrame) -> str:
    """一、项目概况: name, industry, units, date, area rule, outside extent, message."""
    from . import area as _area  # not at import: the panels import this module without shapely

    summary_rows = [
        ["项目名称", project.get("project_name", "")],
        [
            "行业类别",
            f"{project.get('industry') or '未提供'} {project.get('industry_name') or ''}".strip(),
        ],
        ["涉及环境管控单元", "、".join(units["unit_code"].astype(str)) if len(units) else "无"],
        ["分析日期", date.today().isoformat()],
        ["面积计算规则", _area.current().description_zh()],
    ]
    if project.get("outside"):
        area = project.get("outside_coverage_area_m2")
        length = project.get("outside_coverage_length_m")
        extent = f"{_num(area)} 平方米" if area and float(area) > 0 else f"{_num(length)} 米"
        summary_rows.append(["超出管控单元覆盖范围", extent])
    if project.get("message"):
        summary_rows.append(["提示", project.get("message")])
    return (
        "<table>"
        + "".join(
            f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
            for k, v in summary_rows
        )
        + "</table>"
    )


def _units(units: pd.DataFrame) -> str:
    """三、涉及的环境管控单元: one row per touched unit."""
    unit_rows = [
        [
            r.unit_code,
            r.unit_name,
            schema.CLASS_UNIT_SUFFIX_ZH.get(int(r.unit_class), "")
            if r.unit_class == r.unit_class
            else "",
            _num(r.overlap_area_m2),
            _num(r.overlap_length_m),
            _num(r.share_pct),
        ]
        for r in units.itertuples()
    ]
    if not unit_rows:
        return "<p>项目不在任何环境管控单元内。</p>"
    return report.table(
        ["单元编码", "单元名称", "管控类别", "面积（m²）", "长度（m）", "占项目比例（%）"],
        unit_rows,
    )


def _constraints(constraints: pd.DataFrame) -> str:
    """四、与生态保护红线等管控要素的关系: each layer with its role and consequence."""
    conflict_rows = [
        [
            r.constraint,
            getattr(r, "role", ""),
            getattr(r, "consequence", ""),
            "是" if bool(r.inside) else "否",
            _num(r.overlap_area_m2),
            _num(r.overlap_length_m),
        ]
        for r in constraints.itertuples()
    ]
    if not conflict_rows:
        return "<p>未分析管控要素。</p>"
    return (
        report.table(
            ["管控要素", "角色", "后果", "是否占用", "占用面积（m²）", "穿越长度（m）"],
            conflict_rows,
        )
        + f"<p>{html.escape(ROLE_NOTE)}</p>"
    )


def _requirements(requirements: pd.DataFrame) -> str:
    """五、生态环境准入清单逐项对照: one table per dimension, each row with its finding."""
    parts = []
    for dimension in schema.DIMENSIONS_ZH:
        rows = requirements[requirements["dimension"] == dimension]
        if rows.empty:
            continue
        body = "".join(
            f"<tr><td>{html.escape(str(r.unit_code or '区域'))}</td><td>{html.escape(str(r.level))}</td>"
            f"<td>{html.escape(str(r.kind))}</td><td>{html.escape(str(r.text))}</td>"
            f'<td style="color:{FINDING_COLOURS.get(r.finding, "#222")}"><b>{html.escape(str(r.finding))}</b></td></tr>'
            for r in rows.itertuples()
        )
        parts.append(
            f"<h3>{html.escape(dimension)}</h3><table><thead><tr><th>单元</th><th>层级</th><th>类型</th>"
            f"<th>管控要求</th><th>研判</th></tr></thead><tbody>{body}</tbody></table>"
        )
    return "".join(parts) or "<p>无适用的准入要求。</p>"


def _conclusion(project: pd.Series) -> str:
    """六、结论: the conclusion in its colour, the reasons and the reviewer's note."""
    conclusion = str(project.get("conclusion", ""))
    colour = CONCLUSION_COLOURS.get(conclusion, "#222")
    reasons = str(project.get("reasons") or "")
    return (
        f'<p style="font-size:18px">综合研判：<b style="color:{colour}">{html.escape(conclusion)}</b></p>'
        f"<p>{html.escape(reasons)}</p><p><i>{REVIEWER_NOTE}</i></p>"
    )


def project_report_html(
    project: pd.Series,
    units: pd.DataFrame,
    constraints: pd.DataFrame,
    requirements: pd.DataFrame,
    map_image: str | None = None,
    title: str = "建设项目生态环境分区管控符合性分析报告",
) -> str:
    """One project's report. Frames are the rows of this project from ``compliance.assess``."""
    sections = [("一、项目概况", _summary(project, units))]
    if map_image:
        sections.append(
            ("二、位置示意图", f'<p><img src="{html.escape(map_image)}" width="480"></p>')
        )
    sections += [
        ("三、涉及的环境管控单元", _units(units)),
        ("四、与生态保护红线等管控要素的关系", _constraints(constraints)),
        ("五、生态环境准入清单逐项对照", _requirements(requirements)),
        ("六、结论", _conclusion(project)),
    ]
    return report.page(f"{title}：{project.get('project_name', '')}", sections)
