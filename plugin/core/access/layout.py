"""Which layout a sheet is in (wide or long) and where its header row is.

Header rows are looked for in the first rows (a title row above is skipped).
"""

from __future__ import annotations

from .. import schema
from .cells import cell_text, is_empty, normalise_header, visible
from .vocabulary import CODE_HEADERS, LONG_HEADERS

WIDE = "wide"
LONG = "long"
HEADER_SEARCH_ROWS = 10  # header row searched among the first rows (title rows above)


def find_header(rows) -> tuple[int | None, str | None]:
    """(index of the header row, layout), (None, None) when neither layout is found."""
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
    return find_header(rows or [])[1]


def sheet_rows(rows) -> list[list]:
    """The sheet's rows as lists (a missing row is an empty one)."""
    return [list(r) if r is not None else [] for r in (rows or [])]


def _seen_headers(rows) -> list[str]:
    """The fullest of the first rows (where the headers would be), as text."""
    candidates = [r for r in rows[:HEADER_SEARCH_ROWS] if r]
    best = max(candidates, key=lambda r: sum(not is_empty(c) for c in r), default=[])
    return [visible(cell_text(c)) for c in best if not is_empty(c)]


def missing_columns_message(rows) -> tuple[str, str]:
    """Which required column was not found, and the headers seen."""
    seen = "、".join(_seen_headers(rows)) or "（无）"
    codes = "/".join(schema.ACCESS_CODE_HEADERS_ZH[1:5])
    return (
        f"找不到单元编码列（{codes}…）或“管控维度”+“管控要求”列；看到的列：{seen}",
        f"no unit code column ({codes}…) and no 管控维度 + 管控要求 columns found; "
        f"headers seen: {seen}",
    )
