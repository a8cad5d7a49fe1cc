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

* Item splitting follows the numbering (``plugin/core/access_items.py``):
  ``1.`` ``1．`` ``1、`` ``1)`` ``(1)`` ``（1）`` ``①`` ``一、`` ``（一）``; an item
  may open with digits (``3.2025年…``); decimals inside a sentence stay; an
  ambiguous ``1.35…`` is split and the cell named in a warning. Text before the
  first marker becomes an item of its own (with a warning).
* Header, dimension and class names are the schema's published vocabularies
  (``schema.ACCESS_*_HEADERS_ZH``, ``DIMENSION_SYNONYMS_ZH``); a class label
  holding one class word keeps the rest as 子类 (:func:`parse_class_label`).
* Codes and headers lose invisible characters (:func:`normalise_code`); an
  unknown code is shown with them written out (:func:`visible`). Placeholders
  (``schema.ACCESS_PLACEHOLDERS``) in dimension cells count as empty.
* Merged ranges (from the .xlsx XML or the .docx table) fill class and dimension
  cells down over their units; a merged code cell continues its unit.
* The report counts items read per unit and dimension (:class:`ItemCount`)
  beside the requirements stored (:func:`count_rows`).
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

from . import access_items, schema
from .values import is_empty, parse_date, parse_datetime
from .values import text as cell_text

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


@dataclass(frozen=True)
class ItemCount:
    """How many items one unit's dimension cell(s) held in the source."""

    sheet: str
    unit: str
    subtype: str  # 子类 read from the class cell ('产业集聚'), '' when none
    dimension: str
    read: int  # items found in the source, empty and placeholder items included


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # summary lines (merged cells …), not problems
    counts: list = field(default_factory=list)  # ItemCount per unit and dimension (wide sheets)
    placeholders: list = field(default_factory=list)  # (sheet, cell, text) read as empty

    def note(self, sheet, zh, en) -> None:
        self.notes.append(ImportProblem(sheet, 0, "", f"{zh} / {en}"))

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
        self.notes.extend(other.notes)
        self.counts.extend(other.counts)
        self.placeholders.extend(other.placeholders)

    @property
    def problems(self) -> list:
        return [("error", p) for p in self.errors] + [("warning", p) for p in self.warnings]


# --- text normalisation -------------------------------------------------------


