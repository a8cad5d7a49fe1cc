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

PUSHED_DOWN = ("G01", "G02", "T01", "R01", "R02", "S01", "S02")
# the overlay checks the algorithm runs in the database (units' own checks stay in QGIS)
LAYER_CODES = ("R01", "R02", "S01", "S02")

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
        code = [checks._text(v) for v in column(schema.UNIT_CODE, [None] * len(frame))]
        code = [c.strip() if c else None for c in code]
        self.label = {f: c if c else f"fid:{f}" for f, c in zip(frame["fid"], code)}
        classes = [
            checks._norm_class(v)[0] or 0 for v in column(schema.UNIT_CLASS, [None] * len(frame))
        ]
        self.cls = dict(zip(frame["fid"], classes))
        subtype = [checks._text(v) or "" for v in column(schema.UNIT_SUBTYPE, [None] * len(frame))]
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
    layers: dict[str, Table] | None = None,
    tolerance: float = 0.01,
    grid: float = GRID_SIZE,
    is_cancelled=None,
    park_share: float = 0.5,
) -> pd.DataFrame:
    """G01, G02, T01 and the layer checks (R01 inside units, R02, S01, S02) by the database.

    ``execute(statement) -> rows`` runs SQL (``connection.execute`` bound to a connection);
    ``fields`` maps the core's unit roles (``schema.UNIT_CODE``...) to the table's fields;
    ``layers`` maps CheckInput's layer names ("red_line", "urban_boundary", "farmland",
    "parks") to their tables.
    """
    attrs = _attributes(execute, units, fields)
    frames = [_geometry_problems(execute, units, attrs, work_srid, grid)]
    _check_cancel(is_cancelled)
    frames.extend(_overlaps(execute, units, attrs, work_srid, grid, tolerance))
    _check_cancel(is_cancelled)
    frames.extend(
        _layer_checks(execute, units, layers or {}, attrs, work_srid, grid, tolerance, park_share)
    )
    return _concat(frames)


def layer_checks(
    execute,
    units: Table,
    fields: dict[str, str],
    layers: dict[str, Table],
    gaps: pd.DataFrame,
    work_srid: int,
    grid: float = GRID_SIZE,
    tolerance: float = 0.01,
    park_share: float = 0.5,
    layer_names: dict | None = None,
    is_cancelled=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(R01 — inside non-priority units and outside every unit —, R02, S01, S02 rows; the
    repair log of the layers), all computed by the database. ``gaps``: the T02 rows of the
    in-process run (geometry in the working CRS)."""
    attrs = _attributes(execute, units, fields)
    frames = _layer_checks(
        execute, units, layers, attrs, work_srid, grid, tolerance, park_share, is_cancelled
    )
    if "red_line" in layers:
        _check_cancel(is_cancelled)
        frames.append(
            red_line_outside_units(execute, layers["red_line"], gaps, work_srid, grid, tolerance)
        )
    repairs = [
        layer_repairs(execute, table, (layer_names or {}).get(name) or LAYER_NAMES_ZH[name],
                      work_srid, grid)
        for name, table in layers.items()
    ]  # fmt: skip
    return _concat(frames), pd.concat(repairs, ignore_index=True)


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
        f"单元 {attrs.label[a]} 与 {attrs.label[b]} 重叠 {checks._fmt(float(x))} 平方米"
        for a, b, _, x in rows
    ]
    counties = [attrs.county[a] or attrs.county[b] for a, b, _, _ in rows]
    return [_frame("T01", geoms, labels, counties, messages, [float(r[3]) for r in rows])]


def _r01_message(attrs, fid, area):
    kind = schema.CLASS_LABELS_ZH.get(attrs.cls[fid], "未分类")
    return f"生态保护红线有 {checks._fmt(area)} 平方米位于{kind}单元 {attrs.label[fid]} 内"


# the core's messages, word for word
MESSAGES = {
    "R01": _r01_message,
    "R02": lambda a, f, x: f"产业园区单元 {a.label[f]} 与生态保护红线重叠 {checks._fmt(x)} 平方米",
    "S01": lambda a, f, x: (
        f"城镇开发边界有 {checks._fmt(x)} 平方米位于优先保护单元 {a.label[f]} 内"
    ),
    "S02": lambda a, f, x: (
        f"永久基本农田有 {checks._fmt(x)} 平方米位于产业园区单元 {a.label[f]} 内"
    ),
}


# check -> (layer, which units); the layer keys are CheckInput's field names
LAYER_CHECKS = {
    "R01": ("red_line", lambda a, f: a.cls[f] != schema.PRIORITY),
    "R02": ("red_line", lambda a, f: a.park[f]),
    "S01": ("urban_boundary", lambda a, f: a.cls[f] == schema.PRIORITY),
    "S02": ("farmland", lambda a, f: a.park[f]),
}
# the core's names of the layers (in the repair log when the layer has no name)
LAYER_NAMES_ZH = {
    "red_line": "生态保护红线图层",
    "urban_boundary": "城镇开发边界图层",
    "farmland": "永久基本农田图层",
    "parks": "产业园区图层",
}


def _layer_rows(execute, units, layer, keys, work_srid, grid, tolerance):
    if not keys:
        return []
    return execute(checks_sql.layer_in_units(units, layer, keys, work_srid, grid, tolerance))


def _park_units(execute, units, parks, attrs, work_srid, grid, tolerance, share):
    """The core's park rule with a park layer: key units at least ``share`` inside parks."""
    key_units = [f for f in attrs.label if attrs.cls[f] == schema.KEY and not attrs.park[f]]
    rows = _layer_rows(execute, units, parks, key_units, work_srid, grid, tolerance)
    if not rows:
        return
    inside = {r[0]: float(r[2]) for r in rows}
    whole = {
        r[0]: r[1] for r in execute(checks_sql.unit_areas(units, list(inside), work_srid, grid))
    }
    for fid, area in inside.items():
        if area / max(float(whole.get(fid) or 0.0), 1e-12) >= share:
            attrs.park[fid] = True


def _layer_checks(
    execute, units, layers, attrs, work_srid, grid, tolerance, park_share, is_cancelled=None
):
    """R01/R02/S01/S02 for the layers given: one overlay per layer, over the units it needs."""
    if "parks" in layers:
        _park_units(execute, units, layers["parks"], attrs, work_srid, grid, tolerance, park_share)
    out = []
    for name in dict.fromkeys(layer for layer, _ in LAYER_CHECKS.values()):
        if name not in layers:
            continue
        _check_cancel(is_cancelled)
        wanted = {c: w for c, (layer, w) in LAYER_CHECKS.items() if layer == name}
        keys = [f for f in attrs.label if any(w(attrs, f) for w in wanted.values())]
        rows = _layer_rows(execute, units, layers[name], keys, work_srid, grid, tolerance)
        for code, want in wanted.items():
            chosen = [r for r in rows if want(attrs, r[0])]
            out.append(
                _frame(
                    code,
                    [shapely.from_wkb(_bytes(r[1])) for r in chosen],
                    [attrs.label[r[0]] for r in chosen],
                    [attrs.county[r[0]] for r in chosen],
                    [MESSAGES[code](attrs, r[0], float(r[2])) for r in chosen],
                    [float(r[2]) for r in chosen],
                )
            )
    return out


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
            f"生态保护红线有 {checks._fmt(float(r[2]))} 平方米未被任何单元覆盖"
            + (f"（行政区 {c}）" if c else "")
            for r, c in zip(rows, codes)
        ],
        [float(r[2]) for r in rows],
    )


