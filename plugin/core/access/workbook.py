"""Whole workbooks (and Word documents): every sheet or table, in either layout.

Word tables come in the same shape as sheets (one "sheet" per table); a table without a
header right after a wide table is read as its continuation.
"""

from __future__ import annotations

import pandas as pd

from .. import schema
from .layout import LONG, WIDE, detect_format, missing_columns_message
from .long import parse_long
from .problems import ImportReport
from .records import requirements_frame
from .vocabulary import LEVEL_UNIT
from .wide import parse_wide


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
        found = _sheet_format(sheet, rows, fmt, report)
        if found is None:
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
        return requirements_frame([]), report
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return frame, report


def _sheet_format(sheet, rows, fmt, report) -> str | None:
    """The sheet's layout; None (with a warning or an error) when it is not to be read."""
    found = detect_format(rows)
    if found is None:
        zh, en = missing_columns_message(rows or [])
        report.warning(
            sheet,
            0,
            "",
            f"未识别为准入清单（宽表或长表），已跳过：{zh}",
            f"not recognised as an access list (wide or long); skipped: {en}",
        )
        return None
    if fmt in (WIDE, LONG) and found != fmt:
        names = {WIDE: ("宽表", "wide"), LONG: ("长表", "long")}
        report.error(
            sheet,
            0,
            "",
            f"工作表是{names[found][0]}格式，而不是所选的{names[fmt][0]}格式",
            f"the sheet is in {names[found][1]} format, not the chosen {names[fmt][1]} format",
        )
        return None
    return found
