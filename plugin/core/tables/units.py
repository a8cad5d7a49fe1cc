"""Tables of the delineation, statistics, checks, tracking and field-review algorithms."""

from __future__ import annotations

from .spec import column

S, F, INT, I64 = "str", "float", "int", "int64"

DELINEATION_LOG = (
    column("action", S, "操作代码"),
    column("action_label", S, "操作"),
    column("layer", S, "图层"),
    column("source_fid", I64, "要素编号"),
    column("message", S, "说明"),
    column("area_m2", F, "面积（平方米）"),
)
# 单元统计 (also the filing package's statistics table)
STATISTICS = (
    column("county_code", S, "行政区划代码"),
    column("county", S, "县（区）"),
    column("level", S, "统计层级"),
    column("unit_class", INT, "分类"),
    column("class_name", S, "分类名称"),
    column("subtype", S, "子类"),
    column("unit_count", INT, "单元数"),
    column("area_km2", F, "面积（平方公里）"),
    column("share_pct", F, "面积占比（%）"),
)
CHECK_SUMMARY = (
    column("check_code", S, "检查项"),
    column("severity", S, "严重程度"),
    column("title_zh", S, "检查内容"),
    column("title_en", S, "Check"),
    column("count", INT, "问题数"),
    column("area_m2", F, "面积（平方米）"),
)
TRACKING_INDICATORS = (
    column("indicator", S, "指标代码"),
    column("name", S, "指标"),
    column("unit", S, "单位"),
    column("county_code", S, "行政区划代码"),
    column("group", S, "分组"),
    column("year", INT, "年份"),
    column("value", F, "数值"),
    column("previous", F, "上一版本"),
    column("change", F, "变化"),
)
FIELD_REVIEW_LOG = (
    column("package_id", S, "外业包编号"),
    column("table_name", S, "表"),
    column("record", S, "记录"),
    column("field_name", S, "字段"),
    column("outcome", S, "结果"),
    column("detail", S, "说明"),
)
