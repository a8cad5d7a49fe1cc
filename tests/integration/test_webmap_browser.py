"""公众查阅 page in a real browser: the sample city exported with ecozoning:exportwebmap,
opened in Debian's headless Chromium (started here), checked against the plugin's own
access lists and compliance areas."""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
import shapely
from browser import start_chromium

from eco_zoning.plugin.core import access as access_list
from eco_zoning.plugin.core import schema
from eco_zoning.plugin.core.webmap import writer
from tools import demo_access_list, demo_chain

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample_city.gpkg"
# `make screenshots` sets ECOZONING_WEB_SCREENSHOT to docs/screenshots/webmap.png; a plain test
# run writes into its temporary folder, so `make test` leaves the work tree as it was.
SCREENSHOT_ENV = "ECOZONING_WEB_SCREENSHOT"


PARK = "ZH99010220001"  # 澄湖化工园区重点管控单元


@pytest.fixture(scope="module")
def exported(processing_ready, tmp_path_factory):
    """The sample city delineated, its access list imported, and the page exported."""
    import processing
    from qgis.core import QgsVectorLayer

    out = tmp_path_factory.mktemp("webmap")
    database = out / "demo.gpkg"
    processing.run(
        "ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(database), "OVERWRITE": True}
    )
    processing.run("ecozoning:delineateunits", demo_chain.delineation_parameters(SAMPLE, database))
    workbook = demo_access_list.write_workbook(out / "access_list.xlsx")
    access = QgsVectorLayer(f"{database}|layername=access_list", "access", "ogr")
    processing.run(
        "ecozoning:importaccesslist", {"INPUT": str(workbook), "FORMAT": 2, "TARGET": access}
    )
    demo_access_list.write_region(SAMPLE, database)
    folder = out / "web"
    results = processing.run(
        "ecozoning:exportwebmap", demo_chain.webmap_parameters(SAMPLE, database, folder)
    )
    return SimpleNamespace(out=out, database=database, folder=folder, results=results)


@pytest.fixture(scope="module")
def units_lonlat(exported):
    """The delivered units (not simplified) in EPSG:4490, by code."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer

    from eco_zoning.plugin.adapters.layers import read_frame

    layer = QgsVectorLayer(f"{exported.database}|layername=units", "units", "ogr")
    fields = [schema.UNIT_CODE, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE]
    frame = read_frame(layer, QgsCoordinateReferenceSystem("EPSG:4490"), fields)
    return dict(zip(frame[schema.UNIT_CODE], frame["geometry"])), frame


@pytest.fixture(scope="module")
def browser():
    driver = start_chromium()
    yield driver
    driver.quit()


def open_page(driver, url):
    driver.get_log("performance")  # drained: requested_urls() sees this page's requests only
    driver.get(url)
    deadline = time.monotonic() + 20
    while not driver.execute_script("return !!(window.ecoZoning && window.ecoZoning.map)"):
        assert time.monotonic() < deadline, "page did not start"
        time.sleep(0.1)
    return driver


@pytest.fixture
def page(browser, exported):
    return open_page(browser, (exported.folder / "index.html").as_uri())


def wait_for(driver, script, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out: {script}"
        time.sleep(0.1)


def click_map(driver, lon, lat):
    """A real mouse click on the map at a longitude/latitude."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.ID, "map")
    x, y = driver.execute_script(
        "return ecoZoning.containerPoint(arguments[0], arguments[1])", lon, lat
    )
    size = element.size
    ActionChains(driver).move_to_element_with_offset(
        element, round(x - size["width"] / 2), round(y - size["height"] / 2)
    ).click().perform()


