"""Run the pushed-down unit checks in PostGIS and shape the rows like ``plugin.core.checks``.

Only the results travel: per problem a key, a WKB geometry and an area. Unit attributes
(code, class, subtype, county code) come back as text and are read with the core's own rules
(labels, class labels, park subtypes, county codes), so messages and unit labels match the
in-process run word for word.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from ...core import checks, schema
from ...core.geometry import DROPPED, GRID_SIZE, REPAIR_COLUMNS, REPAIRED
from . import checks_sql
from .checks_sql import Table

# checks computed here entirely in SQL (the layer overlays feed the core: pushdown_layers)
PUSHED_DOWN = ("G01", "G02", "T01")

# role in the core -> unit field read for it
ATTRIBUTE_ROLES = (
    schema.UNIT_CODE,
    schema.UNIT_CLASS,
    schema.UNIT_SUBTYPE,
    schema.UNIT_COUNTY_CODE,
)


class _Units:
    """The core's reading of the unit attributes, by key."""

    def __init__(self, rows: list[list], roles: list[str], rule=schema.DEFAULT_CODE_RULE):
        frame = pd.DataFrame(rows, columns=["fid", *roles]).set_index("fid", drop=False)
        column = frame.get
        code = [checks.text(v) for v in column(schema.UNIT_CODE, [None] * len(frame))]
        code = [c.strip() if c else None for c in code]
        self.label = {f: c if c else f"fid:{f}" for f, c in zip(frame["fid"], code)}
        classes = [
            checks.norm_class(v)[0] or 0 for v in column(schema.UNIT_CLASS, [None] * len(frame))
        ]
        self.cls = dict(zip(frame["fid"], classes))
        subtype = [checks.text(v) or "" for v in column(schema.UNIT_SUBTYPE, [None] * len(frame))]
        self.park = {
            f: s == schema.SUBTYPE_PARK
            or (c == schema.KEY and any(w in s for w in checks.PARK_SUBTYPE_WORDS))
            for f, s, c in zip(frame["fid"], subtype, classes)
        }
        county = [
            schema.normalise_county_code(v)
            for v in column(schema.UNIT_COUNTY_CODE, [None] * len(frame))
        ]
        parsed = [rule.parse(c) for c in code]
        self.county = {
            f: x if x is not None and not pd.isna(x) else (p[0] if p else None)
            for f, x, p in zip(frame["fid"], county, parsed)
        }


def _frame(code, geoms, units, counties, messages, areas) -> pd.DataFrame:
    spec = checks.CHECKS[code]
    values = np.empty(len(messages), dtype=object)
    values[:] = list(geoms)
    return pd.DataFrame(
        {
            schema.CHK_CODE: code,
            schema.CHK_SEVERITY: spec.severity,
            schema.CHK_UNITS: list(units),
            schema.CHK_COUNTY: [c or "" for c in counties],
            schema.CHK_AREA: np.asarray(areas, dtype=float),
            schema.CHK_MESSAGE: list(messages),
            "geometry": values,
        }
    )


def run_checks(
    execute,
    units: Table,
    fields: dict[str, str],
    work_srid: int,
    tolerance: float = 0.01,
    grid: float = GRID_SIZE,
    is_cancelled=None,
) -> pd.DataFrame:
    """G01, G02 and T01 computed by the database, rows as the core's.

    ``execute(statement) -> rows`` runs SQL (``connection.execute`` bound to a connection);
    ``fields`` maps the core's unit roles (``schema.UNIT_CODE``...) to the table's fields.
    """
    attrs = _attributes(execute, units, fields)
    frames = [_geometry_problems(execute, units, attrs, work_srid, grid)]
    _check_cancel(is_cancelled)
    frames.extend(_overlaps(execute, units, attrs, work_srid, grid, tolerance))
    return _concat(frames)


def attributes(execute, units: Table, fields: dict[str, str]) -> _Units:
    """The units' attributes read with the core's rules (labels, classes, park units, counties)."""
    return _attributes(execute, units, fields)


def _attributes(execute, units, fields):
    roles = [r for r in ATTRIBUTE_ROLES if r in fields]
    return _Units(execute(checks_sql.unit_attributes(units, {r: fields[r] for r in roles})), roles)


def _check_cancel(is_cancelled):
    if is_cancelled is not None and is_cancelled():
        raise checks.Cancelled()


def _concat(frames) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return _frame("G01", [], [], [], [], [])
    return pd.concat(frames, ignore_index=True)


