"""ecozoning:screenleads with units, constraints and source layers in PostGIS equals the run
in QGIS: the same leads (reasons, units, requirements, severities, keys), the same counts per
source layer, county and unit, areas within 0.1 %.

In the database mode the source tables themselves probe the unit and constraint tables there;
only the units and the subdivided constraint pieces near a source feature are read. Hostile
table names stay names.
"""

from __future__ import annotations

import pytest
from layers import X0, Y0, memory_layer
from pgdata import load
from qgis.core import QgsProcessingException
from test_compliance_pushdown import _access, _same, _table
from test_pushdown_checks import _farmland, _rect, _red_line, _units

from eco_zoning.plugin.adapters.postgis import connection, sql

ALG = "ecozoning:screenleads"
MODE_AUTO, MODE_QGIS, MODE_DATABASE = 0, 1, 2
OUTPUTS = ("OUTPUT", "OUTPUT_COUNTIES", "OUTPUT_UNITS")
FIRM_FIELDS = {"TYSHXYDM": "string", "HYDM": "string", "RQ": "string"}
INDUSTRIES = ("2614", "4411", "5310", "2511", "3011")


def _firms():
    """Enterprises on a 700 m grid over the units, the red line and the farmland (and a few
    beyond every unit), with industries and dates that vary."""
    rows = []
    for i in range(18):
        for j in range(12):
            n = i * 12 + j
            x, y = X0 + 150 + i * 700, Y0 + 120 + j * 700
            attributes = {
                "TYSHXYDM": f"91990101MA{n:06d}",
                "HYDM": INDUSTRIES[n % len(INDUSTRIES)],
                "RQ": "2025-03-01" if n % 2 else "2019-05-01",
            }
            rows.append((f"POINT({x} {y})", attributes))
    return memory_layer("企业", rows, FIRM_FIELDS, "Point")


def _patches():
    """Change patches across the red-line circle's edge, inside farmland, over unit borders."""
    rows = []
    for k, (x, y) in enumerate(
        [(3500, 3300), (2100, 2100), (5300, 3900), (7900, 1900), (1000, 6000), (9500, 5500)]
    ):
        size = 400 + 100 * k
        geometry = _rect(X0 + x, Y0 + y, X0 + x + size, Y0 + y + size)
        rows.append((geometry, {"RQ": "2025-06-01" if k % 3 else "2018-01-01"}))
    return memory_layer("人类活动图斑", rows, {"RQ": "string"})


def _params(units, red, farmland, sources):
    return {
        "UNITS": units,
        "RED_LINE": red,
        "FARMLAND": farmland,
        "ACCESS_LIST": _access(),
        "SOURCES": sources,
        "INDUSTRY_FIELD": "HYDM",
        "DATE_FIELD": "RQ",
        "SINCE": "2024-01-01",
        **{key: "memory:" for key in OUTPUTS},
    }


def _load_all(pg_info, schema, names):
    return [
        load(make(), pg_info, schema, name)
        for make, name in zip((_units, _red_line, _farmland, _firms, _patches), names)
    ]


def _runs(run_algorithm, params):
    """Both modes on the PostGIS layers, compared; (database results, its feedback, QGIS
    results)."""
    in_db, feedback, _ = run_algorithm(ALG, {**params, "MODE": MODE_DATABASE})
    assert any("selected in the database" in m for m in feedback.messages)
    in_qgis, qgis_feedback, _ = run_algorithm(ALG, {**params, "MODE": MODE_QGIS})
    assert not any("selected in the database" in m for m in qgis_feedback.messages)
    for key in OUTPUTS:
        _same(_table(in_db[key]), _table(in_qgis[key]))
    return in_db, feedback, in_qgis


