"""The field specs of every table the algorithms write, declared once.

Each table is a tuple of ``schema.FieldSpec`` (name, kind, Chinese alias, length). The
core builds its frames' column lists from these names, the adapters build ``QgsFields``
from them (``plugin.adapters.fields.qgs_fields``). The project database's own tables
(units, access list, check results, log, versions) are declared in ``schema``.

Pure Python (no Qt, no QGIS).
"""

from __future__ import annotations

from .analysis import (
    COMPLIANCE_CONSTRAINTS,
    COMPLIANCE_PROJECTS,
    COMPLIANCE_REQUIREMENTS,
    COMPLIANCE_UNITS,
    OVERLAP_OUTPUT,
    SCREENING_COUNTIES,
    SCREENING_UNITS,
)
from .changes import (
    CHANGE_LIST,
    CHANGE_MATRIX,
    CHANGE_SUMMARY,
    CHANGES,
    FILING_META,
    UNIT_IMPACT,
)
from .spec import column, names
from .units import (
    CHECK_SUMMARY,
    DELINEATION_LOG,
    FIELD_REVIEW_LOG,
    STATISTICS,
    TRACKING_INDICATORS,
)

__all__ = [
    "CHANGES",
    "CHANGE_LIST",
    "CHANGE_MATRIX",
    "CHANGE_SUMMARY",
    "CHECK_SUMMARY",
    "COMPLIANCE_CONSTRAINTS",
    "COMPLIANCE_PROJECTS",
    "COMPLIANCE_REQUIREMENTS",
    "COMPLIANCE_UNITS",
    "DELINEATION_LOG",
    "FIELD_REVIEW_LOG",
    "FILING_META",
    "OVERLAP_OUTPUT",
    "SCREENING_COUNTIES",
    "SCREENING_UNITS",
    "STATISTICS",
    "TRACKING_INDICATORS",
    "UNIT_IMPACT",
    "column",
    "names",
]
