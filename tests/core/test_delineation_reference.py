"""Delineation against stored references made by the engine before issue #21's
overlay merges (the lead allowed byte changes there): the same units, codes, classes,
names and attributes, areas equal, each unit's geometry within 1 m² of symmetric
difference, valid, a coverage no worse; the log's rows the same. And the output stays
deterministic: byte-identical on one and two threads."""

from __future__ import annotations

import pytest

shapely = pytest.importorskip("shapely")

from plugin.core import delineation  # noqa: E402
from tests.core.delineation_data import make_input, same_delineation  # noqa: E402
from tests.core.unit_equivalence import assert_equivalent  # noqa: E402

CASES = {
    "delineation_township_seed0": dict(seed=0, general_split="township"),
    "delineation_township_seed4": dict(
        seed=4, n_counties=4, general_split="township", min_area=2_000.0
    ),
    "delineation_county_seed11": dict(seed=11, n_counties=4, min_area=2_000.0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_equivalent_to_reference_and_deterministic(name):
    one = delineation.delineate(make_input(**CASES[name]), workers=1)
    assert_equivalent(one, name)
    two = delineation.delineate(make_input(**CASES[name]), workers=2)
    same_delineation(one, two)
    again = delineation.delineate(make_input(**CASES[name]), workers=2)
    same_delineation(two, again)


def test_equivalence_rejects_a_changed_unit():
    """The comparison is not hollow: a unit moved by a metre, or a renamed one, fails."""
    from tests.core.unit_equivalence import assert_equivalent_units, load_reference

    ref = load_reference("delineation_township_seed0")["units"]
    moved = ref.copy()
    moved.at[0, "geometry"] = shapely.affinity.translate(moved.at[0, "geometry"], 1.0)
    with pytest.raises(AssertionError):
        assert_equivalent_units(moved, ref)
    renamed = ref.copy()
    renamed.iloc[1, 1] = "另一个名字"
    with pytest.raises(AssertionError):
        assert_equivalent_units(renamed, ref)
    assert_equivalent_units(ref.copy(), ref)
