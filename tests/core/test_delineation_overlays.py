"""Issue #21: the township steps of the delineation with fewer or smaller overlays give
the same land (areas, symmetric difference) as the overlays they replace."""

from __future__ import annotations

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")

from plugin.core import geometry  # noqa: E402
from plugin.core.delineation import general  # noqa: E402
from plugin.core.delineation.near import MARGIN, near_parts  # noqa: E402
from plugin.core.geometry.chunked import Chunked  # noqa: E402
from plugin.core.geometry.dissolve import union_groups  # noqa: E402
from tests.core.delineation_data import GRID, X0, Y0, make_region  # noqa: E402


def _region():
    return make_region(np.random.default_rng(3), 3, 6, 20_000.0)


def _townships_and_slivers():
    """Township pieces of each county and the county's land in no township."""
    reg = _region()
    ops = Chunked(lambda: None, GRID, 1)
    counties = np.array(reg.counties, dtype=object)
    towns = np.array(reg.townships, dtype=object)
    moved = shapely.set_precision(
        np.array([shapely.affinity.translate(t, 0.7, -0.4) for t in towns]), GRID
    )
    home = np.asarray(reg.township_county, dtype=np.int64)
    tp = ops.inter(moved, counties[home])
    covered = union_groups(ops, tp, home)
    slivers = ops.diff(counties, np.array([covered.get(c) for c in range(len(counties))]))
    lparts, lcounty = geometry.explode(slivers)
    return ops, tp, home, lparts, lcounty


def test_near_parts_give_the_same_shared_lengths():
    ops, tp, home, lparts, lcounty = _townships_and_slivers()
    p, q = ops.touching_pairs(tp, lparts)
    assert len(p) > 10
    full = ops.shared_length(lparts[p], tp[q])
    near = ops.shared_length(lparts[p], near_parts(tp[q], lparts[p]))
    assert (full > 0).sum() > 10
    np.testing.assert_allclose(near, full, rtol=1e-9, atol=1e-6)
    cut = near_parts(tp[q], lparts[p])
    grown = shapely.buffer(shapely.envelope(lparts[p]), MARGIN + 1, join_style="mitre")
    assert shapely.covers(grown, cut).all()  # only the part near the sliver
    assert shapely.get_num_coordinates(cut).sum() < shapely.get_num_coordinates(tp[q]).sum()


def test_small_geometries_are_not_cut():
    small = np.array([shapely.box(0, 0, 10, 10)], dtype=object)
    assert near_parts(small, np.array([shapely.box(1, 1, 2, 2)], dtype=object))[0] is small[0]


def test_slivers_joined_in_one_overlay_are_the_pairwise_union():
    ops, tp, home, lparts, lcounty = _townships_and_slivers()
    p, q = ops.touching_pairs(tp, lparts)
    m = lcounty[p] == home[q]
    attach = np.full(len(lparts), -1)
    attach[p[m]] = q[m]  # any touching township of the county: the union is what counts
    has = attach >= 0
    assert has.sum() > 10
    grown = general._grown(ops, tp, lparts[has], attach[has])
    old = union_groups(
        ops, np.r_[tp, lparts[has]], np.r_[np.arange(len(tp)), attach[has]], n_fixed=len(tp)
    )
    ref = np.array([old[k] for k in range(len(tp))], dtype=object)
    assert shapely.is_valid(grown).all()
    np.testing.assert_allclose(shapely.area(grown), shapely.area(ref), rtol=1e-9)
    assert (shapely.area(shapely.symmetric_difference(grown, ref)) < 1e-3).all()


def test_pointwise_cleaning_keeps_the_polygons_and_falls_back_where_invalid():
    reg = _region()
    off_grid = [shapely.affinity.translate(t, 1e-4, 3e-4) for t in reg.townships]
    geoms = np.array(off_grid + [None], dtype=object)
    # two squares 0.2 mm apart: rounding alone would make them overlap, snap rounding not
    pair = shapely.MultiPolygon(
        [shapely.box(X0, Y0, X0 + 10, Y0 + 10), shapely.box(X0 + 10.0002, Y0, X0 + 20, Y0 + 10)]
    )
    geoms = np.r_[geoms, np.array([pair], dtype=object)]
    fast, frep = geometry.clean_polygons(geoms, GRID, pointwise=True)
    slow, srep = geometry.clean_polygons(geoms, GRID)
    assert shapely.is_valid(fast[:-2]).all() and fast[-2] is None and slow[-2] is None
    assert shapely.is_valid(fast[-1])
    np.testing.assert_allclose(shapely.area(fast[:-2]), shapely.area(slow[:-2]), rtol=1e-9)
    assert shapely.equals(fast[-1], slow[-1])
    assert (shapely.area(shapely.symmetric_difference(fast[:-2], slow[:-2])) < 1e-3).all()
    on_grid = shapely.get_coordinates(fast[:-2]) / GRID
    np.testing.assert_allclose(on_grid, np.round(on_grid), atol=1e-6)
    for what in ("empty", "repaired", "not_polygonal"):
        assert getattr(frep, what).tolist() == getattr(srep, what).tolist()
