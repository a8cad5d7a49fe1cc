"""The unit layer, cleaned onto the grid, with an STRtree (``UnitIndex``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import schema
from ..geometry import repair_log
from ..geometry.arrays import geometry_array
from .inputs import snap_polygons, text
from .model import ComplianceError

# the unit fields an assessment reads (the rest of a unit layer's fields are not used)
UNIT_FIELDS_READ = (schema.UNIT_CODE, schema.UNIT_NAME, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE)


def _check_units(units) -> None:
    if units is None or not isinstance(units, pd.DataFrame):
        raise ComplianceError("管控单元图层不是表格数据 / The unit layer is not a table")
    for column in ("geometry", schema.UNIT_CODE):
        if column not in units.columns:
            raise ComplianceError(
                f"管控单元图层缺少字段 {column} / The unit layer has no column {column}"
            )


def _text_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name in frame.columns:
        return np.array([text(v) for v in frame[name]], dtype=object)
    return np.full(len(frame), "", dtype=object)


def _classes(frame: pd.DataFrame) -> np.ndarray:
    classes = (
        pd.to_numeric(frame[schema.UNIT_CLASS], errors="coerce")
        if schema.UNIT_CLASS in frame.columns
        else pd.Series(np.nan, index=frame.index)
    )
    return classes.fillna(0).astype(int).to_numpy()


def _fill_counties(counties: np.ndarray, codes: np.ndarray) -> None:
    """A county code missing from the layer is read from the unit code (ZH + 6 digits)."""
    for i in np.flatnonzero(counties == ""):
        code = codes[i]
        if len(code) >= 8 and schema.is_county_code(code[2:8]):
            counties[i] = code[2:8]


class UnitIndex:
    """The unit layer, cleaned onto the grid, with an STRtree (build once)."""

    def __init__(self, units: pd.DataFrame, layer_name: str = ""):
        _check_units(units)
        raw = geometry_array(units["geometry"].to_numpy())
        present = ~(shapely.is_missing(raw) | shapely.is_empty(raw))
        valid = shapely.is_valid(raw)  # once, for the repairs and the log
        geoms = snap_polygons(raw, valid)
        keep = ~shapely.is_missing(geoms)
        fids = units["fid"].to_numpy() if "fid" in units.columns else np.arange(1, len(raw) + 1)
        # as ``overlap.feature_repairs`` logs them
        self.repairs = repair_log(layer_name, fids, raw, present & ~valid, present & ~keep)
        frame = units.loc[keep]
        self.geoms = geoms[keep]
        self.fids = frame["fid"].to_numpy() if "fid" in frame.columns else np.flatnonzero(keep) + 1
        self.codes = _text_column(frame, schema.UNIT_CODE)
        self.names = _text_column(frame, schema.UNIT_NAME)
        self.counties = _text_column(frame, schema.UNIT_COUNTY_CODE)
        self.classes = _classes(frame)
        _fill_counties(self.counties, self.codes)
        shapely.prepare(self.geoms)
        self.tree = shapely.STRtree(self.geoms)

    def __len__(self) -> int:
        return len(self.geoms)

    def at(self, geometry) -> list[str]:
        """Codes of the units a geometry intersects (no overlay: for a quick look)."""
        hits = self.tree.query(geometry, predicate="intersects")
        return [self.codes[i] for i in np.sort(hits)]
