"""准入清单 as bureaus publish them (issue #12), without QGIS: item splitting that follows the
numbering, the published header/dimension/class names, merged ranges, invisible characters,
placeholders and the per-unit counts. The same tables read from real .xlsx and .docx files
through processing are in tests/integration/test_access_list_published.py."""

import re

import pandas as pd
import pytest
from access_sources import STANDARD_DIMS, VARIANTS, broken_list, numbered, published
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.core import access as ax
from plugin.core import schema

DIMS = schema.DIMENSIONS_ZH
HEADER = ["单元编码", "单元名称", "分类", *DIMS]


def stored_items(frame) -> dict:
    """{(unit, dimension): [texts in PX order]} of a parsed frame."""
    out: dict = {}
    for _, row in frame.sort_values(schema.REQ_ORDER, kind="stable").iterrows():
        out.setdefault((row[schema.REQ_SCOPE_CODE], row[schema.REQ_DIMENSION]), []).append(
            row[schema.REQ_TEXT]
        )
    return out


def assert_stored_as_written(frame, expected: dict) -> None:
    """One by one: the same count per unit and dimension, the same text without numbering."""
    written = {k: v for k, v in expected.items() if v}
    got = stored_items(frame)
    assert sorted(got) == sorted(written)
    for key, texts in written.items():
        assert len(got[key]) == len(texts), key
        for stored, text in zip(got[key], texts):
            assert stored == text, key
    for (code, dimension), texts in got.items():
        ids = [f"{code}-{ax.DIMENSION_INDEX[dimension]}-{n:02d}" for n in range(1, len(texts) + 1)]
        part = frame[
            (frame[schema.REQ_SCOPE_CODE] == code) & (frame[schema.REQ_DIMENSION] == dimension)
        ]
        assert sorted(part[schema.REQ_ID]) == ids


# --- item splitting -----------------------------------------------------------------------

DIGIT_OPENERS = [
    "2025年底前完成燃煤锅炉淘汰。",
    "35蒸吨/小时以下燃煤锅炉不得新建。",
    "10家企业完成改造。",
]


@pytest.mark.parametrize("style", ["{n}.", "{n}．", "{n}、", "（{n}）", "({n})", "{n})"])
@pytest.mark.parametrize("inline", [False, True])
def test_items_opening_with_digits_split_at_their_number(style, inline):
    texts = ["禁止新建化工项目。", *DIGIT_OPENERS]
    cell = numbered(texts, style, inline)
    items, ambiguous = ax.split_cell(cell)
    assert [i.text for i in items] == texts
    assert [i.number for i in items] == [1, 2, 3, 4]
    # 。2.2025年 is a year; 。3.35蒸吨 inside a line could be a decimal: said so
    assert ambiguous == (inline and style == "{n}.")
    assert not ax.split_cell(numbered(texts[:2], style, inline))[1]


def test_first_item_opening_with_a_number():
    items, ambiguous = ax.split_cell("1.35蒸吨/小时以下燃煤锅炉不得新建。\n2.2025年底前完成。")
    assert [(i.number, i.text) for i in items] == [
        (1, "35蒸吨/小时以下燃煤锅炉不得新建。"),
        (2, "2025年底前完成。"),
    ]
    assert not ambiguous
    # alone in its cell, 1.35 could be a decimal: split, and said so
    items, ambiguous = ax.split_cell("1.35蒸吨/小时以下燃煤锅炉不得新建。")
    assert [(i.number, i.text) for i in items] == [(1, "35蒸吨/小时以下燃煤锅炉不得新建。")]
    assert ambiguous
    # full-width dots and 、 are never decimals
    assert ax.split_cell("1．35蒸吨以下锅炉不得新建。") == (
        [ax.Item(1, "35蒸吨以下锅炉不得新建。")],
        False,
    )


def test_decimals_and_standard_numbers_stay_inside_items():
    texts = [
        "颗粒物排放浓度不高于0.5 mg/m³，\n1.5 公顷以下地块除外。",
        "执行《环境空气质量标准》（GB 3095-2012）二级标准。",
        "PM2.5年均浓度下降10%。",
        "3.5万吨以上项目开展碳评价。",
    ]
    for style in ("{n}.", "{n}、", "（{n}）"):
        items, _ = ax.split_cell(numbered(texts, style))
        assert [i.text for i in items] == texts
    # an unnumbered cell holding decimals is one item
    assert ax.split_items("0.5 吨以下锅炉执行GB 13271-2014。") == [
        ax.Item(None, "0.5 吨以下锅炉执行GB 13271-2014。")
    ]


