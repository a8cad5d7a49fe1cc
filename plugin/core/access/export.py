"""Access lists out to Excel rows: the published wide layout and the long layout.

Round trip: ``parse_wide(to_wide_rows(reqs, units))`` gives back the unit-level
requirements (ids, texts, orders, dimensions, kinds) when their ids and orders follow
the rule of :mod:`.ids`, as they do after a wide import. A requirement whose text has a
line starting with a number marker (``2. …``), or ``。2. …`` carrying the next number,
would be split on re-import: :func:`texts_split_on_import` lists them so an export can
warn. Leading and trailing white space of items is dropped.
"""

from __future__ import annotations

import datetime as _dt

import pandas as pd

from .. import schema
from .cells import cell_text, is_empty, normalise_code
from .items import join_items, split_items
from .records import requirements_frame
from .vocabulary import (
    COLUMNS,
    DIMENSION_INDEX,
    LEVEL_UNIT,
    STATUS_REPEALED,
    dimension_of,
    parse_class,
)

WIDE_HEADERS = [
    schema.spec(schema.UNIT_FIELDS, schema.UNIT_CODE).alias_zh,
    schema.spec(schema.UNIT_FIELDS, schema.UNIT_NAME).alias_zh,
    schema.spec(schema.UNIT_FIELDS, schema.UNIT_CLASS).alias_zh,
    *schema.DIMENSIONS_ZH,
]


def _unit_rows(requirements: pd.DataFrame) -> pd.DataFrame:
    if requirements is None or requirements.empty:
        return requirements_frame([])
    req = requirements
    level = req[schema.REQ_SCOPE_LEVEL].map(cell_text)
    status = req[schema.REQ_STATUS].map(cell_text) if schema.REQ_STATUS in req else ""
    return req[(level == LEVEL_UNIT) & (status != STATUS_REPEALED)]


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
        cells = by_unit.get(code, {})
        rows.append(
            [
                code,
                cell_text(info.get("name")) or None,
                schema.CLASS_UNIT_SUFFIX_ZH.get(_unit_class(code, info)),
                *(join_items(cells.get(d, [])) for d in schema.DIMENSIONS_ZH),
            ]
        )
    return rows


def _unit_class(code: str, info: dict) -> int | None:
    """The unit's class from the unit layer, else the class digit of a code that follows
    the code rule."""
    try:
        unit_class = parse_class(info.get("class"))
    except ValueError:
        unit_class = None
    if unit_class is None:
        parsed = schema.DEFAULT_CODE_RULE.parse(code)
        unit_class = parsed[1] if parsed else None
    return unit_class


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
