"""Overlap analysis against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPoint, Point, Polygon, box

from plugin.core import overlap
from plugin.core.overlap import Constraint, overlap_analysis

X, Y = 39_500_000.0, 2_500_000.0  # Gauss-Krüger coordinates: large numbers on purpose


def frame(*geoms, start=1):
    return pd.DataFrame({"fid": np.arange(start, start + len(geoms)), "geometry": list(geoms)})


def sq(x0, y0, x1, y1):
    return box(X + x0, Y + y0, X + x1, Y + y1)


def test_overlapping_constraints_are_dissolved():
    feature = frame(sq(0, 0, 100, 100))
    # two constraint polygons overlapping each other, together covering the left half
    red = frame(sq(-20, 0, 40, 100), sq(20, 0, 50, 100))
    out = overlap_analysis(feature, [Constraint("红线", red)])
    assert list(out.columns) == overlap.OUTPUT_COLUMNS
    assert len(out) == 1
    row = out.iloc[0]
    assert row["fid"] == 1 and row["constraint"] == "红线" and row["geom_type"] == "polygon"
    assert row["overlap_area_m2"] == pytest.approx(5000)
    assert row["percent"] == pytest.approx(50.0)  # not 75 %
    assert bool(row["inside"]) is True
    assert math.isnan(row["overlap_length_m"])
    assert row["geometry"].area == pytest.approx(5000)
    assert row["geometry"].equals(sq(0, 0, 50, 100).normalize()) or row[
        "geometry"
    ].symmetric_difference(sq(0, 0, 50, 100)).area == pytest.approx(0, abs=1e-6)


def test_line_crossing_a_buffered_point():
    line = frame(LineString([(X, Y), (X + 100, Y)]))
    wells = frame(Point(X + 50, Y))
    out = overlap_analysis(line, [Constraint("水源井", wells, buffer=10.0)])
    assert len(out) == 1
    row = out.iloc[0]
    assert row["geom_type"] == "line"
    assert row["overlap_length_m"] == pytest.approx(20.0, rel=1e-6)  # the diameter
    assert row["percent"] == pytest.approx(20.0, rel=1e-6)
    assert math.isnan(row["overlap_area_m2"])
    assert row["geometry"].geom_type == "LineString"


def test_point_constraints_without_buffer_do_not_count():
    line = frame(LineString([(X, Y), (X + 100, Y)]))
    wells = frame(Point(X + 50, Y))
    assert len(overlap_analysis(line, [Constraint("水源井", wells)])) == 0


def test_points_inside_and_outside():
    pts = frame(Point(X + 5, Y + 5), Point(X + 50, Y + 50), Point(X + 10, Y + 3))
    zone = frame(sq(0, 0, 10, 10))
    out = overlap_analysis(pts, [Constraint("保护区", zone)])
    # the third point lies on the boundary: it counts as inside (intersects)
    assert list(out["fid"]) == [1, 3]
    assert out["inside"].all()
    assert (out["percent"] == 100.0).all()
    assert out["geom_type"].eq("point").all()


def test_multipoint_share():
    mp = frame(MultiPoint([(X + 1, Y + 1), (X + 2, Y + 2), (X + 50, Y), (X + 60, Y)]))
    out = overlap_analysis(mp, [Constraint("c", frame(sq(0, 0, 10, 10)))])
    assert out.iloc[0]["percent"] == pytest.approx(50.0)


def test_buffered_polygon_constraint():
    feature = frame(sq(10, 0, 20, 10))
    zone = frame(sq(0, 0, 10, 10))
    out = overlap_analysis(feature, [Constraint("缓冲区", zone, buffer=5.0)])
    assert out.iloc[0]["overlap_area_m2"] == pytest.approx(50.0, rel=1e-6)
    assert out.iloc[0]["percent"] == pytest.approx(50.0, rel=1e-6)
    # touching without a buffer is no overlap
    assert len(overlap_analysis(feature, [Constraint("区", zone)])) == 0


def test_line_along_overlapping_polygons_is_not_double_counted():
    line = frame(LineString([(X, Y + 5), (X + 100, Y + 5)]))
    zone = frame(sq(10, 0, 60, 10), sq(40, 0, 80, 10))  # together x 10..80
    out = overlap_analysis(line, [Constraint("c", zone)])
    assert out.iloc[0]["overlap_length_m"] == pytest.approx(70.0)
    assert out.iloc[0]["percent"] == pytest.approx(70.0)


def test_mixed_features_several_layers_and_order():
    feats = frame(
        sq(0, 0, 100, 100),
        LineString([(X - 50, Y + 50), (X + 50, Y + 50)]),
        Point(X + 500, Y + 500),
        None,
    )
    red = frame(sq(0, 0, 100, 25))
    farm = frame(sq(0, 0, 20, 100), sq(480, 480, 520, 520))
    out = overlap_analysis(feats, [Constraint("红线", red), Constraint("农田", farm)])
    got = {(r.fid, r.constraint): r for r in out.itertuples()}
    assert set(got) == {(1, "红线"), (1, "农田"), (2, "农田"), (3, "农田")}
    assert got[(1, "红线")].percent == pytest.approx(25.0)
    assert got[(1, "农田")].overlap_area_m2 == pytest.approx(2000.0)
    assert got[(2, "农田")].overlap_length_m == pytest.approx(20.0)
    assert got[(2, "农田")].percent == pytest.approx(20.0)
    assert got[(3, "农田")].geom_type == "point"
    assert list(out["fid"]) == [1, 1, 2, 3]  # feature order, then layer order


def test_feature_fully_inside_and_invalid_inputs():
    bow = Polygon([(X, Y), (X + 10, Y + 10), (X + 10, Y), (X, Y + 10)])  # invalid bow-tie
    feats = frame(sq(1, 1, 2, 2), bow)
    out = overlap_analysis(feats, [Constraint("c", frame(sq(0, 0, 10, 10)))])
    assert out.iloc[0]["percent"] == pytest.approx(100.0)
    assert out.iloc[1]["overlap_area_m2"] == pytest.approx(50.0)  # two triangles
    assert out.iloc[1]["percent"] == pytest.approx(100.0)
    # an invalid constraint is repaired too
    out = overlap_analysis(frame(sq(0, 0, 10, 10)), [Constraint("c", frame(bow))])
    assert out.iloc[0]["overlap_area_m2"] == pytest.approx(50.0)


def test_empty_result_has_columns():
    out = overlap_analysis(frame(sq(0, 0, 1, 1)), [Constraint("c", frame(sq(5, 5, 6, 6)))])
    assert len(out) == 0 and list(out.columns) == overlap.OUTPUT_COLUMNS


def test_errors_cancel_and_progress():
    with pytest.raises(overlap.OverlapError, match="geometry"):
        overlap_analysis(pd.DataFrame({"fid": [1]}), [])
    with pytest.raises(overlap.OverlapError, match="c"):
        overlap_analysis(frame(sq(0, 0, 1, 1)), [Constraint("c", pd.DataFrame({"x": [1]}))])
    with pytest.raises(overlap.OverlapError, match="unique"):
        c = Constraint("c", frame(sq(0, 0, 1, 1)))
        overlap_analysis(frame(sq(0, 0, 1, 1)), [c, c])
    with pytest.raises(overlap.Cancelled):
        overlap_analysis(
            frame(sq(0, 0, 1, 1)),
            [Constraint("c", frame(sq(0, 0, 1, 1)))],
            is_cancelled=lambda: True,
        )
    seen = []
    overlap_analysis(frame(sq(0, 0, 1, 1)), [Constraint("c", frame(sq(0, 0, 1, 1)))], seen.append)
    assert seen[0] == 0 and seen[-1] == 100


def corridors_and_pipeline(angle: float, origin=(X, Y), length=80_000.0):
    """Two overlapping 100 m corridors whose edges differ in direction by 1e-4 rad, and a
    straight pipeline crossing the second corridor's upper edge at a shallow angle; the
    whole scene turned by ``angle``. Returns (corridors, pipeline, analytic length inside).

    In the scene's own axes: A is 0 <= y <= 100, B lies between y = 50 + t x and
    y = 150 + t x (t = 1e-4), both for 0 <= x <= length. The pipeline y = 75 + s x
    (s = 0.002) starts at x = -500 and runs for the whole length; it is inside A ∪ B
    from x = 0 (the y-range is 0..150 + t x there) to where it leaves B's upper edge,
    x* = 75 / (s - t), so the analytic length inside is x* · sqrt(1 + s²).
    """
    t, s = 1e-4, 0.002
    a = [(0, 0), (length, 0), (length, 100), (0, 100)]
    b = [(0, 50), (length, 50 + t * length), (length, 150 + t * length), (0, 150)]
    line = [(-500, 75 - 500 * s), (length, 75 + s * length)]
    x_exit = 75 / (s - t)
    assert 0 < x_exit < length
    expected = x_exit * math.hypot(1, s)
    c, si = math.cos(angle), math.sin(angle)

    def turn(points):
        return [(origin[0] + x * c - y * si, origin[1] + x * si + y * c) for x, y in points]

    return (Polygon(turn(a)), Polygon(turn(b))), LineString(turn(line)), expected


@pytest.mark.parametrize("angle", [k * 0.25 for k in range(24)])
def test_line_through_nearly_parallel_overlapping_corridors_is_measured_once(angle):
    (a, b), pipeline, expected = corridors_and_pipeline(angle)
    # the corridors really overlap along most of the pipeline's way in
    assert a.intersection(b).area > 0.4 * a.area
    out = overlap_analysis(frame(pipeline), [Constraint("生态红线", frame(a, b))])
    assert len(out) == 1
    # exact up to the millimetre grid: a vertex moved by 0.5 mm moves the shallow crossing
    # (1 in 526) by at most ~0.3 m, while counting the overlap twice adds kilometres
    assert out["overlap_length_m"].iat[0] == pytest.approx(expected, abs=0.5)
    assert out["percent"].iat[0] == pytest.approx(100 * expected / pipeline.length, abs=1e-3)


def test_rows_carry_the_role_and_repairs_are_reported():
    bow_tie = Polygon([(X, Y), (X + 40, Y + 40), (X + 40, Y), (X, Y + 40)])
    features = frame(bow_tie, LineString([(X, Y + 5), (X + 200, Y + 5)]))
    red = Constraint("STBHHX", frame(sq(0, 0, 100, 100)))
    other = Constraint("图层1", frame(sq(0, 0, 100, 100)), role="farmland")
    unknown = Constraint("图层2", frame(sq(0, 0, 100, 100)))
    repairs = []
    out = overlap_analysis(features, [red, other, unknown], repairs=repairs, layer_name="项目")
    assert dict(zip(out["constraint"], out["role"])) == {
        "STBHHX": "生态保护红线",
        "图层1": "永久基本农田",
        "图层2": "未指定",
    }
    log = pd.concat(repairs, ignore_index=True)
    assert log[["layer", "fid", "action"]].values.tolist() == [["项目", 1, "repaired"]]
    assert log["detail"].iat[0] == "Self-intersection"
    # the repaired bow tie is measured: its two triangles, 2 × 400 m²
    assert out.loc[out["fid"] == 1, "overlap_area_m2"].iat[0] == pytest.approx(800.0)


def test_inside_once_gathers_disjoint_polygons_and_unions_touching_ones():
    """Parcels that touch nothing are gathered without an overlay, overlapping and touching
    ones unioned: the piece of each feature is the same as with a union of everything."""
    from plugin.core.geometry import grouped_union, intersect_pairs
    from plugin.core.overlap import inside_once

    parcels = [box(x, 0, x + 8, 8) for x in range(0, 100, 10)]  # 2 m roads between
    parcels += [box(4, 4, 14, 6), box(50, 8, 58, 12)]  # one overlap, one touching edge
    polygons = np.array(parcels, dtype=object)
    features = np.array([box(-1, -1, 101, 20), box(200, 0, 210, 10)], dtype=object)
    rows = np.zeros(len(polygons), dtype=int)
    hits = np.arange(len(polygons))
    uniq, pieces = inside_once(features, rows, polygons, hits, 2)
    _, union = grouped_union(rows, polygons)
    expected = intersect_pairs(features[:1], union)
    assert list(uniq) == [0]
    assert pieces[0].is_valid
    assert pieces[0].area == pytest.approx(expected[0].area, abs=1e-6)
    assert pieces[0].area == pytest.approx(10 * 64 + 2 * 2 + 8 * 4, abs=1e-6)  # road bridged
