"""ecozoning:updateunits: a red-line patch moved in one county."""

from __future__ import annotations

import pytest
from qgis.core import QgsProcessingException
from versions_data import (
    KEY,
    PRIORITY,
    SAMPLE,
    delineation_parameters,
    features_by_code,
    make_versions,
    moved_red_line,
    sample_layer,
)

ALG = "ecozoning:updateunits"


@pytest.fixture(scope="module")
def current(processing_ready, tmp_path_factory):
    return make_versions(tmp_path_factory.mktemp("update"))


def update_parameters(units, new_red_line, **extra):
    parameters = delineation_parameters("memory:")
    del parameters["OUTPUT"], parameters["OUTPUT_CRS"]
    parameters["PRIORITY_LAYERS"] = [new_red_line] + [
        sample_layer(t, n) for t, n in PRIORITY if t != "red_line"
    ]
    parameters["KEY_LAYERS"] = [sample_layer(t, n) for t, n in KEY]
    parameters.update(
        UNITS=units,
        CHANGED_OLD=[sample_layer("red_line", "生态保护红线")],
        CHANGED_NEW=[new_red_line],
        OUTPUT="memory:",
        OUTPUT_IMPACT="memory:",
        OUTPUT_CHANGES="memory:",
    )
    parameters.update(extra)
    return parameters


def test_only_the_changed_county_is_delineated_again(current, run_algorithm, tmp_path):
    units = current.v1()
    new_red_line = moved_red_line()
    results, feedback, _ = run_algorithm(
        ALG, update_parameters(units, new_red_line, OUTPUT_REPORT=str(tmp_path / "report"))
    )
    impact = list(results["OUTPUT_IMPACT"].getFeatures())
    assert impact and {f["XZQDM"] for f in impact} == {"990103"}
    red = [f for f in impact if f["HJZHGKDYBM"] == "ZH99010310001"]
    # the patch leaves part of the red-line unit, and new red line falls on other units
    assert red and red[0]["lost_m2"] > 1000
    assert sum(f["gained_m2"] for f in impact) > 1000
    assert sum(f["gained_m2"] for f in impact) == pytest.approx(
        sum(f["lost_m2"] for f in impact), rel=0.05
    )

    before, after = features_by_code(units), features_by_code(results["OUTPUT"])
    for code, feature in before.items():
        if code[2:8] != "990103":
            assert after[code] == feature, code  # attributes and geometry WKB identical
    touched_before = {c for c in before if c[2:8] == "990103"}
    touched_after = {c for c in after if c[2:8] == "990103"}
    assert "ZH99010310001" in touched_after  # the red-line unit keeps its code
    assert touched_after & touched_before
    assert after["ZH99010310001"] != before["ZH99010310001"]

    changes = list(results["OUTPUT_CHANGES"].getFeatures())
    assert changes and {f["county_code"] for f in changes} == {"990103"}
    assert {f["change"] for f in changes} == {"geometry", "reclassified"}  # no unit added
    out = [f for f in changes if f["change"] == "reclassified" and f["old_class"] == 1]
    assert out and all(f["review"] == "需论证" for f in out)
    assert (tmp_path / "report" / "change_report.html").is_file()
    assert any("990103" in m for m in feedback.messages)


def test_unchanged_layer_keeps_every_unit(current, run_algorithm):
    units = current.v1()
    same = sample_layer("red_line", "生态保护红线")
    results, _, _ = run_algorithm(ALG, update_parameters(units, same))
    assert features_by_code(results["OUTPUT"]) == features_by_code(units)
    assert results["OUTPUT_CHANGES"].featureCount() == 0


def test_unpaired_changed_layers_are_refused(current, run_algorithm):
    # layers as URIs: a layer object held by the kept traceback would outlive QGIS
    parameters = {
        "UNITS": current.uri(),
        "CHANGED_OLD": [],
        "CHANGED_NEW": [f"{SAMPLE}|layername=red_line"],
        "ADMIN": f"{SAMPLE}|layername=county",
        "ADMIN_CODE_FIELD": "XZQDM",
        "OUTPUT": "memory:",
    }
    with pytest.raises(QgsProcessingException, match="0"):
        run_algorithm(ALG, parameters)


def test_a_code_of_an_earlier_version_is_never_given_again(
    processing_ready, run_algorithm, tmp_path
):
    """The highest general unit of 枫渡区 was retired after version 1 was saved: the land
    delineated again in its place gets a new serial, not the retired code."""
    from qgis.core import QgsVectorLayer

    versions = make_versions(tmp_path)
    database = versions.database
    run_algorithm(
        "ecozoning:saveversion",
        {
            "DATABASE": str(database),
            "VERSION_ID": "v1",
            "TITLE": "岚溪市生态环境分区管控成果",
            "DOC_NUMBER": "岚环发〔2025〕1号",
            "PUBLISHED_ON": "2025-03-01",
            "KIND": 0,
            "UNITS": versions.uri(),
        },
    )
    units = QgsVectorLayer(versions.uri(), "units", "ogr")
    general = sorted(
        (f["HJZHGKDYBM"], f.id()) for f in units.getFeatures() if f["HJZHGKDYBM"][2:9] == "9901033"
    )
    retired, fid = general[-1]
    assert units.dataProvider().deleteFeatures([fid])
    del units

    units = QgsVectorLayer(versions.uri(), "units", "ogr")
    results, _, _ = run_algorithm(ALG, update_parameters(units, moved_red_line()))
    after = {f["HJZHGKDYBM"] for f in results["OUTPUT"].getFeatures()}
    new = {c for c in after if c[2:9] == "9901033"} - {c for c, _ in general}
    assert retired not in after
    assert new and min(int(c[-4:]) for c in new) > int(retired[-4:])

    # delineateunits with these units as PREVIOUS reserves the database's codes too
    parameters = delineation_parameters("memory:")
    parameters["PREVIOUS"] = versions.uri()
    results, _, _ = run_algorithm("ecozoning:delineateunits", parameters)
    again = {f["HJZHGKDYBM"] for f in results["OUTPUT"].getFeatures()}
    assert retired not in again
    assert {c for c in again if c[2:9] == "9901033"} - {c for c, _ in general}
