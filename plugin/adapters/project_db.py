"""The EcoZoning project database: a GeoPackage with the unit layer, the access-list
table and the check-results layer, each with its form and style stored inside.

Tables are created with OGR from the schema module; forms (aliases, value maps,
read-only fields) and renderers are set on QGIS layers and saved as the default
style in the GeoPackage's ``layer_styles`` table, so any QGIS that opens the file
gets them. The unit -> access-list relation is a project object and is added
when the layers are loaded.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
from osgeo import ogr, osr
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCentroidFillSymbolLayer,
    QgsCoordinateReferenceSystem,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsFillSymbol,
    QgsMarkerSymbol,
    QgsProject,
    QgsRelation,
    QgsRelationContext,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)

from ..core import schema
from ..i18n import tr

OGR_TYPES = {
    "str": ogr.OFTString,
    "int": ogr.OFTInteger,
    "float": ogr.OFTReal,
    "date": ogr.OFTDate,
    "datetime": ogr.OFTDateTime,
}

RELATION_ID = "ecozoning_unit_access_list"
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

# (table, display name, geometry type, field specs)
TABLES = (
    (schema.UNIT_TABLE, schema.UNIT_LAYER_NAME, ogr.wkbMultiPolygon, schema.UNIT_FIELDS),
    (
        schema.ACCESS_LIST_TABLE,
        schema.ACCESS_LIST_TABLE_NAME,
        ogr.wkbNone,
        schema.ACCESS_LIST_FIELDS,
    ),
    (schema.CHECK_TABLE, schema.CHECK_LAYER_NAME, ogr.wkbMultiPolygon, schema.CHECK_FIELDS),
    (schema.REGION_TABLE, schema.REGION_LAYER_NAME, ogr.wkbMultiPolygon, schema.REGION_FIELDS),
    (schema.LOG_TABLE, schema.LOG_TABLE_NAME, ogr.wkbNone, schema.LOG_FIELDS),
)

# The version register and the snapshot tables (created with the database, or by
# ``versions.ensure_tables`` in an older one); not opened as project layers.
VERSION_TABLES = (
    (schema.VERSION_TABLE, schema.VERSION_TABLE_NAME, ogr.wkbNone, schema.VERSION_FIELDS),
    (
        schema.UNIT_VERSION_TABLE,
        schema.UNIT_VERSION_TABLE_NAME,
        ogr.wkbMultiPolygon,
        schema.UNIT_VERSION_FIELDS,
    ),
    (
        schema.ACCESS_LIST_VERSION_TABLE,
        schema.ACCESS_LIST_VERSION_TABLE_NAME,
        ogr.wkbNone,
        schema.ACCESS_LIST_VERSION_FIELDS,
    ),
    (
        schema.REGION_VERSION_TABLE,
        schema.REGION_VERSION_TABLE_NAME,
        ogr.wkbMultiPolygon,
        schema.REGION_VERSION_FIELDS,
    ),
)

# Map colours used in published zoning maps: green priority, orange key, blue general.
CLASS_COLOURS = {
    schema.PRIORITY: "77,175,74",
    schema.KEY: "255,127,0",
    schema.GENERAL: "142,202,230",
}
SEVERITY_COLOURS = {"错误": "227,26,28", "警告": "255,127,0", "提示": "255,217,47"}


class ProjectDatabaseError(RuntimeError):
    pass


def create_tables(path: str | Path, epsg: int) -> None:
    """Create the GeoPackage at ``path`` with the schema's tables (the file must not exist)."""
    driver = ogr.GetDriverByName("GPKG")
    datasource = driver.CreateDataSource(str(path))
    if datasource is None:
        raise ProjectDatabaseError(tr("Cannot create the GeoPackage {0}").format(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(int(epsg))
    add_tables(datasource, srs, TABLES + VERSION_TABLES)
    datasource.FlushCache()
    datasource = None
    ensure_journal_table(path, epsg)


def add_tables(datasource, srs, tables) -> None:
    """Create ``tables`` ((table, title, geometry type, field specs)) in an OGR datasource."""
    for table, title, geometry_type, specs in tables:
        create_table(datasource, table, title, geometry_type, specs, srs)


def create_table(datasource, table, title, geometry_type, specs, srs):
    """One GeoPackage table: ``title`` as its identifier, "fid" and "geom" as its key and
    geometry columns, a column per field spec (text widths kept). Returns the OGR layer."""
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
        layer.CreateField(definition)  # nullable (OGR's default): forms enforce required
    return layer


JOURNAL_GEOMETRY_NAME = "geom"


def has_journal_table(path: str | Path) -> bool:
    datasource = ogr.Open(str(path))
    found = datasource is not None and datasource.GetLayerByName(schema.JOURNAL_TABLE) is not None
    datasource = None
    return found


def ensure_journal_table(path: str | Path, epsg: int | None = None) -> None:
    """Add the change journal (``change_journal``) to a project GeoPackage that lacks it;
    its geometry (the land that changed) takes the CRS of the units table unless given."""
    datasource = ogr.Open(str(path), 1)
    if datasource is None:
        raise ProjectDatabaseError(f"cannot open GeoPackage {path} for writing")
    if datasource.GetLayerByName(schema.JOURNAL_TABLE) is not None:
        return
    srs = None
    if epsg is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(int(epsg))
    else:
        units = datasource.GetLayerByName(schema.UNIT_TABLE)
        srs = units.GetSpatialRef() if units is not None else None
    layer = datasource.CreateLayer(
        schema.JOURNAL_TABLE,
        srs,
        ogr.wkbMultiPolygon,
        [f"IDENTIFIER={schema.JOURNAL_LAYER_NAME}", "FID=fid", "GEOMETRY_NAME=geom"],
    )
    if layer is None:
        raise ProjectDatabaseError(f"{path}: the change journal cannot be created")
    for s in schema.JOURNAL_FIELDS:
        definition = ogr.FieldDefn(s.name, OGR_TYPES[s.kind])
        if s.kind == "str" and s.length:
            definition.SetWidth(s.length)
        layer.CreateField(definition)
    datasource.FlushCache()
    datasource = None


def configure_form(layer: QgsVectorLayer, specs, mapping: dict | None = None) -> None:
    """Aliases, value maps, read-only fields and multi-line text for ``layer``'s form.

    ``mapping`` maps schema field names onto the layer's own names (default: same).
    """
    mapping = mapping or {}
    fields = layer.fields()
    form = layer.editFormConfig()
    for s in specs:
        index = fields.indexOf(mapping.get(s.name, s.name))
        if index < 0:
            continue
        layer.setFieldAlias(index, s.alias_zh)
        if s.value_map:
            entries = [{label: value} for label, value in s.value_map.items()]
            layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup("ValueMap", {"map": entries}))
        elif s.kind == "str" and s.length == 0:
            layer.setEditorWidgetSetup(
                index, QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False})
            )
        elif s.kind in ("date", "datetime"):
            display = "yyyy-MM-dd" if s.kind == "date" else "yyyy-MM-dd HH:mm:ss"
            layer.setEditorWidgetSetup(
                index,
                QgsEditorWidgetSetup(
                    "DateTime",
                    {"display_format": display, "field_format": display, "calendar_popup": True},
                ),
            )
        form.setReadOnly(index, s.read_only)
        if s.required:
            layer.setFieldConstraint(index, QgsFieldConstraints.Constraint.ConstraintNotNull)
    layer.setEditFormConfig(form)


