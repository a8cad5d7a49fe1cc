"""Townships that tile their county are unioned by coverage union, without an overlay
(plugin.core.delineation.tiling); anything else goes through the overlay dissolve."""

from __future__ import annotations

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")

from plugin.core import geometry  # noqa: E402
from plugin.core.delineation import tiling  # noqa: E402
from plugin.core.geometry.chunked import Chunked  # noqa: E402
from plugin.core.geometry.dissolve import union_groups  # noqa: E402

needs_validation = pytest.mark.skipif(
    not geometry.COVERAGE_VALIDATION, reason="GEOS < 3.12 has no coverage validation"
)


def _ops():
    return Chunked(lambda: None, 0.001, 1)


def _townships():
    """Two counties' townships: county 0 a clean 2 x 2 tiling with a jagged shared edge,
    county 1 two townships where one lacks the other's vertex (not edge-matched)."""
    a = shapely.Polygon([(0, 0), (10, 0), (10, 4.5), (9.5, 5), (10, 10), (0, 10)])
    b = shapely.Polygon([(10, 0), (20, 0), (20, 10), (10, 10), (9.5, 5), (10, 4.5)])
    c = shapely.box(0, 10, 10, 20)
    d = shapely.box(10, 10, 20, 20)
    e = shapely.box(100, 0, 110, 20)
    f = shapely.Polygon([(110, 0), (120, 0), (120, 20), (110, 20), (110, 10)])
    geoms = np.array([a, b, c, d, e, f], dtype=object)
    keys = np.array([0, 0, 0, 0, 1, 1])
    return geoms, keys


@needs_validation
def test_a_clean_tiling_is_recognised_and_a_mismatched_one_is_not():
    geoms, keys = _townships()
    assert tiling.is_clean_coverage(geoms[keys == 0])
    assert not tiling.is_clean_coverage(geoms[keys == 1])  # e lacks f's vertex at y=10
    overlapping = np.array([shapely.box(0, 0, 10, 10), shapely.box(5, 0, 15, 10)], dtype=object)
    assert not tiling.is_clean_coverage(overlapping)
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    assert not tiling.is_clean_coverage(np.array([bowtie], dtype=object))
    assert not tiling.is_clean_coverage(np.array([None, geoms[0]], dtype=object))


@needs_validation
def test_unions_equal_the_overlay_dissolve(monkeypatch):
    geoms, keys = _townships()
    expected = union_groups(_ops(), geoms, keys)
    seen = []

    def spy(ops, g, k, *args, **kwargs):
        seen.append(np.unique(k).tolist())
        return union_groups(ops, g, k, *args, **kwargs)

    monkeypatch.setattr(tiling, "union_groups", spy)
    got = tiling.union_tiles(_ops(), geoms, keys)
    assert sorted(got) == sorted(expected) == [0, 1]
    for key in got:
        assert got[key].is_valid
        assert shapely.equals(got[key], expected[key])
        assert got[key].area == pytest.approx(expected[key].area, rel=1e-12)
    # only the county whose townships are not edge-matched went through the overlay
    assert seen == [[1]]


def test_without_coverage_validation_everything_goes_through_the_overlay(monkeypatch):
    geoms, keys = _townships()
    monkeypatch.setattr(geometry, "COVERAGE_VALIDATION", False)
    got = tiling.union_tiles(_ops(), geoms, keys)
    expected = union_groups(_ops(), geoms, keys)
    assert all(shapely.equals(got[k], expected[k]) for k in expected)
