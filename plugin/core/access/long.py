"""Long sheets: one row per requirement, every field of ``schema.ACCESS_LIST_FIELDS``.

Headers are the field names, their Chinese or English aliases, or a few common synonyms
(``vocabulary.LONG_SYNONYMS``). A row with any error is left out (and the report then says
"import nothing").
"""

from __future__ import annotations

import pandas as pd

from .. import schema
from .cells import (
    cell_text,
    column_label,
    get,
    is_empty,
    normalise_code,
    normalise_header,
    parse_date,
    parse_datetime,
    parse_order,
)
from .layout import LONG, find_header, sheet_rows
from .problems import ImportReport, unknown_code
from .records import requirements_frame
from .vocabulary import (
    LEVEL_UNIT,
    LONG_HEADERS,
    LONG_REQUIRED,
    STATUS_VALID,
    dimension_of,
    infer_kind,
    parse_class,
    parse_level,
)


def parse_long(
    rows: list[list], known_units: dict[str, dict] | None = None, sheet: str = ""
) -> tuple[pd.DataFrame, ImportReport]:
    """Requirements from a long sheet (one row per requirement, all fields)."""
    report = ImportReport()
    rows = sheet_rows(rows)
    header_index, kind = find_header(rows)
    if header_index is None or kind != LONG:
        report.error(
            sheet,
            1,
            "",
            "找不到管控维度和管控要求列",
            "no 管控维度 (dimension) and 管控要求 (requirement) columns found",
        )
        return requirements_frame([]), report
    headers = rows[header_index]
    columns = _long_columns(headers, header_index + 1, sheet, report)
    if not _has_required(columns, header_index + 1, sheet, report):
        return requirements_frame([]), report
    records = []
    ids: dict[str, int] = {}  # requirement id -> Excel row
    for index in range(header_index + 1, len(rows)):
        values = {name: get(rows[index], col) for name, col in columns.items()}
        if all(is_empty(v) for v in values.values()):
            continue
        row = _Row(sheet, index + 1, report, columns, headers)
        record = _read_record(row, values, ids, known_units)
        if not row.bad:
            records.append(record)
    return requirements_frame(records), report


def _long_columns(headers, header_row, sheet, report) -> dict[str, int]:
    """{field name: column index}; unknown columns are warned about, duplicates are errors."""
    columns: dict[str, int] = {}
    for i, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        name = LONG_HEADERS.get(key)
        label = column_label(i, header)
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
    return columns


def _has_required(columns, header_row, sheet, report) -> bool:
    missing = [n for n in LONG_REQUIRED if n not in columns]
    for name in missing:
        alias = schema.spec(schema.ACCESS_LIST_FIELDS, name).alias_zh
        report.error(
            sheet, header_row, "", f"缺少“{alias}”列", f"column {alias} ({name}) is missing"
        )
    return not missing


class _Row:
    """One sheet row being read: where its problems go, and whether it had an error."""

    def __init__(self, sheet, excel_row, report, columns, headers):
        self.sheet, self.excel_row, self.report = sheet, excel_row, report
        self.columns, self.headers = columns, headers
        self.bad = False

    def label(self, name) -> str:
        return column_label(self.columns[name], self.headers[self.columns[name]])

    def fail(self, name, zh, en) -> None:
        self.bad = True
        self.report.error(self.sheet, self.excel_row, self.label(name), zh, en)

    def warn(self, name, zh, en) -> None:
        self.report.warning(self.sheet, self.excel_row, self.label(name), zh, en)

    def optional(self, values, name, parse, zh, en, default=None):
        """The parsed value of an optional cell; ``default`` when empty or wrong (an error)."""
        if name not in values or is_empty(values[name]):
            return default
        try:
            value = parse(values[name])
        except (ValueError, TypeError, KeyError):
            text = cell_text(values[name])
            self.fail(name, f"{zh}“{text}”无效", f"wrong {en} {text!r}")
            return default
        return default if value is None else value


