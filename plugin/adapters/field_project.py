"""外业核查 package, project side: the `.qgs` QField and QGIS open offline.

Built in its own QgsProject (never the open office project), with relative paths: forms
in Chinese with value maps, the unit -> access-list relation and its form, an attachment
widget for photos, locked unit geometry, styles and a map theme per task. A validation
pass lists what would not work offline before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsFillSymbol,
    QgsFontUtils,
    QgsMapThemeCollection,
    QgsMarkerSymbol,
    QgsProject,
    QgsRasterLayer,
    QgsRelation,
    QgsRelationContext,
    QgsRenderContext,
    QgsSingleSymbolRenderer,
    QgsSymbolLayerUtils,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..core import schema
from ..core.fieldwork import model
from . import project_db
from .field_package import (
    PACKAGE_GPKG,
    PHOTO_DIR,
    PROBLEM_FIELDS,
    REVIEW_POINTS,
    REVIEW_POLYGONS,
    UNIT_REQUIREMENT_FIELDS,
    UNIT_REQUIREMENTS,
    UNIT_REQUIREMENTS_TITLE,
)
from .postgis.redact import safe_source

GEOMETRY_LOCK = "QFieldSync/is_geometry_locked"  # QField: no geometry editing on the layer
PHOTO_CONFIG = {
    "DocumentViewer": 1,  # image
    "DocumentViewerHeight": 0,
    "DocumentViewerWidth": 0,
    "FileWidget": True,
    "FileWidgetButton": True,
    "RelativeStorage": 1,  # relative to the project
    "StorageMode": 0,  # files
    "PropertyCollection": {},
}

# Validation messages (translated when shown).
INVALID = QT_TRANSLATE_NOOP("FieldPackage", "Layer {0} is not valid: {1}")
NOT_GPKG = QT_TRANSLATE_NOOP(
    "FieldPackage", "Editable layer {0} is not in a GeoPackage: edits may not come back."
)
OUTSIDE_FOLDER = QT_TRANSLATE_NOOP(
    "FieldPackage", "Layer {0} will not open offline: its data is outside the package: {1}"
)
OUTSIDE_AREA = QT_TRANSLATE_NOOP("FieldPackage", "Layer {0} lies outside the area.")
SVG_MISSING = QT_TRANSLATE_NOOP("FieldPackage", "The SVG symbol {1} of layer {0} is missing.")
FONT_MISSING = QT_TRANSLATE_NOOP(
    "FieldPackage", "The label font {1} of layer {0} is not installed."
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FieldPackage", text)


REFERENCE_COLOURS = ("227,26,28", "51,160,44", "255,127,0", "106,61,154", "31,120,180")


def _layer(folder: Path, table: str, title: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{folder / PACKAGE_GPKG}|layername={table}", title, "ogr")
    if not layer.isValid():
        raise RuntimeError(f"{PACKAGE_GPKG}: table {table} cannot be opened")
    return layer


def _editable_only(layer: QgsVectorLayer, editable) -> None:
    form = layer.editFormConfig()
    for index, f in enumerate(layer.fields()):
        form.setReadOnly(index, f.name() not in editable)
    layer.setEditFormConfig(form)


def _tabbed_unit_form(units: QgsVectorLayer, relation, manager) -> None:
    """Tabs 单元信息 / 外业核查 / 准入清单 (the relation editor)."""
    form = units.editFormConfig()
    form.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    form.clearTabs()
    root = form.invisibleRootContainer()
    review = set(model.EDITABLE[schema.UNIT_TABLE])
    info = QgsAttributeEditorContainer("单元信息", root)
    check = QgsAttributeEditorContainer("外业核查", root)
    lists = QgsAttributeEditorContainer("准入清单", root)
    for tab in (info, check, lists):
        tab.setIsGroupBox(False)
    for index, f in enumerate(units.fields()):
        if f.name() == "fid":
            continue
        parent = check if f.name() in review else info
        parent.addChildElement(QgsAttributeEditorField(f.name(), index, parent))
    editor = QgsAttributeEditorRelation(relation.id(), lists)
    editor.init(manager)  # resolves the relation, so the project file names it
    editor.setLabel("单元生效准入清单（省级 → 单元）")
    lists.addChildElement(editor)
    for tab in (info, check, lists):
        form.addTab(tab)
    units.setEditFormConfig(form)
    # setEditFormConfig resolves relations in QgsProject.instance(), not in our project:
    # resolve the (shared) element again in the package project's manager.
    units.editFormConfig().tabs()[2].children()[0].init(manager)


def _review_form(layer: QgsVectorLayer, package_id: str) -> None:
    project_db.configure_form(layer, model.REVIEW_FIELDS)
    fields = layer.fields()
    defaults = {
        model.REV_UUID: "uuid()",
        model.REV_TIME: "now()",
        model.REV_REVIEWER: "coalesce(@cloud_username, @user_full_name)",
        model.REV_ACCURACY: "@position_horizontal_accuracy",
        model.REV_PACKAGE: f"'{package_id}'",
        model.REV_TARGET_KIND: "'unit'",
    }
    for name, expression in defaults.items():
        layer.setDefaultValueDefinition(fields.indexOf(name), QgsDefaultValue(expression))
    layer.setEditorWidgetSetup(
        fields.indexOf(model.REV_PHOTO), QgsEditorWidgetSetup("ExternalResource", PHOTO_CONFIG)
    )


def _style(layer: QgsVectorLayer, colour: str, point: bool = False) -> None:
    if point:
        symbol = QgsMarkerSymbol.createSimple({"name": "star", "color": colour, "size": "4"})
    else:
        symbol = QgsFillSymbol.createSimple(
            {"color": colour + ",60", "outline_color": colour, "outline_width": "0.5"}
        )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def build_project(
    folder: Path,
    package_id: str,
    crs_wkt: str,
    references,
    basemap: Path | None = None,
    leads: bool = False,
) -> QgsProject:
    """The package project (not yet written); ``references``: [(table, title)];
    ``basemap``: an MBTiles file in the package folder, shown below everything;
    ``leads``: the package holds supervision leads (status and note editable)."""
    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem.fromWkt(crs_wkt))
    project.setTitle(f"外业核查 {package_id}")
    project.setFilePathStorage(Qgis.FilePathType.Relative)
    refs = []
    for i, (table, title) in enumerate(references):
        layer = _layer(folder, table, title)
        _style(layer, REFERENCE_COLOURS[i % len(REFERENCE_COLOURS)])
        layer.setReadOnly(True)
        refs.append(layer)
    units = _layer(folder, schema.UNIT_TABLE, schema.UNIT_LAYER_NAME)
    access = _layer(folder, schema.ACCESS_LIST_TABLE, schema.ACCESS_LIST_TABLE_NAME)
    effective = _layer(folder, UNIT_REQUIREMENTS, UNIT_REQUIREMENTS_TITLE)
    problems = _layer(folder, schema.CHECK_TABLE, schema.CHECK_LAYER_NAME)
    points = _layer(folder, REVIEW_POINTS, model.REVIEW_LAYER_NAME + "（点）")
    polygons = _layer(folder, REVIEW_POLYGONS, model.REVIEW_LAYER_NAME + "（面）")
    project_db.configure_form(units, schema.UNIT_FIELDS + model.UNIT_REVIEW_FIELDS)
    project_db.style_unit_layer(units)
    _editable_only(units, model.EDITABLE[schema.UNIT_TABLE])
    units.setCustomProperty(GEOMETRY_LOCK, True)
    project_db.configure_form(access, schema.ACCESS_LIST_FIELDS)
    access.setReadOnly(True)
    project_db.configure_form(effective, UNIT_REQUIREMENT_FIELDS)
    effective.setReadOnly(True)
    # the list beside the form: level, dimension and the start of the requirement
    effective.setDisplayExpression(
        f"\"{schema.REQ_SCOPE_LEVEL}\" || ' · ' || \"{schema.REQ_DIMENSION}\" || '：' || "
        f'left("{schema.REQ_TEXT}", 40)'
    )
    access.setDisplayExpression(
        f'"{schema.REQ_DIMENSION}" || \'：\' || left("{schema.REQ_TEXT}", 40)'
    )
    project_db.configure_form(problems, PROBLEM_FIELDS)
    project_db.style_check_layer(problems)
    _editable_only(problems, model.EDITABLE[schema.CHECK_TABLE])
    problems.setCustomProperty(GEOMETRY_LOCK, True)
    for layer, point in ((points, True), (polygons, False)):
        _review_form(layer, package_id)
        _style(layer, "230,0,126", point)
    lead_layers = [_lead_layer(folder)] if leads else []
    project.addMapLayers(
        [*refs, units, problems, access, effective, polygons, points, *lead_layers]
    )
    if basemap is not None:
        raster = QgsRasterLayer(str(basemap), "离线底图", "gdal")
        if raster.isValid():
            project.addMapLayer(raster, False)
            project.layerTreeRoot().addLayer(raster)  # last: drawn below the others
    project_db.add_relation(units, access, project)  # the unit-level rows, as in the office
    relation = _effective_relation(project, units, effective)
    _tabbed_unit_form(units, relation, project.relationManager())
    _themes(project, units, problems, refs, [points, polygons], lead_layers)
    return project


def _lead_layer(folder: Path) -> QgsVectorLayer:
    """监督线索: everything read-only but the verification status (a value map of
    待核实 / 属实 / 不属实 / 已整改) and its note; geometry locked."""
    layer = _layer(folder, model.LEAD_TABLE, model.LEAD_TITLE)
    project_db.configure_form(layer, schema.LEAD_FIELDS)
    _editable_only(layer, model.LEAD_EDITABLE)
    layer.setCustomProperty(GEOMETRY_LOCK, True)
    layer.setDisplayExpression("\"reason\" || '：' || coalesce(\"unit_code\", '')")
    _style(layer, "255,127,0", point=True)
    return layer


def _effective_relation(project: QgsProject, units, effective) -> QgsRelation:
    """units -> the unit's effective access list (every level that applies)."""
    relation = QgsRelation(QgsRelationContext(project))
    relation.setId(f"ecozoning_unit_effective_list_{units.id()}")
    relation.setName("单元生效准入清单")
    relation.setReferencedLayer(units.id())
    relation.setReferencingLayer(effective.id())
    relation.addFieldPair("unit_code", schema.UNIT_CODE)
    relation.setStrength(QgsRelation.RelationStrength.Association)
    project.relationManager().addRelation(relation)
    return relation


