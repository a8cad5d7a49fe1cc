"""GB/T 4754-2017 table and hierarchy matching."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.core import industry
from plugin.core.industry import IndustryTable, load_table

TABLE = load_table()
T = IndustryTable(TABLE)
CLASSES = sorted(TABLE.loc[TABLE["level"] == "class", "code"])


def test_table_file_is_where_the_package_expects_it():
    assert industry.TABLE_PATH.is_file()
    assert list(TABLE.columns) == ["code", "name", "level", "parent"]


def test_counts_of_the_2017_edition():
    counts = TABLE["level"].value_counts().to_dict()
    # 20 门类, 97 大类, 473 中类; 1381 小类 (the 2017 table as published with the
    # veterinary-drug classes 5153/5253, see the industry module docstring)
    assert counts == {"section": 20, "division": 97, "group": 473, "class": 1381}
    assert TABLE["code"].is_unique
    assert list(TABLE.loc[TABLE["level"] == "section", "code"]) == list("ABCDEFGHIJKLMNOPQRST")


def test_hierarchy_is_consistent():
    levels = dict(zip(TABLE["code"], TABLE["level"]))
    up = {"division": "section", "group": "division", "class": "group"}
    for code, level, parent in zip(TABLE["code"], TABLE["level"], TABLE["parent"]):
        if level == "section":
            assert parent == ""
            continue
        assert levels[parent] == up[level], code
        if level != "division":
            assert code.startswith(parent) and len(code) == len(parent) + 1
    # every group has at least one class, every division at least one group
    assert set(TABLE.loc[TABLE["level"] == "group", "code"]) <= set(TABLE["parent"])
    assert set(TABLE.loc[TABLE["level"] == "division", "code"]) <= set(TABLE["parent"])


@pytest.mark.parametrize(
    "code, name",
    [
        ("2614", "有机化学原料制造"),
        ("0610", "烟煤和无烟煤开采洗选"),
        ("4411", "火力发电"),
        ("3011", "水泥制造"),
        ("6513", "应用软件开发"),  # 2017 edition (2011: 6510 软件开发)
        ("0190", "其他农业"),
        ("019", "其他农业"),  # single-class group
        ("26", "化学原料和化学制品制造业"),
        ("C", "制造业"),
        ("B", "采矿业"),
        ("T", "国际组织"),
        ("2780", "药用辅料及包装材料制造"),
        ("3963", "智能无人飞行器制造"),
        ("5153", "动物用药品批发"),
        ("5154", "医疗用品及器材批发"),
        ("7517", "三维（3D）打印技术推广服务"),  # brackets normalised to full width
    ],
)
def test_known_names(code, name):
    assert T.name(code) == name
    assert T.is_known(code)


def test_2011_only_codes_are_absent():
    for code in ("6510", "2760", "6420"):  # 2011: 软件开发, 生物药品制造, 互联网信息服务
        assert not T.is_known(code)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2614", "2614"),
        ("C2614", "2614"),
        ("c2614", "2614"),
        (" C 2614 ", "2614"),
        ("２６１４", "2614"),  # full-width digits
        (2614, "2614"),
        (2614.0, "2614"),
        ("c", "C"),
        ("B0610", "0610"),
        ("26", "26"),
        ("A2614", None),  # letter contradicts the digits
        ("", None),
        (None, None),
        (float("nan"), None),
        ("26.14", None),
        ("12345", None),
        ("化工", None),
    ],
)
def test_normalise(raw, expected):
    assert T.normalise(raw) == expected


def test_section_of_and_labels():
    assert T.section_of("2614") == "C"
    assert T.section_of("0610") == "B"
    assert T.section_of("44") == "D"
    assert T.section_of("C") == "C"
    assert T.section_of("Z") is None
    assert T.section_of("9999") is None
    assert T.level("261") == "group"
    assert T.parent("2614") == "261"
    assert T.label("2614") == "C2614 有机化学原料制造"
    assert T.label("C") == "C 制造业"
    assert T.children("261") == ["2611", "2612", "2613", "2614", "2619"]


def test_matches_follows_the_hierarchy():
    assert T.matches("26", "2614")
    assert T.matches("261", "2614")
    assert T.matches("2614", "2614")
    assert T.matches("C", "2614")
    assert T.matches("C26", "C2614")
    assert not T.matches("2614", "2619")
    assert not T.matches("2614", "261")  # a project code less specific than the rule
    assert not T.matches("B", "2614")
    assert not T.matches("06", "2614")
    assert not T.matches("", "2614")
    assert not T.matches("26", None)
    assert T.matches("06", "0610") and T.matches("B", "0610")


def test_matches_any_returns_the_requirement_codes_in_order():
    assert T.matches_any(["06", "26", "C", "2614", "c26", "3011"], "C2614") == ["26", "C", "2614"]
    assert T.matches_any([], "2614") == []
    assert T.matches_any(["26"], "") == []


def test_search_by_code_and_name():
    hits = T.search("水泥")
    assert {"3011", "301", "3021"} <= set(hits["code"])
    assert hits["name"].str.contains("水泥").all()
    by_code = T.search("C261")
    assert list(by_code["code"][:6]) == ["261", "2611", "2612", "2613", "2614", "2619"]
    assert len(T.search("")) == len(TABLE)
    assert T.search("不存在的行业").empty


def test_load_table_from_another_path(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame(
        {
            "code": ["A", "01", "011", "0111"],
            "name": ["甲", "乙", "丙", "丁"],
            "level": ["section", "division", "group", "class"],
            "parent": ["", "A", "01", "011"],
        }
    ).to_csv(path, index=False)
    small = IndustryTable(load_table(path))
    assert small.name("0111") == "丁" and small.section_of("0111") == "A"
    assert not small.is_known("2614")
    with pytest.raises(ValueError):
        bad = tmp_path / "bad.csv"
        bad.write_text("code,name\nA,x\n", encoding="utf-8")
        load_table(bad)


def test_default_table_is_shared():
    assert industry.default_table() is industry.default_table()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CLASSES), st.sampled_from(CLASSES))
def test_every_ancestor_matches_and_siblings_do_not(a, b):
    section = T.section_of(a)
    assert section is not None
    for req in (section, a[:2], a[:3], a, section + a):
        assert T.matches(req, a)
    assert T.matches(b, a) == (a == b)
    assert T.matches(a[:3], b) == (a[:3] == b[:3])