def requested_urls(driver) -> list[str]:
    """Every URL the page asked the network stack for (Chromium's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def panel_lists(driver) -> dict:
    pairs = driver.execute_script(
        "return Array.from(document.querySelectorAll('#unit-panel .dimension')).map(d =>"
        " [d.dataset.dimension, Array.from(d.querySelectorAll('li')).map(li => li.textContent)])"
    )
    return dict(pairs)


def effective_texts(database, code, unit_frame) -> dict:
    """The unit's effective list by dimension, by the plugin's own access_list module."""
    from qgis.core import QgsVectorLayer

    from eco_zoning.plugin.adapters.layers import read_frame

    table = QgsVectorLayer(f"{database}|layername=access_list", "access", "ogr")
    names = [
        n for n in schema.field_names(schema.ACCESS_LIST_FIELDS) if n in table.fields().names()
    ]
    requirements = read_frame(table, fields=names, with_geometry=False)
    region_layer = QgsVectorLayer(f"{database}|layername=regions", "r", "ogr")
    regions = read_frame(region_layer, fields=[schema.REGION_ID, schema.REGION_MEMBERS])
    row = unit_frame[unit_frame[schema.UNIT_CODE] == code].iloc[0]
    scope = access_list.UnitScope(
        code,
        int(row[schema.UNIT_CLASS]),
        row[schema.UNIT_COUNTY_CODE],
        frozenset(access_list.regions_by_membership(regions, code, row[schema.UNIT_COUNTY_CODE])),
    )
    effective = access_list.effective_requirements(requirements, scope)
    texts = {d: [] for d in schema.DIMENSIONS_ZH}
    for dimension, text in zip(effective[schema.REQ_DIMENSION], effective[schema.REQ_TEXT]):
        texts[schema.DIMENSION_SYNONYMS_ZH.get(dimension, dimension)].append(text)
    return texts


def test_search_by_code_shows_the_units_list(page, exported, units_lonlat):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = page.find_element(By.ID, "search-input")
    box.send_keys(PARK, Keys.ENTER)
    assert wait_for(page, "return document.getElementById('unit-code')?.textContent") == PARK
    shown = panel_lists(page)
    expected = effective_texts(exported.database, PARK, units_lonlat[1])
    assert list(shown) == list(schema.DIMENSIONS_ZH)
    assert sum(len(v) for v in expected.values()) >= 4
    for dimension, texts in expected.items():
        assert len(shown[dimension]) == len(texts), dimension
        for item, text in zip(shown[dimension], texts):
            assert item.endswith(text) or text in item, (dimension, item, text)
    assert "化工园区" in page.find_element(By.ID, "unit-name").text


def test_search_by_place_and_by_name(page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page.find_element(By.ID, "search-input").send_keys("晴渡", Keys.ENTER)
    items = wait_for(
        page,
        "return Array.from(document.querySelectorAll('#search-results li')).map(l => l.textContent)",
    )
    assert any("地名" in i and "晴渡镇" in i for i in items)  # the township (place)
    assert any("ZH99010230001" in i for i in items)  # 晴渡镇一般管控单元 (name)


def _interior_point(geometry):
    from shapely.ops import polylabel

    largest = max(shapely.get_parts(geometry), key=lambda p: p.area)
    point = polylabel(largest, tolerance=1e-5)
    assert largest.exterior.distance(point) > 0.002  # about 200 m inside
    return point.x, point.y


def test_click_inside_a_known_unit_shows_its_code(page, units_lonlat):
    code = "ZH99010320002"  # 枫渡医药产业园重点管控单元
    lon, lat = _interior_point(units_lonlat[0][code])
    page.execute_script("ecoZoning.map.setView([arguments[1], arguments[0]], 13)", lon, lat)
    assert not page.execute_script("return document.getElementById('unit-code')")
    click_map(page, lon, lat)
    assert wait_for(page, "return document.getElementById('unit-code')?.textContent") == code


def test_typed_coordinates_show_the_unit(page, units_lonlat):
    from selenium.webdriver.common.by import By

    code = "ZH99012120001"  # 翠岭工业园区重点管控单元
    lon, lat = _interior_point(units_lonlat[0][code])
    page.find_element(By.ID, "coord-input").send_keys(f"{lon:.6f}, {lat:.6f}")
    page.find_element(By.ID, "coord-button").click()
    assert wait_for(page, "return document.getElementById('unit-code')?.textContent") == code
    page.find_element(By.ID, "coord-input").clear()
    page.find_element(By.ID, "coord-input").send_keys("1, 2, 3")
    page.find_element(By.ID, "coord-button").click()
    assert "经度, 纬度" in page.find_element(By.ID, "coord-message").text


def _site_across_two_units(units):
    """A square of about 1.3 km across the longest shared edge of two general units,
    touching exactly those two, each with a sizeable share."""
    codes = [c for c in units if c[8] == "3"]  # ZH + county + class digit
    coverage = shapely.union_all(list(units.values())).buffer(1e-7)
    candidates = []
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            edge = shapely.intersection(units[a].boundary, units[b].boundary)
            if edge.length > 0:
                candidates.append((edge.length, a, b, edge))
    for _, a, b, edge in sorted(candidates, reverse=True):
        middle = shapely.line_interpolate_point(shapely.line_merge(edge), 0.5, normalized=True)
        if shapely.get_type_id(middle) != 0 or middle.is_empty:
            continue
        square = shapely.box(middle.x - 0.007, middle.y - 0.006, middle.x + 0.007, middle.y + 0.006)
        touched = {c: square.intersection(g).area for c, g in units.items() if square.intersects(g)}
        touched = {c: v for c, v in touched.items() if v > 0}
        inside = square.within(coverage)
        if inside and set(touched) == {a, b} and min(touched.values()) > 0.2 * square.area:
            return square, (a, b)
    raise AssertionError("no pair of general units with a long shared edge")


def test_site_drawn_across_two_units_matches_compliance(
    page, exported, units_lonlat, run_algorithm, tmp_path
):
    from selenium.webdriver.common.by import By

    square, pair = _site_across_two_units(units_lonlat[0])
    minx, miny, maxx, maxy = square.bounds
    page.execute_script(
        "ecoZoning.map.fitBounds([[arguments[1], arguments[0]], [arguments[3], arguments[2]]], {padding: [80, 80]})",
        minx,
        miny,
        maxx,
        maxy,
    )
    time.sleep(0.5)
    page.find_element(By.ID, "draw-button").click()
    for lon, lat in ((minx, miny), (maxx, miny), (maxx, maxy), (minx, maxy)):
        click_map(page, lon, lat)
    page.find_element(By.ID, "finish-button").click()
    rows = wait_for(
        page,
        "return Array.from(document.querySelectorAll('#site-table tr[data-code]'))"
        ".map(r => [r.dataset.code, Number(r.dataset.area)])",
    )
    browser_areas = dict(rows)
    assert set(browser_areas) == set(pair)
    assert "初步自查，不作为审批依据" in page.find_element(By.ID, "site-result").text
    assert page.find_element(By.ID, "redline-result").text

    # the same outline (as clicked) through the plugin's own compliance
    site = page.execute_script("return ecoZoning.site().geometry")
    polygon = shapely.from_geojson(json.dumps(site))
    assert polygon.intersection(square).area > 0.98 * square.area  # clicks landed on the corners
    from layers import memory_layer

    project = memory_layer(
        "场地", [(polygon.wkt, {"XMMC": "自查场地"})], {"XMMC": "string"}, "Polygon", "EPSG:4490"
    )
    results, _, _ = run_algorithm(
        "ecozoning:compliance",
        {
            "PROJECT": project,
            "PROJECT_NAME_FIELD": "XMMC",
            "UNITS": f"{exported.database}|layername=units",
            "OUTPUT": "memory:",
        },
    )
    plugin_areas = {f["unit_code"]: f["overlap_area_m2"] for f in results["OUTPUT"].getFeatures()}
    assert set(plugin_areas) == set(pair)
    for code in pair:
        assert browser_areas[code] == pytest.approx(plugin_areas[code], rel=0.01), code

    # the screenshot for the README: the site's result, and one unit's list
    lon, lat = _interior_point(units_lonlat[0][pair[0]].intersection(square))
    page.execute_script("ecoZoning.lookup(arguments[0], arguments[1])", lon, lat)
    page.execute_script(
        "const map = ecoZoning.map, box = [[arguments[1], arguments[0]], [arguments[3], arguments[2]]];"
        "map.setView(L.latLngBounds(box).getCenter(), map.getBoundsZoom(box) - 4, {animate: false});"
        "document.getElementById('site-result').closest('.card').scrollIntoView({block: 'start'});",
        minx,
        miny,
        maxx,
        maxy,
    )
    time.sleep(0.8)
    screenshot = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "webmap.png")
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    assert page.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000


def test_page_loads_nothing_from_outside(page, exported):
    assert writer.outside_urls(exported.folder) == []
    requested = requested_urls(page)
    assert any(u.endswith("/data.js") for u in requested)
    assert any(u.endswith("/vendor/turf/turf.min.js") for u in requested)
    assert all(u.startswith(("file://", "data:")) for u in requested), requested
    links = page.execute_script(
        "return Array.from(document.querySelectorAll('[href],[src]'))"
        ".map(e => e.getAttribute('href') || e.getAttribute('src'))"
    )
    assert not [u for u in links if "//" in u], links
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_page_works_from_a_static_web_server(browser, exported):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    handler = partial(_QuietHandler, directory=str(exported.folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        open_page(browser, f"http://127.0.0.1:{server.server_port}/index.html")
        browser.find_element(By.ID, "search-input").send_keys(PARK, Keys.ENTER)
        assert wait_for(browser, "return document.getElementById('unit-code')?.textContent") == PARK
    finally:
        server.shutdown()
        server.server_close()


def test_a_basemap_is_the_only_outside_url(exported, run_algorithm):
    url = "https://tiles.example.gov.cn/{z}/{x}/{y}.png"
    folder = exported.out / "with_basemap"
    parameters = demo_chain.webmap_parameters(SAMPLE, exported.database, folder)
    parameters.update(BASEMAP_URL=url, BASEMAP_ATTRIBUTION="示例底图", RED_LINE=None)
    parameters.update(DIMENSIONS=[0], UNIT_FIELDS=[0], REQUIREMENT_FIELDS=[])
    run_algorithm("ecozoning:exportwebmap", parameters)
    assert writer.outside_urls(folder) == [("data.js", url)]
    assert writer.outside_urls(folder, (url,)) == []
    data = (folder / "data.js").read_text(encoding="utf-8")
    assert '"redLine":null' in data
    assert "污染物排放管控" not in data and "岚溪市" in data


def test_a_folder_with_other_files_is_refused(exported, run_algorithm):
    from qgis.core import QgsProcessingException

    folder = exported.out / "其他资料"
    folder.mkdir()
    (folder / "内部说明.txt").write_text("keep", encoding="utf-8")
    parameters = {"UNITS": f"{exported.database}|layername=units", "OUTPUT": str(folder)}
    message = None
    try:
        run_algorithm("ecozoning:exportwebmap", parameters)
    except QgsProcessingException as error:  # no traceback kept: it holds QGIS objects
        message = str(error)
    assert message and "内部说明.txt" in message and "Traceback" not in message
    assert [p.name for p in folder.iterdir()] == ["内部说明.txt"]


def _kml(polygon) -> str:
    coords = " ".join(f"{x:.7f},{y:.7f},0" for x, y in polygon.exterior.coords)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
        "<Document><Placemark><name>场地</name><Polygon><outerBoundaryIs><LinearRing>"
        f"<coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
        "</Placemark></Document></kml>"
    )


def test_site_loaded_from_kml_or_geojson(page, units_lonlat, tmp_path):
    from selenium.webdriver.common.by import By

    square, pair = _site_across_two_units(units_lonlat[0])
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": json.loads(shapely.to_geojson(square)),
            }
        ],
    }
    files = {"场地.kml": _kml(square), "场地.geojson": json.dumps(geojson)}
    table = "return Array.from(document.querySelectorAll('#site-table tr[data-code]')).map(r => [r.dataset.code, Number(r.dataset.area)])"
    results = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.execute_script("ecoZoning.clearSite()")
        # no row of an earlier site may be read as this file's result
        page.execute_script(
            "document.querySelectorAll('#site-table tr[data-code]').forEach(r => r.remove())"
        )
        page.find_element(By.ID, "site-file").send_keys(str(path))
        results.append(dict(wait_for(page, table)))
    assert set(results[0]) == set(pair) == set(results[1])
    for code in pair:  # the KML has 7 decimals, the GeoJSON all of them
        assert results[0][code] == pytest.approx(results[1][code], rel=1e-5)
    site_area = page.execute_script("return turf.area(ecoZoning.site())")
    assert sum(results[0].values()) == pytest.approx(site_area, rel=1e-3)  # the units tile it

    bad = tmp_path / "点.geojson"
    bad.write_text('{"type": "Point", "coordinates": [117, 30]}', encoding="utf-8")
    page.execute_script("document.getElementById('site-result').textContent = ''")
    page.find_element(By.ID, "site-file").send_keys(str(bad))
    assert "未找到面要素" in wait_for(
        page, "return document.getElementById('site-result').textContent"
    )
