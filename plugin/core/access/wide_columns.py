"""Wide sheets, the columns: the header row(s), each column's role, merged ranges.

A two-row header (管控要求 over the four dimensions) is merged. Merged ranges (from the
.xlsx XML or the .docx table) fill class and dimension cells down over their units; a
merged code cell continues its unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import schema
from .cells import cell_text, column_label, get, is_empty, normalise_code, normalise_header
from .vocabulary import CLASS_HEADERS, CODE_HEADERS, IGNORED_HEADERS, NAME_HEADERS, dimension_of


def wide_headers(rows, index) -> tuple[list, int]:
    """The header cells and the index of the last header row (two-row headers merged)."""
    headers = list(rows[index])
    if index + 1 < len(rows):
        below = rows[index + 1]
        code_col = next(i for i, c in enumerate(headers) if normalise_header(c) in CODE_HEADERS)
        has_dims = any(dimension_of(c) for c in headers)
        below_dims = any(dimension_of(c) for c in below)
        if not has_dims and below_dims and is_empty(get(below, code_col)):
            width = max(len(headers), len(below))
            merged = []
            for i in range(width):
                lower = get(below, i)
                merged.append(get(headers, i) if is_empty(lower) else lower)
            return merged, index + 1
    return headers, index


@dataclass
class Columns:
    headers: list
    header_row: int  # 1-based Excel row of the (last) header row
    code: int | None = None
    name: int | None = None
    klass: int | None = None
    dims: dict = field(default_factory=dict)  # column -> dimension

    def label(self, col) -> str:
        return column_label(col, self.headers[col]) if col is not None else ""


def wide_columns(headers, header_row, sheet, report) -> Columns:
    """The role of every header cell; duplicate and unknown columns are errors."""
    cols = Columns(headers, header_row)
    roles = (("code", CODE_HEADERS), ("name", NAME_HEADERS), ("klass", CLASS_HEADERS))
    for i, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        label, text = column_label(i, header), cell_text(header)
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
            report.error(sheet, header_row, label, *_unknown_column(text))
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


def _unknown_column(text) -> tuple[str, str]:
    dims_zh, synonyms_zh = "、".join(schema.DIMENSIONS_ZH), "、".join(schema.DIMENSION_SYNONYMS_ZH)
    dims_en, synonyms_en = ", ".join(schema.DIMENSIONS_ZH), ", ".join(schema.DIMENSION_SYNONYMS_ZH)
    return (
        f"未知的管控维度列“{text}”，应为{dims_zh}之一（或{synonyms_zh}）",
        f"unknown dimension column {text}; expected one of {dims_en} (or {synonyms_en})",
    )


def _set(row: list, col: int, value) -> None:
    row.extend([None] * (col + 1 - len(row)))
    row[col] = value


def apply_merges(rows, merges, first, cols, sheet, report) -> set:
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
        value = get(rows[r0], c0) if r0 < len(rows) else None
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            if normalise_code(get(rows[r], cols.code)) and is_empty(get(rows[r], c0)):
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
