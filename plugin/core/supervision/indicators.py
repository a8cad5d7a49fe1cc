"""跟踪评估: the yearly tracking indicators, defined in one registry (no Qt).

Every indicator is a small function registered with ``@indicator``; it receives a
``TrackingInput`` and the years asked for, and returns rows (``ROW_COLUMNS``): the
county code (``WHOLE`` for the whole area), a group (a unit class, a verdict, a
status… or ""), the year (None for a figure of a unit-layer version), the value,
and for version figures the previous version's value and the change. Adding an
indicator is one decorated function here.

Sources: the current and previous unit layers (``schema`` unit fields, metre CRS,
areas by the area rule in force, ``area.official_m2``), the red line, the assessment log
(``schema.LOG_FIELDS``), the screened leads (``leads.LEAD_COLUMNS``) and the user's
own layers (points with a target-met value, summarised per unit class).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from .. import schema, tables
from ..area import official_m2
from ..geometry import GRID_SIZE, polygonal
from ..run import EcoZoningError

WHOLE = "全域"
CLASS_LABELS = {1: "优先保护", 2: "重点管控", 3: "一般管控"}
ROW_COLUMNS = tables.names(tables.TRACKING_INDICATORS)
TRUE_WORDS = {"1", "true", "t", "yes", "y", "是", "达标", "满足", "√"}
FALSE_WORDS = {"0", "false", "f", "no", "n", "否", "不达标", "未达标", "不满足", "×"}


class TrackingError(EcoZoningError):
    """Unusable input (message: Chinese / English)."""


@dataclass
class UserLayer:
    """A user's layer: points with ``target_met`` (truthy / falsy text) and ``date``."""

    name: str
    features: pd.DataFrame


@dataclass
class TrackingInput:
    units: pd.DataFrame
    previous_units: pd.DataFrame | None = None
    red_line: pd.DataFrame | None = None
    log: pd.DataFrame | None = None
    leads: pd.DataFrame | None = None
    user_layers: list = field(default_factory=list)


@dataclass
class Indicator:
    key: str
    name: str
    unit: str
    compute: object  # (TrackingInput, years) -> list of dict rows


REGISTRY: dict[str, Indicator] = {}


def indicator(key: str, name: str, unit: str):
    """Register an indicator function under ``key`` (its Chinese ``name`` and ``unit``)."""

    def register(function):
        REGISTRY[key] = Indicator(key, name, unit, function)
        return function

    return register


# --- shared helpers ---------------------------------------------------------------


def _row(county, group, year, value, previous=np.nan):
    change = value - previous if previous == previous else np.nan
    return {
        "county_code": county,
        "group": group,
        "year": year,
        "value": float(value),
        "previous": previous,
        "change": change,
    }


