"""Tests of the synthetic-data generator (tools/datagen/) and the shipped sample."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from osgeo import ogr

from tools import datagen

ROOT = Path(__file__).resolve().parents[2]


SAMPLE_GPKG = ROOT / "resources" / "sample" / "sample_city.gpkg"
GEOGRAPHIC_LAYERS = {"county", "project_point"}
PLANTED_INVALID = {"red_line", "farmland"}
OGR_TYPES = {
    "MultiPolygon": ogr.wkbMultiPolygon,
    "MultiLineString": ogr.wkbMultiLineString,
    "Point": ogr.wkbPoint,
    "LineString": ogr.wkbLineString,
    "Polygon": ogr.wkbPolygon,
}


@pytest.fixture(scope="module")
def county():
    return datagen.generate("county")


@pytest.fixture(scope="module")
def sample():
    return datagen.generate("sample")


def _geoms(layer):
    return layer.frame["geometry"].to_numpy()


def _expected_counts(scale: str) -> dict[str, int]:
    s = datagen.SCALES[scale]
    return {
        "county": s.counties,
        "township": s.townships,
        "red_line": s.red_line,
        "nature_reserve": s.reserves,
        "water_source": 2 * s.water_sources,
        "park": s.parks,
        "urban_boundary": s.counties,
        "farmland": s.farmland,
    }


def test_same_seed_same_data(county):
    again = datagen.generate("county")
    assert list(again) == list(county)
    for name, layer in county.items():
        other = again[name]
        assert np.array_equal(shapely.to_wkb(_geoms(layer)), shapely.to_wkb(_geoms(other))), name
        assert layer.frame.drop(columns="geometry").equals(other.frame.drop(columns="geometry"))


def test_other_seed_other_data(county):
    other = datagen.generate("county", seed=7)
    assert not np.array_equal(
        shapely.to_wkb(_geoms(county["red_line"])), shapely.to_wkb(_geoms(other["red_line"]))
    )


@pytest.mark.parametrize("scale", ["county", "sample"])
def test_counts(scale, county, sample):
    layers = {"county": county, "sample": sample}[scale]
    assert list(layers) == list(datagen.LAYER_TITLES)
    for name, n in _expected_counts(scale).items():
        assert len(layers[name].frame) == n, name
    projects = sum(
        len(layers[n].frame) for n in ("project_point", "project_line", "project_polygon")
    )
    assert projects == datagen.SCALES[scale].projects
    assert len(layers["key_air"].frame) >= 1
    assert len(layers["river"].frame) >= 1


def test_sample_shape(sample):
    # two districts and a county, townships ~100-300 km², red line ~25 % of the land
    assert list(sample["county"].frame["XZQDM"]) == ["990102", "990103", "990121"]
    assert list(sample["county"].frame["XZQMC"]) == ["澄湖区", "枫渡区", "翠岭县"]
    town_km2 = shapely.area(_geoms(sample["township"])) / 1e6
    land = town_km2.sum()
    assert 5000 < land < 7000
    assert 100 < np.median(town_km2) < 350
    red = _geoms(sample["red_line"])
    red_share = shapely.area(shapely.make_valid(red[~shapely.is_missing(red)])).sum() / 1e6 / land
    assert 0.2 < red_share < 0.3
    farm_km2 = shapely.area(shapely.make_valid(_geoms(sample["farmland"]))) / 1e6
    assert 0.04 < np.median(farm_km2) < 0.6
    park_km2 = shapely.area(_geoms(sample["park"])) / 1e6
    assert (park_km2 > 3).all() and (park_km2 < 40).all()


@pytest.mark.parametrize("scale", ["county", "sample"])
def test_crs_and_geometry_types(scale, county, sample):
    layers = {"county": county, "sample": sample}[scale]
    for name, layer in layers.items():
        geoms = _geoms(layer)
        present = geoms[~shapely.is_missing(geoms)]
        xy = shapely.get_coordinates(present)
        if name in GEOGRAPHIC_LAYERS:
            assert layer.epsg == 4490, name
            assert (xy[:, 0] > 114).all() and (xy[:, 0] < 120).all(), name
            assert (xy[:, 1] > 28).all() and (xy[:, 1] < 33).all(), name
        else:
            assert layer.epsg == 4527, name
            assert (xy[:, 0] > 39_000_000).all() and (xy[:, 0] < 40_000_000).all(), name
            assert (xy[:, 1] > 3_100_000).all() and (xy[:, 1] < 3_700_000).all(), name
        types = set(shapely.get_type_id(present).tolist())
        expected = {
            "MultiPolygon": 6,
            "MultiLineString": 5,
            "Point": 0,
            "LineString": 1,
            "Polygon": 3,
        }[layer.geometry_type]
        assert types == {expected}, name


@pytest.mark.parametrize("scale", ["county", "sample"])
def test_validity(scale, county, sample):
    layers = {"county": county, "sample": sample}[scale]
    for name, layer in layers.items():
        geoms = _geoms(layer)
        missing = shapely.is_missing(geoms)
        invalid = int((~shapely.is_valid(geoms[~missing])).sum())
        if name == "red_line":
            assert missing.sum() == 1
        else:
            assert not missing.any(), name
        if name in PLANTED_INVALID:
            assert 1 <= invalid <= max(1, 0.01 * len(geoms)), name
        else:
            assert invalid == 0, name


def test_codes(sample):
    counties = sample["county"].frame
    assert counties["XZQDM"].str.fullmatch(r"99\d{4}").all()
    towns = sample["township"].frame
    assert towns["XZDM"].str.fullmatch(r"\d{9}").all()
    assert (towns["XZDM"].str[:6] == towns["XZQDM"]).all()
    assert towns["XZDM"].is_unique and towns["XZMC"].is_unique
    assert towns["XZMC"].str.contains("(?:镇|乡|街道)$").all()
    red = sample["red_line"].frame
    assert red["HXBH"].is_unique
    assert set(red["HXLX"]) <= {"水源涵养", "生物多样性维护", "水土保持", "河湖岸线"}
    assert "河湖岸线" in set(red["HXLX"])
    assert sample["farmland"].frame["TBBH"].is_unique
    assert set(sample["farmland"].frame["XZQDM"]) <= set(counties["XZQDM"])
    assert set(sample["water_source"].frame["BHQJB"]) == {"一级保护区", "二级保护区"}
    for name in ("project_point", "project_line", "project_polygon"):
        assert sample[name].frame["HYDM"].str.fullmatch(r"\d{4}").all()
    assert sample["park"].frame["HYDM"].str.fullmatch(r"\d{2}(,\d{2})*").all()


def test_townships_miss_counties_by_slivers(sample):
    county = datagen.reproject(_geoms(sample["county"]), 4490, 4527)
    towns = shapely.union_all(_geoms(sample["township"]))
    diff = shapely.symmetric_difference(shapely.union_all(county), towns)
    assert 0 < diff.area < 0.001 * towns.area


def test_conflicts_planted(sample):
    red = _geoms(sample["red_line"])
    red = shapely.union_all(shapely.make_valid(red[~shapely.is_missing(red)]))
    parks = _geoms(sample["park"])
    assert shapely.intersects(parks, red).any()
    assert not shapely.within(parks, red).any()
    lines = sample["project_line"].frame
    county = datagen.reproject(_geoms(sample["county"]), 4490, 4527)
    crossing = [int(shapely.intersects(county, g).sum()) for g in _geoms(sample["project_line"])]
    assert max(crossing) == 3
    outline = shapely.union_all(county)
    assert (~shapely.within(_geoms(sample["project_line"]), outline)).any()
    assert shapely.intersects(_geoms(sample["project_line"]), red).any()
    assert len(lines) >= 2


def _read_gpkg(path):
    ds = ogr.Open(str(path))
    out = {}
    for i in range(ds.GetLayerCount()):
        lyr = ds.GetLayer(i)
        srs = lyr.GetSpatialRef()
        out[lyr.GetName()] = (
            lyr.GetFeatureCount(),
            int(srs.GetAuthorityCode(None)),
            lyr.GetGeomType(),
        )
    sql = ds.ExecuteSQL("SELECT table_name, identifier FROM gpkg_contents")
    titles = {f.GetField(0): f.GetField(1) for f in sql}
    ds.ReleaseResultSet(sql)
    return out, titles


def _check_gpkg(path, layers):
    contents, titles = _read_gpkg(path)
    assert list(contents) == list(layers)
    for name, layer in layers.items():
        count, epsg, gtype = contents[name]
        assert count == len(layer.frame), name
        assert epsg == layer.epsg, name
        assert gtype == OGR_TYPES[layer.geometry_type], name
        assert titles[name] == layer.title


def test_write_gpkg_round_trip(county, tmp_path):
    path = tmp_path / "county.gpkg"
    datagen.write_gpkg(county, path)
    _check_gpkg(path, county)
    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName("red_line")
    assert sum(1 for f in lyr if f.GetGeometryRef() is None) == 1
    lyr = ds.GetLayerByName("county")
    f = lyr.GetNextFeature()
    assert f.GetField("XZQMC") == county["county"].frame["XZQMC"].iloc[0]


def test_shipped_sample_is_current(sample):
    assert SAMPLE_GPKG.exists(), "run python -m tools.make_sample"
    assert SAMPLE_GPKG.stat().st_size < 5_000_000
    _check_gpkg(SAMPLE_GPKG, sample)
    assert (SAMPLE_GPKG.parent / "README.md").exists()
