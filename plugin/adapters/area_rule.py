"""The project's area rule (a project-level option) and official area of QGIS geometries.

The rule itself lives in ``plugin.core.area``; this module only stores the choice in the
QGIS project (scope ``EcoZoning``, key ``area_rule``) and brings geometries in other CRSs
to EPSG:4490 first.
"""

from __future__ import annotations

from qgis.core import QgsProject

from ..core import area

PROJECT_SCOPE = "EcoZoning"
KEY = "area_rule"


def area_rule(project: QgsProject | None = None) -> str:
    """The project's area rule: ``area.PLANAR_ZONE`` (default) or ``area.ELLIPSOIDAL``."""
    project = project or QgsProject.instance()
    value, _found = project.readEntry(PROJECT_SCOPE, KEY, area.PLANAR_ZONE)
    return value if value in area.AREA_RULES else area.PLANAR_ZONE


def set_area_rule(rule: str, project: QgsProject | None = None) -> None:
    if rule not in area.AREA_RULES:
        raise ValueError(f"unknown area rule {rule!r}")
    (project or QgsProject.instance()).writeEntry(PROJECT_SCOPE, KEY, rule)


def official_areas_m2(geoms, crs, rule: str | None = None):
    """Official areas (m²) of shapely geometries in any CRS, by the project's rule."""
    from . import crs as crs_adapter

    rule = rule or area_rule()
    if not crs_adapter.is_cgcs2000(crs):
        from qgis.core import QgsCoordinateReferenceSystem

        geographic = QgsCoordinateReferenceSystem.fromEpsgId(area.CGCS2000_GEOGRAPHIC_EPSG)
        geoms = crs_adapter.transform_geometries(geoms, crs, geographic)
        return area.official_area_m2(geoms, area.CGCS2000_GEOGRAPHIC_EPSG, rule)
    return area.official_area_m2(geoms, crs_adapter.epsg_of(crs), rule)


def rule_for(crs, project: QgsProject | None = None) -> area.AreaRule:
    """The engines' area rule for geometries in ``crs`` (the working CRS)."""
    from . import crs as crs_adapter

    if crs_adapter.is_cgcs2000(crs):
        return area.AreaRule(crs_adapter.epsg_of(crs), area_rule(project))
    return area.AreaRule(None)


def official_km2(geoms, crs, work_crs) -> tuple:
    """(areas in km², the rule used) of shapely geometries in ``crs``, the MJ of a unit
    layer written in ``crs``: measured where they lie when ``crs`` is CGCS2000 (geographic
    or a 3° zone), else back in the working zone ``work_crs``, by the same rule."""
    from . import crs as crs_adapter

    if crs_adapter.is_cgcs2000(crs):
        rule = rule_for(crs)
        return area.m2_to_km2(rule.m2(geoms)), rule
    rule = rule_for(work_crs)
    return area.m2_to_km2(rule.m2(crs_adapter.transform_geometries(geoms, crs, work_crs))), rule
