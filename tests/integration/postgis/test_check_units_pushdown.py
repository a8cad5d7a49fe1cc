"""ecozoning:checkunits with the red-line checks in PostGIS equals the run in QGIS."""

from __future__ import annotations

import pytest
from pgdata import load
from qgis.core import QgsProcessingException
from test_pushdown_checks import LAYERS, _counties, _red_line, _units

MODE_QGIS, MODE_DATABASE = 1, 2


def _rows(layer):
    return sorted(
        (f["check_code"], f["unit_codes"] or "", f["county_code"] or "", float(f["area_m2"]))
        for f in layer.getFeatures()
    )


PARAMETERS = {
    "red_line": "RED_LINE",
    "farmland": "FARMLAND",
    "urban_boundary": "URBAN_BOUNDARY",
    "parks": "PARKS",
}


def _params(units, red, mode, **layers):
    return {
        "UNITS": units,
        "RED_LINE": red,
        **{PARAMETERS[name]: layer for name, layer in layers.items()},
        "MODE": mode,
        "OUTPUT_ERRORS": "memory:",
        "OUTPUT_SUMMARY": "memory:",
    }


def _repairs(feedback):
    return sorted(m for m in feedback.messages if "repaired" in m or "left out" in m)


def test_database_mode_equals_qgis_mode(run_algorithm, pg_info, pg_schema):
    units = load(_units(), pg_info, pg_schema, "units")
    layers = {name: load(make(), pg_info, pg_schema, name) for name, make in LAYERS.items()}
    red = layers.pop("red_line")
    params = {
        **_params(units, red, MODE_DATABASE, **layers),
        "ADMIN": _counties(),
        "ADMIN_CODE_FIELD": "XZQDM",
    }
    in_db, feedback, _ = run_algorithm("ecozoning:checkunits", params)
    assert any("in the database" in m for m in feedback.messages)
    in_qgis, qgis_feedback, _ = run_algorithm("ecozoning:checkunits", {**params, "MODE": MODE_QGIS})
    got = _rows(in_db["OUTPUT_ERRORS"])
    expected = _rows(in_qgis["OUTPUT_ERRORS"])
    codes = [r[0] for r in expected]
    for code in ("R01", "R02", "S01", "S02", "T04"):
        assert codes.count(code) > 0, code
    assert any(r[0] == "R01" and r[1] == "" for r in expected), "red line outside every unit"
    # the small priority unit on the red line is no sliver; the other one is
    t04 = {r[1] for r in expected if r[0] == "T04"}
    assert "ZH990119004" in t04 and "ZH990119003" not in t04
    # the farmland's self-intersecting parcel is repaired and logged both ways
    assert _repairs(feedback) == _repairs(qgis_feedback) != []
    assert [r[:3] for r in got] == [r[:3] for r in expected]
    for (_, _, _, a), (_, _, _, b) in zip(got, expected):
        assert a == pytest.approx(b, rel=1e-3, abs=1e-6)
    db_summary, qgis_summary = (
        {f["check_code"]: (f["count"], f["area_m2"]) for f in r["OUTPUT_SUMMARY"].getFeatures()}
        for r in (in_db, in_qgis)
    )
    assert db_summary.keys() == qgis_summary.keys()
    for code, (count, area) in qgis_summary.items():
        assert db_summary[code][0] == count, code
        assert db_summary[code][1] == pytest.approx(area, rel=1e-3, abs=1e-6), code


def test_database_mode_refuses_layers_outside_postgis(run_algorithm):
    with pytest.raises(QgsProcessingException, match="cannot run in the database"):
        run_algorithm("ecozoning:checkunits", _params(_units(), _red_line(), MODE_DATABASE))


def test_a_filtered_layer_runs_in_qgis(run_algorithm, pg_info, pg_schema):
    """A layer filter is the user's SQL: the automatic mode says so and runs in QGIS, the
    database mode refuses with the layer's name."""
    units = load(_units(), pg_info, pg_schema, "units")
    red = load(_red_line(), pg_info, pg_schema, "red_line")
    red.setSubsetString("\"name\" <> '圆'")
    _, feedback, _ = run_algorithm("ecozoning:checkunits", _params(units, red, 0))
    assert any("run in QGIS" in m and "has a filter" in m for m in feedback.messages)
    with pytest.raises(QgsProcessingException, match="red_line has a filter"):
        run_algorithm("ecozoning:checkunits", _params(units, red, MODE_DATABASE))
