"""Attribute cells as the checks read them: empty, text, unit class, code problems."""

from __future__ import annotations

from .. import schema

# the checks' names for the shared rules (raw_text keeps spaces: the checks report them)
from ..values import is_empty as is_empty_value
from ..values import raw_text as text  # noqa: F401 (used by the other check modules)


def norm_class(v) -> tuple[int | None, bool]:
    """(class 1/2/3 or None, value present but unusable), by ``schema.class_of``."""
    if is_empty_value(v):
        return None, False
    found = schema.class_of(v)
    return found, found is None


def code_problem_zh(rule: schema.CodeRule, code: str) -> str | None:
    found = rule.problem_kind(code)
    return None if found is None else schema.CODE_PROBLEMS_ZH[found[0]].format(**found[1])
