"""外业核查 package, data side: choose the rows of an area, write the package GeoPackage,
take the snapshot and write the manifest.

The office database is only read (OGR in read-only mode through QGIS layers); everything
is written under the package folder.
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid as _uuid
from dataclasses import dataclass, field
from pathlib import Path

from osgeo import ogr, osr
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsVectorLayer,
)

from ..core import schema
from ..core.fieldwork import model
from ..core.fieldwork.snapshot import problem_id, take_snapshot
from .layers import to_python
from .project_db import OGR_TYPES, layer_uri

PACKAGE_GPKG = "fieldwork.gpkg"
MANIFEST = "manifest.json"
PHOTO_DIR = "DCIM"
REVIEW_POINTS = "review_points"
REVIEW_POLYGONS = "review_polygons"
OPEN_STATUSES = (None, "待处理")


class PackageError(RuntimeError):
    pass


@dataclass
class PackageContent:
    """What goes in a package (features as (attributes dict, QgsGeometry))."""

    crs_wkt: str
    crs_authid: str = ""
    units: list = field(default_factory=list)
    unit_fields: list = field(default_factory=list)  # FieldSpecs
    problems: list = field(default_factory=list)
    access_rows: list = field(default_factory=list)
    unit_requirements: list = field(default_factory=list)  # effective list per unit
    references: list = field(default_factory=list)  # (table, title, [geometries])
    area: QgsGeometry | None = None
    leads: list = field(default_factory=list)  # supervision leads in the area
    lead_table: str | None = None  # their table in the project database (None: no leads)


def office_layers(database: str | Path) -> dict[str, QgsVectorLayer]:
    """The office database's unit, access-list and check tables (read only)."""
    layers = {}
    for table, title in (
        (schema.UNIT_TABLE, schema.UNIT_LAYER_NAME),
        (schema.ACCESS_LIST_TABLE, schema.ACCESS_LIST_TABLE_NAME),
        (schema.CHECK_TABLE, schema.CHECK_LAYER_NAME),
    ):
        layer = QgsVectorLayer(layer_uri(database, table), title, "ogr")
        if not layer.isValid():
            raise PackageError(f"{database}: table {table} cannot be opened")
        layer.setReadOnly(True)
        layers[table] = layer
    return layers


def features(layer: QgsVectorLayer, request=None) -> list[tuple[dict, QgsGeometry]]:
    names = layer.fields().names()
    out = []
    for feature in layer.getFeatures(request or QgsFeatureRequest()):
        values = {n: to_python(feature[n]) for n in names}
        values["fid"] = feature.id()
        out.append((values, QgsGeometry(feature.geometry())))
    return out


def interiors_meet(a: QgsGeometry, b: QgsGeometry) -> bool:
    """Whether two polygons share area (not only a border)."""
    if a.isEmpty() or b.isEmpty() or not a.boundingBox().intersects(b.boundingBox()):
        return False
    return a.intersects(b) and a.intersection(b).area() > 0


def open_problems(check_layer: QgsVectorLayer, expression: str = "") -> list:
    request = QgsFeatureRequest()
    if expression:
        request.setFilterExpression(expression)
    rows = [
        (values, geometry)
        for values, geometry in features(check_layer, request)
        if values.get(schema.CHK_STATUS) in OPEN_STATUSES
    ]
    for values, _ in rows:
        values["problem_id"] = problem_id(
            values.get(schema.CHK_CODE),
            values.get(schema.CHK_UNITS),
            values.get(schema.CHK_COUNTY),
            values.get(schema.CHK_MESSAGE),
        )
    return rows


def units_in_area(units, counties=(), area: QgsGeometry | None = None, codes=(), problems=()):
    """The units picked by any of: county codes, an area, unit codes, problems."""
    counties, codes = set(counties), set(codes)
    for values, _ in problems:
        codes |= {c.strip() for c in str(values.get(schema.CHK_UNITS) or "").split(",")}
    picked = []
    for values, geometry in units:
        if (
            values.get(schema.UNIT_COUNTY_CODE) in counties
            or values.get(schema.UNIT_CODE) in codes
            or (area is not None and interiors_meet(geometry, area))
            or any(interiors_meet(geometry, g) for _, g in problems)
        ):
            picked.append((values, geometry))
    return picked


def union(geometries) -> QgsGeometry:
    parts = [g for g in geometries if g is not None and not g.isEmpty()]
    return QgsGeometry.unaryUnion(parts) if parts else QgsGeometry()


def clip_layer(layer: QgsVectorLayer, area: QgsGeometry, crs) -> list[QgsGeometry]:
    """``layer``'s geometries (in ``crs``) clipped to ``area``; polygonal parts only."""
    from qgis.core import QgsCoordinateTransform, QgsProject

    transform = QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance())
    out = []
    for feature in layer.getFeatures():
        geometry = QgsGeometry(feature.geometry())
        if geometry.isEmpty():
            continue
        geometry.transform(transform)
        if not geometry.isGeosValid():
            geometry = geometry.makeValid()
        if not geometry.boundingBox().intersects(area.boundingBox()):
            continue
        piece = geometry.intersection(area)
        if not piece.isEmpty() and piece.area() > 0:
            piece.convertGeometryCollectionToSubclass(2)  # polygons
            out.append(piece)
    return out


