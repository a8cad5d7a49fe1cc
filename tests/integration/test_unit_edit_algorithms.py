"""拆分 / 合并 / 局部调整分类 through processing.run on real-shaped units."""

from __future__ import annotations

import json

import pytest
import shapely
from editing_layers import assert_layer_tiles, layer_geometries, real_county
from layers import memory_layer
from qgis.core import QgsProcessingException

from tests.core.editing_data import crossing_line

RULE_PREFIX = "ZH"


def wkt(g) -> str:
    return shapely.to_wkt(g)


def journal_rows(results):
    layer = results["JOURNAL"]
    return [
        {k: f[k] for k in ("operation", "units_before", "units_after", "retired_codes", "reason")}
        for f in layer.getFeatures()
    ]


def test_split_by_lines_writes_units_and_journal(run_algorithm):
    state, county, units = real_county()
    biggest = max(range(len(state.geometries)), key=lambda i: state.geometries[i].area)
    line = crossing_line(state.geometries[biggest], 0.4)
    lines = memory_layer("分割线", [(wkt(line), {})], {"n": "integer"}, "LineString")
    results, feedback, _ = run_algorithm(
        "ecozoning:splitunits",
        {
            "UNITS": units,
            "SHAPES": lines,
            "REASON": "道路",
            "OUTPUT": "memory:",
            "JOURNAL": "memory:",
        },
    )
    out = results["OUTPUT"]
    assert out.featureCount() > units.featureCount()
    assert_layer_tiles(out, county)
    rows = journal_rows(results)
    assert rows and all(r["operation"] == "split" and r["reason"] == "道路" for r in rows)
    after = {u["code"] for r in rows for u in json.loads(r["units_after"])}
    written = layer_geometries(out)
    for code in after:
        g, _, mj = written[code]
        assert mj == pytest.approx(g.area / 1e6, rel=1e-9)
    assert len(set(written)) == out.featureCount()


def test_merge_and_reclassify_by_polygons(run_algorithm):
    state, county, units = real_county()
    area = shapely.buffer(county.centroid, 2500.0)
    polys = memory_layer("合并范围", [(wkt(area), {})], {"n": "integer"})
    results, _, _ = run_algorithm(
        "ecozoning:mergeunits",
        {"UNITS": units, "SHAPES": polys, "OUTPUT": "memory:", "JOURNAL": "memory:"},
    )
    merged = results["OUTPUT"]
    assert merged.featureCount() < units.featureCount()
    assert_layer_tiles(merged, county)
    retired = {c for r in journal_rows(results) for c in r["retired_codes"].split(",")}
    assert retired and not retired & set(layer_geometries(merged))
    patch = memory_layer(
        "调整范围", [(wkt(shapely.buffer(county.centroid, 300.0)), {})], {"n": "integer"}
    )
    results, _, _ = run_algorithm(
        "ecozoning:reclassifyunits",
        {
            "UNITS": merged,
            "SHAPES": patch,
            "NEW_CLASS": 0,
            "OUTPUT": "memory:",
            "JOURNAL": "memory:",
        },
    )
    (row,) = journal_rows(results)
    new = json.loads(row["units_after"])[-1]
    assert new["class"] == 1 and new["code"].startswith(RULE_PREFIX + state.county_code + "1")
    assert_layer_tiles(results["OUTPUT"], county)


def test_units_without_county_code_are_refused_by_name(run_algorithm):
    state, county, units = real_county()
    units.startEditing()
    f = next(units.getFeatures())
    units.changeAttributeValue(f.id(), units.fields().indexOf("XZQDM"), "")
    units.commitChanges()
    lines = memory_layer(
        "分割线", [(wkt(crossing_line(county)), {})], {"n": "integer"}, "LineString"
    )
    with pytest.raises(QgsProcessingException, match=str(f.id())):
        run_algorithm(
            "ecozoning:splitunits",
            {"UNITS": units, "SHAPES": lines, "OUTPUT": "memory:", "JOURNAL": "memory:"},
        )
