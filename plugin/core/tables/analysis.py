"""Tables of the overlap, compliance and screening algorithms."""

from __future__ import annotations

from .. import schema
from .spec import column

S, F, I64, B = "str", "float", "int64", "bool"

OVERLAP_OUTPUT = (
    column("source_fid", I64, "要素ID"),
    column("name", S, "名称"),
    column("constraint", S, "管控要素"),
    column("role", S, "角色"),
    column("overlap_area_m2", F, "重叠面积（平方米）"),
    column("overlap_length_m", F, "重叠长度（米）"),
    column("inside", B, "是否落入"),
    column("percent", F, "占比（%）"),
)

# 建设项目符合性分析: the area or length of each project per unit and per constraint, the
# finding per requirement, and one row per project.
COMPLIANCE_UNITS = (
    column("project_fid", I64, "项目ID"),
    column("project_name", S, "项目名称"),
    column("unit_code", S, "单元编码"),
    column("unit_name", S, "单元名称"),
    column("unit_class", "int", "管控类别"),
    column("overlap_area_m2", F, "面积（平方米）"),
    column("overlap_length_m", F, "长度（米）"),
    column("share_pct", F, "占项目比例（%）"),
)
COMPLIANCE_CONSTRAINTS = (
    column("project_fid", I64, "项目ID"),
    column("constraint", S, "管控要素"),
    column("role", S, "角色"),
    column("consequence", S, "后果"),
    column("overlap_area_m2", F, "占用面积（平方米）"),
    column("overlap_length_m", F, "穿越长度（米）"),
    column("inside", B, "是否占用"),
)
COMPLIANCE_REQUIREMENTS = (
    column("project_fid", I64, "项目ID"),
    column("unit_code", S, "单元编码"),
    column("level", S, "层级"),
    column("scope_code", S, "范围代码"),
    column("dimension", S, "管控维度"),
    column("kind", S, "要求类型"),
    column("text", S, "管控要求"),
    column("industry_codes", S, "行业代码"),
    column("matched_codes", S, "命中行业"),
    column("finding", S, "研判"),
    column("requirement_id", S, "条款编号"),
)
# The project table as written. The core's project frame carries two more columns for the
# reports (the part outside every unit); they are not written to the table.
COMPLIANCE_PROJECTS = (
    column("project_fid", I64, "项目ID"),
    column("project_name", S, "项目名称"),
    column("industry", S, "行业代码"),
    column("industry_name", S, "行业名称"),
    column("conclusion", S, "结论"),
    column("reasons", S, "理由"),
    column("message", S, "提示"),
    column("outside", B, "超出单元范围"),
    column("unit_codes", S, "涉及单元"),
)

# 监督线索筛查: lead counts per county and per unit (the leads themselves: schema.LEAD_FIELDS)
_COUNTS = (
    column("leads", "int", "线索数"),
    column("severity_高", "int", "高"),
    column("severity_中", "int", "中"),
    column("severity_低", "int", "低"),
    *(column(s, "int", s) for s in schema.LEAD_STATUSES_ZH),
)
SCREENING_COUNTIES = (column("county_code", S, "行政区划代码"), *_COUNTS)
SCREENING_UNITS = (
    column("county_code", S, "行政区划代码"),
    column("unit_code", S, "单元编码"),
    column("unit_name", S, "单元名称"),
    column("unit_class", "int", "管控类别"),
    *_COUNTS,
)
