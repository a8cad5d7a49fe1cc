"""The plugin's main job on the sample city, through its own Processing algorithms.

Used by `make demo` (headless) and by the screenshots (inside QGIS desktop).
Each step runs only when its algorithm is registered, so the chain grows with
the plugin.
"""

from __future__ import annotations

import time
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

# sample table -> (layer name used as 子类 / in logs)
PRIORITY = (
    ("red_line", "生态保护红线"),
    ("water_source", "饮用水水源保护区"),
    ("nature_reserve", "自然保护地"),
)
KEY = (("urban_boundary", "城镇生活"), ("key_air", "大气环境重点管控区"))


class Feedback(QgsProcessingFeedback):
    def __init__(self, log):
        super().__init__()
        self.log = log
        self.messages = []

    def pushInfo(self, info):  # noqa: N802
        if not info.startswith("Results:"):  # processing.run's own echo of the outputs
            self.messages.append(info)

    def reportError(self, error, fatalError=False):  # noqa: N802
        self.messages.append(error)
        self.log(f"  ! {error}")


def _layer(sample: Path, table: str, name: str) -> QgsVectorLayer | None:
    layer = QgsVectorLayer(f"{sample}|layername={table}", name, "ogr")
    return layer if layer.isValid() else None


def _have(algorithm: str) -> bool:
    return QgsApplication.processingRegistry().algorithmById(algorithm) is not None


def _gpkg_table(path: Path, table: str, geometry: bool = True) -> str:
    """A Processing destination for a table of the demo GeoPackage."""
    return f"ogr:dbname='{path}' table=\"{table}\"" + (" (geom)" if geometry else "")


def delineation_parameters(sample: Path, database: Path) -> dict:
    """ecozoning:delineateunits on the sample city, writing the units into ``database``."""
    return {
        "ADMIN": _layer(sample, "county", "区县"),
        "ADMIN_CODE_FIELD": "XZQDM",
        "ADMIN_NAME_FIELD": "XZQMC",
        "TOWNSHIPS": _layer(sample, "township", "乡镇街道"),
        "TOWNSHIP_NAME_FIELD": "XZMC",
        "PRIORITY_LAYERS": [lyr for t, n in PRIORITY if (lyr := _layer(sample, t, n))],
        "PARKS": _layer(sample, "park", "产业园区"),
        "PARK_NAME_FIELD": "YQMC",
        "KEY_LAYERS": [lyr for t, n in KEY if (lyr := _layer(sample, t, n))],
        "MIN_AREA": 10000,
        "GENERAL_SPLIT": 1,
        "PROVINCE": "示例省",
        "CITY": "岚溪市",
        "OUTPUT_CRS": "EPSG:4527",
        "OUTPUT": _gpkg_table(database, "units"),
        "OUTPUT_LOG": _gpkg_table(database, "delineation_log", geometry=False),
    }


