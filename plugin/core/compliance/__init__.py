"""符合性分析 (准入研判): is a construction project compatible with the zoning?

Pure Python (shapely 2, numpy, pandas; no Qt, no QGIS). All geometries are in a
metre Gauss–Krüger CRS (the adapter reprojects); areas are ``area.official_m2``;
every overlay runs on the fixed precision grid ``geometry.GRID_SIZE``.

Inputs (``ComplianceInput``): projects (point, line or polygon footprints, mixed
layers allowed, each with a GB/T 4754 industry code), the 环境管控单元 layer,
the 生态环境准入清单 (``schema`` REQ_* columns), the region table
(``access_list`` REGION_* columns, optionally with a ``geometry``) and constraint
layers (``overlap.Constraint``: red line, farmland, ...).

Geometry
--------
* ``buffer`` > 0 buffers points and lines (16 segments per quarter circle);
  polygons are used as they are. Buffered features are measured as polygons.
* Each project is overlaid with the units it intersects (STRtree):
  polygons → ``overlap_area_m2`` and share of the project's area; lines →
  ``overlap_length_m`` and share of the line's length; points → the unit(s)
  containing them, share = share of the (multi)point's points (100 for a point;
  a point on a shared boundary belongs to both units). Touching without overlap
  (area or length 0) is not a hit.
* The part of a project outside every unit is ``outside_coverage_area_m2`` /
  ``outside_coverage_length_m``; ``outside`` is True when it exceeds the grid
  tolerance (or, for points, when a point lies in no unit).
* Constraint layers are measured like ``overlap.overlap_analysis`` (counted once
  where constraint features overlap: ``overlap.inside_once``; without a layer
  buffer only polygons count); one row per project and layer, ``inside`` False
  when they do not overlap.

Requirements and findings
-------------------------
For each unit a project touches, the unit's effective list
(``access_list.effective_requirements``; regions by membership of the unit or its
county) gives one row per requirement. Regions with a geometry also apply to
every project that reaches into them (touching counts), whatever its units: their
区域 rows are listed with ``unit_code`` "" (unless the same requirement already
applies through a unit). Each row gets a finding from its kind (``REQ_KIND``; an
empty kind is inferred from the text like the Excel import does) and its
industry codes (``REQ_INDUSTRIES``, matched along the GB/T 4754 hierarchy, so a
requirement on ``26`` or ``C`` covers ``2614``):

==========================================  ==============
requirement                                  finding
==========================================  ==============
no industry codes                            人工核对
industry codes, project code unknown/missing 人工核对
industry codes that do not match             不涉及
禁止 that matches                              不符合
限制 that matches                              需进一步论证
允许 / 鼓励 that matches                        符合
要求 that matches                              人工核对
==========================================  ==============

Conclusion per project (first rule that applies)
------------------------------------------------
1. 不符合 — any 不符合 finding, or an overlap with a constraint layer whose role
   prohibits (``roles``: 生态保护红线, 其他禁止类);
2. 有条件符合 — any 需进一步论证 finding, or an overlap with a layer whose role
   restricts (永久基本农田, 自然保护地, 饮用水水源保护区, 其他限制类);
3. 待补充信息 — empty geometry, missing or unknown industry code, a project that
   lies in no unit at all (``message`` says what is missing), or an overlap with a
   constraint layer whose role is unknown (never left out of the verdict);
4. 符合 (overlaps with 提示 layers such as 城镇开发边界 are listed in the reasons).

A constraint's role is ``Constraint.role`` when set, else guessed from its name
(``roles.guess_role``: 生态保护红线, 生态红线, 红线, ``STBHHX`` …). ``ComplianceResult.layers``
lists each constraint layer with its role, whether it was guessed, and the role's
consequence; ``ComplianceResult.warnings`` names the layers of unknown role.

``reasons`` lists, in Chinese, what led to the conclusion (and notes a part
outside the units' coverage or the number of rows left for manual review).
Problems never stop the run: the other projects are still assessed.

Speed: build a ``ComplianceIndex`` (or at least a ``UnitIndex``) once and pass it
to ``assess`` / ``quick_check`` for interactive use (a map click).

Modules
-------
``model`` (vocabulary, tables, input and result records), ``inputs`` (project
geometries cleaned, buffered, snapped and measured), ``units`` / ``constraints`` /
``access`` / ``index`` (the indexes), ``overlay`` (projects × units, coverage, projects ×
constraint layers), ``verdict`` (industry code, conclusion rules and reasons),
``findings`` (each project's requirements and record) and ``engine`` (``assess``: the stages in
order, ``quick_check``). The report is ``plugin.core.compliance_report``.
"""

from ..run import Cancelled
from .access import AccessIndex
from .constraints import ConstraintIndex
from .engine import assess, project_rows, quick_check
from .index import ComplianceIndex
from .model import (
    BUFFER_QUAD_SEGS,
    CONCLUSION_CONDITIONAL,
    CONCLUSION_INCOMPLETE,
    CONCLUSION_NO,
    CONCLUSION_OK,
    CONCLUSIONS,
    CONSTRAINT_COLUMNS,
    FINDING_ARGUE,
    FINDING_MANUAL,
    FINDING_NA,
    FINDING_OK,
    FINDING_VIOLATION,
    FINDINGS,
    KIND_ALLOW,
    KIND_ENCOURAGE,
    KIND_FORBID,
    KIND_LIMIT,
    KIND_REQUIRE,
    LAYER_COLUMNS,
    PROJECT_COLUMNS,
    REASON_TEXT_CHARS,
    REQUIREMENT_COLUMNS,
    UNIT_COLUMNS,
    ComplianceError,
    ComplianceInput,
    ComplianceResult,
    Project,
)
from .units import UNIT_FIELDS_READ, UnitIndex

__all__ = [
    "AccessIndex",
    "BUFFER_QUAD_SEGS",
    "CONCLUSIONS",
    "CONCLUSION_CONDITIONAL",
    "CONCLUSION_INCOMPLETE",
    "CONCLUSION_NO",
    "CONCLUSION_OK",
    "CONSTRAINT_COLUMNS",
    "Cancelled",
    "ComplianceError",
    "ComplianceIndex",
    "ComplianceInput",
    "ComplianceResult",
    "ConstraintIndex",
    "FINDINGS",
    "FINDING_ARGUE",
    "FINDING_MANUAL",
    "FINDING_NA",
    "FINDING_OK",
    "FINDING_VIOLATION",
    "KIND_ALLOW",
    "KIND_ENCOURAGE",
    "KIND_FORBID",
    "KIND_LIMIT",
    "KIND_REQUIRE",
    "LAYER_COLUMNS",
    "PROJECT_COLUMNS",
    "Project",
    "REASON_TEXT_CHARS",
    "REQUIREMENT_COLUMNS",
    "UNIT_COLUMNS",
    "UNIT_FIELDS_READ",
    "UnitIndex",
    "assess",
    "project_rows",
    "quick_check",
]
