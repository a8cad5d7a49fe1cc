import math

import pytest
import shapely

from plugin.core import area


@pytest.mark.parametrize(
    "lon, zone",
    [
        (117.0, 39),
        (118.49, 39),
        (118.5, 40),
        (115.5, 39),
        (115.49, 38),
        (73.5, 25),
        (136.49, 45),
        (113.26, 38),
    ],
)
def test_zone_choice_including_borders(lon, zone):
    assert area.gk3_zone(lon) == zone


def test_zone_epsg_codes():
    assert area.gk3_epsg(25) == 4513
    assert area.gk3_epsg(45) == 4533
    assert area.gk3_epsg_for_longitude(117.0) == 4527
    assert area.gk3_zone_of_epsg(4527) == 39
    assert area.gk3_zone_of_epsg(4548) == 39  # central-meridian-only variant
    assert area.gk3_zone_of_epsg(4490) is None


@pytest.mark.parametrize("lon", [10.0, 140.0, math.nan, None])
def test_longitudes_outside_china_are_refused(lon):
    with pytest.raises(ValueError):
        area.gk3_zone(lon)


def test_area_of_a_known_square_and_of_nothing():
    square = shapely.box(39_500_000, 3_390_000, 39_501_000, 3_391_000)  # 1 km × 1 km in zone 39
    holed = shapely.Polygon(
        square.exterior.coords,
        [shapely.box(39_500_100, 3_390_100, 39_500_200, 3_390_200).exterior.coords],
    )
    areas = area.planar_area([square, holed, None, shapely.Polygon()])
    assert areas.tolist() == [1_000_000.0, 990_000.0, 0.0, 0.0]
    assert area.m2_to_km2(areas[0]) == 1.0
