"""ecozoning:overlapanalysis in PostGIS equals the run in QGIS on the same data.

The data lie in EPSG:4490 across the boundary of the CGCS2000 3° zones 39 and 40, so the
official area of each overlap is taken in its own zone (the working CRS is one of the two):
the database must follow the same per-feature zone rule to agree to 1e-5.
"""

from __future__ import annotations

import math

import pytest
from layers import memory_layer
from pgdata import load
from qgis.core import QgsProcessingException

MODE_AUTO, MODE_QGIS, MODE_DATABASE = 0, 1, 2
LON0, LAT0 = 118.30, 30.60  # zone 39 (117°E) west of 118.5°E, zone 40 (120°E) east of it
D = 0.02  # degrees, about 2 km


def _rect(x1, y1, x2, y2):
    return f"POLYGON(({x1} {y1},{x2} {y1},{x2} {y2},{x1} {y2},{x1} {y1}))"


def _ring(cx, cy, r, n):
    pts = [
        (cx + r * math.cos(2 * math.pi * k / n), cy + r * math.sin(2 * math.pi * k / n))
        for k in range(n)
    ]
    return "POLYGON((" + ",".join(f"{x} {y}" for x, y in [*pts, pts[0]]) + "))"


def _polygons():
    """A 14 × 3 row of 2 km parcels across the zone boundary, plus a bow-tie (repaired)."""
    rows = []
    for i in range(14):
        for j in range(3):
            x, y = LON0 + i * D, LAT0 + j * D
            rows.append((_rect(x, y, x + D, y + D), {"name": f"地块{i}-{j}"}))
    x, y = LON0 + 0.05, LAT0 + 0.07
    bow = f"POLYGON(({x} {y},{x + 0.01} {y + 0.01},{x + 0.01} {y},{x} {y + 0.01},{x} {y}))"
    rows.append((bow, {"name": "自交"}))
    return memory_layer("项目用地", rows, {"name": "string"}, crs="EPSG:4490")


def _lines():
    rows = [
        (
            f"LINESTRING({LON0 - 0.01} {LAT0 + k * 0.013},{LON0 + 0.29} {LAT0 + 0.01 + k * 0.013})",
            {"name": f"管线{k}"},
        )
        for k in range(5)
    ]
    inside = f"LINESTRING({LON0 + 0.19} {LAT0 + 0.04},{LON0 + 0.21} {LAT0 + 0.045})"
    rows.append((inside, {"name": "短管"}))
    return memory_layer("管线", rows, {"name": "string"}, "LineString", crs="EPSG:4490")


def _points():
    rows = [
        (f"POINT({LON0 + k * 0.0137} {LAT0 + 0.005 + (k % 5) * 0.011})", {"name": f"井{k}"})
        for k in range(22)
    ]
    return memory_layer("监测井", rows, {"name": "string"}, "Point", crs="EPSG:4490")


def _red_line():
    """Overlapping constraint polygons (counted once): a 3,000-vertex circle straddling the
    zone boundary and a strip across it."""
    rows = [
        (_ring(LON0 + 0.2, LAT0 + 0.03, 0.045, 3000), {"name": "圆"}),
        (_rect(LON0 + 0.12, LAT0 + 0.01, LON0 + 0.27, LAT0 + 0.025), {"name": "带"}),
    ]
    return memory_layer("生态保护红线", rows, {"name": "string"}, crs="EPSG:4490")


def _wells():
    """Points, used with a buffer (points buffered into protection zones)."""
    rows = [
        (f"POINT({LON0 + 0.03 + k * 0.05} {LAT0 + 0.02})", {"name": f"水源{k}"}) for k in range(5)
    ]
    return memory_layer("水源地", rows, {"name": "string"}, "Point", crs="EPSG:4490")


