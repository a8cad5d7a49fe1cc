"""The overlap analysis on several overlay threads: the same rows, byte for byte, as on one.

A red-line polygon several features touch is the zone of each of them, so the threaded
overlay would read one GEOS object from two threads; ``Chunked.pvec`` hands each thread
its own clone. Here enough features cross shared polygons that the pairs fill several
chunks, and the run is checked to have really used threads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, box

from plugin.core.geometry import chunked
from plugin.core.overlap import Constraint, OverlapRun, overlap_analysis
from tests.core.thread_spies import record_private_geometries

X, Y = 39_500_000.0, 2_500_000.0


def frame(geoms, start=1):
    return pd.DataFrame({"fid": np.arange(start, start + len(geoms)), "geometry": list(geoms)})


def features():
    """A 20 × 20 grid of 100 m cells (on the millimetre grid, as delineated units are),
    roads across it and scattered sites."""
    cells = [box(X + i * 100, Y + j * 100, X + i * 100 + 100, Y + j * 100 + 100)
             for i in range(20) for j in range(12)]  # fmt: skip
    roads = [
        LineString([(X - 20, Y + 33 + 97 * k), (X + 2020, Y + 777 + 61 * k)]) for k in range(12)
    ]
    rng = np.random.default_rng(4)
    sites = [Point(X + a, Y + b) for a, b in rng.uniform(0, 2000, (60, 2))]
    return frame([*cells, *roads, *sites])


def layers():
    rng = np.random.default_rng(21)
    x, y = rng.uniform(0, 2000, (2, 1000))
    parcels = [box(X + a, Y + b, X + a + 45, Y + b + 30) for a, b in zip(x, y)]  # overlapping
    centres = rng.uniform(200, 1800, (25, 2))
    # blobs of a few hundred metres: each cuts many cells, and some overlap each other
    red = [
        Point(X + a, Y + b).buffer(r, 12) for (a, b), r in zip(centres, rng.uniform(60, 300, 25))
    ]
    wells = [Point(X + a, Y + b) for a, b in rng.uniform(0, 2000, (8, 2))]
    return [
        Constraint("永久基本农田", frame(parcels)),
        Constraint("生态保护红线", frame(red, start=10)),
        Constraint("水源", frame(wells), buffer=150.0, role="water_source"),
    ]


def test_two_and_three_threads_give_the_rows_of_one(monkeypatch):
    made = record_private_geometries(monkeypatch, chunked)
    f = features()
    one = overlap_analysis(f, layers(), workers=1)
    assert not made
    assert len(one) > 400 and set(one["geom_type"]) == {"polygon", "line", "point"}
    assert (one["percent"] < 100).sum() > 200  # many features are cut, not wholly inside
    for workers in (2, 3):
        made.clear()
        threaded = overlap_analysis(f, layers(), workers=workers)
        assert made and max(made) > 2  # several chunks on several threads
        assert threaded.drop(columns="geometry").equals(one.drop(columns="geometry"))
        assert np.array_equal(
            shapely.to_wkb(threaded["geometry"].to_numpy()),
            shapely.to_wkb(one["geometry"].to_numpy()),
        )


def test_the_run_keeps_its_thread_count():
    f = features()
    assert OverlapRun(f, ["a"], workers=2).workers == 2
    assert OverlapRun(f, ["a"]).workers == 1
    assert OverlapRun(f, ["a"], workers=0).workers == 1  # never fewer than one
