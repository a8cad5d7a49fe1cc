"""The compliance engine's vocabulary, tables and records (input, result, error)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import schema, tables
from ..geometry import REPAIR_COLUMNS
from ..industry import IndustryTable
from ..run import EcoZoningError

FINDING_VIOLATION = "不符合"
FINDING_ARGUE = "需进一步论证"
FINDING_MANUAL = "人工核对"
FINDING_OK = "符合"
FINDING_NA = "不涉及"
FINDINGS = (FINDING_VIOLATION, FINDING_ARGUE, FINDING_MANUAL, FINDING_OK, FINDING_NA)

CONCLUSION_OK = "符合"
CONCLUSION_CONDITIONAL = "有条件符合"
CONCLUSION_NO = "不符合"
CONCLUSION_INCOMPLETE = "待补充信息"
CONCLUSIONS = (CONCLUSION_OK, CONCLUSION_CONDITIONAL, CONCLUSION_NO, CONCLUSION_INCOMPLETE)

KIND_FORBID, KIND_LIMIT, KIND_ALLOW, KIND_ENCOURAGE, KIND_REQUIRE = schema.REQ_KINDS_ZH

BUFFER_QUAD_SEGS = 16  # a buffered point is a 64-gon: area within 0.17 % of π r²
REASON_TEXT_CHARS = 60

UNIT_COLUMNS = [*tables.names(tables.COMPLIANCE_UNITS), "geometry"]
CONSTRAINT_COLUMNS = [*tables.names(tables.COMPLIANCE_CONSTRAINTS), "geometry"]
REQUIREMENT_COLUMNS = tables.names(tables.COMPLIANCE_REQUIREMENTS)
LAYER_COLUMNS = ["constraint", "role", "role_label", "guessed", "effect", "consequence"]
# The written project table, with the part outside every unit (for the reports) before
# ``outside``.
_OUTSIDE = tables.names(tables.COMPLIANCE_PROJECTS).index("outside")
PROJECT_COLUMNS = [
    *tables.names(tables.COMPLIANCE_PROJECTS)[:_OUTSIDE],
    "outside_coverage_area_m2",
    "outside_coverage_length_m",
    *tables.names(tables.COMPLIANCE_PROJECTS)[_OUTSIDE:],
]


class ComplianceError(EcoZoningError):
    """Unusable input (message: Chinese / English)."""


def empty_frame(columns, floats=(), bools=()) -> pd.DataFrame:
    """A frame with no rows: object columns, except the named float and bool ones."""
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    for c in floats:
        out[c] = out[c].astype(float)
    for c in bools:
        out[c] = out[c].astype(bool)
    return out


def concat_repairs(frames) -> pd.DataFrame:
    """The repair logs in one frame (``REPAIR_COLUMNS``)."""
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=REPAIR_COLUMNS)
    return pd.concat(frames, ignore_index=True)[REPAIR_COLUMNS]


@dataclass
class Project:
    fid: int
    name: str
    industry: str | None
    geometry: object  # shapely geometry in a metre CRS


@dataclass
class ComplianceInput:
    projects: pd.DataFrame  # "fid", "geometry", "name", "industry"
    units: pd.DataFrame  # "fid", "geometry", schema unit fields
    requirements: pd.DataFrame | None = None
    regions: pd.DataFrame | None = None
    constraints: list = field(default_factory=list)  # overlap.Constraint
    buffer: float = 0.0
    default_industry: str | None = None
    industry_table: IndustryTable | None = None
    project_layer: str = ""  # layer names for the repair log
    unit_layer: str = ""
    region_layer: str = ""


@dataclass
class ComplianceResult:
    units: pd.DataFrame
    constraints: pd.DataFrame
    requirements: pd.DataFrame
    projects: pd.DataFrame
    layers: pd.DataFrame = field(default_factory=lambda: empty_frame(LAYER_COLUMNS))
    warnings: list = field(default_factory=list)  # Chinese / English
    repairs: pd.DataFrame = field(default_factory=lambda: empty_frame(REPAIR_COLUMNS))
