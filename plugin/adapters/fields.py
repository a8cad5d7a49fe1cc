"""QgsFields from the schema's field specs: the one way the plugin builds fields."""

from __future__ import annotations

from qgis.core import QgsField, QgsFields

from ..compat import make_field


def qgs_field(spec) -> QgsField:
    """A QgsField from a ``schema.FieldSpec``: name, kind, Chinese alias, and the length
    of a text field that declares one."""
    length = spec.length if spec.kind == "str" and spec.length else 0
    return make_field(spec.name, spec.kind, length, spec.alias_zh)


def qgs_fields(specs) -> QgsFields:
    """QgsFields from ``schema.FieldSpec``s (a table of ``plugin.core.tables`` or ``schema``)."""
    fields = QgsFields()
    for spec in specs:
        fields.append(qgs_field(spec))
    return fields
