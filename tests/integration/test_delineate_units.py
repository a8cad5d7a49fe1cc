"""环境管控单元划定 through processing.run, on hand-made layers with known areas."""

import pytest
from layers import box, memory_layer, two_counties
from qgis.core import QgsProcessingException, QgsVectorLayer

from eco_zoning.plugin.core import schema

ALG = "ecozoning:delineateunits"


@pytest.fixture
def sources():
    red_line = memory_layer(
        "生态保护红线",
        # 4 km × 2 km strip across the county border, and an invalid bow-tie, and a null geometry
        [
            (box(8, 6, 12, 8), {"HXMC": "红线1"}),
            (
                "POLYGON((39501000 3390000,39502000 3391000,39502000 3390000,39501000 3391000,39501000 3390000))",
                {"HXMC": "领结"},
            ),
            (None, {"HXMC": "空"}),
        ],
        {"HXMC": "string"},
    )
    parks = memory_layer(
        "产业园区",
        [
            (box(2, 2, 5, 4), {"YQMC": "西县经济开发区"}),
            (box(11, 7, 14, 9), {"YQMC": "东县化工园区"}),
        ],
        {"YQMC": "string"},
    )
    urban = memory_layer(
        "城镇开发边界", [(box(14, 0, 17, 3), {"MC": "东县城区"})], {"MC": "string"}
    )
    return two_counties(), red_line, parks, urban


def _units(results):
    layer = results["OUTPUT"]
    if isinstance(layer, str):
        layer = QgsVectorLayer(layer, "units", "ogr")
    return {f[schema.UNIT_CODE]: f for f in layer.getFeatures()}, layer


def test_delineation_partitions_counties_with_codes_and_areas(sources, run_algorithm, tmp_path):
    admin, red_line, parks, urban = sources
    results, feedback, context = run_algorithm(
        ALG,
        {
            "ADMIN": admin,
            "ADMIN_CODE_FIELD": "XZQDM",
            "ADMIN_NAME_FIELD": "XZQMC",
            "PRIORITY_LAYERS": [red_line],
            "PARKS": parks,
            "PARK_NAME_FIELD": "YQMC",
            "KEY_LAYERS": [urban],
            "PROVINCE": "测试省",
            "CITY": "测试市",
            "OUTPUT": str(tmp_path / "units.gpkg"),
            "OUTPUT_LOG": str(tmp_path / "log.gpkg"),
        },
    )
    units, layer = _units(results)
    assert layer.crs().authid() == "EPSG:4527"
    assert all(schema.DEFAULT_CODE_RULE.is_valid(code) for code in units)
    area = {code: f[schema.UNIT_AREA] for code, f in units.items()}
    assert sum(area.values()) == pytest.approx(200.0, rel=1e-9)  # two 100 km² counties
    by_name = {f[schema.UNIT_NAME]: f for f in units.values()}
    # red line: 2 km × 2 km in each county (the bow-tie's two triangles add 0.5 km² in the west)
    assert by_name["西县生态保护红线优先保护单元"][schema.UNIT_AREA] == pytest.approx(4.5, rel=1e-6)
    assert by_name["东县生态保护红线优先保护单元"][schema.UNIT_AREA] == pytest.approx(4.0, rel=1e-6)
    # the east park loses its 1 km × 1 km corner on the red line
    assert by_name["东县化工园区重点管控单元"][schema.UNIT_AREA] == pytest.approx(5.0, rel=1e-6)
    assert by_name["西县经济开发区重点管控单元"][schema.UNIT_AREA] == pytest.approx(6.0, rel=1e-6)
    assert by_name["东县城镇开发边界重点管控单元"][schema.UNIT_AREA] == pytest.approx(9.0, rel=1e-6)
    assert by_name["西县一般管控单元"][schema.UNIT_AREA] == pytest.approx(100 - 4.5 - 6, rel=1e-6)
    for f in units.values():
        code = f[schema.UNIT_CODE]
        assert code[2:8] == f[schema.UNIT_COUNTY_CODE]
        assert int(code[8]) == f[schema.UNIT_CLASS]
        assert f[schema.UNIT_PROVINCE] == "测试省" and f[schema.UNIT_CITY] == "测试市"
        assert f.geometry().isGeosValid()
    log = QgsVectorLayer(results["OUTPUT_LOG"], "log", "ogr")
    actions = [(f["action"], f["layer"]) for f in log.getFeatures()]
    assert {f["source_fid"] for f in log.getFeatures() if f["action"] == "repaired"} == {2}
    assert ("repaired", "生态保护红线") in actions
    assert ("dropped_empty", "生态保护红线") in actions
    assert any(a == "conflict_park_priority" for a, _ in actions)


