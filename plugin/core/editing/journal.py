"""Change-journal rows of unit edits (Qt-free): one row per operation with the units before
and after (code, class, MJ) as JSON, the land that changed and a free-text reason."""

from __future__ import annotations

import datetime as _dt
import json

from .. import schema
from .operations import Edit, Units, mj_km2


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


def used_codes(rows) -> set:
    """Every code the journal has seen (before or after an edit): retired codes are among
    them, so new codes are taken beyond them."""
    codes = set()
    for row in rows:
        for key in (schema.JOURNAL_BEFORE, schema.JOURNAL_AFTER):
            text = row.get(key) or "[]"
            codes.update(u["code"] for u in json.loads(text))
        codes.update(c for c in (row.get(schema.JOURNAL_RETIRED) or "").split(",") if c)
    return codes
