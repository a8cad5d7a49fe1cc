"""Tables of a Word document (.docx) as row lists, with the standard library only.

A .docx is a zip of XML: ``word/document.xml`` holds the body, whose ``w:tbl``
elements are the tables. Each table becomes one "sheet" named 表1, 表2 … (in
document order; tables nested inside a cell are read as that cell's text), in
the shape :func:`plugin.adapters.excel.read_workbook` gives, so the access-list
parser reads Word and Excel alike:

* a row list per table row; a cell's paragraphs are joined with line breaks
  (``w:br`` is a line break, ``w:tab`` a tab);
* a cell spanning columns (``w:gridSpan``) gives its text to its first column and
  None to the others; a cell merged down (``w:vMerge``) gives its text to its
  first row and None below; both are returned as merged ranges, 0-based and
  inclusive (first row, first column, last row, last column), like
  :func:`plugin.adapters.excel.read_merges`;
* Word's automatic list numbering (``w:numPr``) is not part of the text: it is
  written out as ``1. `` ``2. `` … (``（1）`` … for deeper levels), counted per
  cell, so automatically numbered items split like typed ones.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class WordError(RuntimeError):
    pass


def _val(element, name: str, default=None):
    child = element.find(f"{W}{name}") if element is not None else None
    if child is None:
        return default
    return child.get(f"{W}val", default if default is not None else "")


def _tables(element):
    """Tables in document order, not descending into tables (nested ones stay cell text)."""
    for child in element:
        if child.tag == f"{W}tbl":
            yield child
        else:
            yield from _tables(child)


def _children(element, tag: str):
    """Direct children ``tag``, also those wrapped in content controls (w:sdt) or w:customXml."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            yield from _children(child, tag)


def _run_text(paragraph) -> str:
    parts = []
    for element in paragraph.iter():
        if element.tag == f"{W}t" and element.text:
            parts.append(element.text)
        elif element.tag == f"{W}tab":
            parts.append("\t")
        elif element.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif element.tag == f"{W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _cell_text(cell) -> str | None:
    """A cell's paragraphs, one per line, with automatic numbering written out."""
    lines, counters = [], {}
    for paragraph in cell.iter(f"{W}p"):
        text = _run_text(paragraph)
        numbering = paragraph.find(f"{W}pPr/{W}numPr")
        num_id = _val(numbering, "numId", "0")
        if numbering is not None and num_id != "0" and text.strip():
            level = int(_val(numbering, "ilvl", "0") or 0)
            for key in [k for k in counters if k[0] == num_id and k[1] > level]:
                del counters[key]  # a higher item restarts the deeper levels
            counters[(num_id, level)] = counters.get((num_id, level), 0) + 1
            number = counters[(num_id, level)]
            text = (f"{number}. " if level == 0 else f"（{number}）") + text
        lines.append(text)
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines).strip()
    return text or None


def _table_rows(table) -> tuple[list[list], list[tuple[int, int, int, int]]]:
    rows: list[list] = []
    merges: list[list[int]] = []
    open_down: dict[int, int] = {}  # column -> index in merges of the range merged down
    for r, tr in enumerate(_children(table, f"{W}tr")):
        row: list = []
        column = int(_val(tr.find(f"{W}trPr"), "gridBefore", "0") or 0)
        for tc in _children(tr, f"{W}tc"):
            properties = tc.find(f"{W}tcPr")
            span = max(1, int(_val(properties, "gridSpan", "1") or 1))
            down = properties.find(f"{W}vMerge") if properties is not None else None
            continues = down is not None and down.get(f"{W}val", "continue") == "continue"
            value = None
            if continues and column in open_down:
                merges[open_down[column]][2] = r
            else:
                value = _cell_text(tc)
                for c in range(column, column + span):
                    open_down.pop(c, None)
                if down is not None or span > 1:
                    merges.append([r, column, r, column + span - 1])
                    if down is not None:
                        open_down[column] = len(merges) - 1
            row.extend([None] * (column + span - len(row)))
            row[column] = value
            column += span
        while row and row[-1] is None:
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows, [tuple(m) for m in merges if m != [m[0], m[1], m[0], m[1]]]


def read_tables(path: str | Path) -> tuple[dict[str, list[list]], dict[str, list]]:
    """({"表1": rows, …}, {"表1": merged ranges, …}) of a .docx file, tables in document order."""
    path = Path(path)
    if not path.is_file():
        raise WordError(f"{path}: no such file")
    try:
        with zipfile.ZipFile(path) as document:
            root = ElementTree.fromstring(document.read("word/document.xml"))
    except zipfile.BadZipFile:
        raise WordError(
            f"{path}: not a Word document (.docx); save a .doc as .docx first"
        ) from None
    except KeyError:
        raise WordError(f"{path}: not a Word document (.docx): no word/document.xml") from None
    except (OSError, ElementTree.ParseError) as error:
        raise WordError(f"{path}: the document cannot be read ({error})") from None
    sheets, merges = {}, {}
    body = root.find(f"{W}body")
    for n, table in enumerate(_tables(body if body is not None else root), start=1):
        name = f"表{n}"
        sheets[name], merges[name] = _table_rows(table)
    return sheets, merges
