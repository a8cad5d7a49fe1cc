"""Realistic generated inputs for the delineation engine tests (and a timing run).

Coordinates are Gauss–Krüger metres with the zone prefix (x ≈ 38 500 000), as the
QGIS adapter hands them over. Counties are unions of Voronoi cells clipped to an
irregular outline, so neighbouring counties share jagged borders exactly;
townships are unions of the same cells moved by a metre or so, so they leave
slivers and overlaps along every border, as real township layers do.

Run as a script for a province-scale timing run::

    .venv/bin/python tests/core/delineation_data.py
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import affinity
from shapely.geometry import LineString, Polygon, box

from plugin.core import delineation, schema

GRID = 0.001
RULE = schema.DEFAULT_CODE_RULE

X0 = 38_500_000.0
Y0 = 2_500_000.0
MAX_SEGMENT = 50.0
BOW_TIE = Polygon([(0, 0), (400, 400), (400, 0), (0, 400), (0, 0)])  # self-intersecting


def star_polygons(rng, centres, radii, n_vertices=32, roughness=0.3, max_segment=100.0):
    """Star-shaped (hence simple) irregular polygons around ``centres``."""
    centres = np.asarray(centres, dtype=float).reshape(-1, 2)
    n = len(centres)
    radii = np.broadcast_to(np.asarray(radii, dtype=float), (n,))
    angles = np.sort(rng.uniform(0, 2 * np.pi, (n, n_vertices)), axis=1)
    wobble = 1 + roughness * (rng.uniform(-1, 1, (n, n_vertices)))
    r = radii[:, None] * wobble
    xy = np.stack(
        [centres[:, :1] + r * np.cos(angles), centres[:, 1:] + r * np.sin(angles)], axis=-1
    )
    xy = np.concatenate([xy, xy[:, :1]], axis=1)
    return shapely.segmentize(shapely.polygons(xy), max_segment)


def outline(rng, radius, centre=(X0, Y0)):
    return star_polygons(rng, [centre], [radius], n_vertices=72, roughness=0.12)[0]


def _points_inside(rng, poly, n):
    xmin, ymin, xmax, ymax = poly.bounds
    out = []
    while sum(len(o) for o in out) < n:
        pts = rng.uniform((xmin, ymin), (xmax, ymax), (2 * n, 2))
        out.append(pts[shapely.contains_xy(poly, pts[:, 0], pts[:, 1])])
    return np.concatenate(out)[:n]


def _spread_centres(points, k, rng):
    """k well-spread points among ``points`` (farthest-point sampling)."""
    chosen = [int(rng.integers(len(points)))]
    d = np.hypot(*(points - points[chosen[0]]).T)
    for _ in range(k - 1):
        i = int(np.argmax(d))
        chosen.append(i)
        d = np.minimum(d, np.hypot(*(points - points[i]).T))
    return points[chosen]


def _nearest(points, centres):
    best = np.zeros(len(points), dtype=np.int64)
    dist = np.full(len(points), np.inf)
    for i, c in enumerate(centres):
        d = np.hypot(*(points - c).T)
        closer = d < dist
        best[closer] = i
        dist[closer] = d[closer]
    return best


@dataclass
class Region:
    outline: Polygon
    county_codes: list[str]
    county_names: list[str]
    counties: np.ndarray  # exact coverage
    township_county: np.ndarray
    townships: np.ndarray  # exact, before any mismatch
    extras: dict = field(default_factory=dict)


def make_region(rng, n_counties, townships_per_county, radius, cells_per_township=4):
    shape = outline(rng, radius)
    n_town = n_counties * townships_per_county
    pts = _points_inside(rng, shape, n_town * cells_per_township)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=shape, ordered=True)
    )
    # Real boundaries have a vertex every few tens of metres.
    cells = shapely.segmentize(shapely.intersection(cells, shape), MAX_SEGMENT)
    cells = shapely.set_precision(cells, 0.001)
    county_of_cell = _nearest(pts, _spread_centres(pts, n_counties, rng))
    town_of_cell = np.zeros(len(pts), dtype=np.int64)
    town_county = []
    for c in range(n_counties):
        idx = np.flatnonzero(county_of_cell == c)
        k = min(townships_per_county, len(idx))
        local = _nearest(pts[idx], _spread_centres(pts[idx], k, rng))
        town_of_cell[idx] = len(town_county) + local
        town_county.extend([c] * k)
    counties = np.array(
        [shapely.union_all(cells[county_of_cell == c], grid_size=0.001) for c in range(n_counties)],
        dtype=object,
    )
    townships = np.array(
        [
            shapely.union_all(cells[town_of_cell == t], grid_size=0.001)
            for t in range(len(town_county))
        ],
        dtype=object,
    )
    codes = [f"{440600 + 100 * (c // 90) + c % 90 + 1:06d}"[:6] for c in range(n_counties)]
    names = [f"第{c + 1}县" for c in range(n_counties)]
    return Region(shape, codes, names, counties, np.array(town_county), townships)


def river(rng, shape, width=300.0):
    xmin, ymin, xmax, ymax = shape.bounds
    xs = np.linspace(xmin - 2000, xmax + 2000, 200)
    ymid = (ymin + ymax) / 2
    amp = (ymax - ymin) / 8
    ys = ymid + amp * np.sin((xs - xmin) / (xmax - xmin) * 3 * np.pi) + rng.normal(0, 80, len(xs))
    return shapely.segmentize(LineString(np.c_[xs, ys]).buffer(width / 2, quad_segs=4), MAX_SEGMENT)


def border_point(counties, c):
    """The middle of the longest piece of border between county ``c`` and a neighbour."""
    best = None
    for k, other in enumerate(counties):
        if k == c:
            continue
        common = shapely.intersection(counties[c].boundary, other.boundary)
        for line in shapely.get_parts(shapely.line_merge(common)):
            if line.geom_type == "LineString" and (best is None or line.length > best.length):
                best = line
    return best.interpolate(0.5, normalized=True)


def frame(geoms, start_fid=1, **columns):
    geoms = list(geoms)
    data = {"fid": np.arange(start_fid, start_fid + len(geoms)), "geometry": geoms}
    data.update(columns)
    return pd.DataFrame(data)


def shuffled(df, rng):
    return df.iloc[rng.permutation(len(df))].reset_index(drop=True)


def make_input(
    seed=0,
    n_counties=6,
    townships_per_county=5,
    radius=25_000.0,
    n_blobs=60,
    n_parks=8,
    blob_radius=900.0,
    min_area=0.0,
    general_split="county",
    shuffle_seed=None,
    extra_parks=(),
    township_noise="layer",
):
    """A DelineationInput with all the usual data problems; ``inp.extras`` has the truth."""
    rng = np.random.default_rng(seed)
    reg = make_region(rng, n_counties, townships_per_county, radius)

    # ADMIN: county 0 split into two features (same code, one as a number); county 1 a
    # metre too big (overlaps its neighbours); one null and one empty feature.
    admin_geoms, admin_codes, admin_names = [], [], []
    for c, g in enumerate(reg.counties):
        code, name = reg.county_codes[c], reg.county_names[c]
        if c == 0:
            x = shapely.centroid(g).x
            xmin, ymin, xmax, ymax = g.bounds
            west = shapely.intersection(g, box(xmin - 1, ymin - 1, x, ymax + 1), grid_size=0.001)
            east = shapely.difference(g, west, grid_size=0.001)
            admin_geoms += [west, east]
            admin_codes += [int(code), code]
            admin_names += [name, ""]
        elif c == 1:
            admin_geoms.append(g.buffer(1.0, quad_segs=2))
            admin_codes.append(float(code))
            admin_names.append(name)
        else:
            admin_geoms.append(g)
            admin_codes.append(code)
            admin_names.append(name)
    admin_geoms += [None, Polygon()]
    admin_codes += ["", None]
    admin_names += ["空", "空"]
    admin = frame(admin_geoms, code=admin_codes, name=admin_names)

    shape = reg.outline
    # Priority 1: red line = a river corridor (runs beyond the outline) + blobs, with a
    # hole, a multipart feature, a bow-tie and null/empty rows.
    centres = _points_inside(rng, shape, n_blobs)
    radii = blob_radius * rng.lognormal(0, 0.4, n_blobs)
    blobs = star_polygons(rng, centres, radii)
    half = n_blobs // 2
    red = [river(rng, shape)] + list(blobs[:half])
    red[1] = shapely.difference(red[1], shapely.buffer(shapely.centroid(red[1]), radii[0] / 3))
    red[2] = shapely.union(red[2], affinity.translate(red[3], 7000.0, 0.0))
    bow = shapely.transform(BOW_TIE, lambda xy: xy + centres[0])
    red += [bow, None, Polygon()]
    red_line = frame(red)
    # Priority 2: general ecological space (blobs, overlapping the red line).
    eco = frame(list(blobs[half:]) + [shapely.buffer(red[0].centroid, 2500.0)], start_fid=10)
    # Priority 3: drinking water sources with a subtype field (some blank).
    wc = _points_inside(rng, shape, 6)
    water_geoms = star_polygons(rng, wc, 600.0)
    water = frame(
        water_geoms,
        start_fid=100,
        ZL=["一级保护区", "二级保护区", None, "", "一级保护区", "二级保护区"],
    )

    # Parks: rotated rectangles; one on the river, two overlapping each other, one
    # across a county border, one tiny, one whose name already ends in 重点管控单元.
    pc = _points_inside(rng, shape, max(n_parks, 6))
    sizes = rng.uniform(600, 1800, (len(pc), 2))
    park_geoms = []
    for (x, y), (w, h) in zip(pc, sizes):
        rect = box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        park_geoms.append(affinity.rotate(rect, float(rng.uniform(0, 90)), origin="centroid"))
    on_river = shapely.intersection(red[0], reg.counties)
    river_point = shapely.point_on_surface(on_river[int(np.argmax(shapely.area(on_river)))])
    park_geoms[0] = shapely.box(
        river_point.x - 400, river_point.y - 900, river_point.x + 400, river_point.y + 900
    )
    park_geoms[2] = affinity.translate(park_geoms[1], 500.0, 300.0)
    bp = border_point(reg.counties, 2)
    park_geoms[3] = shapely.box(bp.x - 700, bp.y - 700, bp.x + 700, bp.y + 700)
    tiny_at = shapely.point_on_surface(reg.counties[4 % n_counties])
    park_geoms[4] = shapely.box(tiny_at.x, tiny_at.y, tiny_at.x + 15, tiny_at.y + 15)
    park_geoms = list(shapely.segmentize(np.array(park_geoms, dtype=object), MAX_SEGMENT))
    park_geoms += list(extra_parks)
    park_names = [f"园区{i + 1}" for i in range(len(park_geoms))]
    park_names[0] = "河滨工业园"
    park_names[5] = "高新区重点管控单元"
    parks = frame(park_geoms, start_fid=200, MC=park_names)

    # Key: urban areas with a subtype field.
    uc = _points_inside(rng, shape, 10)
    urban_geoms = star_polygons(rng, uc, 1500.0)
    key = frame(
        list(urban_geoms) + [None],
        start_fid=300,
        ZL=["城镇生活", "城镇生活", "工业集聚", None, "", "城镇生活", "工业集聚", "城镇生活"]
        + ["城镇生活", "工业集聚", "城镇生活"],
    )

    # Townships: the same cells, digitised apart from the counties: the whole layer is
    # a metre off, and every 7th township (or with ``township_noise="each"`` every
    # township) is nudged on its own by up to 1.5 m: slivers and overlaps.
    shifts = np.tile([0.9, -0.6], (len(reg.townships), 1))
    nudged = np.arange(len(reg.townships)) % (1 if township_noise == "each" else 7) == 0
    shifts[nudged] = rng.uniform(-1.5, 1.5, (int(nudged.sum()), 2))
    town_geoms = [
        affinity.translate(g, float(dx), float(dy)) for g, (dx, dy) in zip(reg.townships, shifts)
    ]
    town_names = [f"{reg.county_names[c]}第{i + 1}镇" for i, c in enumerate(reg.township_county)]
    towns = frame(town_geoms, start_fid=1000, XZMC=town_names)

    if shuffle_seed is not None:
        srng = np.random.default_rng(shuffle_seed)
        admin, red_line, eco, water, parks, key, towns = (
            shuffled(f, srng) for f in (admin, red_line, eco, water, parks, key, towns)
        )

    inp = delineation.DelineationInput(
        admin=admin,
        admin_layer_name="县界",
        townships=delineation.SourceLayer("乡镇", towns, name_field="XZMC"),
        priority=[
            delineation.SourceLayer(schema.SUBTYPE_RED_LINE, red_line),
            delineation.SourceLayer("一般生态空间", eco),
            delineation.SourceLayer("饮用水水源保护区", water, subtype_field="ZL"),
        ],
        parks=delineation.SourceLayer("产业园区", parks, name_field="MC"),
        key=[delineation.SourceLayer("城镇", key, subtype_field="ZL")],
        min_area=min_area,
        general_split=general_split,
        province="广东省",
        city="佛山市",
    )
    inp.extras = {"region": reg, "red_line": red[0], "park_names": park_names}
    return inp


# --- invariants checked by the tests ---------------------------------------------------


def admin_union(inp):
    geoms = np.array([g for g in inp.admin["geometry"] if g is not None], dtype=object)
    geoms = shapely.make_valid(geoms[~shapely.is_empty(geoms)])
    return shapely.union_all(geoms, grid_size=GRID)


def county_geoms(inp):
    """{county code: union of its ADMIN features}, overlaps left in (as in the input)."""
    out = {}
    for code, geom in zip(inp.admin["code"], inp.admin["geometry"]):
        code = schema.normalise_county_code(code)
        if code is not None and geom is not None and not geom.is_empty:
            out.setdefault(code, []).append(geom)
    return {c: shapely.union_all(g, grid_size=GRID) for c, g in out.items()}


def overlaps(geoms):
    geoms = np.asarray(geoms, dtype=object)
    a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    m = a < b
    return a[m], b[m], shapely.area(shapely.intersection(geoms[a[m]], geoms[b[m]]))


def assert_partition(inp, res):
    units = res.units
    assert list(units.columns) == schema.field_names(schema.UNIT_FIELDS) + ["geometry"]
    geoms = units["geometry"].to_numpy()
    assert len(units) > 0
    assert shapely.is_valid(geoms).all()
    assert not (shapely.is_empty(geoms) | shapely.is_missing(geoms)).any()
    assert np.isin(shapely.get_type_id(geoms), [3, 6]).all()  # (Multi)Polygon

    # Union of units == union of ADMIN.
    total = shapely.area(admin_union(inp))
    covered = shapely.union_all(geoms, grid_size=GRID)
    gap = shapely.area(shapely.symmetric_difference(covered, admin_union(inp), grid_size=GRID))
    assert gap <= 1e-6 * total
    assert shapely.area(geoms).sum() == pytest.approx(total, rel=1e-6)

    # No overlaps beyond snap-rounding dust: slivers under a millimetre wide (an edge
    # routed through a node snapped to the 1 mm grid moves by at most 0.71 mm).
    a, b, ov = overlaps(geoms)
    assert ov.sum() <= 1e-7 * total
    thick = shapely.buffer(shapely.intersection(geoms[a], geoms[b], grid_size=GRID), -0.001)
    assert (shapely.is_empty(thick) | (shapely.area(thick) < 1e-9)).all()

    # Codes: valid, unique, sorted, county digits = XZQDM, class digit = ZHGKDYFL.
    codes = units[schema.UNIT_CODE].tolist()
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    parsed = [RULE.parse(c) for c in codes]
    assert all(parsed)
    assert [p[0] for p in parsed] == units[schema.UNIT_COUNTY_CODE].tolist()
    assert [p[1] for p in parsed] == units[schema.UNIT_CLASS].tolist()
    # Each unit lies in its own county (up to the overlaps ADMIN itself has).
    counties = county_geoms(inp)
    for code, geom in zip(units[schema.UNIT_COUNTY_CODE], geoms):
        assert shapely.area(shapely.difference(geom, counties[code], grid_size=GRID)) < 0.2

    # MJ is the planar area in km²; names are unique; classes are 1..3.
    np.testing.assert_allclose(units[schema.UNIT_AREA], shapely.area(geoms) / 1e6, rtol=1e-12)
    assert units[schema.UNIT_NAME].is_unique
    assert set(units[schema.UNIT_CLASS]) <= {1, 2, 3}
    assert (units[schema.UNIT_PROVINCE] == inp.province).all()
    assert (units[schema.UNIT_CITY] == inp.city).all()
    assert list(res.log.columns) == delineation.LOG_COLUMNS


def small_parts_with_neighbours(res, min_area):
    """(small part, neighbour part) pairs: parts under ``min_area`` sharing an edge with a
    part of another unit of the same county; priority flags of both sides."""
    units = res.units
    parts, owner = shapely.get_parts(units["geometry"].to_numpy(), return_index=True)
    county = units[schema.UNIT_COUNTY_CODE].to_numpy()[owner]
    prio = units[schema.UNIT_CLASS].to_numpy()[owner] == schema.PRIORITY
    small = np.flatnonzero(shapely.area(parts) < min_area)
    a, b = shapely.STRtree(parts).query(parts[small], predicate="intersects")
    a = small[a]
    m = (owner[a] != owner[b]) & (county[a] == county[b])
    a, b = a[m], b[m]
    shared = shapely.length(
        shapely.intersection(shapely.boundary(parts[a]), parts[b], grid_size=GRID)
    )
    a, b = a[shared > 0], b[shared > 0]
    return prio[a], prio[b]


def province_input(seed=1):
    """~Province scale: 100 counties, 1 500 townships, 50 000 priority polygons, 300 parks."""
    return make_input(
        seed=seed,
        n_counties=100,
        townships_per_county=15,
        radius=240_000.0,
        n_blobs=50_000,
        n_parks=300,
        blob_radius=450.0,
        min_area=2_000.0,
        general_split="township",
    )


if __name__ == "__main__":  # timing run
    import time

    t0 = time.perf_counter()
    inp = province_input()
    t1 = time.perf_counter()
    print(f"generated in {t1 - t0:.1f} s")
    res = delineation.delineate(inp)
    t2 = time.perf_counter()
    print(f"delineated {len(res.units)} units in {t2 - t1:.1f} s; log rows {len(res.log)}")
    print(res.log["action"].value_counts().to_string())


def units_before_rebuild(workers=None):
    """The units of ``make_input(seed=5, min_area=5000)`` as the delineation hands them to
    ``coverage.rebuild_report``: from separate snap-rounded overlays, so their edges mostly
    match and in places do not."""
    from plugin.core import coverage

    seen = []
    original = coverage.rebuild_report

    def spy(geoms, grid, *args, **kwargs):
        seen.append(np.asarray(geoms, dtype=object).copy())
        return original(geoms, grid, *args, **kwargs)

    coverage.rebuild_report = spy
    try:
        delineation.delineate(make_input(seed=5, min_area=5000.0), workers=workers)
    finally:
        coverage.rebuild_report = original
    assert len(seen) == 1
    return seen[0]


def same_cleaning(result_a, result_b):
    """Assert two (geometries, report) results of the coverage cleaning equal: the
    geometries byte for byte, the rounds, the repaired and the remaining parts."""
    (ga, ra), (gb, rb) = result_a, result_b
    assert shapely.to_wkb(ga).tolist() == shapely.to_wkb(gb).tolist()
    assert ra.rounds == rb.rounds
    np.testing.assert_array_equal(ra.repaired, rb.repaired)
    np.testing.assert_array_equal(ra.remaining, rb.remaining)


def same_delineation(a, b):
    """Assert two delineation results equal: the units' geometries byte for byte, their
    attributes, the log and the cleaning grid."""
    ua, ub = a.units, b.units
    assert shapely.to_wkb(ua["geometry"].to_numpy()).tolist() == (
        shapely.to_wkb(ub["geometry"].to_numpy()).tolist()
    )
    assert ua.drop(columns="geometry").equals(ub.drop(columns="geometry"))
    assert a.log.equals(b.log)
    assert a.clean_grid == b.clean_grid
