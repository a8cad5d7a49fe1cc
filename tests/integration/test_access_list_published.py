"""准入清单 as bureaus publish them, through processing.run, from real .xlsx and .docx files:
merged cells, published header names, items opening with digits, invisible characters and
placeholders; every stored requirement compared with what was written (issue #12)."""

import hashlib
from pathlib import Path

import pytest
from access_sources import (
    STANDARD_DIMS,
    VARIANTS,
    Published,
    broken_list,
    docx_rows,
    published,
    write_word,
    write_xlsx,
)
from docx_writer import Cell, write_docx
from layers import box, memory_layer
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

from eco_zoning.plugin.adapters import excel, word
from eco_zoning.plugin.core import schema
from eco_zoning.processing_provider.algorithms.export_access_list import ExportAccessList
from eco_zoning.processing_provider.algorithms.import_access_list import ImportAccessList

IMPORT = "ecozoning:importaccesslist"
EXPORT = "ecozoning:exportaccesslist"
WRITERS = {"xlsx": write_xlsx, "docx": write_word}


@pytest.fixture(scope="module", autouse=True)
def registered(processing_ready):
    registry = QgsApplication.processingRegistry()
    for cls in (ImportAccessList, ExportAccessList):
        if registry.algorithmById(f"ecozoning:{cls.NAME}") is None:
            processing_ready.addAlgorithm(cls())


