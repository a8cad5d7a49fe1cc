"""The one requirement-id rule: ``{unit code}-{dimension 1..4}-{number:02d}``.

A wide import numbers a unit's items in each dimension 1, 2, 3 … in their order (PX), so
the id of item 2 of 污染物排放管控 of unit ZH44060620002 is ``ZH44060620002-2-02``. A
requirement added in the access-list panel gets an id by the same rule: its number is
its order in the dimension, raised past every id of the same unit and dimension already
in the table, so it never takes an id in use.

Ids are text and are never read back for meaning: rows with ids made otherwise (the
panel's former ``{unit code}-001``, the long format's own ids such as ``P1``) keep them
and load as before; they only do not count when the next number is chosen.
"""

from __future__ import annotations

import re

from .vocabulary import DIMENSION_INDEX


def requirement_id(unit_code: str, dimension: str, order: int) -> str:
    return f"{unit_code}-{DIMENSION_INDEX[dimension]}-{order:02d}"


def _numbers_in_use(unit_code: str, dimension: str, used) -> list[int]:
    pattern = re.compile(rf"^{re.escape(unit_code)}-{DIMENSION_INDEX[dimension]}-(\d+)$")
    return [int(m.group(1)) for m in map(pattern.match, used) if m]


def new_requirement_id(unit_code: str, dimension: str, order: int, used) -> str:
    """The id of a new unit-level requirement at ``order`` in ``dimension``, clear of the
    ids in ``used`` (every id of the table)."""
    number = max([order, *(n + 1 for n in _numbers_in_use(unit_code, dimension, used))])
    return requirement_id(unit_code, dimension, number)
