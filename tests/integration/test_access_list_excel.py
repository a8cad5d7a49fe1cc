"""准入清单 Excel import/export through processing.run, into a project database."""

import hashlib
import random

import pytest
from layers import box, memory_layer
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

from eco_zoning.plugin.adapters import excel
from eco_zoning.plugin.core import access as ax
from eco_zoning.plugin.core import schema
from eco_zoning.processing_provider.algorithms.export_access_list import ExportAccessList
from eco_zoning.processing_provider.algorithms.import_access_list import ImportAccessList

IMPORT = "ecozoning:importaccesslist"
EXPORT = "ecozoning:exportaccesslist"
DIMS = schema.DIMENSIONS_ZH


@pytest.fixture(scope="module", autouse=True)
def registered(processing_ready):
    """Until the provider lists them: add the two algorithms to the provider object."""
    registry = QgsApplication.processingRegistry()
    for cls in (ImportAccessList, ExportAccessList):
        if registry.algorithmById(f"ecozoning:{cls.NAME}") is None:
            processing_ready.addAlgorithm(cls())
    assert registry.algorithmById(IMPORT) is not None
    assert registry.algorithmById(EXPORT) is not None


# --- data ----------------------------------------------------------------------------

COUNTIES = {"440604": "禅城区", "440605": "南海区", "440606": "顺德区"}
INDUSTRIES = ("化工", "电镀", "印染", "制革", "造纸", "水泥", "平板玻璃", "陶瓷")
TEMPLATES = (
    "禁止新建、扩建{i}项目。",
    "严格控制{i}行业新增产能，新建项目须实行污染物排放“减量替代”。",
    "鼓励{i}企业开展清洁生产审核，提高水资源重复利用率。",
    "允许在现有厂区内进行不增加污染物排放量的技术改造。",
    "执行《{i}工业污染物排放标准》（GB 21900-2008）特别排放限值；PM2.5年均浓度不高于25μg/m³。",
    "落实以下要求：\n（1）{i}企业建立环境风险应急预案；\n（2）定期开展应急演练。",
    "单位GDP能耗下降率达到上级下达目标，地下水开采量控制在0.5万m³/a以内。",
    "Enterprises shall comply with ISO 14001; 重点排污单位安装在线监测设备。",
)


def make_units(count=300, seed=7):
    rng = random.Random(seed)
    units, serials = {}, {}
    for n in range(count):
        county = rng.choice(sorted(COUNTIES))
        unit_class = rng.choice((1, 2, 2, 3))
        serials[(county, unit_class)] = serials.get((county, unit_class), 0) + 1
        code = schema.DEFAULT_CODE_RULE.make(county, unit_class, serials[(county, unit_class)])
        name = f"{COUNTIES[county]}{schema.CLASS_UNIT_SUFFIX_ZH[unit_class]}{serials[(county, unit_class)]}"
        units[code] = {"name": name, "class": unit_class, "box": n}
    return units


