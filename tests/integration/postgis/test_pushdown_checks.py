"""Checks pushed down to PostGIS equal the in-process checks on the same data."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from layers import X0, Y0, memory_layer
from pgdata import load
from qgis.core import QgsCoordinateReferenceSystem, QgsProject

from eco_zoning.plugin.adapters.layers import read_frame
from eco_zoning.plugin.adapters.postgis import connection
from eco_zoning.plugin.adapters.postgis.pushdown import check_table
from eco_zoning.plugin.adapters.postgis.pushdown_checks import PUSHED_DOWN, run_checks
from eco_zoning.plugin.adapters.postgis.pushdown_layers import finish, layer_frames
from eco_zoning.plugin.core import checks, schema
from eco_zoning.plugin.core.checks.pieces import SERVES, T04

CODE, CLASS, SUBTYPE, COUNTY = (
    schema.UNIT_CODE,
    schema.UNIT_CLASS,
    schema.UNIT_SUBTYPE,
    schema.UNIT_COUNTY_CODE,
)
FIELDS = {CODE: "string", CLASS: "integer", SUBTYPE: "string", COUNTY: "string"}
MAPPING = {name: name for name in FIELDS}


def _ring(cx, cy, r, n):
    pts = [
        (cx + r * math.cos(2 * math.pi * k / n), cy + r * math.sin(2 * math.pi * k / n))
        for k in range(n)
    ]
    return "POLYGON((" + ",".join(f"{x} {y}" for x, y in [*pts, pts[0]]) + "))"


def _rect(x1, y1, x2, y2):
    return f"POLYGON(({x1} {y1},{x2} {y1},{x2} {y2},{x1} {y2},{x1} {y1}))"


def _units():
    """A 6 × 4 grid of 2 km cells with shifted cells (overlaps), a bow-tie, an empty unit,
    a degenerate sliver of no area, key units marked 产业园区 and an unnamed unit."""
    rows = []
    for i in range(6):
        for j in range(4):
            n = i * 4 + j
            x, y = X0 + i * 2000, Y0 + j * 2000
            shift = 37.5 if n % 7 == 3 else 0.0  # every 7th cell pushed into its neighbour
            cls = n % 3 + 1
            attributes = {
                CODE: f"ZH9901{cls}{n:04d}" if n != 5 else "",
                CLASS: cls,
                SUBTYPE: schema.SUBTYPE_PARK if cls == schema.KEY and n % 2 else "",
                # the unnamed unit has no county: with a county layer, the one holding most of it
                COUNTY: "990101" if n != 5 else None,
            }
            rows.append((_rect(x + shift, y, x + 2000 + shift, y + 2000), attributes))
    bow = f"POLYGON(({X0 + 13000} {Y0},{X0 + 14000} {Y0 + 1000},{X0 + 14000} {Y0},{X0 + 13000} {Y0 + 1000},{X0 + 13000} {Y0}))"
    rows.append((bow, {CODE: "ZH990121000", CLASS: 2, SUBTYPE: "", COUNTY: "990101"}))
    rows.append((None, {CODE: "ZH990131001", CLASS: 3, SUBTYPE: "", COUNTY: "990101"}))
    flat = f"POLYGON(({X0 + 15000} {Y0},{X0 + 15001} {Y0},{X0 + 15002} {Y0},{X0 + 15000} {Y0}))"
    rows.append((flat, {CODE: "ZH990131002", CLASS: 3, SUBTYPE: "", COUNTY: "990101"}))
    # two small priority units: one is red-line land (kept by rule), one a sliver (T04)
    for n, x in ((3, 16010), (4, 17010)):
        small = _rect(X0 + x, Y0 + 10, X0 + x + 8, Y0 + 18)
        rows.append((small, {CODE: f"ZH99011900{n}", CLASS: 1, SUBTYPE: "", COUNTY: "990101"}))
    return memory_layer("单元", rows, FIELDS)


def _counties():
    """Two counties around the grid, with a 500 m margin no unit covers (gaps)."""
    rows = [
        (_rect(X0 - 500, Y0 - 500, X0 + 7000, Y0 + 8500), {"XZQDM": "990101"}),
        (_rect(X0 + 7000, Y0 - 500, X0 + 12500, Y0 + 8500), {"XZQDM": "990102"}),
    ]
    return memory_layer("县界", rows, {"XZQDM": "string"})


def _red_line():
    """Red line: a 2,000-vertex circle across many units (subdivided in the database), a
    rectangle on the park units' side, a patch straddling three cells, a patch under a small
    priority unit and a strip in the east county's uncovered margin."""
    rows = [
        (_ring(X0 + 5500, Y0 + 4100, 2600, 2000), {"name": "圆"}),
        (_rect(X0 + 2500, Y0 + 300, X0 + 7700, Y0 + 900), {"name": "带"}),
        (_rect(X0 + 9000, Y0 + 5000, X0 + 11500, Y0 + 7000), {"name": "块"}),
        (_rect(X0 + 16000, Y0, X0 + 16100, Y0 + 100), {"name": "小块"}),
        (_rect(X0 + 12100, Y0 + 1000, X0 + 12400, Y0 + 3000), {"name": "边缘"}),
    ]
    return memory_layer("生态保护红线", rows, {"name": "string"})


