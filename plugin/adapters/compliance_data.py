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
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
    QgsWkbTypes,
)

from ..compat import GeometryType
from ..core import overlap, roles, schema
from ..i18n import tr
from .layers import attribute_frame, read_frame


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


def read_near(
    source, work_crs, fields, transform_context=None, feedback=None, windows=None, direct=None
):
    """Like ``read_frame``, but with ``windows`` only the features whose bounding box meets
    one of them (their ids first, by filter rectangle; then those features, each once).
    The geometries of a file layer are read in bulk (``direct_read``; ``direct``: its
    ``DirectTable`` when ``source`` is not the layer itself; with windows, from a
    GeoPackage with an R-tree), each feature that QGIS would give."""
    rects = _rectangles(source, work_crs, windows, transform_context)
    direct = direct if direct is not None else direct_source(source)
    if direct is not None:  # geometries in bulk where they can be
        frame = _read_direct(source, direct, work_crs, fields, transform_context, feedback, rects)
        if frame is not None:
            return frame
    if rects is None:
        return read_frame(source, work_crs, fields, transform_context, feedback)
    fids = near_fids(source, work_crs, rects, transform_context)
    frame = read_frame(source, work_crs, fields, transform_context, feedback, fids=fids)
    return frame.sort_values("fid", kind="stable").reset_index(drop=True)


def direct_source(source):
    """The file table behind ``source`` when it is a layer (or a snapshot that knows it)
    that ``direct_read`` can read, else None."""
    from .direct_read import direct_table

    if hasattr(source, "direct_table"):
        return source.direct_table
    return direct_table(source)


def _read_direct(source, direct, work_crs, fields, transform_context, feedback, rects=None):
    """``source`` (with ``rects``: the features a filter-rectangle request returns) as
    ``read_near`` gives it, the geometries read in bulk from ``direct`` and the attributes
    (if any) by QGIS without geometry; None when ``direct`` cannot be read so."""
    import numpy as np
    import pandas as pd

    from .direct_read import near_geometries, read_geometries

    cancelled = feedback.isCanceled if feedback is not None else None
    if rects is None:
        found = read_geometries(direct, work_crs, cancelled)
    else:
        found = near_geometries(direct, work_crs, [_bounds(r) for r in rects], cancelled)
    if found is None:
        return None
    fids, geoms = found
    wanted = None if rects is None else set(fids.tolist())
    if fields:
        frame = _attributes(source, direct, fields, wanted)
        if frame is None:
            frame = read_frame(
                source, None, fields, transform_context, feedback, with_geometry=False, fids=wanted
            )
        at = frame["fid"].to_numpy()
        if not np.array_equal(at, fids):
            position = pd.Index(at).get_indexer(fids)
            if len(at) != len(fids) or (position < 0).any():
                return None
            frame = frame.iloc[position].reset_index(drop=True)
    else:  # as read_frame makes it when no attributes are asked for
        frame = (
            pd.DataFrame(index=range(len(fids)), columns=[])
            if len(fids)
            else pd.DataFrame(columns=[])
        )
        frame.insert(0, "fid", fids)
    frame.insert(1, "geometry", geoms)
    return frame


def _attributes(source, direct, fields, fids):
    """The attributes ``read_frame`` reads without geometry, straight from a GeoPackage's
    SQLite table (``direct_read.read_attributes``), or None (then QGIS reads them)."""
    from .direct_read import read_attributes

    found = read_attributes(direct, source.fields(), fields, fids)
    return None if found is None else attribute_frame(found[0], found[1], fields)


def _bounds(rect) -> tuple:
    return rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()


def read_units(
    source, work_crs, transform_context=None, feedback=None, mapping=None, windows=None,
    direct=None, columns=None,
):  # fmt: skip
    """The unit layer by schema names, and the field mapping used (``mapping`` when given,
    e.g. the one saved in the project, else guessed from the field names). With
    ``windows`` (see ``read_near``) only the units near them; ``direct`` as there.
    ``columns``: the schema names to read (e.g. ``compliance.UNIT_FIELDS_READ``), else every
    mapped field."""
    if mapping is None:
        mapping = schema.guess_field_mapping(source.fields().names())
    for required in (schema.UNIT_CODE, schema.UNIT_CLASS):
        if required not in mapping:
            raise ComplianceDataError(tr("The unit layer has no {0} field").format(required))
    wanted = {k: v for k, v in mapping.items() if columns is None or k in columns}
    units = read_near(
        source, work_crs, list(wanted.values()), transform_context, feedback, windows, direct
    )
    return units.rename(columns={v: k for k, v in wanted.items()}), mapping


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