def _units(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """county, class, area (km²) and geometry of a unit layer."""
    if frame is None:
        return None
    for column in ("geometry", schema.UNIT_CODE, schema.UNIT_CLASS):
        if column not in frame.columns:
            raise TrackingError(
                f"管控单元图层缺少字段 {column} / The unit layer has no column {column}"
            )
    geoms = polygonal(np.asarray(frame["geometry"].to_numpy(), dtype=object))
    codes = frame[schema.UNIT_CODE].fillna("").astype(str)
    county = (
        frame[schema.UNIT_COUNTY_CODE].fillna("").astype(str)
        if schema.UNIT_COUNTY_CODE in frame.columns
        else pd.Series("", index=frame.index)
    )
    county = county.where(county != "", codes.str[2:8])
    return pd.DataFrame(
        {
            "county": county.to_numpy(),
            "cls": pd.to_numeric(frame[schema.UNIT_CLASS], errors="coerce").fillna(0).astype(int),
            "area_km2": np.nan_to_num(official_m2(geoms)) / 1e6,
            "geometry": geoms,
        }
    )


def _by_county_and_class(units: pd.DataFrame, value: str) -> dict:
    """{(county, class label): value}, with WHOLE and "" (all classes) totals."""
    out: dict = {}
    frame = units.assign(label=units["cls"].map(CLASS_LABELS).fillna("未分类"))
    for county, part in [(WHOLE, frame), *frame.groupby("county", sort=True)]:
        agg = part.groupby("label")["area_km2"].agg(value)
        for label, number in agg.items():
            out[(county, label)] = float(number)
        out[(county, "")] = float(part["area_km2"].agg(value))
    return out


def _version_rows(current: dict, previous: dict | None) -> list:
    keys = list(current) + [k for k in (previous or {}) if k not in current]
    rows = []
    for county, group in keys:
        value = current.get((county, group), 0.0)
        before = (previous or {}).get((county, group), 0.0) if previous is not None else np.nan
        rows.append(_row(county, group, None, value, before))
    return rows


def _year(values) -> pd.Series:
    text = pd.Series(values).map(lambda v: "" if v is None else str(v).strip()[:10])
    return pd.to_datetime(text.str.replace("/", "-"), errors="coerce").dt.year


def _yearly_counts(frame, years, group_column=None, share=False) -> list:
    """Rows per county (and WHOLE) × year × group of the counts of ``frame`` rows
    (``county`` and ``year`` columns); ``share``: percent of the county-year total."""
    rows = []
    for county, part in [(WHOLE, frame), *frame.groupby("county", sort=True)]:
        for year in years:
            in_year = part[part["year"] == year]
            if group_column is None:
                rows.append(_row(county, "", int(year), len(in_year)))
                continue
            total = len(in_year)
            for group, n in in_year.groupby(group_column).size().items():
                value = 100.0 * n / total if share else n
                rows.append(_row(county, str(group), int(year), value))
    return rows


def _log_projects(inp: TrackingInput) -> pd.DataFrame:
    log = (
        inp.log
        if inp.log is not None
        else pd.DataFrame(columns=schema.field_names(schema.LOG_FIELDS))
    )
    log = log[log["origin"].isin(["algorithm", "panel"])]
    first_unit = log["unit_codes"].fillna("").astype(str).str.split(",").str[0]
    return pd.DataFrame(
        {
            "county": first_unit.str[2:8].where(first_unit.str.len() >= 8, ""),
            "year": _year(log["assessed_on"].to_numpy()).to_numpy(),
            "conclusion": log["conclusion"].fillna("").to_numpy(),
        }
    )


def _leads(inp: TrackingInput) -> pd.DataFrame:
    leads = inp.leads
    if leads is None or not len(leads):
        return pd.DataFrame(
            columns=["county", "year", "status", "reason_code", "area_m2", "activity_year"]
        )
    found = _year(leads["found_on"].to_numpy()) if "found_on" in leads else pd.Series(np.nan)
    activity = _year(leads["source_date"].to_numpy()) if "source_date" in leads else found
    return pd.DataFrame(
        {
            "county": leads["county_code"].fillna("").astype(str).to_numpy(),
            "year": found.to_numpy(),
            "activity_year": activity.fillna(found).to_numpy(),
            "status": leads["status"].fillna("").to_numpy(),
            "reason_code": leads["reason_code"].to_numpy(),
            "area_m2": pd.to_numeric(leads["area_m2"], errors="coerce").to_numpy(),
        }
    )


def _red_line_in_units(units: pd.DataFrame, red) -> tuple[dict, dict]:
    """({county: red-line km² inside the units}, {county: of it inside priority units})."""
    if red is None:
        return {}, {}
    hit = shapely.intersection(units["geometry"].to_numpy(), red, grid_size=GRID_SIZE)
    km2 = np.nan_to_num(official_m2(polygonal(hit))) / 1e6
    frame = units.assign(red=km2, prio=np.where(units["cls"] == 1, km2, 0.0))
    total, prio = {WHOLE: float(frame["red"].sum())}, {WHOLE: float(frame["prio"].sum())}
    for county, part in frame.groupby("county", sort=True):
        total[county], prio[county] = float(part["red"].sum()), float(part["prio"].sum())
    return total, prio


def _red_union(inp: TrackingInput):
    if inp.red_line is None or not len(inp.red_line):
        return None
    geoms = polygonal(np.asarray(inp.red_line["geometry"].to_numpy(), dtype=object))
    geoms = geoms[~shapely.is_missing(geoms)]
    bad = ~shapely.is_valid(geoms)
    geoms[bad] = polygonal(shapely.make_valid(geoms[bad]))
    return shapely.union_all(geoms[~shapely.is_missing(geoms)], grid_size=GRID_SIZE)


# --- the indicators -----------------------------------------------------------------


@indicator("unit_count", "管控单元数量", "个")
def unit_count(inp, years):
    previous = _units(inp.previous_units)
    return _version_rows(
        _by_county_and_class(_units(inp.units), "count"),
        None if previous is None else _by_county_and_class(previous, "count"),
    )


@indicator("unit_area", "管控单元面积", "km²")
def unit_area(inp, years):
    previous = _units(inp.previous_units)
    return _version_rows(
        _by_county_and_class(_units(inp.units), "sum"),
        None if previous is None else _by_county_and_class(previous, "sum"),
    )


@indicator("red_line_area", "生态保护红线面积", "km²")
def red_line_area(inp, years):
    red = _red_union(inp)
    if red is None:
        return []
    current, _ = _red_line_in_units(_units(inp.units), red)
    previous = _units(inp.previous_units)
    before = None if previous is None else _red_line_in_units(previous, red)[0]
    return _version_rows(
        {(c, ""): v for c, v in current.items()}, before and {(c, ""): v for c, v in before.items()}
    )


@indicator("red_line_in_priority", "生态保护红线位于优先保护单元内的比例", "%")
def red_line_in_priority(inp, years):
    red = _red_union(inp)
    if red is None:
        return []

    def shares(units):
        total, prio = _red_line_in_units(units, red)
        return {(c, ""): (100.0 * prio[c] / total[c] if total[c] > 0 else 0.0) for c in total}

    previous = _units(inp.previous_units)
    return _version_rows(shares(_units(inp.units)), None if previous is None else shares(previous))


@indicator("projects_assessed", "研判建设项目数", "个")
def projects_assessed(inp, years):
    return _yearly_counts(_log_projects(inp), years)


@indicator("verdict_share", "研判结论占比", "%")
def verdict_share(inp, years):
    return _yearly_counts(_log_projects(inp), years, "conclusion", share=True)


@indicator("leads_found", "发现线索数", "条")
def leads_found(inp, years):
    return _yearly_counts(_leads(inp), years)


@indicator("leads_by_status", "线索核实与整改（按发现年份）", "条")
def leads_by_status(inp, years):
    return _yearly_counts(_leads(inp), years, "status")


@indicator("human_activity_priority", "优先保护单元内人类活动面积", "km²")
def human_activity_priority(inp, years):
    leads = _leads(inp)
    leads = leads[(leads["reason_code"] == "priority") & leads["area_m2"].notna()]
    rows = []
    for county, part in [(WHOLE, leads), *leads.groupby("county", sort=True)]:
        for year in years:
            area = part.loc[part["activity_year"] == year, "area_m2"].sum()
            rows.append(_row(county, "", int(year), area / 1e6))
    return rows


def _truth(value):
    text = "" if value is None else str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


@indicator("user_target_met", "用户指标：达标比例（按单元分类）", "%")
def user_target_met(inp, years):
    if not inp.user_layers:
        return []
    units = _units(inp.units)
    present = ~shapely.is_missing(units["geometry"].to_numpy())
    tree = shapely.STRtree(units["geometry"].to_numpy()[present])
    lookup = units[present].reset_index(drop=True)
    rows = []
    for layer in inp.user_layers:
        f = layer.features
        points = shapely.point_on_surface(np.asarray(f["geometry"].to_numpy(), dtype=object))
        pi, ui = tree.query(points, predicate="intersects")
        first = pd.Series(ui, index=pi).groupby(level=0).first().reindex(np.arange(len(f)))
        has = first.notna().to_numpy()
        at = first[has].astype(int).to_numpy()
        county = np.full(len(f), None, dtype=object)
        label = np.full(len(f), None, dtype=object)
        county[has] = lookup["county"].to_numpy()[at]
        label[has] = lookup["cls"].map(CLASS_LABELS).to_numpy()[at]
        met = f["target_met"].map(_truth) if "target_met" in f else pd.Series(None, index=f.index)
        frame = pd.DataFrame(
            {
                "county": county,
                "label": label,
                "year": _year(f["date"].to_numpy()).to_numpy() if "date" in f else np.nan,
                "met": met.to_numpy(),
            }
        )
        frame = frame[frame["label"].notna() & frame["met"].notna()]
        for county, part in [(WHOLE, frame), *frame.groupby("county", sort=True)]:
            for year in years:
                in_year = part[(part["year"] == year) | part["year"].isna()]
                for label, group in in_year.groupby("label", sort=True):
                    share = 100.0 * group["met"].astype(bool).mean()
                    rows.append(_row(county, f"{layer.name}·{label}", int(year), share))
    return rows


def compute(inp: TrackingInput, years, keys=None) -> pd.DataFrame:
    """Every registered indicator (or those in ``keys``) for ``years``, as one table."""
    years = sorted({int(y) for y in years})
    if not years:
        raise TrackingError("未指定年份 / No year given")
    if inp.units is None or not len(inp.units):
        raise TrackingError("管控单元图层为空 / The unit layer is empty")
    frames = []
    for key, item in REGISTRY.items():
        if keys is not None and key not in keys:
            continue
        rows = item.compute(inp, years)
        if rows:
            frame = pd.DataFrame(rows)
            frame.insert(0, "indicator", key)
            frame.insert(1, "name", item.name)
            frame.insert(2, "unit", item.unit)
            frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=ROW_COLUMNS)
    out = pd.concat(frames, ignore_index=True)[ROW_COLUMNS]
    out["year"] = out["year"].astype("Int64")
    return out