def strip_invisible(text: str) -> str:
    """``text`` without format characters (zero-width spaces and joiners, BOMs, soft hyphens)."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def visible(text) -> str:
    """``text`` with invisible and unusual space characters written as ``\\u200b``."""
    out = []
    for c in str(text):
        category = unicodedata.category(c)
        invisible = category in ("Cf", "Cc", "Co", "Cn") or (category == "Zs" and c != " ")
        out.append(f"\\u{ord(c):04x}" if invisible else c)
    return "".join(out)


def normalise_header(value) -> str:
    """Header key: NFKC (full-width -> ASCII), no white space (NBSP, 全角空格) and no
    invisible characters, upper case, no '*' or ':'."""
    text = unicodedata.normalize("NFKC", strip_invisible(cell_text(value)))
    text = re.sub(r"\s+", "", text).strip("*:：")
    return text.upper()


def normalise_code(value) -> str:
    """Unit or scope code: NFKC, no white space or invisible characters, upper case
    ('ＺＨ4406… ', 'ZH4406…\\u200b' -> 'ZH4406…')."""
    text = unicodedata.normalize("NFKC", strip_invisible(cell_text(value)))
    return re.sub(r"\s+", "", text).upper()


_PLACEHOLDERS = frozenset(unicodedata.normalize("NFKC", p) for p in schema.ACCESS_PLACEHOLDERS)


def is_placeholder(value) -> bool:
    """True for the published ways of writing "nothing": ``/``, ``—``, ``-``, ``无``, ``暂无``…"""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", strip_invisible(cell_text(value))))
    return text in _PLACEHOLDERS


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_label(index: int, header) -> str:
    text = strip_invisible(cell_text(header)).strip()
    return f"{column_letter(index)} {text}" if text else column_letter(index)


def _get(row, index):
    return row[index] if index is not None and index < len(row) else None


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


def parse_order(value) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    number = float(unicodedata.normalize("NFKC", text))
    if not number.is_integer():
        raise ValueError(text)
    return int(number)


# --- item splitting (plugin/core/access_items.py) -----------------------------------

Item = access_items.Item
split_items = access_items.split_items
split_cell = access_items.split_cell
join_items = access_items.join_items


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
    subtype: str = ""
    items: dict = field(default_factory=dict)  # dimension -> [(Item, excel row, column)]
    read: dict = field(default_factory=dict)  # dimension -> items found in the source


@dataclass
class _Columns:
    headers: list
    header_row: int  # 1-based Excel row of the (last) header row
    code: int | None = None
    name: int | None = None
    klass: int | None = None
    dims: dict = field(default_factory=dict)  # column -> dimension

    def label(self, col) -> str:
        return _column_label(col, self.headers[col]) if col is not None else ""


def _wide_columns(headers, header_row, sheet, report) -> _Columns:
    """The role of every header cell; duplicate and unknown columns are errors."""
    cols = _Columns(headers, header_row)
    roles = (("code", CODE_HEADERS), ("name", NAME_HEADERS), ("klass", CLASS_HEADERS))
    for i, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        label, text = _column_label(i, header), cell_text(header)
        role = next((r for r, keys in roles if key in keys), None)
        dimension = dimension_of(header)
        if role is not None and getattr(cols, role) is None:
            setattr(cols, role, i)
        elif role is not None:
            report.error(sheet, header_row, label, f"重复的列：{text}", f"duplicate column: {text}")
        elif dimension is not None and dimension in cols.dims.values():
            report.error(
                sheet,
                header_row,
                label,
                f"管控维度“{dimension}”出现了两列",
                f"dimension {dimension} appears in two columns",
            )
        elif dimension is not None:
            cols.dims[i] = dimension
        elif key in IGNORED_HEADERS:
            report.warning(
                sheet,
                header_row,
                label,
                f"列“{text}”不是准入要求，未导入",
                f"column {text} holds no requirements and was not imported",
            )
        else:
            report.error(
                sheet,
                header_row,
                label,
                f"未知的管控维度列“{text}”，应为{'、'.join(schema.DIMENSIONS_ZH)}之一"
                f"（或{'、'.join(schema.DIMENSION_SYNONYMS_ZH)}）",
                f"unknown dimension column {text}; expected one of "
                f"{', '.join(schema.DIMENSIONS_ZH)} (or {', '.join(schema.DIMENSION_SYNONYMS_ZH)})",
            )
    for dimension in schema.DIMENSIONS_ZH:
        if dimension not in cols.dims.values():
            report.warning(
                sheet,
                header_row,
                "",
                f"没有“{dimension}”列",
                f"no column for dimension {dimension}",
            )
    return cols


def _set(row: list, col: int, value) -> None:
    row.extend([None] * (col + 1 - len(row)))
    row[col] = value


def _apply_merges(rows, merges, first, cols, sheet, report) -> set:
    """Fill class and dimension cells merged down over several units; the rows a merged
    code cell continues (one unit over several rows). One summary note."""
    continued: set = set()
    filled = {"class": 0, "dimension": 0}
    for r0, c0, r1, c1 in merges:
        if r1 <= r0 or r0 < first:
            continue  # one-row (horizontal) merges and header merges: read as they are
        if cols.code is not None and c0 <= cols.code <= c1:
            continued.update(range(r0 + 1, min(r1, len(rows) - 1) + 1))
            continue
        if c0 != cols.klass and c0 not in cols.dims:
            continue
        value = _get(rows[r0], c0) if r0 < len(rows) else None
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            if normalise_code(_get(rows[r], cols.code)) and is_empty(_get(rows[r], c0)):
                _set(rows[r], c0, value)
                filled["class" if c0 == cols.klass else "dimension"] += 1
    zh, en = [], []
    if any(filled.values()):
        zh.append(f"分类 {filled['class']} 格、管控维度 {filled['dimension']} 格按合并范围向下填充")
        en.append(
            f"{filled['class']} class and {filled['dimension']} dimension cells filled down "
            "over their range"
        )
    if continued:
        zh.append(f"编码合并的 {len(continued)} 行作为上一单元的续行")
        en.append(f"{len(continued)} rows under a merged code cell read as continuing their unit")
    if zh:
        report.note(sheet, "合并单元格：" + "；".join(zh), "merged cells: " + "; ".join(en))
    return continued


def parse_wide(
    rows: list[list],
    known_units: dict[str, dict] | None = None,
    sheet: str = "",
    merges: list | None = None,
) -> tuple[pd.DataFrame, ImportReport]:
    """Requirements from a wide sheet (one row per unit, one column per dimension).

    ``merges``: the sheet's merged ranges as 0-based inclusive (first row, first
    column, last row, last column), as :func:`plugin.adapters.excel.read_merges` gives.
    """
    report = ImportReport()
    rows = [list(r) if r is not None else [] for r in (rows or [])]
    header_index, kind = _find_header(rows)
    if header_index is None or kind != WIDE:
        report.error(sheet, 1, "", *_missing_columns_message(rows))
        return _frame([]), report
    headers, last_header = _wide_headers(rows, header_index)
    cols = _wide_columns(headers, last_header + 1, sheet, report)
    continued = _apply_merges(rows, merges or [], last_header + 1, cols, sheet, report)
    units = _read_units(rows, last_header + 1, cols, known_units, continued, sheet, report)
    if report.placeholders:
        cells = "、".join(f"{cell}“{text}”" for s, cell, text in report.placeholders)
        report.note(
            sheet,
            f"占位符按空单元格处理：{cells}",
            f"placeholders read as empty cells: {cells}",
        )
    return _frame(_wide_records(units, cols, sheet, report)), report


def _seen_headers(rows) -> list[str]:
    """The fullest of the first rows (where the headers would be), as text."""
    candidates = [r for r in rows[:HEADER_SEARCH_ROWS] if r]
    best = max(candidates, key=lambda r: sum(not is_empty(c) for c in r), default=[])
    return [visible(cell_text(c)) for c in best if not is_empty(c)]


def _missing_columns_message(rows) -> tuple[str, str]:
    """Which required column was not found, and the headers seen."""
    seen = "、".join(_seen_headers(rows)) or "（无）"
    codes = "/".join(schema.ACCESS_CODE_HEADERS_ZH[1:5])
    return (
        f"找不到单元编码列（{codes}…）或“管控维度”+“管控要求”列；看到的列：{seen}",
        f"no unit code column ({codes}…) and no 管控维度 + 管控要求 columns found; "
        f"headers seen: {seen}",
    )


def _read_units(rows, first, cols, known_units, continued, sheet, report) -> dict:
    units: dict[str, _Unit] = {}
    current: _Unit | None = None
    current_name = ""
    for index in range(first, len(rows)):
        row, excel_row = rows[index], index + 1
        code = normalise_code(_get(row, cols.code))
        name = cell_text(_get(row, cols.name))
        filled = _dimension_cells(row, cols, excel_row, sheet, report)
        if not code:
            if not filled and not name and is_empty(_get(row, cols.klass)):
                continue  # blank row
            if filled and current is not None and name in ("", current_name):
                if index not in continued:
                    report.warning(
                        sheet,
                        excel_row,
                        cols.label(cols.code),
                        f"编码为空，按合并单元格视为上一单元 {current.code} 的续行",
                        f"empty code cell read as a continuation of unit {current.code} "
                        "(merged cells)",
                    )
                _add_items(current, filled, cols, excel_row, sheet, report)
                continue
            report.error(sheet, excel_row, cols.label(cols.code), "单元编码为空", "empty unit code")
            current = None
            continue
        if code in units:
            report.error(
                sheet,
                excel_row,
                cols.label(cols.code),
                f"单元 {code} 重复（第 {units[code].row} 行已有）",
                f"duplicate unit {code} (already in row {units[code].row})",
            )
            current = None
            continue
        current = _start_unit(row, excel_row, code, name, cols, known_units, sheet, report)
        current_name = name
        units[code] = current
        _add_items(current, filled, cols, excel_row, sheet, report)
    return units


def _dimension_cells(row, cols, excel_row, sheet, report) -> dict:
    """{column: value} of the row's non-empty dimension cells; placeholders are listed."""
    filled = {}
    for i in cols.dims:
        value = _get(row, i)
        if is_empty(value):
            continue
        if is_placeholder(value):
            report.placeholders.append((sheet, f"{column_letter(i)}{excel_row}", cell_text(value)))
            continue
        filled[i] = value
    return filled