def test_database_mode_equals_qgis_mode(pg_info, pg_schema, run_algorithm):
    units, red, farmland, firms, patches = _load_all(
        pg_info, pg_schema, ("units", "red_line", "farmland", "firms", "patches")
    )
    in_db, feedback, in_qgis = _runs(run_algorithm, _params(units, red, farmland, [firms, patches]))
    leads = list(in_qgis["OUTPUT"].getFeatures())
    reasons = {f["reason_code"] for f in leads}
    # not vacuous: every kind of lead the data provokes is there
    assert {"redline", "forbidden", "priority"} <= reasons, reasons
    assert len(leads) > 40
    assert {f["source_layer"] for f in leads} == {"firms", "patches"}
    areas = [f["area_m2"] for f in leads if f["source_layer"] == "patches"]
    assert areas and all(a > 0 for a in areas)
    counts = [m for m in feedback.messages if "features," in m and "leads" in m]
    assert len(counts) == 2
    # the whole tables' repair log: the farmland's bow-tie, though no source touches it
    assert any("feature 901" in m and "repaired" in m for m in feedback.messages)
    # and the same leads as the run in QGIS on the memory layers the tables came from
    layers = [make() for make in (_units, _red_line, _farmland, _firms, _patches)]
    for layer, name in zip(layers, ("units", "red_line", "farmland", "firms", "patches")):
        layer.setName(name)  # constraint and source names are the layers' names
    memory = _params(*layers[:3], layers[3:])
    local, _, _ = run_algorithm(ALG, {**memory, "MODE": MODE_QGIS})
    key = ("source_layer", "reason_code", "unit_code", "requirement_id", "severity")
    rows = sorted(tuple(f[k] for k in key) for f in in_db["OUTPUT"].getFeatures())
    assert rows == sorted(tuple(f[k] for k in key) for f in local["OUTPUT"].getFeatures())


def test_hostile_table_names_stay_names(pg_info, pg_db, pg_schema, run_algorithm):
    schema = sql.identifier(pg_schema)
    connection.execute(pg_db, f"CREATE TABLE {schema}.victim (x integer)")
    names = (
        "units'); DROP TABLE victim; --",
        'red"; DROP TABLE victim; --',
        "farmland",
        '企业"; DELETE FROM victim; --',
        "patches$$; DROP TABLE victim; $$",
    )
    layers = _load_all(pg_info, pg_schema, names)
    in_db, _, _ = _runs(run_algorithm, _params(*layers[:3], layers[3:]))
    assert in_db["OUTPUT"].featureCount() > 40
    assert connection.execute(pg_db, f"SELECT count(*) FROM {schema}.victim") == [[0]]


def test_database_mode_refuses_a_source_outside_postgis(pg_info, pg_schema, run_algorithm):
    units, red, farmland, firms, _ = _load_all(
        pg_info, pg_schema, ("units", "red_line", "farmland", "firms", "patches")
    )
    params = _params(units, red, farmland, [firms, _patches()])
    with pytest.raises(QgsProcessingException, match="not all PostGIS tables"):
        run_algorithm(ALG, {**params, "MODE": MODE_DATABASE})
    _, feedback, _ = run_algorithm(ALG, {**params, "MODE": MODE_AUTO})
    assert any("read whole" in m for m in feedback.messages)


def test_only_what_lies_near_the_sources_is_read(pg_info, pg_schema):
    from qgis.core import QgsCoordinateReferenceSystem

    from eco_zoning.plugin.adapters.postgis.pushdown_compliance import layers_near_sources

    units, red, farmland, _, patches = _load_all(
        pg_info, pg_schema, ("units", "red_line", "farmland", "firms", "patches")
    )
    crs = QgsCoordinateReferenceSystem("EPSG:4527")
    near_units, (near_red, near_farmland), log = layers_near_sources(
        units, [red, farmland], [patches], crs
    )
    assert 0 < near_units.featureCount() < units.featureCount() / 2
    pieces = [f.geometry().constGet().nCoordinates() for f in near_red.getFeatures()]
    assert pieces and max(pieces) <= 256 + 5 and sum(pieces) < 2000
    assert 0 < near_farmland.featureCount() < farmland.featureCount() / 5
    assert ("farmland", 901, "repaired") in set(zip(log["layer"], log["fid"], log["action"]))
