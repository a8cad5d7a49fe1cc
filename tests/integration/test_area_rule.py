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


def test_write_frame_makes_geometries_valid_in_the_crs_written(qgis_app):
    """Whatever reaches a sink after reprojection is checked with GEOS in the sink's CRS
    and made valid there (check results, compliance outputs); a bow-tie shows it."""
    import pandas as pd
    from qgis.core import QgsCoordinateReferenceSystem as Crs
    from qgis.core import QgsFields, QgsVectorLayer

    from eco_zoning.plugin.adapters.layers import write_frame

    x, y = 39_500_000.0, 3_390_000.0
    bowtie = shapely.Polygon([(x, y), (x + 1000, y + 1000), (x + 1000, y), (x, y + 1000)])
    assert not bowtie.is_valid
    frame = pd.DataFrame({"geometry": [bowtie]})
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4490", "out", "memory")
    write_frame(
        layer.dataProvider(), frame, QgsFields(), Crs.fromEpsgId(4527), Crs.fromEpsgId(4490)
    )
    written = next(layer.getFeatures()).geometry()
    assert written.isGeosValid()
    assert written.constGet().numGeometries() == 2  # both triangles kept
