"""外业核查 core: snapshot and three-way merge (no QGIS)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.core.fieldwork import merge as m
from plugin.core.fieldwork.snapshot import normalise, problem_id, row_hash, take_snapshot

FIELDS = ("BZ", "HCJL", "HCSM")


def unit_rows():
    return [
        {"HJZHGKDYBM": f"ZH44060620{i:03d}", "BZ": None, "HCJL": None, "HCSM": f"note {i}"}
        for i in range(1, 6)
    ]


def snapshot():
    return take_snapshot(unit_rows(), "HJZHGKDYBM", FIELDS)


def office_of(rows):
    return {("units", r["HJZHGKDYBM"], name): r[name] for r in rows for name in FIELDS}


def field_copy(**changes):
    """The package's rows after fieldwork: {code suffix: {field: value}}."""
    rows = unit_rows()
    for row in rows:
        row.update(changes.get(row["HJZHGKDYBM"][-3:], {}))
    return rows


def run(ledger, office, package, reviewer, rows):
    edits, log = m.edits_from_package(package, reviewer, "units", snapshot(), rows)
    result = m.merge_edits(ledger, edits, office)
    result.log[:0] = log
    for d in result.decisions:
        office[(d.table, d.key, d.field)] = d.office_value
    return result


def test_normalise_treats_null_forms_alike():
    assert normalise("") is None
    assert normalise(float("nan")) is None
    assert normalise(np.int64(3)) == 3 and type(normalise(np.int64(3))) is int
    assert normalise(np.float64(2.5)) == 2.5
    assert row_hash({"a": ""}, ["a"]) == row_hash({"a": None}, ["a"])
    assert row_hash({"a": "x"}, ["a"]) != row_hash({"a": "y"}, ["a"])


def test_snapshot_refuses_missing_and_duplicate_keys():
    with pytest.raises(ValueError, match="no HJZHGKDYBM"):
        take_snapshot([{"BZ": "x"}], "HJZHGKDYBM", FIELDS)
    with pytest.raises(ValueError, match="ZH1 occurs more than once"):
        take_snapshot([{"HJZHGKDYBM": "ZH1"}] * 2, "HJZHGKDYBM", FIELDS)


def test_problem_id_is_stable_and_content_bound():
    a = problem_id("R01", "ZH1", "440606", "红线不在优先保护单元内")
    assert a == problem_id("R01", "ZH1", "440606", "红线不在优先保护单元内")
    assert a != problem_id("R01", "ZH2", "440606", "红线不在优先保护单元内")
    assert a.startswith("P") and len(a) == 12


def test_unchanged_package_has_no_edits():
    edits, log = m.edits_from_package("A", "张", "units", snapshot(), unit_rows())
    assert edits == [] and log == []


def test_field_edit_applied_where_office_unchanged():
    office = office_of(unit_rows())
    result = run([], office, "A", "张", field_copy(**{"001": {"HCJL": "属实"}}))
    assert [(d.key, d.field, d.outcome, d.office_value) for d in result.decisions] == [
        ("ZH44060620001", "HCJL", m.APPLIED, "属实")
    ]
    assert office[("units", "ZH44060620001", "HCJL")] == "属实"
    assert result.counts()[m.APPLIED] == 1


def test_both_changed_is_a_conflict_and_office_value_kept():
    office = office_of(unit_rows())
    office[("units", "ZH44060620002", "HCSM")] = "office text"
    result = run([], office, "A", "张", field_copy(**{"002": {"HCSM": "field text"}}))
    (decision,) = result.decisions
    assert decision.outcome == m.CONFLICT
    assert decision.office_value == "office text" and decision.base == "note 2"
    assert decision.field_values == (("A", "张", "field text"),)
    assert office[("units", "ZH44060620002", "HCSM")] == "office text"


def test_same_change_on_both_sides_agrees():
    office = office_of(unit_rows())
    office[("units", "ZH44060620003", "BZ")] = "same"
    result = run([], office, "A", "张", field_copy(**{"003": {"BZ": "same"}}))
    assert [d.outcome for d in result.decisions] == [m.AGREED]