def run_chain(sample: Path, out: Path, processing, log=print) -> dict:
    """Run every available step; returns {step: (results, seconds, messages)}."""
    out.mkdir(parents=True, exist_ok=True)
    database = out / "demo.gpkg"
    steps = {}
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())

    def run(step, algorithm, parameters):
        feedback = Feedback(log)
        started = time.perf_counter()
        results = processing.run(algorithm, parameters, context=context, feedback=feedback)
        seconds = time.perf_counter() - started
        steps[step] = (results, seconds, feedback.messages)
        log(f"{step:<14} {algorithm:<28} {seconds:6.2f} s")
        return results

    run(
        "project",
        "ecozoning:createproject",
        {"CRS": "EPSG:4527", "OUTPUT": str(database), "OVERWRITE": True},
    )

    if _have("ecozoning:delineateunits"):
        run("delineation", "ecozoning:delineateunits", delineation_parameters(sample, database))
    units = f"{database}|layername=units"

    if _have("ecozoning:unitstatistics") and "delineation" in steps:
        run(
            "statistics",
            "ecozoning:unitstatistics",
            {
                "UNITS": units,
                "OUTPUT": _gpkg_table(database, "unit_statistics", geometry=False),
                "OUTPUT_HTML": str(out / "statistics.html"),
            },
        )

    if _have("ecozoning:checkunits") and "delineation" in steps:
        run(
            "checks",
            "ecozoning:checkunits",
            {
                "UNITS": units,
                "ADMIN": _layer(sample, "county", "区县"),
                "ADMIN_CODE_FIELD": "XZQDM",
                "RED_LINE": _layer(sample, "red_line", "生态保护红线"),
                "FARMLAND": _layer(sample, "farmland", "永久基本农田"),
                "URBAN_BOUNDARY": _layer(sample, "urban_boundary", "城镇开发边界"),
                "PARKS": _layer(sample, "park", "产业园区"),
                "OUTPUT_ERRORS": _gpkg_table(database, "check_results"),
                "OUTPUT_SUMMARY": _gpkg_table(database, "check_summary", geometry=False),
                "OUTPUT_HTML": str(out / "checks.html"),
                "OUTPUT_XLSX": str(out / "checks.xlsx"),
            },
        )
    if _have("ecozoning:importaccesslist") and "delineation" in steps:
        from tools import demo_access_list

        workbook = demo_access_list.write_workbook(out / "demo_access_list.xlsx")
        access = QgsVectorLayer(f"{database}|layername=access_list", "生态环境准入清单", "ogr")
        run(
            "access list",
            "ecozoning:importaccesslist",
            {"INPUT": str(workbook), "FORMAT": 2, "TARGET": access},
        )
        regions = demo_access_list.write_region(sample, database)

    if _have("ecozoning:compliance") and "access list" in steps:
        constraints = [
            lyr
            for t, n in (
                ("red_line", "生态保护红线"),
                ("farmland", "永久基本农田"),
                ("water_source", "饮用水水源保护区"),
                ("nature_reserve", "自然保护地"),
                ("urban_boundary", "城镇开发边界"),
            )
            if (lyr := _layer(sample, t, n))
        ]
        for table, title, buffer in (
            ("project_polygon", "建设项目（面）", 0),
            ("project_line", "建设项目（线）", 0),
            ("project_point", "建设项目（点）", 200),
        ):
            run(
                f"compliance {table.split('_')[1]}",
                "ecozoning:compliance",
                {
                    "PROJECT": _layer(sample, table, title),
                    "PROJECT_NAME_FIELD": "XMMC",
                    "INDUSTRY_FIELD": "HYDM",
                    "BUFFER": buffer,
                    "UNITS": units,
                    "ACCESS_LIST": f"{database}|layername=access_list",
                    "REGIONS": regions,
                    "CONSTRAINTS": constraints,
                    "OUTPUT": _gpkg_table(database, f"compliance_{table}_units"),
                    "OUTPUT_CONSTRAINTS": _gpkg_table(database, f"compliance_{table}_constraints"),
                    "OUTPUT_REQUIREMENTS": _gpkg_table(
                        database, f"compliance_{table}_requirements", geometry=False
                    ),
                    "OUTPUT_PROJECTS": _gpkg_table(
                        database, f"compliance_{table}_projects", geometry=False
                    ),
                    "OUTPUT_REPORT": str(out / "reports"),
                    "LOG": str(database),
                },
            )
    if _have("ecozoning:screenleads") and "access list" in steps:
        from tools import demo_supervision

        sources = demo_supervision.write_sources(sample, database)
        run(
            "screening",
            "ecozoning:screenleads",
            {
                "SOURCES": [
                    QgsVectorLayer(sources["enterprises"], "企业", "ogr"),
                    QgsVectorLayer(sources["change_patches"], "人类活动图斑", "ogr"),
                ],
                "SINCE": demo_supervision.SINCE,
                "UNITS": units,
                "ACCESS_LIST": f"{database}|layername=access_list",
                "REGIONS": regions,
                "RED_LINE": _layer(sample, "red_line", "生态保护红线"),
                "FARMLAND": _layer(sample, "farmland", "永久基本农田"),
                "WATER_SOURCES": _layer(sample, "water_source", "饮用水水源保护区"),
                "PROTECTED_AREAS": _layer(sample, "nature_reserve", "自然保护地"),
                "LOG": str(database),
                "OUTPUT": _gpkg_table(database, "leads"),
                "OUTPUT_COUNTIES": _gpkg_table(database, "leads_by_county", geometry=False),
                "OUTPUT_UNITS": _gpkg_table(database, "leads_by_unit", geometry=False),
                "OUTPUT_HTML": str(out / "leads.html"),
                "OUTPUT_XLSX": str(out / "leads.xlsx"),
            },
        )
    if _have("ecozoning:trackingindicators") and "screening" in steps:
        year = time.localtime().tm_year
        run(
            "tracking",
            "ecozoning:trackingindicators",
            {
                "UNITS": units,
                "RED_LINE": _layer(sample, "red_line", "生态保护红线"),
                "LOG": str(database),
                "LEADS": f"{database}|layername=leads",
                "YEAR_FROM": year - 1,
                "YEAR_TO": year,
                "OUTPUT": _gpkg_table(database, "tracking_indicators", geometry=False),
                "OUTPUT_HTML": str(out / "tracking.html"),
                "OUTPUT_XLSX": str(out / "tracking.xlsx"),
            },
        )
    if _have("ecozoning:exportfieldpackage") and "checks" in steps:
        import shutil

        package = out / "fieldwork_990121"
        if package.exists():
            shutil.rmtree(package)  # the demo's own output of an earlier run
        run(
            "field package",
            "ecozoning:exportfieldpackage",
            {
                "DATABASE": str(database),
                "COUNTIES": "990121",
                "REFERENCES": [
                    lyr
                    for t, n in (
                        ("red_line", "生态保护红线"),
                        ("farmland", "永久基本农田"),
                        ("urban_boundary", "城镇开发边界"),
                    )
                    if (lyr := _layer(sample, t, n))
                ],
                "OUTPUT": str(package),
            },
        )
    if _have("ecozoning:exportwebmap") and "delineation" in steps:
        run(
            "web page",
            "ecozoning:exportwebmap",
            webmap_parameters(sample, database, out / "webmap", "access list" in steps),
        )
    if "delineation" in steps and _have("ecozoning:exportfiling"):
        update_and_file(sample, out, database, run, steps)
    write_report(out / "demo_report.html", database, steps)
    return {"database": database, "steps": steps}


