"""Unit tests of the delineation engine on generated, realistic inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import affinity
from shapely.geometry import box

from plugin.core import delineation, schema
from tests.core.delineation_data import (
    GRID,
    RULE,
    X0,
    Y0,
    admin_union,
    assert_partition,
    frame,
    make_input,
    small_parts_with_neighbours,
)


def by_name(res):
    return res.units.set_index(schema.UNIT_NAME)


def log_rows(res, action, layer=None):
    log = res.log[res.log["action"] == action]
    return log if layer is None else log[log["layer"] == layer]


# --- a small hand-made case with exact answers -----------------------------------------


def gk(geom):
    return affinity.translate(geom, X0, Y0)


def boxes(*specs):
    return [gk(box(*s)) for s in specs]


def hand_input(**kwargs):
    """Two 1 km² counties side by side (甲县 west, 乙县 east), every rule exercised once."""
    admin = frame(
        boxes((0, 0, 1000, 1000), (1000, 0, 2000, 1000)),
        code=[440101, "440102"],
        name=["甲县", "乙县"],
    )
    red = frame(boxes((800, 0, 1200, 300)))
    eco = frame(boxes((700, 0, 900, 500)))
    parks = park_frame(
        boxes((850, 600, 1150, 900), (1100, 200, 1400, 400), (1350, 300, 1450, 500)),
        ["甲园", "乙园", "丙园"],
    )
    key = frame(boxes((1600, 600, 1900, 900)), start_fid=20, ZL=["城镇生活"])
    args = dict(
        admin=admin,
        admin_layer_name="县界",
        priority=[
            delineation.SourceLayer(schema.SUBTYPE_RED_LINE, red),
            delineation.SourceLayer("一般生态空间", eco),
        ],
        parks=delineation.SourceLayer("产业园区", parks, name_field="MC"),
        key=[delineation.SourceLayer("城镇", key, subtype_field="ZL")],
        province="广东省",
        city="广州市",
    )
    args.update(kwargs)
    return delineation.DelineationInput(**args)


def park_frame(geoms, names, start_fid=10):
    return frame(geoms, start_fid=start_fid, MC=names)


HAND_AREAS = {
    "甲县生态保护红线优先保护单元": 60_000,
    "甲县一般生态空间优先保护单元": 70_000,  # 200 × 500 minus the red line's 100 × 300
    "甲园重点管控单元": 45_000,
    "甲县一般管控单元": 825_000,
    "乙县生态保护红线优先保护单元": 60_000,
    "甲园重点管控单元（2）": 45_000,
    "丙园重点管控单元": 20_000,  # 丙 < 乙: 丙园 keeps the overlap of the two parks
    "乙园重点管控单元": 45_000,  # 300 × 200 - 10 000 on the red line - 5 000 to 丙园
    "乙县城镇生活重点管控单元": 90_000,
    "乙县一般管控单元": 740_000,
}


def test_hand_made_case_exact_areas_codes_and_names():
    inp = hand_input()
    res = delineation.delineate(inp)
    assert_partition(inp, res)
    units = by_name(res)
    assert set(units.index) == set(HAND_AREAS)
    for name, area in HAND_AREAS.items():
        assert shapely.area(units.loc[name, "geometry"]) == pytest.approx(area, abs=1e-6), name
    codes = units[schema.UNIT_CODE].to_dict()
    assert codes["甲县生态保护红线优先保护单元"] == "ZH44010110001"
    assert codes["甲县一般生态空间优先保护单元"] == "ZH44010110002"
    assert codes["甲园重点管控单元"] == "ZH44010120001"
    assert codes["甲县一般管控单元"] == "ZH44010130001"
    assert codes["乙县生态保护红线优先保护单元"] == "ZH44010210001"
    # Parks first, north to south; then the other key subtypes.
    assert codes["甲园重点管控单元（2）"] == "ZH44010220001"
    assert codes["丙园重点管控单元"] == "ZH44010220002"
    assert codes["乙园重点管控单元"] == "ZH44010220003"
    assert codes["乙县城镇生活重点管控单元"] == "ZH44010220004"
    assert codes["乙县一般管控单元"] == "ZH44010230001"
    assert units.loc["甲园重点管控单元", schema.UNIT_SUBTYPE] == schema.SUBTYPE_PARK
    assert units.loc["甲县一般管控单元", schema.UNIT_SUBTYPE] == schema.SUBTYPE_GENERAL
    assert units.loc["甲县一般生态空间优先保护单元", schema.UNIT_SUBTYPE] == "一般生态空间"
    assert units.loc["乙县城镇生活重点管控单元", schema.UNIT_SUBTYPE] == "城镇生活"
    assert units.loc["甲县一般管控单元", schema.UNIT_COUNTY] == "甲县"
    assert units.loc["甲县一般管控单元", schema.UNIT_AREA] == pytest.approx(0.825)
    assert (res.units[schema.UNIT_REMARK] == "").all()

    park_prio = log_rows(res, "conflict_park_priority", "产业园区")
    assert park_prio["fid"].tolist() == [11]
    assert park_prio["area_m2"].iloc[0] == pytest.approx(10_000)
    park_park = log_rows(res, "conflict_park_park", "产业园区")
    assert park_park["fid"].tolist() == [11]  # 乙园 loses to 丙园 (fid 12)
    assert park_park["area_m2"].iloc[0] == pytest.approx(5_000)
    assert "12" in park_park["message"].iloc[0]


def test_names_do_not_double_the_class_words():
    inp = hand_input(
        priority=[
            delineation.SourceLayer(
                "水源", frame(boxes((0, 0, 100, 100)), ZL=["水源优先保护单元"]), subtype_field="ZL"
            ),
            delineation.SourceLayer("湿地优先保护", frame(boxes((200, 0, 300, 100)))),
        ],
        parks=delineation.SourceLayer(
            "园区",
            park_frame(boxes((1200, 200, 1300, 300)), ["高新区重点管控单元"]),
            name_field="MC",
        ),
        key=[
            delineation.SourceLayer(
                "城镇",
                frame(boxes((1500, 500, 1600, 600)), ZL=["工业重点管控"]),
                subtype_field="ZL",
            )
        ],
    )
    res = delineation.delineate(inp)
    assert_partition(inp, res)
    names = set(res.units[schema.UNIT_NAME])
    assert {
        "甲县水源优先保护单元",
        "甲县湿地优先保护单元",
        "高新区重点管控单元",
        "乙县工业重点管控单元",
        "甲县一般管控单元",
        "乙县一般管控单元",
    } == names


def test_priority_precedence_follows_layer_order():
    eco, red = hand_input().priority[1], hand_input().priority[0]
    res = delineation.delineate(hand_input(priority=[eco, red]))
    units = by_name(res)
    # 一般生态空间 first now: it keeps all of its 200 × 500, the red line loses 100 × 300.
    assert shapely.area(units.loc["甲县一般生态空间优先保护单元", "geometry"]) == pytest.approx(
        100_000
    )
    assert shapely.area(units.loc["甲县生态保护红线优先保护单元", "geometry"]) == pytest.approx(
        30_000
    )
    assert units.loc["甲县一般生态空间优先保护单元", schema.UNIT_CODE] == "ZH44010110001"


def test_previous_codes_kept_and_new_park_gets_next_free_serial():
    first = delineation.delineate(hand_input())
    previous = first.units[["geometry", schema.UNIT_CODE]].rename(
        columns={schema.UNIT_CODE: "code"}
    )

    again = delineation.delineate(hand_input(previous=previous))
    assert again.units[schema.UNIT_CODE].tolist() == first.units[schema.UNIT_CODE].tolist()
    assert len(log_rows(again, "code_kept")) == len(first.units)
    assert log_rows(again, "code_new").empty

    # A new park in 乙县: every old unit keeps its code, the park gets serial 5
    # (乙县 class 2 used 1..4), whatever its position in the code order.
    inp = hand_input(previous=previous)
    parks = park_frame(
        boxes((850, 600, 1150, 900), (1100, 200, 1400, 400), (1350, 300, 1450, 500))
        + boxes((1500, 920, 1600, 990)),
        ["甲园", "乙园", "丙园", "丁园"],
    )
    inp.parks = delineation.SourceLayer("产业园区", parks, name_field="MC")
    res = delineation.delineate(inp)
    assert_partition(inp, res)
    units = by_name(res)
    assert units.loc["丁园重点管控单元", schema.UNIT_CODE] == "ZH44010220005"
    old = first.units.set_index(schema.UNIT_NAME)[schema.UNIT_CODE]
    for name, code in old.items():
        assert units.loc[name, schema.UNIT_CODE] == code
    new = log_rows(res, "code_new")
    assert len(new) == 1 and "ZH44010220005" in new["message"].iloc[0]

    # Retired codes are never reused; invalid old codes are logged and ignored.
    retired = pd.concat(
        [
            previous,
            pd.DataFrame(
                {"geometry": [None, gk(box(0, 0, 10, 10))], "code": ["ZH44010220009", "ZH4401"]}
            ),
        ],
        ignore_index=True,
    )
    inp.previous = retired
    res = delineation.delineate(inp)
    assert by_name(res).loc["丁园重点管控单元", schema.UNIT_CODE] == "ZH44010220010"
    bad = log_rows(res, "invalid_previous_code", delineation.PREVIOUS_LAYER)
    assert len(bad) == 1 and "ZH4401" in bad["message"].iloc[0]
    # A geometry-less row only reserves its code: it is not an empty feature to report.
    assert log_rows(res, "dropped_empty", delineation.PREVIOUS_LAYER).empty


def test_previous_unit_must_cover_more_than_half():
    first = delineation.delineate(hand_input())
    previous = first.units[["geometry", schema.UNIT_CODE]].rename(
        columns={schema.UNIT_CODE: "code"}
    )
    # Move 甲县's general unit far away: it no longer covers the new one.
    row = previous.index[previous["code"] == "ZH44010130001"][0]
    previous.loc[row, "geometry"] = gk(box(5000, 5000, 5100, 5100))
    res = delineation.delineate(hand_input(previous=previous))
    codes = by_name(res)[schema.UNIT_CODE]
    assert codes["甲县一般管控单元"] == "ZH44010130002"
    assert codes["乙县一般管控单元"] == "ZH44010230001"


def test_townships_split_general_land_and_absorb_slivers():
    townships = frame(
        # 甲县 split at x = 500 with a 1 m gap; 乙县's township pokes 5 m into 甲县.
        boxes((0, 0, 499, 1000), (500, 0, 1000, 1000), (995, 0, 2000, 1000)),
        start_fid=1,
        XZMC=["西镇", "东镇", "乙镇"],
    )
    inp = hand_input(
        townships=delineation.SourceLayer("乡镇", townships, name_field="XZMC"),
        general_split="township",
    )
    res = delineation.delineate(inp)
    assert_partition(inp, res)
    units = by_name(res)
    general = res.units[res.units[schema.UNIT_CLASS] == schema.GENERAL]
    assert sorted(general[schema.UNIT_NAME]) == sorted(
        ["西镇一般管控单元", "东镇一般管控单元", "乙镇一般管控单元"]
    )
    # The 1 m gap joins 西镇 (its longest shared edge: 1 000 m, ties go to the smaller fid);
    # 乙镇's 5 m strip in 甲县 joins 东镇.
    west = units.loc["西镇一般管控单元", "geometry"]
    east = units.loc["东镇一般管控单元", "geometry"]
    assert shapely.area(west) == pytest.approx(500 * 1000, abs=1e-6)
    assert shapely.area(east) == pytest.approx(825_000 - 500_000, abs=1e-6)
    assert units.loc["乙镇一般管控单元", schema.UNIT_COUNTY_CODE] == "440102"
    assert len(log_rows(res, "township_other_county", "乡镇")) == 1


def test_overlapping_counties_smaller_code_keeps_overlap():
    admin = frame(boxes((0, 0, 1000, 1000), (990, 0, 2000, 1000)), code=["440102", "440101"])
    inp = delineation.DelineationInput(admin=admin, admin_layer_name="县界")
    res = delineation.delineate(inp)
    assert_partition(inp, res)
    units = res.units.set_index(schema.UNIT_COUNTY_CODE)
    assert shapely.area(units.loc["440101", "geometry"]) == pytest.approx(1_010_000)
    assert shapely.area(units.loc["440102", "geometry"]) == pytest.approx(990_000)
    # No names given: the code stands in for the county name.
    assert units.loc["440102", schema.UNIT_NAME] == "440102一般管控单元"
    conflict = log_rows(res, "conflict_admin_overlap", "县界")
    assert conflict["fid"].tolist() == [1]
    assert conflict["area_m2"].iloc[0] == pytest.approx(10_000)


# --- the realistic generated region --------------------------------------------------------


@pytest.fixture(scope="module")
def county_run():
    inp = make_input()
    return inp, delineation.delineate(inp)


@pytest.fixture(scope="module")
def township_run():
    inp = make_input(min_area=5_000.0, general_split="township")
    return inp, delineation.delineate(inp)


@pytest.mark.parametrize("run", ["county_run", "township_run"])
def test_partition_invariants(run, request):
    inp, res = request.getfixturevalue(run)
    assert_partition(inp, res)


def test_red_line_lies_in_priority_units(county_run, township_run):
    for inp, res in (county_run, township_run):
        red = inp.extras["red_line"]
        prio = res.units[res.units[schema.UNIT_CLASS] == schema.PRIORITY]["geometry"]
        inside = shapely.intersection(red, admin_union(inp), grid_size=GRID)
        missing = shapely.difference(inside, shapely.union_all(prio.to_numpy()), grid_size=GRID)
        assert shapely.area(missing) <= 1e-6 * shapely.area(inside)
        assert shapely.area(inside) > 1e6


def test_each_park_has_its_own_named_unit(county_run):
    inp, res = county_run
    parks = res.units[res.units[schema.UNIT_SUBTYPE] == schema.SUBTYPE_PARK]
    assert (parks[schema.UNIT_CLASS] == schema.KEY).all()
    names = set(parks[schema.UNIT_NAME])
    # 高新区重点管控单元 keeps its name as is; the park across a county line has two
    # units; the park on the river lost its river part to the red line.
    assert "高新区重点管控单元" in names
    assert {"园区4重点管控单元", "园区4重点管控单元（2）"} <= names
    assert "河滨工业园重点管控单元" in names
    for name in inp.extras["park_names"]:
        unit_name = name if name.endswith("重点管控单元") else name + "重点管控单元"
        assert unit_name in names, name
    river_park = by_name(res).loc["河滨工业园重点管控单元", "geometry"]
    on_red = shapely.intersection(river_park, inp.extras["red_line"], grid_size=GRID)
    assert shapely.area(on_red) < 0.05  # the raw red line is off the 1 mm grid
    rows = log_rows(res, "conflict_park_priority", "产业园区")
    assert 200 in rows["fid"].tolist()
    assert rows.loc[rows["fid"] == 200, "area_m2"].iloc[0] > 100_000
    pp = log_rows(res, "conflict_park_park", "产业园区")
    assert pp["fid"].tolist() == [202]  # 园区3 overlaps 园区2 (fid 201), which keeps it


def test_subtypes_from_fields_and_layer_names(county_run):
    _, res = county_run
    prio = set(res.units.loc[res.units[schema.UNIT_CLASS] == 1, schema.UNIT_SUBTYPE])
    assert {schema.SUBTYPE_RED_LINE, "一般生态空间", "一级保护区"} <= prio
    assert "饮用水水源保护区" in prio  # blank subtype: the layer name
    key = set(res.units.loc[res.units[schema.UNIT_CLASS] == 2, schema.UNIT_SUBTYPE])
    assert {schema.SUBTYPE_PARK, "城镇生活", "工业集聚"} <= key
    # One priority unit per county and subtype, one key unit per county and subtype.
    non_park = res.units[res.units[schema.UNIT_SUBTYPE] != schema.SUBTYPE_PARK]
    assert not non_park.duplicated([schema.UNIT_COUNTY_CODE, schema.UNIT_SUBTYPE]).any()


def test_log_names_layer_and_fid_of_cleaned_features(county_run):
    inp, res = county_run
    dropped = log_rows(res, "dropped_empty", "县界")
    assert sorted(dropped["fid"]) == [8, 9]
    red = inp.priority[0].frame
    bow_fid = int(
        red.loc[red["geometry"].map(lambda g: g is not None and not g.is_valid), "fid"].iloc[0]
    )
    repaired = log_rows(res, "repaired", schema.SUBTYPE_RED_LINE)
    assert repaired["fid"].tolist() == [bow_fid]
    assert repaired["area_m2"].iloc[0] == pytest.approx(80_000)  # two 40 000 m² triangles
    empty_red = red.loc[red["geometry"].map(lambda g: g is None or g.is_empty), "fid"]
    assert sorted(log_rows(res, "dropped_empty", schema.SUBTYPE_RED_LINE)["fid"]) == sorted(
        empty_red
    )
    assert log_rows(res, "dropped_empty", "城镇")["fid"].tolist() == [310]
    assert len(log_rows(res, "conflict_admin_overlap", "县界")) >= 1


def test_outside_admin_logged_once_per_layer_with_area(county_run):
    inp, res = county_run
    rows = log_rows(res, "outside_admin")
    assert not rows["layer"].duplicated().any()
    red_row = rows[rows["layer"] == schema.SUBTYPE_RED_LINE]
    assert len(red_row) == 1
    domain = admin_union(inp)
    geoms = np.array([g for g in inp.priority[0].frame["geometry"] if g is not None], dtype=object)
    geoms = shapely.make_valid(geoms[~shapely.is_empty(geoms)])
    outside = shapely.area(shapely.difference(geoms, domain, grid_size=GRID)).sum()
    assert red_row["area_m2"].iloc[0] == pytest.approx(outside, rel=1e-3)
    assert outside > 1e5


def test_shuffled_input_gives_identical_result(county_run):
    _, res = county_run
    inp2 = make_input(shuffle_seed=11)
    res2 = delineation.delineate(inp2)
    a, b = res.units, res2.units
    assert a[schema.UNIT_CODE].tolist() == b[schema.UNIT_CODE].tolist()
    assert a[schema.UNIT_NAME].tolist() == b[schema.UNIT_NAME].tolist()
    ga = shapely.normalize(a["geometry"].to_numpy())
    gb = shapely.normalize(b["geometry"].to_numpy())
    assert (shapely.to_wkb(ga) == shapely.to_wkb(gb)).all()


def test_previous_run_keeps_codes_and_added_park_gets_next_serial(county_run):
    inp, res = county_run
    previous = res.units[["geometry", schema.UNIT_CODE]].rename(columns={schema.UNIT_CODE: "code"})
    previous["fid"] = np.arange(len(previous)) + 1
    # A new park inside county 第4县's general land.
    general = by_name(res).loc["第4县一般管控单元"]
    at = shapely.point_on_surface(general["geometry"])
    park = shapely.buffer(at, 120.0, quad_segs=4)
    inp2 = make_input(extra_parks=[park])
    inp2.previous = previous
    res2 = delineation.delineate(inp2)
    assert_partition(inp2, res2)
    new = res2.units[~res2.units[schema.UNIT_CODE].isin(previous["code"])]
    assert len(new) == 1
    county = general[schema.UNIT_COUNTY_CODE]
    used = [RULE.parse(c)[2] for c in previous["code"] if RULE.parse(c)[:2] == (county, schema.KEY)]
    assert new[schema.UNIT_CODE].iloc[0] == RULE.make(county, schema.KEY, max(used) + 1)
    assert new[schema.UNIT_NAME].iloc[0] == "园区9重点管控单元"
    kept = res2.units[res2.units[schema.UNIT_CODE].isin(previous["code"])]
    assert len(kept) == len(res.units)
    # The names match too: the same units carried their codes on.
    old_names = res.units.set_index(schema.UNIT_CODE)[schema.UNIT_NAME]
    assert (kept.set_index(schema.UNIT_CODE)[schema.UNIT_NAME] == old_names).all()
    assert len(log_rows(res2, "code_kept")) == len(res.units)
    assert log_rows(res2, "code_kept")["fid"].notna().all()


def test_min_area_merges_fragments_and_conserves_area(township_run):
    inp, res = township_run
    min_area = inp.min_area
    units = res.units
    geoms = units["geometry"].to_numpy()
    areas = shapely.area(shapely.get_parts(geoms))
    # A small part left over is priority land with no priority neighbour.
    small_prio, neighbour_prio = small_parts_with_neighbours(res, min_area)
    assert small_prio.all()
    assert not neighbour_prio.any()
    assert len(log_rows(res, "merged_fragment")) > 0

    # Same total area as without merging, and as ADMIN.
    plain = delineation.delineate(make_input(general_split="township"))
    assert shapely.area(geoms).sum() == pytest.approx(
        shapely.area(plain.units["geometry"].to_numpy()).sum(), rel=1e-9
    )
    plain_parts = shapely.area(shapely.get_parts(plain.units["geometry"].to_numpy()))
    assert (plain_parts < min_area).sum() > (areas < min_area).sum()

    # The 15 m × 15 m park vanished into its neighbour.
    removed = log_rows(res, "unit_removed", "产业园区")
    assert 204 in removed["fid"].tolist()
    merged = log_rows(res, "merged_fragment", "产业园区")
    assert merged.loc[merged["fid"] == 204, "area_m2"].sum() == pytest.approx(225.0)
    assert "园区5重点管控单元" not in set(units[schema.UNIT_NAME])


def test_township_units_are_named_after_townships(township_run):
    inp, res = township_run
    general = res.units[res.units[schema.UNIT_CLASS] == schema.GENERAL]
    names = general[schema.UNIT_NAME]
    assert names.str.match(r"^第\d+县(第\d+镇)?一般管控单元$").all()
    assert names.str.contains("镇").mean() > 0.9
    # Every township's name starts with its own county's name.
    assert (general[schema.UNIT_COUNTY] == names.str.extract(r"^(第\d+县)")[0]).all()


def test_inputs_are_not_modified():
    inp = make_input(n_blobs=20)
    frames = [inp.admin, inp.townships.frame, inp.parks.frame, inp.key[0].frame]
    frames += [s.frame for s in inp.priority]
    before = [(f.copy(), list(f.index), [id(g) for g in f["geometry"]]) for f in frames]
    delineation.delineate(inp)
    for f, (copy, index, ids) in zip(frames, before):
        assert list(f.columns) == list(copy.columns)
        assert list(f.index) == index
        assert [id(g) for g in f["geometry"]] == ids
        pd.testing.assert_frame_equal(f.drop(columns="geometry"), copy.drop(columns="geometry"))


def test_progress_and_cancel():
    inp = make_input(n_blobs=20)
    seen = []
    delineation.delineate(inp, progress=seen.append)
    assert seen == sorted(seen) and seen[0] == 0 and seen[-1] == 100
    assert len(seen) >= 10

    with pytest.raises(delineation.Cancelled):
        delineation.delineate(inp, is_cancelled=lambda: True)

    calls = []

    def later():
        calls.append(1)
        return len(calls) > 25

    with pytest.raises(delineation.Cancelled):
        delineation.delineate(inp, is_cancelled=later)
    assert len(calls) == 26


# --- user errors -------------------------------------------------------------------------


def admin_with(code, fid=12):
    return frame([gk(box(0, 0, 100, 100))], start_fid=fid, code=[code], name=["县"])


@pytest.mark.parametrize(
    "code, words",
    [
        ("4406", ["要素 12 的行政区划代码“4406”不是6位数字", 'feature 12: county code "4406"']),
        (4406.0, ["“4406”", '"4406" is not 6 digits']),
        ("44010a", ["“44010a”", "not 6 digits"]),
        (None, ["要素 12 缺少行政区划代码", "feature 12: county code is missing"]),
        (float("nan"), ["缺少", "missing"]),
    ],
)
def test_bad_county_code_names_feature_and_value(code, words):
    inp = delineation.DelineationInput(admin=admin_with(code), admin_layer_name="县界")
    with pytest.raises(delineation.DelineationError) as err:
        delineation.delineate(inp)
    message = str(err.value)
    assert "县界" in message
    for word in words:
        assert word in message


def test_empty_admin_is_an_error():
    admin = frame([None, shapely.Polygon()], code=["440101", "440102"])
    with pytest.raises(delineation.DelineationError, match="县界.*no valid polygon"):
        delineation.delineate(delineation.DelineationInput(admin=admin, admin_layer_name="县界"))
    with pytest.raises(delineation.DelineationError, match="ADMIN"):
        delineation.delineate(delineation.DelineationInput(admin=admin.iloc[:0]))


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"general_split": "township"}, ["乡镇图层", "townships layer"]),
        ({"general_split": "village"}, ["village", "county"]),
        ({"min_area": -1.0}, ["-1.0", "non-negative"]),
        ({"min_area": float("nan")}, ["min_area"]),
    ],
)
def test_bad_options_are_errors(kwargs, words):
    inp = delineation.DelineationInput(admin=admin_with("440101"), **kwargs)
    with pytest.raises(delineation.DelineationError) as err:
        delineation.delineate(inp)
    for word in words:
        assert word in str(err.value)


def test_missing_subtype_field_is_an_error():
    inp = hand_input()
    inp.priority[0].subtype_field = "NOPE"
    with pytest.raises(delineation.DelineationError, match="NOPE"):
        delineation.delineate(inp)


def test_claimed_patches_touching_at_points_leave_a_valid_island():
    # Two C-shaped red-line patches touch at two corners and enclose a 60 × 160 m island.
    left = [(100, 100), (200, 100), (200, 120), (140, 120), (140, 280), (200, 280), (200, 300)]
    left += [(100, 300)]
    right = [(200, 100), (300, 100), (300, 300), (200, 300), (210, 280), (260, 280)]
    right += [(260, 120), (210, 120)]
    red = frame([gk(shapely.Polygon(left)), gk(shapely.Polygon(right))])
    admin = frame(boxes((0, 0, 1000, 1000)), code=["440101"], name=["甲县"])
    inp = delineation.DelineationInput(
        admin=admin, priority=[delineation.SourceLayer(schema.SUBTYPE_RED_LINE, red)]
    )
    res = delineation.delineate(inp)
    assert_partition(inp, res)
    general = by_name(res).loc["甲县一般管控单元", "geometry"]
    parts = sorted(shapely.get_parts(general), key=shapely.area)
    assert len(parts) == 2
    # 120 × 160 m plus the two 10 × 20 m triangles next to the touching corners.
    assert shapely.area(parts[0]) == pytest.approx(19_400)

    # Below min_area, the island joins the red line, its only neighbour.
    inp.min_area = 20_000.0
    res = delineation.delineate(inp)
    assert_partition(inp, res)
    units = by_name(res)
    assert len(shapely.get_parts(units.loc["甲县一般管控单元", "geometry"])) == 1
    red_unit = units.loc["甲县生态保护红线优先保护单元", "geometry"]
    assert shapely.area(red_unit) == pytest.approx(
        shapely.area(shapely.union_all(red["geometry"].to_numpy())) + 19_400
    )
    assert log_rows(res, "merged_fragment")["area_m2"].tolist() == [pytest.approx(19_400)]


def test_overlay_threads_give_the_same_result(monkeypatch):
    inp = make_input(seed=3, n_blobs=1500, blob_radius=300.0, min_area=2_000.0)
    inp.general_split = "township"
    results = []
    for workers in (1, 2):
        monkeypatch.setattr(delineation, "MAX_WORKERS", workers)
        results.append(delineation.delineate(inp).units)
    a, b = results
    assert a[schema.UNIT_CODE].tolist() == b[schema.UNIT_CODE].tolist()
    ga = shapely.to_wkb(a["geometry"].to_numpy())
    gb = shapely.to_wkb(b["geometry"].to_numpy())
    assert np.array_equal(ga, gb)
