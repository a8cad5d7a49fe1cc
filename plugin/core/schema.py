"""The EcoZoning data model: every field name, alias, class and code rule lives here.

Pure Python (no Qt, no QGIS): algorithms, panels and adapters read this module
instead of repeating names. Field names follow those seen in published
生态环境分区管控 results; Chinese strings here are data-standard values and
aliases, not UI text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

# --- unit classes (ZHGKDYFL) -------------------------------------------------

PRIORITY = 1  # 优先保护
KEY = 2  # 重点管控
GENERAL = 3  # 一般管控

CLASS_LABELS_ZH = {PRIORITY: "优先保护", KEY: "重点管控", GENERAL: "一般管控"}
CLASS_LABELS_EN = {PRIORITY: "Priority protection", KEY: "Key control", GENERAL: "General control"}
CLASS_UNIT_SUFFIX_ZH = {PRIORITY: "优先保护单元", KEY: "重点管控单元", GENERAL: "一般管控单元"}

# 子类 values used by the delineation when a layer gives none of its own.
SUBTYPE_RED_LINE = "生态保护红线"
SUBTYPE_PARK = "产业园区"
SUBTYPE_URBAN = "城镇生活"
SUBTYPE_GENERAL = "一般管控区"

# --- field specifications ----------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # "str" | "int" | "float" | "date" | "datetime"
    alias_zh: str
    alias_en: str
    length: int = 0
    required: bool = False
    value_map: dict = field(default_factory=dict)  # label -> stored value
    read_only: bool = False


# 环境管控单元 layer
UNIT_CODE = "HJZHGKDYBM"
UNIT_NAME = "HJZHGKDYMC"
UNIT_CLASS = "ZHGKDYFL"
UNIT_SUBTYPE = "DYZL"
UNIT_PROVINCE = "PROV"
UNIT_CITY = "CITY"
UNIT_COUNTY = "COUNTY"
UNIT_COUNTY_CODE = "XZQDM"
UNIT_AREA = "MJ"
UNIT_REMARK = "BZ"

_CLASS_VALUE_MAP = {CLASS_LABELS_ZH[c]: c for c in (PRIORITY, KEY, GENERAL)}

UNIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(UNIT_CODE, "str", "环境管控单元编码", "Unit code", 20, True),
    FieldSpec(UNIT_NAME, "str", "环境管控单元名称", "Unit name", 254, True),
    FieldSpec(UNIT_CLASS, "int", "管控单元分类", "Unit class", 0, True, _CLASS_VALUE_MAP),
    FieldSpec(UNIT_SUBTYPE, "str", "子类", "Subtype", 50),
    FieldSpec(UNIT_PROVINCE, "str", "省", "Province", 50),
    FieldSpec(UNIT_CITY, "str", "市", "City", 50),
    FieldSpec(UNIT_COUNTY, "str", "县（区）", "County", 50),
    FieldSpec(UNIT_COUNTY_CODE, "str", "行政区划代码", "County code", 6, True),
    FieldSpec(UNIT_AREA, "float", "面积（平方公里）", "Area (km²)", 0, False, read_only=True),
    FieldSpec(UNIT_REMARK, "str", "备注", "Remark", 254),
)

# 生态环境准入清单: one row per requirement
REQ_ID = "TKBH"
REQ_SCOPE_LEVEL = "FWJB"
REQ_SCOPE_CODE = "FWDM"
REQ_CLASS_FILTER = "FLXZ"
REQ_DIMENSION = "WD"
REQ_TEXT = "YQNR"
REQ_KIND = "LX"
REQ_INDUSTRIES = "HYDM"
REQ_BASIS = "YJ"
REQ_SOURCE = "LYWJ"
REQ_EFFECTIVE = "SXRQ"
REQ_STATUS = "ZT"
REQ_ORDER = "PX"
REQ_CHANGED = "GXSJ"

SCOPE_LEVELS_ZH = ("省级", "区域", "市级", "县级", "分类", "单元")
DIMENSIONS_ZH = ("空间布局约束", "污染物排放管控", "环境风险防控", "资源利用效率")
# --- access-list vocabularies: the names published lists use (one place) --------
# Dimension headers provinces use, mapped onto DIMENSIONS_ZH on import (a trailing
# 要求 is also dropped, so 资源开发效率要求 -> 资源开发效率 -> 资源利用效率).
DIMENSION_SYNONYMS_ZH = {
    "空间布局引导": "空间布局约束",
    "空间布局约束与引导": "空间布局约束",
    "空间布局管控": "空间布局约束",
    "区域布局管控": "空间布局约束",
    "污染物排放控制": "污染物排放管控",
    "环境风险管控": "环境风险防控",
    "环境风险防范": "环境风险防控",
    "资源开发效率": "资源利用效率",
    "资源开发效率要求": "资源利用效率",
    "资源开发利用效率": "资源利用效率",
    "资源利用效率要求": "资源利用效率",
}
# Column headers of wide (one row per unit) lists, by role; compared after NFKC,
# without white space, so 县（市、区） and 县(市、区) are the same header.
ACCESS_CODE_HEADERS_ZH = (
    "编码",
    "单元编码",
    "单元代码",
    "管控单元编码",
    "管控单元代码",
    "环境管控单元编码",
    "生态环境管控单元编码",
    "综合管控单元编码",
    "环境综合管控单元编码",
)
ACCESS_NAME_HEADERS_ZH = (
    "名称",
    "单元名称",
    "管控单元名称",
    "环境管控单元名称",
    "生态环境管控单元名称",
    "综合管控单元名称",
    "环境综合管控单元名称",
)
ACCESS_CLASS_HEADERS_ZH = (
    "分类",
    "类别",
    "单元分类",
    "单元类别",
    "管控类别",
    "管控分类",
    "管控单元分类",
    "管控单元类别",
    "环境管控单元分类",
    "环境管控单元类别",
    "综合管控单元分类",
    "综合管控单元类别",
    "环境综合管控单元分类",
    "环境综合管控单元类别",
)
ACCESS_COUNTY_HEADERS_ZH = (
    "县",
    "区县",
    "县区",
    "县（区）",
    "区（县）",
    "县（市、区）",
    "县（市、区、旗）",
    "县市区",
    "所属区县",
)
# Columns of published wide lists that hold no requirements (read past, with a warning).
ACCESS_OTHER_HEADERS_ZH = (
    "序号",
    "省",
    "省份",
    "市",
    "地市",
    "所属地市",
    "行政区",
    "行政区划",
    "所属行政区",
    "行政区划代码",
    "子类",
    "单元子类",
    "单元类型",
    "面积",
    "面积（平方公里）",
    "备注",
    "管控要求",  # the upper cell of a two-row header
    "生态环境准入清单",
)
# Sub-types written with the class in one label (产业集聚重点管控单元, 重点管控单元（城镇生活类）).
CLASS_SUBTYPES_ZH = ("产业集聚", "产业园区", "城镇生活", "农业农村", "生态保护红线", "一般生态空间")
# Cell values that mean "nothing here" in published lists.
ACCESS_PLACEHOLDERS = ("/", "—", "——", "-", "--", "–", "无", "暂无", "空", "无要求")
REQ_KINDS_ZH = ("禁止", "限制", "允许", "鼓励", "要求")
REQ_STATUSES_ZH = ("有效", "废止")
CLASS_FILTER_ALL = 0

ACCESS_LIST_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(REQ_ID, "str", "条款编号", "Requirement id", 40, True),
    FieldSpec(
        REQ_SCOPE_LEVEL, "str", "适用层级", "Scope level", 10, True, {v: v for v in SCOPE_LEVELS_ZH}
    ),
    FieldSpec(REQ_SCOPE_CODE, "str", "适用范围代码", "Scope code", 40, True),
    FieldSpec(
        REQ_CLASS_FILTER,
        "int",
        "适用分类",
        "Class filter",
        0,
        False,
        {"全部": CLASS_FILTER_ALL, **_CLASS_VALUE_MAP},
    ),
    FieldSpec(
        REQ_DIMENSION, "str", "管控维度", "Dimension", 20, True, {v: v for v in DIMENSIONS_ZH}
    ),
    FieldSpec(REQ_TEXT, "str", "管控要求", "Requirement", 0, True),
    FieldSpec(REQ_KIND, "str", "要求类型", "Kind", 10, False, {v: v for v in REQ_KINDS_ZH}),
    FieldSpec(REQ_INDUSTRIES, "str", "行业代码", "Industry codes", 254),
    FieldSpec(REQ_BASIS, "str", "依据", "Legal basis", 254),
    FieldSpec(REQ_SOURCE, "str", "来源文件", "Source document", 254),
    FieldSpec(REQ_EFFECTIVE, "date", "生效日期", "Effective date"),
    FieldSpec(REQ_STATUS, "str", "状态", "Status", 10, False, {v: v for v in REQ_STATUSES_ZH}),
    FieldSpec(REQ_ORDER, "int", "排序", "Order"),
    FieldSpec(REQ_CHANGED, "datetime", "更新时间", "Last change", read_only=True),
)

# 质检结果 layer (our own product: English names, Chinese aliases)
CHK_CODE = "check_code"
CHK_SEVERITY = "severity"
CHK_UNITS = "unit_codes"
CHK_COUNTY = "county_code"
CHK_AREA = "area_m2"
CHK_MESSAGE = "message"
CHK_STATUS = "status"
CHK_NOTE = "note"

SEVERITIES_ZH = ("错误", "警告", "提示")
REVIEW_STATUSES_ZH = ("待处理", "已修改", "例外")

CHECK_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(CHK_CODE, "str", "检查项", "Check", 20, True),
    FieldSpec(CHK_SEVERITY, "str", "严重程度", "Severity", 4, True, {v: v for v in SEVERITIES_ZH}),
    FieldSpec(CHK_UNITS, "str", "单元编码", "Unit codes", 254),
    FieldSpec(CHK_COUNTY, "str", "行政区划代码", "County code", 6),
    FieldSpec(CHK_AREA, "float", "面积（平方米）", "Area (m²)", read_only=True),
    FieldSpec(CHK_MESSAGE, "str", "说明", "Message", 254),
    FieldSpec(
        CHK_STATUS, "str", "处理状态", "Review status", 6, False, {v: v for v in REVIEW_STATUSES_ZH}
    ),
    FieldSpec(CHK_NOTE, "str", "处理说明", "Note", 254),
)

# 线索 (supervision leads): our own product, English names, Chinese aliases. ``status`` and
# ``note`` are named as in the check-results layer, so a review tool can treat both alike.
# No text lengths: the screening writes every text whole (nothing is cut).
LEAD_STATUSES_ZH = ("待核实", "属实", "不属实", "已整改")

LEAD_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("lead_key", "str", "线索键", "Lead key", 0, True, read_only=True),
    FieldSpec("reason_code", "str", "原因代码", "Reason code", 0, True, read_only=True),
    FieldSpec("reason", "str", "线索原因", "Reason", read_only=True),
    FieldSpec("severity", "str", "严重程度", "Severity", read_only=True),
    FieldSpec("finding", "str", "研判", "Finding", read_only=True),
    FieldSpec("unit_code", "str", "单元编码", "Unit code", read_only=True),
    FieldSpec("unit_name", "str", "单元名称", "Unit name", read_only=True),
    FieldSpec("unit_class", "int", "管控类别", "Unit class", read_only=True),
    FieldSpec("county_code", "str", "行政区划代码", "County code", read_only=True),
    FieldSpec("requirement_id", "str", "条款编号", "Requirement id", read_only=True),
    FieldSpec("requirement_text", "str", "管控要求", "Requirement", read_only=True),
    FieldSpec("industry", "str", "行业代码", "Industry code", read_only=True),
    FieldSpec("source_layer", "str", "来源图层", "Source layer", read_only=True),
    FieldSpec("source_fid", "int", "来源要素ID", "Source feature id", read_only=True),
    FieldSpec("source_key", "str", "来源要素键", "Source feature key", read_only=True),
    FieldSpec("source_date", "str", "来源日期", "Source date", read_only=True),
    FieldSpec("area_m2", "float", "面积（平方米）", "Area (m²)", read_only=True),
    FieldSpec("x", "float", "X", "X", read_only=True),
    FieldSpec("y", "float", "Y", "Y", read_only=True),
    FieldSpec("found_on", "str", "发现日期", "Found on", read_only=True),
    FieldSpec(CHK_STATUS, "str", "核实状态", "Status", 0, False, {v: v for v in LEAD_STATUSES_ZH}),
    FieldSpec(CHK_NOTE, "str", "核实说明", "Note"),
)

# Source layers of the screening and the tracking (enterprises, permits, approvals, change
# patches): the fields tried, in order, for a feature's industry code, date and stable id
# when the user names none.
SOURCE_INDUSTRY_NAMES = ("HYDM", "industry", "行业代码", "HYLB", "INDUSTRY")
SOURCE_DATE_NAMES = ("RQ", "date", "日期", "JCRQ", "BGRQ", "FZRQ", "SPRQ", "DATE")
SOURCE_ID_NAMES = ("TYSHXYDM", "XKZBH", "PWXKZBH", "HPWH", "TBBH", "id", "ID", "编号")

# 研判日志 (assessment log) in the project database: one row per assessed project, or
# per screened source layer (origin "screening", with counts).
LOG_TABLE = "assessment_log"
LOG_TABLE_NAME = "研判日志"
LOG_ORIGINS = ("algorithm", "panel", "screening")
LOG_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("log_time", "str", "记录时间", "Logged at", 19, True),
    FieldSpec("run_id", "str", "运行编号", "Run id", 40, True),
    FieldSpec("origin", "str", "来源", "Origin", 12, True),
    FieldSpec("project", "str", "项目或图层", "Project or layer", 254),
    FieldSpec("industry", "str", "行业代码", "Industry code", 20),
    FieldSpec("assessed_on", "str", "研判日期", "Date", 10),
    FieldSpec("conclusion", "str", "结论", "Conclusion", 12),
    FieldSpec("unit_codes", "str", "涉及单元", "Units", 0),
    FieldSpec("constraint_areas", "str", "占用管控要素", "Constraint areas", 0),
    FieldSpec("features", "int", "要素数", "Features"),
    FieldSpec("leads", "int", "线索数", "Leads"),
    FieldSpec("leads_high", "int", "高等级线索数", "High-severity leads"),
)

# 区域 of the access lists (a 流域, a river corridor…): by membership and/or by area
REGION_ID = "QYBH"
REGION_NAME = "QYMC"
REGION_MEMBERS = "CYDM"  # comma-separated unit or county codes

REGION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(REGION_ID, "str", "区域编号", "Region id", 40, True),
    FieldSpec(REGION_NAME, "str", "区域名称", "Region name", 100),
    FieldSpec(REGION_MEMBERS, "str", "成员单元或行政区代码", "Member unit or county codes", 0),
)


def is_region_table(field_names, with_members: bool = False) -> bool:
    """Whether a table with these fields holds access-list regions: it has the region id.
    ``with_members`` also asks for the member codes (regions read by membership)."""
    names = set(field_names)
    return REGION_ID in names and (not with_members or REGION_MEMBERS in names)


# 变更记录 (change journal): one row per boundary operation or code change, with the land
# that changed as its geometry. Read by the update and filing work.
JOURNAL_TIME = "changed_at"
JOURNAL_OPERATION = "operation"
JOURNAL_COUNTY = "county_code"
JOURNAL_BEFORE = "units_before"  # JSON list of {code, class, mj}
JOURNAL_AFTER = "units_after"  # JSON list of {code, class, mj}
JOURNAL_RETIRED = "retired_codes"  # comma-separated
JOURNAL_REASON = "reason"
JOURNAL_SESSION = "edit_session"  # ties rows to one edit session (removed on rollback)

JOURNAL_OPERATIONS_ZH = {
    "move_boundary": "调整共用边界",
    "split": "拆分单元",
    "merge": "合并单元",
    "reclassify": "局部调整分类",
    "follow_layer": "边界贴合图层",
    "recode": "修改编码",
}

JOURNAL_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(JOURNAL_TIME, "datetime", "变更时间", "Time", 0, True, read_only=True),
    FieldSpec(
        JOURNAL_OPERATION,
        "str",
        "操作",
        "Operation",
        20,
        True,
        {v: k for k, v in JOURNAL_OPERATIONS_ZH.items()},
        read_only=True,
    ),
    FieldSpec(JOURNAL_COUNTY, "str", "行政区划代码", "County code", 6, read_only=True),
    FieldSpec(JOURNAL_BEFORE, "str", "变更前单元", "Units before", 0, read_only=True),
    FieldSpec(JOURNAL_AFTER, "str", "变更后单元", "Units after", 0, read_only=True),
    FieldSpec(JOURNAL_RETIRED, "str", "废止编码", "Retired codes", 0, read_only=True),
    FieldSpec(JOURNAL_REASON, "str", "变更原因", "Reason", 0),
    FieldSpec(JOURNAL_SESSION, "str", "编辑批次", "Edit session", 40, read_only=True),
)

UNIT_LAYER_NAME = "环境管控单元"
ACCESS_LIST_TABLE_NAME = "生态环境准入清单"
CHECK_LAYER_NAME = "质检结果"
REGION_LAYER_NAME = "准入清单区域"
JOURNAL_LAYER_NAME = "单元变更记录"
# GeoPackage table names (ASCII: safer across drivers and PostGIS).
UNIT_TABLE = "units"
ACCESS_LIST_TABLE = "access_list"
CHECK_TABLE = "check_results"
REGION_TABLE = "regions"
JOURNAL_TABLE = "change_journal"


def field_names(specs) -> list[str]:
    return [s.name for s in specs]


def spec(specs, name: str) -> FieldSpec:
    for s in specs:
        if s.name == name:
            return s
    raise KeyError(name)


# --- field mapping -----------------------------------------------------------


# Variants of unit-layer field names met in published data, keyed by schema name.
def class_of(value) -> int | None:
    """The class (1/2/3) of a class field's value, the one rule everywhere: 2, "2", 2.0,
    "重点管控", "重点管控单元"; None when empty or anything else."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    for number, label in CLASS_LABELS_ZH.items():
        if text in (label, CLASS_UNIT_SUFFIX_ZH[number]):
            return number
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and int(number) in CLASS_LABELS_ZH else None