def _categorized(
    field: str, colours: dict, labels: dict, opacity: float
) -> QgsCategorizedSymbolRenderer:
    categories = []
    for value, colour in colours.items():
        symbol = QgsFillSymbol.createSimple(
            {
                "color": colour + f",{int(255 * opacity)}",
                "outline_color": "60,60,60",
                "outline_width": "0.2",
            }
        )
        categories.append(QgsRendererCategory(value, symbol, labels.get(value, str(value))))
    return QgsCategorizedSymbolRenderer(field, categories)


def style_unit_layer(layer: QgsVectorLayer, class_field: str = schema.UNIT_CLASS) -> None:
    layer.setRenderer(
        _categorized(
            class_field,
            CLASS_COLOURS,
            {c: schema.CLASS_UNIT_SUFFIX_ZH[c] for c in CLASS_COLOURS},
            0.75,
        )
    )


def style_check_layer(layer: QgsVectorLayer) -> None:
    """Errors and warnings filled; hints (提示, e.g. G03 multipart markers) as a marker on
    each part only, so a hint never tints a whole unit."""

    renderer = _categorized(schema.CHK_SEVERITY, SEVERITY_COLOURS, {}, 0.6)
    hint = schema.SEVERITIES_ZH[-1]
    for index, category in enumerate(renderer.categories()):
        if category.value() != hint:
            continue
        centroid = QgsCentroidFillSymbolLayer()
        centroid.setPointOnAllParts(True)
        centroid.setPointOnSurface(True)
        centroid.setSubSymbol(
            QgsMarkerSymbol.createSimple(
                {
                    "name": "circle",
                    "color": SEVERITY_COLOURS[hint],
                    "outline_color": "60,60,60",
                    "size": "3",
                }
            )
        )
        symbol = QgsFillSymbol()
        symbol.changeSymbolLayer(0, centroid)
        renderer.updateCategorySymbol(index, symbol)
    layer.setRenderer(renderer)