def merge_result(result, extra: pd.DataFrame, codes=LAYER_CODES, repairs=None):
    """``result`` (a core CheckResult run without those inputs) with ``extra``'s rows for
    ``codes`` in place of the skipped checks (those whose layer was given: ``extra`` holds
    them), errors in the core's order, summary recounted, ``repairs`` added to the log."""
    errors = result.errors[~result.errors[schema.CHK_CODE].isin(codes)]
    extra = extra.assign(**{schema.CHK_STATUS: checks._PENDING, schema.CHK_NOTE: ""})
    errors = pd.concat([errors, extra[checks.ERROR_COLUMNS]], ignore_index=True)
    order = {c: i for i, c in enumerate(checks.CHECKS)}
    errors = errors.sort_values(
        [schema.CHK_CODE, schema.CHK_COUNTY, schema.CHK_UNITS],
        key=lambda s: s.map(order) if s.name == schema.CHK_CODE else s,
        kind="stable",
    ).reset_index(drop=True)
    summary = result.summary.copy()
    for code in codes:
        rows = errors[errors[schema.CHK_CODE] == code]
        at = summary["check_code"] == code
        summary.loc[at, "count"] = len(rows)
        summary.loc[at, "area_m2"] = float(rows[schema.CHK_AREA].sum())
    skipped = {k: v for k, v in result.skipped.items() if k not in codes}
    if repairs is not None and len(repairs):
        logs = [r for r in (result.repairs, repairs) if len(r)]
        repairs = pd.concat(logs, ignore_index=True).drop_duplicates(ignore_index=True)
    else:
        repairs = result.repairs
    return type(result)(errors=errors, summary=summary, skipped=skipped, repairs=repairs)


def _bytes(value) -> bytes:
    """WKB as returned by QGIS's executeSql (QByteArray, bytes or hex text)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if hasattr(value, "data"):
        return bytes(value.data())
    text = str(value)
    return bytes.fromhex(text[2:] if text.startswith("\\x") else text)


def red_line_near_slivers(execute, units: Table, fields, red_line: Table, work_srid, inp):
    """The red line around the small and narrow parts of the priority units (a frame with
    ``fid`` and ``geometry`` in the working CRS), for the core's T04: a priority part that is
    red-line land is kept by rule, not reported as a sliver. ``inp``: the CheckInput (its
    sliver thresholds and grid)."""
    attrs = _attributes(execute, units, fields)
    priority = [f for f in attrs.label if attrs.cls[f] == schema.PRIORITY]
    rows = []
    if priority:
        rows = execute(
            checks_sql.layer_near_small_parts(
                units,
                red_line,
                priority,
                work_srid,
                inp.grid_size,
                inp.sliver_area,
                inp.sliver_width,
            )
        )
    geoms = np.empty(len(rows), dtype=object)
    geoms[:] = [shapely.from_wkb(_bytes(r[1])) for r in rows]
    return pd.DataFrame({"fid": [r[0] for r in rows], "geometry": geoms})


def codes_for(layers) -> tuple[str, ...]:
    """The layer checks the given layers run (their rows replace the core's)."""
    return tuple(c for c, (layer, _) in LAYER_CHECKS.items() if layer in layers)
