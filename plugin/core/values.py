"""One home for turning a cell or attribute value into text or a date.

Values arrive from Excel cells, Word tables, QGIS attributes (already plain Python, see
``adapters.layers.to_python``) and pandas frames (where a missing number is NaN and an
integer column with a gap is a float column). The rules:

- :func:`text` is how a value is *read* as text: stripped, "" when empty, an integral
  float without its ".0" (a code typed as a number, 440606.0 -> "440606"), dates in ISO.
- The named variants keep what some callers need: :func:`plain_text` prints numbers as
  Python does (2.0 stays "2.0"); :func:`raw_text` keeps surrounding spaces (the checks
  report them) and gives None when empty; :func:`shown_text` is ``str()`` with None as "";
  :func:`written_text` is a value written into a text cell of a workbook.
- :func:`parse_date` / :func:`parse_datetime` read the date forms published lists use.

Pure Python (no pandas, no Qt, no QGIS: the field-review import uses it too).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata


def is_empty(value) -> bool:
    """None, NaN, pandas' NA and NaT, and text of white space only."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return value != value
    try:  # NaN-like values (NaT, numpy NaN) are the ones unequal to themselves
        return bool(value != value)
    except (TypeError, ValueError):  # pandas' NA has no truth value; an array has many
        return type(value).__name__ == "NAType"


def _integral_as_int(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def text(value) -> str:
    """A cell or attribute as stripped text; "" when empty; 2.0 -> "2"; dates in ISO form
    (``str`` of a date or datetime is its ISO form, with a space before the time)."""
    if is_empty(value):
        return ""
    return str(_integral_as_int(value)).strip()


def plain_text(value) -> str:
    """Stripped ``str(value)``, "" for None and NaN; numbers as Python prints them."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def raw_text(value) -> str | None:
    """The value as text with its spaces kept (2.0 -> "2"); None when empty."""
    if is_empty(value):
        return None
    return str(_integral_as_int(value))


def shown_text(value) -> str:
    """``str(value)``, with None shown as ""."""
    return "" if value is None else str(value)


def written_text(value) -> str | None:
    """A value for a text cell of a workbook: None when there is nothing to write,
    date-times to the second, line breaks as "\\n"."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, _dt.date):
        return value.isoformat()
    written = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return written if written else None


def parse_date(value) -> _dt.date | None:
    """'2024-03-01', '2024/3/1', '2024.3.1', '2024年3月1日', a datetime; None when empty.
    Raises ValueError for anything else."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    written = unicodedata.normalize("NFKC", text(value))
    if not written:
        return None
    m = re.match(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$", written)
    if m is None:
        raise ValueError(written)
    return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def parse_datetime(value) -> _dt.datetime | None:
    """'2024-03-01 08:30[:00]' (also with / or . and a T); None when empty.
    Raises ValueError for anything else."""
    if isinstance(value, _dt.datetime):
        return value
    written = unicodedata.normalize("NFKC", text(value))
    if not written:
        return None
    m = re.match(
        r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$", written
    )
    if m is None:
        raise ValueError(written)
    parts = [int(p) if p else 0 for p in m.groups()]
    return _dt.datetime(*parts)