def test_numbering_never_left_at_the_start_of_an_item():
    for style in ("{n}.", "{n}．", "{n}、", "{n})", "（{n}）", "circled"):
        items, _ = ax.split_cell(numbered(DIGIT_OPENERS, style))
        for item in items:
            assert not ax.split_cell(f"x\n{item.text}")[0][1:] or item.text[0].isdigit()
            assert item.text in DIGIT_OPENERS


def test_ambiguous_numbering_warns_naming_the_cell():
    rows = [
        HEADER,
        ["ZH44060620001", "甲", 2, "1.5公顷以下地块禁止新建。", "1. 甲", "1. 乙", "1. 丙"],
    ]
    frame, report = ax.parse_wide(rows, None, "清单")
    assert report.ok
    assert any("D2" in p.message and "ambiguous" in p.message for p in report.warnings)
    assert list(frame[schema.REQ_TEXT])[0] == "5公顷以下地块禁止新建。"


# --- the names that exist -------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.code + "-" + v.dims[0])
def test_published_tables_in_every_header_variant(variant):
    table = published(variant, count=10, seed=3)
    frame, report = ax.parse_wide(table.grid, None, "清单", table.merges)
    assert report.ok, [str(p) for p in report.errors]
    assert_stored_as_written(frame, table.expected)
    subtypes = {c.unit: c.subtype for c in report.counts}
    assert subtypes == table.subtypes


@pytest.mark.parametrize(
    "header", [*schema.ACCESS_CODE_HEADERS_ZH, "HJZHGKDYBM", " 环境综合管控单元编码\u3000"]
)
def test_every_code_header(header):
    rows = [
        [header, "单元名称", "分类", *DIMS],
        ["ZH44060620001", "甲", 2, "1. a", "1. b", "1. c", "1. d"],
    ]
    frame, report = ax.parse_wide(rows)
    assert report.ok and len(frame) == 4


@pytest.mark.parametrize("header", schema.ACCESS_NAME_HEADERS_ZH)
def test_every_name_header(header):
    rows = [
        ["单元编码", header, "分类", *DIMS],
        ["ZH44060620001", "甲", 2, "1. a", "1. b", "1. c", "1. d"],
    ]
    frame, report = ax.parse_wide(rows, {"ZH44060620001": {"name": "乙", "class": 2}})
    assert report.ok and len(frame) == 4
    assert any("differs from the unit layer (乙)" in p.message for p in report.warnings)


@pytest.mark.parametrize("header", schema.ACCESS_CLASS_HEADERS_ZH)
def test_every_class_header(header):
    rows = [
        ["单元编码", "单元名称", header, *DIMS],
        ["ZH44060620001", "甲", "城镇生活重点管控单元", "1. a"],
    ]
    frame, report = ax.parse_wide(rows)
    assert report.ok and len(frame) == 1
    assert {c.subtype for c in report.counts} == {"城镇生活"}


@pytest.mark.parametrize("header", schema.ACCESS_COUNTY_HEADERS_ZH)
def test_every_county_header_is_read_past(header):
    rows = [[header, "单元编码", "分类", *DIMS], ["禅城区", "ZH44060620001", 2, "1. a"]]
    frame, report = ax.parse_wide(rows)
    assert report.ok and len(frame) == 1
    assert any("holds no requirements" in p.message for p in report.warnings)


@pytest.mark.parametrize("header", sorted(schema.DIMENSION_SYNONYMS_ZH))
def test_every_dimension_variant(header):
    standard = schema.DIMENSION_SYNONYMS_ZH[header]
    rows = [["单元编码", "分类", header], ["ZH44060620001", 2, "1.2025年前完成。\n2.禁止新建。"]]
    frame, report = ax.parse_wide(rows)
    assert report.ok
    assert list(frame[schema.REQ_DIMENSION]) == [standard, standard]
    assert list(frame[schema.REQ_TEXT]) == ["2025年前完成。", "禁止新建。"]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("产业集聚重点管控单元", (2, "产业集聚")),
        ("城镇生活重点管控单元", (2, "城镇生活")),
        ("重点管控单元（城镇生活类）", (2, "城镇生活")),
        ("重点管控单元-产业集聚类", (2, "产业集聚")),
        ("优先保护单元（生态保护红线）", (1, "生态保护红线")),
        ("一般管控单元", (3, "")),
        ("重点管控区", (2, "")),
        ("2", (2, "")),
        ("/", (None, "")),
    ],
)
def test_class_read_from_the_class_word(label, expected):
    assert ax.parse_class_label(label) == expected


