"""线索筛查: planted cases, carry-over of statuses and agreement with compliance."""

from __future__ import annotations

import pandas as pd
import pytest

from plugin.core import compliance
from plugin.core.supervision import leads as lead_core
from tests.core import supervision_data as d


@pytest.fixture(scope="module")
def index():
    return compliance.ComplianceIndex(d.units(), d.requirements(), d.regions(), [d.red_line()])


def run(index, **kw):
    sources = [
        lead_core.Source("企业", d.enterprises()),
        lead_core.Source("人类活动图斑", d.patches()),
    ]
    return lead_core.screen(sources, index, since="2024-01-01", **kw)


def leads_of(result, layer, fid):
    t = result.leads
    return t[(t["source_layer"] == layer) & (t["source_fid"] == fid)]


def test_every_planted_case_is_found_with_its_reason_unit_and_requirement(index):
    result = run(index)
    mine = leads_of(result, "企业", 1)
    assert list(mine["reason_code"]) == ["region"]
    assert mine.iloc[0]["unit_code"] == d.U3 and mine.iloc[0]["requirement_id"] == "HD-1"
    assert mine.iloc[0]["severity"] == "高" and mine.iloc[0]["unit_class"] == 3
    chem = leads_of(result, "企业", 2)
    assert sorted(chem["reason_code"]) == ["forbidden", "priority"]
    forbidden = chem[chem["reason_code"] == "forbidden"].iloc[0]
    assert forbidden["unit_code"] == d.U1 and forbidden["requirement_id"] == "U1-1"
    assert forbidden["requirement_text"] == "禁止新建化工项目"
    assert forbidden["county_code"] == d.COUNTY and forbidden["status"] == "待核实"
    assert leads_of(result, "企业", 3).empty  # allowed industry in a general unit
    key = leads_of(result, "企业", 4)
    assert list(key["reason_code"]) == ["key_unit"]
    assert key.iloc[0]["requirement_id"] == "U2-1" and key.iloc[0]["finding"] == "需进一步论证"


def test_change_patches_on_the_red_line_and_in_priority_units(index):
    result = run(index)
    new = leads_of(result, "人类活动图斑", 1)
    assert sorted(new["reason_code"]) == ["priority", "redline"]
    red = new[new["reason_code"] == "redline"].iloc[0]
    assert red["area_m2"] == pytest.approx(20 * 20)  # x 20–40 of the 40 × 20 patch
    assert red["requirement_id"] == "生态保护红线" and red["unit_code"] == d.U1
    prio = new[new["reason_code"] == "priority"].iloc[0]
    assert prio["area_m2"] == pytest.approx(800.0)
    assert leads_of(result, "人类活动图斑", 2).empty  # before the screening date
    assert leads_of(result, "人类活动图斑", 3).empty  # general unit, no industry
    counts = result.counts.set_index("source_layer")
    assert counts.loc["人类活动图斑", "leads"] == 2 and counts.loc["企业", "high"] == 2


def test_rescreening_keeps_the_statuses_of_leads_that_still_exist(index):
    first = run(index, today="2025-07-01").leads.copy()
    assert (first["found_on"] == "2025-07-01").all()
    first.loc[first["reason_code"] == "region", ["status", "note"]] = ["属实", "已现场核查"]
    first.loc[first["reason_code"] == "redline", "status"] = "已整改"
    second = run(index, previous=first, today="2026-07-01").leads
    assert (second["found_on"] == "2025-07-01").all()  # found last year, still there
    assert second.loc[second["reason_code"] == "region", "status"].tolist() == ["属实"]
    assert second.loc[second["reason_code"] == "region", "note"].tolist() == ["已现场核查"]
    assert second.loc[second["reason_code"] == "redline", "status"].tolist() == ["已整改"]
    assert (
        second.loc[~second["reason_code"].isin(["region", "redline"]), "status"] == "待核实"
    ).all()
    # a patch redrawn elsewhere is a new lead; the enterprise keyed by id keeps its status
    # although its point moved a little
    moved = d.patches()
    moved.loc[0, "geometry"] = d.sq(10, 10, 50, 30)
    firms = d.enterprises()
    firms.loc[0, "geometry"] = d.pt(221, 51)
    sources = [lead_core.Source("企业", firms), lead_core.Source("人类活动图斑", moved)]
    third = lead_core.screen(
        sources, index, since="2024-01-01", previous=first, today="2026-07-01"
    ).leads
    assert third.loc[third["reason_code"] == "region", "status"].tolist() == ["属实"]
    assert third.loc[third["reason_code"] == "redline", "status"].tolist() == ["待核实"]
    assert third.loc[third["reason_code"] == "redline", "found_on"].tolist() == ["2026-07-01"]


def test_leads_agree_with_compliance_on_the_same_features():
    sources = {"企业": d.enterprises(), "人类活动图斑": d.patches()}
    index = compliance.ComplianceIndex(d.units(), d.requirements(), d.regions(), [d.red_line()])
    result = lead_core.screen([lead_core.Source(k, v) for k, v in sources.items()], index)
    for name, frame in sources.items():
        projects = frame.assign(name=frame["fid"].astype(str))
        alone = compliance.assess(
            compliance.ComplianceInput(
                projects=projects,
                units=d.units(),
                requirements=d.requirements(),
                regions=d.regions(),
                constraints=[d.red_line()],
            )
        )
        leads = result.leads[result.leads["source_layer"] == name]
        for row in alone.projects.itertuples():
            mine = leads[leads["source_fid"] == row.project_fid]
            high = (mine["finding"] == "不符合").any()
            argue = (mine["finding"] == "需进一步论证").any()
            assert (row.conclusion == "不符合") == high, (name, row.project_fid)
            if not high:
                assert (row.conclusion == "有条件符合") == argue, (name, row.project_fid)
        req = alone.requirements
        violated = set(
            zip(
                req.loc[req["finding"] == "不符合", "project_fid"],
                req.loc[req["finding"] == "不符合", "requirement_id"],
            )
        )
        found = leads[leads["reason_code"].isin(["forbidden", "region"])]
        assert set(zip(found["source_fid"], found["requirement_id"])) == violated


def test_summaries_per_county_and_unit(index):
    result = run(index)
    county, unit = lead_core.summaries(result.leads)
    total = county[county["county_code"] == "全域"].iloc[0]
    assert total["leads"] == len(result.leads) == 6
    assert total["severity_高"] == 3 and total["待核实"] == 6
    per_unit = unit.set_index("unit_code")["leads"].to_dict()
    assert per_unit == {d.U1: 4, d.U2: 1, d.U3: 1}


def test_bad_input_is_reported(index):
    with pytest.raises(lead_core.ScreeningError):
        lead_core.screen([], index)
    with pytest.raises(lead_core.ScreeningError):
        lead_core.screen(
            [lead_core.Source("a", d.patches()), lead_core.Source("a", d.patches())], index
        )
    with pytest.raises(lead_core.ScreeningError):
        lead_core.carry_over(run(index).leads, pd.DataFrame({"status": ["属实"]}))
