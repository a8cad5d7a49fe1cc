"""The local live check finds what an edit broke, looking only at the neighbourhood."""

from __future__ import annotations

import json

import numpy as np
import shapely
from shapely.geometry import Polygon

from plugin.core import schema
from plugin.core.editing import journal
from plugin.core.editing import live_check as lc
from plugin.core.editing import operations as ops
from tests.core.editing_data import bent_boundary, county_units, neighbours


def kinds(problems):
    return sorted({p.kind for p in problems})


def test_a_clean_edit_reports_nothing():
    state, county = county_units()
    a, b, shared = neighbours(state)
    after = ops.apply(state, ops.move_boundary(state, a, b, bent_boundary(shared, 30.0)))
    assert lc.local_check(after.geometries, after.codes, after.classes, [a, b], county) == []


def test_a_vertex_pushed_into_the_neighbour_is_an_overlap_and_leaves_no_gap():
    state, county = county_units()
    a, b, shared = neighbours(state)
    # push unit a over the shared edge (a plain vertex move, no topology)
    bulge = shapely.buffer(shared.interpolate(0.5, normalized=True), 20.0)
    geoms = state.geometries.copy()
    geoms[a] = shapely.union(geoms[a], shapely.intersection(bulge, geoms[b]))
    problems = lc.local_check(geoms, state.codes, state.classes, [a], county)
    assert kinds(problems) == ["overlap"]
    (overlap,) = problems
    assert set(overlap.codes) == {state.codes[a], state.codes[b]}
    expected = shapely.area(shapely.intersection(bulge, state.geometries[b]))
    assert abs(overlap.area_m2 - expected) < 0.05  # the check works on the 1 mm grid


def test_a_vertex_pulled_back_is_a_gap_and_leaving_the_county_is_found():
    state, county = county_units()
    a, b, shared = neighbours(state)
    bite = shapely.buffer(shared.interpolate(0.5, normalized=True), 20.0)
    geoms = state.geometries.copy()
    geoms[a] = shapely.difference(geoms[a], bite)
    gaps = lc.local_check(geoms, state.codes, state.classes, [a], county)
    assert kinds(gaps) == ["gap"]
    bitten = shapely.area(shapely.intersection(bite, state.geometries[a]))
    assert abs(sum(p.area_m2 for p in gaps) - bitten) < 0.05
    # a unit on the county edge pushed outwards leaves the county
    edge = int(np.argmax(shapely.length(shapely.intersection(state.geometries, county.boundary))))
    geoms = state.geometries.copy()
    point = shapely.intersection(geoms[edge].boundary, county.boundary).interpolate(
        0.5, normalized=True
    )
    geoms[edge] = shapely.union(geoms[edge], shapely.buffer(point, 15.0))
    assert "outside" in kinds(lc.local_check(geoms, state.codes, state.classes, [edge], county))


def test_slivers_and_red_line_outside_priority_units():
    state, county = county_units()
    general = int(np.flatnonzero(state.classes == schema.GENERAL)[0])
    geoms = state.geometries.copy()
    c = geoms[general].centroid
    red = shapely.buffer(c, 40.0)
    problems = lc.local_check(geoms, state.codes, state.classes, [general], county, red_line=red)
    assert kinds(problems) == ["red_line"]
    inside = shapely.area(shapely.intersection(red, geoms[general]))
    assert abs(problems[0].area_m2 - inside) < 0.05
    # a tiny extra part of a unit is a sliver
    a, b, shared = neighbours(state)
    needle = Polygon([(c.x, c.y), (c.x + 0.5, c.y), (c.x + 0.5, c.y + 0.5)])
    geoms[a] = shapely.MultiPolygon([*shapely.get_parts(geoms[a]), needle])
    problems = lc.local_check(geoms, state.codes, state.classes, [a], None)
    assert "sliver" in kinds(problems)


def test_the_neighbourhood_is_local():
    state, _ = county_units()
    tree = shapely.STRtree(state.geometries)
    near = lc.neighbourhood(tree, state.geometries[[0]])
    assert 0 in near and len(near) < len(state.geometries) / 2


def test_journal_rows_hold_the_units_before_and_after():
    state, _ = county_units()
    geoms = state.geometries
    left, right = shapely.STRtree(geoms).query(geoms, predicate="touches")
    a, b = next(
        (int(x), int(y))
        for x, y in zip(left, right)
        if x < y and state.classes[x] == state.classes[y]
    )
    edit = ops.merge(state, [a, b])
    row = journal.entry(state, edit, reason="乡镇合并", session="s1")
    before = json.loads(row[schema.JOURNAL_BEFORE])
    after = json.loads(row[schema.JOURNAL_AFTER])
    assert {u["code"] for u in before} == {state.codes[a], state.codes[b]}
    assert (
        len(after) == 1
        and after[0]["mj"] == round(sum(u["mj"] for u in before), 6)
        or abs(after[0]["mj"] - sum(u["mj"] for u in before)) < 1e-5
    )
    assert row[schema.JOURNAL_RETIRED] == edit.retired[0]
    assert row[schema.JOURNAL_REASON] == "乡镇合并"
    assert journal.used_codes([row]) == {state.codes[a], state.codes[b]}


def test_invalid_reference_and_neighbour_geometries_do_not_stop_the_check():
    state, county = county_units()
    a, b, shared = neighbours(state)
    geoms = state.geometries.copy()
    c = shared.interpolate(0.5, normalized=True)
    bow_tie = Polygon(
        [(c.x - 30, c.y - 30), (c.x + 30, c.y + 30), (c.x + 30, c.y - 30), (c.x - 30, c.y + 30)]
    )
    red = np.array([bow_tie, shapely.buffer(c, 5.0)], dtype=object)  # invalid + overlapping
    # neighbour b invalid (a self-touching ring) must not make the overlays fail
    xs = shapely.get_coordinates(geoms[b])
    geoms[b] = Polygon([*xs[:-1], xs[len(xs) // 2], xs[0]])
    problems = lc.local_check(geoms, state.codes, state.classes, [a], county, red_line=red)
    # the red line (repaired) reaches into a; it is flagged unless a is a priority unit
    assert ("red_line" in kinds(problems)) == (state.classes[a] != schema.PRIORITY)
