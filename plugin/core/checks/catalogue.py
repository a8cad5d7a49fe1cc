"""The problem-code catalogue: every check's code, severity and titles, in report order,
and the columns of the error and summary tables."""

from __future__ import annotations

from dataclasses import dataclass

from .. import schema, tables
from ..run import EcoZoningError


class CheckError(EcoZoningError):
    """A problem with the inputs the user can fix (message: Chinese / English)."""


@dataclass(frozen=True)
class CheckSpec:
    code: str
    severity: str
    title_zh: str
    title_en: str


_ERR, _WARN, _INFO = schema.SEVERITIES_ZH
PENDING = schema.REVIEW_STATUSES_ZH[0]

CHECKS: dict[str, CheckSpec] = {
    s.code: s
    for s in (
        CheckSpec("G01", _ERR, "几何无效", "Invalid geometry"),
        CheckSpec("G02", _ERR, "几何为空或无面积", "Empty or null geometry"),
        CheckSpec("G03", _INFO, "单元由多个部分组成", "Multipart unit"),
        CheckSpec("T01", _ERR, "单元重叠", "Overlap between units"),
        CheckSpec("T02", _ERR, "行政区内存在缝隙", "Gap inside the admin boundary"),
        CheckSpec("T03", _ERR, "单元超出行政区边界", "Unit part outside its admin boundary"),
        CheckSpec("T04", _WARN, "碎片多边形", "Sliver polygon"),
        CheckSpec("A01", _ERR, "单元编码不符合规则", "Unit code breaks the code rule"),
        CheckSpec("A02", _ERR, "单元编码重复", "Duplicate unit code"),
        CheckSpec("A03", _ERR, "编码分类位与分类字段不一致", "Class digit differs from class"),
        CheckSpec("A04", _ERR, "编码行政区代码与所在县不一致", "County digits differ from county"),
        CheckSpec("A05", _ERR, "必填字段为空", "Required field empty"),
        CheckSpec("A06", _WARN, "面积字段与计算面积不符", "MJ differs from computed area"),
        CheckSpec("R01", _ERR, "生态保护红线未纳入优先保护单元", "Red line not in priority units"),
        CheckSpec("R02", _ERR, "产业园区单元与生态保护红线重叠", "Park unit on the red line"),
        CheckSpec(
            "S01", _WARN, "城镇开发边界位于优先保护单元内", "Urban boundary in priority unit"
        ),
        CheckSpec("S02", _WARN, "永久基本农田位于产业园区单元内", "Farmland in park unit"),
        CheckSpec("C01", _WARN, "单元面积合计与行政区面积不符", "County coverage mismatch"),
        CheckSpec("L01", _WARN, "单元无准入清单条款", "Unit without access-list entry"),
    )
}

ERROR_COLUMNS = [*schema.field_names(schema.CHECK_FIELDS), "geometry"]
SUMMARY_COLUMNS = tables.names(tables.CHECK_SUMMARY)

# Subtypes that make a key unit a park / industrial unit (R02, S02): 产业园区, or a key
# unit's subtype containing one of these words (工业园区, 经济开发区, 工业集聚区...).
PARK_SUBTYPE_WORDS = (schema.SUBTYPE_PARK, "园区", "工业", "开发区")


def fmt(area: float) -> str:
    """An area in a problem message (m², two decimals)."""
    return f"{area:.2f}"
