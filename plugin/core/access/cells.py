"""One cell of an access-list table as text, code, date or number (the package's converter).

Every reader of the access list (Excel and Word import, export, the effective list) turns
cells into values here, so an empty cell, an integral float or a full-width code means the
same thing everywhere.
"""

from __future__ import annotations

import re
import unicodedata

from .. import schema
from ..values import is_empty, parse_date, parse_datetime  # noqa: F401 (the package's names)
from ..values import text as cell_text


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


def split_codes(text) -> list[str]:
    """'26, 2614；C' -> ['26', '2614', 'C'] (commas, Chinese commas, semicolons, spaces)."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    for separator in ("，", "；", ";", "、", " ", "\n"):
        text = str(text).replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_label(index: int, header) -> str:
    """'D 空间布局约束': the column letter and its header text, as problems name a column."""
    text = strip_invisible(cell_text(header)).strip()
    return f"{column_letter(index)} {text}" if text else column_letter(index)


def get(row, index):
    """``row[index]``, or None past the row's end or without a column."""
    return row[index] if index is not None and index < len(row) else None


def parse_order(value) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    number = float(unicodedata.normalize("NFKC", text))
    if not number.is_integer():
        raise ValueError(text)
    return int(number)
