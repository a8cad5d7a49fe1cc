"""叠加分析 through processing.run: areas, lengths and points against hand-computed values."""

import pytest
from layers import X0, Y0, box, memory_layer
from qgis.core import QgsProcessingException

from eco_zoning.processing_provider.algorithms.overlap_analysis import parse_buffers

ALG = "ecozoning:overlapanalysis"


def _rows(results, context):
    layer = results["OUTPUT"]  # processing.run hands memory outputs back as layers
    return {(f["source_fid"], f["constraint"]): f for f in layer.getFeatures()}, layer


@pytest.fixture
def red_line():
    # two overlapping constraint polygons covering the west half of site 1 (km 0..1 × 0..1)
    return memory_layer(
        "生态保护红线", [(box(0, 0, 0.5, 1), {}), (box(0, 0, 0.3, 1), {})], {"n": "string"}
    )


def test_polygon_share_is_not_double_counted(red_line, run_algorithm):
    sites = memory_layer(
        "项目",
        [(box(0, 0, 1, 1), {"XMMC": "化工项目"}), (box(5, 5, 6, 6), {"XMMC": "远处项目"})],
        {"XMMC": "string"},
    )
    results, _, context = run_algorithm(
        ALG, {"INPUT": sites, "NAME_FIELD": "XMMC", "CONSTRAINTS": [red_line], "OUTPUT": "memory:"}
    )
    rows, layer = _rows(results, context)
    assert len(rows) == 1  # the far project touches nothing
    row = rows[(1, "生态保护红线")]
    assert row["overlap_area_m2"] == pytest.approx(500_000, rel=1e-9)
    assert row["percent"] == pytest.approx(50.0)
    assert row["name"] == "化工项目"
    assert row.geometry().area() == pytest.approx(500_000, rel=1e-9)


def test_line_length_and_buffered_point(red_line, run_algorithm):
    pipeline = memory_layer(
        "管线",
        [(f"LINESTRING({X0 - 1000} {Y0 + 500},{X0 + 2000} {Y0 + 500})", {"XMMC": "输水管线"})],
        {"XMMC": "string"},
        "LineString",
    )
    well = memory_layer(
        "水源井", [(f"POINT({X0 + 1500} {Y0 + 500})", {})], {"n": "string"}, "Point"
    )
    results, _, context = run_algorithm(
        ALG,
        {
            "INPUT": pipeline,
            "CONSTRAINTS": [red_line, well],
            "BUFFERS": "0, 100",
            "OUTPUT": "memory:",
        },
    )
    rows, _ = _rows(results, context)
    assert rows[(1, "生态保护红线")]["overlap_length_m"] == pytest.approx(500.0)
    assert rows[(1, "生态保护红线")]["percent"] == pytest.approx(500 / 3000 * 100)
    assert rows[(1, "水源井")]["overlap_length_m"] == pytest.approx(200.0, rel=1e-3)

    points = memory_layer(
        "点",
        [(f"POINT({X0 + 100} {Y0 + 100})", {}), (f"POINT({X0 + 900} {Y0 + 100})", {})],
        {"n": "string"},
        "Point",
    )
    results, _, context = run_algorithm(
        ALG, {"INPUT": points, "CONSTRAINTS": [red_line], "OUTPUT": "memory:"}
    )
    rows, _ = _rows(results, context)
    assert list(rows) == [(1, "生态保护红线")]
    assert rows[(1, "生态保护红线")]["inside"] is True or rows[(1, "生态保护红线")]["inside"] == 1


def test_buffer_parsing_and_errors(red_line, run_algorithm):
    assert parse_buffers("", 2) == [0.0, 0.0]
    assert parse_buffers("500", 3) == [500.0] * 3
    assert parse_buffers("0，1000", 2) == [0.0, 1000.0]
    sites = memory_layer("项目", [(box(0, 0, 1, 1), {})], {"n": "string"})
    with pytest.raises(QgsProcessingException, match="one per constraint layer"):
        run_algorithm(
            ALG, {"INPUT": sites, "CONSTRAINTS": [red_line], "BUFFERS": "1,2", "OUTPUT": "memory:"}
        )


def test_role_column_and_repairs_in_the_log(red_line, run_algorithm):
    a, b = X0, Y0
    c, d = X0 + 400, Y0 + 400
    bow_tie = f"POLYGON(({a} {b},{c} {d},{c} {b},{a} {d},{a} {b}))"
    sites = memory_layer("蝴蝶形项目", [(bow_tie, {})], {"n": "string"})
    farmland = memory_layer("YJJBNT", [(box(0, 0, 1, 1), {})], {"n": "string"})
    results, feedback, context = run_algorithm(
        ALG, {"INPUT": sites, "CONSTRAINTS": [red_line, farmland], "OUTPUT": "memory:"}
    )
    rows, _ = _rows(results, context)
    assert rows[(1, "生态保护红线")]["role"] == "生态保护红线"
    assert rows[(1, "YJJBNT")]["role"] == "永久基本农田"
    assert rows[(1, "YJJBNT")]["overlap_area_m2"] == pytest.approx(80_000, rel=1e-9)
    log = "\n".join(feedback.messages)
    assert "Layer 蝴蝶形项目, feature 1: invalid geometry repaired (Self-intersection)" in log
    assert "Constraint layer YJJBNT: 永久基本农田 (guessed from its name)" in log
