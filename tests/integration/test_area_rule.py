"""The one area rule against QGIS's own machinery, and the project-level option."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from eco_zoning.plugin.core import area


def test_gauss_kruger_formulas_match_qgis_transforms(qgis_app):
    from qgis.core import QgsCoordinateReferenceSystem as Crs
    from qgis.core import QgsCoordinateTransform, QgsPointXY, QgsProject

    for lon, lat in [(117.3, 31.2), (118.49, 45.0), (115.6, 22.1), (121.4, 38.9)]:
        zone = area.gk3_zone(lon)
        for epsg, prefixed in ((4488 + zone, True), (4509 + zone, False)):
            t = QgsCoordinateTransform(
                Crs.fromEpsgId(4490), Crs.fromEpsgId(epsg), QgsProject.instance()
            )
            p = t.transform(QgsPointXY(lon, lat))
            x, y = area.gk_forward([lon], [lat], zone, prefixed)
            assert abs(x[0] - p.x()) < 1e-3 and abs(y[0] - p.y()) < 1e-3


def test_ellipsoidal_area_matches_qgis_distance_area(qgis_app):
    from qgis.core import QgsCoordinateReferenceSystem, QgsDistanceArea, QgsGeometry, QgsProject

    outline = shapely.segmentize(
        shapely.Polygon(
            [(117.0, 31.0), (117.3, 31.0), (117.3, 31.25), (117.1, 31.3), (117.0, 31.2)]
        ),
        0.001,
    )
    measure = QgsDistanceArea()
    measure.setSourceCrs(
        QgsCoordinateReferenceSystem.fromEpsgId(4490), QgsProject.instance().transformContext()
    )
    measure.setEllipsoid("EPSG:1024")  # CGCS2000
    expected = measure.measureArea(QgsGeometry.fromWkt(outline.wkt))
    assert area.official_area_m2([outline], 4490, area.ELLIPSOIDAL)[0] == pytest.approx(
        expected, rel=1e-6
    )


def test_project_option_and_panel_area(qgis_app):
    from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsProject

    from eco_zoning.plugin.adapters import area_rule
    from eco_zoning.plugin.adapters.crs import official_area_m2

    project = QgsProject.instance()
    square = shapely.box(118.9, 31.0, 118.91, 31.01)  # zone 40
    geometry = QgsGeometry.fromWkt(square.wkt)
    crs = QgsCoordinateReferenceSystem.fromEpsgId(4490)
    try:
        assert area_rule.area_rule(project) == area.PLANAR_ZONE  # the default
        planar = official_area_m2(geometry, crs)
        assert planar == pytest.approx(area.official_area_m2([square], 4490)[0])
        area_rule.set_area_rule(area.ELLIPSOIDAL, project)
        ellipsoidal = official_area_m2(geometry, crs)
        assert ellipsoidal == pytest.approx(area.ellipsoidal_area([square])[0])
        assert ellipsoidal != pytest.approx(planar, rel=1e-6)
        # the same unit in zone 39 coordinates: still measured in its own zone 40
        area_rule.set_area_rule(area.PLANAR_ZONE, project)
        zone39 = QgsCoordinateReferenceSystem.fromEpsgId(4527)

        def to39(xy):
            return np.column_stack(area.gk_forward(xy[:, 0], xy[:, 1], 39))

        in39 = QgsGeometry.fromWkt(shapely.transform(square, to39).wkt)
        assert official_area_m2(in39, zone39) == pytest.approx(planar, rel=1e-9)
        with pytest.raises(ValueError):
            area_rule.set_area_rule("spherical", project)
    finally:
        project.removeEntry(area_rule.PROJECT_SCOPE, area_rule.KEY)