UNIT_FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    UNIT_CODE: ("HJGKDYBM", "DYBM", "GKDYBM", "BM", "CODE", "UNIT_CODE"),
    UNIT_NAME: ("HJGKDYMC", "DYMC", "GKDYMC", "MC", "NAME", "UNIT_NAME"),
    UNIT_CLASS: ("GKDYFL", "HJGKDYFL", "DYFL", "FL", "LB", "CLASS"),
    UNIT_SUBTYPE: ("ZL", "GKDYZL", "SUBTYPE"),
    UNIT_PROVINCE: ("SHENG", "PROVINCE"),
    UNIT_CITY: ("SHI",),
    UNIT_COUNTY: ("AREA", "XIAN", "QX"),
    UNIT_COUNTY_CODE: ("XZQHDM", "QXDM", "ADCODE", "COUNTY_CODE"),
    # never Shape_Area / AREA: the GIS area in the layer's own units (m², degrees²), not km²
    UNIT_AREA: ("AREA_KM2", "MJ_KM2"),
    UNIT_REMARK: ("REMARK", "BEIZHU"),
}


def guess_field_mapping(
    layer_fields, specs=UNIT_FIELDS, synonyms=UNIT_FIELD_SYNONYMS, numeric_fields=()
):
    """Map schema names onto a layer's field names (case-insensitive, with synonyms).

    Returns {schema_name: layer_field_name}; schema fields with no match are absent.
    Text fields (county names) are never guessed from ``numeric_fields``: a numeric ``AREA``
    is an area, not the county.
    """
    by_upper = {f.upper(): f for f in layer_fields}
    numeric = {f.upper() for f in numeric_fields}
    mapping = {}
    for s in specs:
        for candidate in (s.name, *synonyms.get(s.name, ())):
            if s.kind == "str" and candidate.upper() in numeric:
                continue
            hit = by_upper.get(candidate.upper())
            if hit is not None and hit not in mapping.values():
                mapping[s.name] = hit
                break
    return mapping


