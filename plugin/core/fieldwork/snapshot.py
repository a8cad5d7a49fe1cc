"""The export snapshot: for every exported row, its key and a hash of its editable fields.

The manifest keeps the values too (small: a few short text fields per row), so that a
conflict can show what the row held at export time beside the office and field values.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math


def normalise(value):
    """A JSON-safe, comparable form of a field value: NULL, NaN and "" are all None;
    numpy scalars become Python numbers; dates become ISO text; whole floats stay floats."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    return text if text not in ("", "NULL") else None


def row_hash(values: dict, fields) -> str:
    """sha256 over the normalised values of ``fields`` (order as given)."""
    payload = json.dumps(
        [normalise(values.get(name)) for name in fields], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def problem_id(check_code, unit_codes, county_code, message) -> str:
    """A check problem's id that survives re-running the checks (fids do not)."""
    text = "|".join(str(normalise(v) or "") for v in (check_code, unit_codes, county_code, message))
    return "P" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:11].upper()


def take_snapshot(rows, key: str, fields) -> dict:
    """{"key", "fields", "rows": {key value: {"hash", "values"}}} for one table.

    ``rows`` is an iterable of {field: value}; rows without a key or with a duplicate key
    raise ValueError naming it (a merge needs one row per key).
    """
    fields = list(fields)
    out = {}
    for row in rows:
        row_key = normalise(row.get(key))
        if row_key is None:
            raise ValueError(f"a row has no {key}")
        row_key = str(row_key)
        if row_key in out:
            raise ValueError(f"{key} {row_key} occurs more than once")
        values = {name: normalise(row.get(name)) for name in fields}
        out[row_key] = {"hash": row_hash(values, fields), "values": values}
    return {"key": key, "fields": fields, "rows": out}
