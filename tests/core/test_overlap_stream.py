"""The overlap analysis one constraint layer at a time (``OverlapRun``): the same rows and
repair logs as all layers at once, and each layer's rows let go once it is measured."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import GeometryCollection, LineString, Point, Polygon, box

from plugin.core import overlap
from plugin.core.overlap import Constraint, OverlapRun, overlap_analysis

X, Y = 39_500_000.0, 2_500_000.0


def frame(geoms, start=1):
    return pd.DataFrame({"fid": np.arange(start, start + len(geoms)), "geometry": list(geoms)})


def features():
    """A 12 × 12 grid of 100 m cells, a road across it and three sites."""
    cells = [box(X + i * 100, Y + j * 100, X + i * 100 + 100, Y + j * 100 + 100)
             for i in range(12) for j in range(12)]  # fmt: skip
    bow = Polygon([(X, Y - 50), (X + 40, Y - 10), (X + 40, Y - 50), (X, Y - 10)])  # invalid
    road = LineString([(X - 20, Y + 333), (X + 1300, Y + 777)])
    sites = [Point(X + 150, Y + 150), Point(X + 655, Y + 345), Point(X + 1250, Y + 50)]
    return frame([*cells, bow, road, *sites])


def layers():
    rng = np.random.default_rng(21)
    x, y = rng.uniform(0, 1200, 300), rng.uniform(0, 1200, 300)
    parcels = [box(X + a, Y + b, X + a + 35, Y + b + 25) for a, b in zip(x, y)]  # overlapping
    red = [box(X + 120, Y + 80, X + 640, Y + 530), box(X + 600, Y + 500, X + 905, Y + 1010)]
    red.append(Polygon([(X + 700, Y), (X + 800, Y + 100), (X + 800, Y), (X + 700, Y + 100)]))
    red.append(GeometryCollection([box(X, Y + 1100, X + 90, Y + 1190), Point(X, Y)]))
    wells = [Point(X + 333, Y + 999), LineString([(X + 50, Y + 600), (X + 500, Y + 640)])]
    return [
        Constraint("永久基本农田", frame(parcels)),
        Constraint("生态保护红线", frame(red, start=10)),
        Constraint("水源", frame(wells), buffer=60.0, role="water_source"),
    ]


def _same(a: pd.DataFrame, b: pd.DataFrame):
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    assert all(shapely.equals_exact(a["geometry"].to_numpy(), b["geometry"].to_numpy(), 0))


def test_layer_by_layer_equals_all_layers_at_once():
    f = features()
    together_logs, logs, steps = [], [], []
    together = overlap_analysis(f, layers(), repairs=together_logs)
    run = OverlapRun(f, [c.name for c in layers()], steps.append, repairs=logs)
    for c in layers():
        run.add_loaded(c.name, lambda c=c: c.frame, c.buffer, c.role)
    _same(run.result(), together)
    assert len(together) > 150 and set(together["geom_type"]) == {"polygon", "line", "point"}
    assert len(logs) == len(together_logs) == 4  # the input layer, then each layer
    for a, b in zip(logs, together_logs):
        assert a.equals(b)
    assert pd.concat(logs)["fid"].tolist() == [145, 12]  # the bow tie and the red-line one
    assert steps[0] == 0.0 and steps[-1] == 100.0 and steps == sorted(steps)


def test_a_layer_is_let_go_once_measured():
    f = features()
    run = OverlapRun(f, ["a", "b"])
    seen = []

    def load(c):
        table = c.frame.copy()
        seen.append(weakref.ref(table))
        return table

    a, b = layers()[:2]
    run.add_loaded("a", lambda: load(a))
    gc.collect()
    assert seen[0]() is None  # only its polygons lived on, and not past the layer
    run.add_loaded("b", lambda: load(b))
    gc.collect()
    assert seen[1]() is None
    assert set(run.result()["constraint"]) == {"a", "b"}


def test_repeated_layer_names_are_refused_before_any_layer_is_read():
    with pytest.raises(overlap.OverlapError):
        OverlapRun(features(), ["红线", "农田", "红线"])


def test_constraint_layer_is_polygons_and_repairs_in_one_validity_pass():
    for c in layers():
        polygons, log = overlap.constraint_layer(c)
        expected = overlap.constraint_polygons(c)
        assert len(polygons) == len(expected)
        assert all(shapely.equals_exact(polygons, expected, 0))
        assert log.equals(overlap.constraint_repairs(c))
    with pytest.raises(overlap.OverlapError):
        overlap.constraint_layer(Constraint("无几何", pd.DataFrame({"fid": [1]})))


def test_small_batches_give_the_same_rows(monkeypatch):
    from plugin.core.overlap import analysis

    f = features()
    whole = overlap_analysis(f, layers())
    monkeypatch.setattr(analysis, "BATCH_PAIRS", 7)
    assert list(analysis._batches(np.array([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3]))) == [
        (0, 10),
        (10, 12),
    ]
    # as few batches as BATCH_PAIRS allows, of about the same size: no small remainder
    assert list(analysis._batches(np.arange(15))) == [(0, 5), (5, 10), (10, 15)]
    _same(overlap_analysis(f, layers()), whole)


def test_snapping_in_batches_and_releasing_the_frame_change_nothing(monkeypatch):
    from plugin.core.overlap import constraints

    c = layers()[0]
    whole = overlap.constraint_polygons(c)
    monkeypatch.setattr(constraints, "SNAP_BATCH", 13)
    mine = Constraint(c.name, c.frame.copy())
    polygons, _ = overlap.constraint_layer(mine, release=True)
    assert mine.frame is None
    assert all(shapely.equals_exact(polygons, whole, 0))


def test_unsnapped_polygons_are_let_go_while_the_layer_is_snapped(monkeypatch):
    """Snapping replaces the polygons in the array it is given, so an unsnapped polygon is
    gone once its batch is snapped, though the caller still holds that array."""
    from plugin.core.overlap import constraints

    parcels = layers()[0].frame["geometry"].to_numpy()
    raw = np.array([shapely.from_wkb(shapely.to_wkb(p)) for p in parcels], dtype=object)
    alive = [weakref.ref(p) for p in raw]
    seen = []
    snap = shapely.set_precision

    def set_precision(geoms, *args, **kwargs):
        seen.append(sum(r() is not None for r in alive))
        return snap(geoms, *args, **kwargs)

    monkeypatch.setattr(constraints, "SNAP_BATCH", 100)
    monkeypatch.setattr(constraints.shapely, "set_precision", set_precision)
    polygons = constraints._snapped(raw)  # ``raw`` stays held here
    gc.collect()
    assert seen == [300, 200, 100]  # each batch of originals gone before the next is snapped
    assert all(r() is None for r in alive)
    assert len(polygons) == 300
    monkeypatch.undo()
    assert all(shapely.equals_exact(polygons, overlap.constraint_polygons(layers()[0]), 0))


def test_polygons_no_later_batch_touches_are_let_go(monkeypatch):
    from plugin.core.overlap import analysis, pipeline

    f = features()
    whole = overlap_analysis(f, layers())
    monkeypatch.setattr(analysis, "BATCH_PAIRS", 40)
    gone = []
    real = pipeline.Overlays.zones

    def spy(self, rows, polygons, hits):
        assert not shapely.is_missing(polygons[hits]).any()  # what a batch uses is there
        gone.append(int(shapely.is_missing(polygons).sum()))
        return real(self, rows, polygons, hits)

    monkeypatch.setattr(pipeline.Overlays, "zones", spy)
    c = layers()[0]  # 300 parcels, some touching no feature
    polygons, _ = overlap.constraint_layer(c)
    fs = analysis._features(f, *analysis.clean_features(f["geometry"].to_numpy()))
    frames = analysis._layer_frames(fs, polygons, c, 0, analysis.progress_of(None, None))
    assert shapely.is_missing(polygons).all()  # nothing held once the layer is measured
    assert len(gone) > 5 and gone == sorted(gone) and gone[-1] > gone[0]
    monkeypatch.undo()
    _same(overlap_analysis(f, layers()), whole)
    assert sum(len(fr) for fr in frames) == (whole["constraint"] == c.name).sum()


def test_pieces_copied_to_the_main_heap_and_measured_in_chunks_are_the_same(monkeypatch):
    """Threads (pieces rebuilt from WKB on the main thread) and areas measured a few
    pieces at a time (on the overlay threads, chunk by chunk) give exactly the rows of
    one thread measuring in chunks of its own."""
    from plugin.core.geometry import chunked
    from plugin.core.overlap import overlay, pipeline

    f = features()
    whole = overlap_analysis(f, layers())
    copied = []
    real = overlay.main_heap_copy

    def spy(pieces):
        out = real(pieces)
        assert all(a is not b for a, b in zip(out, pieces))  # new objects
        assert all(shapely.equals_exact(out, pieces, 0))
        copied.append(len(out))
        return out

    monkeypatch.setattr(pipeline, "main_heap_copy", spy)
    monkeypatch.setattr(chunked, "CHUNK_COORDS", 40)  # chunks of a piece or two
    _same(overlap_analysis(f, layers(), workers=2), whole)
    assert sum(copied) >= len(whole)
    assert len(real(np.empty(0, dtype=object))) == 0
