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
