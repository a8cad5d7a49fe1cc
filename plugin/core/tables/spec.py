"""Shorthands for declaring an output table's fields."""

from __future__ import annotations

from ..schema import FieldSpec


def column(name: str, kind: str, alias_zh: str, length: int = 0) -> FieldSpec:
    """A field of an algorithm's output table: its aliases are data-standard labels."""
    return FieldSpec(name, kind, alias_zh, "", length)


def names(specs) -> list[str]:
    """The field names of a table, in order (the core's column list)."""
    return [s.name for s in specs]