def _geometry_problems(execute, units, attrs, work_srid, grid) -> pd.DataFrame:
    rows = execute(checks_sql.geometry_problems(units, work_srid, grid))
    shape = {r[0]: shapely.from_wkb(_bytes(r[4])) if r[4] is not None else None for r in rows}
    area = {r[0]: r[5] for r in rows}
    invalid = [(r[0], r[1]) for r in rows if r[1]]
    empty = [(r[0], _truthy(r[2])) for r in rows if _truthy(r[2]) or _truthy(r[3])]
    g01 = _frame(
        "G01",
        [shape[f] for f, _ in invalid],
        [attrs.label[f] for f, _ in invalid],
        [attrs.county[f] for f, _ in invalid],
        [f"单元 {attrs.label[f]} 几何无效（{r}），其余检查使用修复后的几何" for f, r in invalid],
        [float(area[f]) for f, _ in invalid],
    )
    g02 = _frame(
        "G02",
        [shape[f] for f, _ in empty],
        [attrs.label[f] for f, _ in empty],
        [attrs.county[f] for f, _ in empty],
        [
            f"单元 {attrs.label[f]} 几何为空"
            if missing
            else f"单元 {attrs.label[f]} 几何无面积（退化为点或线，或小于精度网格）"
            for f, missing in empty
        ],
        [0.0] * len(empty),
    )
    return pd.concat([g01, g02], ignore_index=True)


def _truthy(value) -> bool:
    return value is True or str(value).lower() in ("true", "t", "1")


def _overlaps(execute, units, attrs, work_srid, grid, tolerance):
    rows = execute(checks_sql.unit_overlaps(units, work_srid, grid, tolerance))
    geoms = [shapely.from_wkb(_bytes(w)) for _, _, w, _ in rows]
    labels = [",".join(sorted((str(attrs.label[a]), str(attrs.label[b])))) for a, b, _, _ in rows]
    messages = [
        f"单元 {attrs.label[a]} 与 {attrs.label[b]} 重叠 {checks.fmt(float(x))} 平方米"
        for a, b, _, x in rows
    ]
    counties = [attrs.county[a] or attrs.county[b] for a, b, _, _ in rows]
    return [_frame("T01", geoms, labels, counties, messages, [float(r[3]) for r in rows])]


def layer_repairs(execute, layer: Table, name: str, work_srid: int, grid: float) -> pd.DataFrame:
    """The core's repair log of a layer (``geometry.repair_log``): invalid features
    repaired (GEOS's reason without coordinates), features left with nothing usable."""
    rows = []
    for fid, reason, dropped in execute(checks_sql.layer_repairs(layer, work_srid, grid)):
        if reason:
            rows.append((name, fid, REPAIRED, str(reason).split("[")[0]))
        if _truthy(dropped):
            rows.append((name, fid, DROPPED, str(reason).split("[")[0] if reason else ""))
    return pd.DataFrame(rows, columns=REPAIR_COLUMNS)


def red_line_outside_units(
    execute, red_line: Table, gaps: pd.DataFrame, work_srid, grid, tolerance
):
    """R01 without a unit: the red line inside the gaps the in-process T02 check found
    (``gaps``: its rows, geometry in the working CRS), computed in the database."""
    gaps = gaps[~shapely.is_missing(gaps["geometry"].to_numpy(dtype=object))]
    if len(gaps) == 0:
        return _frame("R01", [], [], [], [], [])
    wkbs = [shapely.to_wkb(g) for g in gaps["geometry"]]
    rows = execute(checks_sql.layer_in_parts(red_line, wkbs, work_srid, grid, tolerance))
    counties = gaps[schema.CHK_COUNTY].to_numpy(dtype=object)
    codes = [counties[int(r[0])] or "" for r in rows]
    return _frame(
        "R01",
        [shapely.from_wkb(_bytes(r[1])) for r in rows],
        [""] * len(rows),
        codes,
        [
            f"生态保护红线有 {checks.fmt(float(r[2]))} 平方米未被任何单元覆盖"
            + (f"（行政区 {c}）" if c else "")
            for r, c in zip(rows, codes)
        ],
        [float(r[2]) for r in rows],
    )


def _bytes(value) -> bytes:
    """WKB as returned by QGIS's executeSql (QByteArray, bytes or hex text)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if hasattr(value, "data"):
        return bytes(value.data())
    text = str(value)
    return bytes.fromhex(text[2:] if text.startswith("\\x") else text)