def webmap_parameters(sample: Path, database: Path, folder: Path, with_lists=True) -> dict:
    """ecozoning:exportwebmap of the units in ``database`` (公众查阅 page) into ``folder``."""
    return {
        "UNITS": f"{database}|layername=units",
        "ACCESS_LIST": f"{database}|layername=access_list" if with_lists else None,
        "REGIONS": f"{database}|layername=regions" if with_lists else None,
        "RED_LINE": f"{sample}|layername=red_line",
        "PLACES": f"{sample}|layername=township",
        "PLACE_NAME_FIELD": "XZMC",
        "PLACE_COUNTY_FIELD": "XZQDM",
        "TITLE": "岚溪市生态环境分区管控成果查询",
        "BUREAU": "岚溪市生态环境局（示例）",
        "DATA_VERSION": "2026 年动态更新版（示例数据）",
        "DATA_DATE": "2026-11-23",
        "OUTPUT": str(folder),
    }


MOVED_RED_LINE = "HX9901030006"  # a red-line patch of 枫渡区 (990103), moved 300 m north


def moved_red_line(sample: Path) -> QgsVectorLayer:
    """The red line after an adjustment: one patch of 枫渡区 moved (a memory layer)."""
    from qgis.core import QgsFeature

    source = _layer(sample, "red_line", "生态保护红线")
    layer = QgsVectorLayer(f"MultiPolygon?crs={source.crs().authid()}", "生态保护红线", "memory")
    layer.dataProvider().addAttributes(source.fields().toList())
    layer.updateFields()
    features = []
    for feature in source.getFeatures():
        copy = QgsFeature(feature)
        if feature["HXBH"] == MOVED_RED_LINE:
            geometry = feature.geometry()
            geometry.translate(0, 300)
            copy.setGeometry(geometry)
        features.append(copy)
    layer.dataProvider().addFeatures(features)
    return layer


