"""The admin layer as counties (one dissolved polygon per county code) and which county
each unit belongs to: its XZQDM when that is a county of the admin layer, else the county
digits of its code, else the county holding most of it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from .. import schema
from ..area import planar_area
from ..geometry import grouped_union, intersect_pairs
from ..run import Progress
from .catalogue import CheckError
from .cells import text
from .model import CheckInput
from .prepare import Units, prepare_layer
from .problems import Problems


@dataclass
class Counties:
    codes: np.ndarray  # sorted county codes (object)
    geoms: np.ndarray  # one polygon per county (prepared)
    area: np.ndarray  # m², unsnapped: the admin rows' areas summed (they do not overlap)
    tree: shapely.STRtree  # over geoms


def _county_codes(raw_codes) -> np.ndarray:
    """The admin layer's code column as 6-digit county codes; CheckError for others."""
    codes = np.array([schema.normalise_county_code(c) or text(c) or "" for c in raw_codes], object)
    bad = [str(c) for c in codes if not schema.is_county_code(c)]
    if bad:
        sample = "、".join(sorted(set(bad))[:5])
        raise CheckError(
            f"行政区图层 code 字段应为 6 位行政区划代码，发现：{sample} / "
            f"The admin layer's code field must hold 6-digit county codes, found: {sample}"
        )
    return codes


def read_counties(inp: CheckInput, grid, problems: Problems, prog: Progress) -> Counties | None:
    """The admin layer dissolved by county code, or None without one."""
    admin = prepare_layer(
        inp.admin, "行政区图层", "admin", inp, grid, problems, needs=("geometry", "code")
    )
    if admin is None:
        return None
    geoms, keep, raw_area = admin
    if not keep.any():
        raise CheckError(
            "行政区图层没有可用的面几何 / The admin layer has no usable polygon geometry"
        )
    codes = _county_codes(inp.admin["code"].to_numpy(dtype=object)[keep])
    keys, cgeoms = grouped_union(codes, geoms[keep], grid_size=grid, check=prog.check)
    c_area = pd.Series(raw_area[keep]).groupby(codes).sum()
    tree = shapely.STRtree(cgeoms)
    shapely.prepare(cgeoms)
    return Counties(keys.astype(object), cgeoms, c_area.reindex(keys).to_numpy(float), tree)


def majority(units: Units, counties: Counties, rows: np.ndarray, grid) -> np.ndarray:
    """County index holding most of each unit row (-1 when it touches none)."""
    out = np.full(len(rows), -1, dtype=int)
    k, ai = counties.tree.query(units.geom[rows], predicate="intersects")
    if len(k) == 0:
        return out
    inter = intersect_pairs(units.geom[rows[k]], counties.geoms[ai], grid_size=grid)
    area = planar_area(inter)
    df = pd.DataFrame({"k": k, "a": ai, "area": area})
    df = df[df["area"] > 0]
    if len(df):
        best = df.loc[df.groupby("k")["area"].idxmax()]
        out[best["k"].to_numpy()] = best["a"].to_numpy()
    return out


def assign_counties(units: Units, counties: Counties, grid) -> np.ndarray:
    """County index of each unit row: its attribute county if the admin layer knows it,
    else the majority county (-1: in no county)."""
    code_index = {c: i for i, c in enumerate(counties.codes)}
    county_idx = np.array(
        [code_index.get(c, -1) if c is not None else -1 for c in units.attr_county], int
    )
    unknown = np.flatnonzero(units.present & (county_idx < 0))
    if len(unknown):
        county_idx[unknown] = majority(units, counties, unknown, grid)
    return county_idx
