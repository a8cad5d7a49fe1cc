"""生态环境准入清单 <-> Excel rows: parse, validate and lay out access lists.

Pure Python (no Qt, no QGIS, no GDAL): input and output are lists of row lists,
the first row holding the headers; reading and writing the .xlsx file is the
adapter's job (``plugin.adapters.excel``). Problems are collected in an
:class:`ImportReport`; any error means "import nothing".

Two layouts are understood:

WIDE (as published): one row per unit; columns 单元编码, 单元名称, 分类 and one
column per dimension (空间布局约束, 污染物排放管控, 环境风险防控, 资源利用效率 —
资源开发效率要求 and the like are synonyms, and a trailing 要求 is ignored). A
dimension cell holds numbered items; each item becomes one 单元-level
requirement (scope code = unit code, class filter 0, status 有效).

* Numbering styles: ``1.`` ``1．`` ``1、`` ``1)`` ``(1)`` ``（1）`` ``①`` ``一、``
  ``（一）``. The style of the cell's first marker is the item style; markers of
  other styles stay inside the item text (so ``（1）`` sub-items under ``1.``
  items are kept with their item). A marker starts an item at the start of a
  line, or in the middle of a line right after ``。；;！!`` when it carries the
  next number (``②`` needs no punctuation before it). A cell without markers is one item. Text before the first
  marker becomes an item of its own (with a warning).
* Order (PX) is the item's position in its cell (1, 2, 3 …), which is the
  written number when the numbering runs 1, 2, 3 …; other numbering gives a
  warning. Ids are deterministic: ``{unit code}-{dimension 1..4}-{order:02d}``.
* Kind (LX) is inferred from the text (see :func:`infer_kind`).
* A row with an empty code cell whose dimension cells are filled continues the
  unit above (what merged cells look like when read): its items are appended,
  with a warning.
* Header rows are looked for in the first rows (a title row above is skipped);
  a two-row header (管控要求 over the four dimensions) is merged.

Round trip: ``parse_wide(to_wide_rows(reqs, units))`` gives back the unit-level
requirements (ids, texts, orders, dimensions, kinds) when their ids and orders
follow the rule above, as they do after a wide import. A requirement whose text
has a line starting with a number marker (``2. …``), or ``。2. …`` carrying the
next number, would be split on re-import: :func:`texts_split_on_import` lists
them so an export can warn. Leading and trailing white space of items is
dropped.

LONG: one row per requirement, every field of ``schema.ACCESS_LIST_FIELDS``;
headers are the field names, their Chinese or English aliases, or a few common
synonyms.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from . import schema

LEVEL_UNIT = "单元"
STATUS_VALID = "有效"
WIDE = "wide"
LONG = "long"
HEADER_SEARCH_ROWS = 10  # header row searched among the first rows (title rows above)

COLUMNS = schema.field_names(schema.ACCESS_LIST_FIELDS)
DIMENSION_INDEX = {d: n for n, d in enumerate(schema.DIMENSIONS_ZH, start=1)}

# --- problems ---------------------------------------------------------------


@dataclass
class ImportProblem:
    sheet: str
    row: int  # 1-based Excel row; 0 when the problem concerns the whole sheet
    column: str  # column letter and header, e.g. "D 空间布局约束"; "" for a whole row
    message: str  # Chinese / English

    def __str__(self) -> str:
        where = [p for p in (self.sheet, f"row {self.row}" if self.row else "", self.column) if p]
        return f"[{', '.join(where)}] {self.message}" if where else self.message


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, sheet, row, column, zh, en) -> None:
        self.errors.append(ImportProblem(sheet, row, column, f"{zh} / {en}"))

    def warning(self, sheet, row, column, zh, en) -> None:
        self.warnings.append(ImportProblem(sheet, row, column, f"{zh} / {en}"))

    def extend(self, other: ImportReport) -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    @property
    def problems(self) -> list:
        return [("error", p) for p in self.errors] + [("warning", p) for p in self.warnings]


# --- text normalisation -------------------------------------------------------


def is_empty(value) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def cell_text(value) -> str:
    """A cell as stripped text; integral floats lose their ".0" (2.0 -> "2")."""
    if is_empty(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat(sep=" ") if isinstance(value, _dt.datetime) else value.isoformat()
    return str(value).strip()


def normalise_header(value) -> str:
    """Header key: NFKC (full-width -> ASCII), no white space, upper case, no '*' or ':'."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    text = re.sub(r"\s+", "", text).strip("*:：")
    return text.upper()


