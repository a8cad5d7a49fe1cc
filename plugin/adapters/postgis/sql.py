"""Quoting for SQL sent through QGIS's database connection API (Qt-free).

QGIS 3.22's ``QgsAbstractDatabaseProviderConnection.executeSql`` takes no bound parameters
and exposes no quoting helpers, so every user value (a schema, table or field name, a code,
a number) passes through one of these functions before it reaches SQL. Nothing else in the
PostGIS adapters builds SQL from user values.
"""

from __future__ import annotations

import math


class UnsafeValue(ValueError):
    """A value that cannot be put into SQL safely (a NUL character, a non-finite number)."""


def identifier(name: str) -> str:
    """A quoted identifier: ``"name"`` with embedded double quotes doubled."""
    text = str(name)
    if not text or "\x00" in text:
        raise UnsafeValue(f"not a usable SQL identifier: {text!r}")
    return '"' + text.replace('"', '""') + '"'


def qualified(schema: str | None, table: str) -> str:
    """``"schema"."table"`` (or just ``"table"`` without a schema)."""
    return f"{identifier(schema)}.{identifier(table)}" if schema else identifier(table)


def literal(value) -> str:
    """A SQL literal for None, bool, int, float or text.

    Text becomes an escape string (``E'...'`` with quotes and backslashes doubled), which
    reads the same whatever ``standard_conforming_strings`` says on the server.
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UnsafeValue(f"not a finite number: {value!r}")
        return repr(float(value))
    text = str(value)
    if "\x00" in text:
        raise UnsafeValue("text with a NUL character")
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def hex_wkb(wkb: bytes, srid: int) -> str:
    """A geometry literal from WKB bytes (hex digits only, so nothing to escape)."""
    return f"ST_SetSRID(ST_GeomFromWKB(decode({literal(bytes(wkb).hex())}, 'hex')), {int(srid)})"
