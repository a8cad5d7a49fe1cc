"""Verdict rules: a project's industry code, and its conclusion with the reasons."""

from __future__ import annotations

from .. import roles
from ..industry import IndustryTable
from .inputs import text
from .model import (
    CONCLUSION_CONDITIONAL,
    CONCLUSION_INCOMPLETE,
    CONCLUSION_NO,
    CONCLUSION_OK,
    FINDING_ARGUE,
    FINDING_MANUAL,
    FINDING_OK,
    FINDING_VIOLATION,
    REASON_TEXT_CHARS,
)


def project_industry(value, default, table: IndustryTable):
    """(normalised code or None, raw text, problem zh, problem en)."""
    raw = text(value)
    if not raw and default is not None:
        raw = text(default)
    if not raw:
        return None, "", "未填写行业代码", "industry code missing"
    code = table.normalise(raw)
    if code is None or not table.is_known(code):
        return (
            None,
            raw,
            f"行业代码“{raw}”不在 GB/T 4754-2017 中",
            f"industry code '{raw}' is not in GB/T 4754-2017",
        )
    return code, raw, None, None


def short(value: str, limit: int = REASON_TEXT_CHARS) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def fmt(value: float) -> str:
    return f"{value:,.1f}"


def layer_text(name, value, d, verb="占用"):
    if d == 2:
        return f"{verb}{name} {fmt(value)} m²"
    if d == 1:
        return f"{verb}{name} {fmt(value)} m"
    return f"位于{name}内"


def role_text(layer) -> str:
    name, value, d, key = layer
    role = roles.role(key)
    return f"{layer_text(name, value, d)}（{role.label_zh}，{role.consequence_zh}）"


def _describe(finding_row, access) -> str:
    _finding, unit_code, row, matched = finding_row
    where = unit_code or f"区域 {access.scopes[row]}"
    codes = f"（行业代码 {','.join(matched)}）" if matched else ""
    return f"{where} {access.dimensions[row]}：{short(access.texts[row])}{codes}"


def _with_effect(layers, effect):
    return [x for x in layers if roles.role(x[3]).effect == effect]


def _with_finding(findings, finding):
    return [f for f in findings if f[0] == finding]


def _forbidden(findings, layers, access):
    violations = _with_finding(findings, FINDING_VIOLATION)
    forbidden_hits = _with_effect(layers, roles.EFFECT_FORBID)
    if not (violations or forbidden_hits):
        return None
    reasons = [f"禁止类要求：{_describe(f, access)}" for f in violations]
    return reasons + [role_text(x) for x in forbidden_hits]


def _conditional(findings, layers, access):
    argue = _with_finding(findings, FINDING_ARGUE)
    conditional_hits = _with_effect(layers, roles.EFFECT_LIMIT)
    if not (argue or conditional_hits):
        return None
    reasons = [f"限制类要求，需进一步论证：{_describe(f, access)}" for f in argue]
    return reasons + [role_text(x) + "，需依法论证" for x in conditional_hits]


def _incomplete(layers, incomplete, messages_zh):
    unknown = _with_effect(layers, roles.EFFECT_UNKNOWN)
    if not (incomplete or unknown):
        return None
    reasons = list(messages_zh) if incomplete else []
    return reasons + [
        f"{layer_text(x[0], x[1], x[2])}，该约束图层角色未指定，请指定其角色后重新研判"
        for x in unknown
    ]


def _compliant(findings, access):
    manual = sum(1 for f in findings if f[0] == FINDING_MANUAL)
    reasons = ["未命中禁止类、限制类要求，未占用禁止或限制类约束图层"]
    reasons += [
        f"允许/鼓励类要求：{_describe(f, access)}" for f in _with_finding(findings, FINDING_OK)
    ]
    if manual:
        reasons.append(f"另有 {manual} 条要求需人工核对")
    return reasons


def conclude(findings, layers, access, incomplete, messages_zh):
    """(conclusion, reasons) for one project: the first rule that applies.

    ``findings``: (finding, unit code, row, matched codes); ``layers``: (name, measure,
    dim, role key) of the constraint layers the project overlaps.
    """
    info = [role_text(x) for x in _with_effect(layers, roles.EFFECT_INFO)]
    reasons = _forbidden(findings, layers, access)
    if reasons is not None:
        return CONCLUSION_NO, reasons + info
    reasons = _conditional(findings, layers, access)
    if reasons is not None:
        return CONCLUSION_CONDITIONAL, reasons + info
    reasons = _incomplete(layers, incomplete, messages_zh)
    if reasons is not None:
        return CONCLUSION_INCOMPLETE, reasons + info
    return CONCLUSION_OK, _compliant(findings, access) + info