def _themes(project: QgsProject, units, problems, refs, reviews, leads=()) -> None:
    """单元核查 (units, references, reviews), 问题核查 (problems, references, reviews) and,
    with leads, 线索核查 (leads, units, references, reviews)."""
    themes = project.mapThemeCollection()
    sets = [("单元核查", [units, *refs, *reviews]), ("问题核查", [problems, *refs, *reviews])]
    if leads:
        sets.append(("线索核查", [*leads, units, *refs, *reviews]))
    for name, layers in sets:
        record = QgsMapThemeCollection.MapThemeRecord()
        record.setLayerRecords([QgsMapThemeCollection.MapThemeLayerRecord(lyr) for lyr in layers])
        themes.insert(name, record)


def validate(project: QgsProject, folder: Path, area=None) -> list[str]:
    """What would not work offline, as readable warnings (empty when all is well)."""

    warnings = []
    folder = folder.resolve()
    for layer in project.mapLayers().values():
        path = layer.source().split("|")[0]
        name = layer.name()
        if not layer.isValid():
            warnings.append(_tr(INVALID).format(name, safe_source(layer)))
            continue
        if isinstance(layer, QgsVectorLayer) and not layer.readOnly():
            if layer.providerType() != "ogr" or not path.lower().endswith(".gpkg"):
                warnings.append(_tr(NOT_GPKG).format(name))
        inside = os.path.commonpath([str(folder), os.path.abspath(path)]) == str(folder)
        if not inside:
            warnings.append(_tr(OUTSIDE_FOLDER).format(name, path))
        if area is not None and layer.isSpatial() and not layer.extent().isNull():
            extent = layer.extent()
            if layer.crs().isValid() and project.crs().isValid() and layer.crs() != project.crs():
                transform = QgsCoordinateTransform(layer.crs(), project.crs(), project)
                extent = transform.transformBoundingBox(extent)
            if not extent.intersects(area.boundingBox()):
                warnings.append(_tr(OUTSIDE_AREA).format(name))
        warnings += _symbol_warnings(layer, QgsFontUtils)
    return warnings


