"""Real-world bad input, through every algorithm: a checked result or a clear message,
never a Python traceback, and input files left exactly as they were."""

from __future__ import annotations

import hashlib
import math

import pytest
from osgeo import ogr, osr
from qgis.core import QgsProcessingException, QgsVectorLayer

from eco_zoning.plugin.core import schema

X0, Y0 = 39_500_000.0, 3_390_000.0


def _ring(points):
    return "(" + ",".join(f"{X0 + x * 1000} {Y0 + y * 1000}" for x, y in points) + ")"


def _poly(*rings):
    return "POLYGON(" + ",".join(_ring(r) for r in rings) + ")"


SQUARE = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
EAST = [(10, 0), (20, 0), (20, 10), (10, 10), (10, 0)]

# case -> (geometry type, [(wkt or None, attributes)], field types); the county layer of the case
CASES = {
    "bow_tie": (
        "Polygon",
        [(_poly([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)]), {"XZQDM": "990101"})],
    ),
    "self_touching_ring": (
        "Polygon",
        [(_poly([(0, 0), (10, 0), (10, 10), (5, 0), (0, 10), (0, 0)]), {"XZQDM": "990101"})],
    ),
    "spike": (
        "Polygon",
        [
            (
                _poly([(0, 0), (10, 0), (10, 5), (15, 5), (10, 5), (10, 10), (0, 10), (0, 0)]),
                {"XZQDM": "990101"},
            )
        ],
    ),
    "repeated_points": (
        "Polygon",
        [
            (
                _poly([(0, 0), (0, 0), (10, 0), (10, 0), (10, 10), (0, 10), (0, 0)]),
                {"XZQDM": "990101"},
            )
        ],
    ),
    "too_few_points": (
        "Polygon",
        [
            (_poly([(0, 0), (10, 10), (0, 0)]), {"XZQDM": "990101"}),
            (_poly(EAST), {"XZQDM": "990102"}),
        ],
    ),
    "null_and_empty": (
        "Polygon",
        [
            (None, {"XZQDM": "990101"}),
            ("POLYGON EMPTY", {"XZQDM": "990102"}),
            (_poly(SQUARE), {"XZQDM": "990103"}),
        ],
    ),
    "zero_area": (
        "Polygon",
        [
            (_poly([(0, 0), (10, 0), (20, 0), (0, 0)]), {"XZQDM": "990101"}),
            (_poly(EAST), {"XZQDM": "990102"}),
        ],
    ),
    "multipart_with_holes": (
        "MultiPolygon",
        [
            (
                "MULTIPOLYGON(("
                + _ring(SQUARE)
                + ","
                + _ring([(2, 2), (4, 2), (4, 4), (2, 4), (2, 2)])
                + "),("
                + _ring([(12, 0), (14, 0), (14, 2), (12, 2), (12, 0)])
                + "))",
                {"XZQDM": "990101"},
            )
        ],
    ),
    "no_features": ("Polygon", []),
    "null_code": ("Polygon", [(_poly(SQUARE), {"XZQDM": None})]),
    "short_code": ("Polygon", [(_poly(SQUARE), {"XZQDM": "99010"})]),
    "long_name": ("Polygon", [(_poly(SQUARE), {"XZQDM": "990101", "XZQMC": "超长名称" * 60})]),
    "two_zones": (
        "Polygon",
        [
            (_poly(SQUARE), {"XZQDM": "990101"}),
            (_poly([(500, 0), (510, 0), (510, 10), (500, 10), (500, 0)]), {"XZQDM": "990102"}),
        ],
    ),
}
# what each case must give through the delineation: "ok" or a fragment of the message
DELINEATION_EXPECTED = {
    "no_features": "no features",
    "null_code": "county code is missing",
    "short_code": "99010",
}


def _write_gpkg(path, layer_name, geometry_type, rows, epsg=4527, fields=("XZQDM", "XZQMC")):
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.CreateDataSource(str(path)) if not path.exists() else ogr.Open(str(path), 1)
    srs = None
    if epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
    kind = {
        "Polygon": ogr.wkbPolygon,
        "MultiPolygon": ogr.wkbMultiPolygon,
        "Unknown": ogr.wkbUnknown,
    }[geometry_type]
    layer = ds.CreateLayer(layer_name, srs, kind)
    for name in fields:
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for wkt, attributes in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for key, value in attributes.items():
            if value is not None:
                feature.SetField(key, value)
        if wkt is not None:
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    ds = None
    return f"{path}|layername={layer_name}"


