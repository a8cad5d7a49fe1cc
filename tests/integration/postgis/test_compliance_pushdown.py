"""ecozoning:compliance with units and constraints in PostGIS equals the run in QGIS.

In the database mode only the units and the (subdivided) constraint pieces near the projects
are read; the verdicts, areas, lengths, requirements and the repair log are the same.
"""

from __future__ import annotations

import re

import pytest
from layers import X0, Y0, memory_layer
from pgdata import load
from qgis.core import QgsProcessingException
from test_compliance_algorithm import REQ_FIELDS, _req
from test_pushdown_checks import _farmland, _rect, _red_line, _units

ALG = "ecozoning:compliance"
MODE_AUTO, MODE_QGIS, MODE_DATABASE = 0, 1, 2
OUTPUTS = ("OUTPUT", "OUTPUT_CONSTRAINTS", "OUTPUT_REQUIREMENTS", "OUTPUT_PROJECTS")


def _projects():
    """A site across the red-line circle's edge and two units, one among farmland parcels and
    in a park unit, one far from every unit."""
    rows = [
        (_rect(X0 + 3500, Y0 + 3300, X0 + 4600, Y0 + 4400), {"XMMC": "跨红线项目", "HYDM": "2614"}),
        (_rect(X0 + 2100, Y0 + 2100, X0 + 2900, Y0 + 2700), {"XMMC": "农田项目", "HYDM": "4411"}),
        (_rect(X0 + 30000, Y0, X0 + 30500, Y0 + 500), {"XMMC": "远处项目", "HYDM": "5310"}),
    ]
    return memory_layer("建设项目", rows, {"XMMC": "string", "HYDM": "string"})


def _line():
    rows = [(f"LINESTRING({X0 + 100} {Y0 + 4100},{X0 + 11000} {Y0 + 4300})", {"XMMC": "管线"})]
    return memory_layer("管线", rows, {"XMMC": "string"}, "LineString")


def _access():
    rows = [
        _req("U1", "单元", "ZH990120004", "禁止", "26", "禁止新建化学原料和化学制品制造项目。"),
        _req("P1", "省级", "990000", "要求", "", "新建项目须符合规划环评要求。", "环境风险防控"),
    ]
    return memory_layer("准入清单", rows, REQ_FIELDS, geometry="None")


def _value(value):
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, str):
        return re.sub(r"\d+\.\d+", "#", value)  # numbers in texts: compared as values
    return value


def _table(layer):
    names = [f.name() for f in layer.fields()]
    return sorted(
        (tuple(_value(f[n]) for n in names) for f in layer.getFeatures()),
        key=lambda row: tuple(str(v) for v in row),
    )


def _same(got, expected):
    assert len(got) == len(expected)
    for a, b in zip(got, expected):
        for x, y in zip(a, b):
            if isinstance(y, float):
                assert x == pytest.approx(y, rel=1e-3, abs=0.02), (a, b)
            else:
                assert x == y, (a, b)


@pytest.fixture
def zoning(pg_info, pg_schema):
    return {
        "UNITS": load(_units(), pg_info, pg_schema, "units"),
        "RED_LINE": load(_red_line(), pg_info, pg_schema, "red_line"),
        "FARMLAND": load(_farmland(), pg_info, pg_schema, "farmland"),
        "ACCESS_LIST": _access(),
        **{key: "memory:" for key in OUTPUTS},
    }


@pytest.mark.parametrize(
    "project, buffer", [(_projects, 0.0), (_line, 50.0)], ids=["sites", "buffered line"]
)
def test_database_mode_equals_qgis_mode(zoning, run_algorithm, project, buffer):
    params = {
        **zoning,
        "PROJECT": project(),
        "PROJECT_NAME_FIELD": "XMMC",
        "INDUSTRY": "2614",
        "BUFFER": buffer,
    }
    if project is _projects:
        params["INDUSTRY_FIELD"] = "HYDM"
    in_db, feedback, _ = run_algorithm(ALG, {**params, "MODE": MODE_DATABASE})
    assert any("selected in the database" in m for m in feedback.messages)
    in_qgis, qgis_feedback, _ = run_algorithm(ALG, {**params, "MODE": MODE_QGIS})
    for key in OUTPUTS:
        _same(_table(in_db[key]), _table(in_qgis[key]))
    conclusions = {f["conclusion"] for f in in_qgis["OUTPUT_PROJECTS"].getFeatures()}
    assert "不符合" in conclusions
    touched = {f["unit_code"] for f in in_qgis["OUTPUT"].getFeatures()}
    assert len(touched) >= 2
    repaired = [sorted(m for m in f.messages if "repaired" in m) for f in (feedback, qgis_feedback)]
    # the database checks whole tables; QGIS mode repairs (and logs) only what it reads,
    # the features near the projects (issue #21)
    assert repaired[0] != [], "the farmland's bow-tie is logged"
    assert set(repaired[1]) <= set(repaired[0])


def test_database_mode_refuses_a_constraint_outside_postgis(zoning, run_algorithm):
    params = {**zoning, "PROJECT": _projects(), "URBAN_BOUNDARY": _red_line()}
    with pytest.raises(QgsProcessingException, match="not all PostGIS tables"):
        run_algorithm(ALG, {**params, "MODE": MODE_DATABASE})
    _, feedback, _ = run_algorithm(ALG, {**params, "MODE": MODE_AUTO})
    assert any("read whole" in m for m in feedback.messages)


def test_only_features_near_the_projects_are_read(zoning):
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject

    from eco_zoning.plugin.adapters.layers import read_frame
    from eco_zoning.plugin.adapters.postgis.pushdown_compliance import layers_near

    crs = QgsCoordinateReferenceSystem("EPSG:4527")
    projects = read_frame(_projects(), crs, [], QgsProject.instance().transformContext())
    units, (red, farmland), log = layers_near(
        zoning["UNITS"], [zoning["RED_LINE"], zoning["FARMLAND"]], projects, crs, 0.0
    )
    assert 0 < units.featureCount() < zoning["UNITS"].featureCount() / 3
    # the 2,000-vertex circle comes back as the few subdivided pieces near the first site
    pieces = [f.geometry().constGet().nCoordinates() for f in red.getFeatures()]
    assert pieces and max(pieces) <= 256 + 5 and sum(pieces) < 2000
    assert 0 < farmland.featureCount() < zoning["FARMLAND"].featureCount() / 10
    # the repair log covers the whole tables, also the units far from every project
    assert sorted(zip(log["layer"], log["fid"], log["action"])) == [
        ("farmland", 901, "repaired"),
        ("units", 25, "repaired"),
        ("units", 27, "dropped"),
        ("units", 27, "repaired"),
    ]