@pytest.fixture
def project(tmp_path, run_algorithm):
    path = tmp_path / "工程库.gpkg"
    run_algorithm("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    return path


def target(path):
    return f"{path}|layername={schema.ACCESS_LIST_TABLE}"


def requirements(path) -> dict:
    layer = QgsVectorLayer(target(path), "清单", "ogr")
    assert layer.isValid()
    return {f[schema.REQ_ID]: f for f in layer.getFeatures()}


def units_layer(table):
    rows = []
    for n, code in enumerate(table.subtypes):
        attributes = {
            schema.UNIT_CODE: code,
            schema.UNIT_NAME: f"{code[2:8]}单元{n + 1}",
            schema.UNIT_CLASS: int(code[8]),
        }
        rows.append((box(n * 2, 0, n * 2 + 2, 2), attributes))
    fields = {schema.UNIT_CODE: "string", schema.UNIT_NAME: "string", schema.UNIT_CLASS: "integer"}
    return memory_layer("环境管控单元", rows, fields)


def assert_stored_as_written(stored: dict, expected: dict) -> None:
    """One by one: the same count per unit and dimension, the same text without numbering."""
    by_key: dict = {}
    for feature in sorted(stored.values(), key=lambda f: f[schema.REQ_ORDER]):
        key = (feature[schema.REQ_SCOPE_CODE], feature[schema.REQ_DIMENSION])
        by_key.setdefault(key, []).append(feature[schema.REQ_TEXT])
    written = {k: v for k, v in expected.items() if v}
    assert set(by_key) == set(written)
    for key, texts in written.items():
        assert len(by_key[key]) == len(texts), key
        assert by_key[key] == texts, key


@pytest.mark.parametrize("suffix", sorted(WRITERS))
@pytest.mark.parametrize("variant", range(len(VARIANTS)))
def test_published_list_is_stored_item_by_item(tmp_path, project, run_algorithm, suffix, variant):
    table = published(VARIANTS[variant], count=12, seed=variant + 1)
    source = WRITERS[suffix](table, tmp_path / f"准入清单.{suffix}")
    report_path = tmp_path / "报告.html"
    results, feedback, _ = run_algorithm(
        IMPORT,
        {
            "INPUT": source,
            "UNITS": units_layer(table),
            "TARGET": target(project),
            "OUTPUT_REPORT": str(report_path),
        },
    )
    expected_count = sum(len(v) for v in table.expected.values())
    assert results["IMPORTED"] == expected_count
    assert_stored_as_written(requirements(project), table.expected)
    log = "\n".join(feedback.messages)
    assert (
        f"Items read from the source: {expected_count}; requirements stored: {expected_count}"
        in log
    )
    assert "1 dimension cells filled down" in log
    page = report_path.read_text(encoding="utf-8")
    assert "原文 / 已存" in page and "placeholders read as empty cells" in page
    assert page.count("≠") == 0
    for subtype in {s for s in table.subtypes.values() if s}:
        assert subtype in page


def test_word_automatic_numbering_and_line_breaks(tmp_path, run_algorithm):
    header = ["单元编码", "单元名称", "管控单元类别", *STANDARD_DIMS]
    texts = ["2025年底前完成搬迁。", "禁止新建化工项目。", "0.5吨以下锅炉执行GB 13271-2014。"]
    rows = [
        header,
        [
            "ZH44060620001",
            "甲",
            "城镇生活重点管控单元",
            Cell("\n".join(texts), auto_numbered=True),
            "1、2025年前完成。\v限期整改。\n2、10家企业完成改造。",
            "/",
            Cell("节约用水。", auto_numbered=True),
        ],
    ]
    source = write_docx(tmp_path / "附表.docx", [rows])
    results, _, _ = run_algorithm(IMPORT, {"INPUT": str(source), "OUTPUT": "TEMPORARY_OUTPUT"})
    output = results["OUTPUT"]
    stored = {f[schema.REQ_ID]: f[schema.REQ_TEXT] for f in output.getFeatures()}
    assert stored == {
        "ZH44060620001-1-01": texts[0],
        "ZH44060620001-1-02": texts[1],
        "ZH44060620001-1-03": texts[2],
        "ZH44060620001-2-01": "2025年前完成。\n限期整改。",
        "ZH44060620001-2-02": "10家企业完成改造。",
        "ZH44060620001-4-01": "节约用水。",
    }


def test_word_import_export_import_is_identical(tmp_path, run_algorithm):
    table = published(VARIANTS[1], count=15, seed=9)
    source = write_word(table, tmp_path / "附表1.docx")
    first = tmp_path / "first.gpkg"
    second = tmp_path / "second.gpkg"
    for path in (first, second):
        run_algorithm("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    layer = units_layer(table)
    run_algorithm(IMPORT, {"INPUT": source, "UNITS": layer, "TARGET": target(first)})
    exported = tmp_path / "导出.xlsx"
    run_algorithm(
        EXPORT, {"ACCESS_LIST": target(first), "UNITS": layer, "FORMAT": 0, "OUTPUT": str(exported)}
    )
    run_algorithm(IMPORT, {"INPUT": str(exported), "UNITS": layer, "TARGET": target(second)})
    keys = (
        schema.REQ_SCOPE_LEVEL,
        schema.REQ_SCOPE_CODE,
        schema.REQ_DIMENSION,
        schema.REQ_TEXT,
        schema.REQ_KIND,
        schema.REQ_ORDER,
        schema.REQ_STATUS,
    )
    once, twice = requirements(first), requirements(second)
    assert len(once) == sum(len(v) for v in table.expected.values())
    assert sorted(once) == sorted(twice)
    for rid, feature in once.items():
        assert [feature[k] for k in keys] == [twice[rid][k] for k in keys], rid
    again = tmp_path / "再导出.xlsx"
    run_algorithm(
        EXPORT, {"ACCESS_LIST": target(second), "UNITS": layer, "FORMAT": 0, "OUTPUT": str(again)}
    )
    assert excel.read_workbook(again) == excel.read_workbook(exported)


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_bad_word_document_changes_nothing_and_says_why(tmp_path, project, run_algorithm):
    table = published(VARIANTS[0], count=6, seed=2)
    layer = units_layer(table)
    run_algorithm(
        IMPORT,
        {
            "INPUT": write_word(table, tmp_path / "a.docx"),
            "UNITS": layer,
            "TARGET": target(project),
        },
    )
    before, count = digest(project), len(requirements(project))
    table.grid[3][2] = "ZH44060620099\u200b"  # unknown, with a zero-width space
    table.grid[2][5] = "空间布局"  # not a dimension
    bad = write_word(table, tmp_path / "b.docx")
    report_path = tmp_path / "b.html"
    parameters = {
        "INPUT": bad,
        "UNITS": layer,
        "TARGET": target(project),
        "REPLACE_UNIT_ROWS": True,
        "OUTPUT_REPORT": str(report_path),
    }
    with pytest.raises(QgsProcessingException, match="problems in the workbook; nothing was"):
        run_algorithm(IMPORT, parameters)
    assert digest(project) == before and len(requirements(project)) == count
    page = report_path.read_text(encoding="utf-8")
    assert "unknown dimension column 空间布局" in page
    assert "unknown unit code ZH44060620099 (cell text “ZH44060620099\\u200b”)" in page
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(QgsProcessingException, match="Word document could not be read"):
        run_algorithm(IMPORT, {**parameters, "INPUT": str(broken)})
    assert digest(project) == before


def test_word_tables_read_as_rows_with_merged_ranges(tmp_path):
    table = published(VARIANTS[2], count=6, seed=4)
    sheets, merges = word.read_tables(write_word(table, tmp_path / "t.docx"))
    assert list(sheets) == ["表1"]
    width = max(len(r) for r in table.grid)
    padded = [list(r) + [None] * (width - len(r)) for r in sheets["表1"]]
    # Word cells are read as stripped text (the BOM inside stays; the parser drops it)
    expected = [
        [None if v is None else str(v).strip() for v in r] + [None] * (width - len(r))
        for r in table.grid
    ]
    assert padded == expected
    assert sorted(merges["表1"]) == sorted(table.merges)
    xlsx = write_xlsx(table, tmp_path / "t.xlsx")
    assert sorted(excel.read_merges(xlsx)["禅城区"]) == sorted(table.merges)


def test_word_list_broken_into_tables(tmp_path, run_algorithm):
    table, tables, merges = broken_list(seed=8)
    parts = [Published(tables[name], merges.get(name, [])) for name in tables]
    path = write_docx(tmp_path / "分表.docx", [docx_rows(p) for p in parts])
    results, feedback, _ = run_algorithm(
        IMPORT, {"INPUT": str(path), "UNITS": units_layer(table), "OUTPUT": "TEMPORARY_OUTPUT"}
    )
    stored = {f[schema.REQ_ID]: f for f in results["OUTPUT"].getFeatures()}
    assert_stored_as_written(stored, table.expected)
    assert any("表2 has no header" in m for m in feedback.messages)