def _read_record(row: _Row, values: dict, ids: dict, known_units) -> dict:
    record = {schema.REQ_ID: _read_id(row, values, ids)}
    level = _read_level(row, values)
    record[schema.REQ_SCOPE_LEVEL] = level
    record[schema.REQ_SCOPE_CODE] = _read_scope_code(row, values, level, known_units)
    record[schema.REQ_DIMENSION] = _read_dimension(row, values)
    text = cell_text(values[schema.REQ_TEXT]).replace("\r\n", "\n")
    if not text:
        row.fail(schema.REQ_TEXT, "管控要求为空", "empty requirement text")
    record[schema.REQ_TEXT] = text
    record[schema.REQ_CLASS_FILTER] = row.optional(
        values,
        schema.REQ_CLASS_FILTER,
        lambda v: parse_class(v, allow_all=True),
        "适用分类",
        "class filter",
        default=schema.CLASS_FILTER_ALL,
    )
    record[schema.REQ_KIND] = _read_kind(row, values, text)
    for name in (schema.REQ_INDUSTRIES, schema.REQ_BASIS, schema.REQ_SOURCE):
        record[name] = cell_text(values.get(name)) or None
    record[schema.REQ_EFFECTIVE] = row.optional(
        values, schema.REQ_EFFECTIVE, parse_date, "生效日期", "effective date"
    )
    record[schema.REQ_STATUS] = _read_status(row, values)
    record[schema.REQ_ORDER] = row.optional(values, schema.REQ_ORDER, parse_order, "排序", "order")
    record[schema.REQ_CHANGED] = _read_changed(row, values)
    return record


def _read_id(row: _Row, values, ids: dict) -> str:
    rid = cell_text(values[schema.REQ_ID])
    if not rid:
        row.fail(schema.REQ_ID, "条款编号为空", "empty requirement id")
    elif rid in ids:
        row.fail(
            schema.REQ_ID,
            f"条款编号 {rid} 重复（第 {ids[rid]} 行已有）",
            f"duplicate requirement id {rid} (already in row {ids[rid]})",
        )
    else:
        ids[rid] = row.excel_row
    return rid


def _read_level(row: _Row, values) -> str | None:
    level = parse_level(values[schema.REQ_SCOPE_LEVEL])
    if level is None:
        text = cell_text(values[schema.REQ_SCOPE_LEVEL])
        row.fail(
            schema.REQ_SCOPE_LEVEL,
            f"适用层级“{text}”无效，应为{'/'.join(schema.SCOPE_LEVELS_ZH)}",
            f"wrong scope level {text!r}; expected {'/'.join(schema.SCOPE_LEVELS_ZH)}",
        )
    return level


def _read_scope_code(row: _Row, values, level, known_units) -> str:
    code = normalise_code(values[schema.REQ_SCOPE_CODE])
    if not code:
        row.fail(schema.REQ_SCOPE_CODE, "适用范围代码为空", "empty scope code")
    elif level == LEVEL_UNIT and known_units is not None and code not in known_units:
        row.fail(schema.REQ_SCOPE_CODE, *unknown_code(code, values[schema.REQ_SCOPE_CODE]))
    elif level == LEVEL_UNIT and known_units is None and schema.DEFAULT_CODE_RULE.problem(code):
        row.warn(
            schema.REQ_SCOPE_CODE,
            f"单元编码 {code} 不符合编码规则",
            f"unit code {code} breaks the code rule: {schema.DEFAULT_CODE_RULE.problem(code)}",
        )
    return code


def _read_dimension(row: _Row, values) -> str | None:
    dimension = dimension_of(values[schema.REQ_DIMENSION])
    if dimension is None:
        text = cell_text(values[schema.REQ_DIMENSION])
        row.fail(
            schema.REQ_DIMENSION,
            f"管控维度“{text}”无效，应为{'、'.join(schema.DIMENSIONS_ZH)}之一",
            f"wrong dimension {text!r}; expected one of {', '.join(schema.DIMENSIONS_ZH)}",
        )
    return dimension


def _read_kind(row: _Row, values, text: str) -> str:
    kind = cell_text(values.get(schema.REQ_KIND))
    if not kind:
        return infer_kind(text)
    if kind not in schema.REQ_KINDS_ZH:
        row.fail(
            schema.REQ_KIND,
            f"要求类型“{kind}”无效，应为{'/'.join(schema.REQ_KINDS_ZH)}",
            f"wrong kind {kind!r}; expected {'/'.join(schema.REQ_KINDS_ZH)}",
        )
    return kind


def _read_status(row: _Row, values) -> str:
    status = cell_text(values.get(schema.REQ_STATUS)) or STATUS_VALID
    if status not in schema.REQ_STATUSES_ZH:
        row.fail(
            schema.REQ_STATUS,
            f"状态“{status}”无效，应为有效/废止",
            f"wrong status {status!r}; expected 有效/废止",
        )
    return status


def _read_changed(row: _Row, values):
    try:
        return parse_datetime(values.get(schema.REQ_CHANGED))
    except ValueError:
        row.warn(
            schema.REQ_CHANGED,
            "更新时间无法识别，已忽略",
            "last-change time not understood; ignored",
        )
        return None
