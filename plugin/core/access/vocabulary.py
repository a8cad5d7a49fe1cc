"""The access list's words: levels, statuses, header and dimension names, class labels, kinds.

Header, dimension and class names are the schema's published vocabularies
(``schema.ACCESS_*_HEADERS_ZH``, ``DIMENSION_SYNONYMS_ZH``); a class label holding one
class word keeps the rest as 子类 (:func:`parse_class_label`).
"""

from __future__ import annotations

import re

from .. import schema
from .cells import cell_text, is_placeholder, normalise_header

LEVEL_PROVINCE, LEVEL_REGION, LEVEL_CITY, LEVEL_COUNTY, LEVEL_CLASS, LEVEL_UNIT = (
    schema.SCOPE_LEVELS_ZH
)
LEVEL_ORDER = {level: n for n, level in enumerate(schema.SCOPE_LEVELS_ZH)}
STATUS_VALID, STATUS_REPEALED = schema.REQ_STATUSES_ZH

# region table (区域): id, name, members; a geometry column makes it spatial
REGION_ID, REGION_NAME, REGION_MEMBERS = schema.REGION_ID, schema.REGION_NAME, schema.REGION_MEMBERS

COLUMNS = schema.field_names(schema.ACCESS_LIST_FIELDS)
DIMENSION_INDEX = {d: n for n, d in enumerate(schema.DIMENSIONS_ZH, start=1)}

# --- header vocabularies ------------------------------------------------------


def _keys(*names) -> frozenset:
    return frozenset(normalise_header(n) for n in names)


CODE_HEADERS = _keys(
    *schema.ACCESS_CODE_HEADERS_ZH,
    schema.UNIT_CODE,
    *schema.UNIT_FIELD_SYNONYMS[schema.UNIT_CODE],
)
NAME_HEADERS = _keys(
    *schema.ACCESS_NAME_HEADERS_ZH,
    schema.UNIT_NAME,
    *schema.UNIT_FIELD_SYNONYMS[schema.UNIT_NAME],
)
CLASS_HEADERS = _keys(
    *schema.ACCESS_CLASS_HEADERS_ZH,
    schema.UNIT_CLASS,
    *schema.UNIT_FIELD_SYNONYMS[schema.UNIT_CLASS],
)
COUNTY_HEADERS = _keys(*schema.ACCESS_COUNTY_HEADERS_ZH)
# Columns of published wide tables that are not requirements: read past, with a warning.
IGNORED_HEADERS = COUNTY_HEADERS | _keys(*schema.ACCESS_OTHER_HEADERS_ZH)


def dimension_of(header) -> str | None:
    """The standard dimension for a header ('资源开发效率要求' -> '资源利用效率'), or None."""
    key = normalise_header(header)
    candidates = [key]
    if key.endswith("要求"):
        candidates.append(key[: -len("要求")])
    for candidate in candidates:
        if candidate in schema.DIMENSIONS_ZH:
            return candidate
        if candidate in schema.DIMENSION_SYNONYMS_ZH:
            return schema.DIMENSION_SYNONYMS_ZH[candidate]
    return None


LONG_SYNONYMS = {
    schema.REQ_ID: ("编号", "条款号", "要求编号"),
    schema.REQ_SCOPE_LEVEL: ("层级", "适用级别", "范围级别"),
    schema.REQ_SCOPE_CODE: ("范围代码", "适用范围编码", "适用范围", "范围编码"),
    schema.REQ_CLASS_FILTER: ("分类限制", "适用单元分类"),
    schema.REQ_DIMENSION: ("维度", "管控维度类型"),
    schema.REQ_TEXT: ("要求内容", "准入要求", "管控要求内容", "条款内容"),
    schema.REQ_KIND: ("类型", "条款类型"),
    schema.REQ_INDUSTRIES: ("行业", "国民经济行业代码"),
    schema.REQ_BASIS: ("政策依据", "法律依据"),
    schema.REQ_SOURCE: ("来源", "文件来源"),
    schema.REQ_EFFECTIVE: ("生效时间", "实施日期"),
    schema.REQ_STATUS: ("有效状态",),
    schema.REQ_ORDER: ("排序号", "顺序"),
    schema.REQ_CHANGED: ("修改时间", "更新日期"),
}
LONG_HEADERS = {
    key: name
    for s in schema.ACCESS_LIST_FIELDS
    for name in (s.name,)
    for key in _keys(s.name, s.alias_zh, s.alias_en, *LONG_SYNONYMS.get(s.name, ()))
}
LONG_REQUIRED = (
    schema.REQ_ID,
    schema.REQ_SCOPE_LEVEL,
    schema.REQ_SCOPE_CODE,
    schema.REQ_DIMENSION,
    schema.REQ_TEXT,
)


