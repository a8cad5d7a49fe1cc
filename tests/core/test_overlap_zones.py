"""``overlap.zones.zone_unions`` gives ``dissolve.union_groups``' zones, vertex for vertex.

The zones are checked by their WKB (every coordinate, the part and ring order) on shapes
that exercise each shortcut: features over one polygon (passed on), over many disjoint
parcels, over touching, overlapping and nearly coincident ones, multi-part polygons whose
parts touch at a point, and unions whose snap-rounded edges come into contact with another
polygon of the feature (the later rounds).
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, box

from plugin.core.geometry import GRID_SIZE
from plugin.core.geometry.chunked import Chunked
from plugin.core.geometry.dissolve import union_groups
from plugin.core.overlap import zones as zones_module
from plugin.core.overlap.zones import zone_unions

X, Y = 39_500_000.0, 2_500_000.0


def snapped(geoms):
    return shapely.set_precision(np.asarray(geoms, dtype=object), GRID_SIZE, mode="pointwise")


def polygons_and_keys(seed: int):
    """Constraint polygons (snapped, as ``constraint_layer`` makes them) and, for each
    (feature, polygon) pair, the feature's row: as an STRtree query hands them over."""
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, 1500, (2, 600))
    w, h = rng.uniform(5, 60, (2, 600))
    parcels = [box(X + a, Y + b, X + a + c, Y + b + d) for a, b, c, d in zip(x, y, w, h)]
    # tiles sharing edges exactly, and tiles offset by a fraction of a millimetre
    tiles = [box(X + 100 * i, Y + 2000, X + 100 * i + 100, Y + 2100) for i in range(12)]
    tiles += [box(X + 100 * i + 0.0004, Y + 2100.0003, X + 100 * i + 100.0004, Y + 2200)
              for i in range(12)]  # fmt: skip
    blobs = [Point(X + a, Y + b).buffer(r, 9)
             for (a, b), r in zip(rng.uniform(0, 1500, (20, 2)), rng.uniform(20, 200, 20))]  # fmt: skip
    # parts touching at a corner, and a multi-part polygon with parts far apart
    multis = [MultiPolygon([box(X + 10 * k, Y - 50, X + 10 * k + 10, Y - 40),
                            box(X + 10 * k + 10, Y - 40, X + 10 * k + 20, Y - 30)])
              for k in range(0, 60, 3)]  # fmt: skip
    multis.append(MultiPolygon([box(X, Y - 300, X + 5, Y - 295), box(X + 900, Y, X + 950, Y + 9)]))
    lone = [box(X + 100 * k, Y - 2000, X + 100 * k + 30, Y - 1970) for k in range(5)]
    polygons = snapped([*parcels, *tiles, *blobs, *multis, *lone])
    features = [box(X + 250 * i - 20, Y + 250 * j - 60, X + 250 * i + 260, Y + 250 * j + 200)
                for i in range(7) for j in range(10)]  # fmt: skip
    features = snapped([*features, *(shapely.buffer(g, 5) for g in lone)])
    fi, pi = shapely.STRtree(polygons).query(features, predicate="intersects")
    order = np.argsort(fi, kind="stable")
    return polygons, fi[order], pi[order]


def wkb_of(zones: dict) -> dict:
    return {k: shapely.to_wkb(g) for k, g in zones.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("workers", [1, 2])
def test_the_zones_of_union_groups_vertex_for_vertex(seed, workers):
    polygons, rows, hits = polygons_and_keys(seed)
    ops = Chunked(lambda: None, GRID_SIZE, workers)
    old = union_groups(ops, polygons[hits], rows)
    new = zone_unions(ops, polygons[hits], rows)
    assert list(new) and sorted(new) == sorted(old)
    assert wkb_of(new) == wkb_of(old)
    sizes = np.bincount(rows)
    assert (sizes == 1).any() and (sizes > 20).any()  # both kinds of feature are there


def test_a_polygon_alone_is_its_own_zone_and_touching_ones_are_unioned_once(monkeypatch):
    a = snapped([box(X, Y, X + 10, Y + 10), box(X + 10, Y, X + 20, Y + 10)])
    lone = snapped([box(X + 50, Y, X + 60, Y + 10)])[0]
    geoms = np.array([lone, a[0], a[1]], dtype=object)
    tested = []
    real = zones_module.contacts

    def spy(ops, parts, pkeys, query, group=None, once=False):
        out = real(ops, parts, pkeys, query, group, once)
        tested.append((len(parts), len(out[0])))
        return out

    monkeypatch.setattr(zones_module, "contacts", spy)
    ops = Chunked(lambda: None, GRID_SIZE, 1)
    zones = zone_unions(ops, geoms, np.array([0, 1, 1]))
    assert zones[0] is lone  # no contact search, no copy
    assert tested[0] == (2, 1)  # the two touching parts only, one edge for the pair
    assert shapely.equals(zones[1], box(X, Y, X + 20, Y + 10))
    assert wkb_of(zones) == wkb_of(union_groups(ops, geoms, np.array([0, 1, 1])))


def test_no_polygons_no_zones():
    ops = Chunked(lambda: None, GRID_SIZE, 1)
    assert zone_unions(ops, np.empty(0, dtype=object), np.empty(0, dtype=int)) == {}


def test_single_part_multipolygons_become_their_polygon_and_the_zones_stay():
    polygons, rows, hits = polygons_and_keys(5)
    multi = np.array([MultiPolygon([g]) if g.geom_type == "Polygon" else g for g in polygons])
    multi = snapped(multi)
    multi[3] = None  # a polygon no feature touches, let go
    several = np.flatnonzero(shapely.get_num_geometries(multi) > 1)
    converted = multi.copy()
    zones_module.single_parts(converted)
    assert converted[3] is None and len(several)
    assert all(converted[several] == multi[several])  # kept as they were
    rest = np.setdiff1d(np.flatnonzero(~shapely.is_missing(multi)), several)
    assert set(shapely.get_type_id(converted[rest])) == {int(shapely.GeometryType.POLYGON)}
    assert all(shapely.equals_exact(converted[rest], shapely.get_geometry(multi[rest], 0), 0))
    ops = Chunked(lambda: None, GRID_SIZE, 1)
    ok = hits != 3
    new = zone_unions(ops, converted[hits[ok]], rows[ok])
    assert wkb_of(new) == wkb_of(union_groups(ops, multi[hits[ok]], rows[ok]))
