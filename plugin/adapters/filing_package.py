"""Assembling the 备案 package in a temporary folder (renamed into place only when
complete) and reading one back. Layout and checks: ``plugin/core/filing.py``."""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core import area, filing, schema, tables
from ..core.run import Cancelled  # noqa: F401 (callers catch filing_package.Cancelled)
from . import excel
from .area_rule import rule_for
from .changes_io import write_report
from .fields import qgs_fields
from .filing_io import SHAPEFILE_ENCODING, copy_layer, write_layer


@dataclass
class PackageInput:
    """Everything the package holds; frames use the schema's column names."""

    units: object  # frame in the units' own CRS
    units_crs: object
    units_work: object  # the same units in the official 3° zone (statistics, changes)
    work_crs: object
    meta: dict
    checks: object = None  # frame of check results (CHECK_FIELDS, geometry in units_crs)
    access_list: object = None
    regions: object = None
    previous_work: object = None  # previous filed version's units in the 3° zone
    journal: object = None  # QgsVectorLayer of the boundary-editing journal
    extra: dict = field(default_factory=dict)


def _stat_fields():
    return qgs_fields(tables.STATISTICS)


def _meta_fields():
    return qgs_fields(tables.FILING_META)


def _frame_rows(frame, columns, headers) -> list[list]:
    return [list(headers)] + [[r[c] for c in columns] for _, r in frame.iterrows()]


class PackageWriter:
    """Writes the package into ``folder`` (must not exist, or be empty) and its zip."""

    def __init__(self, package: PackageInput, folder, feedback=None):
        self.p = package
        self.target = Path(folder)
        self.feedback = feedback
        self.written = {}

    def step(self, percent):
        if self.feedback is not None:
            if self.feedback.isCanceled():
                raise Cancelled()
            self.feedback.setProgress(percent)

    def write(self) -> tuple[Path, Path]:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{self.target.name}-", dir=self.target.parent))
        zip_tmp = None
        try:
            self.write_all(work)
            filing.write_manifest(work)
            self.step(95)
            zip_path = self.target.with_suffix(".zip")
            zip_tmp = work.with_suffix(".zip.partial")
            filing.zip_folder(work, zip_tmp)
            if self.target.exists():
                self.target.rmdir()  # empty (checked by the caller)
            os.replace(work, self.target)
            os.replace(zip_tmp, zip_path)
            return self.target, zip_path
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
            if zip_tmp is not None and zip_tmp.exists():
                zip_tmp.unlink()

    def write_all(self, work: Path) -> None:
        gpkg = work / filing.PACKAGE_GPKG
        p = self.p
        self.written["units"] = write_layer(
            gpkg, schema.UNIT_TABLE, p.units, qgs_fields(schema.UNIT_FIELDS), p.units_crs
        )
        self.step(20)
        shp = work / "shapefile"
        shp.mkdir()
        write_layer(
            shp / "units.shp",
            None,
            p.units,
            qgs_fields(schema.UNIT_FIELDS),
            p.units_crs,
            driver="ESRI Shapefile",
            encoding=SHAPEFILE_ENCODING,
        )
        if not (shp / "units.cpg").exists():  # GDAL writes it; make sure of it
            (shp / "units.cpg").write_text(SHAPEFILE_ENCODING, encoding="ascii")
        self.step(35)
        self.write_tables(work, gpkg)
        self.step(55)
        self.write_statistics(work, gpkg)
        self.step(70)
        self.write_changes(work, gpkg)
        self.step(85)
        self.write_metadata(work, gpkg)

    def write_tables(self, work: Path, gpkg: Path) -> None:
        p = self.p
        if p.access_list is not None:
            self.written["access_list"] = write_layer(
                gpkg, schema.ACCESS_LIST_TABLE, p.access_list, qgs_fields(schema.ACCESS_LIST_FIELDS)
            )
            self.write_access_excel(work / "access_list.xlsx")
        if p.regions is not None:
            self.written["regions"] = write_layer(
                gpkg, schema.REGION_TABLE, p.regions, qgs_fields(schema.REGION_FIELDS), p.units_crs
            )
        checks = p.checks
        if checks is not None:
            self.written["check_results"] = write_layer(
                gpkg, schema.CHECK_TABLE, checks, qgs_fields(schema.CHECK_FIELDS), p.units_crs
            )
        page = filing.check_statement_html(checks, str(p.meta.get(schema.VERSION_ID) or ""))
        (work / "check_report.html").write_text(page, encoding="utf-8")
        if p.journal is not None:
            copy_layer(p.journal, gpkg, "edit_journal")
            self.written["edit_journal"] = p.journal.featureCount()

    def write_access_excel(self, path: Path) -> None:
        from ..core import access as access_excel

        units = {
            r[schema.UNIT_CODE]: {
                schema.UNIT_NAME: r.get(schema.UNIT_NAME),
                schema.UNIT_CLASS: r.get(schema.UNIT_CLASS),
            }
            for _, r in self.p.units.iterrows()
        }
        frame = self.p.access_list.copy()
        for name in schema.field_names(schema.ACCESS_LIST_FIELDS):
            if name not in frame:
                frame[name] = None
        rows = access_excel.to_wide_rows(frame, units)
        excel.write_workbook(path, rows, schema.ACCESS_LIST_TABLE_NAME)

    def write_statistics(self, work: Path, gpkg: Path) -> None:
        from ..core import statistics

        with area.using(rule_for(self.p.work_crs)):
            stats = statistics.unit_statistics(self.p.units_work)
        write_layer(gpkg, "unit_statistics", stats, _stat_fields())
        headers = ["行政区划代码", "县（区）", "统计层级", "分类", "分类名称", "子类", "单元数"]
        headers += ["面积（平方公里）", "面积占比（%）"]
        excel.write_workbook(
            work / "statistics.xlsx",
            _frame_rows(stats, list(stats.columns), headers),
            "单元统计",
        )
        (work / "statistics.html").write_text(statistics.statistics_html(stats), encoding="utf-8")

    def write_changes(self, work: Path, gpkg: Path) -> None:
        from ..core import changes

        p = self.p
        if p.previous_work is None:
            return
        with area.using(rule_for(p.work_crs)):
            result = changes.compare(p.previous_work, p.units_work)
        write_layer(gpkg, "changes", result.changes, qgs_fields(tables.CHANGES), p.work_crs)
        write_layer(gpkg, "change_summary", result.summary, qgs_fields(tables.CHANGE_SUMMARY))
        header = [
            ["对比版本", str(p.meta.get("previous_version") or "")],
            ["本版本", str(p.meta.get(schema.VERSION_ID) or "")],
        ]
        write_report(
            work / "changes", result, p.units_work, p.work_crs, "环境管控单元调整对比报告", header
        )
        self.written["changes"] = len(result.changes)

    def write_metadata(self, work: Path, gpkg: Path) -> None:
        import pandas as pd

        meta = dict(self.p.meta)
        meta.setdefault("exported_at", _dt.datetime.now().replace(microsecond=0).isoformat())
        rows = filing.metadata_rows(meta)
        frame = pd.DataFrame(
            [[k, label, value] for (k, _), (label, value) in zip(filing.METADATA_LABELS, rows)],
            columns=["key", "label", "value"],
        )
        write_layer(gpkg, "metadata", frame, _meta_fields())
        excel.write_workbook(work / "metadata.xlsx", [["项目", "内容"], *rows], "元数据")
        (work / filing.METADATA_JSON).write_text(filing.metadata_json(meta), encoding="utf-8")
