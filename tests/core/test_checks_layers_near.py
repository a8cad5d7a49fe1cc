"""The other layers are cleaned and kept only near the units a check looks at; the
repair log still covers every feature (pure core, no QGIS)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from plugin.core import checks, schema
from plugin.core.checks import prepare
from plugin.core.checks.problems import Problems
from plugin.core.geometry import polygonal
from tests.core.checks_data import X0, Y0, small_county, voronoi_province

FAR = 50_000.0  # m east of the county: no unit anywhere near


def bow_tie(x, y, size=30.0):
    return Polygon([(x, y), (x + size, y + size), (x + size, y), (x, y + size)])


def farmland_with_far_features(farm: pd.DataFrame) -> pd.DataFrame:
    """``farm`` plus two features far from every unit: a bow tie (repaired) and a
    sliver thinner than the grid (dropped when snapped)."""
    sliver = box(X0 + FAR, Y0, X0 + FAR + 100, Y0 + 0.0001)
    extra = pd.DataFrame({"fid": [101, 102], "geometry": [bow_tie(X0 + FAR, Y0 + 500), sliver]})
    return pd.concat([farm, extra], ignore_index=True)


def test_near_rows_by_box():
    raw = np.array([box(0, 0, 1, 1), None, box(10, 10, 11, 11), box(0.5, 0.5, 3, 3)], object)
    wanted = prepare.near_rows(raw, np.array([box(2, 2, 4, 4), None], object))
    assert wanted.tolist() == [False, False, False, True]
    assert prepare.near_rows(raw, None).all()
    assert not prepare.near_rows(raw, np.array([], object)).any()


@pytest.mark.parametrize("rows_at_a_time", [1, 2, 3, 50_000])
def test_cleaning_in_slices_matches_the_whole_layer(monkeypatch, rows_at_a_time):
    _, _, _, farm, *_ = small_county()
    farm = farmland_with_far_features(farm)
    inp = checks.CheckInput(units=small_county()[0])
    whole_problems, near_problems = Problems(), Problems()
    whole = prepare.prepare_layer(farm, "农田", "farmland", inp, 0.001, whole_problems)
    monkeypatch.setattr(prepare, "_CLEAN_ROWS", rows_at_a_time)
    near = np.array([box(X0, Y0, X0 + 1000, Y0 + 1000)], object)
    kept = prepare.prepare_layer(farm, "农田", "farmland", inp, 0.001, near_problems, near=near)
    # the repair log covers the far features too, whatever is kept
    log = near_problems.repairs[0]
    assert log.equals(whole_problems.repairs[0])
    assert log[["fid", "action"]].values.tolist() == [[101, "repaired"], [102, "dropped"]]
    # the near features are cleaned exactly as before, the far ones not kept
    far = np.asarray(shapely.bounds(farm["geometry"].to_numpy())[:, 0] > X0 + 1000)
    assert not kept.keep[far].any()
    assert (kept.keep[~far] == whole.keep[~far]).all()
    assert shapely.equals_exact(kept.geoms[kept.keep], whole.geoms[kept.keep], 0).all()
    np.testing.assert_array_equal(kept.raw_area, whole.raw_area)


def test_far_features_change_no_result_and_are_still_logged():
    units, admin, red, farm, urban, _ = small_county()
    base = dict(units=units, admin=admin, red_line=red, urban_boundary=urban)
    plain = checks.check_units(checks.CheckInput(farmland=farm, **base))
    far_red = pd.concat(
        [red, pd.DataFrame({"fid": [201], "geometry": [bow_tie(X0 - FAR, Y0)]})],
        ignore_index=True,
    )
    more = checks.check_units(
        checks.CheckInput(
            farmland=farmland_with_far_features(farm),
            **{**base, "red_line": far_red},
            layer_names={"farmland": "YJJBNT", "red_line": "STBHHX"},
        )
    )
    cols = [schema.CHK_CODE, schema.CHK_UNITS, schema.CHK_AREA, schema.CHK_MESSAGE]
    assert more.errors[cols].equals(plain.errors[cols])
    assert more.repairs[["layer", "fid", "action"]].values.tolist() == [
        ["STBHHX", 201, "repaired"],
        ["YJJBNT", 101, "repaired"],
        ["YJJBNT", 102, "dropped"],
    ]


def test_polygonal_keeps_polygons_and_drops_points_and_lines():
    square = box(0, 0, 1, 1)
    mixed = shapely.GeometryCollection([LineString([(5, 5), (6, 6)]), box(2, 2, 3, 3)])
    only_lines = shapely.GeometryCollection([LineString([(0, 0), (1, 0)]), Point(3, 3)])
    geoms = [square, None, Point(1, 1), LineString([(0, 0), (1, 1)]), mixed, only_lines]
    geoms += [shapely.MultiLineString([[(0, 0), (1, 0)], [(0, 1), (1, 1)]]), Polygon()]
    out = polygonal(np.array(geoms, dtype=object))
    assert out[0] is square
    assert [g is None for g in out[1:4]] == [True, True, True]
    assert out[4].equals(box(2, 2, 3, 3))
    assert out[5] is None and out[6] is None and out[7] is None


def _shifted_units():
    """A mismatched Voronoi layer (neighbours with different vertices on shared edges) with
    one unit grown into its neighbours: noise everywhere, one real overlap."""
    units, admin = voronoi_province(
        n_units=300, n_counties=5, width=20_000, height=15_000, segment=40, mismatched=True
    )
    i = int(np.argmax(units[schema.UNIT_AREA]))
    units.at[i, "geometry"] = units.at[i, "geometry"].buffer(25.0, join_style="mitre")
    return units, admin


def test_coverage_validation_in_slices_matches_one_pass(monkeypatch):
    from plugin.core.checks import overlaps
    from plugin.core.checks.parts import Precision
    from plugin.core.run import progress_of

    units_frame, admin = _shifted_units()
    inp = checks.CheckInput(units=units_frame, admin=admin)

    def validate(slice_rows, deep_rows):
        monkeypatch.setattr(overlaps, "_SLICE", slice_rows)
        monkeypatch.setattr(overlaps, "_DEEP_ROWS", deep_rows)
        units = prepare.prepare_units(inp, 0.001)
        prec = Precision.of(0.001, 0.01)
        a, b, dirty = overlaps._candidate_pairs(units, prec, progress_of(None, None))
        return units, a, b, dirty

    one, a1, b1, d1 = validate(10**6, 10**6)
    many, a2, b2, d2 = validate(7, 11)
    assert d1.any() and not d1.all()  # noise: some units flagged, not all
    assert (d1 == d2).all()
    assert sorted(zip(a1, b1)) == sorted(zip(a2, b2)) and len(a1) > 0
    # the clean units keep their coverage geometry (for the coverage union), the others none
    kept = ~shapely.is_missing(one.cov)
    assert (kept == ~d1 & one.present).all()
    assert shapely.equals_exact(one.cov[kept], many.cov[kept], 0).all()
    # and the whole run says the same
    cols = [schema.CHK_CODE, schema.CHK_UNITS, schema.CHK_AREA, schema.CHK_MESSAGE]
    whole = checks.check_units(inp).errors[cols]
    assert (whole[schema.CHK_CODE] == "T01").sum() > 0
    monkeypatch.setattr(overlaps, "_SLICE", 7)
    assert checks.check_units(inp).errors[cols].equals(whole)


def test_sliver_parts_are_get_parts_without_copying_single_polygons():
    from plugin.core.checks.slivers import _parts

    single = box(0, 0, 1, 1)
    multi = shapely.MultiPolygon([box(2, 2, 3, 3), box(4, 4, 5, 5)])
    geoms = np.array([single, multi, box(6, 6, 7, 7), shapely.MultiPolygon([box(8, 8, 9, 9)])])
    parts, owner = _parts(geoms)
    expected, expected_owner = shapely.get_parts(geoms, return_index=True)
    assert owner.tolist() == expected_owner.tolist() == [0, 1, 1, 2, 3]
    assert shapely.equals_exact(parts, expected, 0).all()
    assert parts[0] is single
    only_single = np.array([single, box(6, 6, 7, 7)])
    assert _parts(only_single)[0] is only_single


def test_slivers_found_a_few_units_at_a_time(monkeypatch):
    """T04 explodes the units in slices: the same slivers whatever the slice size."""
    from plugin.core.checks import slivers

    units, admin, *_ = small_county()
    i = 5
    x0, y0, x1, y1 = units.at[i, "geometry"].bounds
    specks = [box(x0 + 20 + k * 10, y0 + 20, x0 + 22 + k * 10, y0 + 22) for k in range(3)]
    units.at[i, "geometry"] = units.at[i, "geometry"].difference(shapely.union_all(specks))
    extra = units.iloc[[i]].assign(fid=301, **{schema.UNIT_CODE: "ZH44060630301"})
    extra["geometry"] = [shapely.MultiPolygon(specks)]
    extra[schema.UNIT_AREA] = [12.0 / 1e6]
    units = pd.concat([units, extra], ignore_index=True)
    inp = checks.CheckInput(units=units, admin=admin)
    cols = [schema.CHK_CODE, schema.CHK_UNITS, schema.CHK_AREA, schema.CHK_MESSAGE]
    whole = checks.check_units(inp).errors[cols]
    t04 = whole[whole[schema.CHK_CODE] == "T04"]
    assert t04[schema.CHK_UNITS].tolist() == ["ZH44060630301"]
    assert t04[schema.CHK_AREA].iat[0] == pytest.approx(12.0, rel=1e-6)
    monkeypatch.setattr(slivers, "_ROWS", 2)
    assert checks.check_units(inp).errors[cols].equals(whole)


def test_layer_checks_a_few_units_at_a_time(monkeypatch):
    """R01, R02, S01 and S02 overlay the units in slices: the same problems whatever the size."""
    from plugin.core.checks import layers

    units, admin, red, farm, urban, _ = small_county()
    red = pd.concat(
        [
            red,
            pd.DataFrame(
                {
                    "fid": [3, 4],
                    "geometry": [
                        box(X0 + 200, Y0 + 10, X0 + 300, Y0 + 100),
                        box(X0 + 600, Y0 + 300, X0 + 650, Y0 + 350),
                    ],
                }
            ),
        ],
        ignore_index=True,
    )
    farm = pd.concat(
        [
            farm,
            pd.DataFrame({"fid": [5], "geometry": [box(X0 + 510, Y0 + 260, X0 + 560, Y0 + 310)]}),
        ],
        ignore_index=True,
    )
    urban = pd.concat(
        [
            urban,
            pd.DataFrame({"fid": [6], "geometry": [box(X0 + 100, Y0 + 100, X0 + 140, Y0 + 150)]}),
        ],
        ignore_index=True,
    )
    inp = checks.CheckInput(
        units=units, admin=admin, red_line=red, farmland=farm, urban_boundary=urban
    )
    cols = [schema.CHK_CODE, schema.CHK_UNITS, schema.CHK_AREA, schema.CHK_MESSAGE]
    whole = checks.check_units(inp).errors[cols]
    assert set(whole[schema.CHK_CODE]) >= {"R01", "R02", "S01", "S02"}
    monkeypatch.setattr(layers, "_UNIT_ROWS", 1)
    assert checks.check_units(inp).errors[cols].equals(whole)


def _slices(frame: pd.DataFrame, rows: int, taken: list):
    """``frame`` as a generator of slices of ``rows``; ``taken`` records what is live."""
    for k in range(0, len(frame), rows):
        taken.append(k)
        yield frame.iloc[k : k + rows].reset_index(drop=True)


@pytest.mark.parametrize("rows", [1, 3, 10**6])
@pytest.mark.parametrize("with_fid", [True, False])
def test_layer_read_in_slices_matches_the_whole_frame(rows, with_fid):
    """A reader giving slices of the layer gives the same Layer and repair log as the
    whole frame (repaired and dropped rows in any slice, near filter, fids or none)."""
    _, _, _, farm, *_ = small_county()
    farm = farmland_with_far_features(farm)
    farm = farm.iloc[np.r_[len(farm) - 1, 0 : len(farm) - 1]].reset_index(drop=True)
    if not with_fid:
        farm = farm.drop(columns="fid")
    inp = checks.CheckInput(units=small_county()[0])
    near = np.array([box(X0, Y0, X0 + 1000, Y0 + 1000), box(X0 + FAR, Y0, X0 + FAR + 1, Y0 + 1)])
    whole_problems, sliced_problems, taken = Problems(), Problems(), []
    whole = prepare.prepare_layer(farm, "农田", "farmland", inp, 0.001, whole_problems, near=near)
    sliced = prepare.prepare_layer(
        lambda: _slices(farm, rows, taken),
        "农田",
        "farmland",
        inp,
        0.001,
        sliced_problems,
        near=near,
    )
    assert len(taken) == -(-len(farm) // rows)
    assert sliced_problems.repairs[0].equals(whole_problems.repairs[0])
    assert len(whole_problems.repairs[0]) == 2  # a repaired and a dropped feature
    assert (sliced.keep == whole.keep).all() and whole.keep.any() and not whole.keep.all()
    assert shapely.equals_exact(sliced.geoms[whole.keep], whole.geoms[whole.keep], 0).all()
    assert shapely.is_missing(sliced.geoms[~whole.keep]).all()
    np.testing.assert_array_equal(sliced.raw_area, whole.raw_area)


def test_layer_slices_bad_or_empty():
    inp = checks.CheckInput(units=small_county()[0])
    empty = prepare.prepare_layer(lambda: iter([]), "农田", "farmland", inp, 0.001, Problems())
    assert empty is not None and len(empty.geoms) == 0 and len(empty.keep) == 0
    bad = [pd.DataFrame({"geometry": [box(0, 0, 1, 1)]}), pd.DataFrame({"x": [1]})]
    with pytest.raises(checks.CheckError, match="farmland layer has no field geometry"):
        prepare.prepare_layer(lambda: iter(bad), "农田", "farmland", inp, 0.001, Problems())
    with pytest.raises(checks.CheckError, match="not a table"):
        prepare.prepare_layer(lambda: ["x"], "农田", "farmland", inp, 0.001, Problems())