def _start_unit(row, excel_row, code, name, cols, known_units, sheet, report) -> _Unit:
    label = cols.label(cols.code)
    if known_units is not None and code not in known_units:
        report.error(sheet, excel_row, label, *_unknown_code(code, _get(row, cols.code)))
    elif known_units is None and schema.DEFAULT_CODE_RULE.problem(code):
        problem = schema.DEFAULT_CODE_RULE.problem(code)
        report.warning(
            sheet,
            excel_row,
            label,
            f"单元编码 {visible(code)} 不符合编码规则",
            f"unit code {visible(code)} breaks the code rule: {problem}",
        )
    unit_class, subtype = None, ""
    if cols.klass is not None:
        class_value = _get(row, cols.klass)
        class_label = cols.label(cols.klass)
        try:
            unit_class, subtype = parse_class_label(class_value)
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
    _check_known(code, name, unit_class, known_units, sheet, excel_row, cols, report)
    return _Unit(code, excel_row, subtype)


def _unknown_code(code, raw) -> tuple[str, str]:
    """'unknown unit code' with the cell's invisible characters made visible."""
    raw_text = cell_text(raw) if raw is not None else code
    shown = visible(raw_text)
    if shown == raw_text:
        return f"未知单元编码 {visible(code)}", f"unknown unit code {visible(code)}"
    return (
        f"未知单元编码 {visible(code)}（单元格原文“{shown}”）",
        f"unknown unit code {visible(code)} (cell text “{shown}”)",
    )


