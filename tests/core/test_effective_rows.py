"""The effective list from precomputed columns (``effective_rows``) selects and orders rows
exactly as the pandas formulation it replaced, for any list and any unit."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.core import access as al
from plugin.core import schema
from plugin.core.access.effective import effective_rows, scope_columns
from plugin.core.compliance.access import AccessIndex

LEVELS = ["省级", "区域", "市级", "县级", "分类", "单元", " 县级 ", "其他"]
CODES = ["440000", "44", "440600", "440606", "440607", "450100", "珠江流域", "黄河", "U1", "U2"]


def reference(requirements: pd.DataFrame, scope: al.UnitScope) -> pd.DataFrame:
    """The pandas formulation of ``effective_requirements`` before the fast path."""
    req = requirements
    level = req[schema.REQ_SCOPE_LEVEL].astype(str).str.strip()
    code = req[schema.REQ_SCOPE_CODE].astype(str).str.strip()
    class_filter = (
        pd.to_numeric(req[schema.REQ_CLASS_FILTER], errors="coerce").fillna(0).astype(int)
    )
    status = req[schema.REQ_STATUS].astype(str).str.strip()
    county = scope.county_code
    province, city = county[:2] + "0000", county[:4] + "00"
    admin = {province, province[:2], city, county}
    covers = (
        ((level == "省级") & code.isin({province, province[:2]}))
        | ((level == "区域") & code.isin(set(scope.regions)))
        | ((level == "市级") & (code == city))
        | ((level == "县级") & (code == county))
        | ((level == "分类") & code.isin(admin) & (class_filter == scope.unit_class))
        | ((level == "单元") & (code == scope.unit_code))
    )
    keep = covers & ((class_filter == 0) | (class_filter == scope.unit_class))
    keep &= status != "废止"
    result = req[keep].copy()
    result["level_rank"] = level[keep].map(al.LEVEL_ORDER).astype(int)
    order = pd.to_numeric(result[schema.REQ_ORDER], errors="coerce")
    result = result.assign(_order=order).sort_values(
        ["level_rank", "_order", schema.REQ_ID], kind="stable", na_position="last"
    )
    return result.drop(columns="_order")


row = st.fixed_dictionaries(
    {
        schema.REQ_ID: st.sampled_from(["A", "B", "C", "R1", "R2", "Z"]),
        schema.REQ_SCOPE_LEVEL: st.sampled_from(LEVELS),
        schema.REQ_SCOPE_CODE: st.sampled_from(CODES),
        schema.REQ_CLASS_FILTER: st.sampled_from([0, 1, 2, 3, None, "2", "x"]),
        schema.REQ_STATUS: st.sampled_from(["有效", "废止", None]),
        schema.REQ_ORDER: st.sampled_from([None, 1, 2, 2.5, "3", "x"]),
        schema.REQ_TEXT: st.just("条款"),
    }
)
scope = st.builds(
    al.UnitScope,
    st.sampled_from(["U1", "U2", "U3"]),
    st.sampled_from([1, 2, 3]),
    st.sampled_from(["440606", "440607", "450102"]),
    st.frozensets(st.sampled_from(["珠江流域", "黄河", "长江"]), max_size=2),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(row, max_size=30), scope)
def test_effective_requirements_equals_the_pandas_formulation(rows, unit):
    requirements = pd.DataFrame(rows)
    if requirements.empty:
        assert al.effective_requirements(requirements, unit).empty
        return
    got = al.effective_requirements(requirements, unit)
    want = reference(requirements, unit)
    assert got.index.tolist() == want.index.tolist()
    assert got["level_rank"].tolist() == want["level_rank"].tolist()
    assert got.columns.tolist() == want.columns.tolist()
    # the rows of a subset (the candidates) come out in the same order
    some = np.flatnonzero(np.arange(len(requirements)) % 2 == 0)
    sub = effective_rows(scope_columns(requirements), unit, some)
    assert sub.tolist() == [i for i in want.index if i in set(some)]


def test_ids_of_mixed_types_keep_the_pandas_order():
    """Ids typed as numbers beside text (a hand-made table): the same order as pandas
    gives the selection, for the whole list and for subsets."""
    requirements = pd.DataFrame(
        {
            schema.REQ_ID: ["b", 2, "a", 10, "c"],
            schema.REQ_SCOPE_LEVEL: ["县级", "县级", "县级", "县级", "省级"],
            schema.REQ_SCOPE_CODE: ["440606", "440606", "440606", "440606", "440000"],
            schema.REQ_CLASS_FILTER: [0, 0, 0, 0, 0],
            schema.REQ_STATUS: ["有效"] * 5,
            schema.REQ_ORDER: [1, 1, 1, 1, None],
            schema.REQ_TEXT: ["v", "w", "x", "y", "z"],
        }
    )
    unit = al.UnitScope("U1", 1, "440606")
    got = al.effective_requirements(requirements, unit)
    assert got.index.tolist() == reference(requirements, unit).index.tolist()
    columns = scope_columns(requirements)
    for subset in ([0, 2], [1, 3], [0, 1, 4]):
        want = reference(requirements.iloc[subset], unit).index.tolist()
        assert effective_rows(columns, unit, np.array(subset)).tolist() == want


def test_access_index_rows_equal_the_effective_list_of_every_unit():
    rng = np.random.default_rng(7)
    n = 400
    requirements = pd.DataFrame(
        {
            schema.REQ_ID: [f"R{i:03d}" for i in rng.permutation(n)],
            schema.REQ_SCOPE_LEVEL: rng.choice(LEVELS[:6], n),
            schema.REQ_SCOPE_CODE: rng.choice(CODES, n),
            schema.REQ_CLASS_FILTER: rng.choice([0, 1, 2, 3], n),
            schema.REQ_STATUS: rng.choice(["有效", "废止"], n, p=[0.9, 0.1]),
            schema.REQ_ORDER: rng.choice([1.0, 2.0, np.nan], n),
            schema.REQ_TEXT: "条款",
        }
    )
    index = AccessIndex(requirements)
    for unit_code in ("U1", "U2"):
        for unit_class in (1, 2, 3):
            for county in ("440606", "440607"):
                got = index.unit_rows(unit_code, unit_class, county)
                want = reference(requirements, al.UnitScope(unit_code, unit_class, county))
                assert got.tolist() == want.index.tolist()
