"""What the 质检结果 review panel shows for each kind of layer it reviews.

Two kinds share the panel: check results (``ecozoning:checkunits``) and supervision
leads (``ecozoning:screenleads``). Both have ``status`` and ``note`` fields reviewed
through the layer's edit buffer; they differ in their columns, their status vocabulary
and their filters. One ``ReviewKind`` per kind, so the model, the filters and the
controller never test for the kind themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import QgsVectorLayer
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core import schema

VERDICT = "field_verdict"  # not a layer field: the 外业核查 verdict of a check problem
VERDICT_ALIAS = "外业核查结论"
PHOTOS = "field_photos"
LEAD_KEY = "lead_key"


@dataclass(frozen=True)
class ReviewKind:
    key: str  # "checks" | "leads"
    specs: tuple  # the layer's FieldSpecs (aliases for the headers)
    columns: tuple  # fields shown, in order
    wide: str  # the free-text column (capped width, full text as tooltip)
    statuses: tuple  # review statuses offered, in order
    severities: tuple  # severity values, in order
    filters: dict  # filter name -> field ("check" is the first combo: check code or reason)
    tooltip: tuple  # fields joined into a row's tooltip
    first_label: str  # label of the first filter combo (translated by the view)
    count_text: str  # "{0} of {1} … shown ({2})" (translated by the controller)
    command: str  # the undo command's text (translated by the controller)
    field_verdicts: bool  # show the 外业核查 verdict column and filter

    def headers(self) -> list[str]:
        alias = {s.name: s.alias_zh for s in self.specs}
        alias[VERDICT] = VERDICT_ALIAS
        return [alias.get(name, name) for name in self.all_columns()]

    def all_columns(self) -> tuple:
        return (*self.columns, VERDICT) if self.field_verdicts else self.columns


CHECKS = ReviewKind(
    key="checks",
    specs=schema.CHECK_FIELDS,
    # the check (code and Chinese title), the unit codes and the message first: what a
    # reviewer reads; status, area and county after
    columns=(
        schema.CHK_CODE,
        schema.CHK_UNITS,
        schema.CHK_MESSAGE,
        schema.CHK_SEVERITY,
        schema.CHK_STATUS,
        schema.CHK_AREA,
        schema.CHK_NOTE,
        schema.CHK_COUNTY,
    ),
    wide=schema.CHK_MESSAGE,
    statuses=schema.REVIEW_STATUSES_ZH,
    severities=schema.SEVERITIES_ZH,
    filters={
        "check": schema.CHK_CODE,
        "severity": schema.CHK_SEVERITY,
        "status": schema.CHK_STATUS,
        "county": schema.CHK_COUNTY,
        "verdict": VERDICT,
    },
    tooltip=(schema.CHK_UNITS, schema.CHK_MESSAGE),
    first_label=QT_TRANSLATE_NOOP("CheckResultsDock", "Check"),
    count_text=QT_TRANSLATE_NOOP("CheckResultsController", "{0} of {1} problems shown ({2})"),
    command=QT_TRANSLATE_NOOP("CheckResultsController", "Set review status"),
    field_verdicts=True,
)

LEADS = ReviewKind(
    key="leads",
    specs=schema.LEAD_FIELDS,
    # why, where (unit), which requirement, how serious, and the verification
    columns=(
        "reason",
        "unit_code",
        "requirement_id",
        "requirement_text",
        "severity",
        schema.CHK_STATUS,
        schema.CHK_NOTE,
        "source_layer",
        "county_code",
    ),
    wide="requirement_text",
    statuses=schema.LEAD_STATUSES_ZH,
    severities=("高", "中", "低"),
    filters={
        "check": "reason",
        "severity": "severity",
        "status": schema.CHK_STATUS,
        "county": "county_code",
    },
    tooltip=(
        "unit_code",
        "unit_name",
        "requirement_id",
        "requirement_text",
        "source_layer",
        "source_key",
        "finding",
    ),
    first_label=QT_TRANSLATE_NOOP("CheckResultsDock", "Lead reason"),
    count_text=QT_TRANSLATE_NOOP("CheckResultsController", "{0} of {1} leads shown ({2})"),
    command=QT_TRANSLATE_NOOP("CheckResultsController", "Set lead status"),
    field_verdicts=False,
)


def kind_of(layer) -> ReviewKind | None:
    """The kind of a layer the panel can review, or None."""
    if not isinstance(layer, QgsVectorLayer):
        return None
    names = set(layer.fields().names())
    if {LEAD_KEY, "reason", schema.CHK_STATUS} <= names:
        return LEADS
    if {schema.CHK_CODE, schema.CHK_SEVERITY, schema.CHK_STATUS} <= names:
        return CHECKS
    return None
