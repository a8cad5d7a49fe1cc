"""Numbered items of a 准入清单 cell: the split that follows the numbering.

Pure Python. Rules (see also the package doc of :mod:`plugin.core.access`):

* Numbering styles: ``1.`` ``1．`` ``1、`` ``1)`` ``(1)`` ``（1）`` ``①`` ``一、``
  ``（一）``. The style of the cell's first item marker is the item style; markers
  of other styles stay inside the item text (so ``（1）`` sub-items under ``1.``
  items are kept with their item).
* A marker starts an item at the start of a line, or in the middle of a line
  right after ``。；;！!`` when it carries the next number (``②`` needs no
  punctuation before it).
* Whatever follows the marker: ``3.2025年底前…`` is item 3 when 3 is the next
  number (or 1 at the start of the cell). A ``N.`` followed by a digit that is
  *not* the next number is a decimal and stays in the text (``1.5 公顷``), as do
  decimals and standard numbers inside a sentence (``0.5 吨``, ``GB 3095-2012``).
* A ``N.`` followed by up to three digits is ambiguous when it is the only item
  of its cell (``1.35蒸吨/小时…``: item 1, or 1.35?) or stands in the middle of a
  line: it is split, and :func:`split_cell` says so, for a warning naming the
  cell (``1.2025年…``, a year, is not ambiguous).
* A cell without markers is one item; text before the first marker is an item
  of its own (the caller warns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")}
_CIRCLED = (
    [chr(c) for c in range(0x2460, 0x2474)]  # ①..⑳
    + [chr(c) for c in range(0x3251, 0x3260)]  # ㉑..㉟
    + [chr(c) for c in range(0x32B1, 0x32C0)]  # ㊱..㊿
)
_CIRCLED_NUMBER = {c: n for n, c in enumerate(_CIRCLED, start=1)}


def _cn_number(text: str) -> int:
    """一..九十九."""
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[text]


_SPACE = r"[ \t\u3000]*"
_MARKERS = (
    ("paren", r"[(（][ \t]*(?P<paren_n>\d{1,3})[ \t]*[)）]"),
    ("cn_paren", r"[(（][ \t]*(?P<cn_paren_n>[一二三四五六七八九十]{1,3})[ \t]*[)）]"),
    ("dot", r"(?P<dot_n>\d{1,3})[ \t]*(?P<dot_mark>[.．])(?P<dot_digit>(?=\d))?"),
    ("comma", r"(?P<comma_n>\d{1,3})[ \t]*、"),
    ("rparen", r"(?P<rparen_n>\d{1,3})[ \t]*[)）]"),
    ("cn_comma", r"(?P<cn_comma_n>[一二三四五六七八九十]{1,3})[ \t]*[、．.]"),
    ("circled", "(?P<circled_n>[" + "".join(_CIRCLED) + "])"),
)
_MARKER_RE = re.compile(
    r"(?:(?P<start>^|(?<=\n))|(?P<mid>(?<=[。；;！!])))"
    + _SPACE
    + "(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _MARKERS)
    + ")"
)
_CIRCLED_RE = re.compile("[" + "".join(_CIRCLED) + "]")


@dataclass(frozen=True)
class Item:
    number: int | None  # the written number, None for unnumbered text
    text: str


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    style: str
    number: int
    line_start: bool
    decimal_like: bool  # an ASCII "N." directly followed by a digit: could be a decimal


def _marker(match) -> _Marker:
    for name, _ in _MARKERS:
        if match.group(name) is None:
            continue
        digits = match.group(f"{name}_n")
        if name == "circled":
            number = _CIRCLED_NUMBER[digits]
        elif name.startswith("cn_"):
            number = _cn_number(digits)
        else:
            number = int(digits)
        decimal_like = (
            name == "dot"
            and match.group("dot_digit") is not None
            and match.group("dot_mark") == "."
        )
        line_start = match.group("start") is not None
        return _Marker(match.start(), match.end(), name, number, line_start, decimal_like)
    raise AssertionError("no marker group")  # pragma: no cover


def _candidates(text: str) -> list[_Marker]:
    found = [_marker(m) for m in _MARKER_RE.finditer(text)]
    # circled numbers are unambiguous: they also start an item anywhere in a line
    taken = {m.end - 1 for m in found if m.style == "circled"}
    for match in _CIRCLED_RE.finditer(text):
        if match.start() not in taken:
            number = _CIRCLED_NUMBER[match.group()]
            found.append(_Marker(match.start(), match.end(), "circled", number, False, False))
    return sorted(found, key=lambda m: m.start)


def _accept(candidates: list[_Marker], first: int) -> list[_Marker]:
    """The markers that start items: the item style, in numbering order (see module doc)."""
    accepted: list[_Marker] = []
    style = None
    for marker in candidates:
        expected = accepted[-1].number + 1 if accepted else first
        if style is None:
            if not marker.line_start or (marker.decimal_like and marker.number not in (1, first)):
                continue
            expected = marker.number
            style = marker.style
        if marker.style != style:
            continue
        if marker.decimal_like:
            if marker.number == expected:
                accepted.append(marker)
        elif marker.line_start or (accepted and marker.number == expected):
            accepted.append(marker)
    return accepted


def split_cell(text, first: int = 1) -> tuple[list[Item], bool]:
    """(items, ambiguous): a cell's numbered items, and whether a ``N.`` + digit was read as
    a number where it could have been a decimal (see the module doc).

    ``first``: the number the cell may start with besides 1 (a cell continuing the items
    of the row above, as under a merged code cell).
    """
    text = "" if text is None else str(text).strip()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        return [], False
    accepted = _accept(_candidates(text), first)
    if not accepted:
        return [Item(None, text)], False
    items = []
    preamble = text[: accepted[0].start].strip()
    if preamble:
        items.append(Item(None, preamble))
    for n, marker in enumerate(accepted):
        stop = accepted[n + 1].start if n + 1 < len(accepted) else len(text)
        items.append(Item(marker.number, text[marker.end : stop].strip()))
    return items, _ambiguous(text, accepted)


def _ambiguous(text: str, accepted: list[_Marker]) -> bool:
    """A ``N.`` + short digit run (``1.35蒸吨``: 35, not 2025) read as a number where it
    is the cell's only item or stands in the middle of a line."""
    for marker in accepted:
        if not marker.decimal_like or (len(accepted) > 1 and marker.line_start):
            continue
        if len(re.match(r"\d+", text[marker.end :]).group()) <= 3:
            return True
    return False


def split_items(text) -> list[Item]:
    """A cell's numbered items (see the module doc for the rules)."""
    return split_cell(text)[0]


def join_items(texts) -> str | None:
    """Items numbered '1. ', '2. ' … one per line; None when there are none."""
    texts = list(texts)
    if not texts:
        return None
    return "\n".join(f"{n}. {t}" for n, t in enumerate(texts, start=1))
