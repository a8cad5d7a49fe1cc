"""线索筛查: supervision leads from source layers, through the compliance engine.

Pure Python (shapely 2, numpy, pandas). Every source layer (enterprises, 排污许可
permits, 环评 approvals, 人类活动图斑 change patches) is assessed as a whole by
``compliance.assess`` against one prebuilt ``ComplianceIndex`` (the same engine,
units, lists, regions and constraint roles as 符合性分析), and its result is
turned into leads, so screening and compliance can never disagree:

=============  ==================================================  ========  =======
reason code    when                                                  finding   severity
=============  ==================================================  ========  =======
``redline``    overlaps a constraint whose role prohibits (红线)     不符合     高
``forbidden``  a 禁止 requirement of a touched unit's list matches   不符合     高
``region``     a 禁止 区域 requirement (a region rule) matches       不符合     高
``limit_area`` overlaps a constraint whose role restricts           需进一步论证 中
``key_unit``   a 重点 unit's restriction or matching requirement    finding   中 / 低
``limit``      a matching 限制 requirement of another unit          需进一步论证 中
``priority``   a (new) activity inside a 优先保护 unit               人工核对    中
=============  ==================================================  ========  =======

``priority`` leads are raised for every feature inside a priority unit, or, with
``since``, only for features dated on or after it (undated features count).

A lead's key (``lead_key``) is stable across runs: source layer, the feature's key
(its id field when given, else a hash of its geometry on a 1 cm grid), reason,
requirement id (the constraint layer for constraint leads) and unit code. Re-screening
with the previous leads keeps the status, note and date found (``found_on``) of every
lead that still exists.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from .. import compliance, roles, schema
from ..area import official_m2
from ..geometry import geometry_array
from ..run import EcoZoningError
from ..values import plain_text

STATUS_OPEN = "待核实"
STATUS_TRUE = "属实"
STATUS_FALSE = "不属实"
STATUS_FIXED = "已整改"
STATUSES = (STATUS_OPEN, STATUS_TRUE, STATUS_FALSE, STATUS_FIXED)

SEVERITY_HIGH, SEVERITY_MEDIUM, SEVERITY_LOW = "高", "中", "低"

REASONS = {
    "redline": "位于生态保护红线等禁止类管控要素内",
    "forbidden": "属于单元准入清单禁止的行业",
    "region": "违反区域管控规则",
    "limit_area": "位于限制类管控要素内",
    "key_unit": "适用重点管控单元管控要求",
    "limit": "适用限制类管控要求",
    "priority": "优先保护单元内新增人类活动",
}

LEAD_COLUMNS = [*schema.field_names(schema.LEAD_FIELDS), "geometry"]
HASH_GRID = 0.01


class ScreeningError(EcoZoningError):
    """Unusable input (message: Chinese / English)."""


@dataclass
class Source:
    """One source layer: ``features`` has "fid", "geometry" and optionally "industry",
    "date" and "key" (a stable id)."""

    name: str
    features: pd.DataFrame


@dataclass
class ScreenResult:
    leads: pd.DataFrame
    assessments: dict = field(default_factory=dict)  # source name -> ComplianceResult
    counts: pd.DataFrame = field(default_factory=pd.DataFrame)  # per source


def feature_keys(frame: pd.DataFrame) -> np.ndarray:
    """The stable key of each feature: its "key" value, else a geometry hash."""
    n = len(frame)
    keys = np.empty(n, dtype=object)
    given = frame["key"].tolist() if "key" in frame.columns else [None] * n
    geoms = geometry_array(frame["geometry"].to_numpy())
    for i in range(n):
        value = plain_text(given[i])
        if value:
            keys[i] = f"id:{value}"
            continue
        g = geoms[i]
        if g is None or shapely.is_empty(g):
            keys[i] = f"fid:{frame['fid'].iloc[i]}"
            continue
        snapped = shapely.normalize(shapely.set_precision(g, HASH_GRID))
        keys[i] = "g:" + hashlib.sha1(shapely.to_wkb(snapped, hex=False)).hexdigest()[:16]
    return keys


def _dates(frame: pd.DataFrame) -> pd.Series:
    if "date" not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index)
    text = frame["date"].map(lambda v: "" if v is None else str(v).strip()[:10])
    return pd.to_datetime(text.str.replace("/", "-"), errors="coerce")


def _severity(finding: str) -> str:
    if finding == compliance.FINDING_VIOLATION:
        return SEVERITY_HIGH
    if finding == compliance.FINDING_ARGUE:
        return SEVERITY_MEDIUM
    return SEVERITY_LOW


def _requirement_leads(result, units) -> pd.DataFrame:
    """Leads from requirement findings: forbidden, region, key_unit, limit."""
    req = result.requirements
    if not len(req):
        return pd.DataFrame()
    matched = req["matched_codes"].astype(str) != ""
    keep = req["finding"].isin([compliance.FINDING_VIOLATION, compliance.FINDING_ARGUE]) | (
        (req["finding"] == compliance.FINDING_MANUAL) & matched
    )
    req = req[keep].copy()
    if not len(req):
        return pd.DataFrame()
    main_unit = _main_unit(result)
    region = req["level"].astype(str) == "区域"
    req["unit_code"] = np.where(
        req["unit_code"].astype(str) == "",
        req["project_fid"].map(main_unit).fillna(""),
        req["unit_code"],
    )
    cls = req["unit_code"].map(units).fillna(0).astype(int)
    violation = req["finding"] == compliance.FINDING_VIOLATION
    code = np.where(
        violation,
        np.where(region, "region", "forbidden"),
        np.where(cls == 2, "key_unit", "limit"),
    )
    out = pd.DataFrame(
        {
            "project_fid": req["project_fid"].to_numpy(),
            "reason_code": code,
            "finding": req["finding"].to_numpy(),
            "unit_code": req["unit_code"].to_numpy(),
            "requirement_id": req["requirement_id"].to_numpy(),
            "requirement_text": req["text"].to_numpy(),
        }
    )
    # a matching 要求 outside 重点 units is not a lead (it is a manual check of the list)
    return out[(out["reason_code"] != "limit") | (out["finding"] == compliance.FINDING_ARGUE)]


def _main_unit(result) -> dict:
    """project fid -> the unit holding the largest share of it."""
    u = result.units
    if not len(u):
        return {}
    first = u.drop_duplicates("project_fid", keep="first")
    return dict(zip(first["project_fid"], first["unit_code"]))


def _constraint_leads(result) -> pd.DataFrame:
    c = result.constraints
    if not len(c):
        return pd.DataFrame()
    effect = dict(zip(result.layers["constraint"], result.layers["effect"]))
    c = c[c["inside"].astype(bool)].copy()
    c["effect"] = c["constraint"].map(effect)
    c = c[c["effect"].isin([roles.EFFECT_FORBID, roles.EFFECT_LIMIT])]
    if not len(c):
        return pd.DataFrame()
    forbid = (c["effect"] == roles.EFFECT_FORBID).to_numpy()
    main_unit = _main_unit(result)
    return pd.DataFrame(
        {
            "project_fid": c["project_fid"].to_numpy(),
            "reason_code": np.where(forbid, "redline", "limit_area"),
            "finding": np.where(forbid, compliance.FINDING_VIOLATION, compliance.FINDING_ARGUE),
            "unit_code": c["project_fid"].map(main_unit).fillna("").to_numpy(),
            "requirement_id": c["constraint"].to_numpy(),
            "requirement_text": (c["role"] + "：" + c["consequence"]).to_numpy(),
            "_geometry": c["geometry"].to_numpy(),
            "_area": c["overlap_area_m2"].to_numpy(),
        }
    )


def _priority_leads(result, dates: dict, since) -> pd.DataFrame:
    u = result.units
    u = u[u["unit_class"].astype(int) == 1]
    if since is not None and len(u):
        d = u["project_fid"].map(dates)
        u = u[d.isna() | (d >= pd.Timestamp(since))]
    if not len(u):
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "project_fid": u["project_fid"].to_numpy(),
            "reason_code": "priority",
            "finding": compliance.FINDING_MANUAL,
            "unit_code": u["unit_code"].to_numpy(),
            "requirement_id": "",
            "requirement_text": "",
            "_geometry": u["geometry"].to_numpy(),
            "_area": u["overlap_area_m2"].to_numpy(),
        }
    )


def _leads_of(source: Source, result, index, since) -> pd.DataFrame:
    """The leads of one assessed source layer (columns as LEAD_COLUMNS)."""
    frame = source.features
    units = index.units
    classes = dict(zip(units.codes, units.classes))
    dates = _dates(frame)
    date_of = dict(zip(frame["fid"], dates))
    parts = [
        _constraint_leads(result),
        _requirement_leads(result, classes),
        _priority_leads(result, date_of, since),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=LEAD_COLUMNS)
    leads = pd.concat(parts, ignore_index=True)
    # the geometry of a requirement lead: the feature's part in the unit
    pieces = {
        (f, c): g
        for f, c, g in zip(
            result.units["project_fid"], result.units["unit_code"], result.units["geometry"]
        )
    }
    geom_of = dict(zip(frame["fid"], geometry_array(frame["geometry"].to_numpy())))
    if "_geometry" not in leads.columns:
        leads["_geometry"] = None
    missing = leads["_geometry"].isna()
    leads.loc[missing, "_geometry"] = [
        pieces.get((f, c), geom_of.get(f))
        for f, c in zip(leads.loc[missing, "project_fid"], leads.loc[missing, "unit_code"])
    ]
    geoms = geometry_array(leads["_geometry"].to_numpy())
    dims = np.asarray(shapely.get_dimensions(geoms))
    area = np.full(len(geoms), np.nan)
    area[dims == 2] = official_m2(geoms[dims == 2])
    points = shapely.point_on_surface(geoms)
    keys = dict(zip(frame["fid"], feature_keys(frame)))
    industry = dict(zip(frame["fid"], frame["industry"])) if "industry" in frame.columns else {}
    name_of = dict(zip(units.codes, units.names))
    county_of = dict(zip(units.codes, units.counties))
    fid = leads["project_fid"]
    out = pd.DataFrame(
        {
            "reason_code": leads["reason_code"],
            "reason": leads["reason_code"].map(REASONS),
            "severity": [
                SEVERITY_MEDIUM if c == "priority" else _severity(f)
                for c, f in zip(leads["reason_code"], leads["finding"])
            ],
            "finding": leads["finding"],
            "unit_code": leads["unit_code"].astype(str),
            "unit_name": leads["unit_code"].map(name_of).fillna(""),
            "unit_class": leads["unit_code"].map(classes).fillna(0).astype(int),
            "county_code": leads["unit_code"].map(county_of).fillna(""),
            "requirement_id": leads["requirement_id"].astype(str),
            "requirement_text": leads["requirement_text"].astype(str),
            "industry": [plain_text(industry.get(f)) for f in fid],
            "source_layer": source.name,
            "source_fid": fid.astype("int64"),
            "source_key": fid.map(keys),
            "source_date": [
                "" if pd.isna(date_of.get(f)) else date_of[f].strftime("%Y-%m-%d") for f in fid
            ],
            "area_m2": area,
            "x": shapely.get_x(points),
            "y": shapely.get_y(points),
            "found_on": "",
            "status": STATUS_OPEN,
            "note": "",
            "geometry": points,
        }
    )
    out.insert(0, "lead_key", lead_keys(out))
    return out.drop_duplicates("lead_key").reset_index(drop=True)[LEAD_COLUMNS]


def lead_keys(leads: pd.DataFrame) -> pd.Series:
    return (
        leads["source_layer"].astype(str)
        + "|"
        + leads["source_key"].astype(str)
        + "|"
        + leads["reason_code"].astype(str)
        + "|"
        + leads["requirement_id"].astype(str)
        + "|"
        + leads["unit_code"].astype(str)
    )


def carry_over(leads: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """Keep the status and note of the leads of ``previous`` that still exist."""
    if previous is None or not len(previous) or not len(leads):
        return leads
    for column in ("lead_key", "status"):
        if column not in previous.columns:
            raise ScreeningError(
                f"上次线索缺少字段 {column} / The previous leads have no column {column}"
            )
    prev = previous.drop_duplicates("lead_key", keep="last").set_index("lead_key")
    out = leads.copy()
    known = out["lead_key"].isin(prev.index)
    status = out.loc[known, "lead_key"].map(prev["status"])
    valid = status.isin(STATUSES)
    out.loc[status[valid].index, "status"] = status[valid]
    for column in ("note", "found_on"):
        if column in prev.columns:
            value = out.loc[known, "lead_key"].map(prev[column]).map(plain_text)
            value = value[value != ""] if column == "found_on" else value
            out.loc[value.index, column] = value
    return out


def screen(
    sources,
    index: compliance.ComplianceIndex,
    *,
    since=None,
    previous: pd.DataFrame | None = None,
    buffer: float = 0.0,
    today=None,
    progress=None,
    is_cancelled=None,
) -> ScreenResult:
    """Assess every source layer with the compliance engine and derive its leads.

    ``found_on`` is ``today`` (default: the current date) for new leads and kept from
    ``previous`` for leads found before.
    """
    today = pd.Timestamp(today or pd.Timestamp.now()).strftime("%Y-%m-%d")
    sources = list(sources)
    if not sources:
        raise ScreeningError("未提供线索来源图层 / No source layer given")
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ScreeningError("来源图层名称重复 / Source layer names must be unique")
    frames, assessments, counts = [], {}, []
    span = 100.0 / len(sources)
    for n, source in enumerate(sources):

        def report(pct, n=n):
            if progress is not None:
                progress(n * span + pct * span / 100.0)

        projects = source.features.copy()
        projects["name"] = projects["fid"].astype(str)
        inp = compliance.ComplianceInput(
            projects=projects, units=None, buffer=buffer, project_layer=source.name
        )
        result = compliance.assess(inp, report, is_cancelled, index=index)
        assessments[source.name] = result
        leads = _leads_of(source, result, index, since)
        frames.append(leads)
        counts.append(
            {
                "source_layer": source.name,
                "features": len(projects),
                "leads": len(leads),
                "features_with_leads": leads["source_fid"].nunique() if len(leads) else 0,
                "high": int((leads["severity"] == SEVERITY_HIGH).sum()) if len(leads) else 0,
            }
        )
    frames = [f for f in frames if len(f)]
    leads = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=LEAD_COLUMNS)
    leads["found_on"] = today
    leads = carry_over(leads, previous)
    return ScreenResult(leads=leads, assessments=assessments, counts=pd.DataFrame(counts))


def summaries(leads: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per county incl. a 全域 row, per unit): lead counts by severity and status."""

    def count(frame, by):
        if not len(frame):
            return pd.DataFrame(columns=[*by, "leads", *SEVERITY_COLUMNS, *STATUSES])
        g = frame.groupby(by, sort=True)
        out = g.size().rename("leads").to_frame()
        for sev in (SEVERITY_HIGH, SEVERITY_MEDIUM, SEVERITY_LOW):
            out[f"severity_{sev}"] = g["severity"].apply(lambda s, v=sev: int((s == v).sum()))
        for st in STATUSES:
            out[st] = g["status"].apply(lambda s, v=st: int((s == v).sum()))
        return out.reset_index()

    county = count(leads, ["county_code"])
    total = count(leads.assign(county_code="全域"), ["county_code"])
    county = pd.concat([county, total], ignore_index=True)
    unit = count(leads, ["county_code", "unit_code", "unit_name", "unit_class"])
    return county, unit


SEVERITY_COLUMNS = ("severity_高", "severity_中", "severity_低")
