"""The unit checks with their big layers in PostGIS: the database overlays, the core judges.

The red line, urban boundary, farmland and park layers stay in the database. For each, the
database computes the layer inside the units a check looks at (``checks_sql.layer_in_units``:
GiST joins from those units, subdivided features, snap-rounded overlay and union), and only
these pieces come back. The core then runs on them as on the whole layers: a unit's part of a
layer is the same whether the core intersects the unit with the whole layer or with the
layer's pieces inside it, so R01, R02, S01, S02 and the park share come out the same — with
the core's own counties (a county layer works), labels and messages. What the core cannot see
in the pieces comes from the database as well: the whole red-line features near the priority
units' small parts (T04, marked for T04 alone: ``core.checks.pieces``, so they never add to
R01) and, after the run, the red line in the gaps (R01 of no unit, computed in SQL).

Which units each layer is needed for (the core's rules):

- red line: every unit that is not priority (R01) and every park unit (R02);
- urban boundary: the priority units (S01);
- parks: the key units without a park subtype (the park share);
- farmland: the park units (S02), a key unit counting when at least ``park_share`` (less 1 %,
  so a unit on the threshold is never missed) of it lies in the parks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from ...core import checks, schema
from ...core.checks.pieces import RED_LINE_STEP, SERVES, T04
from . import checks_sql
from .checks_sql import Table
from .pushdown_checks import (
    _bytes,
    _check_cancel,
    attributes,
    layer_repairs,
    red_line_outside_units,
)

# the core's names of the layers (in the repair log when the layer has no name)
LAYER_NAMES_ZH = {
    "red_line": "生态保护红线图层",
    "urban_boundary": "城镇开发边界图层",
    "farmland": "永久基本农田图层",
    "parks": "产业园区图层",
}
SHARE_MARGIN = 0.01


def _frame(rows) -> pd.DataFrame:
    geoms = np.empty(len(rows), dtype=object)
    geoms[:] = [shapely.from_wkb(_bytes(r[1])) for r in rows]
    return pd.DataFrame({"fid": [r[0] for r in rows], "geometry": geoms})


def _inside(execute, units, layer, keys, work_srid, inp):
    if not keys:
        return []
    return execute(
        checks_sql.layer_in_units(units, layer, keys, work_srid, inp.grid_size, inp.tolerance)
    )


def _park_units(execute, units, attrs, parks_rows, work_srid, inp) -> set:
    """Park units: subtype, else key units with enough of them inside the parks."""
    park = {f for f, is_park in attrs.park.items() if is_park}
    inside = {r[0]: float(r[2]) for r in parks_rows}
    if inside:
        statement = checks_sql.unit_areas(units, list(inside), work_srid, inp.grid_size)
        whole = {r[0]: float(r[1] or 0.0) for r in execute(statement)}
        share = inp.park_share - SHARE_MARGIN
        park |= {f for f, a in inside.items() if a / max(whole.get(f, 0.0), 1e-12) >= share}
    return park


def _near_small_parts(execute, units, red_line, priority, work_srid, inp) -> pd.DataFrame:
    """The whole red-line features near the priority units' small parts, marked for T04."""
    if not priority:
        return _frame([]).assign(**{SERVES: T04})
    statement = checks_sql.layer_in_small_parts(
        units, red_line, priority, work_srid, inp.grid_size, inp.sliver_area, inp.sliver_width
    )
    return _frame(execute(statement)).assign(**{SERVES: T04})


