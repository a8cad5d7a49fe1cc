"""Edge matching by coordinates (plugin.core.edge_match): which ring segments have exactly
one twin in another part, built once and kept up to date part by part."""

from __future__ import annotations

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")

from plugin.core import edge_match  # noqa: E402


def _grid(n: int, size: float = 10.0) -> np.ndarray:
    """An n x n grid of squares sharing their edges vertex for vertex."""
    return np.array(
        [
            shapely.box(i * size, j * size, (i + 1) * size, (j + 1) * size)
            for i in range(n)
            for j in range(n)
        ],
        dtype=object,
    )


def _loose_segments(parts, unmatched):
    """The unmatched segments as sorted ((x0, y0), (x1, y1)) tuples."""
    seg = edge_match.segments(parts)
    out = []
    for k in np.flatnonzero(unmatched):
        a, b = seg.coords[seg.start[k]], seg.coords[seg.start[k] + 1]
        out.append(tuple(sorted([tuple(a), tuple(b)])))
    return sorted(out)


def test_an_edge_matched_grid_leaves_only_its_outline_unmatched():
    parts = _grid(3)
    unmatched = edge_match.unmatched(parts)
    # 3 x 3 squares: 36 segments, the outline has 12 of them
    assert len(unmatched) == 36
    assert unmatched.sum() == 12
    for (x0, y0), (x1, y1) in _loose_segments(parts, unmatched):
        assert (x0 == x1 and x0 in (0.0, 30.0)) or (y0 == y1 and y0 in (0.0, 30.0))


def test_a_neighbour_lacking_a_vertex_leaves_both_sides_unmatched():
    # the left square's right edge runs 0..20; the right side has a vertex at y=10
    left = shapely.box(0, 0, 20, 20)
    low, high = shapely.box(20, 0, 30, 10), shapely.box(20, 10, 30, 20)
    parts = np.array([left, low, high], dtype=object)
    loose = _loose_segments(parts, edge_match.unmatched(parts))
    assert ((20.0, 0.0), (20.0, 20.0)) in loose
    assert ((20.0, 0.0), (20.0, 10.0)) in loose
    assert ((20.0, 10.0), (20.0, 20.0)) in loose
    # the shared edge of the two right squares is matched
    assert ((20.0, 10.0), (30.0, 10.0)) not in loose


def test_three_copies_of_an_edge_are_not_a_match():
    a = shapely.box(0, 0, 10, 10)
    b = shapely.box(10, 0, 20, 10)
    c = shapely.Polygon([(10, 0), (10, 10), (15, 5)])  # overlaps b, shares a's right edge
    loose = _loose_segments(np.array([a, b, c], dtype=object), edge_match.unmatched([a, b, c]))
    assert ((10.0, 0.0), (10.0, 10.0)) in loose


def test_segments_with_the_same_midpoint_are_told_apart():
    # collinear segments with one midpoint: a coordinate hash may not separate them
    left = shapely.Polygon([(0, 0), (2, 0), (2, 2), (0, 2)])
    right = shapely.Polygon([(2, 0.5), (3, 0.5), (3, 1.5), (2, 1.5)])
    parts = np.array([left, right], dtype=object)
    loose = _loose_segments(parts, edge_match.unmatched(parts))
    assert ((2.0, 0.0), (2.0, 2.0)) in loose
    assert ((2.0, 0.5), (2.0, 1.5)) in loose


def _insert_midpoint(poly, edge: int):
    """``poly`` with the midpoint of its ``edge``-th shell segment added."""
    xy = list(poly.exterior.coords)[:-1]
    a, b = np.array(xy[edge]), np.array(xy[(edge + 1) % len(xy)])
    xy.insert(edge + 1, tuple((a + b) / 2))
    return shapely.Polygon(xy)


def _same(m1, m2):
    np.testing.assert_array_equal(np.sort(m1.loose), np.sort(m2.loose))
    assert sorted(zip(m1.key.tolist(), m1.part.tolist())) == sorted(
        zip(m2.key.tolist(), m2.part.tolist())
    )


def test_replacing_changed_parts_gives_the_matching_built_afresh():
    parts = _grid(4)
    m = edge_match.build(parts)
    changed = np.array([5, 6, 9])
    new = parts.copy()
    for k, e in zip(changed, (0, 1, 2)):
        new[k] = _insert_midpoint(parts[k], e)
    updated = edge_match.replace(m, new, changed)
    _same(updated, edge_match.build(new))
    # the changed parts' split edges are unmatched now, and so are their neighbours' edges
    seg = edge_match.segments(new)
    assert edge_match.unmatched_in(updated, seg).sum() > edge_match.unmatched(parts).sum()
    np.testing.assert_array_equal(edge_match.unmatched_in(updated, seg), edge_match.unmatched(new))


def test_renumbering_after_parts_are_dropped_and_added():
    parts = _grid(3)
    m = edge_match.build(parts)
    # drop part 4 (the middle square), add it again as two halves, reorder all parts
    halves = [shapely.box(10, 10, 15, 20), shapely.box(15, 10, 20, 20)]
    kept = np.r_[np.arange(4), np.arange(5, 9)]
    new_parts = np.r_[parts[kept], np.array(halves, dtype=object)]
    order = np.r_[8, np.arange(8)[::-1], 9]  # any order
    new_parts = new_parts[order]
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    new_of_old = np.full(len(parts), -1, dtype=np.int64)
    new_of_old[kept] = position[: len(kept)]
    added = position[len(kept) :]
    renumbered = edge_match.renumber(m, new_of_old, new_parts, added)
    _same(renumbered, edge_match.build(new_parts))
    # the halves do not match the neighbours' whole edges: those are loose now
    assert edge_match.unmatched_in(renumbered, edge_match.segments(new_parts)).sum() > 12


def test_looking_at_a_few_parts_sees_twins_outside_them():
    parts = _grid(3)
    m = edge_match.build(parts)
    middle = edge_match.segments(parts[[4]])
    # the middle square's edges all have twins in its neighbours
    assert not edge_match.unmatched_in(m, middle).any()