def lead_table_of(layer: QgsVectorLayer, database) -> str | None:
    """The table name of a lead layer stored in the project database ``database``, or None
    when the layer lives elsewhere (its statuses could not be merged back)."""
    from qgis.core import QgsProviderRegistry

    if layer.providerType() != "ogr":
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path") or ""
    try:
        same = bool(path) and Path(path).resolve() == Path(database).resolve()
    except OSError:
        same = False
    if not same:
        return None
    return parts.get("layerName") or None


def is_lead_layer(layer) -> bool:
    names = set(layer.fields().names())
    return {model.LEAD_KEY, *model.LEAD_EDITABLE} <= names


def leads_in_area(layer: QgsVectorLayer, area: QgsGeometry, crs, unit_codes) -> list:
    """The leads of the exported units, or lying in the area (geometry in ``crs``)."""
    from qgis.core import QgsCoordinateTransform, QgsProject

    codes = set(unit_codes)
    transform = QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance())
    picked = []
    for values, geometry in features(layer):
        geometry.transform(transform)
        inside = not geometry.isEmpty() and geometry.intersects(area)
        if values.get("unit_code") in codes or inside:
            picked.append((values, geometry))
    return picked


def access_rows_for(access: QgsVectorLayer, unit_codes) -> list[dict]:
    """Requirements above unit level, and the unit-level ones of the exported units."""
    codes = set(unit_codes)
    return [
        values
        for values, _ in features(access)
        if values.get(schema.REQ_SCOPE_LEVEL) != "单元"
        or values.get(schema.REQ_SCOPE_CODE) in codes
    ]


def _shapely(geometry: QgsGeometry):
    import shapely

    return (
        None
        if geometry is None or geometry.isEmpty()
        else shapely.from_wkb(bytes(geometry.asWkb()))
    )


def effective_rows(access: QgsVectorLayer, database, units) -> list[dict]:
    """Every exported unit's effective access list (core.fieldwork.requirements)."""
    import pandas as pd

    from ..core.fieldwork.requirements import unit_requirement_rows

    requirements = pd.DataFrame([values for values, _ in features(access)])
    regions = None
    layer = QgsVectorLayer(layer_uri(database, schema.REGION_TABLE), "regions", "ogr")
    if layer.isValid():
        rows = [{**values, "geometry": _shapely(geometry)} for values, geometry in features(layer)]
        regions = pd.DataFrame(rows) if rows else None
    scopes = [
        (
            values.get(schema.UNIT_CODE),
            values.get(schema.UNIT_CLASS),
            values.get(schema.UNIT_COUNTY_CODE),
            _shapely(geometry),
        )
        for values, geometry in units
    ]
    return unit_requirement_rows(requirements, scopes, regions)


# --- writing -------------------------------------------------------------------


def _create(datasource, table, title, geometry_type, specs, srs):
    options = [f"IDENTIFIER={title}", "FID=fid"]
    if geometry_type != ogr.wkbNone:
        options.append("GEOMETRY_NAME=geom")
    layer = datasource.CreateLayer(
        table, srs if geometry_type != ogr.wkbNone else None, geometry_type, options
    )
    for s in specs:
        definition = ogr.FieldDefn(s.name, OGR_TYPES[s.kind])
        if s.kind == "str" and s.length:
            definition.SetWidth(s.length)
        layer.CreateField(definition)
    return layer


def _put(layer, specs, rows) -> None:
    """Append (values, QgsGeometry or None) rows to an OGR layer in one transaction."""
    definition = layer.GetLayerDefn()
    layer.StartTransaction()
    for values, geometry in rows:
        feature = ogr.Feature(definition)
        for s in specs:
            value = values.get(s.name)
            if value is None:
                continue
            if isinstance(value, (_dt.date, _dt.datetime)):
                value = value.isoformat()
            feature.SetField(s.name, value)
        if geometry is not None and not geometry.isEmpty():
            g = QgsGeometry(geometry)
            if layer.GetGeomType() != ogr.wkbPoint:
                g.convertToMultiType()
            feature.SetGeometry(ogr.CreateGeometryFromWkb(bytes(g.asWkb())))
        layer.CreateFeature(feature)
    layer.CommitTransaction()


UNIT_REQUIREMENTS = "unit_requirements"
UNIT_REQUIREMENTS_TITLE = "单元生效准入清单"
UNIT_REQUIREMENT_FIELDS = (
    schema.FieldSpec("unit_code", "str", "环境管控单元编码", "Unit code", 20, True),
    *schema.ACCESS_LIST_FIELDS,
    schema.FieldSpec("level_rank", "int", "层级顺序", "Level order"),
)
PROBLEM_FIELDS = (
    schema.FieldSpec("problem_id", "str", "问题编号", "Problem id", 12, True, read_only=True),
    *schema.CHECK_FIELDS,
)