def unit_layer(units):
    rows = []
    for code, info in units.items():
        n = info["box"]
        x, y = (n % 20) * 2, (n // 20) * 2
        rows.append(
            (
                box(x, y, x + 2, y + 2),
                {
                    schema.UNIT_CODE: code,
                    schema.UNIT_NAME: info["name"],
                    schema.UNIT_CLASS: info["class"],
                    schema.UNIT_COUNTY_CODE: code[2:8],
                },
            )
        )
    return memory_layer(
        "环境管控单元",
        rows,
        {
            schema.UNIT_CODE: "string",
            schema.UNIT_NAME: "string",
            schema.UNIT_CLASS: "integer",
            schema.UNIT_COUNTY_CODE: "string",
        },
    )


def wide_rows(units, seed=11, empty_share=0.1):
    """A published-style wide sheet in the export's own layout (so export == import)."""
    rng = random.Random(seed)
    rows = [list(ax.WIDE_HEADERS)]
    for code in sorted(units):
        cells = []
        for _ in DIMS:
            if rng.random() < empty_share:
                cells.append(None)
                continue
            texts = [
                rng.choice(TEMPLATES).format(i=rng.choice(INDUSTRIES))
                for _ in range(rng.randint(1, 5))
            ]
            cells.append(ax.join_items(texts))
        unit = units[code]
        rows.append([code, unit["name"], schema.CLASS_UNIT_SUFFIX_ZH[unit["class"]], *cells])
    return rows


def item_count(rows):
    return sum(len(ax.split_items(cell)) for row in rows[1:] for cell in row[3:] if cell)


@pytest.fixture
def project(tmp_path, run_algorithm):
    path = tmp_path / "工程库.gpkg"
    run_algorithm("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    return path


def table(path):
    layer = QgsVectorLayer(f"{path}|layername={schema.ACCESS_LIST_TABLE}", "清单", "ogr")
    assert layer.isValid()
    return layer


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def features(layer):
    return {f[schema.REQ_ID]: f for f in layer.getFeatures()}


# --- tests ---------------------------------------------------------------------------


def test_adapter_round_trip_keeps_chinese_newlines_and_types(tmp_path):
    rows = [
        ["单元编码", "名称 ", "分类", "空间布局约束"],
        [
            "ZH44060620002",
            "禅城区<重点>&管控",
            2,
            "1. 禁止新建化工项目。\n2. 严格控制“两高”项目；\n3. 执行 GB 3838—2002",
        ],
        [],
        ["ZH44060610001", None, 1.5, "  前后空格  "],
    ]
    path = excel.write_workbook(tmp_path / "目录 a" / "清单.xlsx", rows, "准入清单")
    sheets = excel.read_workbook(path)
    assert list(sheets) == ["准入清单"]
    assert sheets["准入清单"] == [
        ["单元编码", "名称 ", "分类", "空间布局约束"],
        ["ZH44060620002", "禅城区<重点>&管控", "2", rows[1][3]],
        [],
        ["ZH44060610001", None, "1.5", "  前后空格  "],
    ]
    assert [p.name for p in path.parent.iterdir()] == ["清单.xlsx"]  # no temporary left
    with pytest.raises(excel.ExcelError):
        excel.read_workbook(tmp_path / "missing.xlsx")


def test_wide_workbook_imports_into_project_and_exports_identically(
    tmp_path, project, run_algorithm
):
    units = make_units(300)
    rows = wide_rows(units)
    source = excel.write_workbook(tmp_path / "佛山市准入清单.xlsx", rows, "准入清单")
    layer = unit_layer(units)
    report_path = tmp_path / "导入报告.html"
    results, feedback, _ = run_algorithm(
        IMPORT,
        {
            "INPUT": str(source),
            "FORMAT": 0,
            "UNITS": layer,
            "TARGET": f"{project}|layername={schema.ACCESS_LIST_TABLE}",
            "OUTPUT_REPORT": str(report_path),
        },
    )
    expected = item_count(rows)
    assert expected > 1500
    assert results["IMPORTED"] == expected
    target = table(project)
    assert target.featureCount() == expected
    stored = features(target)
    first_code = sorted(units)[0]
    first_cell = next(c for c in rows[1][3:] if c)
    dimension = DIMS[rows[1][3:].index(first_cell)]
    first = stored[ax.requirement_id(first_code, dimension, 1)]
    assert first[schema.REQ_TEXT] == ax.split_items(first_cell)[0].text
    assert first[schema.REQ_SCOPE_LEVEL] == "单元" and first[schema.REQ_ORDER] == 1
    assert first[schema.REQ_KIND] in schema.REQ_KINDS_ZH
    assert not first[schema.REQ_CHANGED].isNull()
    assert "准入清单导入报告" in report_path.read_text(encoding="utf-8")

    out = tmp_path / "导出.xlsx"
    results, feedback, _ = run_algorithm(
        EXPORT,
        {
            "ACCESS_LIST": f"{project}|layername={schema.ACCESS_LIST_TABLE}",
            "UNITS": layer,
            "FORMAT": 0,
            "OUTPUT": str(out),
        },
    )
    assert results["ROWS"] == 300
    assert (
        excel.read_workbook(out)[schema.ACCESS_LIST_TABLE_NAME]
        == excel.read_workbook(source)["准入清单"]
    )


def test_bad_workbook_changes_nothing(tmp_path, project, run_algorithm):
    units = make_units(40)
    layer = unit_layer(units)
    good = excel.write_workbook(tmp_path / "good.xlsx", wide_rows(units, empty_share=0))
    target_uri = f"{project}|layername={schema.ACCESS_LIST_TABLE}"
    run_algorithm(IMPORT, {"INPUT": str(good), "UNITS": layer, "TARGET": target_uri})
    count = table(project).featureCount()
    before = digest(project)

    codes = sorted(units)
    rows = [
        [
            "单元编码",
            "单元名称",
            "分类",
            "空间布局约束",
            "污染物排放管控",
            "环境风险",
            "资源利用效率",
        ],
        [codes[0], units[codes[0]]["name"], 2, "1. 禁止新建化工项目。", "1. a", "1. b", "1. c"],
        ["ZH44060620099", "不存在", 2, "1. x", "1. x", "1. x", "1. x"],
        [codes[1], units[codes[1]]["name"], 2, "1. x", None, "1. x", "1. x"],
        [codes[1], units[codes[1]]["name"], 2, "1. x", "1. x", "1. x", "1. x"],
        [None, "无编码单元", 3, None, None, None, None],
        [codes[2], units[codes[2]]["name"], "第四类", "1. x", "1. x", "1. x", "1. x"],
    ]
    bad = excel.write_workbook(tmp_path / "bad.xlsx", rows, "错表")
    report_path = tmp_path / "bad.html"
    with pytest.raises(QgsProcessingException, match="5 problems in the workbook; nothing was"):
        run_algorithm(
            IMPORT,
            {
                "INPUT": str(bad),
                "UNITS": layer,
                "TARGET": target_uri,
                "REPLACE_UNIT_ROWS": True,
                "OUTPUT_REPORT": str(report_path),
            },
        )
    assert table(project).featureCount() == count
    assert digest(project) == before
    page = report_path.read_text(encoding="utf-8")
    for text in (
        "unknown unit code ZH44060620099",
        f"duplicate unit {codes[1]} (already in row 4)",
        "unknown dimension column 环境风险",
        "empty unit code",
        "wrong class value",
        f"unit {codes[1]} has nothing in 污染物排放管控",
        "nothing was imported",
    ):
        assert text in page


def test_errors_are_logged_with_sheet_row_and_column(tmp_path, project, run_algorithm):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.errors = []

        def reportError(self, error, fatalError=False):  # noqa: N802
            self.errors.append(error)

    units = make_units(5)
    rows = wide_rows(units, empty_share=0)
    rows[2][0] = "ZH44060620099"
    bad = excel.write_workbook(tmp_path / "bad.xlsx", rows, "错表")
    feedback = Feedback()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    with pytest.raises(QgsProcessingException, match="1 problem in the workbook"):
        processing.run(
            IMPORT,
            {"INPUT": str(bad), "UNITS": unit_layer(units), "OUTPUT": "TEMPORARY_OUTPUT"},
            context=context,
            feedback=feedback,
        )
    assert any(
        "[错表, row 3, A 环境管控单元编码] 未知单元编码 ZH44060620099" in e for e in feedback.errors
    )


def test_reimport_needs_replace_and_replaces_all_or_nothing(tmp_path, project, run_algorithm):
    units = make_units(30)
    layer = unit_layer(units)
    target_uri = f"{project}|layername={schema.ACCESS_LIST_TABLE}"
    first = excel.write_workbook(tmp_path / "v1.xlsx", wide_rows(units, seed=1, empty_share=0))
    run_algorithm(IMPORT, {"INPUT": str(first), "UNITS": layer, "TARGET": target_uri})
    count = table(project).featureCount()
    with pytest.raises(QgsProcessingException, match="nothing was imported"):
        run_algorithm(IMPORT, {"INPUT": str(first), "UNITS": layer, "TARGET": target_uri})
    assert table(project).featureCount() == count

    rows = wide_rows(units, seed=2, empty_share=0)
    second = excel.write_workbook(tmp_path / "v2.xlsx", rows)
    results, _, _ = run_algorithm(
        IMPORT,
        {"INPUT": str(second), "UNITS": layer, "TARGET": target_uri, "REPLACE_UNIT_ROWS": True},
    )
    assert results["REPLACED"] == count
    assert table(project).featureCount() == item_count(rows)
    texts = {f[schema.REQ_ID]: f[schema.REQ_TEXT] for f in table(project).getFeatures()}
    code = sorted(units)[0]
    assert texts[ax.requirement_id(code, DIMS[0], 1)] == ax.split_items(rows[1][3])[0].text


def test_target_in_edit_mode_is_refused(tmp_path, project, run_algorithm):
    units = make_units(3)
    source = excel.write_workbook(tmp_path / "a.xlsx", wide_rows(units))
    from qgis.core import QgsProject

    layer = table(project)
    QgsProject.instance().addMapLayer(layer)  # as in QGIS: the project owns the layer being edited
    layer.startEditing()
    try:
        with pytest.raises(QgsProcessingException, match="edit mode"):
            run_algorithm(IMPORT, {"INPUT": str(source), "TARGET": layer})
    finally:
        layer.rollBack()
        QgsProject.instance().removeMapLayer(layer.id())


def test_numbering_styles_merged_cells_and_stray_white_space(tmp_path, run_algorithm):
    rows = [
        ["XX市生态环境准入清单"],
        [
            " 环境管控单元编码　",
            "单元名称 ",
            "管控类别",
            "空间布局约束 ",
            "污染物排放管控",
            "环境风险防控",
            "资源开发效率要求",
        ],
        [
            " ZH44060620001 ",
            "甲单元",
            2.0,
            "1、禁止新建化工项目。\n2、严格控制印染项目。",
            "（1）执行特别排放限值。\n（2）总量替代。",
            "①建立应急预案。②定期演练。",
            "(1)鼓励中水回用。",
        ],
        [None, None, None, "3、可适度发展生态旅游。", None, None, "(2)提高用水效率。"],  # merged
        [
            "ZH44060630001",
            "乙单元",
            "一般管控单元",
            "1.落实总体要求。",
            "一、达标排放。\n二、加强监管。",
            "1）排查隐患。",
            "节约用水。",
        ],
    ]
    source = excel.write_workbook(tmp_path / "styles.xlsx", rows, "清单")
    report_path = tmp_path / "styles.html"
    results, feedback, context = run_algorithm(
        IMPORT,
        {
            "INPUT": str(source),
            "FORMAT": 1,
            "OUTPUT": "TEMPORARY_OUTPUT",
            "OUTPUT_REPORT": str(report_path),
        },
    )
    output = results["OUTPUT"]
    stored = {f[schema.REQ_ID]: f for f in output.getFeatures()}
    expected = {
        "ZH44060620001-1-01": ("禁止新建化工项目。", "禁止"),
        "ZH44060620001-1-02": ("严格控制印染项目。", "限制"),
        "ZH44060620001-1-03": ("可适度发展生态旅游。", "允许"),
        "ZH44060620001-2-01": ("执行特别排放限值。", "要求"),
        "ZH44060620001-2-02": ("总量替代。", "要求"),
        "ZH44060620001-3-01": ("建立应急预案。", "要求"),
        "ZH44060620001-3-02": ("定期演练。", "要求"),
        "ZH44060620001-4-01": ("鼓励中水回用。", "鼓励"),
        "ZH44060620001-4-02": ("提高用水效率。", "要求"),
        "ZH44060630001-1-01": ("落实总体要求。", "要求"),
        "ZH44060630001-2-01": ("达标排放。", "要求"),
        "ZH44060630001-2-02": ("加强监管。", "要求"),
        "ZH44060630001-3-01": ("排查隐患。", "要求"),
        "ZH44060630001-4-01": ("节约用水。", "要求"),
    }
    assert {k: (f[schema.REQ_TEXT], f[schema.REQ_KIND]) for k, f in stored.items()} == expected
    assert stored["ZH44060620001-1-03"][schema.REQ_ORDER] == 3
    page = report_path.read_text(encoding="utf-8")
    assert "empty code cell read as a continuation of unit ZH44060620001" in page
    assert results["OUTPUT_REPORT"] == str(report_path)


def test_real_merged_cells(tmp_path, run_algorithm):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "清单"
    sheet.append(["单元编码", "单元名称", "分类", *DIMS])
    sheet.append(["ZH44060620001", "甲", "重点管控", "1. 甲一", "1. 乙", "1. 丙", "1. 丁"])
    sheet.append([None, None, None, "2. 甲二", None, None, None])
    sheet.append(["ZH44060620002", "乙", "重点管控", "1. 戊", "1. 己", "1. 庚", "1. 辛"])
    for column in "ABC":
        sheet.merge_cells(f"{column}2:{column}3")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    results, _, context = run_algorithm(IMPORT, {"INPUT": str(path), "OUTPUT": "TEMPORARY_OUTPUT"})
    output = results["OUTPUT"]
    texts = {f[schema.REQ_ID]: f[schema.REQ_TEXT] for f in output.getFeatures()}
    assert texts["ZH44060620001-1-02"] == "甲二"
    assert len(texts) == 9


def test_long_format_round_trip(tmp_path, project, run_algorithm):
    units = make_units(20)
    layer = unit_layer(units)
    target_uri = f"{project}|layername={schema.ACCESS_LIST_TABLE}"
    wide = excel.write_workbook(tmp_path / "w.xlsx", wide_rows(units))
    run_algorithm(IMPORT, {"INPUT": str(wide), "UNITS": layer, "TARGET": target_uri})
    # add a province-level requirement through a long sheet
    extra = [
        [
            "条款编号",
            "适用层级",
            "适用范围代码",
            "适用分类",
            "管控维度",
            "管控要求",
            "生效日期",
            "排序",
        ],
        [
            "GD-001",
            "省级",
            "440000",
            "全部",
            "环境风险防控",
            "严禁在饮用水水源保护区内设置排污口。",
            "2021/1/1",
            1,
        ],
    ]
    long_in = excel.write_workbook(tmp_path / "l.xlsx", extra)
    run_algorithm(IMPORT, {"INPUT": str(long_in), "FORMAT": 2, "TARGET": target_uri})
    stored = features(table(project))
    assert stored["GD-001"][schema.REQ_KIND] == "禁止"
    assert stored["GD-001"][schema.REQ_EFFECTIVE].toString("yyyy-MM-dd") == "2021-01-01"

    out = tmp_path / "long.xlsx"
    results, feedback, _ = run_algorithm(
        EXPORT, {"ACCESS_LIST": target_uri, "FORMAT": 1, "OUTPUT": str(out)}
    )
    exported = excel.read_workbook(out)[schema.ACCESS_LIST_TABLE_NAME]
    assert results["ROWS"] == len(stored) == len(exported) - 1
    assert exported[1][0] == "GD-001"  # province level first

    other = tmp_path / "other.gpkg"
    run_algorithm("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(other)})
    other_uri = f"{other}|layername={schema.ACCESS_LIST_TABLE}"
    run_algorithm(IMPORT, {"INPUT": str(out), "TARGET": other_uri})
    again = tmp_path / "again.xlsx"
    run_algorithm(EXPORT, {"ACCESS_LIST": other_uri, "FORMAT": 1, "OUTPUT": str(again)})
    changed = len(schema.ACCESS_LIST_FIELDS) - 1  # 更新时间 is set by each import

    def strip(rows):
        return [row[:changed] for row in rows]

    assert strip(excel.read_workbook(again)[schema.ACCESS_LIST_TABLE_NAME]) == strip(exported)

    # the wide export leaves the province requirement out and says so
    results, feedback, _ = run_algorithm(
        EXPORT, {"ACCESS_LIST": other_uri, "FORMAT": 0, "OUTPUT": str(tmp_path / "w2.xlsx")}
    )
    assert results["ROWS"] == 20
