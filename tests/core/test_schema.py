import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.core import schema
from plugin.core.schema import DEFAULT_CODE_RULE as RULE
from plugin.core.schema import CodeRule


def test_published_example_codes_are_valid():
    assert RULE.parse("ZH44060620002") == ("440606", 2, 2)
    assert RULE.parse("ZH42052620003") == ("420526", 2, 3)
    assert RULE.pattern.pattern == r"^ZH([0-9]{6})([123])([0-9]{4})$"


@given(
    county=st.from_regex(r"\A[0-9]{6}\Z"),
    unit_class=st.sampled_from([1, 2, 3]),
    serial=st.integers(1, 9999),
)
def test_make_parse_round_trip(county, unit_class, serial):
    code = RULE.make(county, unit_class, serial)
    assert len(code) == 13
    assert RULE.is_valid(code)
    assert RULE.parse(code) == (county, unit_class, serial)
    assert RULE.problem(code) is None


@pytest.mark.parametrize(
    "code, fragment",
    [
        ("", "empty"),
        (None, "empty"),
        ("ZH4406062000", "13 characters"),
        ("XX44060620002", "start with ZH"),
        ("ZH44060640002", "class digit"),
        (" ZH44060620002", "spaces"),
        ("ZH4406062000A", "serial"),
        (44060620002, "not text"),
    ],
)
def test_invalid_codes_are_explained(code, fragment):
    assert not RULE.is_valid(code)
    assert fragment in RULE.problem(code)


@pytest.mark.parametrize(
    "code, chars",
    [
        ("ZH990101100\uff101", "\uff10"),  # ZH990101100０1: one full-width zero
        ("ZH\uff14\uff14060620002", "\uff14"),  # full-width county digits (４)
        ("\uff3a\uff2844060620002", "\uff3a\uff28"),  # ＺＨ: full-width prefix
    ],
)
def test_full_width_characters_are_refused_and_named(code, chars):
    # Unicode \d and str.isdigit() accept full-width digits: the rule is ASCII only
    assert not RULE.is_valid(code)
    assert RULE.parse(code) is None
    kind, values = RULE.problem_kind(code)
    assert kind == "fullwidth" and values["chars"] == chars
    assert "full-width" in RULE.problem(code) and chars in RULE.problem(code)
    zh = schema.CODE_PROBLEMS_ZH[kind].format(**values)
    assert "全角字符" in zh and chars in zh


def test_other_unicode_digits_are_refused():
    arabic_indic = "ZH44060620\u0660\u0660\u0662"  # ٠٠٢: digits to Unicode, not ASCII
    assert not RULE.is_valid(arabic_indic)
    assert RULE.problem_kind(arabic_indic)[0] == "not_ascii"
    assert not schema.is_county_code("\uff14\uff14\uff10\uff16\uff10\uff16")
    assert schema.normalise_county_code("\uff14\uff14\uff10\uff16\uff10\uff16") is None


def test_make_rejects_bad_parts():
    with pytest.raises(ValueError, match="6 digits"):
        RULE.make("4406", 1, 1)
    with pytest.raises(ValueError, match="class"):
        RULE.make("440606", 4, 1)
    with pytest.raises(ValueError, match="serial"):
        RULE.make("440606", 1, 10000)


def test_next_free_skips_every_used_serial_of_that_county_and_class():
    codes = ["ZH44060610001", "ZH44060610007", "ZH44060620009", "ZH44060710012", "bad"]
    assert RULE.next_free(codes, "440606", 1) == "ZH44060610008"
    assert RULE.next_free(codes, "440606", 3) == "ZH44060630001"


def test_code_rule_is_configurable_for_marine_units():
    marine = CodeRule(prefix="HY", serial_digits=3)
    code = marine.make("440606", 1, 5)
    assert code == "HY4406061005"
    assert marine.is_valid(code) and not RULE.is_valid(code)


def test_unit_fields_carry_published_names_and_aliases():
    names = schema.field_names(schema.UNIT_FIELDS)
    for expected in (
        "HJZHGKDYBM",
        "HJZHGKDYMC",
        "ZHGKDYFL",
        "PROV",
        "CITY",
        "COUNTY",
        "XZQDM",
        "MJ",
        "BZ",
    ):
        assert expected in names
    assert schema.spec(schema.UNIT_FIELDS, "ZHGKDYFL").value_map == {
        "优先保护": 1,
        "重点管控": 2,
        "一般管控": 3,
    }
    assert schema.spec(schema.UNIT_FIELDS, "MJ").read_only


def test_field_mapping_recognises_variants():
    mapping = schema.guess_field_mapping(
        ["fid", "hjgkdybm", "HJGKDYMC", "GKDYFL", "xzqdm", "Shape_Area"]
    )
    assert mapping[schema.UNIT_CODE] == "hjgkdybm"
    assert mapping[schema.UNIT_NAME] == "HJGKDYMC"
    assert mapping[schema.UNIT_CLASS] == "GKDYFL"
    assert mapping[schema.UNIT_COUNTY_CODE] == "xzqdm"
    assert schema.UNIT_REMARK not in mapping


@pytest.mark.parametrize(
    "value, expected",
    [
        ("440606", "440606"),
        (440606, "440606"),
        (440606.0, "440606"),
        ("4406", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_normalise_county_code(value, expected):
    assert schema.normalise_county_code(value) == expected


def test_one_class_rule_for_panels_checks_and_access_lists():
    from plugin.core import access
    from plugin.core.checks import norm_class

    for value, expected in [
        (2, 2), ("2", 2), (2.0, 2), (" 重点管控 ", 2), ("优先保护单元", 1), ("一般管控", 3),
        (None, None), (float("nan"), None), ("2.5", None), (4, None), ("城镇重点管控区", None),
    ]:  # fmt: skip
        assert schema.class_of(value) == expected, value
        assert access.unit_class_number(value) == expected, value
    assert norm_class("重点管控单元") == (2, False)
    assert norm_class("城镇重点管控区") == (None, True)  # present but unusable: a check finds it
    assert norm_class("  ") == (None, False)