def package_tables(content: PackageContent):
    """(table, title, OGR geometry type, specs, rows) of every package table."""
    tables = [
        (
            schema.UNIT_TABLE,
            schema.UNIT_LAYER_NAME,
            ogr.wkbMultiPolygon,
            content.unit_fields,
            content.units,
        ),
        (
            schema.ACCESS_LIST_TABLE,
            schema.ACCESS_LIST_TABLE_NAME,
            ogr.wkbNone,
            schema.ACCESS_LIST_FIELDS,
            [(row, None) for row in content.access_rows],
        ),
        (
            UNIT_REQUIREMENTS,
            UNIT_REQUIREMENTS_TITLE,
            ogr.wkbNone,
            UNIT_REQUIREMENT_FIELDS,
            [(row, None) for row in content.unit_requirements],
        ),
        (
            schema.CHECK_TABLE,
            schema.CHECK_LAYER_NAME,
            ogr.wkbMultiPolygon,
            PROBLEM_FIELDS,
            content.problems,
        ),
        (REVIEW_POINTS, model.REVIEW_LAYER_NAME + "（点）", ogr.wkbPoint, model.REVIEW_FIELDS, []),
        (
            REVIEW_POLYGONS,
            model.REVIEW_LAYER_NAME + "（面）",
            ogr.wkbMultiPolygon,
            model.REVIEW_FIELDS,
            [],
        ),
    ]
    if content.lead_table:
        tables.append(
            (model.LEAD_TABLE, model.LEAD_TITLE, ogr.wkbPoint, schema.LEAD_FIELDS, content.leads)
        )
    name_spec = schema.FieldSpec("name", "str", "名称", "Name", 100)
    for table, title, geometries in content.references:
        rows = [({"name": title}, g) for g in geometries]
        tables.append((table, title, ogr.wkbMultiPolygon, (name_spec,), rows))
    return tables


def write_geopackage(path: Path, content: PackageContent) -> None:
    srs = osr.SpatialReference()
    if content.crs_authid.startswith("EPSG:"):
        srs.ImportFromEPSG(int(content.crs_authid[5:]))
    else:
        srs.ImportFromWkt(content.crs_wkt)
    datasource = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    if datasource is None:
        raise PackageError(f"cannot create {path}")
    for table, title, geometry_type, specs, rows in package_tables(content):
        layer = _create(datasource, table, title, geometry_type, specs, srs)
        _put(layer, specs, rows)
    datasource.FlushCache()
    datasource = None


def snapshot_of(content: PackageContent) -> dict:
    snapshot = {
        schema.UNIT_TABLE: take_snapshot(
            [v for v, _ in content.units],
            model.KEYS[schema.UNIT_TABLE],
            model.EDITABLE[schema.UNIT_TABLE],
        ),
        schema.CHECK_TABLE: take_snapshot(
            [v for v, _ in content.problems],
            model.KEYS[schema.CHECK_TABLE],
            model.EDITABLE[schema.CHECK_TABLE],
        ),
    }
    if content.lead_table:
        snapshot[content.lead_table] = take_snapshot(
            [v for v, _ in content.leads], model.LEAD_KEY, model.LEAD_EDITABLE
        )
    return snapshot


def write_manifest(folder: Path, package_id: str, version: str, area: dict, content, warnings):
    manifest = {
        "format": "ecozoning-fieldwork/1",
        "package_id": package_id,
        "exported_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "plugin_version": version,
        "area": area,
        "crs": content.crs_wkt,
        "geopackage": PACKAGE_GPKG,
        "counts": {
            "units": len(content.units),
            "problems": len(content.problems),
            "access_list": len(content.access_rows),
            "leads": len(content.leads),
        },
        "leads_table": content.lead_table,
        "warnings": warnings,
        "snapshot": snapshot_of(content),
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def new_package_id() -> str:
    return _dt.datetime.now().strftime("%Y%m%d") + "-" + _uuid.uuid4().hex[:8]


def unit_field_specs(unit_layer: QgsVectorLayer) -> list:
    """The office unit layer's fields as FieldSpecs, plus the review fields."""
    known = {s.name: s for s in schema.UNIT_FIELDS}
    kinds = {"String": "str", "Integer": "int", "Integer64": "int", "Real": "float"}
    specs = []
    for f in unit_layer.fields():
        if f.name() == "fid":
            continue
        spec = known.get(f.name())
        if spec is None:
            kind = kinds.get(f.typeName(), "str")
            spec = schema.FieldSpec(f.name(), kind, f.alias() or f.name(), f.name(), f.length())
        specs.append(spec)
    names = {s.name for s in specs}
    specs += [s for s in model.UNIT_REVIEW_FIELDS if s.name not in names]
    return specs


def read_feature_rows(layer: QgsVectorLayer) -> list[dict]:
    """Every feature's attributes as a dict (for the merge), geometry left out."""
    return [values for values, _ in features(layer)]


def new_feature(layer: QgsVectorLayer, values: dict, geometry=None) -> QgsFeature:
    feature = QgsFeature(layer.fields())
    for name, value in values.items():
        if layer.fields().indexOf(name) >= 0:
            feature[name] = value
    if geometry is not None:
        feature.setGeometry(geometry)
    return feature
