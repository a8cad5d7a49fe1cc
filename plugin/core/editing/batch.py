"""Edits on a whole unit frame (pandas, schema field names, "fid" and "geometry" in a metre
CRS), for the Processing algorithms: split by lines, merge within polygons, reclassify by
polygons. Each shape is one edit on the units of one county, journalled row by row."""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd
import shapely

from .. import schema
from ..geometry import GRID_SIZE
from . import journal
from . import operations as ops

COUNTY, CODE, CLASS, MJ = (
    schema.UNIT_COUNTY_CODE,
    schema.UNIT_CODE,
    schema.UNIT_CLASS,
    schema.UNIT_AREA,
)


class Batch:
    """A unit frame being edited, with its journal rows and the shapes that did nothing."""

    def __init__(
        self,
        frame: pd.DataFrame,
        rule=schema.DEFAULT_CODE_RULE,
        used_codes=(),
        grid_size: float = GRID_SIZE,
        reason: str = "",
        session: str = "",
    ):
        frame = frame.reset_index(drop=True).copy()
        frame["geometry"] = shapely.set_precision(frame["geometry"].to_numpy(), grid_size)
        frame[COUNTY] = frame[COUNTY].map(schema.normalise_county_code)
        self.frame = frame
        self.rule, self.grid = rule, grid_size
        self.used = set(used_codes)
        self.rows: list[dict] = []
        self.skipped: list[tuple[int, str]] = []  # (shape number, error kind)
        self.reason, self.session = reason, session
        self.when = _dt.datetime.now().replace(microsecond=0)

    def county(self, code: str) -> tuple[ops.Units, np.ndarray]:
        rows = np.flatnonzero(self.frame[COUNTY].to_numpy() == code)
        sub = self.frame.iloc[rows]
        units = ops.Units(
            sub["geometry"].to_numpy(),
            sub[CODE].to_numpy(),
            sub[CLASS].to_numpy(),
            code,
            tuple(self.used),
            self.rule,
            self.grid,
        )
        return units, rows

    def hits(self, shape) -> np.ndarray:
        return shapely.STRtree(self.frame["geometry"].to_numpy()).query(shape, "intersects")

    def apply(self, units: ops.Units, rows: np.ndarray, edit: ops.Edit) -> None:
        self.rows.append(journal.entry(units, edit, self.reason, self.when, self.session))
        frame = self.frame
        gcol, mcol = frame.columns.get_loc("geometry"), frame.columns.get_loc(MJ)
        for i, geom in edit.changed.items():
            frame.iat[rows[i], gcol] = geom
            frame.iat[rows[i], mcol] = edit.mj[i]
        new = []
        for unit in edit.added:
            row = frame.iloc[rows[unit.template]].copy()
            row["geometry"], row[CODE], row[CLASS], row[MJ] = (
                unit.geometry,
                unit.code,
                unit.unit_class,
                unit.mj,
            )
            row["fid"] = None
            new.append(row)
        keep = np.ones(len(frame), dtype=bool)
        keep[rows[edit.removed]] = False
        self.used.update(str(c) for c in units.codes)
        self.used.update(edit.retired)
        self.frame = (
            pd.concat([frame[keep], pd.DataFrame(new)], ignore_index=True)
            if new or (~keep).any()
            else frame
        )

    def run(self, number: int, make_edit) -> None:
        """One edit; an ``EditError`` skips the shape (recorded in ``skipped``)."""
        try:
            make_edit()
        except ops.EditError as error:
            self.skipped.append((number, error.kind))

    def split_by(self, number: int, line) -> None:
        for hit in self.hits(line):
            code = self.frame[CODE].iat[hit]

            def edit(code=code):
                units, rows = self.county(self.frame[COUNTY].iat[self._row_of(code)])
                index = int(np.flatnonzero(units.codes == code)[0])
                self.apply(units, rows, ops.split(units, index, line))

            self.run(number, edit)

    def _row_of(self, code) -> int:
        return int(np.flatnonzero(self.frame[CODE].to_numpy() == code)[0])

    def reclassify_by(self, number: int, polygon, new_class: int) -> None:
        counties = sorted(set(self.frame[COUNTY].to_numpy()[self.hits(polygon)]) - {None})
        for code in counties:

            def edit(code=code):
                units, rows = self.county(code)
                self.apply(units, rows, ops.reclassify(units, polygon, new_class))

            self.run(number, edit)

    def merge_within(self, number: int, polygon) -> None:
        """Units of one county and class lying mostly (over half) inside ``polygon`` merge."""
        hits = self.hits(polygon)
        geoms = self.frame["geometry"].to_numpy()[hits]
        inside = shapely.area(shapely.intersection(geoms, polygon)) > 0.5 * shapely.area(geoms)
        chosen = self.frame.iloc[hits[inside]]
        for (county, _cls), group in chosen.groupby([COUNTY, CLASS]):
            if len(group) < 2:
                continue
            codes = group[CODE].tolist()

            def edit(county=county, codes=codes):
                units, rows = self.county(county)
                index = [int(np.flatnonzero(units.codes == c)[0]) for c in codes]
                self.apply(units, rows, ops.merge(units, index))

            self.run(number, edit)
