"""The check report reads its rows column by column: the same rows, HTML and workbook sheets
as reading them row by row with ``iterrows`` (the former way, kept here as the reference)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eco_zoning.plugin.core import report, schema
from eco_zoning.plugin.core.checks import report as check_report

# pandas 3's iterrows turns a None of an object column into NaN (its ``values`` fill missing
# values); pandas 1.5 (QGIS's) keeps it. The report keeps the value as stored, so under
# pandas 3 the reference reads missing text back as None.
PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3


def _stored(value):
    return None if PANDAS_3 and isinstance(value, float) and value != value else value


def _note(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _error_rows_by_row(group: pd.DataFrame) -> list[list]:
    return [
        [
            _stored(r[schema.CHK_SEVERITY]),
            _stored(r[schema.CHK_UNITS]),
            _stored(r[schema.CHK_COUNTY]),
            float(r[schema.CHK_AREA] or 0.0),
            _stored(r[schema.CHK_MESSAGE]),
            _stored(r[schema.CHK_STATUS]),
            _note(r.get(schema.CHK_NOTE)),
        ]
        for _, r in group.iterrows()
    ]


def _summary_rows_by_row(summary: pd.DataFrame) -> list[list]:
    return [
        [
            _stored(r.check_code),
            _stored(r.severity),
            _stored(r.title_zh),
            int(r["count"]),
            float(r.area_m2),
        ]
        for _, r in summary.iterrows()
    ]


def _title_by_row(summary: pd.DataFrame, code: str) -> str:
    title_zh = summary.loc[summary["check_code"] == code, "title_zh"]
    return f"{code} {title_zh.iat[0] if len(title_zh) else ''}".strip()


def _text(values) -> pd.Series:
    """A text column as the checks make it under pandas 1.x (QGIS's): object dtype. (Under
    pandas 3, ``iterrows`` of a frame mixing its string dtype and object columns turns some
    None into NaN: a reading that depends on the pandas version is no reference.)"""
    return pd.Series(list(values), dtype=object)


def _errors(n: int, seed: int, note: str) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    area = rng.uniform(0, 5e5, n).round(3)
    area[rng.random(n) < 0.2] = 0.0
    area[rng.random(n) < 0.1] = np.nan
    frame = pd.DataFrame(
        {
            schema.CHK_CODE: _text(rng.choice(["T01", "S02", "A01", "R01", "ZZ9"], n)),
            schema.CHK_SEVERITY: _text(rng.choice(["错误", "警告"], n)),
            schema.CHK_UNITS: _text(f"ZH{i:06d}" if i % 7 else None for i in range(n)),
            schema.CHK_COUNTY: _text(rng.choice(["130102", "130104", None], n)),
            schema.CHK_AREA: area,
            schema.CHK_MESSAGE: _text(f"问题 {i} <&>" for i in range(n)),
            schema.CHK_STATUS: _text(rng.choice(["待处理", "例外", "已修改"], n)),
        }
    )
    if note == "text":
        frame[schema.CHK_NOTE] = _text(None if i % 3 else f"备注{i}" for i in range(n))
    elif note == "nan":
        frame[schema.CHK_NOTE] = np.nan
    return frame


def _summary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "check_code": _text(["T01", "S02", "A01", "R01", "T01"]),
            "severity": _text(["错误", "警告", "错误", "错误", "错误"]),
            "title_zh": _text(["单元重叠", "面积偏差", "编码", None, "重复的标题"]),
            "count": np.array([3, 0, 12, 1, 9], dtype=np.int64),
            "area_m2": [1.5, 0.0, np.nan, 2, 3.25],
        }
    )


@pytest.mark.parametrize("note", ["text", "nan", "none"])
@pytest.mark.parametrize("n", [0, 1, 40, 1200])
def test_rows_titles_and_pages_equal_the_row_by_row_reading(n, note):
    errors, summary = _errors(n, n + len(note), note), _summary()
    pairs = [
        (check_report._summary_rows(summary), _summary_rows_by_row(summary)),
        (check_report._error_rows(errors), _error_rows_by_row(errors)),
    ]
    for typed, expected in pairs:
        assert repr(typed) == repr(expected)  # nan equals nan here
        # the same Python types too: the HTML cells depend on them
        assert [list(map(type, r)) for r in typed] == [list(map(type, r)) for r in expected]
        assert report.table(["h"], typed) == report.table(["h"], expected)
    assert len(pairs[1][0]) == n
    titles = check_report._titles(summary)
    for code in ["T01", "S02", "A01", "R01", "ZZ9", ""]:
        assert check_report._title(titles, code) == _title_by_row(summary, code)
    page = check_report.report_html(errors, summary)
    assert page.count("<tr>") > 5
    expected_sheets = [("汇总", [check_report.SUMMARY_HEADERS, *_summary_rows_by_row(summary)])]
    for code, group in errors.groupby(schema.CHK_CODE, sort=True):
        rows = [check_report.ERROR_HEADERS, *_error_rows_by_row(group)]
        expected_sheets.append((_title_by_row(summary, code), rows))
    assert repr(check_report.report_sheets(errors, summary)) == repr(expected_sheets)


def test_the_html_page_equals_the_one_built_row_by_row(monkeypatch):
    errors, summary = _errors(2700, 3, "text"), _summary()  # over 500 in a check: "另有"
    page = check_report.report_html(errors, summary)
    monkeypatch.setattr(check_report, "_error_rows", _error_rows_by_row)
    monkeypatch.setattr(check_report, "_summary_rows", _summary_rows_by_row)
    monkeypatch.setattr(check_report, "_titles", lambda summary: summary)
    monkeypatch.setattr(check_report, "_title", _title_by_row)
    assert check_report.report_html(errors, summary) == page
    assert "另有" in page and "已接受的例外" in page
