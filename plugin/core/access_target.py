"""Importing requirements into an access-list table that already holds some: which rows a
re-import replaces, and which requirement ids would clash with the rows that stay.

Pure Python (no Qt, no QGIS): the algorithm reads the table's rows and reports the clashes.
"""

from __future__ import annotations

from . import schema
from .access import LEVEL_UNIT, ImportReport
from .values import text


def plan_import(existing, frame, replace: bool) -> tuple[list, list[tuple[str, str, str]]]:
    """(ids of rows to delete, clashes) for importing ``frame`` into a table.

    ``existing``: (row id, requirement id, scope level, scope code) of the table's rows, as
    read. With ``replace``, the unit-level rows of the units ``frame`` brings are replaced.
    A clash is (key, level, requirement id): an imported id already used by a row that
    stays, once per unit for unit-level rows (key = the unit code), else once per id.
    """
    unit_rows = frame[frame[schema.REQ_SCOPE_LEVEL] == LEVEL_UNIT]
    codes = set(unit_rows[schema.REQ_SCOPE_CODE])
    delete, kept_ids = [], {}
    for row_id, *values in existing:
        rid, level, code = (text(v) for v in values)
        if replace and level == LEVEL_UNIT and code in codes:
            delete.append(row_id)
        elif rid:
            kept_ids[rid] = code
    clashes = {}
    for rid, level, code in zip(
        frame[schema.REQ_ID], frame[schema.REQ_SCOPE_LEVEL], frame[schema.REQ_SCOPE_CODE]
    ):
        if rid in kept_ids:
            key = code if level == LEVEL_UNIT else rid
            clashes.setdefault(key, (level, rid))
    return delete, [(key, level, rid) for key, (level, rid) in clashes.items()]


def report_clashes(report: ImportReport, clashes) -> None:
    """Each clash as an error of the import report (Chinese / English)."""
    for key, level, rid in clashes:
        if level == LEVEL_UNIT:
            report.error(
                "",
                0,
                schema.REQ_ID,
                f"单元 {key} 的条款（如 {rid}）已在目标表中，可勾选替换单元条款",
                f"requirements of unit {key} (e.g. {rid}) are already in the target table; "
                "check 'Replace the unit-level requirements' to replace them",
            )
        else:
            report.error(
                "",
                0,
                schema.REQ_ID,
                f"条款编号 {rid} 已在目标表中",
                f"requirement id {rid} is already in the target table",
            )
