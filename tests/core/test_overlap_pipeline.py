"""The overlap analysis' pipeline (``Overlays``): with more than one thread, a batch's
intersections run on a background thread while the next batch's zones are unioned. The
rows are the same, byte for byte, as one thread's; the background thread works on copies
of the batch's geometries; a cancel stops it and nothing runs on after the run."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import shapely

from plugin.core import area
from plugin.core.overlap import Cancelled, OverlapRun, analysis, overlap_analysis, overlay, pipeline
from tests.core.test_overlap_stream import _same, features, layers
from tests.core.thread_spies import default_factory, geos_factories


@pytest.fixture
def in_flight(monkeypatch):
    """The batches in flight each time a batch's zones are unioned, in order."""
    seen = []
    zones = pipeline.Overlays.zones

    def spy(self, rows, polygons, hits):
        seen.append(len(self._queue))
        return zones(self, rows, polygons, hits)

    monkeypatch.setattr(pipeline.Overlays, "zones", spy)
    return seen


def test_small_batches_in_the_pipeline_give_the_rows_of_one_thread(monkeypatch, in_flight):
    f = features()
    one = overlap_analysis(f, layers(), workers=1)
    in_flight.clear()  # only the threaded run's batches
    monkeypatch.setattr(analysis, "BATCH_PAIRS", 40)
    threaded = overlap_analysis(f, layers(), workers=2)
    assert len(in_flight) > 10 and in_flight.count(1) > 5  # unions ran behind overlays
    assert max(in_flight) == 1  # never more than one batch in flight
    _same(threaded, one)
    assert np.array_equal(
        shapely.to_wkb(threaded["geometry"].to_numpy()), shapely.to_wkb(one["geometry"].to_numpy())
    )


def test_the_background_thread_gets_copies(monkeypatch):
    f = features()
    seen = []
    real = pipeline.measured_pieces

    def spy(ops, feats, zones, dim, rule):
        seen.append((threading.current_thread() is threading.main_thread(), feats, zones))
        return real(ops, feats, zones, dim, rule)

    monkeypatch.setattr(pipeline, "measured_pieces", spy)
    monkeypatch.setattr(analysis, "BATCH_PAIRS", 40)
    run_geoms = []
    features_of = analysis._features

    def keep(*args):
        out = features_of(*args)
        run_geoms.append(out.geoms)
        return out

    monkeypatch.setattr(analysis, "_features", keep)
    made = []
    zones_of = pipeline.Overlays.zones

    def zones(self, rows, polygons, hits):
        out = zones_of(self, rows, polygons, hits)
        made.append(out)
        return out

    monkeypatch.setattr(pipeline.Overlays, "zones", zones)
    overlap_analysis(f, layers(), workers=2)
    assert seen and not any(main for main, _, _ in seen)
    originals = {id(g) for g in run_geoms[0] if g is not None}
    for _, feats, _ in seen:
        assert not originals & {id(g) for g in feats}  # copies, not the run's features
    # not even clones: their own GEOS factories (a clone counts on the original's factory,
    # whose count is not atomic, while the main thread works on the original's relatives)
    kept_on_main = [g for g in run_geoms[0] if g is not None]
    kept_on_main += [g for _, zones in made for g in zones if g is not None]
    theirs = set(geos_factories(kept_on_main))
    assert theirs - {default_factory()}  # snapped geometries: factories of their own
    handed = {f for _, feats, zones in seen for f in geos_factories([*feats, *zones])}
    assert not (theirs & handed) - {0, default_factory()}


def test_a_cancel_stops_the_background_thread(monkeypatch):
    monkeypatch.setattr(analysis, "BATCH_PAIRS", 40)
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 20  # well before the end: a full run checks ~80 times

    before = set(threading.enumerate())
    with pytest.raises(Cancelled):
        overlap_analysis(features(), layers(), is_cancelled=cancelled, workers=2)
    assert len(calls) > 20
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not left  # the pool was shut down and waited for


def test_one_thread_runs_without_a_background_thread(monkeypatch):
    overlays = pipeline.Overlays(lambda: None, workers=1)
    assert overlays._pool is None
    with pipeline.Overlays(lambda: None, workers=2) as two:
        assert two._pool is not None
        assert two.finish() == []
    assert two._stop.is_set()


def test_a_layer_is_read_and_unioned_while_the_last_one_is_overlaid(monkeypatch, in_flight):
    f = features()
    cells = f[f.geometry.map(lambda g: g.geom_type == "Polygon")]  # one batch per layer
    threaded = overlap_analysis(cells, layers(), workers=2)
    assert in_flight == [0, 1, 1]  # layers 2 and 3 unioned behind the one before
    monkeypatch.undo()
    _same(threaded, overlap_analysis(cells, layers(), workers=1))