def test_two_class_words_are_still_wrong():
    with pytest.raises(ValueError):
        ax.parse_class_label("优先保护或重点管控")


def test_skipped_sheet_names_the_missing_column_and_the_headers_seen():
    sheets = {
        "说明": [["本清单适用于全市"], ["编号", "区域", "要求"]],
        "清单": [HEADER, ["ZH44060620001", "甲", 2, "1. a"]],
    }
    frame, report = ax.parse_workbook(sheets)
    assert report.ok and len(frame) == 1
    skipped = [p for p in report.warnings if p.sheet == "说明"]
    assert len(skipped) == 1
    assert "环境管控单元编码" in skipped[0].message or "单元编码" in skipped[0].message
    assert "headers seen: 编号、区域、要求" in skipped[0].message


# --- merged cells, invisible characters, placeholders -----------------------------------


def test_merged_class_and_dimension_cells_fill_down_with_one_summary_line():
    rows = [
        HEADER,
        ["ZH44060620001", "甲", "重点管控单元", "1. 甲一\n2. 甲二", "1. 共用", "1. a", "1. b"],
        ["ZH44060620002", "乙", None, None, None, "1. c", "1. d"],
        ["ZH44060620003", "丙", None, "1. 丙一", "1. 丙", "1. e", "1. f"],
    ]
    merges = [(1, 2, 3, 2), (1, 4, 2, 4), (0, 3, 0, 6)]
    frame, report = ax.parse_wide(rows, None, "清单", merges)
    assert report.ok, report.errors
    got = stored_items(frame)
    assert got[("ZH44060620002", DIMS[1])] == ["共用"]
    assert got[("ZH44060620003", DIMS[1])] == ["丙"]
    assert ("ZH44060620002", DIMS[0]) not in got
    assert not any("class" in p.message for p in report.warnings)
    assert len(report.notes) == 1
    assert "2 class and 1 dimension cells filled down" in report.notes[0].message


def test_merged_code_cell_continues_its_unit_without_a_warning_per_row():
    rows = [
        HEADER,
        ["ZH44060620001", "甲", 2, "1. 甲一", "1. 乙", "1. 丙", "1. 丁"],
        [None, None, None, "2. 甲二", None, None, None],
        [None, None, None, "3.2025年前完成。", None, None, None],
    ]
    frame, report = ax.parse_wide(rows, None, "清单", [(1, 0, 3, 0), (1, 2, 3, 2)])
    assert stored_items(frame)[("ZH44060620001", DIMS[0])] == ["甲一", "甲二", "2025年前完成。"]
    assert not any("continuation" in p.message for p in report.warnings)
    assert "2 rows under a merged code cell" in report.notes[0].message


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u00a0", "\u3000", "\u2060", "\u200d"])
def test_codes_with_invisible_characters(invisible):
    known = {"ZH44060620001": {"name": "甲", "class": 2}}
    rows = [
        HEADER,
        [f"{invisible}ZH44060620001{invisible}", "甲", 2, "1. a", "1. b", "1. c", "1. d"],
    ]
    frame, report = ax.parse_wide(rows, known)
    assert report.ok, report.errors
    assert set(frame[schema.REQ_SCOPE_CODE]) == {"ZH44060620001"}


def test_unknown_code_shows_its_invisible_characters():
    known = {"ZH44060620001": {"name": "甲", "class": 2}}
    rows = [HEADER, ["ZH44060620002\u200b\x07", "甲", 2, "1. a"]]
    _, report = ax.parse_wide(rows, known)
    (error,) = report.errors
    assert "ZH44060620002\\u0007" in error.message
    assert "\\u200b" in error.message
    assert "\u200b" not in error.message