# --- values -------------------------------------------------------------------

_CLASS_WORDS = {normalise_header(label): c for c, label in schema.CLASS_LABELS_ZH.items()} | {
    "全部": schema.CLASS_FILTER_ALL
}
_CLASS_WORD_RE = re.compile("|".join(schema.CLASS_LABELS_ZH.values()))
_SUBTYPE_TRIM = "单元区类()（）[]【】-—_/、，,:： "


def parse_class_label(value, allow_all: bool = False) -> tuple[int | None, str]:
    """(class, subtype) from a class cell: 1/2/3, 2.0, '重点管控', '重点管控单元', or a
    longer label holding one class word: '产业集聚重点管控单元' -> (2, '产业集聚'),
    '重点管控单元（城镇生活类）' -> (2, '城镇生活'). (None, '') when empty.

    Raises ValueError for anything else. ``allow_all`` admits 0 / 全部 (class filter).
    """
    text = normalise_header(value)
    if not text or is_placeholder(value):
        return None, ""
    number, subtype = None, ""
    try:
        as_float = float(text)
        if as_float.is_integer():
            number = int(as_float)
    except ValueError:
        for suffix in ("单元", "区", "类", ""):
            stem = text[: -len(suffix)] if suffix and text.endswith(suffix) else text
            if stem in _CLASS_WORDS:
                number = _CLASS_WORDS[stem]
                break
        words = _CLASS_WORD_RE.findall(text)
        if number is None and len(set(words)) == 1:
            number = _CLASS_WORDS[words[0]]
            rest = _CLASS_WORD_RE.sub(" ", text)
            rest = re.sub("(单元|类|区)(?=[^一-龥]|$)", " ", rest)
            subtype = " ".join(p.strip(_SUBTYPE_TRIM) for p in rest.split()).strip(_SUBTYPE_TRIM)
    allowed = {schema.PRIORITY, schema.KEY, schema.GENERAL}
    if allow_all:
        allowed.add(schema.CLASS_FILTER_ALL)
    if number not in allowed:
        raise ValueError(text)
    return number, subtype


def parse_class(value, allow_all: bool = False) -> int | None:
    """1/2/3 from a class cell (see :func:`parse_class_label`); None when empty."""
    return parse_class_label(value, allow_all)[0]


# Kind inference: a text that starts with a keyword takes that keyword's kind;
# otherwise the first kind (in this order) with a keyword anywhere in the text;
# otherwise 要求. 允许 also matches a text starting with 可.
KIND_KEYWORDS = (
    ("禁止", ("禁止", "严禁", "不得", "不允许", "不予", "不准")),
    ("限制", ("限制", "严控", "控制")),
    ("鼓励", ("鼓励",)),
    ("允许", ("允许",)),
)


def infer_kind(text) -> str:
    """禁止 / 限制 / 鼓励 / 允许 / 要求 from a requirement's text.

    1. A text starting with a keyword gets that keyword's kind (可 at the start
       counts as 允许);
    2. else the first kind whose keyword occurs anywhere: 禁止 (禁止, 严禁, 不得,
       不允许, 不予, 不准), then 限制 (限制, 严控, 控制 — so 严格控制), then 鼓励,
       then 允许;
    3. else 要求.
    """
    text = cell_text(text)
    for kind, words in KIND_KEYWORDS:
        if text.startswith(words):
            return kind
    if text.startswith("可"):
        return "允许"
    for kind, words in KIND_KEYWORDS:
        if any(w in text for w in words):
            return kind
    return "要求"


_LEVEL_WORDS = {
    "省": "省级",
    "省级": "省级",
    "区域": "区域",
    "区域级": "区域",
    "市": "市级",
    "市级": "市级",
    "县": "县级",
    "县级": "县级",
    "区县": "县级",
    "县区": "县级",
    "县(区)": "县级",
    "县(区)级": "县级",
    "分类": "分类",
    "分类级": "分类",
    "单元": "单元",
    "单元级": "单元",
}


def parse_level(value) -> str | None:
    text = normalise_header(value)
    return _LEVEL_WORDS.get(text)


def unit_class_number(value) -> int | None:
    """1/2/3 from a class value stored as a number, numeric text or a label (优先保护)."""
    return schema.class_of(value)