def _symbol_warnings(layer, font_utils) -> list[str]:
    """Missing SVG files and fonts of a layer's symbols and labels."""
    warnings = []
    renderer = layer.renderer() if isinstance(layer, QgsVectorLayer) else None
    if renderer is not None:
        for symbol in renderer.symbols(QgsRenderContext()):
            for symbol_layer in symbol.symbolLayers():
                svg = symbol_layer.properties().get("name", "")
                if svg.lower().endswith(".svg") and not _svg_exists(svg):
                    warnings.append(_tr(SVG_MISSING).format(layer.name(), svg))
    if isinstance(layer, QgsVectorLayer) and layer.labelsEnabled() and layer.labeling():
        settings = layer.labeling().settings()
        family = settings.format().font().family()
        if family and not font_utils.fontFamilyOnSystem(family):
            warnings.append(_tr(FONT_MISSING).format(layer.name(), family))
    return warnings


def _svg_exists(name: str) -> bool:
    return Path(QgsSymbolLayerUtils.svgSymbolNameToPath(name, QgsProject().pathResolver())).exists()


def write_project(project: QgsProject, path: Path) -> None:
    (path.parent / PHOTO_DIR).mkdir(exist_ok=True)
    if not project.write(str(path)):
        raise RuntimeError(f"{path}: {project.error()}")