def _wide_records(units, cols, sheet, report) -> list[dict]:
    records = []
    for unit in units.values():
        for col, dimension in cols.dims.items():
            report.counts.append(
                ItemCount(sheet, unit.code, unit.subtype, dimension, unit.read.get(dimension, 0))
            )
            entries = unit.items.get(dimension, [])
            if not entries:
                report.warning(
                    sheet,
                    unit.row,
                    cols.label(col),
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
    return records


def _numbers_text(numbers) -> str:
    return ", ".join("-" if n is None else str(n) for n in numbers)


def _add_items(unit, filled, cols, excel_row, sheet, report) -> None:
    for col, value in filled.items():
        dimension = cols.dims[col]
        label = cols.label(col)
        cell = f"{column_letter(col)}{excel_row}"
        items, ambiguous = split_cell(value, len(unit.items.get(dimension, [])) + 1)
        unit.read[dimension] = unit.read.get(dimension, 0) + len(items)
        if ambiguous:
            report.warning(
                sheet,
                excel_row,
                label,
                f"单元格 {cell} 的编号不明确（“N.”后紧跟数字，可能是小数），已按编号拆分，请核对",
                f"ambiguous numbering in cell {cell} ('N.' followed by a digit could be a "
                "decimal); split at the number, please check",
            )
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


def _check_known(code, name, unit_class, known_units, sheet, row, cols, report) -> None:
    known = (known_units or {}).get(code)
    if known is None:
        parsed = schema.DEFAULT_CODE_RULE.parse(code)
        if parsed and unit_class is not None and parsed[1] != unit_class:
            report.warning(
                sheet,
                row,
                cols.label(cols.klass),
                f"分类 {unit_class} 与编码 {code} 中的分类位 {parsed[1]} 不一致",
                f"class {unit_class} differs from the class digit {parsed[1]} of code {code}",
            )
        return
    known_name = cell_text(known.get("name"))
    if cols.name is not None and known_name and name != known_name:
        report.warning(
            sheet,
            row,
            cols.label(cols.name),
            f"单元 {code} 的名称“{name}”与单元图层“{known_name}”不一致",
            f"name of unit {code} ({name}) differs from the unit layer ({known_name})",
        )
    try:
        known_class = parse_class(known.get("class"))
    except ValueError:
        known_class = None
    if cols.klass is not None and unit_class is not None and known_class is not None:
        if unit_class != known_class:
            report.warning(
                sheet,
                row,
                cols.label(cols.klass),
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
            fail(schema.REQ_SCOPE_CODE, *_unknown_code(code, values[schema.REQ_SCOPE_CODE]))
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


def _width(rows) -> int:
    return max((len(r) for r in rows), default=0)


def join_continued_tables(sheets: dict, merges: dict | None, report: ImportReport):
    """Word tables without a header right after a wide table, no wider than it, are read as
    its continuation (a list broken into several tables): (sheets, merges), one note each."""
    merges = merges or {}
    out, out_merges, last = {}, {}, None
    for name, rows in sheets.items():
        found = detect_format(rows or [])
        width = _width(rows or [])
        if last is not None and found is None and 3 <= width <= _width(out[last]):
            offset = len(out[last])
            out[last] = out[last] + list(rows)
            out_merges[last] += [
                (r0 + offset, c0, r1 + offset, c1) for r0, c0, r1, c1 in merges.get(name, [])
            ]
            report.note(
                last,
                f"{name} 没有表头，作为 {last} 的续表读取（行号接续 {last}，{name} 第 1 行为第 "
                f"{offset + 1} 行）",
                f"{name} has no header and was read as the continuation of {last} (row numbers "
                f"continue {last}: row 1 of {name} is row {offset + 1})",
            )
            continue
        out[name], out_merges[name] = list(rows or []), list(merges.get(name, []))
        last = name if found == WIDE else None
    return out, out_merges


def _check_owners(frame, sheet, found, owner: dict, report: ImportReport) -> None:
    """Requirement ids (for wide sheets: units) must be in one sheet only."""
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


def parse_workbook(
    sheets: dict[str, list[list]],
    known_units: dict[str, dict] | None = None,
    fmt: str = "auto",
    merges: dict[str, list] | None = None,
    continued_tables: bool = False,
) -> tuple[pd.DataFrame, ImportReport]:
    """All sheets of a workbook ({sheet name: rows}); ``fmt`` "auto", "wide" or "long".

    ``merges``: {sheet name: merged ranges} (see :func:`parse_wide`). Word tables
    come in the same shape (one "sheet" per table). Sheets of neither format (a
    cover or notes sheet) are skipped with a warning saying which column was not
    found and which headers were seen; a sheet of the other format than a forced
    ``fmt`` is an error. Requirement ids must be unique across sheets (for wide
    sheets: a unit may be in one sheet only). ``continued_tables`` (Word documents): see
    :func:`join_continued_tables`.
    """
    report = ImportReport()
    if continued_tables:
        sheets, merges = join_continued_tables(sheets, merges, report)
    frames = []
    owner: dict[str, str] = {}  # requirement id -> sheet
    for sheet, rows in sheets.items():
        found = detect_format(rows)
        if found is None:
            zh, en = _missing_columns_message(rows or [])
            report.warning(
                sheet,
                0,
                "",
                f"未识别为准入清单（宽表或长表），已跳过：{zh}",
                f"not recognised as an access list (wide or long); skipped: {en}",
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
        if found == WIDE:
            frame, sheet_report = parse_wide(rows, known_units, sheet, (merges or {}).get(sheet))
        else:
            frame, sheet_report = parse_long(rows, known_units, sheet)
        report.extend(sheet_report)
        _check_owners(frame, sheet, found, owner, report)
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
        ("原文条款数 / items read", sum(c.read for c in report.counts)),
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
    if report.counts:
        sections.append(
            (
                "各单元条款数：原文 / 已存 / Requirements per unit: read / stored",
                html_report.table(*_count_table(req, report, imported)),
            )
        )
    if report.notes:
        notes = [[n.sheet, n.message] for n in report.notes]
        sections.append(("说明 / Notes", html_report.table(["工作表 / sheet", "说明"], notes)))
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


def stored_counts(requirements: pd.DataFrame) -> dict[tuple[str, str], int]:
    """{(unit code, dimension): number of unit-level requirements}."""
    if requirements is None or requirements.empty:
        return {}
    unit = requirements[requirements[schema.REQ_SCOPE_LEVEL] == LEVEL_UNIT]
    sizes = unit.groupby([schema.REQ_SCOPE_CODE, schema.REQ_DIMENSION]).size()
    return {key: int(n) for key, n in sizes.items()}


def count_rows(requirements, report: ImportReport, imported: bool = True) -> list[list]:
    """[sheet, unit, 子类, (read, stored) per dimension …] for every unit read from a wide sheet,
    in source order; stored is 0 when nothing was imported."""
    stored = stored_counts(requirements) if imported and report.ok else {}
    rows: dict[tuple[str, str], list] = {}
    for count in report.counts:
        row = rows.setdefault((count.sheet, count.unit), [count.sheet, count.unit, count.subtype])
        row.append((count.dimension, count.read, stored.get((count.unit, count.dimension), 0)))
    out = []
    for row in rows.values():
        by_dimension = {d: (r, s) for d, r, s in row[3:]}
        out.append([*row[:3], *(by_dimension.get(d) for d in schema.DIMENSIONS_ZH)])
    return out


def _count_table(requirements, report, imported) -> tuple[list, list]:
    headers = ["工作表 / sheet", "单元 / unit", "子类", *schema.DIMENSIONS_ZH, "合计 / total"]
    rows = []
    for sheet, unit, subtype, *pairs in count_rows(requirements, report, imported):
        present = [p for p in pairs if p is not None]
        total = (sum(p[0] for p in present), sum(p[1] for p in present))
        cells = [
            "" if p is None else f"{p[0]} / {p[1]}" + ("" if p[0] == p[1] else " ≠")
            for p in (*pairs, total)
        ]
        rows.append([sheet, unit, subtype, *cells])
    return headers, rows
