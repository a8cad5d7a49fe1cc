"""Reading the layers a compliance assessment needs into core frames (one place for
the algorithm and the quick-check panel)."""

from __future__ import annotations

from qgis.core import QgsWkbTypes

from ..compat import GeometryType
from ..core import access_list, overlap, schema
from .layers import read_frame


class ComplianceDataError(ValueError):
    """A layer lacks what the assessment needs (message in English; the caller translates)."""


def read_units(source, work_crs, transform_context=None, feedback=None):
    """The unit layer by schema names, and the field mapping used."""
    mapping = schema.guess_field_mapping(source.fields().names())
    for required in (schema.UNIT_CODE, schema.UNIT_CLASS):
        if required not in mapping:
            raise ComplianceDataError(f"The unit layer has no {required} field")
    units = read_frame(source, work_crs, list(mapping.values()), transform_context, feedback)
    return units.rename(columns={v: k for k, v in mapping.items()}), mapping


def read_requirements(source, transform_context=None, feedback=None):
    names = [
        n for n in schema.field_names(schema.ACCESS_LIST_FIELDS) if source.fields().indexOf(n) >= 0
    ]
    if schema.REQ_SCOPE_LEVEL not in names or schema.REQ_SCOPE_CODE not in names:
        raise ComplianceDataError(f"The access-list table has no {schema.REQ_SCOPE_CODE} field")
    return read_frame(source, None, names, transform_context, feedback, with_geometry=False)


def read_regions(source, work_crs, transform_context=None, feedback=None):
    if source.fields().indexOf(access_list.REGION_ID) < 0:
        raise ComplianceDataError(f"The region layer has no {access_list.REGION_ID} field")
    names = [
        n
        for n in (access_list.REGION_ID, access_list.REGION_NAME, access_list.REGION_MEMBERS)
        if source.fields().indexOf(n) >= 0
    ]
    spatial = QgsWkbTypes.geometryType(source.wkbType()) == GeometryType.Polygon
    return read_frame(source, work_crs, names, transform_context, feedback, with_geometry=spatial)


def read_constraints(layers, work_crs, transform_context=None, feedback=None):
    return [
        overlap.Constraint(
            layer.name(), read_frame(layer, work_crs, [], transform_context, feedback)
        )
        for layer in layers
    ]
