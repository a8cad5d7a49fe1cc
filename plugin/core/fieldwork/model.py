"""The field-review data model: review-layer fields, verdicts, editable fields per table.

Field names are ASCII (GeoPackage, QField); the Chinese aliases are data-standard labels
used by the package's forms.
"""

from __future__ import annotations

from .. import schema
from ..schema import FieldSpec

VERDICTS_ZH = ("属实", "不属实", "需整改", "已整改")

# 核查记录 (the review layer): one row per observation, points or polygons
REV_UUID = "uuid"
REV_TARGET_KIND = "target_kind"  # unit / problem / other
REV_TARGET = "target"  # unit code or problem id
REV_VERDICT = "verdict"
REV_NOTE = "note"
REV_PHOTO = "photo"
REV_REVIEWER = "reviewer"
REV_TIME = "reviewed_at"
REV_ACCURACY = "accuracy_m"
REV_PACKAGE = "package_id"

TARGET_KINDS_ZH = {"管控单元": "unit", "质检问题": "problem", "其他": "other"}

REVIEW_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(REV_UUID, "str", "记录标识", "Record id", 38, True, read_only=True),
    FieldSpec(REV_TARGET_KIND, "str", "核查对象类型", "Target kind", 10, True, TARGET_KINDS_ZH),
    FieldSpec(REV_TARGET, "str", "核查对象（单元编码或问题编号）", "Target", 40),
    FieldSpec(REV_VERDICT, "str", "核查结论", "Verdict", 10, True, {v: v for v in VERDICTS_ZH}),
    FieldSpec(REV_NOTE, "str", "说明", "Note", 0),
    FieldSpec(REV_PHOTO, "str", "照片", "Photo", 254),
    FieldSpec(REV_REVIEWER, "str", "核查人", "Reviewer", 50, True),
    FieldSpec(REV_TIME, "datetime", "核查时间", "Review time"),
    FieldSpec(REV_ACCURACY, "float", "定位精度（米）", "Position accuracy (m)"),
    FieldSpec(REV_PACKAGE, "str", "外业包编号", "Package id", 40, read_only=True),
)

# Review fields added to the units in a package (and to the office units on import).
UNIT_VERDICT = "HCJL"
UNIT_REVIEW_NOTE = "HCSM"
UNIT_REVIEW_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(UNIT_VERDICT, "str", "核查结论", "Verdict", 10, False, {v: v for v in VERDICTS_ZH}),
    FieldSpec(UNIT_REVIEW_NOTE, "str", "核查说明", "Review note", 0),
)
# The fields a reviewer may change, per exported table (everything else is read-only).
EDITABLE = {
    schema.UNIT_TABLE: (schema.UNIT_REMARK, UNIT_VERDICT, UNIT_REVIEW_NOTE),
    schema.CHECK_TABLE: (schema.CHK_STATUS, schema.CHK_NOTE),
}
# The key of an exported row, per table: the unit code; a problem's content id.
KEYS = {schema.UNIT_TABLE: schema.UNIT_CODE, schema.CHECK_TABLE: "problem_id"}

# 监督线索 (supervision leads, ecozoning:screenleads) travel in a package as the table
# ``leads``; the office table they came from (a table of the project database) is named in
# the manifest, and the snapshot and merge are keyed by that office table's name.
LEAD_TABLE = "leads"
LEAD_TITLE = "监督线索"
LEAD_KEY = "lead_key"
LEAD_EDITABLE = (schema.CHK_STATUS, schema.CHK_NOTE)


def editable_fields(table: str) -> tuple:
    """The fields a reviewer may change in an exported table (any other table is a lead
    table: status and note)."""
    return EDITABLE.get(table, LEAD_EDITABLE)


# Tables the import writes into the project database.
REVIEW_TABLE = "field_reviews"
REVIEW_LAYER_NAME = "外业核查记录"
EDIT_LOG_TABLE = "field_edits"
CONFLICT_TABLE = "field_conflicts"
CONFLICT_LAYER_NAME = "外业核查冲突"
