"""生态环境准入清单 Excel rows: parsing, validation, export and round trips (no QGIS)."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plugin.core import access as ax
from plugin.core import schema

DIMS = schema.DIMENSIONS_ZH
HEADER = ["单元编码", "单元名称", "分类", *DIMS]
KNOWN = {
    "ZH44060620002": {"name": "佛山市禅城区重点管控单元1", "class": 2},
    "ZH44060610001": {"name": "禅城区优先保护单元1", "class": 1},
    "ZH44060630001": {"name": "禅城区一般管控单元", "class": 3},
}


def _by_id(frame):
    return frame.set_index(schema.REQ_ID)


def _messages(problems):
    return "\n".join(str(p) for p in problems)


# --- item splitting ---------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "1. 禁止新建化工项目。\n2. 严格控制高耗水项目。",
        "1.禁止新建化工项目。\n2.严格控制高耗水项目。",
        "1．禁止新建化工项目。\n2．严格控制高耗水项目。",
        "1、禁止新建化工项目。\n2、严格控制高耗水项目。",
        "(1)禁止新建化工项目。\n(2)严格控制高耗水项目。",
        "（1）禁止新建化工项目。\n（2）严格控制高耗水项目。",
        "1）禁止新建化工项目。\n2）严格控制高耗水项目。",
        "①禁止新建化工项目。\n②严格控制高耗水项目。",
        "①禁止新建化工项目。②严格控制高耗水项目。",
        "一、禁止新建化工项目。\n二、严格控制高耗水项目。",
        "（一）禁止新建化工项目。\n（二）严格控制高耗水项目。",
        "1、禁止新建化工项目。2、严格控制高耗水项目。",  # one line, after 。
        "  1. 禁止新建化工项目。  \r\n   2. 严格控制高耗水项目。\n",  # stray white space, CRLF
    ],
)
def test_numbering_styles(cell):
    assert ax.split_items(cell) == [
        ax.Item(1, "禁止新建化工项目。"),
        ax.Item(2, "严格控制高耗水项目。"),
    ]


def test_items_keep_sub_items_decimals_and_continuation_lines():
    cell = (
        "1. 禁止以下项目：\n  （1）新建燃煤锅炉；\n  （2）扩建电镀项目。\n"
        "2. PM2.5 年均浓度达标，\n1.5 公顷以下地块除外。\n3. 执行GB 3838-2002。"
    )
    items = ax.split_items(cell)
    assert [i.number for i in items] == [1, 2, 3]
    assert items[0].text == "禁止以下项目：\n  （1）新建燃煤锅炉；\n  （2）扩建电镀项目。"
    assert items[1].text == "PM2.5 年均浓度达标，\n1.5 公顷以下地块除外。"


def test_unnumbered_cell_and_preamble():
    assert ax.split_items("落实区县总体管控要求。\n加强监管。") == [
        ax.Item(None, "落实区县总体管控要求。\n加强监管。")
    ]
    assert ax.split_items("执行以下要求：\n1. 甲\n2. 乙") == [
        ax.Item(None, "执行以下要求："),
        ax.Item(1, "甲"),
        ax.Item(2, "乙"),
    ]
    assert ax.split_items(None) == [] and ax.split_items("  ") == []
    # mid-line markers must carry the next number
    assert [i.number for i in ax.split_items("1. 见第3. 条。5. 不拆")] == [1]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("禁止新建化工项目", "禁止"),
        ("严禁围垦湖泊", "禁止"),
        ("新建项目不得占用生态保护红线", "禁止"),
        ("严格控制高耗水项目", "限制"),
        ("限制发展高污染行业", "限制"),
        ("严控新增建设用地", "限制"),
        ("鼓励发展节能环保产业，禁止落后产能", "鼓励"),  # the start wins
        ("在满足要求的前提下允许建设", "允许"),
        ("可适度发展生态旅游", "允许"),
        ("原则上不允许新建", "禁止"),
        ("落实排污许可制度", "要求"),
    ],
)
def test_infer_kind(text, kind):
    assert ax.infer_kind(text) == kind


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        (2.0, 2),
        ("3", 3),
        ("2.0", 2),
        (" 重点管控 ", 2),
        ("优先保护单元", 1),
        ("一般管控区", 3),
    ],
)
def test_parse_class(value, expected):
    assert ax.parse_class(value) == expected


@pytest.mark.parametrize("value", ["4", 2.5, "重点", "x"])
def test_parse_class_refuses(value):
    with pytest.raises(ValueError):
        ax.parse_class(value)


# --- wide import ---------------------------------------------------------------------


def test_parse_wide_realistic_headers_and_values():
    rows = [
        ["附件2  佛山市禅城区生态环境准入清单"],  # a title row above the header
        [
            "序号",
            " 环境管控单元编码 ",
            "环境管控单元名称",
            "管控单元类别",
            "空间布局约束",
            "污染物排放管控",
            "环境风险防控",
            "资源开发效率要求",
        ],
        [
            1.0,
            "ZH44060620002 ",
            "佛山市禅城区重点管控单元1",
            2.0,
            "1. 禁止新建化工项目。\n2. 严格控制高耗水项目。",
            "（1）落实总量控制。",
            "①建立应急预案。",
            "1、鼓励中水回用。",
        ],
        [2, "ＺＨ44060610001", "禅城区优先保护单元1", "优先保护", "1. 禁止开发建设。", "", "", ""],
    ]
    frame, report = ax.parse_wide(rows, KNOWN, sheet="清单")
    assert report.ok, _messages(report.errors)
    req = _by_id(frame)
    assert list(frame[schema.REQ_ID]) == [
        "ZH44060620002-1-01",
        "ZH44060620002-1-02",
        "ZH44060620002-2-01",
        "ZH44060620002-3-01",
        "ZH44060620002-4-01",
        "ZH44060610001-1-01",
    ]
    first = req.loc["ZH44060620002-1-02"]
    assert first[schema.REQ_TEXT] == "严格控制高耗水项目。"
    assert first[schema.REQ_KIND] == "限制"
    assert first[schema.REQ_ORDER] == 2
    assert first[schema.REQ_SCOPE_LEVEL] == "单元"
    assert first[schema.REQ_SCOPE_CODE] == "ZH44060620002"
    assert first[schema.REQ_CLASS_FILTER] == 0
    assert first[schema.REQ_STATUS] == "有效"
    assert req.loc["ZH44060620002-4-01", schema.REQ_DIMENSION] == "资源利用效率"  # synonym
    assert req.loc["ZH44060620002-4-01", schema.REQ_KIND] == "鼓励"
    assert req.loc["ZH44060610001-1-01", schema.REQ_SCOPE_CODE] == "ZH44060610001"  # full width
    # warnings: 序号 column ignored, three empty dimension cells of the second unit
    columns = sorted(p.column for p in report.warnings)
    assert columns == ["A 序号", "F 污染物排放管控", "G 环境风险防控", "H 资源开发效率要求"]
    assert all(p.sheet == "清单" for p in report.warnings)
    empty = [p for p in report.warnings if "nothing in" in p.message]
    assert {p.row for p in empty} == {4}


def test_header_synonyms_full_width_and_ascii_names():
    rows = [
        ["ＨＪＺＨＧＫＤＹＢＭ", "名称 ", "ZHGKDYFL", "空间布局约束要求", "污染物排放管控"],
        ["ZH44060630001", "禅城区一般管控单元", "3", "执行总体要求。", "达标排放。"],
    ]
    frame, report = ax.parse_wide(rows, KNOWN)
    assert report.ok
    assert ax.detect_format(rows) == "wide"
    assert list(frame[schema.REQ_DIMENSION]) == ["空间布局约束", "污染物排放管控"]
    assert list(frame[schema.REQ_ORDER]) == [1, 1]
    # two dimension columns missing from the sheet are warned about
    assert sum("no column for dimension" in p.message for p in report.warnings) == 2


def test_two_row_header():
    rows = [
        ["环境管控单元编码", "环境管控单元名称", "管控单元分类", "管控要求", None, None, None],
        [None, None, None, *DIMS],
        ["ZH44060620002", "佛山市禅城区重点管控单元1", "重点管控单元", "a", "b", "c", "d"],
    ]
    frame, report = ax.parse_wide(rows, KNOWN)
    assert report.ok and report.warnings == []
    assert len(frame) == 4


def test_merged_cells_are_continuations():
    rows = [
        HEADER,
        [
            "ZH44060620002",
            "佛山市禅城区重点管控单元1",
            2,
            "1. 甲。\n2. 乙。",
            "1. 丙。",
            "1. 丁。",
            None,
        ],
        [None, None, None, "3. 戊。", None, None, "1. 己。"],  # merged code/name/class cells
        ["ZH44060630001", "禅城区一般管控单元", 3, "1. 庚。", "1. 辛。", "1. 壬。", "1. 癸。"],
    ]
    frame, report = ax.parse_wide(rows, KNOWN)
    assert report.ok
    req = _by_id(frame)
    assert req.loc["ZH44060620002-1-03", schema.REQ_TEXT] == "戊。"
    assert req.loc["ZH44060620002-4-01", schema.REQ_TEXT] == "己。"
    assert len(frame) == 10
    (warning,) = [p for p in report.warnings if "continuation" in p.message]
    assert warning.row == 3 and warning.column == "A 单元编码"
    assert "ZH44060620002" in warning.message


def test_numbering_that_does_not_run_warns_and_orders_by_position():
    rows = [HEADER, ["ZH44060630001", "禅城区一般管控单元", 3, "1. 甲\n3. 乙", "x", "y", "z"]]
    frame, report = ax.parse_wide(rows, KNOWN)
    assert report.ok
    assert list(frame[schema.REQ_ORDER][:2]) == [1, 2]
    assert any("does not run" in p.message and p.row == 2 for p in report.warnings)


def test_bad_wide_sheet_reports_every_problem():
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
        ["ZH44060620002", "佛山市禅城区重点管控单元1", 2, "1. a", "1. b", "1. c", "1. d"],
        ["ZH44060620099", "不存在的单元", 2, "1. a", "1. b", "1. c", "1. d"],  # unknown
        ["ZH44060620002", "佛山市禅城区重点管控单元1", 2, "1. a", "1. b", "1. c", "1. d"],  # dup
        [None, "没有编码的单元", 3, "1. a", "1. b", "1. c", "1. d"],  # empty code
        ["ZH44060630001", "禅城区一般管控单元", "四类", "1. a", None, "1. c", "1. d"],  # class
        ["ZH44060610001", "名字不对", 1, "1. a", "1. b", "1. c", "1. d"],  # name mismatch
    ]
    frame, report = ax.parse_wide(rows, KNOWN, sheet="S1")
    assert not report.ok
    found = {(p.row, p.column) for p in report.errors}
    assert found == {
        (1, "F 环境风险"),
        (3, "A 单元编码"),
        (4, "A 单元编码"),
        (5, "A 单元编码"),
        (6, "C 分类"),
    }
    text = _messages(report.errors)
    assert "未知单元编码 ZH44060620099 / unknown unit code ZH44060620099" in text
    assert "unknown dimension column 环境风险" in text
    assert "duplicate unit ZH44060620002 (already in row 2)" in text
    assert "empty unit code" in text
    assert "wrong class value '四类'" in text
    assert all(p.sheet == "S1" for p in report.errors)
    warnings = _messages(report.warnings)
    assert "name of unit ZH44060610001" in warnings
    assert "unit ZH44060630001 has nothing in 污染物排放管控" in warnings


def test_class_mismatch_warnings():
    rows = [HEADER, ["ZH44060620002", "佛山市禅城区重点管控单元1", 3, "a", "b", "c", "d"]]
    _, report = ax.parse_wide(rows, KNOWN)
    assert report.ok
    assert "class of unit ZH44060620002 (3) differs" in _messages(report.warnings)
    _, report = ax.parse_wide(rows)  # no unit layer: compare with the code's class digit
    assert "differs from the class digit 2" in _messages(report.warnings)


def test_no_code_column():
    frame, report = ax.parse_wide([["名称", "空间布局约束"], ["a", "b"]])
    assert not report.ok and frame.empty
    assert ax.detect_format([["名称", "空间布局约束"]]) is None


# --- long import ------------------------------------------------------------------------


def _long_requirements():
    rows = [
        dict(
            zip(
                ax.COLUMNS,
                [
                    "P-001",
                    "省级",
                    "440000",
                    0,
                    "空间布局约束",
                    "全省禁止新建燃煤自备电厂。",
                    "禁止",
                    "4411",
                    "《大气污染防治法》",
                    "粤府〔2020〕71号",
                    dt.date(2021, 1, 1),
                    "有效",
                    1,
                    dt.datetime(2024, 5, 6, 7, 8, 9),
                ],
            )
        ),
        dict(
            zip(
                ax.COLUMNS,
                [
                    "K-002",
                    "分类",
                    "440600",
                    2,
                    "污染物排放管控",
                    "重点管控单元执行特别排放限值。",
                    "要求",
                    None,
                    None,
                    None,
                    None,
                    "废止",
                    2,
                    None,
                ],
            )
        ),
        dict(
            zip(
                ax.COLUMNS,
                [
                    "ZH44060620002-1-01",
                    "单元",
                    "ZH44060620002",
                    0,
                    "空间布局约束",
                    "禁止新建化工项目。\n（含扩建）",
                    "禁止",
                    None,
                    None,
                    None,
                    None,
                    "有效",
                    1,
                    None,
                ],
            )
        ),
    ]
    return pd.DataFrame(rows, columns=ax.COLUMNS)


def test_long_round_trip_keeps_every_field():
    reqs = _long_requirements()
    rows = ax.to_long_rows(reqs)
    assert rows[0] == [s.alias_zh for s in schema.ACCESS_LIST_FIELDS]
    assert [r[0] for r in rows[1:]] == ["P-001", "K-002", "ZH44060620002-1-01"]  # level order
    assert rows[1][10] == "2021-01-01" and rows[1][13] == "2024-05-06 07:08:09"
    assert ax.detect_format(rows) == "long"
    frame, report = ax.parse_long(rows, KNOWN)
    assert report.ok and report.warnings == []
    # pandas 3 stores the empty cells of a text column as NaN: expect them as None, as read
    expected = reqs.astype(object).where(reqs.notna(), None)
    pd.testing.assert_frame_equal(
        _by_id(frame).sort_index(), _by_id(expected).sort_index(), check_dtype=False
    )


def test_long_accepts_field_names_and_english_aliases_and_fills_defaults():
    rows = [
        ["TKBH", "Scope level", "适用范围代码 ", "WD", "管控要求"],
        ["X1", "县", "440606", "资源开发效率要求", "可利用再生水。"],
    ]
    frame, report = ax.parse_long(rows)
    assert report.ok
    row = frame.iloc[0]
    assert row[schema.REQ_SCOPE_LEVEL] == "县级"
    assert row[schema.REQ_DIMENSION] == "资源利用效率"
    assert row[schema.REQ_KIND] == "允许"  # inferred
    assert row[schema.REQ_STATUS] == "有效" and row[schema.REQ_CLASS_FILTER] == 0


def test_bad_long_sheet():
    rows = [
        [
            "条款编号",
            "适用层级",
            "适用范围代码",
            "管控维度",
            "管控要求",
            "要求类型",
            "生效日期",
            "排序",
            "其他",
        ],
        ["A", "单元", "ZH44060620002", "空间布局约束", "甲", "禁止", "2024-01-01", "1", "x"],
        ["A", "单元", "ZH44060620002", "空间布局约束", "乙", None, None, None, None],  # dup id
        ["B", "乡镇", "440606", "空间布局约束", "丙", None, None, None, None],  # level
        ["C", "单元", "ZH44060620099", "生态保护", "丁", "应当", "明年", "一", None],
        ["D", "市级", "", "空间布局约束", "", None, None, None, None],  # empty code and text
    ]
    frame, report = ax.parse_long(rows, KNOWN, sheet="L")
    assert not report.ok
    found = sorted((p.row, p.column) for p in report.errors)
    assert found == [
        (3, "A 条款编号"),
        (4, "B 适用层级"),
        (5, "C 适用范围代码"),
        (5, "D 管控维度"),
        (5, "F 要求类型"),
        (5, "G 生效日期"),
        (5, "H 排序"),
        (6, "C 适用范围代码"),
        (6, "E 管控要求"),
    ]
    assert "duplicate requirement id A (already in row 2)" in _messages(report.errors)
    assert [p.column for p in report.warnings] == ["I 其他"]
    assert list(frame[schema.REQ_ID]) == ["A"]


def test_long_missing_column():
    _, report = ax.parse_long([["条款编号", "管控维度", "管控要求"], ["a", "空间布局约束", "x"]])
    assert {p.message.split(" / ")[1] for p in report.errors} == {
        "column 适用层级 (FWJB) is missing",
        "column 适用范围代码 (FWDM) is missing",
    }


# --- workbooks -----------------------------------------------------------------------


def test_workbook_skips_notes_and_finds_cross_sheet_duplicates():
    wide = [HEADER, ["ZH44060620002", "佛山市禅城区重点管控单元1", 2, "a", "b", "c", "d"]]
    sheets = {"说明": [["填表说明"], ["每个单元一行"]], "禅城": wide, "禅城2": wide}
    frame, report = ax.parse_workbook(sheets, KNOWN)
    assert [p.sheet for p in report.warnings] == ["说明"]
    assert [str(p) for p in report.errors] == [
        "[禅城2] 单元 ZH44060620002 在工作表“禅城”中已有 / unit ZH44060620002 is also in sheet 禅城"
    ]
    frame, report = ax.parse_workbook({"禅城": wide}, KNOWN, "long")
    assert "not the chosen long format" in _messages(report.errors)
    frame, report = ax.parse_workbook({"说明": [["x"]]})
    assert "holds no access list" in _messages(report.errors)


# --- export --------------------------------------------------------------------------


def test_to_wide_rows_orders_units_and_items():
    reqs = pd.DataFrame(
        [
            ax.unit_requirement("ZH44060630001", "环境风险防控", 2, "乙"),
            ax.unit_requirement("ZH44060630001", "环境风险防控", 1, "甲"),
            ax.unit_requirement("ZH44060620002", "空间布局约束", 1, "丙"),
            {**ax.unit_requirement("ZH44060620002", "空间布局约束", 2, "旧"), "ZT": "废止"},
            {**ax.unit_requirement("ZH44060620002", "空间布局约束", 3, "省"), "FWJB": "省级"},
        ],
        columns=ax.COLUMNS,
    )
    rows = ax.to_wide_rows(reqs, KNOWN)
    assert rows == [
        ["环境管控单元编码", "环境管控单元名称", "管控单元分类", *DIMS],
        ["ZH44060610001", "禅城区优先保护单元1", "优先保护单元", None, None, None, None],
        ["ZH44060620002", "佛山市禅城区重点管控单元1", "重点管控单元", "1. 丙", None, None, None],
        ["ZH44060630001", "禅城区一般管控单元", "一般管控单元", None, None, "1. 甲\n2. 乙", None],
    ]
    assert ax.to_wide_rows(ax.requirements_frame([]), {}) == [rows[0]]


def test_texts_split_on_import():
    reqs = pd.DataFrame(
        [
            ax.unit_requirement("ZH44060630001", "环境风险防控", 1, "甲\n2. 乙"),
            ax.unit_requirement("ZH44060630001", "环境风险防控", 2, "PM2.5\n（1）子项"),
        ],
        columns=ax.COLUMNS,
    )
    assert ax.texts_split_on_import(reqs) == ["ZH44060630001-3-01"]


def test_import_report_html():
    rows = [HEADER, ["ZH44060620099", "x", 2, "1. <甲>", "b", "c", "d"]]
    frame, report = ax.parse_wide(rows, KNOWN, sheet="S")
    page = ax.import_report_html(frame, report, "清单.xlsx", imported=False)
    assert "unknown unit code ZH44060620099" in page
    assert "nothing was imported" in page
    assert "<甲>" not in page


# --- round trips with generated texts ---------------------------------------------------

SAFE_START = "禁止限制鼓励允许严格控制加强推进落实新建现有区域内企业项目水气土ABCxyz《“"
TEXT_CHARS = (
    SAFE_START
    + "0123456789.．、,，。；;！!:：()（）-—/%℃㎡ ①②\n"
    + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 200))
)
MARKER_START = "0123456789(（①②一二三四五六七八九十"


def _looks_numbered(text: str) -> bool:
    """Conservative: a line or a sentence that starts like an item marker."""
    for line in text.split("\n"):
        if line.lstrip(" \t\u3000")[:1] in set(MARKER_START):
            return True
    for n, char in enumerate(text):
        if char in "。；;！!" and text[n + 1 :].lstrip(" \t\u3000")[:1] in set(MARKER_START):
            return True
    return "①" in text or "②" in text


requirement_text = (
    st.text(alphabet=TEXT_CHARS, min_size=1, max_size=300)
    .map(lambda t: t.strip())
    .filter(lambda t: t and not _looks_numbered(t))
)
unit_codes = st.builds(
    lambda county, cls, serial: f"ZH{county}{cls}{serial:04d}",
    st.sampled_from(["440604", "440605", "440606"]),
    st.sampled_from("123"),
    st.integers(1, 9999),
)


@st.composite
def unit_requirements(draw):
    codes = draw(st.lists(unit_codes, min_size=1, max_size=6, unique=True))
    records, units = [], {}
    for code in codes:
        units[code] = {"name": draw(st.text(min_size=1, max_size=20).map(str.strip)), "class": None}
        for dimension in DIMS:
            texts = draw(st.lists(requirement_text, min_size=0, max_size=4))
            for order, text in enumerate(texts, start=1):
                records.append(ax.unit_requirement(code, dimension, order, text))
    return pd.DataFrame(records, columns=ax.COLUMNS), units


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit_requirements())
def test_wide_round_trip(generated):
    reqs, units = generated
    assume(len(reqs))
    rows = ax.to_wide_rows(reqs, units)
    frame, report = ax.parse_wide(rows, None)
    assert report.ok, _messages(report.errors)
    keys = [
        schema.REQ_ID,
        schema.REQ_SCOPE_LEVEL,
        schema.REQ_SCOPE_CODE,
        schema.REQ_DIMENSION,
        schema.REQ_TEXT,
        schema.REQ_ORDER,
        schema.REQ_KIND,
    ]
    got = frame[keys].sort_values(schema.REQ_ID).reset_index(drop=True)
    want = reqs[keys].sort_values(schema.REQ_ID).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert ax.texts_split_on_import(reqs) == []


@settings(max_examples=40, deadline=None)
@given(unit_requirements())
def test_long_round_trip_generated(generated):
    reqs, _ = generated
    frame, report = ax.parse_long(ax.to_long_rows(reqs))
    assert report.ok
    assert ax.to_long_rows(frame) == ax.to_long_rows(reqs)


@settings(max_examples=200, deadline=None)
@given(st.lists(requirement_text, min_size=1, max_size=5))
def test_join_then_split(texts):
    assert [i.text for i in ax.split_items(ax.join_items(texts))] == texts
