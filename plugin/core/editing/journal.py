"""Change-journal rows of unit edits (Qt-free): one row per operation with the units before
and after (code, class, MJ) as JSON, the land that changed and a free-text reason."""

from __future__ import annotations

import datetime as _dt
import json

from .. import schema
from .operations import RECODE, Edit, Units, mj_km2


def _unit(code, unit_class, mj) -> dict:
    return {"code": str(code), "class": int(unit_class), "mj": round(float(mj), 6)}


def entry(units: Units, edit: Edit, reason: str = "", when=None, session: str = "") -> dict:
    """The journal row of ``edit`` on ``units`` (keys: the schema's journal field names,
    plus "geometry" for the changed land)."""
    touched = edit.touched()
    before_mj = mj_km2(units.geometries[touched]) if touched else []
    before = [_unit(units.codes[i], units.classes[i], m) for i, m in zip(touched, before_mj)]
    after = [_unit(units.codes[i], units.classes[i], edit.mj[i]) for i in sorted(edit.changed)] + [
        _unit(u.code, u.unit_class, u.mj) for u in edit.added
    ]
    return {
        schema.JOURNAL_TIME: when or _dt.datetime.now().replace(microsecond=0),
        schema.JOURNAL_OPERATION: edit.operation,
        schema.JOURNAL_COUNTY: units.county_code,
        schema.JOURNAL_BEFORE: json.dumps(before, ensure_ascii=False),
        schema.JOURNAL_AFTER: json.dumps(after, ensure_ascii=False),
        schema.JOURNAL_RETIRED: ",".join(str(c) for c in edit.retired),
        schema.JOURNAL_REASON: reason or "",
        schema.JOURNAL_SESSION: session,
        "geometry": edit.region,
    }


def recode_entry(
    county_code, unit_class, mj, old_code, new_code, reason="", when=None, session=""
) -> dict:
    """The journal row of a code changed by hand: the unit before and after, no land moved;
    the old code is retired (never reused) unless it was empty."""
    old = "" if old_code is None else str(old_code)
    return {
        schema.JOURNAL_TIME: when or _dt.datetime.now().replace(microsecond=0),
        schema.JOURNAL_OPERATION: RECODE,
        schema.JOURNAL_COUNTY: county_code or "",
        schema.JOURNAL_BEFORE: json.dumps([_unit(old, unit_class, mj)], ensure_ascii=False),
        schema.JOURNAL_AFTER: json.dumps([_unit(new_code, unit_class, mj)], ensure_ascii=False),
        schema.JOURNAL_RETIRED: old,
        schema.JOURNAL_REASON: reason or "",
        schema.JOURNAL_SESSION: session,
        "geometry": None,
    }


def used_codes(rows) -> set:
    """Every code the journal has seen (before or after an edit): retired codes are among
    them, so new codes are taken beyond them."""
    codes = set()
    for row in rows:
        for key in (schema.JOURNAL_BEFORE, schema.JOURNAL_AFTER):
            text = row.get(key) or "[]"
            codes.update(u["code"] for u in json.loads(text) if u["code"])
        codes.update(c for c in (row.get(schema.JOURNAL_RETIRED) or "").split(",") if c)
    return codes
