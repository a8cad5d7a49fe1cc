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


# Three units of one county from a property-test case (a priority unit inside the general
# one, parks on priority land): GEOS's coverage_clean returned a valid coverage in which the
# general unit had taken 167,710 m² of the 167,733 m² priority unit.
CLEAN_LOSES_A_UNIT = "H4sIAEfKFWsC/2NkZ2BgYAZiRjYgwQRigHlAzAHEkixhvFujmxyBTIYLQs6O05y7uUH88n3zs0D8579XsoH4EZZbdoD4IHUgfqdjwlVkPpBquATha+Dgg81Htw/sGJCrWIE4xfp+6X6g5HFv85et4s6Oe0omyx0C8nd58iyaIoaw7E3gjnn5SPzTC13TMoDq0fXzMoCBw06ogxXEwQ74uR3IP3vmTIw0kG9sbMy1HephHnGwhzdtgzrwhxhCHqh/6mMxhH6g+OIrEDeAzQfq1zovBtbftgtJHmhP6W5U/Wd3I5kPk0eyH6wf5j5094OjkRk5GkWBGKirEBRSj5fOPrIHaGrGxLcHDgL5tlzXL28VwwyZPys/VoJMXXHMm70UyJ/4tsYS5qqJEFsN9kCj8RSaPIsEWH7GDiBf/OY5cT0J1GRgi8ZXlnR2tL7vfwZk36yZM29KAfmFtlzR+4D8g6cWhjJKgn0Ndr9sVIr1DaD+Ra7bbh+FhMqshUD+Gpmo3BNAPtf1xQYJQD7QHNZTQP62z39dxCH2TTiF5F6YvBcP0+5acYT+bxox503EEeYDQzX1sxjCflj4wQOXBYhhjk9LS1OrAkoWZ0y8AUoiN899v1wC5F9fXPAQFGU/gh+bNoghPAtTDzeMFxJTKPGLHv+40gcs/aCnL/T0h54+0dMvrvSNZD9K/kBPf+jux0yPbJBch1JMoBcj6MUMerGAlH4YsBU7cMukkCyDFQvo8RPQOx2Fjx4/6PGHXuygZyb0xIKemNATG3pixJVYYYkZPbGjZwb0zIKemdAzG3pmRA7cBVJgfkNBDHb+BSxlOJYyngEbHxYfKBUOlpICpSTBUtLgLIkmYinJ0OsEdPsAL/U5pBAHAAA="


@pytest.mark.parametrize("faces_path", [False, True])
def test_rebuild_keeps_every_units_area(monkeypatch, faces_path):
    import base64
    import gzip

    import shapely

    if faces_path:
        monkeypatch.setattr(coverage, "COVERAGE_CLEAN", False)
    wkb = gzip.decompress(base64.b64decode(CLEAN_LOSES_A_UNIT))
    units = np.array(shapely.get_parts(shapely.from_wkb(wkb)), dtype=object)
    out = coverage.rebuild(units, 0.001)
    assert shapely.area(out) == pytest.approx(shapely.area(units), abs=1.0)
    assert shapely.is_valid(out).all() and shapely.coverage_is_valid(out)
