"""The admin-layer step: counties of the units, T02/T03 coverage, A04 county digits and
C01 county area sums.

C01: a county's unit areas add up wrong when |Σ unit areas − county area| exceeds
max(``tolerance``, ``coverage_tolerance``, 1e-9 × county area, ½ grid × county perimeter),
areas taken before snapping.
"""

from __future__ import annotations

import numpy as np
import shapely

from ..run import Progress
from .catalogue import fmt
from .counties import Counties, assign_counties, majority, read_counties
from .coverage import Coverage, county_coverage, gaps_without_admin
from .model import CheckInput
from .parts import Precision
from .prepare import Units
from .problems import Problems

_FIELD_ONLY = "行政区划代码字段"


def check_admin(
    units: Units,
    inp: CheckInput,
    dirty: np.ndarray,
    prec: Precision,
    problems: Problems,
    prog: Progress,
) -> tuple[np.ndarray, Coverage]:
    """(county code of each unit row, Coverage) after T02, T03, A04 and C01."""
    counties = read_counties(inp, prec.grid, problems, prog)
    if counties is None:
        problems.skip("未提供行政区图层", "T03")
        problems.skip("未提供行政区图层（仅比较编码与行政区划代码字段）", "A04")
        problems.skip("未提供行政区图层", "C01")
        county_digit_errors(units, units.xzqdm, _FIELD_ONLY, problems)
        return units.attr_county.copy(), gaps_without_admin(units, dirty, prec, problems, prog)
    county_idx = assign_counties(units, counties, prec.grid)
    county = np.array([counties.codes[i] if i >= 0 else None for i in county_idx], dtype=object)
    prog.step(45)
    coverage, unit_sum = county_coverage(units, counties, county_idx, dirty, prec, problems, prog)
    prog.step(65)
    check_county_digits(units, counties, county_idx, coverage.outside_share, prec.grid, problems)
    check_county_areas(counties, unit_sum, inp, prec, problems)
    return county, coverage


def check_county_digits(units, counties: Counties, county_idx, outside_share, grid, problems):
    """A04 against the county holding most of each unit."""
    maj = county_idx.copy()
    # units mostly outside the county they were assigned to: recompute the majority
    redo = np.flatnonzero(units.present & (outside_share >= 0.5) & (maj >= 0))
    if len(redo):
        maj[redo] = majority(units, counties, redo, grid)
    maj_code = np.array([counties.codes[i] if i >= 0 else None for i in maj], object)
    county_digit_errors(units, maj_code, "其主要所在行政区", problems)


def county_digit_errors(units: Units, ref: np.ndarray, what: str, problems: Problems):
    """A04: the code's county digits (and, against the admin layer, XZQDM) differ from ``ref``."""
    rows, msgs = [], []
    for r in range(units.n):
        m = ref[r]
        if m is None:
            continue
        bits = []
        if units.code_county[r] is not None and units.code_county[r] != m:
            bits.append(f"编码中的行政区代码 {units.code_county[r]}")
        if what != _FIELD_ONLY and units.xzqdm[r] is not None and units.xzqdm[r] != m:
            bits.append(f"行政区划代码字段 {units.xzqdm[r]}")
        if bits:
            rows.append(r)
            msgs.append(f"单元 {units.label[r]} {'、'.join(bits)} 与{what} {m} 不一致")
    rows = np.asarray(rows, dtype=int)
    problems.emit("A04", units.rep_geometry(rows), units.label[rows], ref[rows], msgs)


def check_county_areas(counties: Counties, unit_sum: dict, inp: CheckInput, prec, problems):
    """C01 per county with units."""
    rows_c, msgs, diffs = [], [], []
    # units written on a precision grid move each vertex by up to half a cell, so their
    # areas may differ from the county's by about half a cell times its perimeter
    c_perimeter = np.asarray(shapely.length(counties.geoms), dtype=float)
    half_cell = 0.5 * (prec.grid or 0.0)
    for ci, s in unit_sum.items():
        ca = float(counties.area[ci])
        d = s - ca
        grid_tol = half_cell * float(c_perimeter[ci])
        if abs(d) > max(prec.tol, inp.coverage_tolerance, 1e-9 * ca, grid_tol):
            rows_c.append(ci)
            diffs.append(abs(d))
            msgs.append(
                f"行政区 {counties.codes[ci]} 单元面积合计 {fmt(s)} 平方米，行政区面积 "
                f"{fmt(ca)} 平方米，相差 {fmt(d)} 平方米"
            )
    rows_c = np.asarray(rows_c, int)
    problems.emit(
        "C01", counties.geoms[rows_c], [""] * len(rows_c), counties.codes[rows_c], msgs, diffs
    )
