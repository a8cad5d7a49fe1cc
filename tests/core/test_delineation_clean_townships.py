"""Townships that form a clean coverage in their county (issue #21): the county needs no
overlap search (a coverage's polygons have disjoint interiors), and the coverage union
found for that test is used again for the slivers. The result is byte-identical to the
full overlap search and a second look at every county. And GEOS's coverage validation on
threads runs in fewer, larger groups (fewer parts validated twice), with the same result."""

from __future__ import annotations

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")

from plugin.core import coverage, delineation, geometry  # noqa: E402
from plugin.core.delineation import general, tiling  # noqa: E402
from plugin.core.geometry.chunked import Chunked  # noqa: E402
from tests.core.delineation_data import (  # noqa: E402
    make_input,
    same_cleaning,
    same_delineation,
    units_before_rebuild,
)

needs_validation = pytest.mark.skipif(
    not geometry.COVERAGE_VALIDATION, reason="GEOS < 3.12 has no coverage validation"
)


def _clean_input(**kwargs):
    """``make_input`` with the townships as the exact tiling they were cut from."""
    inp = make_input(general_split="township", **kwargs)
    towns = inp.townships.frame
    exact = inp.extras["region"].townships
    towns["geometry"] = list(exact[(towns["fid"].to_numpy() - 1000).astype(int)])
    return inp


def _slices(monkeypatch, module, func_name=None) -> list:
    """The number of slices of each ``module.map_chunks`` call (of ``func_name`` only, when
    given), recorded into the list returned as the calls come."""
    counts = []
    real = module.map_chunks

    def spy(ops, func, arrays, bounds):
        if func_name is None or func.__name__ == func_name:
            counts.append(len(bounds))
        return real(ops, func, arrays, bounds)

    monkeypatch.setattr(module, "map_chunks", spy)
    return counts


class _Record:
    """Spies: the clean counties found, and whether the overlap search ran."""

    def __init__(self, monkeypatch):
        self.tiles, self.searched = [], 0
        real_tiles, real_overlaps = general.clean_tiles, general.real_overlaps

        def tiles(ops, geoms, keys):
            found = real_tiles(ops, geoms, keys)
            self.tiles.append((len(found), len(np.unique(keys))))
            return found

        def overlaps(*args):
            self.searched += 1
            return real_overlaps(*args)

        monkeypatch.setattr(general, "clean_tiles", tiles)
        monkeypatch.setattr(general, "real_overlaps", overlaps)


def _reference(monkeypatch, inp, workers):
    """The delineation as before: no county known clean (full overlap search, every
    county looked at again for the slivers)."""
    with monkeypatch.context() as m:
        m.setattr(general, "clean_tiles", lambda ops, geoms, keys: {})
        return delineation.delineate(inp, workers=workers)


@needs_validation
@pytest.mark.parametrize("workers", [1, 2])
def test_all_counties_clean_skip_the_overlap_search(monkeypatch, workers):
    rec = _Record(monkeypatch)
    got = delineation.delineate(_clean_input(seed=3, min_area=5000.0), workers=workers)
    assert rec.tiles == [(6, 6)] and rec.searched == 0
    same_delineation(got, _reference(monkeypatch, _clean_input(seed=3, min_area=5000.0), workers))
    assert rec.searched == 1  # the reference did search


@needs_validation
@pytest.mark.parametrize("seed", [0, 4])
def test_some_counties_clean_give_the_same_result(monkeypatch, seed):
    # the usual noisy townships: every 7th nudged, so some counties overlap, some not
    rec = _Record(monkeypatch)
    got = delineation.delineate(make_input(seed=seed, general_split="township"), workers=2)
    ((clean, total),) = rec.tiles
    assert 0 < clean < total and rec.searched == 1
    assert (got.log["action"] == "conflict_township_overlap").any()
    same_delineation(
        got, _reference(monkeypatch, make_input(seed=seed, general_split="township"), 2)
    )