class LayerSnapshot:
    """What ``compliance_data`` reads of a layer, safe to read from a task's thread (a
    feature source made on the main thread, as QGIS's own tasks do)."""

    def __init__(self, layer: QgsVectorLayer):
        self._source = QgsVectorLayerFeatureSource(layer)
        self._fields = layer.fields()
        self._count = layer.featureCount()
        self._wkb_type = layer.wkbType()
        self._crs = layer.crs()
        self._name = layer.name()
        self._id = layer.id()
        self._properties = {k: layer.customProperty(k) for k in layer.customPropertyKeys()}
        from .direct_read import direct_table  # needs numpy: imported once the core can run

        # the file behind the layer, when its geometries can be read in bulk (decided here,
        # on the layer's thread: not in edit mode, no subset filter)
        self.direct_table = direct_table(layer)

    def id(self):
        return self._id

    def customProperty(self, key, default=None):  # noqa: N802 (QgsMapLayer API)
        return self._properties.get(key, default)

    def fields(self):
        return self._fields

    def featureCount(self):  # noqa: N802 (QgsFeatureSource API)
        return self._count

    def wkbType(self):  # noqa: N802
        return self._wkb_type

    def sourceCrs(self):  # noqa: N802 (QgsFeatureSource API)
        return self._crs

    def name(self):
        return self._name

    def getFeatures(self, request=None):  # noqa: N802
        return self._source.getFeatures(request) if request else self._source.getFeatures()


class _Cancel:
    """A feedback for the readers that only answers whether the work is cancelled."""

    def __init__(self, is_cancelled):
        self.isCanceled = is_cancelled or (lambda: False)  # noqa: N815 (QgsFeedback API)


def build_index(
    snapshots, work_crs, transform_context, industry_table=None, progress=None,
    is_cancelled=None,
):  # fmt: skip
    """(``ComplianceIndex``, unit field mapping) for the quick check, from the layers read
    whole: ``snapshots`` = (units, access list or None, constraint layers, regions or None)
    as ``LayerSnapshot``s. The constraint layers are read and indexed on a second thread
    (each snapshot is read by one thread only, and the two threads share no geometry)
    while the units, access list and regions are read and indexed on this one;
    ``progress(percent)`` is called on this thread. None when cancelled."""
    from concurrent.futures import ThreadPoolExecutor

    from ..core.compliance import UNIT_FIELDS_READ, ComplianceIndex
    from ..core.compliance.quick_constraints import NearConstraints
    from ..core.compliance.quick_units import NearUnits

    units, access, constraints, regions = snapshots
    feedback = _Cancel(is_cancelled)

    def constraint_index():
        frames = read_constraints(constraints, work_crs, transform_context, feedback)
        return None if feedback.isCanceled() else NearConstraints(frames)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ecozoning-index") as pool:
        later = pool.submit(constraint_index)  # an error on this thread waits for it
        unit_frame, mapping = read_units(
            units, work_crs, transform_context, feedback, columns=UNIT_FIELDS_READ
        )
        _report(progress, 40)
        requirements = read_requirements(access, transform_context) if access else None
        region_frame = read_regions(regions, work_crs, transform_context) if regions else None
        _report(progress, 55)
        near_units = None if feedback.isCanceled() else NearUnits(unit_frame, units.name())
        near = later.result()
    if near_units is None or near is None:
        return None
    _report(progress, 85)
    index = ComplianceIndex(
        near_units, requirements, region_frame, near, industry_table, unit_layer=units.name()
    )
    return index, mapping


def _report(progress, percent) -> None:
    if progress is not None:
        progress(percent)