def _number(value):
    """A float, or None for NULL (QGIS gives a null QVariant)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return float(value)


def _rows(layer):
    return sorted(
        (
            f["source_fid"],
            f["name"],
            f["constraint"],
            f["role"],
            _number(f["overlap_area_m2"]),
            _number(f["overlap_length_m"]),
            bool(f["inside"]),
            float(f["percent"]),
        )
        for f in layer.getFeatures()
    )


def _same(got, expected):
    assert len(got) == len(expected) > 0
    for a, b in zip(got, expected):
        assert a[:4] == b[:4] and a[6] == b[6]
        for x, y in zip((a[4], a[5], a[7]), (b[4], b[5], b[7])):
            if y is None:
                assert x is None
            else:
                assert x == pytest.approx(y, rel=1e-5, abs=1e-6), (a, b)


@pytest.fixture
def constraints(pg_info, pg_schema):
    return [
        load(_red_line(), pg_info, pg_schema, "生态保护红线"),
        load(_wells(), pg_info, pg_schema, "水源地"),
    ]


@pytest.mark.parametrize("make", [_polygons, _lines, _points], ids=["polygons", "lines", "points"])
def test_database_mode_equals_qgis_mode(make, run_algorithm, pg_info, pg_schema, constraints):
    features = load(make(), pg_info, pg_schema, "features")
    params = {
        "INPUT": features,
        "NAME_FIELD": "name",
        "CONSTRAINTS": constraints,
        "BUFFERS": "0, 600",
        "OUTPUT": "memory:",
    }
    in_db, feedback, _ = run_algorithm(
        "ecozoning:overlapanalysis", {**params, "MODE": MODE_DATABASE}
    )
    assert "Overlap analysis runs in the database." in feedback.messages
    in_qgis, qgis_feedback, _ = run_algorithm(
        "ecozoning:overlapanalysis", {**params, "MODE": MODE_QGIS}
    )
    got, expected = _rows(in_db["OUTPUT"]), _rows(in_qgis["OUTPUT"])
    assert {r[2] for r in expected} == {"生态保护红线", "水源地"}
    _same(got, expected)
    assert any(r[7] == 100 for r in expected)
    assert make is _points or any(r[7] < 100 for r in expected)
    logged = [sorted(m for m in f.messages if "repaired" in m) for f in (feedback, qgis_feedback)]
    assert logged[0] == logged[1]
    if make is _polygons:
        assert logged[0], "the bow-tie is repaired and logged"


def test_automatic_mode_uses_the_database_for_postgis_layers(
    run_algorithm, pg_info, pg_schema, constraints
):
    features = load(_polygons(), pg_info, pg_schema, "features")
    params = {"INPUT": features, "CONSTRAINTS": constraints, "OUTPUT": "memory:"}
    _, feedback, _ = run_algorithm("ecozoning:overlapanalysis", {**params, "MODE": MODE_AUTO})
    assert "Overlap analysis runs in the database." in feedback.messages
    _, feedback, _ = run_algorithm(
        "ecozoning:overlapanalysis", {**params, "INPUT": _polygons(), "MODE": MODE_AUTO}
    )
    assert "Overlap analysis runs in the database." not in feedback.messages


def test_database_mode_refuses_layers_outside_postgis(run_algorithm, constraints):
    params = {"INPUT": _polygons(), "CONSTRAINTS": constraints, "OUTPUT": "memory:"}
    with pytest.raises(QgsProcessingException, match="not all PostGIS tables on one connection"):
        run_algorithm("ecozoning:overlapanalysis", {**params, "MODE": MODE_DATABASE})


def _parcels():
    """Farmland-like parcels: a 20 × 5 grid of disjoint small squares (gathered without a
    union in the database), two sharing an edge and two overlapping (unioned), so that one
    feature's zone holds both kinds."""
    rows, s = [], D / 4
    for i in range(20):
        for j in range(5):
            x, y = LON0 + 0.005 + i * 0.7 * D, LAT0 + 0.003 + j * 0.6 * D
            rows.append((_rect(x, y, x + s, y + s * 0.8), {"name": f"田{i}-{j}"}))
    x, y = LON0 + 0.031, LAT0 + 0.051
    rows.append((_rect(x, y, x + s, y + s), {"name": "邻甲"}))
    rows.append((_rect(x + s, y, x + 2 * s, y + s), {"name": "邻乙"}))  # shares an edge
    rows.append((_rect(x + 0.2 * s, y + 0.5 * s, x + 1.5 * s, y + 1.4 * s), {"name": "叠"}))
    return memory_layer("永久基本农田", rows, {"name": "string"}, crs="EPSG:4490")


def test_disjoint_and_touching_parcels_equal_qgis_mode(run_algorithm, pg_info, pg_schema):
    """The database gathers parcels touching no other as they are and unions only touching
    ones; the areas equal the run in QGIS, which unions per feature (counted once)."""
    params = {
        "INPUT": load(_polygons(), pg_info, pg_schema, "features"),
        "NAME_FIELD": "name",
        "CONSTRAINTS": [load(_parcels(), pg_info, pg_schema, "永久基本农田")],
        "OUTPUT": "memory:",
    }
    in_db, feedback, _ = run_algorithm(
        "ecozoning:overlapanalysis", {**params, "MODE": MODE_DATABASE}
    )
    assert "Overlap analysis runs in the database." in feedback.messages
    in_qgis, _, _ = run_algorithm("ecozoning:overlapanalysis", {**params, "MODE": MODE_QGIS})
    got, expected = _rows(in_db["OUTPUT"]), _rows(in_qgis["OUTPUT"])
    _same(got, expected)
    assert len(expected) >= 30 and any(r[7] < 100 for r in expected)
