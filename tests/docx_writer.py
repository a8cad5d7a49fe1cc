"""Minimal .docx files with tables, written with the standard library (tests only).

A table is a list of rows; a cell is None, a text (one paragraph per line), or a
:class:`Cell` for merges and automatic numbering. Word opens these files: the
parts are the ones a .docx needs ([Content_Types].xml, _rels/.rels,
word/document.xml, and word/numbering.xml when a cell is auto-numbered).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/></Relationships>'
)
NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{NS}">'
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


@dataclass
class Cell:
    text: str | None = None
    span: int = 1  # columns spanned (w:gridSpan)
    down: str | None = None  # "restart" or "continue" (w:vMerge)
    auto_numbered: bool = False  # each line a paragraph numbered by Word (w:numPr)


def _paragraph(text: str, numbered: bool = False, level: int = 0) -> str:
    numbering = (
        f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        if numbered
        else ""
    )
    runs = "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in text.split("\v")
    )
    return f"<w:p>{numbering}<w:r>{runs}</w:r></w:p>"


def _cell(cell) -> str:
    if not isinstance(cell, Cell):
        cell = Cell(None if cell is None else str(cell))
    properties = ""
    if cell.span > 1:
        properties += f'<w:gridSpan w:val="{cell.span}"/>'
    if cell.down == "restart":
        properties += '<w:vMerge w:val="restart"/>'
    elif cell.down == "continue":
        properties += "<w:vMerge/>"
    lines = (cell.text or "").split("\n")
    paragraphs = "".join(_paragraph(line, cell.auto_numbered) for line in lines)
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs}</w:tc>"


def _table(rows) -> str:
    width = max(sum(c.span if isinstance(c, Cell) else 1 for c in row) for row in rows)
    grid = "".join('<w:gridCol w:w="1500"/>' for _ in range(width))
    body = "".join("<w:tr>" + "".join(_cell(c) for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"


def write_docx(path, tables, captions=None) -> Path:
    """A .docx at ``path`` holding ``tables`` (each after its caption paragraph, if any)."""
    captions = captions or [None] * len(tables)
    parts = []
    for caption, rows in zip(captions, tables):
        if caption:
            parts.append(_paragraph(caption))
        parts.append(_table(rows))
        parts.append("<w:p/>")
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{NS}">'
        f"<w:body>{''.join(parts)}<w:sectPr/></w:body></w:document>"
    )
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("[Content_Types].xml", CONTENT_TYPES)
        docx.writestr("_rels/.rels", RELS)
        docx.writestr("word/_rels/document.xml.rels", DOC_RELS)
        docx.writestr("word/document.xml", document)
        docx.writestr("word/numbering.xml", NUMBERING)
    return path
