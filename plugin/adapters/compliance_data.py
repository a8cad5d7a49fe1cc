"""Reading the layers a compliance assessment needs into core frames (one place for
the algorithm and the quick-check panel)."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsProcessingFeatureSource,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)

from ..compat import GeometryType
from ..core import overlap, roles, schema
from ..i18n import tr
from .layers import read_frame


class ComplianceDataError(ValueError):
    """A layer lacks what the assessment needs (message translated into the UI language)."""


def _rectangles(source, work_crs, windows, transform_context):
    """``windows`` (core ``project_windows``, in ``work_crs``) as QgsRectangles, or None
    (read the whole layer) when there are no windows to apply or one cannot be taken
    into the source's CRS."""
    if windows is None:
        return None
    rects = [QgsRectangle(*w) for w in windows]
    source_crs = source.sourceCrs()
    if work_crs is None or not work_crs.isValid() or not source_crs.isValid():
        return None  # the rectangles' CRS is not known for sure: read everything
    if source_crs != work_crs:  # QGIS reprojects the rectangle itself: make sure it can
        context = transform_context or QgsProject.instance().transformContext()
        transform = QgsCoordinateTransform(work_crs, source_crs, context)
        try:
            for rect in rects:
                if transform.transformBoundingBox(rect).isEmpty():
                    return None
        except QgsCsException:
            return None
    return rects


def near_fids(source, work_crs, rects, transform_context=None) -> set:
    """Ids of the features whose bounding box meets one of ``rects`` (in ``work_crs``):
    one filter-rectangle request per rectangle, no attributes read."""
    context = transform_context or QgsProject.instance().transformContext()
    found: set = set()
    for rect in rects:
        request = QgsFeatureRequest().setFilterRect(rect).setNoAttributes()
        request.setDestinationCrs(work_crs, context)
        request.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
        if isinstance(source, QgsProcessingFeatureSource):
            features = source.getFeatures(
                request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks
            )
        else:
            features = source.getFeatures(request)
        found.update(feature.id() for feature in features)
    return found


def read_near(source, work_crs, fields, transform_context=None, feedback=None, windows=None):
    """Like ``read_frame``, but with ``windows`` only the features whose bounding box meets
    one of them (their ids first, by filter rectangle; then those features, each once)."""
    rects = _rectangles(source, work_crs, windows, transform_context)
    if rects is None:
        return read_frame(source, work_crs, fields, transform_context, feedback)
    fids = near_fids(source, work_crs, rects, transform_context)
    frame = read_frame(source, work_crs, fields, transform_context, feedback, fids=fids)
    return frame.sort_values("fid", kind="stable").reset_index(drop=True)


def read_units(source, work_crs, transform_context=None, feedback=None, mapping=None, windows=None):
    """The unit layer by schema names, and the field mapping used (``mapping`` when given,
    e.g. the one saved in the project, else guessed from the field names). With
    ``windows`` (see ``read_near``) only the units near them."""
    if mapping is None:
        mapping = schema.guess_field_mapping(source.fields().names())
    for required in (schema.UNIT_CODE, schema.UNIT_CLASS):
        if required not in mapping:
            raise ComplianceDataError(tr("The unit layer has no {0} field").format(required))
    units = read_near(
        source, work_crs, list(mapping.values()), transform_context, feedback, windows
    )
    return units.rename(columns={v: k for k, v in mapping.items()}), mapping


def read_requirements(source, transform_context=None, feedback=None):
    names = [
        n for n in schema.field_names(schema.ACCESS_LIST_FIELDS) if source.fields().indexOf(n) >= 0
    ]
    if schema.REQ_SCOPE_LEVEL not in names or schema.REQ_SCOPE_CODE not in names:
        raise ComplianceDataError(
            tr("The access-list table has no {0} or {1} field").format(
                schema.REQ_SCOPE_LEVEL, schema.REQ_SCOPE_CODE
            )
        )
    return read_frame(source, None, names, transform_context, feedback, with_geometry=False)


def read_regions(source, work_crs, transform_context=None, feedback=None):
    from ..core import access as access_list  # imported when needed: saved_role is not

    if not schema.is_region_table(source.fields().names()):
        raise ComplianceDataError(
            tr("The region layer has no {0} field").format(access_list.REGION_ID)
        )
    names = [
        n
        for n in (access_list.REGION_ID, access_list.REGION_NAME, access_list.REGION_MEMBERS)
        if source.fields().indexOf(n) >= 0
    ]
    spatial = QgsWkbTypes.geometryType(source.wkbType()) == GeometryType.Polygon
    return read_frame(source, work_crs, names, transform_context, feedback, with_geometry=spatial)


ROLE_PROPERTY = "ecozoning/constraint_role"


def saved_role(layer):
    """The role chosen for a layer in the panel (saved with the layer in the project), or None."""
    value = layer.customProperty(ROLE_PROPERTY, "")
    value = str(value or "").strip()
    return value if value in roles.ROLES and value != roles.UNKNOWN else None


def save_role(layer, key) -> None:
    """Save the role chosen for a layer (a ``roles`` key) in the project."""
    if key and key in roles.ROLES and key != roles.UNKNOWN:
        layer.setCustomProperty(ROLE_PROPERTY, key)
    else:
        layer.removeCustomProperty(ROLE_PROPERTY)


def role_for(layer, role_of) -> str | None:
    """The role of a constraint layer: the explicit parameter ``role_of[layer.id()]``, else
    the role saved with the layer, else None (the core guesses from the name)."""
    return role_of.get(layer.id()) or saved_role(layer)


def layer_role(layer) -> tuple[str, bool]:
    """(role key, guessed?): the saved choice, else the guess from the layer's name."""
    return roles.resolve(layer.name(), saved_role(layer))


def read_constraints(
    layers, work_crs, transform_context=None, feedback=None, role_of=None, windows=None
):
    """Constraint frames; the role of each layer is ``role_of[layer.id()]`` when given (an
    explicit parameter), else the role saved with the layer, else none (guessed from the name
    by the core). With ``windows`` (see ``read_near``) only the features near them."""
    role_of = role_of or {}
    return [
        overlap.Constraint(
            layer.name(),
            read_near(layer, work_crs, [], transform_context, feedback, windows),
            role=role_for(layer, role_of),
        )
        for layer in layers
    ]