def normalise_code(value) -> str:
    """Unit or scope code: NFKC, no white space, upper case ('ＺＨ4406… ' -> 'ZH4406…')."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value))).upper()


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_label(index: int, header) -> str:
    text = cell_text(header)
    return f"{column_letter(index)} {text}" if text else column_letter(index)


def _get(row, index):
    return row[index] if index is not None and index < len(row) else None


# --- header vocabularies ------------------------------------------------------


def _keys(*names) -> frozenset:
    return frozenset(normalise_header(n) for n in names)


CODE_HEADERS = _keys(
    "编码",
    "单元编码",
    "单元代码",
    "管控单元编码",
    "环境管控单元编码",
    "生态环境管控单元编码",
    schema.UNIT_CODE,
    *schema.UNIT_FIELD_SYNONYMS[schema.UNIT_CODE],
)
NAME_HEADERS = _keys(
    "名称",
    "单元名称",
    "管控单元名称",
    "环境管控单元名称",
    "生态环境管控单元名称",
    schema.UNIT_NAME,
    *schema.UNIT_FIELD_SYNONYMS[schema.UNIT_NAME],
)
CLASS_HEADERS = _keys(
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
    schema.UNIT_CLASS,
    *schema.UNIT_FIELD_SYNONYMS[schema.UNIT_CLASS],
)
# Columns of published wide tables that are not requirements: read past, with a warning.
IGNORED_HEADERS = _keys(
    "序号",
    "省",
    "省份",
    "市",
    "地市",
    "所属地市",
    "县",
    "区县",
    "县区",
    "县（区）",
    "所属区县",
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


def parse_class(value, allow_all: bool = False) -> int | None:
    """1/2/3 (or 2.0, '2', '重点管控', '重点管控单元', '重点管控区'); None when empty.

    Raises ValueError for anything else. ``allow_all`` admits 0 / 全部 (class filter).
    """
    text = normalise_header(value)
    if not text:
        return None
    number = None
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
    allowed = {schema.PRIORITY, schema.KEY, schema.GENERAL}
    if allow_all:
        allowed.add(schema.CLASS_FILTER_ALL)
    if number not in allowed:
        raise ValueError(text)
    return number


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


def parse_date(value) -> _dt.date | None:
    """'2024-03-01', '2024/3/1', '2024.3.1', '2024年3月1日', a datetime; None when empty."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not text:
        return None
    m = re.match(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$", text)
    if m is None:
        raise ValueError(text)
    return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def parse_datetime(value) -> _dt.datetime | None:
    if isinstance(value, _dt.datetime):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not text:
        return None
    m = re.match(
        r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$", text
    )
    if m is None:
        raise ValueError(text)
    parts = [int(p) if p else 0 for p in m.groups()]
    return _dt.datetime(*parts)


def parse_order(value) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    number = float(unicodedata.normalize("NFKC", text))
    if not number.is_integer():
        raise ValueError(text)
    return int(number)


# --- item splitting -------------------------------------------------------------

_CN_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")}
_CIRCLED = (
    [chr(c) for c in range(0x2460, 0x2474)]  # ①..⑳
    + [chr(c) for c in range(0x3251, 0x3260)]  # ㉑..㉟
    + [chr(c) for c in range(0x32B1, 0x32C0)]  # ㊱..㊿
)
_CIRCLED_NUMBER = {c: n for n, c in enumerate(_CIRCLED, start=1)}


def _cn_number(text: str) -> int:
    """一..九十九."""
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[text]


_SPACE = r"[ \t\u3000]*"
_MARKERS = (
    ("paren", r"[(（][ \t]*(?P<paren_n>\d{1,3})[ \t]*[)）]"),
    ("cn_paren", r"[(（][ \t]*(?P<cn_paren_n>[一二三四五六七八九十]{1,3})[ \t]*[)）]"),
    ("dot", r"(?P<dot_n>\d{1,3})[ \t]*[.．](?!\d)"),
    ("comma", r"(?P<comma_n>\d{1,3})[ \t]*、"),
    ("rparen", r"(?P<rparen_n>\d{1,3})[ \t]*[)）]"),
    ("cn_comma", r"(?P<cn_comma_n>[一二三四五六七八九十]{1,3})[ \t]*[、．.]"),
    ("circled", "(?P<circled_n>[" + "".join(_CIRCLED) + "])"),
)
_MARKER_RE = re.compile(
    r"(?:(?P<start>^|(?<=\n))|(?P<mid>(?<=[。；;！!])))"
    + _SPACE
    + "(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _MARKERS)
    + ")"
)
_CIRCLED_RE = re.compile("[" + "".join(_CIRCLED) + "]")


@dataclass(frozen=True)
class Item:
    number: int | None  # the written number, None for unnumbered text
    text: str


def _marker_number(match) -> tuple[str, int]:
    """(style, number) of a marker match."""
    for name, _ in _MARKERS:
        if match.group(name) is not None:
            digits = match.group(f"{name}_n")
            if name == "circled":
                return name, _CIRCLED_NUMBER[digits]
            if name.startswith("cn_"):
                return name, _cn_number(digits)
            return name, int(digits)
    raise AssertionError("no marker group")  # pragma: no cover


def split_items(text) -> list[Item]:
    """A dimension cell's numbered items (see the module doc for the rules)."""
    text = cell_text(text).replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        return []
    candidates = []
    for match in _MARKER_RE.finditer(text):
        style, number = _marker_number(match)
        candidates.append(
            (match.start(), match.end(), style, number, match.group("start") is not None)
        )
    # circled numbers are unambiguous: they also start an item anywhere in a line
    taken = {c[1] - 1 for c in candidates if c[2] == "circled"}
    for match in _CIRCLED_RE.finditer(text):
        if match.start() not in taken:
            number = _CIRCLED_NUMBER[match.group()]
            candidates.append((match.start(), match.end(), "circled", number, False))
    candidates.sort()
    line_starts = [c for c in candidates if c[4]]
    if not line_starts:
        return [Item(None, text)]
    style = line_starts[0][2]
    accepted = []
    for candidate in candidates:
        if candidate[2] != style:
            continue
        if candidate[4] or (accepted and candidate[3] == accepted[-1][3] + 1):
            accepted.append(candidate)
    items = []
    preamble = text[: accepted[0][0]].strip()
    if preamble:
        items.append(Item(None, preamble))
    for n, (_, end, _, number, _) in enumerate(accepted):
        stop = accepted[n + 1][0] if n + 1 < len(accepted) else len(text)
        items.append(Item(number, text[end:stop].strip()))
    return items


def join_items(texts) -> str | None:
    """Items numbered '1. ', '2. ' … one per line; None when there are none."""
    texts = list(texts)
    if not texts:
        return None
    return "\n".join(f"{n}. {t}" for n, t in enumerate(texts, start=1))


def requirement_id(unit_code: str, dimension: str, order: int) -> str:
    return f"{unit_code}-{DIMENSION_INDEX[dimension]}-{order:02d}"


# --- detection ------------------------------------------------------------------


def _find_header(rows) -> tuple[int | None, str | None]:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [normalise_header(c) for c in row]
        fields = {LONG_HEADERS.get(k) for k in keys}
        if schema.REQ_DIMENSION in fields and schema.REQ_TEXT in fields:
            return index, LONG
        if any(k in CODE_HEADERS for k in keys):
            return index, WIDE
    return None, None


def detect_format(rows) -> str | None:
    """ "wide", "long" or None, from the header row (searched among the first rows)."""
    return _find_header(rows or [])[1]


# --- wide import ---------------------------------------------------------------


def _wide_headers(rows, index) -> tuple[list, int]:
    """The header cells and the index of the last header row (two-row headers merged)."""
    headers = list(rows[index])
    if index + 1 < len(rows):
        below = rows[index + 1]
        code_col = next(i for i, c in enumerate(headers) if normalise_header(c) in CODE_HEADERS)
        has_dims = any(dimension_of(c) for c in headers)
        below_dims = any(dimension_of(c) for c in below)
        if not has_dims and below_dims and is_empty(_get(below, code_col)):
            width = max(len(headers), len(below))
            merged = []
            for i in range(width):
                lower = _get(below, i)
                merged.append(_get(headers, i) if is_empty(lower) else lower)
            return merged, index + 1
    return headers, index


@dataclass
class _Unit:
    code: str
    row: int
    items: dict = field(default_factory=dict)  # dimension -> [(Item, excel row, column)]


def parse_wide(
    rows: list[list], known_units: dict[str, dict] | None = None, sheet: str = ""
) -> tuple[pd.DataFrame, ImportReport]:
    """Requirements from a wide sheet (one row per unit, one column per dimension)."""
    report = ImportReport()
    rows = [list(r) if r is not None else [] for r in (rows or [])]
    header_index, kind = _find_header(rows)
    if header_index is None or kind != WIDE:
        report.error(
            sheet,
            1,
            "",
            "找不到单元编码列（单元编码/环境管控单元编码/HJZHGKDYBM）",
            "no unit code column found (单元编码/环境管控单元编码/HJZHGKDYBM)",
        )
        return _frame([]), report
    headers, last_header = _wide_headers(rows, header_index)
    header_row = last_header + 1
    code_col = name_col = class_col = None
    dims: dict[int, str] = {}
    seen_dims: dict[str, int] = {}
    for i, header in enumerate(headers):
        key = normalise_header(header)
        label = _column_label(i, header)
        if not key:
            continue
        dimension = dimension_of(header)
        role = None
        if key in CODE_HEADERS:
            role = "code"
        elif key in NAME_HEADERS:
            role = "name"
        elif key in CLASS_HEADERS:
            role = "class"
        if role is not None:
            current = {"code": code_col, "name": name_col, "class": class_col}[role]
            if current is not None:
                report.error(
                    sheet,
                    header_row,
                    label,
                    f"重复的列：{cell_text(header)}",
                    f"duplicate column: {cell_text(header)}",
                )
                continue
            if role == "code":
                code_col = i
            elif role == "name":
                name_col = i
            else:
                class_col = i
        elif dimension is not None:
            if dimension in seen_dims:
                report.error(
                    sheet,
                    header_row,
                    label,
                    f"管控维度“{dimension}”出现了两列",
                    f"dimension {dimension} appears in two columns",
                )
                continue
            seen_dims[dimension] = i
            dims[i] = dimension
        elif key in IGNORED_HEADERS:
            report.warning(
                sheet,
                header_row,
                label,
                f"列“{cell_text(header)}”不是准入要求，未导入",
                f"column {cell_text(header)} holds no requirements and was not imported",
            )
        else:
            report.error(
                sheet,
                header_row,
                label,
                f"未知的管控维度列“{cell_text(header)}”，应为{'、'.join(schema.DIMENSIONS_ZH)}之一",
                f"unknown dimension column {cell_text(header)}; expected one of "
                f"{', '.join(schema.DIMENSIONS_ZH)} (or 资源开发效率要求)",
            )
    for dimension in schema.DIMENSIONS_ZH:
        if dimension not in seen_dims:
            report.warning(
                sheet,
                header_row,
                "",
                f"没有“{dimension}”列",
                f"no column for dimension {dimension}",
            )
    units: dict[str, _Unit] = {}
    current: _Unit | None = None
    current_name = ""
    for index in range(last_header + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        code = normalise_code(_get(row, code_col))
        name = cell_text(_get(row, name_col))
        class_value = _get(row, class_col)
        filled = {i: _get(row, i) for i in dims if not is_empty(_get(row, i))}
        if not code:
            if not filled and not name and is_empty(class_value):
                continue  # blank row
            if filled and current is not None and name in ("", current_name):
                report.warning(
                    sheet,
                    excel_row,
                    _column_label(code_col, headers[code_col]),
                    f"编码为空，按合并单元格视为上一单元 {current.code} 的续行",
                    f"empty code cell read as a continuation of unit {current.code} (merged cells)",
                )
                _add_items(current, filled, dims, headers, excel_row, sheet, report)
                continue
            report.error(
                sheet,
                excel_row,
                _column_label(code_col, headers[code_col]),
                "单元编码为空",
                "empty unit code",
            )
            current = None
            continue
        if code in units:
            report.error(
                sheet,
                excel_row,
                _column_label(code_col, headers[code_col]),
                f"单元 {code} 重复（第 {units[code].row} 行已有）",
                f"duplicate unit {code} (already in row {units[code].row})",
            )
            current = None
            continue
        label = _column_label(code_col, headers[code_col])
        if known_units is not None and code not in known_units:
            report.error(
                sheet, excel_row, label, f"未知单元编码 {code}", f"unknown unit code {code}"
            )
        elif known_units is None and schema.DEFAULT_CODE_RULE.problem(code):
            problem = schema.DEFAULT_CODE_RULE.problem(code)
            report.warning(
                sheet,
                excel_row,
                label,
                f"单元编码 {code} 不符合编码规则",
                f"unit code {code} breaks the code rule: {problem}",
            )
        unit_class = None
        if class_col is not None:
            class_label = _column_label(class_col, headers[class_col])
            try:
                unit_class = parse_class(class_value)
            except ValueError:
                report.error(
                    sheet,
                    excel_row,
                    class_label,
                    f"分类值“{cell_text(class_value)}”无效，应为优先保护/重点管控/一般管控或1/2/3",
                    f"wrong class value {cell_text(class_value)!r}; expected 优先保护/重点管控/"
                    "一般管控 or 1/2/3",
                )
            else:
                if unit_class is None:
                    report.warning(sheet, excel_row, class_label, "分类为空", "empty class cell")
        _check_known(
            code,
            name,
            unit_class,
            known_units,
            sheet,
            excel_row,
            headers,
            name_col,
            class_col,
            report,
        )
        current = _Unit(code, excel_row)
        current_name = name
        units[code] = current
        _add_items(current, filled, dims, headers, excel_row, sheet, report)
    records = []
    for unit in units.values():
        for col, dimension in dims.items():
            entries = unit.items.get(dimension, [])
            if not entries:
                report.warning(
                    sheet,
                    unit.row,
                    _column_label(col, headers[col]),
                    f"单元 {unit.code} 没有{dimension}要求",
                    f"unit {unit.code} has nothing in {dimension}",
                )
                continue
            numbers = [item.number for item, _, _ in entries]
            if numbers != list(range(1, len(numbers) + 1)) and numbers != [None]:
                report.warning(
                    sheet,
                    entries[0][1],
                    entries[0][2],
                    f"单元 {unit.code} 的{dimension}编号不连续（{_numbers_text(numbers)}），"
                    "按出现顺序排序",
                    f"numbering of {dimension} for unit {unit.code} does not run 1, 2, 3 "
                    f"({_numbers_text(numbers)}); items are ordered as they appear",
                )
            for order, (item, _, _) in enumerate(entries, start=1):
                records.append(_unit_requirement(unit.code, dimension, order, item.text))
    return _frame(records), report


def _numbers_text(numbers) -> str:
    return ", ".join("-" if n is None else str(n) for n in numbers)


def _add_items(unit, filled, dims, headers, excel_row, sheet, report) -> None:
    for col, value in filled.items():
        dimension = dims[col]
        label = _column_label(col, headers[col])
        items = split_items(value)
        for item in items:
            if not item.text:
                report.warning(
                    sheet,
                    excel_row,
                    label,
                    f"第 {item.number} 条为空，已跳过",
                    f"item {item.number} is empty and was skipped",
                )
                continue
            unit.items.setdefault(dimension, []).append((item, excel_row, label))
        if len(items) > 1 and items[0].number is None:
            report.warning(
                sheet,
                excel_row,
                label,
                "第一个编号前的文字作为单独一条导入",
                "text before the first numbered item was imported as an item of its own",
            )


def _check_known(
    code, name, unit_class, known_units, sheet, row, headers, name_col, class_col, report
) -> None:
    known = (known_units or {}).get(code)
    if known is None:
        parsed = schema.DEFAULT_CODE_RULE.parse(code)
        if parsed and unit_class is not None and parsed[1] != unit_class:
            report.warning(
                sheet,
                row,
                _column_label(class_col, headers[class_col]),
                f"分类 {unit_class} 与编码 {code} 中的分类位 {parsed[1]} 不一致",
                f"class {unit_class} differs from the class digit {parsed[1]} of code {code}",
            )
        return
    known_name = cell_text(known.get("name"))
    if name_col is not None and known_name and name != known_name:
        report.warning(
            sheet,
            row,
            _column_label(name_col, headers[name_col]),
            f"单元 {code} 的名称“{name}”与单元图层“{known_name}”不一致",
            f"name of unit {code} ({name}) differs from the unit layer ({known_name})",
        )
    try:
        known_class = parse_class(known.get("class"))
    except ValueError:
        known_class = None
    if class_col is not None and unit_class is not None and known_class is not None:
        if unit_class != known_class:
            report.warning(
                sheet,
                row,
                _column_label(class_col, headers[class_col]),
                f"单元 {code} 的分类 {unit_class} 与单元图层 {known_class} 不一致",
                f"class of unit {code} ({unit_class}) differs from the unit layer ({known_class})",
            )


def _unit_requirement(code, dimension, order, text) -> dict:
    return {
        schema.REQ_ID: requirement_id(code, dimension, order),
        schema.REQ_SCOPE_LEVEL: LEVEL_UNIT,
        schema.REQ_SCOPE_CODE: code,
        schema.REQ_CLASS_FILTER: schema.CLASS_FILTER_ALL,
        schema.REQ_DIMENSION: dimension,
        schema.REQ_TEXT: text,
        schema.REQ_KIND: infer_kind(text),
        schema.REQ_INDUSTRIES: None,
        schema.REQ_BASIS: None,
        schema.REQ_SOURCE: None,
        schema.REQ_EFFECTIVE: None,
        schema.REQ_STATUS: STATUS_VALID,
        schema.REQ_ORDER: order,
        schema.REQ_CHANGED: None,
    }


def _frame(records) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=COLUMNS)
    return frame.astype(object).where(frame.notna(), None)


# --- long import ----------------------------------------------------------------


def parse_long(
    rows: list[list], known_units: dict[str, dict] | None = None, sheet: str = ""
) -> tuple[pd.DataFrame, ImportReport]:
    """Requirements from a long sheet (one row per requirement, all fields)."""
    report = ImportReport()
    rows = [list(r) if r is not None else [] for r in (rows or [])]
    header_index, kind = _find_header(rows)
    if header_index is None or kind != LONG:
        report.error(
            sheet,
            1,
            "",
            "找不到管控维度和管控要求列",
            "no 管控维度 (dimension) and 管控要求 (requirement) columns found",
        )
        return _frame([]), report
    headers = rows[header_index]
    header_row = header_index + 1
    columns: dict[str, int] = {}
    for i, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        name = LONG_HEADERS.get(key)
        label = _column_label(i, header)
        if name is None:
            report.warning(
                sheet,
                header_row,
                label,
                f"未知列“{cell_text(header)}”，未导入",
                f"unknown column {cell_text(header)} was not imported",
            )
        elif name in columns:
            report.error(
                sheet,
                header_row,
                label,
                f"重复的列：{cell_text(header)}",
                f"duplicate column: {cell_text(header)}",
            )
        else:
            columns[name] = i
    missing = [n for n in LONG_REQUIRED if n not in columns]
    for name in missing:
        alias = schema.spec(schema.ACCESS_LIST_FIELDS, name).alias_zh
        report.error(
            sheet, header_row, "", f"缺少“{alias}”列", f"column {alias} ({name}) is missing"
        )
    if missing:
        return _frame([]), report

    def label(name):
        return _column_label(columns[name], headers[columns[name]])

    records = []
    ids: dict[str, int] = {}
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        values = {name: _get(row, col) for name, col in columns.items()}
        if all(is_empty(v) for v in values.values()):
            continue
        record, bad = {}, False

        def fail(name, zh, en, _row=excel_row):
            nonlocal bad
            bad = True
            report.error(sheet, _row, label(name), zh, en)

        rid = cell_text(values[schema.REQ_ID])
        if not rid:
            fail(schema.REQ_ID, "条款编号为空", "empty requirement id")
        elif rid in ids:
            fail(
                schema.REQ_ID,
                f"条款编号 {rid} 重复（第 {ids[rid]} 行已有）",
                f"duplicate requirement id {rid} (already in row {ids[rid]})",
            )
        else:
            ids[rid] = excel_row
        record[schema.REQ_ID] = rid
        level = parse_level(values[schema.REQ_SCOPE_LEVEL])
        if level is None:
            text = cell_text(values[schema.REQ_SCOPE_LEVEL])
            fail(
                schema.REQ_SCOPE_LEVEL,
                f"适用层级“{text}”无效，应为{'/'.join(schema.SCOPE_LEVELS_ZH)}",
                f"wrong scope level {text!r}; expected {'/'.join(schema.SCOPE_LEVELS_ZH)}",
            )
        record[schema.REQ_SCOPE_LEVEL] = level
        code = normalise_code(values[schema.REQ_SCOPE_CODE])
        if not code:
            fail(schema.REQ_SCOPE_CODE, "适用范围代码为空", "empty scope code")
        elif level == LEVEL_UNIT and known_units is not None and code not in known_units:
            fail(schema.REQ_SCOPE_CODE, f"未知单元编码 {code}", f"unknown unit code {code}")
        elif level == LEVEL_UNIT and known_units is None and schema.DEFAULT_CODE_RULE.problem(code):
            report.warning(
                sheet,
                excel_row,
                label(schema.REQ_SCOPE_CODE),
                f"单元编码 {code} 不符合编码规则",
                f"unit code {code} breaks the code rule: {schema.DEFAULT_CODE_RULE.problem(code)}",
            )
        record[schema.REQ_SCOPE_CODE] = code
        dimension = dimension_of(values[schema.REQ_DIMENSION])
        if dimension is None:
            text = cell_text(values[schema.REQ_DIMENSION])
            fail(
                schema.REQ_DIMENSION,
                f"管控维度“{text}”无效，应为{'、'.join(schema.DIMENSIONS_ZH)}之一",
                f"wrong dimension {text!r}; expected one of {', '.join(schema.DIMENSIONS_ZH)}",
            )
        record[schema.REQ_DIMENSION] = dimension
        text = cell_text(values[schema.REQ_TEXT]).replace("\r\n", "\n")
        if not text:
            fail(schema.REQ_TEXT, "管控要求为空", "empty requirement text")
        record[schema.REQ_TEXT] = text
        record[schema.REQ_CLASS_FILTER] = _optional(
            values,
            schema.REQ_CLASS_FILTER,
            lambda v: parse_class(v, allow_all=True),
            fail,
            "适用分类",
            "class filter",
            default=schema.CLASS_FILTER_ALL,
        )
        kind = cell_text(values.get(schema.REQ_KIND))
        if not kind:
            kind = infer_kind(text)
        elif kind not in schema.REQ_KINDS_ZH:
            fail(
                schema.REQ_KIND,
                f"要求类型“{kind}”无效，应为{'/'.join(schema.REQ_KINDS_ZH)}",
                f"wrong kind {kind!r}; expected {'/'.join(schema.REQ_KINDS_ZH)}",
            )
        record[schema.REQ_KIND] = kind
        for name in (schema.REQ_INDUSTRIES, schema.REQ_BASIS, schema.REQ_SOURCE):
            record[name] = cell_text(values.get(name)) or None
        record[schema.REQ_EFFECTIVE] = _optional(
            values, schema.REQ_EFFECTIVE, parse_date, fail, "生效日期", "effective date"
        )
        status = cell_text(values.get(schema.REQ_STATUS)) or STATUS_VALID
        if status not in schema.REQ_STATUSES_ZH:
            fail(
                schema.REQ_STATUS,
                f"状态“{status}”无效，应为有效/废止",
                f"wrong status {status!r}; expected 有效/废止",
            )
        record[schema.REQ_STATUS] = status
        record[schema.REQ_ORDER] = _optional(
            values, schema.REQ_ORDER, parse_order, fail, "排序", "order"
        )
        try:
            record[schema.REQ_CHANGED] = parse_datetime(values.get(schema.REQ_CHANGED))
        except ValueError:
            record[schema.REQ_CHANGED] = None
            report.warning(
                sheet,
                excel_row,
                label(schema.REQ_CHANGED),
                "更新时间无法识别，已忽略",
                "last-change time not understood; ignored",
            )
        if not bad:
            records.append(record)
    return _frame(records), report


def _optional(values, name, parse, fail, zh, en, default=None):
    if name not in values or is_empty(values[name]):
        return default
    try:
        value = parse(values[name])
    except (ValueError, TypeError, KeyError):
        text = cell_text(values[name])
        fail(name, f"{zh}“{text}”无效", f"wrong {en} {text!r}")
        return default
    return default if value is None else value


# --- whole workbooks ------------------------------------------------------------


def parse_workbook(
    sheets: dict[str, list[list]], known_units: dict[str, dict] | None = None, fmt: str = "auto"
) -> tuple[pd.DataFrame, ImportReport]:
    """All sheets of a workbook ({sheet name: rows}); ``fmt`` "auto", "wide" or "long".

    Sheets of neither format (a cover or notes sheet) are skipped with a warning; a
    sheet of the other format than a forced ``fmt`` is an error. Requirement ids
    must be unique across sheets (for wide sheets: a unit may be in one sheet only).
    """
    report = ImportReport()
    frames = []
    owner: dict[str, str] = {}  # requirement id -> sheet
    for sheet, rows in sheets.items():
        found = detect_format(rows)
        if found is None:
            report.warning(
                sheet,
                0,
                "",
                "未识别为准入清单（宽表或长表），已跳过",
                "not recognised as an access list (wide or long); skipped",
            )
            continue
        if fmt in (WIDE, LONG) and found != fmt:
            names = {WIDE: ("宽表", "wide"), LONG: ("长表", "long")}
            report.error(
                sheet,
                0,
                "",
                f"工作表是{names[found][0]}格式，而不是所选的{names[fmt][0]}格式",
                f"the sheet is in {names[found][1]} format, not the chosen {names[fmt][1]} format",
            )
            continue
        parser = parse_wide if found == WIDE else parse_long
        frame, sheet_report = parser(rows, known_units, sheet)
        report.extend(sheet_report)
        reported = set()
        for rid, level, code in zip(
            frame[schema.REQ_ID], frame[schema.REQ_SCOPE_LEVEL], frame[schema.REQ_SCOPE_CODE]
        ):
            if rid not in owner:
                owner[rid] = sheet
                continue
            other = owner[rid]
            if found == WIDE and level == LEVEL_UNIT:
                if (other, code) in reported:
                    continue
                reported.add((other, code))
                report.error(
                    sheet,
                    0,
                    "",
                    f"单元 {code} 在工作表“{other}”中已有",
                    f"unit {code} is also in sheet {other}",
                )
            else:
                report.error(
                    sheet,
                    0,
                    "",
                    f"条款编号 {rid} 在工作表“{other}”中已有",
                    f"requirement id {rid} is also in sheet {other}",
                )
        frames.append(frame)
    if not frames:
        report.error(
            "",
            0,
            "",
            "工作簿中没有可导入的准入清单",
            "the workbook holds no access list to import",
        )
        return _frame([]), report
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return frame, report


# --- export -------------------------------------------------------------------

WIDE_HEADERS = [
    schema.spec(schema.UNIT_FIELDS, schema.UNIT_CODE).alias_zh,
    schema.spec(schema.UNIT_FIELDS, schema.UNIT_NAME).alias_zh,
    schema.spec(schema.UNIT_FIELDS, schema.UNIT_CLASS).alias_zh,
    *schema.DIMENSIONS_ZH,
]


def _unit_rows(requirements: pd.DataFrame) -> pd.DataFrame:
    if requirements is None or requirements.empty:
        return _frame([])
    req = requirements
    level = req[schema.REQ_SCOPE_LEVEL].map(cell_text)
    status = req[schema.REQ_STATUS].map(cell_text) if schema.REQ_STATUS in req else ""
    return req[(level == LEVEL_UNIT) & (status != "废止")]


def _sorted_items(frame: pd.DataFrame) -> pd.DataFrame:
    order = pd.to_numeric(frame[schema.REQ_ORDER], errors="coerce")
    return frame.assign(_order=order, _id=frame[schema.REQ_ID].map(cell_text)).sort_values(
        ["_order", "_id"], kind="stable", na_position="last"
    )


def to_wide_rows(requirements: pd.DataFrame, units: dict[str, dict]) -> list[list]:
    """Wide rows (header first): valid 单元-level requirements, one row per unit.

    Units are every unit in ``units`` (with or without requirements: a template
    to fill in) and every unit with requirements, in code order. Items are
    numbered "1. " … in PX order (then id) and joined with newlines. The class
    column shows 优先保护单元/重点管控单元/一般管控单元 (from ``units``, or the
    class digit of a code that follows the code rule).
    """
    units = units or {}
    rows = [list(WIDE_HEADERS)]
    req = _unit_rows(requirements)
    by_unit: dict[str, dict[str, list[str]]] = {}
    if not req.empty:
        req = req.assign(
            _code=req[schema.REQ_SCOPE_CODE].map(normalise_code),
            _dim=req[schema.REQ_DIMENSION].map(dimension_of),
        )
        for (code, dimension), group in req.groupby(["_code", "_dim"], sort=False):
            texts = [cell_text(t) for t in _sorted_items(group)[schema.REQ_TEXT]]
            by_unit.setdefault(code, {})[dimension] = texts
    for code in sorted(set(units) | set(by_unit)):
        info = units.get(code) or {}
        try:
            unit_class = parse_class(info.get("class"))
        except ValueError:
            unit_class = None
        if unit_class is None:
            parsed = schema.DEFAULT_CODE_RULE.parse(code)
            unit_class = parsed[1] if parsed else None
        cells = by_unit.get(code, {})
        rows.append(
            [
                code,
                cell_text(info.get("name")) or None,
                schema.CLASS_UNIT_SUFFIX_ZH.get(unit_class),
                *(join_items(cells.get(d, [])) for d in schema.DIMENSIONS_ZH),
            ]
        )
    return rows


def texts_split_on_import(requirements: pd.DataFrame) -> list[str]:
    """Ids of unit-level requirements whose text a wide re-import would split or change."""
    found = []
    for _, row in _unit_rows(requirements).iterrows():
        text = cell_text(row[schema.REQ_TEXT])
        items = split_items(join_items([text]) or "")
        if [i.text for i in items] != [text]:
            found.append(cell_text(row[schema.REQ_ID]))
    return found


LONG_HEADERS_OUT = [s.alias_zh for s in schema.ACCESS_LIST_FIELDS]


def _export_value(name: str, value):
    if is_empty(value):
        return None
    kind = schema.spec(schema.ACCESS_LIST_FIELDS, name).kind
    if kind == "date":
        if isinstance(value, (_dt.date, pd.Timestamp)):
            return (value.date() if isinstance(value, _dt.datetime) else value).isoformat()
        return cell_text(value)
    if kind == "datetime":
        if isinstance(value, (_dt.datetime, pd.Timestamp)):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return cell_text(value)
    if kind == "int":
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return cell_text(value)
    return value if isinstance(value, str) else cell_text(value)


def to_long_rows(requirements: pd.DataFrame) -> list[list]:
    """Long rows (header first, Chinese aliases): every requirement, every field.

    Rows are sorted by scope level (省级 … 单元), scope code, dimension, order and id.
    """
    rows = [list(LONG_HEADERS_OUT)]
    if requirements is None or requirements.empty:
        return rows
    req = requirements
    level_rank = {level: n for n, level in enumerate(schema.SCOPE_LEVELS_ZH)}
    keyed = req.assign(
        _level=req[schema.REQ_SCOPE_LEVEL].map(lambda v: level_rank.get(cell_text(v), 99)),
        _code=req[schema.REQ_SCOPE_CODE].map(cell_text),
        _dim=req[schema.REQ_DIMENSION].map(lambda v: DIMENSION_INDEX.get(dimension_of(v), 9)),
        _order=pd.to_numeric(req[schema.REQ_ORDER], errors="coerce")
        if schema.REQ_ORDER in req
        else 0,
        _id=req[schema.REQ_ID].map(cell_text),
    ).sort_values(["_level", "_code", "_dim", "_order", "_id"], kind="stable", na_position="last")
    for _, row in keyed.iterrows():
        rows.append([_export_value(name, row[name] if name in row else None) for name in COLUMNS])
    return rows


# --- import report --------------------------------------------------------------


def import_report_html(
    requirements: pd.DataFrame, report: ImportReport, source: str = "", imported: bool = True
) -> str:
    """An HTML page: what the workbook holds (per dimension and level) and every problem."""
    from . import report as html_report

    req = requirements if requirements is not None else _frame([])
    summary = [
        ("工作簿 / workbook", source),
        ("条款数 / requirements", len(req)),
        (
            "单元数 / units",
            int(req.loc[req[schema.REQ_SCOPE_LEVEL] == LEVEL_UNIT, schema.REQ_SCOPE_CODE].nunique())
            if len(req)
            else 0,
        ),
        ("错误 / errors", len(report.errors)),
        ("警告 / warnings", len(report.warnings)),
        (
            "结果 / result",
            "已导入 / imported" if imported and report.ok else "未导入 / nothing was imported",
        ),
    ]
    sections = [("概况 / Summary", html_report.table(["项目 / item", "值 / value"], summary))]
    if len(req):
        counts = (
            req.groupby([schema.REQ_SCOPE_LEVEL, schema.REQ_DIMENSION]).size().unstack(fill_value=0)
        )
        dims = [d for d in schema.DIMENSIONS_ZH if d in counts.columns]
        rows = [[level, *(int(counts.loc[level, d]) for d in dims)] for level in counts.index]
        sections.append(
            ("各维度条款数 / Requirements per dimension", html_report.table(["层级", *dims], rows))
        )
    problems = [
        [
            "错误 / error" if kind == "error" else "警告 / warning",
            p.sheet,
            p.row or "",
            p.column,
            p.message,
        ]
        for kind, p in report.problems
    ]
    if problems:
        sections.append(
            (
                "问题 / Problems",
                html_report.table(
                    ["类型", "工作表 / sheet", "行 / row", "列 / column", "说明"], problems
                ),
            )
        )
    return html_report.page("生态环境准入清单导入报告", sections)
