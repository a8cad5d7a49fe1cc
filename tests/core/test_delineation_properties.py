"""Property tests of the delineation engine: random counties and blobs, fixed invariants."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import Point, box

from plugin.core import delineation, schema
from plugin.core.geometry import polygonal
from tests.core.delineation_data import (
    GRID,
    X0,
    Y0,
    admin_union,
    assert_partition,
    frame,
    small_parts_with_neighbours,
)

WIDTH, HEIGHT = 6000.0, 4000.0


def splits(draw, length, count):
    """``count`` cut positions in (0, length), at least 300 m apart and from the ends."""
    cuts = draw(
        st.lists(
            st.floats(300, length - 300, allow_nan=False), min_size=count, max_size=count
        ).filter(lambda c: all(abs(a - b) > 300 for i, a in enumerate(c) for b in c[i + 1 :]))
    )
    return [0.0, *sorted(cuts), length]


@st.composite
def blob(draw):
    x = draw(st.floats(-300, WIDTH + 300))
    y = draw(st.floats(-300, HEIGHT + 300))
    size = draw(st.floats(5, 900))
    if draw(st.booleans()):
        geom = Point(x, y).buffer(size, quad_segs=draw(st.integers(2, 8)))
    else:
        ratio = draw(st.floats(0.05, 1.0))
        geom = box(x - size, y - size * ratio, x + size, y + size * ratio)
        geom = affinity.rotate(geom, draw(st.floats(0, 180)), origin="centroid")
    if draw(st.integers(0, 9)) == 0:  # now and then a hole
        geom = geom.difference(Point(x, y).buffer(size / 3, quad_segs=3))
    return affinity.translate(geom, X0, Y0)


@st.composite
def scenarios(draw):
    xs = splits(draw, WIDTH, draw(st.integers(0, 2)))
    ys = splits(draw, HEIGHT, draw(st.integers(0, 1)))
    counties, codes = [], []
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            counties.append(affinity.translate(box(xs[i], ys[j], xs[i + 1], ys[j + 1]), X0, Y0))
            codes.append(f"4401{len(codes) + 1:02d}")
    # Neighbouring borders that do not quite match (a sliver gap or overlap).
    if len(counties) > 1 and draw(st.booleans()):
        counties[0] = counties[0].buffer(draw(st.sampled_from([-0.4, 0.3])), join_style="mitre")
    admin = frame(counties, code=codes, name=[f"县{c[-2:]}" for c in codes])

    def layer(name, n, **kw):
        geoms = draw(st.lists(blob(), min_size=0, max_size=n))
        return delineation.SourceLayer(name, frame(geoms, **kw))

    red = layer(schema.SUBTYPE_RED_LINE, 6)
    eco = layer("一般生态空间", 6)
    parks_list = draw(st.lists(blob(), min_size=0, max_size=6))
    parks = delineation.SourceLayer(
        "产业园区",
        frame(parks_list, start_fid=100, MC=[f"园{i % 3}" for i in range(len(parks_list))]),
        name_field="MC",
    )
    key = layer("城镇", 5, start_fid=200)

    townships = None
    split = draw(st.sampled_from(["county", "township"]))
    if split == "township":
        towns, names = [], []
        for k, c in enumerate(counties):
            xmin, ymin, xmax, ymax = c.bounds
            cut = xmin + (xmax - xmin) * draw(st.floats(0.2, 0.8))
            jitter = draw(st.floats(-0.5, 0.5))
            towns += [box(xmin, ymin, cut + jitter, ymax), box(cut, ymin, xmax, ymax)]
            names += [f"{k}西镇", f"{k}东镇"]
        townships = delineation.SourceLayer("乡镇", frame(towns, XZMC=names), name_field="XZMC")
    return delineation.DelineationInput(
        admin=admin,
        admin_layer_name="县界",
        priority=[red, eco],
        parks=parks,
        key=[key],
        townships=townships,
        general_split=split,
        min_area=draw(st.sampled_from([0.0, 0.0, 500.0, 50_000.0])),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(scenarios())
def test_units_partition_admin(inp):
    res = delineation.delineate(inp)
    assert_partition(inp, res)

    # Priority land inside ADMIN stays priority (fragments never leave the class).
    prio_src = [g for s in inp.priority for g in s.frame["geometry"]]
    if prio_src:
        prio_land = shapely.intersection(
            shapely.union_all(prio_src, grid_size=GRID), admin_union(inp), grid_size=GRID
        )
        # only the area: where priority land touches the county line the overlay also
        # returns that line, and a mixed collection cannot go into the next overlay
        prio_land = polygonal([prio_land])[0] or shapely.Polygon()
        prio_units = res.units.loc[res.units[schema.UNIT_CLASS] == schema.PRIORITY, "geometry"]
        missing = shapely.difference(
            prio_land, shapely.union_all(prio_units.to_numpy(), grid_size=GRID), grid_size=GRID
        )
        assert shapely.area(missing) < 1.0 + 1e-6 * shapely.area(prio_land)

    # After merging, a small part is priority land without a priority neighbour.
    if inp.min_area > 0:
        small_prio, neighbour_prio = small_parts_with_neighbours(res, inp.min_area)
        assert small_prio.all()
        assert not neighbour_prio.any()

    # Non-park units: at most one per county, class and subtype.
    units = res.units
    general = units[schema.UNIT_CLASS] == schema.GENERAL
    others = units[(units[schema.UNIT_SUBTYPE] != schema.SUBTYPE_PARK) & ~general]
    assert not others.duplicated([schema.UNIT_COUNTY_CODE, schema.UNIT_SUBTYPE]).any()
    if inp.general_split == "county":
        assert not units[general].duplicated(schema.UNIT_COUNTY_CODE).any()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(inp, random):
    first = delineation.delineate(inp)

    def shuffled(df):
        order = list(range(len(df)))
        random.shuffle(order)
        return df.iloc[order].reset_index(drop=True)

    inp.admin = shuffled(inp.admin)
    for src in [*inp.priority, *inp.key, inp.parks]:
        src.frame = shuffled(src.frame)
    if inp.townships is not None:
        inp.townships.frame = shuffled(inp.townships.frame)
    second = delineation.delineate(inp)
    a, b = first.units, second.units
    assert a[schema.UNIT_CODE].tolist() == b[schema.UNIT_CODE].tolist()
    assert a[schema.UNIT_NAME].tolist() == b[schema.UNIT_NAME].tolist()
    ga = shapely.to_wkb(shapely.normalize(a["geometry"].to_numpy()))
    gb = shapely.to_wkb(shapely.normalize(b["geometry"].to_numpy()))
    assert np.array_equal(ga, gb)
