import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.core import schema
from plugin.core.schema import DEFAULT_CODE_RULE as RULE
from plugin.core.schema import CodeRule


def test_published_example_codes_are_valid():
    assert RULE.parse("ZH44060620002") == ("440606", 2, 2)
    assert RULE.parse("ZH42052620003") == ("420526", 2, 3)
    assert RULE.pattern.pattern == r"^ZH(\d{6})([123])(\d{4})$"


@given(
    county=st.from_regex(r"\A\d{6}\Z"),
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
