"""The project's access-list table as a QGIS layer: finding it, reading a unit's place in
the layered lists, and the unit's own rows.

Read-only here; the panel's edit commands (``plugin.controllers.access_list_edits``) write
through the layer's edit buffer. Importable without pandas or shapely (the panels are
built before their guard has told the user what to install): the core is imported at
first use.
"""

from __future__ import annotations

from qgis.core import QgsExpression, QgsFeatureRequest, QgsVectorLayer

from ..core import schema, values
from ..dependencies import LazyModule
from .project_layers import is_region_layer

# pandas behind it: imported when first used, after the guard checked it is there
access = LazyModule(__name__.rsplit(".", 2)[0] + ".core.access")

ACCESS_LAYER_FIELDS = {
    schema.REQ_SCOPE_LEVEL,
    schema.REQ_SCOPE_CODE,
    schema.REQ_DIMENSION,
    schema.REQ_TEXT,
}


def plain(value):
    """A QGIS attribute value as plain Python; NULL and NaN are None."""
    from .layers import to_python

    value = to_python(value)
    if isinstance(value, float) and value != value:
        return None
    return value


def text(value) -> str:
    return values.plain_text(plain(value))


def dimension(value) -> str:
    """The standard dimension name of a stored value (synonyms mapped)."""
    value = text(value)
    return schema.DIMENSION_SYNONYMS_ZH.get(value, value)


def is_access_layer(layer) -> bool:
    return isinstance(layer, QgsVectorLayer) and ACCESS_LAYER_FIELDS <= set(layer.fields().names())


def find_access_layer(project, unit_layer) -> QgsVectorLayer | None:
    """The table referencing the unit layer in a project relation, else the first
    access-list table of the project (layer-tree order)."""
    if unit_layer is not None:
        manager = project.relationManager()
        for relation in manager.referencedRelations(unit_layer):
            layer = relation.referencingLayer()
            if is_access_layer(layer):
                return layer
    tree_layers = [node.layer() for node in project.layerTreeRoot().findLayers()]
    for layer in [*tree_layers, *project.mapLayers().values()]:
        if is_access_layer(layer):
            return layer
    return None


def read_unit(project, layer, fid):
    """(scope, name) of feature ``fid`` of the unit layer: its code, class, county and
    regions; (None, "") without a usable unit."""
    if layer is None or fid is None:
        return None, ""
    feature = layer.getFeature(fid)
    if not feature.isValid():
        return None, ""
    mapping = schema.guess_field_mapping(layer.fields().names())

    def value(name):
        return plain(feature[mapping[name]]) if name in mapping else None

    code = text(value(schema.UNIT_CODE))
    if not code:
        return None, ""
    parsed = schema.DEFAULT_CODE_RULE.parse(code)
    county = schema.normalise_county_code(value(schema.UNIT_COUNTY_CODE))
    if county is None and parsed:
        county = parsed[0]
    try:
        unit_class = int(value(schema.UNIT_CLASS))
    except (TypeError, ValueError):
        unit_class = parsed[1] if parsed else 0
    county = county or ""
    regions = unit_regions(project, layer, code, county, feature.geometry())
    scope = access.UnitScope(code, unit_class, county, frozenset(regions))
    return scope, text(value(schema.UNIT_NAME))


def unit_regions(project, unit_layer, unit_code: str, county_code: str, geometry) -> set:
    """Regions (区域) holding the unit: by membership, and by area for spatial region layers.

    Region layers are optional: any project layer with the fields QYBH and CYDM.
    """
    from .layers import read_frame

    found = set()
    for layer in project.mapLayers().values():
        if not is_region_layer(layer, with_members=True):
            continue
        frame = read_frame(
            layer,
            fields=[access.REGION_ID, access.REGION_MEMBERS],
            with_geometry=False,
        )
        found |= access.regions_by_membership(frame, unit_code, county_code)
        if layer.isSpatial() and geometry is not None and not geometry.isNull():
            import shapely

            spatial = read_frame(
                layer,
                dest_crs=unit_layer.crs(),
                fields=[access.REGION_ID],
                transform_context=project.transformContext(),
            )
            shape = shapely.from_wkb(bytes(geometry.asWkb()))
            found |= access.regions_by_geometry(spatial, shape)
    return found


def effective_rows(layer, scope):
    """The unit's effective list (a DataFrame with "fid" and "level_rank") from the table."""
    from .layers import read_frame

    if layer is None or scope is None:
        return access.empty_requirements()
    names = layer.fields().names()
    wanted = [n for n in schema.field_names(schema.ACCESS_LIST_FIELDS) if n in names]
    frame = read_frame(layer, fields=wanted, with_geometry=False)
    for name in schema.field_names(schema.ACCESS_LIST_FIELDS):
        if name not in frame:
            frame[name] = None
    return access.effective_requirements(frame, scope)


def scope_expression(level: str, scope_code: str) -> str:
    """The filter expression of one scope's requirements (level and scope code)."""
    return " AND ".join(
        (
            QgsExpression.createFieldEqualityExpression(schema.REQ_SCOPE_LEVEL, level),
            QgsExpression.createFieldEqualityExpression(schema.REQ_SCOPE_CODE, scope_code),
        )
    )


def unit_features(layer, unit_code: str) -> list:
    """(feature, {field: value}) of every unit-level row of the unit, any status."""
    request = QgsFeatureRequest().setFilterExpression(
        scope_expression(access.LEVEL_UNIT, unit_code)
    )
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    names = layer.fields().names()
    return [
        (feature, {name: plain(feature[name]) for name in names})
        for feature in layer.getFeatures(request)
    ]


def next_order(layer, unit_code: str, dimension_name: str) -> int:
    """The order (PX) after the last of the unit's rows in the dimension."""
    orders = [
        values.get(schema.REQ_ORDER)
        for _, values in unit_features(layer, unit_code)
        if dimension(values.get(schema.REQ_DIMENSION)) == dimension_name
    ]
    return max([int(o) for o in orders if o is not None], default=0) + 1


def used_ids(layer) -> set[str]:
    """Every requirement id of the table (edit buffer included)."""
    index = layer.fields().indexOf(schema.REQ_ID)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes([index])
    return {text(feature[index]) for feature in layer.getFeatures(request)}