def _farmland():
    """Farmland: 150 m parcels every 200 m across park, key and priority units, plus a
    self-intersecting parcel (repaired, and logged)."""
    rows = []
    for i in range(30):
        for j in range(30):
            x, y = X0 + 1000 + i * 200, Y0 + j * 200
            rows.append((_rect(x, y, x + 150, y + 150), {"dlbm": "0101"}))
    x, y = X0 + 2210, Y0 + 2210
    bow = f"POLYGON(({x} {y},{x + 100} {y + 100},{x + 100} {y},{x} {y + 100},{x} {y}))"
    rows.append((bow, {"dlbm": "0103"}))
    return memory_layer("永久基本农田", rows, {"dlbm": "string"})


def _urban_boundary():
    """Urban boundary across a priority and a key unit."""
    rows = [(_rect(X0 + 500, Y0 + 6500, X0 + 3500, Y0 + 7500), {"name": "城区"})]
    return memory_layer("城镇开发边界", rows, {"name": "string"})


def _parks():
    """Parks: 60 % of a key unit without a park subtype (it becomes a park unit) and 30 % of
    another (it stays a key unit)."""
    rows = [
        (_rect(X0 + 2000, Y0, X0 + 3200, Y0 + 2000), {"name": "甲园"}),
        (_rect(X0 + 4000, Y0 + 4000, X0 + 4600, Y0 + 6000), {"name": "乙园"}),
    ]
    return memory_layer("产业园区", rows, {"name": "string"})


LAYERS = {
    "red_line": _red_line,
    "farmland": _farmland,
    "urban_boundary": _urban_boundary,
    "parks": _parks,
}


CRS = "EPSG:4527"


def _frames(layers):
    crs = QgsCoordinateReferenceSystem(CRS)
    context = QgsProject.instance().transformContext()
    return {name: read_frame(layer, crs, [], context) for name, layer in layers.items()}


def _units_frame(units_layer):
    crs = QgsCoordinateReferenceSystem(CRS)
    context = QgsProject.instance().transformContext()
    units = read_frame(units_layer, crs, list(MAPPING.values()), context)
    return units.rename(columns={v: k for k, v in MAPPING.items()})


def _admin():
    crs = QgsCoordinateReferenceSystem(CRS)
    admin = read_frame(_counties(), crs, ["XZQDM"], QgsProject.instance().transformContext())
    return admin.rename(columns={"XZQDM": "code"})


def _key(frame):
    return frame.sort_values([schema.CHK_CODE, schema.CHK_UNITS, schema.CHK_COUNTY]).reset_index(
        drop=True
    )


def _assert_same_rows(got, expected):
    assert got[schema.CHK_CODE].value_counts().to_dict() == (
        expected[schema.CHK_CODE].value_counts().to_dict()
    )
    pd.testing.assert_series_equal(got[schema.CHK_UNITS], expected[schema.CHK_UNITS])
    pd.testing.assert_series_equal(got[schema.CHK_COUNTY], expected[schema.CHK_COUNTY])
    pd.testing.assert_series_equal(
        got[schema.CHK_AREA], expected[schema.CHK_AREA], rtol=1e-3, atol=1e-6
    )
    # messages carry areas formatted to 0.01 m²; compare them without the numbers
    strip = r"\d+\.\d\d"
    pd.testing.assert_series_equal(
        got[schema.CHK_MESSAGE].str.replace(strip, "#", regex=True),
        expected[schema.CHK_MESSAGE].str.replace(strip, "#", regex=True),
    )