def layer_frames(
    execute,
    units: Table,
    fields,
    layers: dict[str, Table],
    work_srid,
    inp,
    is_cancelled=None,
    early=None,
):
    """{CheckInput layer name: frame of the layer's pieces inside the units that need it}.

    ``layers``: CheckInput names ("red_line", "urban_boundary", "farmland", "parks") to
    tables; ``inp``: the CheckInput (grid, tolerance, park share, sliver thresholds).
    The red line's frame holds its pieces inside the units (for R01 and R02) and its whole
    features near the priority units' small parts (for T04), each marked for its own step.
    ``early({name: frame})``, when given, is called with the T04 frame as soon as it is
    there (the sliver check needs it long before the layer checks need the rest)."""
    attrs = attributes(execute, units, fields)
    priority = [f for f in attrs.label if attrs.cls[f] == schema.PRIORITY]
    near = {}
    if "red_line" in layers:
        near["red_line"] = _near_small_parts(
            execute, units, layers["red_line"], priority, work_srid, inp
        )
    if early is not None:
        early(dict(near))
    frames, parks_rows = {}, []
    if "parks" in layers:
        _check_cancel(is_cancelled)
        key = [f for f in attrs.label if attrs.cls[f] == schema.KEY and not attrs.park[f]]
        parks_rows = _inside(execute, units, layers["parks"], key, work_srid, inp)
        frames["parks"] = _frame(parks_rows)
    park = _park_units(execute, units, attrs, parks_rows, work_srid, inp)
    wanted = {
        "red_line": [f for f in attrs.label if attrs.cls[f] != schema.PRIORITY or f in park],
        "urban_boundary": priority,
        "farmland": [f for f in attrs.label if f in park],
    }
    for name, keys in wanted.items():
        if name in layers:
            _check_cancel(is_cancelled)
            frames[name] = _frame(_inside(execute, units, layers[name], keys, work_srid, inp))
    if "red_line" in layers:
        pieces = frames["red_line"].assign(**{SERVES: RED_LINE_STEP})
        whole = near["red_line"]
        frames["red_line"] = pd.concat([pieces, whole], ignore_index=True) if len(whole) else pieces
    return frames


def repair_logs(execute, layers: dict[str, Table], work_srid, inp, layer_names=None) -> list:
    """The repair log of each whole layer (``REPAIR_COLUMNS`` frames), from SQL."""
    return [
        layer_repairs(
            execute,
            table,
            (layer_names or {}).get(name) or LAYER_NAMES_ZH[name],
            work_srid,
            inp.grid_size,
        )
        for name, table in layers.items()
    ]


def finish(execute, result, layers: dict[str, Table], work_srid, inp, layer_names=None, logs=None):
    """``result`` of the core run on the pieces, completed: the red line in the gaps the run
    found (R01 of no unit) and the repair log of the whole layers (``logs`` when computed
    already: ``repair_logs``), both from SQL."""
    extra = None
    if "red_line" in layers:
        gaps = result.errors[result.errors[schema.CHK_CODE] == "T02"]
        extra = red_line_outside_units(
            execute, layers["red_line"], gaps, work_srid, inp.grid_size, inp.tolerance
        )
    if logs is None:
        logs = repair_logs(execute, layers, work_srid, inp, layer_names)
    return add_rows(result, extra, logs)


def add_rows(result, extra: pd.DataFrame | None, logs=()):
    """``result`` with ``extra``'s rows added (errors in the core's order, their checks'
    summary recounted) and ``logs`` added to the repair log."""
    errors, summary = result.errors, result.summary
    if extra is not None and len(extra):
        extra = extra.assign(**{schema.CHK_STATUS: checks.PENDING, schema.CHK_NOTE: ""})
        errors = pd.concat([errors, extra[checks.ERROR_COLUMNS]], ignore_index=True)
        order = {c: i for i, c in enumerate(checks.CHECKS)}
        errors = errors.sort_values(
            [schema.CHK_CODE, schema.CHK_COUNTY, schema.CHK_UNITS],
            key=lambda s: s.map(order) if s.name == schema.CHK_CODE else s,
            kind="stable",
        ).reset_index(drop=True)
        summary = summary.copy()
        for code in set(extra[schema.CHK_CODE]):
            rows = errors[errors[schema.CHK_CODE] == code]
            at = summary["check_code"] == code
            summary.loc[at, "count"] = len(rows)
            summary.loc[at, "area_m2"] = float(rows[schema.CHK_AREA].sum())
    repairs = [r for r in (result.repairs, *logs) if len(r)]
    repairs = (
        pd.concat(repairs, ignore_index=True).drop_duplicates(ignore_index=True)
        if repairs
        else result.repairs
    )
    return type(result)(
        errors=errors, summary=summary, skipped=dict(result.skipped), repairs=repairs
    )
