"""The T01 candidate pairs (``overlaps._touching_pairs``): the pairs of the tree's
``intersects`` query with a < b, in its order, each pair tested once (pure core)."""

from __future__ import annotations

import numpy as np
import shapely

from plugin.core import schema
from plugin.core.checks import overlaps
from plugin.core.run import Progress
from tests.core.checks_data import voronoi_province


def test_touching_pairs_are_those_of_the_intersects_query(monkeypatch):
    units, _ = voronoi_province(
        n_units=300, n_counties=3, width=15_000, height=12_000, segment=40, mismatched=True
    )
    gp = shapely.set_precision(units["geometry"].to_numpy(), 0.001, mode="pointwise")
    big = int(np.argmax(units[schema.UNIT_AREA]))
    gp[big] = shapely.buffer(gp[big], 25.0, join_style="mitre")  # overlaps its neighbours
    gp[5] = shapely.affinity.translate(gp[5], 3000.0, 0.0)  # far away: touches others anew
    shapely.prepare(gp[:10])  # prepared before: stays prepared
    tree = shapely.STRtree(gp)
    a, b = tree.query(gp, predicate="intersects")
    keep = a < b
    monkeypatch.setattr(overlaps, "_DEEP_ROWS", 37)  # several slices
    got = overlaps._touching_pairs(tree, gp, Progress())
    assert len(got[0]) > 300
    assert np.array_equal(got[0], a[keep]) and np.array_equal(got[1], b[keep])
    assert shapely.is_prepared(gp[:10]).all() and not shapely.is_prepared(gp[10:]).any()
