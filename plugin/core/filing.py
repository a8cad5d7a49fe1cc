"""The 备案 (filing) package: manifest of SHA-256 checksums, quality-check statement and
metadata sheet. Pure Python (hashlib, zipfile, pandas); the QGIS algorithms write the
layers and call this module for everything else.

Package layout (file names ASCII, so every receiving system can unpack them):

    filing.gpkg                 units (standard fields), access_list, regions, check_results,
                                unit_statistics, changes, change_summary, metadata, and the
                                boundary-editing journal when the project has one
    shapefile/units.shp …       the units as a Shapefile in GB18030, with units.cpg
    access_list.xlsx            the access list in the published wide format
    statistics.xlsx, .html      area statistics by class and county
    check_report.html           the quality-check statement
    changes/change_report.html  the change report against the previous filed version (+ PDF)
    metadata.xlsx, metadata.json
    manifest-sha256.txt         "<sha256>  <path>" per file (sha256sum format)
"""

from __future__ import annotations

import hashlib
import html
import json
import zipfile
from pathlib import Path

import pandas as pd

from . import report, schema

MANIFEST = "manifest-sha256.txt"
METADATA_JSON = "metadata.json"
PACKAGE_GPKG = "filing.gpkg"
QC_PASSED = "通过"
QC_PASSED_WITH_EXCEPTIONS = "通过（含已确认例外）"
QC_FAILED = "未通过质检"
ERROR_SEVERITY = "错误"
CLOSED_STATUSES = ("例外", "已修改")
EXCEPTION_STATUS = "例外"
# the boundary-editing journal (schema.JOURNAL_TABLE, made by the unit editor; older name)
JOURNAL_TABLES = (schema.JOURNAL_TABLE, "edit_journal")

METADATA_LABELS = (
    (schema.VERSION_ID, "版本号"),
    (schema.VERSION_TITLE, "成果名称"),
    (schema.VERSION_DOC, "文号"),
    (schema.VERSION_COMPILED, "编制日期"),
    (schema.VERSION_PUBLISHED, "发布日期"),
    (schema.VERSION_FILED, "备案日期"),
    (schema.VERSION_KIND, "版本类型"),
    (schema.VERSION_REASON, "调整原因"),
    (schema.VERSION_AUTHOR, "编制单位（人）"),
    (schema.VERSION_NOTE, "说明"),
    ("crs", "坐标系"),
    ("area_rule", "面积计算规则"),
    ("plugin_version", "插件版本"),
    ("qc_status", "质检结论"),
    ("unit_count", "单元数"),
    ("previous_version", "对比的上一备案版本"),
    ("exported_at", "导出时间"),
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_files(folder: Path) -> list[str]:
    """Every file of the package (relative POSIX paths, sorted), the manifest excluded."""
    folder = Path(folder)
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    )