def update_and_file(sample: Path, out: Path, database: Path, run, steps) -> None:
    """Save the first delineation as version 2025版, update it after a red-line adjustment,
    check the result, write the 2026 filing package and read it back as a version."""
    import shutil

    units = f"{database}|layername=units"
    access = f"{database}|layername=access_list" if "access list" in steps else None
    regions = f"{database}|layername=regions" if "access list" in steps else None
    run(
        "version",
        "ecozoning:saveversion",
        {
            "DATABASE": str(database),
            "VERSION_ID": "2025版",
            "TITLE": "岚溪市生态环境分区管控成果",
            "DOC_NUMBER": "岚政发〔2025〕3号",
            "COMPILED_ON": "2025-01-15",
            "PUBLISHED_ON": "2025-03-01",
            "FILED_ON": "2025-04-10",
            "KIND": 0,
            "AUTHOR": "岚溪市生态环境局",
            "UNITS": units,
            "ACCESS_LIST": access,
            "REGIONS": regions,
        },
    )
    new_red_line = moved_red_line(sample)
    parameters = {
        "UNITS": units,
        "CHANGED_OLD": [_layer(sample, "red_line", "生态保护红线")],
        "CHANGED_NEW": [new_red_line],
        "ADMIN": _layer(sample, "county", "区县"),
        "ADMIN_CODE_FIELD": "XZQDM",
        "ADMIN_NAME_FIELD": "XZQMC",
        "TOWNSHIPS": _layer(sample, "township", "乡镇街道"),
        "TOWNSHIP_NAME_FIELD": "XZMC",
        "PRIORITY_LAYERS": [new_red_line]
        + [lyr for t, n in PRIORITY[1:] if (lyr := _layer(sample, t, n))],
        "PARKS": _layer(sample, "park", "产业园区"),
        "PARK_NAME_FIELD": "YQMC",
        "KEY_LAYERS": [lyr for t, n in KEY if (lyr := _layer(sample, t, n))],
        "MIN_AREA": 10000,
        "GENERAL_SPLIT": 1,
        "PROVINCE": "示例省",
        "CITY": "岚溪市",
        "OUTPUT": _gpkg_table(database, "units_2026"),
        "OUTPUT_IMPACT": _gpkg_table(database, "update_impact", geometry=False),
        "OUTPUT_CHANGES": _gpkg_table(database, "unit_changes_2026"),
        "OUTPUT_REPORT": str(out / "update_report"),
    }
    run("update", "ecozoning:updateunits", parameters)
    updated = f"{database}|layername=units_2026"
    run(
        "checks 2026",
        "ecozoning:checkunits",
        {
            "UNITS": updated,
            "ADMIN": _layer(sample, "county", "区县"),
            "ADMIN_CODE_FIELD": "XZQDM",
            "RED_LINE": new_red_line,
            "FARMLAND": _layer(sample, "farmland", "永久基本农田"),
            "URBAN_BOUNDARY": _layer(sample, "urban_boundary", "城镇开发边界"),
            "PARKS": _layer(sample, "park", "产业园区"),
            "OUTPUT_ERRORS": _gpkg_table(database, "check_results_2026"),
            "OUTPUT_SUMMARY": _gpkg_table(database, "check_summary_2026", geometry=False),
            "OUTPUT_HTML": str(out / "checks_2026.html"),
        },
    )
    package = out / "filing_2026"
    shutil.rmtree(package, ignore_errors=True)
    package.with_suffix(".zip").unlink(missing_ok=True)
    results = run(
        "filing",
        "ecozoning:exportfiling",
        {
            "UNITS": updated,
            "CHECK_RESULTS": f"{database}|layername=check_results_2026",
            "ACCESS_LIST": access,
            "REGIONS": regions,
            "DATABASE": str(database),
            "VERSION_ID": "2026动态更新",
            "TITLE": "岚溪市生态环境分区管控动态更新成果（生态保护红线调整）",
            "DOC_NUMBER": "岚政发〔2026〕11号",
            "COMPILED_ON": "2026-04-20",
            "PUBLISHED_ON": "2026-06-01",
            "KIND": 2,
            "REASON": 0,
            "AUTHOR": "岚溪市生态环境局",
            "OUTPUT": str(package),
        },
    )
    run(
        "import",
        "ecozoning:importfiling",
        {
            "PACKAGE": results["ZIP"],
            "DATABASE": str(database),
            "VERSION_ID": "2026动态更新（备案回读）",
            "OUTPUT_UNITS": "memory:",
        },
    )


