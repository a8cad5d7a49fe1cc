"""Result assembly: the error table in catalogue order, the summary, the repair log."""

from __future__ import annotations

import pandas as pd

from .. import schema
from ..geometry import REPAIR_COLUMNS
from .catalogue import CHECKS, ERROR_COLUMNS, SUMMARY_COLUMNS
from .model import CheckResult
from .problems import Problems


def _errors(chunks: list[pd.DataFrame]) -> pd.DataFrame:
    """All problem rows, sorted by check (catalogue order), county and units."""
    if chunks:
        errors = pd.concat(chunks, ignore_index=True)
    else:
        errors = pd.DataFrame({c: pd.Series(dtype=object) for c in ERROR_COLUMNS})
        errors[schema.CHK_AREA] = errors[schema.CHK_AREA].astype(float)
    errors = errors[ERROR_COLUMNS]
    order = {c: i for i, c in enumerate(CHECKS)}
    return errors.sort_values(
        [schema.CHK_CODE, schema.CHK_COUNTY, schema.CHK_UNITS],
        key=lambda s: s.map(order) if s.name == schema.CHK_CODE else s,
        kind="stable",
    ).reset_index(drop=True)


def summary_of(errors: pd.DataFrame) -> pd.DataFrame:
    """One row per check of the catalogue: count and area of its problems."""
    counts = errors.groupby(schema.CHK_CODE)[schema.CHK_AREA].agg(["size", "sum"])
    return pd.DataFrame(
        [
            {
                "check_code": s.code,
                "severity": s.severity,
                "title_zh": s.title_zh,
                "title_en": s.title_en,
                "count": int(counts["size"].get(s.code, 0)),
                "area_m2": float(counts["sum"].get(s.code, 0.0)),
            }
            for s in CHECKS.values()
        ],
        columns=SUMMARY_COLUMNS,
    )


def assemble(problems: Problems) -> CheckResult:
    errors = _errors(problems.chunks)
    repairs = [r for r in problems.repairs if len(r)]
    repairs = (
        pd.concat(repairs, ignore_index=True).drop_duplicates(ignore_index=True)
        if repairs
        else pd.DataFrame(columns=REPAIR_COLUMNS)
    )
    return CheckResult(
        errors=errors,
        summary=summary_of(errors),
        skipped=dict(problems.skipped),
        repairs=repairs,
    )
