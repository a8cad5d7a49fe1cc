"""The three-way merge of returned field packages into the office copy.

Rules (order of packages never matters; importing a package twice changes nothing):

- review records are appended, keyed by UUID; a UUID already there with the same content
  is skipped, with other content it becomes a conflict (the office record is kept);
- a field edit (field value differs from the export snapshot) is applied where the office
  value is still the snapshot value and every package that edited it agrees;
- where the office changed the value too, or packages disagree, nothing is overwritten:
  the value stays (or returns to) the office's own and a conflict lists every value;
- a value first applied from one package and later contradicted by another is taken back
  to the office's own value, so A-then-B and B-then-A end the same.

The office keeps a ledger of every field edit seen (``LedgerEdit`` rows, stored by the
adapter): the decision for a value is recomputed from all edits of that value, old and new,
so it depends on the set of packages and not on their order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .snapshot import normalise, row_hash

APPLIED = "applied"
CONFLICT = "conflict"
AGREED = "agreed"  # the field made the change the office already made
APPENDED = "appended"
SKIPPED = "skipped"


@dataclass(frozen=True)
class LedgerEdit:
    """One field edit of one package: the value at export (base) and in the field."""

    package: str
    reviewer: str
    table: str
    key: str
    field: str
    base: object
    value: object
    outcome: str = ""
    applied_value: object = None
    office_before: object = None

    @property
    def target(self) -> tuple[str, str, str]:
        return (self.table, self.key, self.field)


@dataclass(frozen=True)
class Decision:
    table: str
    key: str
    field: str
    outcome: str  # APPLIED / CONFLICT / AGREED
    office_value: object  # what the office value must be after the merge
    office_own: object  # the office's own value (without field applications)
    base: object
    field_values: tuple  # ((package, reviewer, value), ...) sorted by package


# Why a record was merged as it was: reason -> English text ({0}, {1}: the entry's args).
# The import algorithm shows translated texts for the same reasons.
REASONS_EN = {
    "not_exported": "row not in the package's snapshot",
    "deleted_in_field": "row deleted in the field (ignored)",
    "already_imported": "already imported",
    "conflict_recorded": "conflict already recorded",
    "no_uuid": "review record without uuid",
    "review_differs": "review record differs from the office's copy",
    "applied": "{0} -> {1}",
    "agreed": "the office already has {0}",
    "conflict": "office value {0}; field values {1}",
    "appended": "",
}


@dataclass
class LogEntry:
    package: str
    table: str
    key: str
    field: str
    outcome: str
    reason: str = ""
    args: tuple = ()

    @property
    def detail(self) -> str:
        return REASONS_EN.get(self.reason, self.reason).format(*self.args)


@dataclass
class MergeResult:
    decisions: list = field(default_factory=list)
    ledger: list = field(default_factory=list)  # the whole ledger after the merge
    appended: list = field(default_factory=list)  # review records to append
    review_conflicts: list = field(default_factory=list)  # (package, uuid, office, field)
    log: list = field(default_factory=list)

    def counts(self) -> dict:
        names = (APPENDED, APPLIED, CONFLICT, SKIPPED, AGREED)
        return {n: sum(1 for e in self.log if e.outcome == n) for n in names}


def edits_from_package(package: str, reviewer: str, table: str, snapshot: dict, field_rows):
    """The field edits of one exported table, and log entries for rows not merged.

    ``snapshot`` is ``take_snapshot``'s dict; ``field_rows`` the package's rows now.
    A row whose hash equals its snapshot hash has no edit. Rows the field added or
    deleted are skipped (geometry and membership are the office's business).
    """
    key, fields, exported = snapshot["key"], snapshot["fields"], snapshot["rows"]
    edits, log, seen = [], [], set()
    for row in field_rows:
        row_key = normalise(row.get(key))
        row_key = None if row_key is None else str(row_key)
        if row_key not in exported:
            log.append(LogEntry(package, table, str(row_key), "", SKIPPED, "not_exported"))
            continue
        seen.add(row_key)
        base = exported[row_key]
        if row_hash(row, fields) == base["hash"]:
            continue
        for name in fields:
            value = normalise(row.get(name))
            if value != base["values"].get(name):
                edits.append(
                    LedgerEdit(package, reviewer, table, row_key, name, base["values"][name], value)
                )
    for row_key in sorted(set(exported) - seen):
        log.append(LogEntry(package, table, row_key, "", SKIPPED, "deleted_in_field"))
    return edits, log


def _office_own(edits, current):
    """The office's own value: the current one, unless it is what a merge applied."""
    for edit in edits:
        if edit.outcome == APPLIED and edit.applied_value == current:
            return edit.office_before
    return current


def decide(edits, current, missing: bool = False) -> Decision:
    """The decision for one value from all its edits (old and new) and its current value;
    ``missing``: the row is no longer in the office (always a conflict)."""
    own = _office_own(edits, current)
    bases = {edit.base for edit in edits}
    values = sorted({edit.value for edit in edits}, key=repr)
    first = edits[0]
    field_values = tuple(sorted((e.package, e.reviewer, e.value) for e in edits))
    base = first.base if len(bases) == 1 else None
    if missing:
        outcome, office_value = CONFLICT, None
    elif own in bases and len(bases) == 1 and len(values) == 1:
        outcome, office_value = APPLIED, values[0]
    elif values == [own]:
        outcome, office_value = AGREED, own
    else:
        outcome, office_value = CONFLICT, own
    return Decision(
        first.table, first.key, first.field, outcome, office_value, own, base, field_values
    )


def merge_edits(ledger, new_edits, office_values: dict) -> MergeResult:
    """Decide every value touched by ``new_edits`` from the whole ledger.

    ``office_values`` maps (table, key, field) to the office's current value; a target
    missing from it (row deleted in the office) is a conflict with an office value None.
    Edits already in the ledger (same package and target) are skipped: re-import no-op.
    """
    known = {(e.package, *e.target) for e in ledger}
    result = MergeResult()
    fresh = []
    for edit in new_edits:
        if (edit.package, *edit.target) in known:
            result.log.append(
                LogEntry(
                    edit.package, edit.table, edit.key, edit.field, SKIPPED, "already_imported"
                )
            )
            continue
        known.add((edit.package, *edit.target))
        fresh.append(edit)
    by_target: dict = {}
    for edit in [*ledger, *fresh]:
        by_target.setdefault(edit.target, []).append(edit)
    touched = sorted({edit.target for edit in fresh})
    updated = {}
    for target in touched:
        edits = by_target[target]
        current = normalise(office_values.get(target))
        decision = decide(edits, current, target not in office_values)
        result.decisions.append(decision)
        for edit in edits:
            updated[(edit.package, *target)] = replace(
                edit,
                outcome=decision.outcome,
                applied_value=decision.office_value if decision.outcome == APPLIED else None,
                office_before=decision.office_own,
            )
        for edit in fresh:
            if edit.target == target:
                result.log.append(
                    LogEntry(
                        edit.package, *target, decision.outcome, *_reason(decision, edit.value)
                    )
                )
    result.ledger = [updated.get((e.package, *e.target), e) for e in [*ledger, *fresh]]
    return result


def _reason(decision: Decision, value) -> tuple[str, tuple]:
    if decision.outcome == APPLIED:
        return "applied", (repr(decision.base), repr(value))
    if decision.outcome == AGREED:
        return "agreed", (repr(value),)
    others = ", ".join(f"{p}: {v!r}" for p, _, v in decision.field_values)
    return "conflict", (repr(decision.office_own), others)


def merge_reviews(
    existing: dict, incoming, fields, result: MergeResult, recorded=frozenset()
) -> None:
    """Append review records by UUID into ``result`` (existing: {uuid: {field: value}}).

    ``incoming`` is a list of (package, {field: value}) in any order; records are taken
    in UUID order so the outcome does not depend on the order of packages. ``recorded``
    holds the (package, uuid) of conflicts already in the office's conflict table.
    """
    seen = {uuid: row_hash(row, fields) for uuid, row in existing.items()}
    ordered = sorted(incoming, key=lambda item: (str(item[1].get("uuid")), item[0]))
    for package, row in ordered:
        uuid = normalise(row.get("uuid"))
        if uuid is None:
            result.log.append(LogEntry(package, "review", "", "", SKIPPED, "no_uuid"))
            continue
        digest = row_hash(row, fields)
        if uuid not in seen:
            seen[uuid] = digest
            result.appended.append((package, row))
            result.log.append(LogEntry(package, "review", uuid, "", APPENDED, "appended"))
        elif seen[uuid] == digest:
            result.log.append(LogEntry(package, "review", uuid, "", SKIPPED, "already_imported"))
        elif (package, uuid) in recorded:
            result.log.append(LogEntry(package, "review", uuid, "", SKIPPED, "conflict_recorded"))
        else:
            office = existing.get(uuid, {})
            result.review_conflicts.append((package, uuid, office, row))
            result.log.append(LogEntry(package, "review", uuid, "", CONFLICT, "review_differs"))
