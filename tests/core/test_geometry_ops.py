"""The shared overlays: pairwise intersection, grouped union, parts of one dimension."""

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from plugin.core.geometry import grouped_union, intersect_pairs, of_dimension


def test_intersect_pairs_keeps_covered_features_untouched():
    zone = box(0, 0, 10, 10)
    inner = box(1, 1, 2, 2)
    across = box(8, 8, 12, 12)
    away = box(20, 20, 21, 21)
    out = intersect_pairs(np.array([inner, across, away]), np.array([zone, zone, zone]))
    assert out[0] is inner
    assert out[1].equals(box(8, 8, 10, 10))
    assert out[2] is None


def test_intersect_pairs_reduces_to_the_requested_dimension():
    left = np.array([box(0, 0, 1, 1), LineString([(0, 5), (20, 5)])])
    right = np.array([box(1, 0, 2, 1), box(0, 0, 10, 10)])
    polys = intersect_pairs(left[:1], right[:1])
    assert polys[0] is None  # two squares touching on an edge share no area
    lines = intersect_pairs(left[1:], right[1:], dimension=1)
    assert lines[0].length == 10


def test_grouped_union_conserves_area_per_key():
    keys = np.array([3, 1, 3, 1, 2])
    geoms = np.array([box(0, 0, 2, 2), box(10, 0, 11, 1), box(1, 0, 3, 2), box(11, 0, 12, 1), None])
    uniq, merged = grouped_union(keys, geoms)
    assert list(uniq) == [1, 3]
    assert shapely.area(merged).tolist() == [2.0, 6.0]


def test_of_dimension_takes_parts_of_collections_and_drops_other_types():
    coll = shapely.GeometryCollection([box(0, 0, 1, 1), LineString([(5, 5), (6, 6)])])
    out = of_dimension(np.array([coll, Point(1, 1), box(0, 0, 2, 2), None]), 2, 0.001)
    assert out[0].area == 1.0
    assert out[1] is None and out[3] is None
    assert out[2].area == 4.0
    lines = of_dimension(np.array([coll]), 1)
    assert lines[0].length == np.sqrt(2)


def test_snap_pointwise_keeps_polygons_valid_where_rounding_would_break_them():
    from shapely.geometry import Polygon

    from plugin.core.geometry import snap_pointwise

    spike = Polygon([(0, 0), (10, 0), (10, 10), (5, 0.4), (0, 10)])  # the notch rounds onto y=0
    assert not shapely.set_precision(spike, 1.0, mode="pointwise").is_valid
    plain = box(0.2, 0.2, 3.9, 4.1)
    out = snap_pointwise(np.array([spike, plain, None], dtype=object), 1.0)
    assert shapely.is_valid(out[:2]).all()
    assert out[1].equals(box(0, 0, 4, 4))
    assert out[2] is None
    assert out[0].area == pytest.approx(spike.area, rel=0.1)
