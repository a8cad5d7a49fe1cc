"""Attribute cells as the checks read them: empty, text, unit class, code problems."""

from __future__ import annotations

from .. import schema

# the checks' names for the shared rules (raw_text keeps spaces: the checks report them)
from ..values import is_empty as is_empty_value
from ..values import raw_text as text  # noqa: F401 (used by the other check modules)

_CLASS_FROM_LABEL = {
    **{label: c for c, label in schema.CLASS_LABELS_ZH.items()},
    **{label: c for c, label in schema.CLASS_UNIT_SUFFIX_ZH.items()},
}


def norm_class(v) -> tuple[int | None, bool]:
    """(class 1/2/3 or None, value present but unusable)."""
    if is_empty_value(v):
        return None, False
    if isinstance(v, str):
        s = v.strip()
        if s in _CLASS_FROM_LABEL:
            return _CLASS_FROM_LABEL[s], False
        try:
            v = float(s)
        except ValueError:
            return None, True
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None, True
    if f.is_integer() and int(f) in schema.CLASS_LABELS_ZH:
        return int(f), False
    return None, True


def code_problem_zh(rule: schema.CodeRule, code: str) -> str | None:
    found = rule.problem_kind(code)
    return None if found is None else schema.CODE_PROBLEMS_ZH[found[0]].format(**found[1])
