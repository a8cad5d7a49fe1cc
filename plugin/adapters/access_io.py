"""Reading for the access-list algorithms: an access-list table's field mapping and the
units an imported list may name (code, name, class)."""

from __future__ import annotations

from ..core import schema


def read_known_units(source, feedback=None) -> dict:
    """{unit code: {"name", "class"}} from a unit layer (fields guessed from the schema)."""
    from ..core import access  # needs pandas: read when the algorithm runs
    from .layers import read_frame

    mapping = schema.guess_field_mapping(source.fields().names())
    if schema.UNIT_CODE not in mapping:
        return None
    wanted = [schema.UNIT_CODE, schema.UNIT_NAME, schema.UNIT_CLASS]
    fields = [mapping[n] for n in wanted if n in mapping]
    frame = read_frame(source, fields=fields, feedback=feedback, with_geometry=False)
    frame = frame.rename(columns={v: k for k, v in mapping.items()})
    units = {}
    for _, row in frame.iterrows():
        code = access.normalise_code(row[schema.UNIT_CODE])
        if not code:
            continue
        try:
            unit_class = access.parse_class(row.get(schema.UNIT_CLASS))
        except ValueError:
            unit_class = None
        units[code] = {
            "name": access.cell_text(row.get(schema.UNIT_NAME)),
            "class": unit_class,
        }
    return units


def access_list_mapping(fields) -> dict:
    """Schema access-list names -> the table's field names (case-insensitive)."""
    return schema.guess_field_mapping(fields.names(), schema.ACCESS_LIST_FIELDS, {})
