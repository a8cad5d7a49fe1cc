"""ecozoning:compareversions on two versions of the sample city's units."""

from __future__ import annotations

import pytest
from versions_data import (
    PARK_CODE,
    RED_LINE_UNIT,
    make_versions,
)

ALG = "ecozoning:compareversions"


@pytest.fixture(scope="module")
def versions(processing_ready, tmp_path_factory):
    return make_versions(tmp_path_factory.mktemp("versions"))


def test_reports_exactly_the_edits_with_areas(versions, run_algorithm, tmp_path):
    v1, v2, expected = versions.v1(), versions.v2(), versions.expected
    results, _, _ = run_algorithm(
        ALG,
        {
            "OLD_UNITS": v1,
            "NEW_UNITS": v2,
            "OUTPUT": "memory:",
            "OUTPUT_SUMMARY": "memory:",
            "OUTPUT_REPORT": str(tmp_path / "report"),
        },
    )
    layer = results["OUTPUT"]
    rows = {(f["change"], f["old_codes"], f["new_codes"]): f for f in layer.getFeatures()}
    general, host = expected["red_general"], expected["park_host"]
    assert sorted(rows) == sorted(
        [
            ("geometry", RED_LINE_UNIT, RED_LINE_UNIT),
            ("geometry", general, general),
            ("reclassified", RED_LINE_UNIT, general),
            ("reclassified", general, RED_LINE_UNIT),
            ("added", "", PARK_CODE),
            ("geometry", host, host),
            ("reclassified", host, PARK_CODE),
            ("merged", ",".join(expected["merged"]), expected["merged_into"]),
        ]
    )
    red = rows[("geometry", RED_LINE_UNIT, RED_LINE_UNIT)]
    assert red["lost_m2"] == pytest.approx(expected["x"], rel=1e-3)
    assert red["gained_m2"] == pytest.approx(expected["y"], rel=1e-3)
    assert red["review"] == "需论证"
    out = rows[("reclassified", RED_LINE_UNIT, general)]
    assert out["area_m2"] == pytest.approx(expected["x"], rel=1e-3)
    assert out["review"] == "需论证"
    assert out.geometry().area() == pytest.approx(expected["x"], rel=1e-3)
    assert rows[("reclassified", general, RED_LINE_UNIT)]["review"] == ""
    assert rows[("added", "", PARK_CODE)]["area_m2"] == pytest.approx(expected["park"], rel=1e-3)
    merged = rows[("merged", ",".join(expected["merged"]), expected["merged_into"])]
    assert merged["area_m2"] == pytest.approx(expected["merged_area"], rel=1e-3)

    summary = results["OUTPUT_SUMMARY"]
    by_key = {(f["county_code"], f["unit_class"]): f for f in summary.getFeatures()}
    assert by_key[("990121", 2)]["gained_km2"] == pytest.approx(expected["park"] / 1e6, rel=1e-3)
    assert by_key[("990103", 1)]["lost_km2"] == pytest.approx(expected["x"] / 1e6, rel=1e-3)
    report = tmp_path / "report"
    page = (report / "change_report.html").read_text(encoding="utf-8")
    assert "change_map_0.png" in page and PARK_CODE in page
    assert (report / "change_map_0.png").stat().st_size > 10_000
    assert (report / "change_report.pdf").read_bytes().startswith(b"%PDF")


def test_unit_layer_without_code_field_is_refused(versions, run_algorithm):
    from layers import box, memory_layer
    from qgis.core import QgsProcessingException

    v1 = versions.uri()
    bad = memory_layer("无编码图层", [(box(0, 0, 1, 1), {"MC": "x"})], {"MC": "string"})
    with pytest.raises(QgsProcessingException, match="无编码图层|HJZHGKDYBM"):
        run_algorithm(ALG, {"OLD_UNITS": v1, "NEW_UNITS": bad, "OUTPUT": "memory:"})
