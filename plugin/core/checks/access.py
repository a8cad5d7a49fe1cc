"""L01: units without any entry in the access list (生态环境准入清单)."""

from __future__ import annotations

import numpy as np

from .prepare import Units
from .problems import Problems


def check_access_list(units: Units, access_codes, problems: Problems) -> None:
    """``access_codes``: codes of the units with at least one requirement, or None."""
    if access_codes is None:
        problems.skip("未提供生态环境准入清单", "L01")
        return
    codes = {str(c).strip() for c in access_codes if c is not None}
    rows = np.flatnonzero([c is not None and c not in codes for c in units.code_key])
    problems.emit(
        "L01",
        units.rep_geometry(rows),
        units.label[rows],
        units.attr_county[rows],
        [f"单元 {units.label[r]} 在生态环境准入清单中没有任何条款" for r in rows],
    )