def test_a_failing_layer_read_stops_the_background_thread():
    f = features()
    before = set(threading.enumerate())
    run = OverlapRun(f, ["a", "b"], workers=2)
    run.add(layers()[0])

    def broken():
        raise OSError("disk gone")

    with pytest.raises(OSError):
        run.add_loaded("b", broken)
    assert run._overlays._stop.is_set()
    assert not [t for t in threading.enumerate() if t not in before and t.is_alive()]


@pytest.mark.parametrize("rule", [area.PLANAR_ZONE, area.ELLIPSOIDAL])
@pytest.mark.parametrize("workers", [1, 2])
def test_pieces_are_measured_by_the_rule_in_force_on_the_overlay_threads(
    monkeypatch, rule, workers
):
    """The areas measured on the overlay threads (the background thread has no
    ``area.using`` context of its own) are the official areas of the rows' pieces by
    the run's rule, as measured afterwards on the main thread, to the last bit."""
    threads = []
    real = overlay.intersect_pairs

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(overlay, "intersect_pairs", spy)
    monkeypatch.setattr(analysis, "BATCH_PAIRS", 40)
    with area.using(area.AreaRule(4528, rule)):  # GK zone 40: the features lie in 39
        rows = overlap_analysis(features(), layers(), workers=workers)
        polygons = rows[rows["geom_type"] == "polygon"]
        again = area.official_m2(polygons["geometry"].to_numpy())
    assert len(polygons) > 100
    assert np.array_equal(polygons["overlap_area_m2"].to_numpy(), again)
    assert not np.array_equal(again, shapely.area(polygons["geometry"].to_numpy()))  # not planar
    assert all(threads) if workers == 1 else not any(threads)


def test_the_features_are_measured_by_the_rule_of_the_run_when_the_rows_are_made():
    """The features' areas (what the percentages are taken of) and the pieces' are
    measured by the rule in force when the run was made and the layer added, even when
    the rows are made later, outside the rule's block."""
    rule = area.AreaRule(4528, area.ELLIPSOIDAL)
    f, red = features(), layers()[1]
    f = f[f.geometry.map(lambda g: g.geom_type == "Polygon")]  # one batch
    with area.using(rule):
        inside = overlap_analysis(f, [layers()[1]], workers=2)
        run = OverlapRun(f, [red.name], workers=2)
        run.add(red)  # one batch: in flight until result()
    assert run._features.__dict__.get("size") is None  # not measured yet
    _same(run.result(), inside)
    planar = overlap_analysis(f, [layers()[1]], workers=2)
    assert len(inside) > 50
    assert not np.array_equal(planar["percent"].to_numpy(), inside["percent"].to_numpy())


def test_the_next_batch_is_copied_before_the_batch_in_flight_is_awaited(monkeypatch):
    """The background thread never waits for the main thread's copies or rebuilding: a
    batch's copies are made while the batch before it is still in the queue, and that
    batch's pieces are rebuilt only once the next one is queued (same rows as one thread)."""
    f = features()
    one = overlap_analysis(f, layers(), workers=1)
    runs, events = [], []
    init = pipeline.Overlays.__init__

    def keep(self, *args, **kwargs):
        init(self, *args, **kwargs)
        runs.append(self)

    copies, wait, rebuild = pipeline._copies, pipeline.Overlays._wait, pipeline.main_heap_copy

    def queued():
        return sum(len(o._queue) for o in runs)

    def copied(geoms):
        events.append(("copy", queued()))
        return copies(geoms)

    def waited(self, job):
        events.append(("wait", queued()))
        return wait(self, job)

    def rebuilt(pieces):
        events.append(("rebuild", queued()))
        return rebuild(pieces)

    monkeypatch.setattr(pipeline.Overlays, "__init__", keep)
    monkeypatch.setattr(pipeline, "_copies", copied)
    monkeypatch.setattr(pipeline.Overlays, "_wait", waited)
    monkeypatch.setattr(pipeline, "main_heap_copy", rebuilt)
    monkeypatch.setattr(analysis, "BATCH_PAIRS", 40)
    threaded = overlap_analysis(f, layers(), workers=2)
    kinds = [k for k, _ in events]
    assert kinds.count("wait") > 10 and kinds.count("rebuild") == kinds.count("wait")
    in_flight = [n for k, n in events if k == "copy"]
    assert in_flight.count(1) > 10 and set(in_flight) <= {0, 1}  # copied beside a batch
    # every batch but the last is rebuilt with the next batch queued
    assert [n for k, n in events if k == "rebuild"][:-1] == [1] * (kinds.count("rebuild") - 1)
    _same(threaded, one)
    assert np.array_equal(
        shapely.to_wkb(threaded["geometry"].to_numpy()), shapely.to_wkb(one["geometry"].to_numpy())
    )
