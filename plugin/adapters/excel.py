"""Excel workbooks (.xlsx) <-> row lists, with GDAL's XLSX driver.

GDAL ships with QGIS on every platform, so no extra Python package is needed.
Reading switches header detection and type guessing off
(``OGR_XLSX_HEADERS=DISABLE``, ``OGR_XLSX_FIELD_TYPES=STRING``, set for the
calling thread only and restored afterwards): the header row comes back as
data and every cell as text (None when empty). Row ``n`` of the returned list
is Excel row ``n + 1``; trailing empty cells are dropped. Dates read as text
come back as ``YYYY/MM/DD`` (GDAL drops the time of a date-time cell).

Writing makes a new workbook with one sheet: the first row (the headers) becomes
the field names, which GDAL writes as the first row. Columns holding only
integers (or only numbers) are written as numeric cells, everything else as
text. The file is built next to the destination and renamed over it, so a
failure leaves any existing file untouched.

GDAL does not expose merged cells; :func:`read_merges` reads them from the
workbook's XML (an .xlsx is a zip of XML) with the standard library.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from osgeo import gdal, ogr

from ..core.values import written_text as _text
from ..i18n import tr

READ_OPTIONS = {"OGR_XLSX_HEADERS": "DISABLE", "OGR_XLSX_FIELD_TYPES": "STRING"}
MAX_SHEET_NAME = 31  # Excel's limit
_FORBIDDEN_IN_SHEET_NAME = "[]:*?/\\"


class ExcelError(RuntimeError):
    pass


@contextlib.contextmanager
def _thread_options(options: dict):
    saved = {key: gdal.GetThreadLocalConfigOption(key, None) for key in options}
    try:
        for key, value in options.items():
            gdal.SetThreadLocalConfigOption(key, value)
        yield
    finally:
        for key, value in saved.items():
            gdal.SetThreadLocalConfigOption(key, value)


def _last_error(default: str) -> str:
    return gdal.GetLastErrorMsg() or default


def _failed(path, default: str) -> str:
    """ "path: GDAL's last error", or the given (translated) default."""
    return f"{path}: {_last_error(default)}"


def _layer_rows(layer) -> list[list]:
    definition = layer.GetLayerDefn()
    count = definition.GetFieldCount()
    rows: list[list] = []
    layer.ResetReading()
    for feature in layer:
        fid = feature.GetFID()
        while fid > len(rows) + 1:  # GDAL numbers features by Excel row
            rows.append([])
        values = [
            feature.GetFieldAsString(i) if feature.IsFieldSetAndNotNull(i) else None
            for i in range(count)
        ]
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def read_workbook(path: str | Path, first_only: bool = False) -> dict[str, list[list]]:
    """{sheet name: rows} of an .xlsx file, in sheet order (only the first sheet if asked)."""

    path = str(path)
    if not os.path.isfile(path):
        raise ExcelError(tr("{0}: no such file").format(path))
    with _thread_options(READ_OPTIONS):
        gdal.ErrorReset()
        try:
            datasource = ogr.Open(path, 0)
        except RuntimeError as error:  # when GDAL exceptions are on
            raise ExcelError(f"{path}: {error}") from None
        if datasource is None:
            raise ExcelError(_failed(path, tr("cannot be opened")))
        try:
            if datasource.GetDriver().GetName() != "XLSX":
                raise ExcelError(tr("{0}: not an Excel workbook (.xlsx)").format(path))
            sheets = {}
            for index in range(datasource.GetLayerCount()):
                layer = datasource.GetLayerByIndex(index)
                sheets[layer.GetName()] = _layer_rows(layer)
                if first_only:
                    break
            return sheets
        finally:
            datasource = None


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_RE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def _cell_index(ref: str) -> tuple[int, int]:
    """'B3' -> (2, 1): 0-based row and column."""
    match = _CELL_RE.match(ref.strip().upper())
    if match is None:
        raise ValueError(ref)
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, column - 1


def _sheet_paths(book: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: path of its XML part in the zip}, from workbook.xml and its rels."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PACKAGE_REL}Relationship")}
    paths = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if target.startswith("/"):
            paths[sheet.get("name")] = target.lstrip("/")
        elif target:
            paths[sheet.get("name")] = posixpath.normpath(posixpath.join("xl", target))
    return paths


def read_merges(path: str | Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """{sheet name: merged ranges} of an .xlsx file, each range 0-based and inclusive:
    (first row, first column, last row, last column), rows as in :func:`read_workbook`."""
    try:
        with zipfile.ZipFile(path) as book:
            merges = {}
            for name, part in _sheet_paths(book).items():
                if part not in book.namelist():
                    continue
                root = ElementTree.fromstring(book.read(part))
                ranges = []
                for merge in root.iter(f"{_MAIN}mergeCell"):
                    first, _, last = merge.get("ref", "").partition(":")
                    (r0, c0), (r1, c1) = _cell_index(first), _cell_index(last or first)
                    ranges.append((r0, c0, r1, c1))
                merges[name] = ranges
            return merges
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError) as error:
        raise ExcelError(f"{path}: merged cells cannot be read ({error})") from None


def _column_type(values) -> int:
    present = [v for v in values if v is not None and not (isinstance(v, float) and v != v)]
    if not present or any(isinstance(v, bool) for v in present):
        return ogr.OFTString
    if all(isinstance(v, int) for v in present):
        return ogr.OFTInteger64 if any(abs(v) >= 2**31 for v in present) else ogr.OFTInteger
    if all(isinstance(v, (int, float)) for v in present):
        return ogr.OFTReal
    return ogr.OFTString


def sheet_name(name: str) -> str:
    """A valid Excel sheet name (no []:*?/\\, at most 31 characters)."""
    cleaned = "".join("_" if c in _FORBIDDEN_IN_SHEET_NAME else c for c in str(name)).strip("'")
    return cleaned[:MAX_SHEET_NAME] or "Sheet1"


def _write(path: str, sheets: list[tuple[str, list[list]]]) -> None:
    driver = ogr.GetDriverByName("XLSX")
    if driver is None:
        raise ExcelError(tr("GDAL has no XLSX driver"))
    datasource = driver.CreateDataSource(path)
    if datasource is None:
        raise ExcelError(_failed(path, tr("cannot be created")))
    try:
        for sheet, rows in sheets:
            _write_sheet(datasource, path, rows, sheet)
        datasource.FlushCache()
    finally:
        datasource = None  # closing writes the file


def _write_sheet(datasource, path: str, rows: list[list], sheet: str) -> None:
    width = max((len(r) for r in rows), default=0)
    headers = list(rows[0]) + [None] * (width - len(rows[0])) if rows else []
    data = [list(r) + [None] * (width - len(r)) for r in rows[1:]]
    layer = datasource.CreateLayer(sheet_name(sheet), None, ogr.wkbNone)
    if layer is None:
        raise ExcelError(_failed(path, tr("the sheet cannot be created")))
    types = []
    for column, header in enumerate(headers):
        kind = _column_type([row[column] for row in data])
        types.append(kind)
        if layer.CreateField(ogr.FieldDefn(_text(header) or "", kind)) != 0:
            raise ExcelError(tr("{0}: column {1} cannot be created").format(path, column + 1))
    definition = layer.GetLayerDefn()
    for row in data:
        feature = ogr.Feature(definition)
        for column, value in enumerate(row):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if types[column] in (ogr.OFTInteger, ogr.OFTInteger64):
                feature.SetField(column, int(value))
            elif types[column] == ogr.OFTReal:
                feature.SetField(column, float(value))
            else:
                text = _text(value)
                if text is not None:
                    feature.SetField(column, text)
        if layer.CreateFeature(feature) != 0:
            raise ExcelError(tr("{0}: a row cannot be written").format(path))


def write_workbook(path: str | Path, rows: list[list], sheet: str = "Sheet1") -> Path:
    """Write ``rows`` (first row = headers) to a new one-sheet workbook at ``path``.

    Built in a temporary file in the same folder, then renamed over ``path``.
    """
    return write_sheets(path, [(sheet, rows)])


def write_sheets(path: str | Path, sheets: list[tuple[str, list[list]]]) -> Path:
    """A new workbook with one sheet per (name, rows); first row of each = headers."""

    path = Path(path)
    if not sheets or any(not rows for _, rows in sheets):
        raise ExcelError(tr("Nothing to write: no header row"))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", prefix=".ecozoning-", dir=path.parent)
    os.close(handle)
    os.unlink(temporary)  # OGR wants to create it itself
    try:
        gdal.ErrorReset()
        try:
            _write(temporary, sheets)
        except ExcelError:
            raise
        except RuntimeError as error:  # when GDAL exceptions are on
            raise ExcelError(f"{path}: {error}") from None
        if not os.path.isfile(temporary):
            raise ExcelError(tr("{0}: GDAL wrote no file").format(path))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path