def _hash(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(run_algorithm, algorithm, parameters):
    """('ok', results) or ('error', message); a Python traceback in the message fails."""
    try:
        results, feedback, _ = run_algorithm(algorithm, parameters)
    except QgsProcessingException as error:
        message = str(error)
        assert "Traceback" not in message, f"{algorithm}: traceback shown to the user:\n{message}"
        return "error", message
    return "ok", results


@pytest.mark.parametrize("case", sorted(CASES))
def test_delineation_and_statistics(case, tmp_path, run_algorithm):
    kind, rows = CASES[case]
    path = tmp_path / "输入 数据.gpkg"
    uri = _write_gpkg(path, "县界", kind, rows)
    before = _hash(path)
    outcome, value = _run(
        run_algorithm,
        "ecozoning:delineateunits",
        {
            "ADMIN": uri,
            "ADMIN_CODE_FIELD": "XZQDM",
            "ADMIN_NAME_FIELD": "XZQMC",
            "OUTPUT": str(tmp_path / "u.gpkg"),
        },
    )
    assert _hash(path) == before, "input modified"
    expected = DELINEATION_EXPECTED.get(case, "ok")
    if expected != "ok":
        assert outcome == "error" and expected in value
        assert (
            not (tmp_path / "u.gpkg").exists()
            or QgsVectorLayer(str(tmp_path / "u.gpkg")).featureCount() <= 0
        )
        return
    assert outcome == "ok", value
    units = QgsVectorLayer(value["OUTPUT"], "u", "ogr")
    assert units.featureCount() >= 1
    for f in units.getFeatures():
        assert f.geometry().isGeosValid() and not f.geometry().isEmpty()
        assert schema.DEFAULT_CODE_RULE.is_valid(f[schema.UNIT_CODE])
        assert f[schema.UNIT_AREA] > 0
    outcome, stats = _run(
        run_algorithm, "ecozoning:unitstatistics", {"UNITS": value["OUTPUT"], "OUTPUT": "memory:"}
    )
    assert outcome == "ok", stats
    shares = [
        f["share_pct"]
        for f in stats["OUTPUT"].getFeatures()
        if f["county_code"] == "000000" and f["level"] == "class"
    ]
    assert math.isclose(sum(shares), 100.0, abs_tol=0.01)


@pytest.mark.parametrize("case", sorted(CASES))
def test_checks_overlap_and_compliance_on_bad_units(case, tmp_path, run_algorithm):
    """The case's polygons as a unit layer (codes made up), a constraint and a project layer."""
    kind, rows = CASES[case]
    path = tmp_path / "单元.gpkg"
    unit_rows = [
        (
            wkt,
            {
                schema.UNIT_CODE: f"ZH{attrs.get('XZQDM') or '990101'}3000{n + 1}",
                schema.UNIT_CLASS: "3",
                schema.UNIT_COUNTY_CODE: attrs.get("XZQDM"),
            },
        )
        for n, (wkt, attrs) in enumerate(rows)
    ]
    uri = _write_gpkg(
        path,
        "units",
        kind,
        unit_rows,
        fields=(schema.UNIT_CODE, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE),
    )
    before = _hash(path)
    outcome, value = _run(
        run_algorithm, "ecozoning:checkunits", {"UNITS": uri, "OUTPUT_ERRORS": "memory:"}
    )
    if case == "no_features":
        assert outcome == "error" and "no features" in value
    else:
        assert outcome == "ok", value
        codes = {f[schema.CHK_CODE] for f in value["OUTPUT_ERRORS"].getFeatures()}
        if case in ("bow_tie", "self_touching_ring", "too_few_points"):
            assert "G01" in codes  # reported, not crashed on
        if case == "null_and_empty":
            assert "G02" in codes
    outcome, value = _run(
        run_algorithm,
        "ecozoning:overlapanalysis",
        {"INPUT": uri, "CONSTRAINTS": [uri], "OUTPUT": "memory:"},
    )
    assert outcome == "ok" or "no features" in value or "constraint" in value, value
    outcome, value = _run(
        run_algorithm,
        "ecozoning:compliance",
        {
            "PROJECT": uri,
            "INDUSTRY": "2614",
            "UNITS": uri,
            "OUTPUT": "memory:",
            "OUTPUT_PROJECTS": "memory:",
        },
    )
    if case == "no_features":
        assert outcome == "error" and "no features" in value
    else:
        assert outcome == "ok", value
        conclusions = [f["conclusion"] for f in value["OUTPUT_PROJECTS"].getFeatures()]
        assert len(conclusions) == len(rows) and set(conclusions) <= {
            "符合",
            "有条件符合",
            "不符合",
            "待补充信息",
        }
    assert _hash(path) == before, "input modified"


def test_missing_crs_is_named(tmp_path, run_algorithm):
    path = tmp_path / "nocrs.gpkg"
    uri = _write_gpkg(path, "县界", "Polygon", [(_poly(SQUARE), {"XZQDM": "990101"})], epsg=None)
    outcome, message = _run(
        run_algorithm,
        "ecozoning:delineateunits",
        {"ADMIN": uri, "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": "memory:"},
    )
    assert outcome == "error" and "coordinate reference system" in message


def test_mixed_geometry_types_in_one_layer(tmp_path, run_algorithm):
    path = tmp_path / "mixed.gpkg"
    rows = [
        (_poly(SQUARE), {"XZQDM": "990101"}),
        (f"POINT({X0 + 5000} {Y0 + 5000})", {"XZQDM": "990101"}),
        (f"LINESTRING({X0} {Y0},{X0 + 1000} {Y0 + 1000})", {"XZQDM": "990101"}),
    ]
    uri = _write_gpkg(path, "混合", "Unknown", rows)
    outcome, value = _run(
        run_algorithm,
        "ecozoning:overlapanalysis",
        {"INPUT": uri, "CONSTRAINTS": [uri], "OUTPUT": "memory:"},
    )
    assert outcome == "ok", value
    outcome, value = _run(
        run_algorithm,
        "ecozoning:delineateunits",
        {"ADMIN": uri, "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": "memory:"},
    )
    if outcome == "ok":
        areas = [f[schema.UNIT_AREA] for f in value["OUTPUT"].getFeatures()]
        assert areas == [pytest.approx(100.0)]  # the point and the line have no land
    else:
        assert "polygon" in value.lower() or "混合" in value


def test_a_million_vertices(tmp_path, run_algorithm):
    n = 1_000_000
    ring = [
        (5 + 5 * math.cos(2 * math.pi * i / n), 5 + 5 * math.sin(2 * math.pi * i / n))
        for i in range(n)
    ]
    ring.append(ring[0])
    path = tmp_path / "big.gpkg"
    uri = _write_gpkg(path, "县界", "Polygon", [(_poly(ring), {"XZQDM": "990101"})])
    outcome, value = _run(
        run_algorithm,
        "ecozoning:delineateunits",
        {"ADMIN": uri, "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": "memory:"},
    )
    assert outcome == "ok", value
    (unit,) = value["OUTPUT"].getFeatures()
    assert unit[schema.UNIT_AREA] == pytest.approx(math.pi * 25, rel=1e-4)


def test_layers_in_two_different_zones_and_an_integer_code_field(tmp_path, run_algorithm):
    """County in zone 39 with its code stored as an integer, red line delivered in zone 40."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsGeometry,
        QgsProject,
    )

    path = tmp_path / "zones.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    layer = ds.CreateLayer("县界", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("XZQDM", ogr.OFTInteger))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("XZQDM", 990101)
    feature.SetGeometryDirectly(ogr.CreateGeometryFromWkt(_poly(SQUARE)))
    layer.CreateFeature(feature)
    ds = None
    red_zone39 = QgsGeometry.fromWkt(_poly([(2, 2), (4, 2), (4, 4), (2, 4), (2, 2)]))  # 4 km²
    red_zone39.transform(
        QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:4527"),
            QgsCoordinateReferenceSystem("EPSG:4528"),
            QgsProject.instance(),
        )
    )
    red_uri = _write_gpkg(
        tmp_path / "red.gpkg", "生态保护红线", "Polygon", [(red_zone39.asWkt(6), {})], epsg=4528
    )
    before = _hash(path), _hash(tmp_path / "red.gpkg")
    outcome, value = _run(
        run_algorithm,
        "ecozoning:delineateunits",
        {
            "ADMIN": f"{path}|layername=县界",
            "ADMIN_CODE_FIELD": "XZQDM",
            "PRIORITY_LAYERS": [red_uri],
            "OUTPUT": "memory:",
        },
    )
    assert outcome == "ok", value
    areas = {f[schema.UNIT_CLASS]: f[schema.UNIT_AREA] for f in value["OUTPUT"].getFeatures()}
    assert areas[1] == pytest.approx(4.0, rel=1e-6)  # the red line, back in zone 39
    assert areas[3] == pytest.approx(96.0, rel=1e-6)
    assert {f[schema.UNIT_CODE][2:8] for f in value["OUTPUT"].getFeatures()} == {"990101"}
    assert (_hash(path), _hash(tmp_path / "red.gpkg")) == before