def configure_layer(layer: QgsVectorLayer, table: str) -> None:
    """Form and style of one of the project database's layers, by table name."""
    if table == schema.UNIT_TABLE:
        configure_form(layer, schema.UNIT_FIELDS)
        style_unit_layer(layer)
    elif table == schema.ACCESS_LIST_TABLE:
        configure_form(layer, schema.ACCESS_LIST_FIELDS)
    elif table == schema.CHECK_TABLE:
        configure_form(layer, schema.CHECK_FIELDS)
        style_check_layer(layer)
    elif table == schema.LOG_TABLE:
        configure_form(layer, schema.LOG_FIELDS)
    elif table == schema.JOURNAL_TABLE:
        configure_form(layer, schema.JOURNAL_FIELDS)
    elif table == schema.REGION_TABLE:
        configure_form(layer, schema.REGION_FIELDS)
        layer.setRenderer(
            QgsSingleSymbolRenderer(
                QgsFillSymbol.createSimple(
                    {
                        "color": "0,0,0,0",
                        "outline_color": "31,120,180",
                        "outline_width": "0.6",
                        "outline_style": "dash",
                    }
                )
            )
        )


def layer_uri(path: str | Path, table: str) -> str:
    return f"{path}|layername={table}"


def open_layers(path: str | Path) -> dict[str, QgsVectorLayer]:
    """The project database's layers, keyed by table name, with their stored styles."""
    layers = {}
    for table, title, _, _ in TABLES:
        layer = QgsVectorLayer(layer_uri(path, table), title, "ogr")
        if not layer.isValid():
            raise ProjectDatabaseError(tr("{0}: table {1} cannot be opened").format(path, table))
        layers[table] = layer
    return layers


def save_default_styles(path: str | Path) -> None:
    for table, layer in open_layers(path).items():
        configure_layer(layer, table)
        message = layer.saveStyleToDatabase(layer.name(), "EcoZoning", True, "")
        # 3.22 returns the error text (empty on success)
        if message:
            raise ProjectDatabaseError(
                tr("{0}: the style of {1} was not saved: {2}").format(path, table, message)
            )


def create_project_database(
    path: str | Path, crs: QgsCoordinateReferenceSystem, overwrite: bool = False
) -> Path:
    """Create the project GeoPackage atomically (built in a temporary file, then renamed).

    An existing file is refused unless ``overwrite``; a failure leaves any existing
    file untouched and no partial file behind.
    """
    path = Path(path)
    if path.suffix.lower() != ".gpkg":
        raise ProjectDatabaseError(tr("Not a .gpkg path: {0}").format(path))
    if path.exists() and not overwrite:
        raise FileExistsError(str(path))
    if not crs.isValid():
        raise ProjectDatabaseError(tr("Invalid coordinate reference system"))
    epsg = crs.postgisSrid()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".gpkg", prefix=".ecozoning-", dir=path.parent)
    os.close(handle)
    os.unlink(temporary)  # OGR wants to create it itself
    try:
        create_tables(temporary, epsg)
        save_default_styles(temporary)
        # An old file's write-ahead log would be replayed into the new file: drop it first.
        for companion in SQLITE_COMPANIONS:
            stale = Path(str(path) + companion)
            if stale.exists():
                stale.unlink()
        os.replace(temporary, path)
    finally:
        for leftover in (temporary, *(temporary + c for c in SQLITE_COMPANIONS)):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return path