def test_geographic_input_is_computed_in_its_gauss_kruger_zone(run_algorithm, tmp_path):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsGeometry,
        QgsProject,
    )

    cell_wkt = (
        "POLYGON((117 30.5,117.1 30.5,117.1 30.6,117 30.6,117 30.5))"  # at zone 39's meridian
    )
    admin = memory_layer(
        "县", [(cell_wkt, {"XZQDM": "990101"})], {"XZQDM": "string"}, crs="EPSG:4490"
    )
    results, feedback, _ = run_algorithm(
        ALG, {"ADMIN": admin, "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": str(tmp_path / "u.gpkg")}
    )
    units, layer = _units(results)
    assert layer.crs().authid() == "EPSG:4490"
    (unit,) = units.values()
    cell = QgsGeometry.fromWkt(cell_wkt)
    cell.transform(
        QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:4490"),
            QgsCoordinateReferenceSystem("EPSG:4527"),
            QgsProject.instance(),
        )
    )
    assert unit[schema.UNIT_AREA] == pytest.approx(cell.area() / 1e6, rel=1e-4)
    assert any("EPSG:4527" in m for m in feedback.messages)


@pytest.mark.parametrize(
    "rows, message",
    [
        ([(box(0, 0, 1, 1), {"XZQDM": "9901"})], "县界.*feature 1.*9901"),
        ([(box(0, 0, 1, 1), {"XZQDM": None})], "县界.*feature 1: county code is missing"),
    ],
)
def test_bad_county_codes_are_named(rows, message, run_algorithm):
    admin = memory_layer("县界", rows, {"XZQDM": "string"})
    with pytest.raises(QgsProcessingException, match=message):
        run_algorithm(ALG, {"ADMIN": admin, "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": "memory:"})


def test_missing_code_field_and_empty_layer(run_algorithm):
    empty = memory_layer("空县界", [], {"XZQDM": "string"})
    with pytest.raises(QgsProcessingException, match="no features"):
        run_algorithm(ALG, {"ADMIN": empty, "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": "memory:"})
    with pytest.raises(QgsProcessingException, match="NOPE"):
        run_algorithm(
            ALG, {"ADMIN": two_counties(), "ADMIN_CODE_FIELD": "NOPE", "OUTPUT": "memory:"}
        )


def test_statistics_of_delineated_units(sources, run_algorithm, tmp_path):
    admin, red_line, parks, urban = sources
    results, _, _ = run_algorithm(
        ALG,
        {
            "ADMIN": admin,
            "ADMIN_CODE_FIELD": "XZQDM",
            "ADMIN_NAME_FIELD": "XZQMC",
            "PRIORITY_LAYERS": [red_line],
            "PARKS": parks,
            "PARK_NAME_FIELD": "YQMC",
            "KEY_LAYERS": [urban],
            "OUTPUT": str(tmp_path / "units.gpkg"),
        },
    )
    html = tmp_path / "统计.html"
    stats, feedback, _ = run_algorithm(
        "ecozoning:unitstatistics",
        {
            "UNITS": results["OUTPUT"],
            "OUTPUT": str(tmp_path / "stats.gpkg"),
            "OUTPUT_HTML": str(html),
        },
    )
    table = QgsVectorLayer(stats["OUTPUT"], "stats", "ogr")
    rows = {(f["county_code"], f["level"], f["unit_class"]): f for f in table.getFeatures()}
    west_general = rows[("990101", "class", 3)]
    assert west_general["area_km2"] == pytest.approx(89.5, rel=1e-6)
    assert west_general["share_pct"] == pytest.approx(89.5)
    assert rows[("000000", "class", 1)]["area_km2"] == pytest.approx(8.5, rel=1e-6)
    assert rows[("000000", "class", 1)]["share_pct"] == pytest.approx(4.25)
    assert "<svg" in html.read_text(encoding="utf-8")
