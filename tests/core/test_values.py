import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from plugin.core import values


@pytest.mark.parametrize(
    "value", [None, float("nan"), np.nan, pd.NA, pd.NaT, np.datetime64("NaT"), "", "  \t"]
)
def test_empty_values(value):
    assert values.is_empty(value)
    assert values.text(value) == ""
    assert values.raw_text(value) is None


@pytest.mark.parametrize("value", [0, 0.0, False, "0", " x ", [1, 2], np.array([1.0, np.nan])])
def test_values_that_are_not_empty(value):
    assert not values.is_empty(value)


def test_text_reads_codes_typed_as_numbers_and_dates():
    assert values.text(440606.0) == "440606"
    assert values.text(np.float64(2.0)) == "2"
    assert values.text(2.5) == "2.5"
    assert values.text("  ZH44060620002 ") == "ZH44060620002"
    assert values.text(True) == "True"
    assert values.text(dt.date(2024, 3, 1)) == "2024-03-01"
    assert values.text(dt.datetime(2024, 3, 1, 8, 30)) == "2024-03-01 08:30:00"


def test_the_named_variants_differ_only_where_their_callers_need_it():
    assert values.plain_text(2.0) == "2.0"  # numbers as Python prints them
    assert values.plain_text(" a ") == "a"
    assert values.plain_text(math.nan) == "" and values.plain_text(None) == ""
    assert values.raw_text(" ZH01 ") == " ZH01 "  # the checks report the spaces
    assert values.raw_text(3.0) == "3"
    assert values.shown_text(None) == "" and values.shown_text(" 2.0") == " 2.0"
    assert values.written_text("a\r\nb\rc") == "a\nb\nc"
    assert values.written_text(dt.datetime(2024, 3, 1, 8, 30, 5, 999)) == "2024-03-01 08:30:05"
    assert values.written_text("") is None and values.written_text(math.nan) is None


@pytest.mark.parametrize(
    "value", ["2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日", "２０２４-03-01", " 2024-3-1 "]
)
def test_published_date_forms(value):
    assert values.parse_date(value) == dt.date(2024, 3, 1)


def test_dates_empty_and_wrong():
    assert values.parse_date(None) is None and values.parse_date("") is None
    assert values.parse_date(dt.datetime(2024, 3, 1, 9)) == dt.date(2024, 3, 1)
    with pytest.raises(ValueError):
        values.parse_date("March 2024")
    assert values.parse_datetime("2024-03-01 08:30") == dt.datetime(2024, 3, 1, 8, 30)
    assert values.parse_datetime("2024/3/1") == dt.datetime(2024, 3, 1)
    with pytest.raises(ValueError):
        values.parse_datetime("2024-03-01 8h")
