"""What an import found: problems (errors, warnings), notes and the items read per unit.

Problems are collected in an :class:`ImportReport`; any error means "import nothing".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cells import cell_text, visible


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


def unknown_code(code, raw) -> tuple[str, str]:
    """'unknown unit code' with the cell's invisible characters made visible."""
    raw_text = cell_text(raw) if raw is not None else code
    shown = visible(raw_text)
    if shown == raw_text:
        return f"未知单元编码 {visible(code)}", f"unknown unit code {visible(code)}"
    return (
        f"未知单元编码 {visible(code)}（单元格原文“{shown}”）",
        f"unknown unit code {visible(code)} (cell text “{shown}”)",
    )