@pytest.mark.parametrize("placeholder", ["/", "／", "—", "-", "－", "无", "暂无", " 无 "])
def test_placeholders_count_as_empty_and_are_listed(placeholder):
    rows = [HEADER, ["ZH44060620001", "甲", 2, "1. a", placeholder, "1. c", "1. d"]]
    frame, report = ax.parse_wide(rows, None, "清单")
    assert report.ok
    assert set(stored_items(frame)) == {("ZH44060620001", d) for d in (DIMS[0], DIMS[2], DIMS[3])}
    assert report.placeholders == [("清单", "E2", placeholder.strip())]
    assert any("E2" in n.message and "placeholders" in n.message for n in report.notes)


# --- counts ---------------------------------------------------------------------------------


def test_counts_per_unit_and_dimension_read_beside_stored():
    table = published(VARIANTS[0], count=8, seed=5)
    frame, report = ax.parse_wide(table.grid, None, "清单", table.merges)
    rows = ax.count_rows(frame, report)
    assert [r[1] for r in rows] == list(table.subtypes)
    for _, unit, _, *pairs in rows:
        for dimension, (read, stored) in zip(STANDARD_DIMS, pairs):
            assert read == stored == len(table.expected[(unit, dimension)])
    page = ax.import_report_html(frame, report, "清单.xlsx")
    assert "原文 / 已存" in page
    # an empty item is read but not stored: the difference shows
    rows = [HEADER, ["ZH44060620001", "甲", 2, "1. a\n2.\n3. c"]]
    frame, report = ax.parse_wide(rows)
    assert ax.count_rows(frame, report)[0][3] == (3, 2)
    assert "3 / 2 ≠" in ax.import_report_html(frame, report)
    # nothing imported: nothing stored
    assert ax.count_rows(frame, report, imported=False)[0][3] == (3, 0)


# --- round trips with texts that open with numbers ------------------------------------------

opening_text = st.builds(
    lambda number, joint, rest: f"{number}{joint}{rest}",
    st.integers(0, 3000).map(str),
    st.sampled_from(["", ".5", ".35", "．5", "年", "家", "万吨", ".2025年", "、"]),
    st.text(
        alphabet="禁止新建项目企业水气土年底前完成。，；0123456789.GB -", min_size=1, max_size=40
    )
    .map(str.strip)
    .filter(lambda t: t and t[0] not in "0123456789.-"),
).filter(lambda t: not re.search(r"[。；]\s*\d", t))  # 。2.… would be split: export warns


@settings(max_examples=150, deadline=None)
@given(st.lists(opening_text, min_size=1, max_size=5))
def test_texts_opening_with_numbers_survive_export_and_import(texts):
    assert [i.text for i in ax.split_items(ax.join_items(texts))] == texts
    code = "ZH44060620001"
    reqs = pd.DataFrame(
        [ax.unit_requirement(code, DIMS[0], n, t) for n, t in enumerate(texts, start=1)],
        columns=ax.COLUMNS,
    )
    frame, report = ax.parse_wide(ax.to_wide_rows(reqs, {}))
    assert report.ok
    assert list(frame[schema.REQ_TEXT]) == texts
    assert ax.texts_split_on_import(reqs) == []


def test_generated_tables_hold_every_numbering_style_with_digit_openers():
    """The published tables used above (and in the Excel and Word integration tests) have,
    in every style, an item after the first that opens with digits."""
    table = published(VARIANTS[0], count=12, seed=1)
    cells = [c for row in table.grid[3:] for c in row[5:] if isinstance(c, str)]
    for style in ("{n}.", "{n}．", "{n}、", "（{n}）", "({n})", "{n})"):
        marks = tuple(style.format(n=n) for n in range(2, 5))
        assert any(
            any(f"{mark}{digit}" in cell for mark in marks for digit in "0123456789")
            for cell in cells
        ), style


def test_word_list_broken_into_tables_without_headers():
    table, tables, merges = broken_list()
    frame, report = ax.parse_workbook(tables, None, "auto", merges, continued_tables=True)
    assert report.ok, report.errors
    assert_stored_as_written(frame, table.expected)
    assert any("表2 has no header" in n.message and "row 10" in n.message for n in report.notes)
    # Excel sheets are never joined: the second is skipped, naming what it lacks
    _, report = ax.parse_workbook(tables, None, "auto", merges)
    assert any(p.sheet == "表2" and "skipped" in p.message for p in report.warnings)