def test_reimport_is_a_no_op():
    office = office_of(unit_rows())
    rows = field_copy(**{"001": {"HCJL": "属实"}, "002": {"BZ": "x"}})
    office[("units", "ZH44060620002", "BZ")] = "office"
    first = run([], office, "A", "张", rows)
    before = dict(office)
    second = run(first.ledger, office, "A", "张", rows)
    assert office == before
    assert second.decisions == []
    assert second.ledger == first.ledger
    assert {e.outcome for e in second.log} == {m.SKIPPED}


def test_rows_added_or_deleted_in_the_field_are_skipped_and_logged():
    rows = unit_rows()[1:] + [{"HJZHGKDYBM": "ZH99", "BZ": "new"}]
    edits, log = m.edits_from_package("A", "张", "units", snapshot(), rows)
    assert edits == []
    assert {(e.key, e.detail) for e in log} == {
        ("ZH99", "row not in the package's snapshot"),
        ("ZH44060620001", "row deleted in the field (ignored)"),
    }


def test_office_row_deleted_is_a_conflict():
    office = office_of(unit_rows())
    for name in FIELDS:
        del office[("units", "ZH44060620004", name)]
    result = run([], office, "A", "张", field_copy(**{"004": {"HCJL": "不属实"}}))
    assert [d.outcome for d in result.decisions] == [m.CONFLICT]


def two_reviewers():
    a = field_copy(**{"001": {"HCJL": "属实"}, "002": {"HCJL": "需整改"}, "005": {"BZ": "a"}})
    b = field_copy(**{"001": {"HCJL": "属实"}, "002": {"HCJL": "已整改"}, "003": {"BZ": "b"}})
    return {"A": ("张", a), "B": ("李", b)}


def final_state(order, together=False):
    office = office_of(unit_rows())
    office[("units", "ZH44060620005", "BZ")] = "office"
    packages = two_reviewers()
    ledger = []
    if together:
        edits = []
        for name in order:
            edits += m.edits_from_package(
                name, packages[name][0], "units", snapshot(), packages[name][1]
            )[0]
        result = m.merge_edits(ledger, edits, office)
        for d in result.decisions:
            office[(d.table, d.key, d.field)] = d.office_value
        ledger = result.ledger
    else:
        for name in order:
            ledger = run(ledger, office, name, *packages[name]).ledger
    outcomes = sorted((e.package, e.key, e.field, e.outcome) for e in ledger)
    return office, outcomes


def test_two_reviewers_merge_to_the_same_result_in_either_order():
    office_ab, ledger_ab = final_state("AB")
    office_ba, ledger_ba = final_state("BA")
    office_both, ledger_both = final_state("BA", together=True)
    assert office_ab == office_ba == office_both
    assert ledger_ab == ledger_ba == ledger_both
    # agreed verdict applied; disagreeing verdicts taken back to the office's own value;
    # B's remark applied; A's remark against an office edit is a conflict
    assert office_ab[("units", "ZH44060620001", "HCJL")] == "属实"
    assert office_ab[("units", "ZH44060620002", "HCJL")] is None
    assert office_ab[("units", "ZH44060620003", "BZ")] == "b"
    assert office_ab[("units", "ZH44060620005", "BZ")] == "office"
    assert ("A", "ZH44060620002", "HCJL", m.CONFLICT) in ledger_ab
    assert ("B", "ZH44060620002", "HCJL", m.CONFLICT) in ledger_ab
    assert ("A", "ZH44060620005", "BZ", m.CONFLICT) in ledger_ab


def test_office_edit_after_an_application_is_not_overwritten_later():
    office = office_of(unit_rows())
    first = run([], office, "A", "张", field_copy(**{"001": {"HCJL": "属实"}}))
    office[("units", "ZH44060620001", "HCJL")] = "不属实"  # the office corrects it
    second = run(first.ledger, office, "B", "李", field_copy(**{"001": {"HCJL": "属实"}}))
    assert [d.outcome for d in second.decisions] == [m.CONFLICT]
    assert office[("units", "ZH44060620001", "HCJL")] == "不属实"


def review(uuid, verdict="属实", note=""):
    return {"uuid": uuid, "verdict": verdict, "note": note}


