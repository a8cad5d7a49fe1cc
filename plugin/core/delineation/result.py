"""The end of a run: valid geometry, removed units, codes, unique names, the unit table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .. import area as _area
from .. import geometry as _geometry
from .. import schema
from .codes import assign_codes
from .context import Context
from .counties import Counties
from .model import UNIT_COLUMNS, DelineationInput, Unit, unit_name


def make_valid(ctx: Context, units: list[Unit], known_valid=None) -> int:
    """Final geometry: valid, non-empty (repaired and snapped again where it is not);
    the number of units repaired. ``known_valid``: units already found valid as they are
    (not tested again)."""
    geoms = np.array([u.geom for u in units], dtype=object)
    present = ~shapely.is_missing(geoms)
    test = np.flatnonzero(present if known_valid is None else present & ~known_valid)
    bad = np.zeros(len(geoms), dtype=bool)
    bad[test] = ~ctx.ops.pvec(shapely.is_valid, geoms[test]).astype(bool)  # rows on their own
    if bad.any():
        fixed = _geometry.polygonal(shapely.make_valid(geoms[bad]))
        ok = ~shapely.is_missing(fixed)
        fixed[ok] = shapely.set_precision(fixed[ok], ctx.grid or 0)
        geoms[bad] = _geometry.polygonal(fixed)
    for u, g in zip(units, geoms):
        u.geom = g
    return int(bad.sum())


def log_removed(ctx: Context, units: list[Unit], base_names: list[str]) -> None:
    for i, u in enumerate(units):
        if u.geom is None:
            ctx.log.add(
                "unit_removed",
                u.layer,
                u.fid,
                f"单元“{base_names[i]}”的全部土地已并入相邻单元，单元取消 / unit "
                f'"{base_names[i]}": all its land merged into neighbours, unit removed',
                0.0,
            )


def unique_names(base_names: list[str], codes: list) -> list[str]:
    """Names unique in code order: duplicates get "（2）", "（3）"…"""
    names = [None] * len(codes)
    seen: dict = {}
    for k in sorted(range(len(codes)), key=lambda k: codes[k]):
        base = base_names[k]
        count = seen.get(base, 0) + 1
        seen[base] = count
        names[k] = base if count == 1 else f"{base}（{count}）"
    return names


def _unit_text(code, name) -> str:
    return f"{code} {name}" if code else name


def log_merges(ctx, units, merges, base_names, code_of: dict, name_of: dict) -> None:
    for src, dst, a in merges:
        src_text = _unit_text(code_of.get(src), name_of.get(src, base_names[src]))
        dst_text = _unit_text(code_of.get(dst), name_of.get(dst, base_names[dst]))
        ctx.log.add(
            "merged_fragment",
            units[src].layer,
            units[src].fid,
            f"碎片（{a:.3f} 平方米）由 {src_text} 并入 {dst_text} / fragment of {a:.3f} m² "
            f"merged from {src_text} into {dst_text}",
            a,
        )


def unit_table(inp: DelineationInput, counties: Counties, kept: list[Unit], codes, names):
    """The unit table (``UNIT_COLUMNS``) in code order; MJ is the planar area in km²."""
    geoms = np.array([u.geom for u in kept], dtype=object)
    mj = _area.m2_to_km2(_area.official_m2(geoms)) if len(kept) else np.zeros(0)
    frame = pd.DataFrame(
        {
            schema.UNIT_CODE: pd.Series(codes, dtype=object),
            schema.UNIT_NAME: pd.Series(names, dtype=object),
            schema.UNIT_CLASS: pd.Series([u.cls for u in kept], dtype=np.int64),
            schema.UNIT_SUBTYPE: pd.Series([u.subtype for u in kept], dtype=object),
            schema.UNIT_PROVINCE: pd.Series([inp.province or ""] * len(kept), dtype=object),
            schema.UNIT_CITY: pd.Series([inp.city or ""] * len(kept), dtype=object),
            schema.UNIT_COUNTY: pd.Series([counties.name[u.county] for u in kept], dtype=object),
            schema.UNIT_COUNTY_CODE: pd.Series(
                [counties.code[u.county] for u in kept], dtype=object
            ),
            schema.UNIT_AREA: pd.Series(mj, dtype=float),
            schema.UNIT_REMARK: pd.Series([""] * len(kept), dtype=object),
            "geometry": pd.Series(list(geoms), dtype=object),
        },
        columns=UNIT_COLUMNS,
    )
    return frame.sort_values(schema.UNIT_CODE, kind="stable").reset_index(drop=True)


def finish(ctx: Context, counties: Counties, units: list[Unit], merges) -> pd.DataFrame:
    """Units (made valid: ``make_valid``) with codes and unique names as a table; removed
    units and merges logged."""
    base_names = [unit_name(u.base, u.cls) for u in units]
    alive = [i for i, u in enumerate(units) if u.geom is not None]
    log_removed(ctx, units, base_names)
    kept = [units[i] for i in alive]
    codes = assign_codes(ctx, counties, kept) if kept else []
    ctx.progress.step(95)
    names = unique_names([base_names[i] for i in alive], codes)
    code_of = {i: c for i, c in zip(alive, codes)}
    name_of = {i: n for i, n in zip(alive, names)}
    log_merges(ctx, units, merges, base_names, code_of, name_of)
    return unit_table(ctx.inp, counties, kept, codes, names)