@pytest.fixture
def loaded(pg_info, pg_schema):
    units = load(_units(), pg_info, pg_schema, "units")
    return units, {name: load(make(), pg_info, pg_schema, name) for name, make in LAYERS.items()}


def _tables(units_layer, layers):
    units = connection.table_of(units_layer)
    db = connection.connect(units.connection_info)
    tables = {name: check_table(connection.table_of(layer)) for name, layer in layers.items()}
    return (lambda statement: connection.execute(db, statement)), check_table(units), tables


def test_geometry_checks_in_sql_equal_in_process(loaded):
    units_layer, layers = loaded
    result = checks.check_units(checks.CheckInput(units=_units_frame(units_layer)))
    expected = result.errors[result.errors[schema.CHK_CODE].isin(PUSHED_DOWN)]
    execute, units, _ = _tables(units_layer, layers)
    got = run_checks(execute, units, MAPPING, 4527)
    assert set(expected[schema.CHK_CODE]) == set(PUSHED_DOWN)  # the data provokes each
    _assert_same_rows(_key(got), _key(expected))


@pytest.mark.parametrize("with_counties", [True, False], ids=["county layer", "no county layer"])
def test_layer_pieces_from_the_database_give_the_in_process_result(loaded, with_counties):
    """The core on the database's pieces of the layers (plus the gaps' red line and the
    repair log from SQL) equals the core on the whole layers: every row, county and message."""
    units_layer, layers = loaded
    units = _units_frame(units_layer)
    admin = _admin() if with_counties else None
    expected = checks.check_units(checks.CheckInput(units=units, admin=admin, **_frames(layers)))
    execute, units_table, tables = _tables(units_layer, layers)
    job = checks.CheckInput(units=units, admin=admin)
    pieces = layer_frames(execute, units_table, MAPPING, tables, 4527, job)
    assert sum(len(f) for f in pieces.values()) < sum(len(f) for f in _frames(layers).values())
    for name, frame in pieces.items():
        setattr(job, name, frame)
    got = finish(execute, checks.check_units(job), tables, 4527, job)
    codes = set(expected.errors[schema.CHK_CODE])
    assert {"R01", "R02", "S01", "S02", "T04"} <= codes
    outside = expected.errors[
        (expected.errors[schema.CHK_CODE] == "R01") & (expected.errors[schema.CHK_UNITS] == "")
    ]
    assert len(outside) > 0, "red line in no unit"
    _assert_same_rows(_key(got.errors), _key(expected.errors))
    s02 = set(expected.errors.loc[expected.errors[schema.CHK_CODE] == "S02", schema.CHK_UNITS])
    # the park layer made one key unit a park unit (60 % inside) and not the other (30 %)
    assert "ZH990120004" in s02 and "ZH990120010" not in s02
    t04 = set(expected.errors.loc[expected.errors[schema.CHK_CODE] == "T04", schema.CHK_UNITS])
    # the small priority unit on the red line is no sliver; the other one is
    assert "ZH990119004" in t04 and "ZH990119003" not in t04
    if with_counties:  # the unit without a county code takes the county holding it
        errors = expected.errors
        r01 = errors[(errors[schema.CHK_UNITS] == "fid:6") & (errors[schema.CHK_CODE] == "R01")]
        assert list(r01[schema.CHK_COUNTY]) == ["990101"]
    pd.testing.assert_frame_equal(
        got.summary, expected.summary, check_exact=False, rtol=1e-3, atol=1e-6
    )
    assert got.skipped == expected.skipped
    rows = sorted(map(tuple, got.repairs[["fid", "action", "detail"]].to_numpy().tolist()))
    assert rows == sorted(
        map(tuple, expected.repairs[["fid", "action", "detail"]].to_numpy().tolist())
    )


