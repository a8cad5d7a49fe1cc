"""Guess the text encoding of a Shapefile's .dbf when nothing declares it.

A .dbf with no language driver byte and no .cpg is read as UTF-8 by GDAL, which
mangles the GBK, GB18030 or Big5 names common in Chinese data. The guess reads
the bytes of the character fields: valid UTF-8 with non-ASCII text is UTF-8;
otherwise text that decodes as GB18030 into mostly common simplified characters
(those GB2312 has) is GB18030 (a superset of GBK); otherwise Big5 if it decodes;
otherwise GB18030. Pure Python, no GDAL.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

# Language driver ids that name an encoding (the byte at offset 29 of the header).
LDID_ENCODINGS = {
    0x4D: "GB18030",
    0x4E: "CP949",
    0x4F: "BIG5",
    0x57: "ISO-8859-1",
    0x58: "CP1252",
    0x7A: "GBK",
}
SAMPLE_BYTES = 2_000_000


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str  # a name GDAL/QGIS understand: "UTF-8", "GB18030", "BIG5", ...
    declared: bool  # from .cpg or the language byte, not guessed
    reason: str


def _character_field_bytes(data: bytes) -> bytes:
    """The raw bytes of the character fields of the records read."""
    if len(data) < 32:
        return b""
    records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, offset = [], 1  # each record starts with the deletion flag
    position = 32
    while position + 32 <= header_len and data[position] != 0x0D:
        kind = chr(data[position + 11])
        length = data[position + 16]
        if kind == "C":
            fields.append((offset, length))
        offset += length
        position += 32
    chunks = []
    start = header_len
    while start + record_len <= len(data) and record_len > 0:
        record = data[start : start + record_len]
        for field_offset, length in fields:
            chunks.append(record[field_offset : field_offset + length].rstrip(b" \x00"))
        start += record_len
    return b"\n".join(c for c in chunks if c)


def _share_in_gb2312(text: str) -> float:
    chars = [c for c in text if ord(c) > 127]
    if not chars:
        return 1.0
    ok = 0
    for c in chars:
        try:
            c.encode("gb2312")
            ok += 1
        except UnicodeEncodeError:
            pass
    return ok / len(chars)


def guess_bytes(raw: bytes) -> EncodingGuess:
    if not any(b > 127 for b in raw):
        return EncodingGuess("UTF-8", False, "ASCII text only")
    try:
        raw.decode("utf-8")
        return EncodingGuess("UTF-8", False, "valid UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        as_gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        as_gb = None
    if as_gb is not None and _share_in_gb2312(as_gb) >= 0.9:
        return EncodingGuess(
            "GB18030", False, "not UTF-8; reads as common simplified Chinese in GB18030"
        )
    try:
        raw.decode("big5")
        return EncodingGuess("BIG5", False, "not UTF-8 nor common GB text; valid Big5")
    except UnicodeDecodeError:
        pass
    return EncodingGuess("GB18030", False, "not UTF-8; GB18030 as the likeliest Chinese encoding")


def guess_dbf_encoding(shp_or_dbf: str | Path) -> EncodingGuess | None:
    """The encoding of a Shapefile's attributes; None when there is no .dbf."""
    path = Path(shp_or_dbf)
    dbf = path.with_suffix(".dbf")
    if not dbf.exists():
        dbf = path.with_suffix(".DBF")
        if not dbf.exists():
            return None
    for cpg in (path.with_suffix(".cpg"), path.with_suffix(".CPG")):
        if cpg.exists():
            declared = cpg.read_text(encoding="ascii", errors="ignore").strip()
            if declared:
                return EncodingGuess(declared.upper(), True, f"declared in {cpg.name}")
    with open(dbf, "rb") as handle:
        data = handle.read(SAMPLE_BYTES)
    if len(data) > 29 and data[29] in LDID_ENCODINGS:
        return EncodingGuess(LDID_ENCODINGS[data[29]], True, "declared by the language byte")
    return guess_bytes(_character_field_bytes(data))