# --- the unit code rule ------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _code_pattern(prefix: str, county_digits: int, serial_digits: int, classes: str):
    """The code rule's regex, built once per rule (parse runs for every unit)."""
    return re.compile(
        rf"^{re.escape(prefix)}([0-9]{{{county_digits}}})([{classes}])([0-9]{{{serial_digits}}})$",
        re.ASCII,
    )


@dataclass(frozen=True)
class CodeRule:
    """环境管控单元编码: prefix + county code + class digit + serial.

    The published form is ``ZH`` + 6-digit county code + class digit + 4-digit
    serial (``ZH44060620002``). Provinces vary (marine units, other prefixes),
    so the parts are parameters.
    """

    prefix: str = "ZH"
    county_digits: int = 6
    serial_digits: int = 4
    classes: str = "123"

    @property
    def pattern(self) -> re.Pattern:
        return _code_pattern(self.prefix, self.county_digits, self.serial_digits, self.classes)

    @property
    def length(self) -> int:
        return len(self.prefix) + self.county_digits + 1 + self.serial_digits

    def make(self, county_code: str, unit_class: int, serial: int) -> str:
        county_code = str(county_code)
        if not is_county_code(county_code, self.county_digits):
            raise ValueError(f"county code must be {self.county_digits} digits: {county_code!r}")
        if str(unit_class) not in self.classes:
            raise ValueError(f"unit class must be one of {self.classes}: {unit_class!r}")
        if not 1 <= int(serial) < 10**self.serial_digits:
            raise ValueError(f"serial out of range 1..{10**self.serial_digits - 1}: {serial}")
        return f"{self.prefix}{county_code}{unit_class}{int(serial):0{self.serial_digits}d}"

    def parse(self, code) -> tuple[str, int, int] | None:
        """(county code, class, serial), or None when the code breaks the rule."""
        if not isinstance(code, str) or not code.isascii():
            return None
        m = self.pattern.match(code)
        if m is None:
            return None
        return m.group(1), int(m.group(2)), int(m.group(3))

    def is_valid(self, code) -> bool:
        return self.parse(code) is not None

    def problem_kind(self, code) -> tuple[str, dict] | None:
        """What is wrong with ``code`` as (kind, values), or None; kinds: empty, not_text,
        spaces, fullwidth, not_ascii, prefix, length, pattern. Messages in each language are
        made from this."""
        if code is None or (isinstance(code, str) and not code.strip()):
            return "empty", {}
        if not isinstance(code, str):
            return "not_text", {"code": code}
        if code != code.strip():
            return "spaces", {}
        if not code.isascii():
            wide = [
                ch for ch in dict.fromkeys(code) if FULLWIDTH_FIRST <= ord(ch) <= FULLWIDTH_LAST
            ]
            if wide:
                return "fullwidth", {"chars": "".join(wide)}
            other = [ch for ch in dict.fromkeys(code) if not ch.isascii()]
            return "not_ascii", {"chars": "".join(other)}
        if not code.startswith(self.prefix):
            return "prefix", {"prefix": self.prefix}
        if len(code) != self.length:
            return "length", {"length": self.length, "actual": len(code)}
        if self.parse(code) is None:
            return "pattern", {
                "prefix": self.prefix,
                "county_digits": self.county_digits,
                "classes": self.classes,
                "serial_digits": self.serial_digits,
            }
        return None

    def problem(self, code) -> str | None:
        """A short English description of what is wrong with ``code``, or None."""
        found = self.problem_kind(code)
        return None if found is None else CODE_PROBLEMS_EN[found[0]].format(**found[1])

    def next_free(self, existing_codes, county_code: str, unit_class: int) -> str:
        """The code after the highest serial used (or retired) in this county and class."""
        used = 0
        for code in existing_codes:
            parsed = self.parse(code)
            if parsed and parsed[0] == str(county_code) and parsed[1] == int(unit_class):
                used = max(used, parsed[2])
        return self.make(county_code, unit_class, used + 1)


