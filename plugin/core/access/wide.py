"""Wide sheets (as published): one row per unit, one column per dimension.

Columns 单元编码, 单元名称, 分类 and one column per dimension (空间布局约束,
污染物排放管控, 环境风险防控, 资源利用效率 — 资源开发效率要求 and the like are
synonyms, and a trailing 要求 is ignored). A dimension cell holds numbered items
(:mod:`.items`); each item becomes one 单元-level requirement (scope code = unit code,
class filter 0, status 有效), its order (PX) its position in the cell and its id by the
rule of :mod:`.ids`. Placeholders (``schema.ACCESS_PLACEHOLDERS``) count as empty; a row
with an empty code cell whose dimension cells are filled continues the unit above (what
merged cells look like when read): its items are appended, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import schema
from .cells import cell_text, column_letter, get, is_empty, is_placeholder, normalise_code, visible
from .items import split_cell
from .layout import WIDE, find_header, missing_columns_message, sheet_rows
from .problems import ImportReport, ItemCount, unknown_code
from .records import requirements_frame, unit_requirement
from .vocabulary import parse_class, parse_class_label
from .wide_columns import apply_merges, wide_columns, wide_headers


@dataclass
class _Unit:
    code: str
    row: int
    subtype: str = ""
    items: dict = field(default_factory=dict)  # dimension -> [(Item, excel row, column)]
    read: dict = field(default_factory=dict)  # dimension -> items found in the source


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
    rows = sheet_rows(rows)
    header_index, kind = find_header(rows)
    if header_index is None or kind != WIDE:
        report.error(sheet, 1, "", *missing_columns_message(rows))
        return requirements_frame([]), report
    headers, last_header = wide_headers(rows, header_index)
    cols = wide_columns(headers, last_header + 1, sheet, report)
    continued = apply_merges(rows, merges or [], last_header + 1, cols, sheet, report)
    units = _read_units(rows, last_header + 1, cols, known_units, continued, sheet, report)
    if report.placeholders:
        cells = "、".join(f"{cell}“{text}”" for s, cell, text in report.placeholders)
        report.note(
            sheet,
            f"占位符按空单元格处理：{cells}",
            f"placeholders read as empty cells: {cells}",
        )
    return requirements_frame(_wide_records(units, cols, sheet, report)), report


def _read_units(rows, first, cols, known_units, continued, sheet, report) -> dict:
    units: dict[str, _Unit] = {}
    current: _Unit | None = None
    current_name = ""
    for index in range(first, len(rows)):
        row, excel_row = rows[index], index + 1
        code = normalise_code(get(row, cols.code))
        name = cell_text(get(row, cols.name))
        filled = _dimension_cells(row, cols, excel_row, sheet, report)
        if not code:
            if not filled and not name and is_empty(get(row, cols.klass)):
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
        value = get(row, i)
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
        report.error(sheet, excel_row, label, *unknown_code(code, get(row, cols.code)))
    elif known_units is None and schema.DEFAULT_CODE_RULE.problem(code):
        problem = schema.DEFAULT_CODE_RULE.problem(code)
        report.warning(
            sheet,
            excel_row,
            label,
            f"单元编码 {visible(code)} 不符合编码规则",
            f"unit code {visible(code)} breaks the code rule: {problem}",
        )
    unit_class, subtype = _read_class(row, excel_row, cols, sheet, report)
    _check_known(code, name, unit_class, known_units, sheet, excel_row, cols, report)
    return _Unit(code, excel_row, subtype)


def _read_class(row, excel_row, cols, sheet, report) -> tuple[int | None, str]:
    """(class, subtype) of the unit's class cell; (None, "") without one or when wrong."""
    if cols.klass is None:
        return None, ""
    class_value = get(row, cols.klass)
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
        return None, ""
    if unit_class is None:
        report.warning(sheet, excel_row, class_label, "分类为空", "empty class cell")
    return unit_class, subtype


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
                records.append(unit_requirement(unit.code, dimension, order, item.text))
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
