"""Coverage-keeping unit edits: after each the county is still tiled exactly, codes follow
the rule and MJ is the area helper's."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString

from plugin.core import schema
from plugin.core.editing import operations as ops
from tests.core.editing_data import (
    assert_tiled,
    bent_boundary,
    county_units,
    crossing_line,
    neighbours,
)

RULE = schema.DEFAULT_CODE_RULE


@pytest.fixture
def county():
    return county_units()


def check_mj(edit: ops.Edit):
    for i, g in edit.changed.items():
        assert edit.mj[i] == pytest.approx(shapely.area(g) / 1e6, rel=1e-12)
    for unit in edit.added:
        assert unit.mj == pytest.approx(shapely.area(unit.geometry) / 1e6, rel=1e-12)


def test_move_boundary_reshapes_both_and_keeps_the_coverage(county):
    state, outline = county
    a, b, shared = neighbours(state)
    line = bent_boundary(shared, 40.0)
    edit = ops.move_boundary(state, a, b, line)
    assert set(edit.changed) == {a, b} and not edit.added and not edit.removed
    moved = shapely.area(edit.region)
    assert moved == pytest.approx(0.5 * 40.0 * shared.length, rel=0.02)
    # the land went from one unit to the other, total unchanged
    before = shapely.area(state.geometries[[a, b]])
    after = np.array([shapely.area(edit.changed[a]), shapely.area(edit.changed[b])])
    assert after.sum() == pytest.approx(before.sum(), abs=1e-3)
    assert abs(after - before).max() == pytest.approx(moved, rel=1e-6)
    # the new boundary follows the line
    new_shared = shapely.intersection(edit.changed[a].boundary, edit.changed[b].boundary)
    assert shapely.hausdorff_distance(shapely.line_merge(new_shared), line) < 0.01
    check_mj(edit)
    assert_tiled(ops.apply(state, edit), outline)


def test_move_boundary_refuses_units_that_are_not_neighbours(county):
    state, _ = county
    a, b, shared = neighbours(state)
    far = int(np.argmax(shapely.distance(state.geometries, state.geometries[a])))
    with pytest.raises(ops.EditError) as caught:
        ops.move_boundary(state, a, far, bent_boundary(shared, 10.0))
    assert caught.value.kind == "not_neighbours"


def test_split_gives_the_smaller_part_the_next_free_code(county):
    state, outline = county
    i = int(np.argmax(shapely.area(state.geometries)))
    cls = int(state.classes[i])
    # a code of this county and class retired earlier is never given again
    top = max(RULE.parse(c)[2] for c in state.codes if RULE.parse(c)[1] == cls)
    retired = RULE.make(state.county_code, cls, top + 5)
    state.used_codes = (retired,)
    line = crossing_line(state.geometries[i], angle=0.2)
    edit = ops.split(state, i, line)
    assert len(edit.added) == 1
    new = edit.added[0]
    assert new.code == RULE.make(state.county_code, cls, top + 6)
    assert new.unit_class == cls and new.template == i
    assert shapely.area(edit.changed[i]) >= shapely.area(new.geometry)
    check_mj(edit)
    after = ops.apply(state, edit)
    assert state.codes[i] in after.codes.tolist()
    assert_tiled(after, outline)


def test_split_by_a_line_that_misses_is_refused(county):
    state, _ = county
    line = LineString([(0, 0), (1, 1)])
    with pytest.raises(ops.EditError) as caught:
        ops.split(state, 0, line)
    assert caught.value.kind == "line_no_cut"


def test_merge_keeps_the_largest_code_and_retires_the_others(county):
    state, outline = county
    a, b, _ = _same_class_neighbours(state)
    edit = ops.merge(state, [a, b])
    big, small = (
        (a, b) if shapely.area(state.geometries[a]) >= shapely.area(state.geometries[b]) else (b, a)
    )
    assert list(edit.changed) == [big] and edit.removed == [small]
    assert edit.retired == [state.codes[small]]
    check_mj(edit)
    after = ops.apply(state, edit)
    assert state.codes[small] not in after.codes.tolist()
    assert state.codes[small] in after.used_codes
    assert_tiled(after, outline)
    # the retired serial is never given again: a split in the same class goes beyond it
    k = after.codes.tolist().index(state.codes[big])
    split = ops.split(after, k, crossing_line(after.geometries[k]))
    serials = [
        RULE.parse(c)[2]
        for c in (*after.codes, *after.used_codes)
        if RULE.parse(c)[1] == state.classes[big]
    ]
    assert RULE.parse(split.added[0].code)[2] == max(serials) + 1


def _same_class_neighbours(state):
    geoms = state.geometries
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    for a, b in zip(left, right):
        if a < b and state.classes[a] == state.classes[b]:
            if shapely.intersection(geoms[a].boundary, geoms[b].boundary).length > 100:
                return int(a), int(b), None
    raise AssertionError("no same-class neighbours")


def test_merge_of_different_classes_is_refused(county):
    state, _ = county
    a = int(np.flatnonzero(state.classes == 1)[0])
    b = int(np.flatnonzero(state.classes == 3)[0])
    with pytest.raises(ops.EditError) as caught:
        ops.merge(state, [a, b])
    assert caught.value.kind == "merge_classes"


def test_reclassify_part_makes_a_new_unit_of_the_other_class(county):
    state, outline = county
    i = int(
        np.flatnonzero(state.classes == 3)[
            np.argmax(shapely.area(state.geometries[state.classes == 3]))
        ]
    )
    c = state.geometries[i].centroid
    patch = shapely.buffer(c, 150.0)
    edit = ops.reclassify(state, patch, schema.KEY)
    assert len(edit.added) == 1
    new = edit.added[0]
    assert new.unit_class == schema.KEY
    assert RULE.parse(new.code)[:2] == (state.county_code, schema.KEY)
    key_serials = [RULE.parse(x)[2] for x in state.codes if RULE.parse(x)[1] == schema.KEY]
    assert RULE.parse(new.code)[2] == max(key_serials, default=0) + 1
    assert shapely.area(new.geometry) == pytest.approx(
        shapely.area(
            shapely.intersection(
                patch, shapely.union_all(state.geometries[(state.classes != schema.KEY)])
            )
        ),
        rel=1e-6,
    )
    check_mj(edit)
    assert_tiled(ops.apply(state, edit), outline)


def test_follow_layer_takes_and_gives_land_along_the_outline(county):
    state, outline = county
    a, b, shared = neighbours(state)
    # a park outline: unit a's shape with the shared side pushed 30 m into b, and a side
    # pulled in elsewhere
    target = shapely.union(state.geometries[a], shapely.buffer(shared, 30.0, cap_style="flat"))
    target = shapely.intersection(target, shapely.union_all(state.geometries[[a, b]]))
    edit = ops.follow_layer(state, a, target, 50.0)
    assert b in edit.changed
    assert shapely.area(shapely.symmetric_difference(edit.changed[a], target)) < 1.0
    check_mj(edit)
    assert_tiled(ops.apply(state, edit), outline)


def test_follow_layer_leaves_far_away_outlines_alone(county):
    state, outline = county
    a, _, _ = neighbours(state)
    target = shapely.buffer(state.geometries[a].centroid, 5.0)
    with pytest.raises(ops.EditError) as caught:
        ops.follow_layer(state, a, target, 20.0)
    assert caught.value.kind == "follow_nothing"


def test_edits_chain_and_the_county_stays_tiled(county):
    state, outline = county
    a, b, shared = neighbours(state)
    state = ops.apply(state, ops.move_boundary(state, a, b, bent_boundary(shared, -25.0)))
    state = ops.apply(state, ops.split(state, a, crossing_line(state.geometries[a], 1.1)))
    other = 1 if state.classes[b] != 1 else 2
    patch = shapely.buffer(state.geometries[b].centroid, 80)
    state = ops.apply(state, ops.reclassify(state, patch, other))
    assert_tiled(state, outline)
    assert len(set(state.codes.tolist())) == len(state.codes)
    assert all(RULE.is_valid(c) for c in state.codes)
