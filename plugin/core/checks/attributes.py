"""Attribute checks of the unit layer: A05 required fields, A01 code rule, A02 duplicate
codes, A03 class digit vs class, A06 MJ vs computed area."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import schema
from ..area import official_m2
from ..geometry import polygonal
from .cells import code_problem_zh, is_empty_value
from .model import CheckInput
from .prepare import Units
from .problems import Problems


def check_attributes(units: Units, inp: CheckInput, grid, problems: Problems) -> None:
    check_required(units, inp.units, problems)
    check_code_rule(units, inp.code_rule, problems)
    check_duplicates(units, grid, problems)
    check_class_digit(units, inp.units, problems)
    check_area_field(units, inp, problems)


def _emit_for_rows(problems: Problems, code: str, units: Units, rows, msgs) -> None:
    """A problem on each unit row, drawn with the unit's geometry."""
    problems.emit(code, units.rep_geometry(rows), units.label[rows], units.attr_county[rows], msgs)


def check_required(units: Units, frame: pd.DataFrame, problems: Problems) -> None:
    """A05: required fields the layer has, left empty."""
    req = [s for s in schema.UNIT_FIELDS if s.required and units.has_col[s.name]]
    empty = {s.name: np.array([is_empty_value(v) for v in frame[s.name]], bool) for s in req}
    any_empty = np.zeros(units.n, bool)
    for m in empty.values():
        any_empty |= m
    rows = np.flatnonzero(any_empty)
    msgs = []
    for r in rows:
        names = "、".join(f"{s.alias_zh}（{s.name}）" for s in req if empty[s.name][r])
        msgs.append(f"单元 {units.label[r]} 必填字段为空：{names}")
    _emit_for_rows(problems, "A05", units, rows, msgs)


def check_code_rule(units: Units, rule: schema.CodeRule, problems: Problems) -> None:
    """A01: codes that break the code rule."""
    rows, msgs = [], []
    for r in range(units.n):
        c = units.code[r]
        if c is None or (units.code_county[r] is not None and c == c.strip()):
            continue  # parsed by prepare_units, nothing around it: the rule holds
        p = code_problem_zh(rule, c)
        if p:
            rows.append(r)
            msgs.append(f"单元编码 {c} 不符合编码规则：{p}")
    _emit_for_rows(problems, "A01", units, np.asarray(rows, dtype=int), msgs)


def check_duplicates(units: Units, grid, problems: Problems) -> None:
    """A02: one problem per code used more than once, on the union of its units."""
    keyed = pd.Series(units.code_key)
    dup = keyed[keyed.notna() & keyed.duplicated(keep=False)]
    if not len(dup):
        return
    groups = dup.groupby(dup.values).groups
    geoms, names, counties, msgs = [], [], [], []
    for code, idx in groups.items():
        rows = np.asarray(idx, dtype=int)
        g = units.rep_geometry(rows)
        g = g[~shapely.is_missing(g)]
        geoms.append(shapely.union_all(g, grid_size=grid) if len(g) else None)
        names.append(",".join([code] * len(rows)))
        counties.append(units.attr_county[rows[0]])
        fids = "、".join(str(units.fid[r]) for r in rows)
        msgs.append(f"单元编码 {code} 重复 {len(rows)} 次（fid：{fids}）")
    problems.emit("A02", polygonal(np.array(geoms, object)), names, counties, msgs)


def check_class_digit(units: Units, frame: pd.DataFrame, problems: Problems) -> None:
    """A03: an unusable class value, or a class digit in the code that differs from it."""
    bad_value = units.cls_bad
    mismatch = (units.code_class > 0) & (units.cls_int > 0) & (units.code_class != units.cls_int)
    rows = np.flatnonzero(bad_value | mismatch)
    msgs = []
    col = frame[schema.UNIT_CLASS].to_numpy(dtype=object)
    for r in rows:
        if bad_value[r]:
            msgs.append(f"单元 {units.label[r]} 分类字段取值 {col[r]!r} 无效（应为 1/2/3）")
        else:
            d, v = units.code_class[r], units.cls_int[r]
            msgs.append(
                f"单元 {units.label[r]} 编码分类位为 {d}（{schema.CLASS_LABELS_ZH[d]}），"
                f"分类字段为 {v}（{schema.CLASS_LABELS_ZH[v]}）"
            )
    _emit_for_rows(problems, "A03", units, rows, msgs)


_ROWS = 5000  # units measured at a time (A06)


def check_area_field(units: Units, inp: CheckInput, problems: Problems) -> None:
    """A06: MJ (km²) off the official area by more than the relative / absolute tolerance."""
    if not units.has_col[schema.UNIT_AREA]:
        problems.skip(f"单元图层无面积字段 {schema.UNIT_AREA}", "A06")
        return
    mj = pd.to_numeric(inp.units[schema.UNIT_AREA], errors="coerce").to_numpy(float)
    # the one area rule, a slice at a time (units in another zone are reprojected copies)
    a_km2 = (
        np.concatenate(
            [official_m2(units.repaired[k : k + _ROWS]) for k in range(0, units.n, _ROWS)] or [[]]
        )
        / 1e6
    )
    limit = np.maximum(inp.area_rel_tolerance * a_km2, inp.area_abs_tolerance_km2)
    rows = np.flatnonzero(units.present & ~np.isnan(mj) & (np.abs(mj - a_km2) > limit))
    problems.emit(
        "A06",
        units.geom[rows],
        units.label[rows],
        units.attr_county[rows],
        [
            f"单元 {units.label[r]} 面积字段 MJ 为 {mj[r]:.6f} 平方公里，"
            f"计算面积为 {a_km2[r]:.6f} 平方公里"
            for r in rows
        ],
    )