# Full-width forms of ASCII (！ .. ～, e.g. ０-９, Ａ-Ｚ): typed with a Chinese input method
FULLWIDTH_FIRST, FULLWIDTH_LAST = 0xFF01, 0xFF5E

CODE_PROBLEMS_EN = {
    "empty": "empty code",
    "not_text": "code is not text: {code!r}",
    "spaces": "code has leading or trailing spaces",
    "fullwidth": "code contains full-width characters {chars}: use ASCII digits and letters",
    "not_ascii": "code contains non-ASCII characters {chars}: use ASCII digits and letters",
    "prefix": "code must start with {prefix}",
    "length": "code must have {length} characters, has {actual}",
    "pattern": "code must be {prefix} + {county_digits}-digit county code + class digit "
    "({classes}) + {serial_digits}-digit serial",
}
CODE_PROBLEMS_ZH = {
    "empty": "编码为空",
    "not_text": "编码不是文本：{code!r}",
    "spaces": "编码首尾含空格",
    "fullwidth": "编码含全角字符“{chars}”，应使用半角数字和字母",
    "not_ascii": "编码含非 ASCII 字符“{chars}”，应使用半角数字和字母",
    "prefix": "编码应以 {prefix} 开头",
    "length": "编码应为 {length} 位，实为 {actual} 位",
    "pattern": "编码应为 {prefix} + {county_digits} 位行政区划代码 + 分类位（{classes}）+ "
    "{serial_digits} 位序号",
}

