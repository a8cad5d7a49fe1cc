"""Private copies for worker threads (``geometry.private_copy``): the same geometry, on a
GEOS GeometryFactory of its own, so that threads never count on one factory at once
(GEOS's factory reference count is not atomic: two threads working on relatives of one
snapped geometry corrupted the heap and crashed a province check)."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LinearRing, MultiPolygon, Point, Polygon, box

from plugin.core.geometry import chunk_map, chunked, private_copy
from plugin.core.geometry.chunk_map import map_chunks
from plugin.core.geometry.chunked import Chunked
from plugin.core.geometry.private_copy import private_copies
from tests.core.thread_spies import (
    default_factory,
    geos_factories,
    record_thread_factories,
    shared_factories,
)


def _relatives():
    """Parts of one multipolygon snapped to the grid, and a clone: one factory for all."""
    whole = shapely.set_precision(
        MultiPolygon([box(20 * k, 0, 20 * k + 10.0004, 10.0004) for k in range(4)]), 0.001
    )
    parts = shapely.get_parts(whole)
    return np.array([*parts, shapely.set_srid(parts[0], 4490)], dtype=object)


def test_relatives_share_one_factory_and_copies_have_their_own():
    geoms = _relatives()
    assert len(set(geos_factories(geoms))) == 1  # the hazard: one count for all five
    shapely.prepare(geoms[1])
    given = np.array([*geoms, None, box(0, 0, 1, 1), "not a geometry"], dtype=object)
    copies = private_copies(given)
    assert not any(c is g for c, g in zip(copies[:5], given[:5])) and copies[6] is not given[6]
    assert copies[5] is None and copies[7] == "not a geometry"
    assert np.array_equal(shapely.to_wkb(copies[:5]), shapely.to_wkb(geoms))
    assert shapely.get_srid(copies[4]) == 4490
    precision = shapely.get_precision(given[:7])
    assert np.array_equal(shapely.get_precision(copies[:7]), precision, equal_nan=True)
    assert shapely.is_prepared(copies[1]) and not shapely.is_prepared(copies[0])
    factories = geos_factories(copies[:5])
    assert len(set(factories)) == 5 and not set(factories) & set(geos_factories(geoms))
    # a floating geometry is copied onto GEOS's default factory, which is never freed
    assert geos_factories(copies[6:7]) == [default_factory()]


def test_an_object_given_twice_is_copied_once():
    """A unit on many pairs of one chunk: one copy (for the one thread), in every row."""
    geoms = _relatives()
    given = np.array([geoms[0], geoms[1], geoms[0], None, geoms[0], geoms[2]], dtype=object)
    copies = private_copies(given)
    assert copies[0] is copies[2] is copies[4] and copies[3] is None
    assert len({id(c) for c in copies[[0, 1, 5]]}) == 3
    assert not {id(c) for c in copies[[0, 1, 5]]} & {id(g) for g in given}
    assert np.array_equal(
        shapely.to_wkb(copies[[0, 1, 2, 4, 5]]), shapely.to_wkb(given[[0, 1, 2, 4, 5]])
    )
    factories = geos_factories(copies[[0, 1, 5]])
    assert len(set(factories)) == 3 and not set(factories) & set(geos_factories(geoms))


def test_rings_points_and_empty_geometries_are_copied_as_they_are():
    ring = shapely.set_precision(LinearRing([(0, 0), (1.0004, 0), (1, 1)]), 0.001)
    given = np.array([ring, LinearRing([(0, 0, 1), (1, 0, 2), (1, 1, 3)]), Point(1, 2, 3),
                      Polygon(), shapely.set_srid(Point(4, 5), 4490)], dtype=object)  # fmt: skip
    copies = private_copies(given)
    assert shapely.get_type_id(copies).tolist() == shapely.get_type_id(given).tolist()
    assert np.array_equal(shapely.to_wkb(copies), shapely.to_wkb(given))
    assert shapely.has_z(copies).tolist() == [False, True, True, False, False]
    assert shapely.get_precision(copies[0]) == 0.001 and shapely.get_srid(copies[4]) == 4490
    assert not set(geos_factories(copies[:1])) & set(geos_factories(given[:1]))


def test_a_geometry_its_grid_would_move_is_copied_exactly():
    """GEOS keeps a geometry on its factory's grid wherever we looked (overlays, centroids,
    make_valid round to it); should one not be, its copy must not move: fed a coarser grid,
    the copy keeps the coordinates and stays on GEOS's default factory."""
    fine = shapely.set_precision(box(0, 0, 1.004, 1), 0.001)
    src = np.array([fine, fine], dtype=object)
    copies = shapely.from_wkb(shapely.to_wkb(src))
    private_copy._on_their_grid(src, copies, np.array([True, True]), np.array([0.01, 0.001]))
    assert np.array_equal(shapely.to_wkb(copies), shapely.to_wkb(src))
    assert shapely.get_precision(copies).tolist() == [0.0, 0.001]
    assert geos_factories(copies[:1]) == [default_factory()]


def _intersect(a, b):
    return shapely.intersection(a, b, grid_size=0.001)


def test_worker_threads_never_share_a_factory_with_each_other_or_the_caller(monkeypatch):
    runs = record_thread_factories(monkeypatch, chunked, chunk_map)
    ops = Chunked(lambda: None, 0.001, 2)
    geoms = _relatives()
    other = box(5.0005, -1, 75.0005, 6.0005)
    left = np.tile(geoms, 200)  # every object on rows of many chunks, relatives in all
    right = np.full(len(left), other, dtype=object)
    serial = Chunked(lambda: None, 0.001, 1).pvec(_intersect, left, right)
    threaded = ops.pvec(_intersect, left, right)
    assert np.array_equal(shapely.to_wkb(threaded), shapely.to_wkb(serial))
    # one relative per slice, each slice on whichever thread is free
    areas = map_chunks(ops, shapely.area, [geoms], [(k, k + 1) for k in range(len(geoms))])
    assert np.allclose(np.concatenate(areas), shapely.area(geoms))
    assert len(runs) == 2 and all(len(seen) >= 1 for _, seen in runs)
    assert any(len(seen) == 2 for _, seen in runs)  # really on two threads
    assert not shared_factories(runs)