@needs_validation
def test_union_tiles_with_known_counties_equals_a_fresh_look(monkeypatch):
    a = shapely.Polygon([(0, 0), (10, 0), (10, 4.5), (9.5, 5), (10, 10), (0, 10)])
    b = shapely.Polygon([(10, 0), (20, 0), (20, 10), (10, 10), (9.5, 5), (10, 4.5)])
    e = shapely.box(100, 0, 110, 20)
    f = shapely.Polygon([(110, 0), (120, 0), (120, 20), (110, 20), (110, 10)])
    over = [shapely.box(200, 0, 210, 10), shapely.box(205, 0, 215, 10)]
    geoms = np.array([e, a, *over, b, f], dtype=object)
    keys = np.array([1, 0, 2, 2, 0, 1])
    ops = Chunked(lambda: None, 0.001, 1)
    known = tiling.clean_tiles(ops, geoms, keys)
    assert sorted(known) == [0]  # 1: not edge-matched, 2: overlapping
    looked = []
    real = tiling.clean_tiles

    def spy(ops, g, k):
        looked.append(sorted(np.unique(k).tolist()))
        return real(ops, g, k)

    monkeypatch.setattr(tiling, "clean_tiles", spy)
    fresh = tiling.union_tiles(ops, geoms, keys)
    again = tiling.union_tiles(ops, geoms, keys, known)
    assert looked == [[0, 1, 2], [1, 2]]  # the known county is not looked at again
    assert sorted(fresh) == sorted(again) == [0, 1, 2]
    assert shapely.to_wkb([fresh[k] for k in fresh]).tolist() == (
        shapely.to_wkb([again[k] for k in fresh]).tolist()
    )


@needs_validation
@pytest.mark.parametrize("per_group", [1, 5, 10**6])
def test_coverage_validation_in_fewer_groups_is_byte_identical(monkeypatch, per_group):
    # GEOS's coverage validation on threads runs suspects in groups of about
    # ``_EDGES_PER_GROUP`` (between ``workers`` and 4 x ``workers`` groups): any grouping
    # finds the same edges as one call
    raw = units_before_rebuild(workers=1)
    serial, report = coverage.rebuild_report(raw, 0.001)
    monkeypatch.setattr(coverage, "_THREAD_EDGES_FROM", 1)
    monkeypatch.setattr(coverage, "_EDGES_PER_GROUP", per_group)
    groups = _slices(monkeypatch, coverage, "validate")
    ops = Chunked(lambda: None, 0.001, 2)
    threaded, treport = coverage.rebuild_report(raw, 0.001, ops=ops)
    same_cleaning((serial, report), (threaded, treport))
    assert groups and all(2 <= k <= 8 for k in groups)
    if per_group == 10**6:
        assert set(groups) == {2}  # one group per thread


def test_county_differences_row_by_row_on_threads_equal_one_call(monkeypatch):
    rng = np.random.default_rng(2)
    a = np.array(
        [shapely.Point(x, 0).buffer(50.0 + 10 * rng.random()) for x in range(0, 1000, 200)],
        dtype=object,
    )
    b = np.array([shapely.Point(x + 30, 5).buffer(40.0) for x in range(0, 1000, 200)])
    b[2] = None  # nothing to subtract
    slices = _slices(monkeypatch, general)
    serial = Chunked(lambda: None, 0.001, 1).diff(a, b)
    threaded = general._diff_by_row(Chunked(lambda: None, 0.001, 2), a, b)
    assert slices == [5]  # a row per slice, on the threads
    assert shapely.to_wkb(serial).tolist() == shapely.to_wkb(threaded).tolist()
    assert shapely.equals_exact(threaded[2], a[2], 0.0)


@pytest.mark.parametrize("workers", [2, 3])
def test_large_layers_are_cleaned_on_every_thread_with_the_same_result(monkeypatch, workers):
    from plugin.core.delineation import inputs

    monkeypatch.setattr(inputs, "SPLIT_COORDS", 100)
    slices = _slices(monkeypatch, inputs)
    single = delineation.delineate(make_input(seed=7, general_split="township"), workers=1)
    assert max(slices) == 1
    slices.clear()
    threaded = delineation.delineate(make_input(seed=7, general_split="township"), workers=workers)
    assert max(slices) >= workers  # every layer over 100 vertices: a slice per thread
    same_delineation(single, threaded)


@needs_validation
def test_few_suspects_with_many_vertices_are_validated_on_threads(monkeypatch):
    raw = units_before_rebuild(workers=1)
    serial, report = coverage.rebuild_report(raw, 0.001)
    monkeypatch.setattr(coverage, "_THREAD_EDGES_FROM", 10**9)  # by vertices only
    groups = _slices(monkeypatch, coverage, "validate")
    ops = Chunked(lambda: None, 0.001, 2)
    monkeypatch.setattr(coverage, "_THREAD_EDGES_COORDS", 10**9)
    coverage.rebuild_report(raw, 0.001, ops=ops)
    assert set(groups) == {1}  # too few vertices: one call on the calling thread
    groups.clear()
    monkeypatch.setattr(coverage, "_THREAD_EDGES_COORDS", 1)
    threaded, treport = coverage.rebuild_report(raw, 0.001, ops=ops)
    assert 2 in groups
    same_cleaning((serial, report), (threaded, treport))