DEFAULT_CODE_RULE = CodeRule()


def is_county_code(value, digits: int = 6) -> bool:
    return isinstance(value, str) and len(value) == digits and value.isascii() and value.isdigit()


def normalise_county_code(value) -> str | None:
    """A 6-digit county code from text or a number (440606.0 -> '440606'); None if not one."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value or not value.is_integer():
            return None
        value = int(value)
    text = str(value).strip()
    return text if is_county_code(text) else None


# --- versions (调整更新与成果备案) ----------------------------------------------
# One register row per version; units, access list and regions are kept as snapshots,
# one row per feature and version (the version id in VERSION_KEY). Saving a version
# only appends: an old version is never changed or lost.

VERSION_ID = "version_id"
VERSION_TITLE = "title"
VERSION_DOC = "doc_number"
VERSION_COMPILED = "compiled_on"
VERSION_PUBLISHED = "published_on"
VERSION_FILED = "filed_on"
VERSION_KIND = "kind"
VERSION_REASON = "reason"
VERSION_AUTHOR = "author"
VERSION_NOTE = "note"
VERSION_SAVED = "saved_at"
VERSION_KEY = "BBH"  # version id on the snapshot rows

VERSION_KINDS_ZH = ("初次划定", "定期调整", "动态更新")
VERSION_REASONS_ZH = (
    "红线调整",
    "水源地调整",
    "自然保护地调整",
    "开发区调整",
    "行政区划调整",
    "其他",
)

VERSION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(VERSION_ID, "str", "版本号", "Version", 40, True),
    FieldSpec(VERSION_TITLE, "str", "成果名称", "Title", 254),
    FieldSpec(VERSION_DOC, "str", "文号", "Document number", 100),
    FieldSpec(VERSION_COMPILED, "date", "编制日期", "Compiled on"),
    FieldSpec(VERSION_PUBLISHED, "date", "发布日期", "Published on"),
    FieldSpec(VERSION_FILED, "date", "备案日期", "Filed on"),
    FieldSpec(VERSION_KIND, "str", "版本类型", "Kind", 10, True, {v: v for v in VERSION_KINDS_ZH}),
    FieldSpec(
        VERSION_REASON, "str", "调整原因", "Reason", 20, False, {v: v for v in VERSION_REASONS_ZH}
    ),
    FieldSpec(VERSION_AUTHOR, "str", "编制单位（人）", "Author", 100),
    FieldSpec(VERSION_NOTE, "str", "说明", "Note", 0),
    FieldSpec(VERSION_SAVED, "datetime", "保存时间", "Saved at", read_only=True),
)
VERSION_KEY_FIELD = FieldSpec(VERSION_KEY, "str", "版本号", "Version", 40, True)
UNIT_VERSION_FIELDS = (VERSION_KEY_FIELD, *UNIT_FIELDS)
ACCESS_LIST_VERSION_FIELDS = (VERSION_KEY_FIELD, *ACCESS_LIST_FIELDS)
REGION_VERSION_FIELDS = (VERSION_KEY_FIELD, *REGION_FIELDS)

VERSION_TABLE = "versions"
UNIT_VERSION_TABLE = "unit_versions"
ACCESS_LIST_VERSION_TABLE = "access_list_versions"
REGION_VERSION_TABLE = "region_versions"
VERSION_TABLE_NAME = "成果版本"
UNIT_VERSION_TABLE_NAME = "环境管控单元（历史版本）"
ACCESS_LIST_VERSION_TABLE_NAME = "生态环境准入清单（历史版本）"
REGION_VERSION_TABLE_NAME = "准入清单区域（历史版本）"


def version_as_of(versions, day) -> str | None:
    """The version in force on ``day``: the latest published on or before it (versions
    without a publication date count from their compilation date). ``versions`` are
    mappings with VERSION_ID, VERSION_PUBLISHED, VERSION_COMPILED (dates or ISO text)."""
    best, best_key = None, None
    for row in versions:
        start = row.get(VERSION_PUBLISHED) or row.get(VERSION_COMPILED)
        if start is None or str(start) == "":
            continue
        start = str(start)[:10]
        if start <= str(day)[:10] and (best_key is None or start >= best_key):
            best, best_key = row[VERSION_ID], start
    return best