def write_manifest(folder: Path) -> Path:
    folder = Path(folder)
    lines = [f"{sha256_of(folder / name)}  {name}" for name in package_files(folder)]
    path = folder / MANIFEST
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def verify_manifest(folder: Path) -> list[tuple[str, str]]:
    """Problems as (kind, file): kinds "no_manifest", "missing", "mismatch", "unlisted",
    "bad_line". An empty list means every checksum matches."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        return [("no_manifest", MANIFEST)]
    problems, listed = [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or ".." in Path(name).parts:
            problems.append(("bad_line", f"{MANIFEST}:{number}"))
            continue
        listed.add(name)
        target = folder / name
        if not target.is_file():
            problems.append(("missing", name))
        elif sha256_of(target) != digest:
            problems.append(("mismatch", name))
    problems += [("unlisted", name) for name in package_files(folder) if name not in listed]
    return problems


def zip_folder(folder: Path, zip_path: Path) -> Path:
    """The package folder as a zip (entries relative to the folder, UTF-8 names)."""
    folder = Path(folder)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in [*package_files(folder), MANIFEST]:
            archive.write(folder / name, name)
    return Path(zip_path)


def safe_extract(zip_path: Path, folder: Path) -> None:
    """Unpack a package zip, refusing entries that would land outside ``folder``."""
    folder = Path(folder).resolve()
    with zipfile.ZipFile(zip_path) as archive:
        for member in archive.namelist():
            target = (folder / member).resolve()
            if folder not in target.parents and target != folder:
                raise ValueError(member)
        archive.extractall(folder)


# --- quality check -------------------------------------------------------------


def open_errors(checks: pd.DataFrame) -> pd.DataFrame:
    """Check results of severity 错误 not yet fixed (已修改) or accepted (例外)."""
    if checks is None or checks.empty:
        return pd.DataFrame(columns=[] if checks is None else checks.columns)
    status = checks[schema.CHK_STATUS].fillna("").astype(str)
    severity = checks[schema.CHK_SEVERITY].fillna("").astype(str)
    return checks[(severity == ERROR_SEVERITY) & ~status.isin(CLOSED_STATUSES)]


def accepted_exceptions(checks: pd.DataFrame) -> pd.DataFrame:
    if checks is None or checks.empty:
        return pd.DataFrame(columns=[] if checks is None else checks.columns)
    return checks[checks[schema.CHK_STATUS].fillna("").astype(str) == EXCEPTION_STATUS]


def qc_status(checks: pd.DataFrame) -> str:
    if len(open_errors(checks)):
        return QC_FAILED
    return QC_PASSED_WITH_EXCEPTIONS if len(accepted_exceptions(checks)) else QC_PASSED


def describe_errors(errors: pd.DataFrame, limit: int = 10) -> str:
    """A short list naming the open errors: check code, units and message."""
    items = [
        f"{r[schema.CHK_CODE]} {r[schema.CHK_UNITS] or ''} {r[schema.CHK_MESSAGE] or ''}".strip()
        for _, r in errors.head(limit).iterrows()
    ]
    more = len(errors) - limit
    return "; ".join(items) + (f" … (+{more})" if more > 0 else "")


def _check_rows(frame: pd.DataFrame, note: bool) -> list[list]:
    rows = []
    for _, r in frame.iterrows():
        row = [r[schema.CHK_CODE], r[schema.CHK_SEVERITY], r[schema.CHK_UNITS] or ""]
        row += [r[schema.CHK_MESSAGE] or ""]
        if note:
            row.append(r[schema.CHK_NOTE] or "")
        rows.append(row)
    return rows


def check_statement_html(checks: pd.DataFrame, version: str) -> str:
    """The quality-check statement: clean, or every accepted exception with its reason,
    and every open error when the package is written anyway."""
    status = qc_status(checks)
    errors, exceptions = open_errors(checks), accepted_exceptions(checks)
    total = 0 if checks is None else len(checks)
    sections = [
        (
            "质检结论",
            f"<p><b>{html.escape(status)}</b>。质检记录 {total} 条，未处理的错误 {len(errors)} 条，"
            f"已确认的例外 {len(exceptions)} 条。</p>",
        )
    ]
    headers = ["检查项", "严重程度", "单元编码", "说明"]
    if len(errors):
        sections.append(("未处理的错误", report.table(headers, _check_rows(errors, False))))
    if len(exceptions):
        sections.append(
            (
                "已确认的例外及理由",
                report.table([*headers, "例外理由"], _check_rows(exceptions, True)),
            )
        )
    return report.page(f"成果质检说明（{version}）", sections)


# --- metadata --------------------------------------------------------------------


def metadata_rows(meta: dict) -> list[list]:
    """[label, value] rows of the metadata sheet, in a fixed order."""
    return [
        [label, "" if meta.get(key) is None else str(meta.get(key))]
        for key, label in METADATA_LABELS
    ]


def metadata_json(meta: dict) -> str:
    return json.dumps(
        {k: meta.get(k) for k, _ in METADATA_LABELS}, ensure_ascii=False, indent=2, default=str
    )


def read_metadata(folder: Path) -> dict:
    return json.loads((Path(folder) / METADATA_JSON).read_text(encoding="utf-8"))