# Real geometry from the province-dense bench, around unit ZH99070430010 (clipped to 30 m
# around the narrow triangle of priority unit ZH99070410035): a red-line edge runs within
# millimetres of the shared edge of the triangle (a T04 candidate) and a general unit.
_SLIVER_UNITS = [
    (
        "ZH99070410025",
        1,
        "POLYGON ((39605396.97174532 3378764.5344045213, 39605372.81072794 3378734.6254967395, "
        "39605366.97902481 3378734.6254967395, 39605366.97902481 3378830.5389326583, "
        "39605383.25273279 3378830.5389326583, 39605411.548086524 3378800.541995312, "
        "39605396.97174532 3378764.5344045213))",
    ),
    (
        "ZH99070410035",
        1,
        "POLYGON ((39605419.365 3378792.255, 39605396.97174532 3378764.5344045213, "
        "39605411.548086524 3378800.541995312, 39605419.365 3378792.255))",
    ),
    (
        "ZH99070430005",
        3,
        "POLYGON ((39605405.468475 3378775.052500687, 39605419.365 3378792.255, "
        "39605383.25273279 3378830.5389326583, 39605449.30321949 3378830.5389326583, "
        "39605449.30321949 3378739.778753148, 39605405.468475 3378775.052500687))",
    ),
    (
        "ZH99070430010",
        3,
        "POLYGON ((39605405.468475 3378775.052500687, 39605449.30321949 3378739.778753148, "
        "39605449.30321949 3378734.6254967395, 39605372.81072794 3378734.6254967395, "
        "39605405.468475 3378775.052500687))",
    ),
]
_SLIVER_RED_LINE = (
    "POLYGON ((39605300.026 3378871.735, 39605304.259 3378928.014, 39605288.693 3378988.226, "
    "39605198.374 3378969.345, 39605120.328 3378927.889, 39605063.152 3378951.978, "
    "39604976.343 3378969.242, 39604914.667 3378909.499, 39604891.715 3378842.576, "
    "39604810.558 3378800.776, 39604709.43 3378734.766, 39604727.323 3378668.758, "
    "39604815.518 3378641.694, 39604849.493 3378605.066, 39604876.234 3378558.62, "
    "39604956.46 3378571.512, 39605028.82 3378606.993, 39605083.6 3378586.949, "
    "39605167.875 3378565.843, 39605242.975 3378609.607, 39605289.659 3378671.295, "
    "39605364.182 3378723.944, 39605419.365 3378792.255, 39605368.963 3378845.688, "
    "39605300.026 3378871.735))"
)


# a county 5 m beyond the units: the red line runs into its uncovered margin (T02 gaps)
_SLIVER_COUNTY = _rect(39605361.979, 3378729.625, 39605454.303, 3378835.539)


@pytest.mark.parametrize("with_county", [True, False], ids=["county layer", "no county layer"])
def test_red_line_beside_a_narrow_priority_part_gives_the_in_process_r01(
    pg_info, pg_schema, with_county
):
    """The red line the database sends for T04 (near the priority units' narrow parts) is
    not the red line R01 looks at: the general unit beside the narrow triangle, whose red
    line is a sliver under the tolerance in process, gets no R01 row in the database either
    (it did at province-dense: 89 R01 rows against 88), and the feature, which runs on into
    the county's uncovered margin, adds no second R01 row of no unit to the database's."""
    rows = [
        (wkt, {CODE: code, CLASS: cls, SUBTYPE: "", COUNTY: "990704"})
        for code, cls, wkt in _SLIVER_UNITS
    ]
    units_layer = load(memory_layer("单元", rows, FIELDS), pg_info, pg_schema, "units")
    red = memory_layer("生态保护红线", [(_SLIVER_RED_LINE, {"name": "红线"})], {"name": "string"})
    layers = {"red_line": load(red, pg_info, pg_schema, "red_line")}
    units = _units_frame(units_layer)
    admin = None
    if with_county:
        county = memory_layer("县界", [(_SLIVER_COUNTY, {"XZQDM": "990704"})], {"XZQDM": "string"})
        crs, context = QgsCoordinateReferenceSystem(CRS), QgsProject.instance().transformContext()
        admin = read_frame(county, crs, ["XZQDM"], context).rename(columns={"XZQDM": "code"})
    expected = checks.check_units(checks.CheckInput(units=units, admin=admin, **_frames(layers)))
    execute, units_table, tables = _tables(units_layer, layers)
    job = checks.CheckInput(units=units, admin=admin)
    job.red_line = layer_frames(execute, units_table, MAPPING, tables, 4527, job)["red_line"]
    got = finish(execute, checks.check_units(job), tables, 4527, job)
    # the narrow triangle brings the red-line feature for T04 as well
    assert T04 in set(job.red_line[SERVES])
    r01 = expected.errors[expected.errors[schema.CHK_CODE] == "R01"]
    assert list(r01[schema.CHK_UNITS]) == ([""] if with_county else [])  # the margin's only
    _assert_same_rows(_key(got.errors), _key(expected.errors))