# The lifecycle steps' sections of the demo page: (step, title, table, {field: header},
# row filter, links below the table).
_LIFECYCLE_SECTIONS = (
    (
        "screening",
        "监督线索筛查",
        "leads",
        {
            "source_layer": "来源图层",
            "source_key": "要素键",
            "reason": "线索原因",
            "severity": "严重程度",
            "unit_code": "单元编码",
            "requirement_id": "条款编号",
        },
        None,
        '<p><a href="leads.html">线索筛查报告</a>，<a href="leads.xlsx">Excel</a></p>',
    ),
    (
        "tracking",
        "跟踪评估指标（全域）",
        "tracking_indicators",
        {
            "name": "指标",
            "group": "分组",
            "year": "年份",
            "value": "数值",
            "previous": "上一版本",
            "unit": "单位",
        },
        lambda f: f["county_code"] == "全域",
        '<p><a href="tracking.html">跟踪评估报告</a>，<a href="tracking.xlsx">Excel</a></p>',
    ),
    (
        "filing",
        "动态更新（生态保护红线调整）与成果备案",
        "unit_changes_2026",
        {
            "change_zh": "变化",
            "county_code": "行政区划代码",
            "old_codes": "原编码",
            "new_codes": "新编码",
            "area_m2": "面积变化（m²）",
            "review": "论证",
        },
        None,
        '<p><a href="update_report/change_report.html">调整对比报告</a>（含 PDF）；'
        '备案包 <a href="filing_2026/">filing_2026/</a> 与 filing_2026.zip'
        "（含 SHA-256 清单 manifest-sha256.txt），已回读为版本“2026动态更新（备案回读）”。</p>",
    ),
)


def _table_rows(uri: str, fields: list[str], where=None) -> list[list]:
    layer = QgsVectorLayer(uri, "t", "ogr")
    rows = []
    for feature in layer.getFeatures():
        if where is None or where(feature):
            rows.append([feature[f] for f in fields])
    return rows


def write_report(path: Path, database: Path, steps: dict) -> None:
    from eco_zoning.plugin.core.report import page, table

    sections = [
        (
            "运行步骤",
            table(
                ["步骤", "耗时（秒）"],
                [[step, f"{seconds:.2f}"] for step, (_, seconds, _) in steps.items()],
            ),
        )
    ]
    if "statistics" in steps:
        rows = _table_rows(
            f"{database}|layername=unit_statistics",
            ["county_code", "county", "class_name", "unit_count", "area_km2", "share_pct"],
            lambda f: f["level"] == "class",
        )
        sections.append(
            (
                "单元统计",
                table(
                    ["行政区划代码", "县（区）", "分类", "单元数", "面积（km²）", "占比（%）"], rows
                )
                + '<p><a href="statistics.html">统计图表</a></p>',
            )
        )
    if "checks" in steps:
        rows = _table_rows(
            f"{database}|layername=check_summary",
            ["check_code", "severity", "title_zh", "count", "area_m2"],
        )
        sections.append(
            (
                "成果质检汇总",
                table(["检查项", "严重程度", "说明", "数量", "面积（m²）"], rows)
                + '<p><a href="checks.html">质检报告</a></p>',
            )
        )
    conclusions = []
    for step in steps:
        if step.startswith("compliance"):
            projects_table = f"compliance_project_{step.split()[1]}_projects"
            conclusions += _table_rows(
                f"{database}|layername={projects_table}",
                ["project_name", "industry", "unit_codes", "conclusion", "reasons"],
            )
    if conclusions:
        sections.append(
            (
                "建设项目符合性分析",
                table(["项目名称", "行业代码", "涉及单元", "结论", "理由"], conclusions)
                + '<p>各项目报告（HTML、PDF）见 <a href="reports/">reports/</a>。</p>',
            )
        )
    for step, title, layer, columns, where, footer in _LIFECYCLE_SECTIONS:
        if step in steps:
            rows = _table_rows(f"{database}|layername={layer}", list(columns), where)
            sections.append((title, table(list(columns.values()), rows) + footer))
    path.write_text(page("岚溪市生态环境分区管控示例", sections), encoding="utf-8")


def load_results(outputs: dict, project, iface=None) -> None:
    """Add the demo's unit and check layers to a project (for screenshots)."""
    from eco_zoning.plugin.adapters.project_db import add_relation

    database = outputs["database"]
    added = {}
    for table, name in (
        ("check_results", "质检结果"),
        ("units", "环境管控单元"),
        ("access_list", "生态环境准入清单"),
    ):
        layer = QgsVectorLayer(f"{database}|layername={table}", name, "ogr")
        if layer.isValid():
            project.addMapLayer(layer)
            added[table] = layer
    if "units" in added and "access_list" in added:
        add_relation(added["units"], added["access_list"], project)
