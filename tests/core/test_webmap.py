"""公众查阅 web page core: coverage simplification, published data, the written folder."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely

from plugin.core import schema
from plugin.core.webmap import data as webdata
from plugin.core.webmap import simplify, writer

LON0, LAT0 = 117.0, 30.6
DEG = 1 / 111_320  # about one metre in degrees


def noisy_coverage(n_cells=30, seed=7) -> np.ndarray:
    """A coverage of Voronoi cells with wiggly shared edges (every vertex shared exactly)."""
    rng = np.random.default_rng(seed)
    points = shapely.multipoints(
        np.column_stack([LON0 + rng.random(n_cells) * 0.2, LAT0 + rng.random(n_cells) * 0.2])
    )
    frame = shapely.box(LON0, LAT0, LON0 + 0.2, LAT0 + 0.2)
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame))
    cells = shapely.intersection(cells, frame)
    lines = shapely.node(shapely.union_all(shapely.boundary(cells)))
    lines = shapely.segmentize(lines, 100 * DEG)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)).geoms)

    def wiggle(xy):
        x, y = xy[:, 0], xy[:, 1]
        return np.column_stack(
            [x + 12 * DEG * np.sin(x * 9e4 + y * 3e4), y + 12 * DEG * np.cos(x * 5e4 - y * 8e4)]
        )

    return np.asarray(shapely.make_valid(shapely.transform(faces, wiggle)), dtype=object)


# Visvalingam–Whyatt (coverage_simplify) reads the tolerance as the square root of the
# triangle areas removed; the fallback's Douglas–Peucker as a distance: it removes more.
@pytest.mark.parametrize(
    "method, tolerance_m", [(simplify.METHOD_COVERAGE, 50), (simplify.METHOD_TOPOLOGY, 20)]
)
def test_simplification_keeps_the_coverage(method, tolerance_m):
    if method == simplify.METHOD_COVERAGE and not simplify.has_coverage_simplify():
        pytest.fail("shapely with GEOS >= 3.12 expected in the development venv")
    cells = noisy_coverage()
    simple, used = simplify.simplify_coverage(cells, tolerance_m * DEG, method=method)
    assert used == method
    assert len(simple) == len(cells)
    assert shapely.is_valid(simple).all()
    assert not shapely.is_empty(simple).any()
    holes, overlaps = simplify.coverage_gaps_and_overlaps(simple)
    total = shapely.area(cells).sum()
    assert holes < 1e-9 * total
    assert overlaps < 1e-9 * total
    # each unit keeps its area within 2 %; the whole within 0.5 %
    ratio = shapely.area(simple) / shapely.area(cells)
    assert np.all(np.abs(ratio - 1) < 0.02), ratio
    assert abs(shapely.area(simple).sum() / total - 1) < 0.005
    before = shapely.get_num_coordinates(cells).sum()
    after = shapely.get_num_coordinates(simple).sum()
    assert after < 0.5 * before, (before, after)


def test_the_original_coverage_has_no_gaps_to_begin_with():
    holes, overlaps = simplify.coverage_gaps_and_overlaps(noisy_coverage())
    assert holes < 1e-12 and overlaps < 1e-12


def test_rounding_to_a_micro_degree_grid():
    cells = noisy_coverage(8)
    rounded = simplify.round_coordinates(cells, 1e-6)
    coords = shapely.get_coordinates(rounded)
    assert np.allclose(coords * 1e6, np.round(coords * 1e6), atol=1e-6)
    assert shapely.is_valid(rounded).all()
    holes, overlaps = simplify.coverage_gaps_and_overlaps(rounded)
    assert holes < 1e-12 and overlaps < 1e-9 * shapely.area(cells).sum()


# --- published data -------------------------------------------------------------


def _units():
    cells = noisy_coverage(3, seed=3)
    codes = ["ZH99010210001", "ZH99010220001", "ZH99010230001"]
    return pd.DataFrame(
        {
            "fid": [1, 2, 3],
            "geometry": list(cells),
            schema.UNIT_CODE: codes,
            schema.UNIT_NAME: ["红线单元", "园区单元", "一般单元"],
            schema.UNIT_CLASS: [1, 2, 3],
            schema.UNIT_COUNTY: ["澄湖区"] * 3,
            schema.UNIT_COUNTY_CODE: ["990102"] * 3,
            schema.UNIT_REMARK: ["内部备注：待核实"] * 3,
        }
    )


def _req(rid, level, code, dimension, text, kind="禁止", class_filter=0):
    return {
        schema.REQ_ID: rid,
        schema.REQ_SCOPE_LEVEL: level,
        schema.REQ_SCOPE_CODE: code,
        schema.REQ_CLASS_FILTER: class_filter,
        schema.REQ_DIMENSION: dimension,
        schema.REQ_TEXT: text,
        schema.REQ_KIND: kind,
        schema.REQ_STATUS: "有效",
        schema.REQ_INDUSTRIES: "2614",
    }


REQUIREMENTS = pd.DataFrame(
    [
        _req("P1", "省级", "990000", "空间布局约束", "全省禁止新建化工园区"),
        _req("P2", "省级", "990000", "资源开发效率要求", "全省用水总量控制", "要求"),
        _req("K1", "分类", "990100", "污染物排放管控", "重点单元排放减量替代", "要求", 2),
        _req("U1", "单元", "ZH99010220001", "环境风险防控", "园区设置应急池", "要求"),
        _req("U9", "单元", "ZH99010220001", "环境风险防控", "已废止条款", "要求"),
    ]
).assign(**{schema.REQ_STATUS: ["有效", "有效", "有效", "有效", "废止"]})


def _lists(payload, code):
    feature = next(u for u in payload["units"] if u["p"]["code"] == code)
    reqs = payload["requirements"]
    return {d: [reqs[i]["t"] for i in idx] for d, idx in feature["p"]["lists"].items()}


def test_units_carry_their_effective_lists_by_dimension():
    built = webdata.build_webmap_data(_units(), REQUIREMENTS)
    park = _lists(built.payload, "ZH99010220001")
    assert park == {
        "空间布局约束": ["全省禁止新建化工园区"],
        "污染物排放管控": ["重点单元排放减量替代"],
        "环境风险防控": ["园区设置应急池"],
        "资源利用效率": ["全省用水总量控制"],  # 资源开发效率要求 is the same dimension
    }
    general = _lists(built.payload, "ZH99010230001")
    assert general["污染物排放管控"] == [] and general["环境风险防控"] == []
    # the province requirement is written once, shared by all three units
    texts = [r["t"] for r in built.payload["requirements"]]
    assert texts.count("全省禁止新建化工园区") == 1
    assert built.payload["requirements"][0].get("level") == "省级"


def test_what_is_published_is_a_choice():
    options = webdata.WebMapOptions(
        dimensions=("空间布局约束",), unit_fields=("name",), requirement_fields=()
    )
    built = webdata.build_webmap_data(_units(), REQUIREMENTS, options=options)
    text = writer.data_script(built.payload)
    for left_out in (
        "内部备注",
        "澄湖区",
        "重点单元排放减量替代",
        "园区设置应急池",
        "省级",
        "2614",
    ):
        assert left_out not in text
    assert "全省禁止新建化工园区" in text and "园区单元" in text
    assert built.payload["redLine"] is None and built.payload["places"] == []
    props = built.payload["units"][0]["p"]
    assert set(props) == {"code", "class", "name", "lists"}
    # the remark is published only when asked for
    asked = webdata.WebMapOptions(unit_fields=("remark",))
    assert "内部备注" in writer.data_script(
        webdata.build_webmap_data(_units(), REQUIREMENTS, options=asked).payload
    )


def test_red_line_and_places_are_published_without_attributes():
    units = _units()
    red = pd.DataFrame({"fid": [1], "geometry": [units["geometry"][0].buffer(-0.001)]})
    places = pd.DataFrame(
        {"fid": [1], "geometry": [units["geometry"][1]], "name": ["晴渡镇"], "county": ["澄湖区"]}
    )
    payload = webdata.build_webmap_data(units, None, red_line=red, places=places).payload
    assert len(payload["redLine"]) == 1  # geometry only
    red_line = webdata.decode_geometry(payload["redLine"][0])
    assert red_line.symmetric_difference(red["geometry"][0]).area < 1e-3 * red_line.area
    assert payload["places"][0]["name"] == "晴渡镇" and len(payload["places"][0]["bbox"]) == 4
    lists = payload["units"][0]["p"]["lists"]
    assert all(v == [] for v in lists.values())


def test_bad_units_name_the_feature():
    units = _units()
    units.loc[1, schema.UNIT_CLASS] = 7
    with pytest.raises(webdata.WebMapDataError) as error:
        webdata.build_webmap_data(units)
    assert error.value.kind == "bad_class" and "ZH99010220001" in error.value.detail
    units = _units()
    units.loc[2, schema.UNIT_CODE] = " "
    with pytest.raises(webdata.WebMapDataError) as error:
        webdata.build_webmap_data(units)
    assert error.value.kind == "no_code" and error.value.detail == "3"


def test_geometry_encoding_round_trip_on_the_micro_degree_grid():
    cells = simplify.round_coordinates(noisy_coverage(5), 1e-6)
    donut = shapely.box(117, 30, 117.1, 30.1).difference(shapely.box(117.02, 30.02, 117.05, 30.05))
    for geometry in [
        *cells,
        donut,
        shapely.MultiPolygon([donut, shapely.box(118, 30, 118.1, 30.1)]),
    ]:
        encoded = webdata.encode_geometry(geometry)
        assert all(isinstance(v, int) for rings in encoded for ring in rings for v in ring)
        assert shapely.equals_exact(webdata.decode_geometry(encoded), geometry, 1e-9) or (
            webdata.decode_geometry(encoded).symmetric_difference(geometry).area < 1e-15
        )
    assert len(json.dumps(webdata.encode_geometry(cells[0]))) < 0.5 * len(
        shapely.to_geojson(cells[0])
    )


def test_published_units_keep_the_coverage():
    units = _units()
    payload = webdata.build_webmap_data(units).payload
    decoded = [webdata.decode_geometry(u["g"]) for u in payload["units"]]
    holes, overlaps = simplify.coverage_gaps_and_overlaps(decoded)
    assert holes < 1e-12 and overlaps < 1e-12
    assert (
        shapely.union_all(decoded)
        .symmetric_difference(shapely.union_all(units["geometry"].to_numpy()))
        .area
        < 1e-3 * shapely.union_all(decoded).area
    )


# --- the folder -----------------------------------------------------------------


def _read_data(folder):
    text = (folder / writer.DATA_FILE).read_text(encoding="utf-8")
    assert text.startswith("window.ECOZONING_DATA=") and text.endswith(";\n")
    return json.loads(text[len("window.ECOZONING_DATA=") : -2])


def test_folder_has_page_libraries_licences_and_data(tmp_path):
    payload = webdata.build_webmap_data(_units(), REQUIREMENTS).payload
    payload["meta"]["bureau"] = "</script><b>局</b>\u2028"
    folder = tmp_path / "web"
    written = writer.write_folder(folder, payload)
    names = {p.relative_to(folder).as_posix() for p in written}
    for name in (
        "index.html",
        "app.js",
        "app.css",
        "data.js",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/LICENSE",
        "vendor/turf/turf.min.js",
        "vendor/turf/LICENSE",
    ):
        assert name in names
    assert "</script>" not in (folder / "data.js").read_text(encoding="utf-8")
    assert _read_data(folder) == payload
    assert writer.outside_urls(folder) == []
    assert not (tmp_path / "web.partial").exists()


def test_an_earlier_export_is_replaced_other_folders_are_refused(tmp_path):
    payload = webdata.build_webmap_data(_units()).payload
    folder = tmp_path / "web"
    writer.write_folder(folder, payload)
    payload["meta"]["title"] = "第二版"
    writer.write_folder(folder, payload)
    assert _read_data(folder)["meta"]["title"] == "第二版"

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        writer.write_folder(mine, payload)
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_url_scan_finds_urls_to_outside_hosts(tmp_path):
    (tmp_path / "a.js").write_text(
        'L.tileLayer("https://tiles.example.org/{z}/{x}/{y}.png");'
        'var u="//cdn.example.com/x.js"; var ns="http://www.w3.org/2000/svg";',
        encoding="utf-8",
    )
    found = writer.outside_urls(tmp_path)
    assert ("a.js", "https://tiles.example.org/{z}/{x}/{y}.png") in found
    assert ("a.js", "//cdn.example.com/x.js") in found
    assert ("a.js", "http://www.w3.org/2000/svg") in found  # allowed only inside Leaflet
    assert writer.outside_urls(tmp_path, ("https://tiles.example.org/",)) == [
        ("a.js", "//cdn.example.com/x.js"),
        ("a.js", "http://www.w3.org/2000/svg"),
    ]


def test_automatic_tolerance_is_the_smallest_that_fits():
    cells = noisy_coverage(20, seed=11)
    sizes = {t: webdata.encode_at(cells, None, t).size for t in webdata.AUTO_TOLERANCES_M}
    assert sizes[2.0] > sizes[50.0] > sizes[500.0]  # sizes fall as the tolerance grows
    for budget in (sizes[2.0] + 1, sizes[20.0], sizes[20.0] - 1, 10):
        chosen = webdata.encode_within(
            cells, None, webdata.WebMapOptions(tolerance_m=0, max_bytes=budget)
        )
        fitting = [t for t, size in sizes.items() if size <= budget]
        assert chosen.tolerance_m == (min(fitting) if fitting else 500.0), budget
    fixed = webdata.encode_within(cells, None, webdata.WebMapOptions(tolerance_m=7, max_bytes=10))
    assert fixed.tolerance_m == 7
