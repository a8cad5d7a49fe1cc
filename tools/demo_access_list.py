"""The demo's access list and region: requirements in the layered form of published plans
(province, city, per class, a river-corridor region), as a long-format workbook, and
the 1 km corridor along the sample city's main river as a region with a geometry."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# (id, level, scope code, class filter, dimension, kind, industries, text)
REQUIREMENTS = [
    (
        "S-01",
        "省级",
        "990000",
        0,
        "空间布局约束",
        "禁止",
        "2511,2614",
        "禁止在长江干流及主要支流岸线一公里范围内新建、扩建化工园区和化工项目。",
    ),
    (
        "S-02",
        "省级",
        "990000",
        0,
        "污染物排放管控",
        "要求",
        "",
        "新建、改建、扩建项目实行主要污染物排放等量或减量替代。",
    ),
    (
        "S-03",
        "省级",
        "990000",
        0,
        "环境风险防控",
        "要求",
        "",
        "涉及有毒有害物质的建设项目应编制突发环境事件应急预案并落实防控措施。",
    ),
    (
        "S-04",
        "省级",
        "990000",
        0,
        "资源利用效率",
        "要求",
        "",
        "新建项目单位产品能耗、水耗应达到国内先进水平。",
    ),
    (
        "C-01",
        "市级",
        "990100",
        0,
        "空间布局约束",
        "禁止",
        "3011",
        "城市建成区内禁止新建、扩建水泥熟料项目。",
    ),
    (
        "K-01",
        "分类",
        "990100",
        1,
        "空间布局约束",
        "禁止",
        "B,C",
        "优先保护单元内禁止新建工业项目和矿产资源开发项目，依法依规开展的生态保护修复除外。",
    ),
    (
        "K-02",
        "分类",
        "990100",
        2,
        "污染物排放管控",
        "限制",
        "26,27",
        "化工、医药项目必须进入合规园区，执行大气污染物特别排放限值。",
    ),
    (
        "K-03",
        "分类",
        "990100",
        3,
        "空间布局约束",
        "限制",
        "2511,2614,3011,4411",
        "一般管控单元内限制新建高耗能、高排放项目，确需建设的须开展专题论证。",
    ),
    (
        "R-01",
        "区域",
        "LJ1KM",
        0,
        "空间布局约束",
        "禁止",
        "06",
        "岚江干流岸线一公里范围内禁止新建煤矿等矿产资源开发项目。",
    ),
    (
        "R-02",
        "区域",
        "LJ1KM",
        0,
        "空间布局约束",
        "禁止",
        "26",
        "岚江干流岸线一公里范围内禁止新建化学原料和化学制品制造项目。",
    ),
]


def write_workbook(path: Path) -> Path:
    from eco_zoning.plugin.adapters.excel import write_workbook as write
    from eco_zoning.plugin.core import schema
    from eco_zoning.plugin.core.access import to_long_rows

    frame = pd.DataFrame(
        [
            {
                schema.REQ_ID: rid,
                schema.REQ_SCOPE_LEVEL: level,
                schema.REQ_SCOPE_CODE: code,
                schema.REQ_CLASS_FILTER: cls,
                schema.REQ_DIMENSION: dimension,
                schema.REQ_KIND: kind,
                schema.REQ_INDUSTRIES: industries,
                schema.REQ_TEXT: text,
                schema.REQ_STATUS: "有效",
                schema.REQ_ORDER: n + 1,
                schema.REQ_SOURCE: "岚溪市生态环境分区管控方案（示例）",
            }
            for n, (rid, level, code, cls, dimension, kind, industries, text) in enumerate(
                REQUIREMENTS
            )
        ]
    )
    return write(path, to_long_rows(frame), "准入清单")


def write_region(sample: Path, database: Path) -> str:
    """The 1 km corridor of 岚江 into the project database's region layer; returns its URI."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    from eco_zoning.plugin.core import schema

    river = QgsVectorLayer(f"{sample}|layername=river", "river", "ogr")
    main = [f.geometry() for f in river.getFeatures() if f["HLMC"] == "岚江"]
    corridor = QgsGeometry.unaryUnion(main).buffer(1000, 16)
    corridor.convertToMultiType()
    uri = f"{database}|layername={schema.REGION_TABLE}"
    regions = QgsVectorLayer(uri, "regions", "ogr")  # same CRS as the river (EPSG:4527)
    feature = QgsFeature(regions.fields())
    feature.setGeometry(corridor)
    feature[schema.REGION_ID] = "LJ1KM"
    feature[schema.REGION_NAME] = "岚江干流岸线一公里"
    if not regions.dataProvider().addFeatures([feature])[0]:
        raise RuntimeError(f"region not written to {uri}")
    return uri
