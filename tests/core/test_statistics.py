import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from plugin.core import schema, statistics


@given(st.lists(st.floats(0.001, 1e6), min_size=1, max_size=12))
def test_rounded_shares_sum_to_exactly_100(values):
    shares = statistics.rounded_shares(values)
    assert round(shares.sum(), 6) == 100.0
    exact = [v / sum(values) * 100 for v in values]
    assert all(abs(s - e) < 0.0101 for s, e in zip(shares, exact))


def _unit(x, width_km, county, cls, subtype):
    geom = shapely.box(x * 1000, 0, (x + width_km) * 1000, 1000)  # width_km km² each
    return {
        "geometry": geom,
        schema.UNIT_COUNTY_CODE: county,
        schema.UNIT_COUNTY: {"990101": "西县", "990102": "东县"}[county],
        schema.UNIT_CLASS: cls,
        schema.UNIT_SUBTYPE: subtype,
    }


def test_statistics_per_county_and_whole_area():
    units = pd.DataFrame(
        [
            _unit(0, 1, "990101", 1, "生态保护红线"),
            _unit(1, 2, "990101", 1, "饮用水水源保护区"),
            _unit(3, 3, "990101", 3, "一般管控区"),
            _unit(10, 1, "990102", 2, "产业园区"),
            _unit(11, 1, "990102", 2, "产业园区"),
            _unit(12, 2, "990102", 3, "一般管控区"),
        ]
    )
    stats = statistics.unit_statistics(units)
    by = stats.set_index(["county_code", "level", "unit_class", "subtype"])
    west_priority = by.loc[("990101", "class", 1, "")]
    assert west_priority.unit_count == 2
    assert west_priority.area_km2 == pytest.approx(3.0)
    assert west_priority.share_pct == 50.0
    east_parks = by.loc[("990102", "subtype", 2, "产业园区")]
    assert (east_parks.unit_count, east_parks.area_km2, east_parks.share_pct) == (
        2,
        pytest.approx(2.0),
        50.0,
    )
    whole = stats[(stats.county_code == statistics.TOTAL_CODE) & (stats.level == "class")]
    assert whole.area_km2.sum() == pytest.approx(10.0)
    assert whole.set_index("unit_class").share_pct.to_dict() == {1: 30.0, 2: 20.0, 3: 50.0}
    for _, county in stats[stats.level == "class"].groupby("county_code"):
        assert county.share_pct.sum() == pytest.approx(100.0, abs=0.01)


def test_html_page_has_chart_and_table():
    units = pd.DataFrame(
        [_unit(0, 1, "990101", 1, "生态保护红线"), _unit(1, 3, "990101", 3, "一般管控区")]
    )
    page = statistics.statistics_html(statistics.unit_statistics(units))
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page
    assert "<svg" in page and "25.0%" in page and "75.0%" in page
    assert "西县" in page and "优先保护单元" in page
