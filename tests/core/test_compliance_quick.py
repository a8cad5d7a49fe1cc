"""The quick check's own path gives ``assess``'s answer, frame by frame, on generated data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from plugin.core import access as access_list
from plugin.core import roles, schema
from plugin.core.compliance import (
    AccessIndex,
    ComplianceIndex,
    ComplianceInput,
    ConstraintIndex,
    UnitIndex,
    assess,
    quick_check,
)
from plugin.core.compliance.quick_rows import QuickRequirements
from plugin.core.compliance.quick_units import NearUnits
from plugin.core.overlap import Constraint
from tests.core.checks_data import X0, Y0, voronoi_province
from tests.core.test_compliance import requirement as _req

W, H = 20_000.0, 16_000.0


@pytest.fixture(scope="module")
def province():
    """(units, access list, regions, constraints): 400 Voronoi units in 6 counties, a list
    on every level (orders missing, repealed rows, class filters, numeric codes), a region
    by membership and one by geometry, constraint layers of every kind of role."""
    units, _admin = voronoi_province(n_units=400, n_counties=6, width=W, height=H, segment=200)
    counties = sorted(set(units[schema.UNIT_COUNTY_CODE]))
    some = units[schema.UNIT_CODE].iloc[::37].tolist()
    rows = [
        _req("p2", "省级", "440000", "禁止", "26", "省禁化工", **{schema.REQ_ORDER: 2}),
        _req("p1", "省级", "44", "限制", "3011", "省限水泥", **{schema.REQ_ORDER: 1}),
        _req("p0", "省级", 440000, "要求", "", "省要求"),
        _req("q1", "区域", "QY1", "禁止", "06", "流域禁煤"),
        _req("q2", "区域", "HD", "限制", "44", "河道限电"),
        _req("m1", "市级", "440000", "鼓励", "78", "市鼓励"),
        _req("f2", "分类", "440000", "限制", "C", "类2限制", **{schema.REQ_CLASS_FILTER: 2}),
    ]
    for n, county in enumerate(counties):
        rows.append(_req(f"k{n}", "县级", county, "允许", "4812", f"县{n}允许"))
        status = {schema.REQ_STATUS: "废止"} if n % 2 else {}
        rows.append(_req(f"r{n}", "县级", county, "禁止", "2710", f"县{n}废止", **status))
    for n, code in enumerate(some):
        rows.append(_req(f"u{n}b", "单元", code, "禁止", "2614", "单元禁", **{schema.REQ_ORDER: 2}))
        rows.append(_req(f"u{n}a", "单元", code, "要求", "", "单元要求", **{schema.REQ_ORDER: 1}))
        rows.append(_req(f"u{n}c", "单元", code, "限制", "3130", "单元限"))
        rows.append(
            _req(f"u{n}x", "单元", code, "禁止", "0610", "类3", **{schema.REQ_CLASS_FILTER: 3})
        )
    river = LineString([(X0 - 100, Y0 + H / 2), (X0 + W + 100, Y0 + H / 3)]).buffer(300)
    regions = pd.DataFrame(
        {
            access_list.REGION_ID: ["QY1", "HD"],
            access_list.REGION_NAME: ["流域", "河道"],
            access_list.REGION_MEMBERS: [counties[0], ""],
            "geometry": [None, river],
        }
    )
    rng = np.random.default_rng(7)

    def blobs(n, r):
        xy = np.column_stack([X0 + rng.uniform(0, W, n), Y0 + rng.uniform(0, H, n)])
        return list(shapely.buffer(shapely.points(xy), rng.uniform(r / 2, r, n)))

    def layer(geoms):
        return pd.DataFrame({"fid": range(1, len(geoms) + 1), "geometry": geoms})

    constraints = [
        Constraint("生态保护红线", layer(blobs(40, 900))),
        Constraint("永久基本农田", layer(blobs(120, 400))),
        Constraint("城镇开发边界", layer(blobs(10, 1500))),
        Constraint("某专题图层", layer(blobs(10, 700))),  # role unknown
        Constraint("饮用水水源", layer(blobs(10, 500)), role=roles.WATER_SOURCE),
    ]
    return units, pd.DataFrame(rows), regions, constraints


def _footprints(rng, n):
    """Points, lines and polygons across the layer, some beyond its edge."""
    out = []
    for k in range(n):
        x, y = X0 + rng.uniform(-500, W + 500), Y0 + rng.uniform(-500, H + 500)
        if k % 3 == 0:
            out.append(Point(x, y))
        elif k % 3 == 1:
            out.append(LineString([(x, y), (x + rng.uniform(-3000, 3000), y + 800)]))
        else:
            out.append(box(x, y, x + rng.uniform(50, 2000), y + rng.uniform(50, 2000)))
    return out


def _assert_same(quick, full):
    for name in ("units", "constraints", "requirements", "projects", "layers", "repairs"):
        pd.testing.assert_frame_equal(getattr(quick, name), getattr(full, name), obj=name)
    assert quick.warnings == full.warnings


def test_quick_check_equals_assess_on_one_project(province):
    units, requirements, regions, constraints = province
    index = ComplianceIndex(units, requirements, regions, constraints)
    rng = np.random.default_rng(11)
    codes = ["2614", "3011", "4411", "2710", "3130", "7810", "4812", "0610", None, "9999"]
    seen = set()
    for n, geometry in enumerate(_footprints(rng, 90)):
        industry = codes[n % len(codes)]
        for buffer in (0.0, 200.0) if n % 4 == 0 else (0.0,):
            quick = quick_check(index, geometry, industry, buffer=buffer, name=f"点{n}", fid=n)
            projects = pd.DataFrame(
                {"fid": [n], "name": [f"点{n}"], "industry": [industry], "geometry": [geometry]}
            )
            inp = ComplianceInput(projects=projects, units=None, buffer=buffer)
            _assert_same(quick, assess(inp, index=index))
            seen.add(quick.projects["conclusion"].iat[0])
            seen.add(("units", len(quick.units) > 1))
    # the sample reaches every conclusion and both single- and multi-unit footprints
    assert {"符合", "有条件符合", "不符合", "待补充信息"} <= seen
    assert {("units", True), ("units", False)} <= seen


def test_empty_and_invalid_footprints_are_answered_like_assess(province):
    units, requirements, regions, constraints = province
    index = ComplianceIndex(units, requirements, regions, constraints)
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 500, Y0 + 500), (X0 + 500, Y0), (X0, Y0 + 500)])
    footprints = (None, Point(), bowtie)
    quick = [quick_check(index, geometry, "2614") for geometry in footprints]
    assert index._constraints is None  # clicks never prepare the whole constraint layers
    for geometry, result in zip(footprints, quick):
        projects = pd.DataFrame(
            {"fid": [1], "name": [""], "industry": ["2614"], "geometry": [geometry]}
        )
        _assert_same(result, assess(ComplianceInput(projects=projects, units=None), index=index))
    assert (quick[2].repairs["layer"] == "").any()  # the footprint's repair is logged
    assert quick[0].projects["conclusion"].iat[0] == "待补充信息"


def test_quick_rows_match_the_access_index_for_every_unit(province):
    units, requirements, regions, _constraints = province
    access = AccessIndex(requirements, regions)
    rows = QuickRequirements(access)
    checked = 0
    for code, cls, county in zip(
        units[schema.UNIT_CODE], units[schema.UNIT_CLASS], units[schema.UNIT_COUNTY_CODE]
    ):
        for unit_class in (int(cls), 0, 2):
            want = access.unit_rows(code, unit_class, county)
            got = rows.unit_rows(code, unit_class, county)
            assert got.tolist() == want.tolist(), (code, unit_class)
            checked += len(got)
    assert checked > 2000


def test_a_prebuilt_constraint_index_is_used_as_it_is(province):
    units, requirements, regions, constraints = province
    prepared = ConstraintIndex(constraints)
    index = ComplianceIndex(units, requirements, regions, prepared)
    assert index.constraints is prepared
    for n, geometry in enumerate(_footprints(np.random.default_rng(5), 12)):
        quick = quick_check(index, geometry, "2614", fid=n)
        projects = pd.DataFrame(
            {"fid": [n], "name": [""], "industry": ["2614"], "geometry": [geometry]}
        )
        _assert_same(quick, assess(ComplianceInput(projects=projects, units=None), index=index))


def _odd_units(units):
    """The layer with odd units west of it: invalid, slivers that snapping collapses, a line,
    no geometry, and a small sound square."""
    x, y = X0 - 2000.0, Y0 + 1000.0
    odd = [
        shapely.Polygon([(x, y), (x + 500, y + 500), (x + 500, y), (x, y + 500)]),  # bow-tie
        box(x, y + 600, x + 50, y + 600.0004),  # a sliver thinner than the grid
        box(x + 100, y + 600, x + 100.0003, y + 600.0003),  # a speck
        LineString([(x, y + 700), (x + 400, y + 700)]),
        None,
        box(x + 200, y + 600, x + 205, y + 605),
        box(x, y + 800, x + 800, y + 1500),
    ]
    county = units[schema.UNIT_COUNTY_CODE].iat[0]
    rows = pd.DataFrame(
        {
            "fid": np.arange(len(units) + 1, len(units) + 1 + len(odd)),
            "geometry": odd,
            schema.UNIT_CODE: [f"ZH{county}3{9000 + n}" for n in range(len(odd))],
            schema.UNIT_NAME: [f"奇{n}" for n in range(len(odd))],
            schema.UNIT_CLASS: [3] * len(odd),
            schema.UNIT_COUNTY_CODE: [county] * len(odd),
        }
    )
    return pd.concat([units, rows], ignore_index=True), (x, y)


def test_near_units_keep_snap_and_log_what_the_unit_index_does(province):
    units, requirements, regions, constraints = province
    units, (x, y) = _odd_units(units)
    near, full = NearUnits(units, "单元"), UnitIndex(units, "单元")
    pd.testing.assert_frame_equal(near.repairs, full.repairs)
    assert set(full.repairs["action"]) == {"repaired", "dropped"}
    assert len(near) == len(full)
    for name in ("fids", "codes", "names", "counties", "classes"):
        assert getattr(near, name).tolist() == getattr(full, name).tolist(), name
    rng = np.random.default_rng(3)
    footprints = _footprints(rng, 30) + [box(x - 10, y - 10, x + 900, y + 1600)]
    for geometry in footprints:
        u, geoms = near.near(geometry)
        want = np.sort(full.tree.query(geometry, predicate="intersects"))
        assert u.tolist() == want.tolist()
        assert shapely.to_wkb(geoms).tolist() == shapely.to_wkb(full.geoms[want]).tolist()
    index = ComplianceIndex(units, requirements, regions, constraints, unit_layer="单元")
    for n, geometry in enumerate(footprints[-4:]):
        quick = quick_check(index, geometry, "2614", buffer=50.0, fid=n)
        projects = pd.DataFrame(
            {"fid": [n], "name": [""], "industry": ["2614"], "geometry": [geometry]}
        )
        inp = ComplianceInput(projects=projects, units=None, buffer=50.0, unit_layer="单元")
        _assert_same(quick, assess(inp, index=index))
