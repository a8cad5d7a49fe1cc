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


# --- the one area rule --------------------------------------------------------------------


def _square_lonlat(lon, lat, size_deg=0.01):
    return shapely.box(lon, lat, lon + size_deg, lat + size_deg)


def test_gauss_kruger_round_trip_is_sub_millimetre():
    import numpy as np

    lon = np.array([115.6, 117.0, 118.4, 120.2])
    lat = np.array([22.1, 30.5, 41.0, 45.9])
    for zone in (39, 40):
        x, y = area.gk_forward(lon, lat, zone)
        assert (x // 1_000_000 == zone).all()  # the zone prefix in the easting
        back_lon, back_lat = area.gk_inverse(x, y, zone)
        assert np.abs(back_lon - lon).max() < 1e-9 and np.abs(back_lat - lat).max() < 1e-9
    # on the central meridian the easting is the false easting, the northing the arc length
    x, y = area.gk_forward([117.0], [0.0], 39)
    assert x[0] == pytest.approx(39_500_000.0) and y[0] == pytest.approx(0.0, abs=1e-6)
    _, y = area.gk_forward([117.0], [45.0], 39)
    assert y[0] == pytest.approx(4_984_944.378, abs=0.01)  # CGCS2000 meridian arc to 45°


def test_a_units_area_does_not_depend_on_the_other_features_of_its_layer():
    """A city straddling zones 39 and 40 (border at 118.5°E), given in zone 39."""
    west = _square_lonlat(118.2, 31.0)  # zone 39
    east = _square_lonlat(118.9, 31.0)  # zone 40

    def in_zone39(g):
        def fwd(xy):
            import numpy as np

            return np.column_stack(area.gk_forward(xy[:, 0], xy[:, 1], 39))

        return shapely.transform(g, fwd)

    both = area.official_area_m2([in_zone39(west), in_zone39(east)], 4527)
    alone_east = area.official_area_m2([in_zone39(east)], 4527)
    alone_west = area.official_area_m2([in_zone39(west)], 4527)
    assert both[1] == pytest.approx(alone_east[0], rel=1e-12)
    assert both[0] == pytest.approx(alone_west[0], rel=1e-12)
    # ... and it is the area in its own zone, whatever CRS it comes in
    in_own_zone = area.official_area_m2([east], 4490)[0]
    assert both[1] == pytest.approx(in_own_zone, rel=1e-9)
    assert area.feature_zones([in_zone39(west), in_zone39(east)], 4527).tolist() == [39, 40]
    # measured in zone 39 instead, the east square would be off by the scale error
    wrong = area.planar_area([in_zone39(east)])[0]
    assert abs(wrong - both[1]) > 1.0


def test_ellipsoidal_area_of_a_graticule_box_and_the_rule_option():
    import numpy as np

    box = shapely.box(117.0, 30.0, 118.0, 31.0)
    # exact: (Δλ) × (F(φ2) − F(φ1)) with F the authalic integral
    exact = np.radians(1.0) * (
        area._authalic_integral(np.sin(np.radians(31.0)))
        - area._authalic_integral(np.sin(np.radians(30.0)))
    )
    assert area.official_area_m2([box], 4490, area.ELLIPSOIDAL)[0] == pytest.approx(exact)
    assert 1.0e10 < exact < 1.1e10  # about 96 km × 111 km
    holed = shapely.Polygon(
        box.exterior.coords, [shapely.box(117.2, 30.2, 117.4, 30.4).exterior.coords]
    )
    inner = area.official_area_m2([shapely.box(117.2, 30.2, 117.4, 30.4)], 4490, area.ELLIPSOIDAL)
    assert area.ellipsoidal_area([holed])[0] == pytest.approx(exact - inner[0])
    # planar in the zone and ellipsoidal agree to the GK scale error (< 0.03 % near 117°E)
    planar = area.official_area_m2([box], 4490)[0]
    assert planar == pytest.approx(exact, rel=3e-4)
    with pytest.raises(ValueError):
        area.official_area_m2([box], 4490, "spherical")
    with pytest.raises(ValueError):
        area.official_area_m2([box], 3857)


def test_the_engines_measure_by_the_rule_in_force():
    sq = _square_lonlat(117.0, 31.0)
    assert area.official_m2([sq])[0] == pytest.approx(sq.area)  # no rule: plain planar
    with area.using(area.AreaRule(4490, area.ELLIPSOIDAL)) as rule:
        assert area.official_m2([sq])[0] == pytest.approx(
            area.official_area_m2([sq], 4490, area.ELLIPSOIDAL)[0]
        )
        assert "ellipsoid" in rule.description()
    assert area.current().epsg is None