def add_relation(
    units: QgsVectorLayer,
    access_list: QgsVectorLayer,
    project: QgsProject | None = None,
    unit_code_field: str = schema.UNIT_CODE,
) -> QgsRelation:
    """The unit -> unit-level requirements relation (one unit, many requirements)."""
    project = project or QgsProject.instance()
    manager = project.relationManager()
    relation_id = f"{RELATION_ID}_{units.id()}"
    existing = manager.relation(relation_id)
    if existing.isValid():
        return existing
    relation = QgsRelation(QgsRelationContext(project))  # not only QgsProject.instance()
    relation.setId(relation_id)
    relation.setName("管控单元准入清单")
    relation.setReferencedLayer(units.id())
    relation.setReferencingLayer(access_list.id())
    relation.addFieldPair(schema.REQ_SCOPE_CODE, unit_code_field)
    relation.setStrength(QgsRelation.RelationStrength.Association)
    if not relation.isValid():
        raise ProjectDatabaseError(tr("The relation between units and access list is not valid"))
    manager.addRelation(relation)
    return relation


# --- the assessment log ------------------------------------------------------------


def database_of(layer) -> Path | None:
    """The GeoPackage a layer is stored in (None for other sources)."""
    if layer is None or layer.providerType() != "ogr":
        return None
    path = layer.source().split("|", 1)[0]
    return Path(path) if path.lower().endswith(".gpkg") and os.path.isfile(path) else None


def _log_layer(datasource):
    layer = datasource.GetLayerByName(schema.LOG_TABLE)
    if layer is not None:
        return layer
    layer = datasource.CreateLayer(
        schema.LOG_TABLE, None, ogr.wkbNone, [f"IDENTIFIER={schema.LOG_TABLE_NAME}", "FID=fid"]
    )
    if layer is None:
        raise ProjectDatabaseError(
            tr("The log table {0} cannot be created").format(schema.LOG_TABLE)
        )
    for s in schema.LOG_FIELDS:
        definition = ogr.FieldDefn(s.name, OGR_TYPES[s.kind])
        if s.kind == "str" and s.length:
            definition.SetWidth(s.length)
        layer.CreateField(definition)
    return layer


def append_log(path: str | Path, rows) -> int:
    """Append log rows (a DataFrame with ``schema.LOG_FIELDS`` columns) to the project
    database at ``path``, creating the log table in an older database; all rows or none."""
    if not os.path.isfile(str(path)):
        raise ProjectDatabaseError(tr("{0}: no such project database").format(path))
    datasource = ogr.Open(str(path), 1)
    if datasource is None:
        raise ProjectDatabaseError(tr("{0}: cannot be opened for writing").format(path))
    try:
        layer = _log_layer(datasource)
        definition = layer.GetLayerDefn()
        layer.StartTransaction()
        for record in rows.to_dict("records"):
            feature = ogr.Feature(definition)
            for name, value in record.items():
                if value is None or (isinstance(value, float) and value != value):
                    continue
                if definition.GetFieldIndex(name) >= 0:
                    feature.SetField(
                        name, int(value) if isinstance(value, (int, np.integer)) else value
                    )
            if layer.CreateFeature(feature) != 0:
                layer.RollbackTransaction()
                raise ProjectDatabaseError(tr("{0}: a log row cannot be written").format(path))
        layer.CommitTransaction()
    finally:
        datasource = None
    return len(rows)


def read_log(path: str | Path):
    """The log table as a DataFrame (empty when the database has none)."""
    import pandas as pd

    columns = schema.field_names(schema.LOG_FIELDS)
    datasource = ogr.Open(str(path), 0)
    if datasource is None:
        raise ProjectDatabaseError(tr("{0}: cannot be opened").format(path))
    layer = datasource.GetLayerByName(schema.LOG_TABLE)
    if layer is None:
        return pd.DataFrame(columns=columns)
    rows = [[feature.GetField(c) for c in columns] for feature in layer]
    return pd.DataFrame(rows, columns=columns)
