"""Clean coverages (plugin.core.coverage): slivers between neighbours, delivery repairs."""

from __future__ import annotations

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")

from plugin.core import area, coverage  # noqa: E402

X0, Y0 = 39_500_000.0, 3_390_000.0


def _grid_of_cells(n=4, size=1000.0):
    """n × n square cells whose shared edges carry extra vertices on one side only and
    are nudged by up to 0.4 mm, differently in each cell: overlap and gap slivers between
    neighbours, as separate overlays leave them."""
    rng = np.random.default_rng(3)
    cells = []
    for i in range(n):
        for j in range(n):
            x, y = X0 + i * size, Y0 + j * size
            ring = [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]
            cell = shapely.segmentize(shapely.Polygon(ring), 97.0 + 3 * ((i + j) % 3))
            phase = rng.uniform(0, 2 * np.pi, 2)

            def nudge(xy, phase=phase):
                return xy + 4e-4 * np.sin(xy[:, ::-1] * 0.0731 + phase)

            cells.append(shapely.transform(cell, nudge))
    return np.array(cells, dtype=object)


def _overlap_area(geoms):
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    a, b = a[a < b], b[a < b]
    return shapely.area(shapely.intersection(geoms[a], geoms[b]))


@pytest.mark.parametrize("geos_cleaner", [False, True])
def test_rebuild_leaves_an_edge_matched_valid_coverage_with_the_same_total(
    geos_cleaner, monkeypatch
):
    # both ways: the plugin's own faces, and GEOS's coverage cleaner where GEOS has one
    if geos_cleaner and not coverage.COVERAGE_CLEAN:
        geos_cleaner = False  # older GEOS: the faces path is the only one, tested as False
    monkeypatch.setattr(coverage, "COVERAGE_CLEAN", geos_cleaner)
    cells = _grid_of_cells()
    assert _overlap_area(cells).max() > 1e-3  # there are slivers to begin with
    out = coverage.rebuild(cells, 0.001)
    assert shapely.is_valid(out).all()
    assert shapely.coverage_is_valid(out)
    assert _overlap_area(out).max() < 1e-9
    union = shapely.union_all(out)
    assert shapely.get_num_interior_rings(union) == 0  # gap slivers closed
    assert union.area == pytest.approx(4000.0 * 4000.0, abs=5.0)
    # every cell keeps its land, give or take its slivers
    assert np.abs(shapely.area(out) - 1e6).max() < 1.0


def test_clean_coverage_in_degrees_repairs_what_reprojection_broke():
    cells = coverage.rebuild(_grid_of_cells(), 0.001)

    # a needle vertex 0.02 mm off a neighbour's edge: fine in metres, crosses once rounded
    def to_lonlat(xy):
        return np.column_stack(area.gk_inverse(xy[:, 0], xy[:, 1], 39))

    geo = shapely.transform(cells, to_lonlat)
    spike = shapely.get_coordinates(geo[5])
    spike[3] += [3e-10, -3e-10]
    geo[5] = shapely.Polygon(spike) if shapely.get_num_interior_rings(geo[5]) == 0 else geo[5]
    out, report = coverage.clean_coverage(geo, coverage.grid_for(True))
    assert shapely.is_valid(out).all()
    over = area.official_area_m2(shapely.intersection(out[:-1], out[1:]), 4490)
    assert over.max() <= 0.01
    assert len(report.repaired) <= len(out)
    assert len(report.remaining) == 0
    # untouched input passes as it is, only rounded to the grid
    again, report = coverage.clean_coverage(out, coverage.grid_for(True))
    assert report.rounds == 0
    assert all(a.equals_exact(b, 0) for a, b in zip(again, out))