REVIEW_FIELDS = ("uuid", "verdict", "note")


def test_reviews_appended_once_and_differing_copy_is_a_conflict():
    result = m.MergeResult()
    incoming = [("A", review("u2")), ("A", review("u1")), ("B", review("u1"))]
    m.merge_reviews({}, incoming, REVIEW_FIELDS, result)
    assert [row["uuid"] for _, row in result.appended] == ["u1", "u2"]
    assert result.counts()[m.APPENDED] == 2 and result.counts()[m.SKIPPED] == 1
    existing = {row["uuid"]: row for _, row in result.appended}
    again = m.MergeResult()
    m.merge_reviews(
        existing, [("A", review("u1")), ("A", review("u2", note="x"))], REVIEW_FIELDS, again
    )
    assert again.appended == []
    assert [(p, u) for p, u, _, _ in again.review_conflicts] == [("A", "u2")]
    recorded = m.MergeResult()
    m.merge_reviews(
        existing, [("A", review("u2", note="x"))], REVIEW_FIELDS, recorded, {("A", "u2")}
    )
    assert recorded.review_conflicts == [] and recorded.counts()[m.SKIPPED] == 1


values = st.sampled_from([None, "属实", "不属实", "需整改"])


@settings(max_examples=60, deadline=None)
@given(
    office_value=values,
    package_values=st.lists(values, min_size=1, max_size=3),
)
def test_any_order_of_packages_gives_the_same_result(office_value, package_values):
    base = None
    outcomes = set()
    for order in itertools.permutations(range(len(package_values))):
        office = {("units", "K", "HCJL"): office_value}
        ledger = []
        for index in order:
            value = package_values[index]
            edits = (
                []
                if value == base
                else [m.LedgerEdit(f"P{index}", "r", "units", "K", "HCJL", base, value)]
            )
            result = m.merge_edits(ledger, edits, office)
            for d in result.decisions:
                office[(d.table, d.key, d.field)] = d.office_value
            ledger = result.ledger
        outcomes.add(
            (office[("units", "K", "HCJL")], tuple(sorted((e.package, e.outcome) for e in ledger)))
        )
        # never overwritten: an office's own change survives every order
        if office_value != base:
            assert office[("units", "K", "HCJL")] == office_value
    assert len(outcomes) == 1


def test_unit_requirement_rows_hold_every_level_that_applies():
    import pandas as pd

    from plugin.core import schema
    from plugin.core.fieldwork.requirements import unit_requirement_rows

    requirements = pd.DataFrame(
        [
            {"TKBH": "P1", "FWJB": "省级", "FWDM": "990000", "WD": "空间布局约束", "YQNR": "省"},
            {"TKBH": "C1", "FWJB": "市级", "FWDM": "990100", "WD": "空间布局约束", "YQNR": "市"},
            {
                "TKBH": "K1",
                "FWJB": "分类",
                "FWDM": "990100",
                "FLXZ": 1,
                "WD": "空间布局约束",
                "YQNR": "优先",
            },
            {
                "TKBH": "U1",
                "FWJB": "单元",
                "FWDM": "ZH99012110001",
                "WD": "污染物排放管控",
                "YQNR": "本单元",
            },
            {
                "TKBH": "U2",
                "FWJB": "单元",
                "FWDM": "ZH99012130001",
                "WD": "污染物排放管控",
                "YQNR": "别的单元",
            },
            {"TKBH": "R1", "FWJB": "区域", "FWDM": "LJ", "WD": "环境风险防控", "YQNR": "流域"},
        ]
    )
    regions = pd.DataFrame([{"QYBH": "LJ", "CYDM": "ZH99012110001", "geometry": None}])
    rows = unit_requirement_rows(
        requirements,
        [("ZH99012110001", 1, "990121", None), ("ZH99012130001", 3, "990121", None)],
        regions,
    )
    by_unit = {}
    for row in rows:
        by_unit.setdefault(row["unit_code"], []).append(row[schema.REQ_ID])
    assert by_unit == {
        "ZH99012110001": ["P1", "R1", "C1", "K1", "U1"],
        "ZH99012130001": ["P1", "C1", "U2"],
    }
