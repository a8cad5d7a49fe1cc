"""What the delivered unit layer guarantees (README, "What the delivered layer guarantees").

Real-shaped outlines (tools/datagen/: fractal county and township borders, red-line
patches, parks…) whose neighbours meet with near-coincident vertices, as in real data,
delineated through ``processing.run`` and written in the counties' CRS (EPSG:4490):

* GEOS finds every unit valid, and no overlap above 0.01 m² between any two units,
  measured in EPSG:4490 itself; the units cover the counties with no gap;
* the same inputs shuffled, with new fids, give byte-identical units;
* the plugin's own checks find nothing in them apart from G03 (multipart units) and S01,
  which reports the inputs' own conflict (urban boundary drawn over the red line).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from osgeo import ogr

from eco_zoning.plugin.core import area, schema
from tools import datagen

ROOT = Path(__file__).resolve().parents[2]


SEED = 20261123
PRIORITY = (("red_line", "生态保护红线"), ("water_source", "饮用水水源保护区"))
KEY = (("urban_boundary", "城镇生活"), ("key_air", "大气环境重点管控区"))
JITTERED = ("county", "township", "red_line", "water_source", "park")


def _jitter(frame, epsg: int, rng) -> None:
    """Move every vertex by up to ~2 mm, differently in each feature: where features meet,
    their shared vertices become near-coincident (a vertex stays where it is in its own
    feature, so rings stay closed)."""
    amp = 2e-8 if epsg == area.CGCS2000_GEOGRAPHIC_EPSG else 0.002
    out = []
    for g in frame["geometry"]:
        phase = rng.uniform(0, 2 * np.pi, 2)
        scale = 1e4 if epsg == area.CGCS2000_GEOGRAPHIC_EPSG else 0.1

        def move(xy, phase=phase, scale=scale):
            wave = np.sin(xy[:, ::-1] * scale * 7.3 + phase)
            return xy + amp * wave

        out.append(None if g is None else shapely.transform(g, move))
    frame["geometry"] = out


def _layers(shuffled: bool):
    layers = datagen.generate("county", SEED)
    rng = np.random.default_rng(7)
    for name in JITTERED:
        _jitter(layers[name].frame, layers[name].epsg, rng)
    if shuffled:  # another feature order; write_gpkg gives new fids 1..n in that order
        order = np.random.default_rng(11)
        for layer in layers.values():
            perm = order.permutation(len(layer.frame))
            layer.frame = layer.frame.iloc[perm].reset_index(drop=True)
    return layers


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("delivery")
    paths = {}
    for shuffled in (False, True):
        path = folder / f"inputs_{int(shuffled)}.gpkg"
        datagen.write_gpkg(_layers(shuffled), path)
        paths[shuffled] = path
    return folder, paths


def _layer(path, table, name):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{path}|layername={table}", name, "ogr")
    assert layer.isValid(), table
    return layer


def _delineate(run_algorithm, src: Path, out: Path):
    parameters = {
        "ADMIN": _layer(src, "county", "区县"),
        "ADMIN_CODE_FIELD": "XZQDM",
        "ADMIN_NAME_FIELD": "XZQMC",
        "TOWNSHIPS": _layer(src, "township", "乡镇街道"),
        "TOWNSHIP_NAME_FIELD": "XZMC",
        "PRIORITY_LAYERS": [_layer(src, t, n) for t, n in PRIORITY],
        "PARKS": _layer(src, "park", "产业园区"),
        "PARK_NAME_FIELD": "YQMC",
        "KEY_LAYERS": [_layer(src, t, n) for t, n in KEY],
        "MIN_AREA": 10_000.0,
        "GENERAL_SPLIT": 1,
        "OUTPUT": f"ogr:dbname='{out}' table=\"units\" (geom)",
        "OUTPUT_LOG": "memory:",
    }
    run_algorithm("ecozoning:delineateunits", parameters)
    return out


@pytest.fixture(scope="module")
def delivered(inputs, processing_ready):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    def run(alg, parameters):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        return processing.run(alg, parameters, context=context, feedback=QgsProcessingFeedback())

    folder, paths = inputs
    return {
        shuffled: _delineate(run, paths[shuffled], folder / f"units_{int(shuffled)}.gpkg")
        for shuffled in (False, True)
    }


def _read(path):
    ds = ogr.Open(str(path))
    layer = ds.GetLayerByName("units")
    epsg = int(layer.GetSpatialRef().GetAuthorityCode(None))
    rows = []
    for f in layer:
        wkb = bytes(f.GetGeometryRef().ExportToIsoWkb())
        rows.append(
            (f.GetField(schema.UNIT_CODE), f.GetField(schema.UNIT_NAME), f.GetField("MJ"), wkb)
        )
    return epsg, rows


def test_units_are_valid_and_a_clean_coverage_in_epsg_4490(inputs, delivered):
    from qgis.core import QgsGeometry

    epsg, rows = _read(delivered[False])
    assert epsg == area.CGCS2000_GEOGRAPHIC_EPSG  # the counties' CRS, the default
    geoms = shapely.from_wkb([r[3] for r in rows])
    assert len(geoms) >= 10
    assert shapely.is_valid(geoms).all(), [shapely.is_valid_reason(g) for g in geoms]
    for wkb in (r[3] for r in rows):  # and QGIS's own GEOS check says the same
        g = QgsGeometry()
        g.fromWkb(wkb)
        assert g.isGeosValid()
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    a, b = a[a < b], b[a < b]
    assert len(a) >= len(geoms)  # neighbours do touch
    overlap = area.official_area_m2(shapely.intersection(geoms[a], geoms[b]), epsg)
    assert overlap.max() <= 0.01, overlap.max()
    # no gap between units: the union of the units has exactly the counties' holes
    ds = ogr.Open(str(inputs[1][False]))
    counties = shapely.from_wkb(
        [bytes(f.GetGeometryRef().ExportToIsoWkb()) for f in ds.GetLayerByName("county")]
    )
    units_union, county_union = shapely.union_all(geoms), shapely.union_all(counties)
    holes = sum(len(p.interiors) for p in shapely.get_parts(units_union))
    assert holes == sum(len(p.interiors) for p in shapely.get_parts(county_union))
    # ... and the outline follows the counties' to the 1 mm working grid: the land between
    # them is on average under 1 mm wide along the county outline
    moved = area.official_area_m2([shapely.symmetric_difference(units_union, county_union)], epsg)
    zone = area.gk3_zone(shapely.get_x(shapely.centroid(county_union)))

    def to_gk(xy):
        return np.column_stack(area.gk_forward(xy[:, 0], xy[:, 1], zone))

    perimeter_m = shapely.length(shapely.transform(county_union, to_gk))
    assert moved[0] / perimeter_m < 0.001, (moved[0], perimeter_m)


def test_shuffled_input_with_new_fids_gives_byte_identical_units(delivered):
    _, original = _read(delivered[False])
    _, shuffled = _read(delivered[True])
    assert [r[0] for r in original] == [r[0] for r in shuffled]
    assert original == shuffled  # codes, names, MJ and geometry WKB


def test_own_delineation_passes_own_checks(inputs, delivered, run_algorithm):
    from qgis.core import QgsVectorLayer

    _, paths = inputs
    units = QgsVectorLayer(f"{delivered[False]}|layername=units", "units", "ogr")
    results, _feedback, context = run_algorithm(
        "ecozoning:checkunits",
        {
            "UNITS": units,
            "ADMIN": _layer(paths[False], "county", "区县"),
            "ADMIN_CODE_FIELD": "XZQDM",
            "RED_LINE": _layer(paths[False], "red_line", "生态保护红线"),
            "URBAN_BOUNDARY": _layer(paths[False], "urban_boundary", "城镇开发边界"),
            "PARKS": _layer(paths[False], "park", "产业园区"),
            "OUTPUT_ERRORS": "memory:",
            "OUTPUT_SUMMARY": "memory:",
        },
    )
    errors = results["OUTPUT_ERRORS"]
    if isinstance(errors, str):
        errors = context.getMapLayer(errors)
    found = sorted(
        (f["check_code"], f["unit_codes"], f["message"], f["area_m2"]) for f in errors.getFeatures()
    )
    assert [e for e in found if e[0] not in ("G03", "S01")] == [], "\n".join(map(str, found))
    # S01 reports the inputs, not the delineation: the urban boundary drawn over priority
    # land (priority wins by rule); it finds exactly that land
    s01 = sum(e[3] for e in found if e[0] == "S01")
    layers = datagen.generate("county", SEED)  # the same shapes, without the ~2 mm jitter
    urban = shapely.union_all(
        shapely.make_valid(layers["urban_boundary"].frame["geometry"].to_numpy())
    )
    priority = shapely.union_all(
        shapely.make_valid(
            np.concatenate([layers[t].frame["geometry"].to_numpy() for t, _ in PRIORITY])
        )
    )
    conflict = shapely.intersection(urban, priority, grid_size=0.001).area
    assert s01 == pytest.approx(conflict, rel=1e-4, abs=5.0)


def _check_codes(run_algorithm, units_path, admin, **layers):
    from qgis.core import QgsVectorLayer

    units = QgsVectorLayer(f"{units_path}|layername=units", "units", "ogr")
    results, _feedback, context = run_algorithm(
        "ecozoning:checkunits",
        {
            "UNITS": units,
            "ADMIN": admin,
            "ADMIN_CODE_FIELD": "XZQDM",
            "OUTPUT_ERRORS": "memory:",
            "OUTPUT_SUMMARY": "memory:",
            **layers,
        },
    )
    errors = results["OUTPUT_ERRORS"]
    if isinstance(errors, str):
        errors = context.getMapLayer(errors)
    return sorted((f["check_code"], f["unit_codes"], f["message"]) for f in errors.getFeatures())


def test_sample_city_delineation_passes_own_checks(run_algorithm, tmp_path):
    sample = ROOT / "resources" / "sample" / "sample_city.gpkg"
    priority = (("red_line", "生态保护红线"), ("nature_reserve", "自然保护地"))
    priority += (("water_source", "饮用水水源保护区"),)
    out = tmp_path / "units.gpkg"
    run_algorithm(
        "ecozoning:delineateunits",
        {
            "ADMIN": _layer(sample, "county", "区县"),
            "ADMIN_CODE_FIELD": "XZQDM",
            "ADMIN_NAME_FIELD": "XZQMC",
            "TOWNSHIPS": _layer(sample, "township", "乡镇街道"),
            "TOWNSHIP_NAME_FIELD": "XZMC",
            "PRIORITY_LAYERS": [_layer(sample, t, n) for t, n in priority],
            "PARKS": _layer(sample, "park", "产业园区"),
            "PARK_NAME_FIELD": "YQMC",
            "KEY_LAYERS": [_layer(sample, "urban_boundary", "城镇生活")],
            "MIN_AREA": 10_000.0,
            "GENERAL_SPLIT": 1,
            "OUTPUT": f"ogr:dbname='{out}' table=\"units\" (geom)",
            "OUTPUT_LOG": "memory:",
        },
    )
    found = _check_codes(
        run_algorithm,
        out,
        _layer(sample, "county", "区县"),
        RED_LINE=_layer(sample, "red_line", "生态保护红线"),
        PARKS=_layer(sample, "park", "产业园区"),
    )
    assert [e for e in found if e[0] != "G03"] == [], "\n".join(map(str, found))


def test_box_counties_pass_own_coverage_check(run_algorithm, tmp_path):
    """Box-shaped counties in EPSG:4490 (0.5° × 0.5°): rounding to the 1 mm grid moves
    their outline, and C01 used to call the ±18 m² that makes a coverage error. C01's
    tolerance now follows the grid (½ cell × the county's perimeter)."""
    from layers import memory_layer

    def lonlat_box(x1, y1, x2, y2):
        return f"POLYGON(({x1} {y1},{x2} {y1},{x2} {y2},{x1} {y2},{x1} {y1}))"

    counties = memory_layer(
        "县界",
        [
            (lonlat_box(116.8, 30.5, 117.3, 31.0), {"XZQDM": "990101", "XZQMC": "西县"}),
            (lonlat_box(117.3, 30.5, 117.8, 31.0), {"XZQDM": "990102", "XZQMC": "东县"}),
        ],
        {"XZQDM": "string", "XZQMC": "string"},
        crs="EPSG:4490",
    )
    out = tmp_path / "units.gpkg"
    run_algorithm(
        "ecozoning:delineateunits",
        {
            "ADMIN": counties,
            "ADMIN_CODE_FIELD": "XZQDM",
            "ADMIN_NAME_FIELD": "XZQMC",
            "OUTPUT": f"ogr:dbname='{out}' table=\"units\" (geom)",
            "OUTPUT_LOG": "memory:",
        },
    )
    found = _check_codes(run_algorithm, out, counties)
    assert [e for e in found if e[0] != "G03"] == [], "\n".join(map(str, found))


@pytest.mark.parametrize("crs", ["EPSG:3857", "EPSG:4326", "EPSG:4528"])
def test_other_output_crs_are_valid_and_keep_the_official_area(run_algorithm, tmp_path, crs):
    """Any output CRS: units valid there, MJ still the area by the rule (own 3° zone)."""
    from layers import two_counties
    from qgis.core import QgsVectorLayer

    out = tmp_path / "units.gpkg"
    run_algorithm(
        "ecozoning:delineateunits",
        {
            "ADMIN": two_counties(),
            "ADMIN_CODE_FIELD": "XZQDM",
            "OUTPUT_CRS": crs,
            "OUTPUT": f"ogr:dbname='{out}' table=\"units\" (geom)",
            "OUTPUT_LOG": "memory:",
        },
    )
    layer = QgsVectorLayer(f"{out}|layername=units", "units", "ogr")
    assert layer.crs().authid() == crs
    features = list(layer.getFeatures())
    assert len(features) == 2
    assert all(f.geometry().isGeosValid() for f in features)
    # two 10 km × 10 km counties in zone 39: 100 km² each, to the metre²
    assert sorted(round(f["MJ"], 4) for f in features) == [100.0, 100.0]


def test_checks_judge_a_layer_in_its_own_crs(run_algorithm):
    """A 4490 unit layer: G01 gives GEOS's verdict in EPSG:4490 and an overlap is one T01."""
    from layers import memory_layer

    def lonlat_box(x1, y1, x2, y2):
        return f"POLYGON(({x1} {y1},{x2} {y1},{x2} {y2},{x1} {y2},{x1} {y1}))"

    bowtie = "POLYGON((117.10 31.0,117.12 31.02,117.12 31.0,117.10 31.02,117.10 31.0))"
    units = memory_layer(
        "units",
        [
            (
                lonlat_box(117.0, 31.0, 117.05, 31.05),
                {"HJZHGKDYBM": "ZH99010110001", "ZHGKDYFL": 1},
            ),
            (
                lonlat_box(117.049, 31.0, 117.09, 31.05),
                {"HJZHGKDYBM": "ZH99010130001", "ZHGKDYFL": 3},
            ),
            (bowtie, {"HJZHGKDYBM": "ZH99010130002", "ZHGKDYFL": 3}),
        ],
        {"HJZHGKDYBM": "string", "ZHGKDYFL": "integer"},
        crs="EPSG:4490",
    )
    results, _feedback, context = run_algorithm(
        "ecozoning:checkunits",
        {"UNITS": units, "OUTPUT_ERRORS": "memory:", "OUTPUT_SUMMARY": "memory:"},
    )
    errors = results["OUTPUT_ERRORS"]
    if isinstance(errors, str):
        errors = context.getMapLayer(errors)
    found = [(f["check_code"], f["unit_codes"], f["area_m2"]) for f in errors.getFeatures()]
    t01 = [e for e in found if e[0] == "T01"]
    assert len(t01) == 1 and "ZH99010110001" in t01[0][1] and "ZH99010130001" in t01[0][1]
    strip = area.official_area_m2([shapely.box(117.049, 31.0, 117.05, 31.05)], 4490)[0]
    assert t01[0][2] == pytest.approx(strip, rel=1e-3)
    g01 = [e for e in found if e[0] == "G01"]
    assert [e[1] for e in g01] == ["ZH99010130002"]
