"""G01 invalid, G02 empty or without area, G03 multipart units."""

from __future__ import annotations

import numpy as np
import shapely

from .prepare import Units
from .problems import Problems


def check_validity(units: Units, problems: Problems) -> None:
    """G01 (checked on the repaired geometry from then on) and G02."""
    rows = np.flatnonzero(units.invalid)
    problems.emit(
        "G01",
        units.geom[rows],
        units.label[rows],
        units.attr_county[rows],
        [
            f"单元 {units.label[r]} 几何无效（{units.reasons[r]}），其余检查使用修复后的几何"
            for r in rows
        ],
    )
    rows = np.flatnonzero(~units.present)
    msgs = [
        f"单元 {units.label[r]} 几何为空"
        if units.missing_geom[r]
        else f"单元 {units.label[r]} 几何无面积（退化为点或线，或小于精度网格）"
        for r in rows
    ]
    problems.emit(
        "G02", units.rep_geometry(rows), units.label[rows], units.attr_county[rows], msgs,
        areas=np.zeros(len(rows)),
    )  # fmt: skip


def check_multipart(units: Units, report_multipart: bool, problems: Problems) -> None:
    """G03: a point on each part of a multipart unit (never the unit's area or polygon)."""
    if not report_multipart:
        problems.skip("多部分单元提示未开启（默认关闭）", "G03")
        return
    nparts = shapely.get_num_geometries(units.geom)
    rows = np.flatnonzero(units.present & (nparts > 1))
    parts, owner = shapely.get_parts(units.geom[rows], return_index=True)
    points = shapely.point_on_surface(parts)
    markers = [shapely.multipoints(points[owner == n]) for n in range(len(rows))]
    problems.emit(
        "G03",
        markers,
        units.label[rows],
        units.attr_county[rows],
        [f"单元 {units.label[r]} 由 {nparts[r]} 个不相连的部分组成" for r in rows],
        areas=np.zeros(len(rows)),
    )
