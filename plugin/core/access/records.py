"""Requirement records and the frame that holds them (the schema's access-list columns)."""

from __future__ import annotations

import pandas as pd

from .. import schema
from .ids import requirement_id
from .vocabulary import COLUMNS, LEVEL_UNIT, STATUS_VALID, infer_kind


def unit_requirement(code, dimension, order, text) -> dict:
    """One item of a unit's dimension cell as a 单元-level requirement (valid, class filter 0)."""
    return {
        schema.REQ_ID: requirement_id(code, dimension, order),
        schema.REQ_SCOPE_LEVEL: LEVEL_UNIT,
        schema.REQ_SCOPE_CODE: code,
        schema.REQ_CLASS_FILTER: schema.CLASS_FILTER_ALL,
        schema.REQ_DIMENSION: dimension,
        schema.REQ_TEXT: text,
        schema.REQ_KIND: infer_kind(text),
        schema.REQ_INDUSTRIES: None,
        schema.REQ_BASIS: None,
        schema.REQ_SOURCE: None,
        schema.REQ_EFFECTIVE: None,
        schema.REQ_STATUS: STATUS_VALID,
        schema.REQ_ORDER: order,
        schema.REQ_CHANGED: None,
    }


def requirements_frame(records) -> pd.DataFrame:
    """The records as a frame of the access-list columns, empty values as None."""
    frame = pd.DataFrame(records, columns=COLUMNS)
    return frame.astype(object).where(frame.notna(), None)
