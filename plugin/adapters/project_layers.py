"""The project's layers recognised by what they hold: one rule per kind of layer."""

from __future__ import annotations

from qgis.core import QgsVectorLayer

from ..core import schema


def is_region_layer(layer, with_members: bool = False) -> bool:
    """A vector layer of access-list regions (区域): it has the region id field (QYBH);
    ``with_members`` also asks for the member codes (CYDM)."""
    return isinstance(layer, QgsVectorLayer) and schema.is_region_table(
        layer.fields().names(), with_members
    )


def first_region_layer(project):
    """The project's first region layer (in the project's layer order), or None."""
    return next((layer for layer in project.mapLayers().values() if is_region_layer(layer)), None)
