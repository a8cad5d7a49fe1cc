"""The edge matching built once per delineation (coverage.MatchState) and the loose-hash
table in front of edge_match.unmatched_in: both must give exactly what building the
matching anew and looking every segment up gives."""

from __future__ import annotations

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")

from plugin.core import coverage, delineation, edge_match  # noqa: E402
from plugin.core import geometry as _geometry  # noqa: E402
from tests.core.delineation_data import (  # noqa: E402
    make_input,
    same_cleaning,
    same_delineation,
    units_before_rebuild,
)

GRID = _geometry.GRID_SIZE

needs_validation = pytest.mark.skipif(
    not _geometry.COVERAGE_VALIDATION, reason="the matching is used with GEOS >= 3.12 only"
)


def _rows(m: edge_match.Matching):
    """The matching as a sorted list of (hash, part, end points) and its loose hashes."""
    rows = sorted(zip(m.key.tolist(), m.part.tolist(), map(tuple, m.ends.tolist())))
    return rows, sorted(m.loose.tolist())


def _jittered_grid(n: int, seed: int) -> np.ndarray:
    """n x n squares, some corners moved by less than a grid cell: many loose segments,
    many matched ones."""
    rng = np.random.default_rng(seed)
    xs = np.arange(n + 1, dtype=float) * 10.0
    out = []
    for i in range(n):
        for j in range(n):
            ring = [(xs[i], xs[j]), (xs[i + 1], xs[j]), (xs[i + 1], xs[j + 1]), (xs[i], xs[j + 1])]
            if rng.random() < 0.3:
                k = int(rng.integers(4))
                x, y = ring[k]
                ring[k] = (x + 1e-4, y)
            out.append(shapely.Polygon(ring))
    return np.array(out, dtype=object)


@pytest.mark.parametrize("n", [3, 40, 120])
def test_the_loose_table_finds_exactly_the_loose_segments(n):
    parts = _jittered_grid(n, seed=n)
    m = edge_match.build(parts)
    seg = edge_match.segments(parts)
    expected = np.isin(edge_match._hashes(seg), m.loose)
    got = edge_match.unmatched_in(m, seg)
    assert got.any() and (~got).any()
    np.testing.assert_array_equal(got, expected)


@needs_validation
def test_the_matching_handed_on_is_that_of_the_result():
    units = units_before_rebuild()
    state = coverage.MatchState()
    rebuilt, _ = coverage.rebuild_report(units, GRID, state=state)
    assert state.matching is not None and state.geoms is not None
    fresh = edge_match.build(_geometry.explode(rebuilt)[0])
    assert _rows(state.matching) == _rows(fresh)


def _merge_two_neighbours(geoms):
    """``geoms`` with one unit merged into a neighbour (as fragment merging does)."""
    geoms = np.asarray(geoms, dtype=object).copy()
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="touches")
    k = np.flatnonzero(a != b)[0]
    i, j = int(a[k]), int(b[k])
    geoms[i] = shapely.union(geoms[i], geoms[j], grid_size=GRID)
    geoms[j] = None
    return geoms


@needs_validation
def test_clean_coverage_with_the_carried_matching_equals_a_new_one(monkeypatch):
    units = units_before_rebuild()
    state = coverage.MatchState()
    rebuilt, _ = coverage.rebuild_report(units, GRID, state=state)
    changed = _merge_two_neighbours(rebuilt)
    alone = coverage.clean_coverage(changed, GRID, previous=rebuilt)
    built = []
    original = edge_match.build
    monkeypatch.setattr(edge_match, "build", lambda parts: built.append(1) or original(parts))
    carried = coverage.clean_coverage(changed, GRID, previous=rebuilt, state=state)
    assert not built  # carried over, not built again
    same_cleaning(carried, alone)
    assert state.matching is None  # used up


@needs_validation
def test_a_matching_of_another_coverage_is_not_used(monkeypatch):
    units = units_before_rebuild()
    state = coverage.MatchState()
    rebuilt, _ = coverage.rebuild_report(units, GRID, state=state)
    other = rebuilt.copy()
    other[0] = shapely.from_wkb(shapely.to_wkb(other[0]))  # equal, but not the same object
    built = []
    original = edge_match.build
    monkeypatch.setattr(edge_match, "build", lambda parts: built.append(1) or original(parts))
    changed = _merge_two_neighbours(rebuilt)
    got = coverage.clean_coverage(changed, GRID, previous=other, state=state)
    assert built  # built anew
    same_cleaning(got, coverage.clean_coverage(changed, GRID, previous=rebuilt))


@needs_validation
def test_a_delineation_gives_the_same_units_with_and_without_the_carried_matching(
    monkeypatch,
):
    inp = make_input(seed=5, min_area=5000.0)
    carried = delineation.delineate(inp, workers=1)
    monkeypatch.setattr(coverage, "_carried", lambda *args: None)
    alone = delineation.delineate(make_input(seed=5, min_area=5000.0), workers=1)
    assert list(carried.units.columns) == list(alone.units.columns)
    same_delineation(carried, alone)


@needs_validation
def test_parts_of_rows_found_valid_are_not_tested_again_and_the_result_is_thesame_cleaning(
    monkeypatch,
):
    units = units_before_rebuild()
    units[3] = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])  # a bow-tie: repaired
    tested = []
    original = coverage._invalid

    def spy(geoms, ops=None):
        tested.append(len(geoms))
        return original(geoms, ops)

    monkeypatch.setattr(coverage, "_invalid", spy)
    skipped = coverage.rebuild_report(units, GRID)
    with_skip = sum(tested)
    tested.clear()
    valid = coverage._make_valid_rows(np.asarray(units, dtype=object).copy())
    tested.clear()
    gap = coverage.gap_width_for(False)
    same_cleaning(skipped, coverage._mend(valid, GRID, gap))
    parts_tested_with_skip = with_skip - len(units)  # the first call tests the rows
    assert parts_tested_with_skip < sum(tested)


def test_the_loose_hashes_kept_up_to_date_equal_those_of_a_new_matching():
    """``replace`` / ``renumber`` look only at the hash groups they touched: after many
    changes (vertices moved onto and off neighbours' edges, parts dropped and added,
    three copies of an edge) the matching equals one built anew."""
    rng = np.random.default_rng(7)
    parts = _jittered_grid(12, seed=3)
    m = edge_match.build(parts)
    for step in range(12):
        changed = np.unique(rng.integers(0, len(parts), size=10))
        new = parts.copy()
        for k in changed:
            x0, y0, x1, y1 = shapely.bounds(parts[k])
            if rng.random() < 0.5:  # back onto the grid
                x0, y0, x1, y1 = (np.round(v / 10.0) * 10.0 for v in (x0, y0, x1, y1))
            new[k] = shapely.box(x0, y0, x1, y1)
        if step % 3 == 2:  # a copy of a part: its edges thrice
            new = np.r_[new, new[changed[:1]]]
            new_of_old = np.arange(len(parts))
            new_of_old[changed] = -1
            added = np.r_[changed, len(parts)]
            m = edge_match.renumber(m, new_of_old, new, added)
        else:
            m = edge_match.replace(m, new, changed)
        parts = new
        fresh = edge_match.build(parts)
        assert sorted(m.loose.tolist()) == sorted(fresh.loose.tolist())
        assert _rows(m)[0] == _rows(fresh)[0]
