"""Vertex insertion looks only at the parts holding an unmatched segment
(plugin.core.coverage._loose_parts): the same parts, changes and problems as when every
part around the dirty ones is looked at, which is what it did before."""

from __future__ import annotations

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")

from plugin.core import coverage, delineation, edge_match  # noqa: E402
from plugin.core.coverage import _around, _insert_vertices, _problem_parts  # noqa: E402
from tests.core.delineation_data import (  # noqa: E402
    make_input,
    same_cleaning,
    same_delineation,
    units_before_rebuild,
)

GRID = 0.001
GAP = coverage.gap_width_for(False)


def _full_match_round(parts, m, dirty, grid, gap_width, gaps, ops=None, valid=None):
    """``coverage._match_round`` as it was: the segments of every part around ``dirty``."""
    tree = shapely.STRtree(parts)
    rows = _around(parts, dirty, gap_width, tree)
    seg = edge_match.segments(parts[rows])
    unmatched = edge_match.unmatched_in(m, seg)
    changed = [np.zeros(0, dtype=np.int64)]
    for tol in (coverage._SNAP * grid, gap_width):
        parts, ch = _insert_vertices(parts, rows, seg, unmatched, tol, ops)
        if len(ch):
            changed.append(ch)
            m = edge_match.replace(m, parts, ch)
            seg = edge_match.segments(parts[rows])
            unmatched = edge_match.unmatched_in(m, seg)
    changed = np.unique(np.concatenate(changed))
    check = _around(parts, np.union1d(dirty, changed), gap_width, tree)
    width = gap_width if gaps else 0.0
    problems = _problem_parts(parts, check, width, tree, m, None, ops, valid)
    return parts, m, changed, problems, check


def _same_round(a, b):
    parts_a, m_a, changed_a, (bad_a, where_a), checked_a = a
    parts_b, m_b, changed_b, (bad_b, where_b), checked_b = b
    np.testing.assert_array_equal(checked_a, checked_b)
    np.testing.assert_array_equal(shapely.to_wkb(parts_a), shapely.to_wkb(parts_b))
    np.testing.assert_array_equal(changed_a, changed_b)
    np.testing.assert_array_equal(bad_a, bad_b)
    np.testing.assert_array_equal(shapely.to_wkb(where_a), shapely.to_wkb(where_b))
    np.testing.assert_array_equal(m_a.key, m_b.key)
    np.testing.assert_array_equal(m_a.part, m_b.part)
    np.testing.assert_array_equal(m_a.loose, m_b.loose)


@pytest.mark.parametrize("subset", ["all", "some"])
def test_a_round_on_the_loose_parts_is_the_round_on_every_part(subset):
    units = units_before_rebuild()
    units = units[~shapely.is_missing(units)]
    parts = shapely.get_parts(shapely.make_valid(units))
    parts = parts[shapely.get_type_id(parts) == 3]
    dirty = np.arange(len(parts)) if subset == "all" else np.arange(0, len(parts), 3)
    m = edge_match.build(parts)
    full = _full_match_round(parts, edge_match.build(parts), dirty, GRID, GAP, True)
    assert len(full[2]), "the data must make the round insert vertices"
    _same_round(coverage._match_round(parts, m, dirty, GRID, GAP, True, None), full)


def test_a_change_that_breaks_two_other_parts_twins_makes_them_loose():
    # parts 0 and 1 share the edge x=10 (a twin pair); part 2, changed, gains that very
    # segment: a hash group of three, so parts 0 and 1 are loose now though unchanged
    parts = np.array(
        [shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10), shapely.box(30, 0, 40, 10)],
        dtype=object,
    )
    m = edge_match.build(parts)
    assert not len(edge_match.parts_with(m, np.zeros(0, dtype=np.uint64)))
    new = parts.copy()
    new[2] = shapely.Polygon([(10, 0), (10, 10), (5, 20)])
    before = edge_match.part_hashes(parts[[2]])
    m = edge_match.replace(m, new, np.array([2]))
    near = edge_match.parts_with(m, np.r_[before, edge_match.part_hashes(new[[2]])])
    np.testing.assert_array_equal(near, [0, 1, 2])
    loose, seg, unmatched = coverage._loose_parts(new, np.arange(3), m)
    np.testing.assert_array_equal(loose, [0, 1, 2])
    np.testing.assert_array_equal(unmatched, edge_match.unmatched(new))


def test_the_hashes_of_some_parts_of_a_segments_table():
    parts = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)], dtype=object)
    seg = edge_match.segments(parts)
    np.testing.assert_array_equal(
        edge_match.segment_hashes(seg, np.array([1])), edge_match.part_hashes(parts[[1]])
    )


# --- parts known valid are not tested again ----------------------------------------------


def _merge_two_neighbours(geoms):
    """``geoms`` with one unit merged into a neighbour (as fragment merging does)."""
    geoms = np.asarray(geoms, dtype=object).copy()
    a, b = shapely.STRtree(geoms).query(geoms, predicate="touches")
    k = np.flatnonzero(a != b)[0]
    i, j = int(a[k]), int(b[k])
    geoms[i] = shapely.union(geoms[i], geoms[j], grid_size=GRID)
    geoms[j] = None
    return geoms


def _counting(monkeypatch):
    tested = []
    original = coverage._invalid

    def spy(geoms, ops=None):
        tested.append(int(shapely.get_num_coordinates(geoms).sum()))
        return original(geoms, ops)

    monkeypatch.setattr(coverage, "_invalid", spy)
    return tested


def test_parts_found_valid_before_are_not_tested_again_in_the_next_clean(monkeypatch):
    units = units_before_rebuild()
    results, counts = [], []
    for carry_valid in (True, False):
        state = coverage.MatchState()
        rebuilt, _ = coverage.rebuild_report(units, GRID, state=state)
        assert state.valid is not None and state.valid.any()
        if not carry_valid:
            state.valid = None  # the matching is carried, what was found valid is not
        changed = _merge_two_neighbours(rebuilt)
        tested = _counting(monkeypatch)
        results.append(coverage.clean_coverage(changed, GRID, previous=rebuilt, state=state))
        counts.append(sum(tested))
        monkeypatch.undo()
    same_cleaning(*results)
    assert counts[0] < counts[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_delineation_is_the_same_when_nothing_is_known_valid(monkeypatch, workers):
    from plugin.core.delineation import engine

    handed = []
    make_valid = engine.make_valid

    def spy(ctx, units, known_valid=None):
        handed.append(known_valid)
        return make_valid(ctx, units, known_valid)

    monkeypatch.setattr(engine, "make_valid", spy)
    known = delineation.delineate(make_input(seed=5, min_area=5000.0), workers=workers)
    # most units were found valid while the coverage was mended: not tested again
    assert handed[0] is not None and handed[0].sum() > len(handed[0]) / 2

    def nothing(valid, n, *args):
        return np.zeros(n, dtype=bool)

    monkeypatch.setattr(coverage, "_found_valid", nothing)
    monkeypatch.setattr(coverage, "_still_valid", lambda rows, changed, owner, index: None)
    monkeypatch.setattr(engine, "make_valid", lambda ctx, units, known=None: make_valid(ctx, units))
    alone = delineation.delineate(make_input(seed=5, min_area=5000.0), workers=workers)
    same_delineation(known, alone)
