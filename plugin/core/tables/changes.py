"""Tables of the version comparison, the dynamic update and the filing package."""

from __future__ import annotations

from .. import schema
from .spec import column

S, F, INT = "str", "float", "int"

CHANGES = (
    column("change", S, "变化类型代码"),
    column("change_zh", S, "变化类型"),
    column("county_code", S, "行政区划代码"),
    column("old_codes", S, "原单元编码"),
    column("new_codes", S, "新单元编码"),
    column("old_name", S, "原单元名称"),
    column("new_name", S, "新单元名称"),
    column("old_class", INT, "原分类"),
    column("new_class", INT, "新分类"),
    column("gained_m2", F, "增加面积（平方米）"),
    column("lost_m2", F, "减少面积（平方米）"),
    column("area_m2", F, "面积变化（平方米）"),
    column("review", S, "论证"),
    column("note", S, "说明"),
)
CHANGE_LIST = (
    column("unit_code", S, "单元编码"),
    column("change", S, "变化类型代码"),
    column("change_zh", S, "变化类型"),
    column("dimension", S, "管控维度"),
    column("requirement_id", S, "条款编号"),
    column("old", S, "原要求"),
    column("new", S, "新要求"),
)
CHANGE_SUMMARY = (
    column("county_code", S, "行政区划代码"),
    column("county", S, "县（区）"),
    column("unit_class", INT, "分类"),
    column("class_name", S, "分类名称"),
    column("old_km2", F, "原面积（平方公里）"),
    column("new_km2", F, "新面积（平方公里）"),
    column("gained_km2", F, "增加（平方公里）"),
    column("lost_km2", F, "减少（平方公里）"),
)
CHANGE_MATRIX = (
    column("county_code", S, "行政区划代码"),
    column("old_class", INT, "原分类"),
    column("new_class", INT, "新分类"),
    column("area_km2", F, "面积（平方公里）"),
)
# 单元动态更新: area gained and lost per unit where an input layer changed
UNIT_IMPACT = (
    column("layer", S, "变化图层"),
    column(schema.UNIT_CODE, S, "环境管控单元编码"),
    column(schema.UNIT_NAME, S, "环境管控单元名称"),
    column(schema.UNIT_CLASS, INT, "管控单元分类"),
    column(schema.UNIT_COUNTY_CODE, S, "行政区划代码"),
    column("gained_m2", F, "增加面积（平方米）"),
    column("lost_m2", F, "减少面积（平方米）"),
)
# the filing package's description table (key, label, value)
FILING_META = (
    column("key", S, "字段"),
    column("label", S, "项目"),
    column("value", S, "内容"),
)
