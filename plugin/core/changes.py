"""Comparison of two versions of the control units (and of their access lists).

Pure Python on shapely 2 / numpy / pandas. Both unit frames carry the schema fields
(HJZHGKDYBM, HJZHGKDYMC, ZHGKDYFL, XZQDM, optionally COUNTY) and "geometry" in one
metre CRS (the official 3° zone, so planar area is official area).

Matching
--------
1. By code: a code present in both versions is the same unit.
2. By overlap (``shapely.STRtree.query``, no pairwise loops): an old unit "goes into" a
   new unit when more than ``share`` (default 50 %) of the old unit's area lies in it,
   and a new unit "comes from" an old unit when more than ``share`` of the new unit lies
   in it.
   * merged: a new unit into which two or more old units go;
   * split: an old unit that two or more new units come from;
   * code changed: an old and a new unit with different codes, matched one-to-one;
   * added / removed: a new / old unit matched by none of the above.
3. For every matched pair: geometry changed (the symmetric difference as geometry,
   gained and lost area), class changed, renamed.

Land whose class changed is reported piece by piece ("reclassified": old × new overlay
per county); land leaving 优先保护 is flagged 需论证, as are class changes of a unit
whose old class was 优先保护. Changes under ``min_area`` m² are ignored (slivers of
snapping). The overlay also gives, per county and class, the area gained and lost, and
a class-transition matrix in km² (class 0 = land in no unit of that version).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from . import area, geometry, report, schema, tables

ADDED = "added"
REMOVED = "removed"
GEOMETRY = "geometry"
CLASS = "class"
CODE = "code"
RENAMED = "renamed"
MERGED = "merged"
SPLIT = "split"
RECLASSIFIED = "reclassified"

CHANGE_LABELS_ZH = {
    ADDED: "新增单元",
    REMOVED: "撤销单元",
    GEOMETRY: "边界调整",
    CLASS: "分类变化",
    CODE: "编码变化",
    RENAMED: "名称变化",
    MERGED: "单元合并",
    SPLIT: "单元拆分",
    RECLASSIFIED: "用地分类变化",
}
NEEDS_REVIEW_ZH = "需论证"
NO_CLASS = 0

CHANGE_COLUMNS = [*tables.names(tables.CHANGES), "geometry"]
LIST_COLUMNS = tables.names(tables.CHANGE_LIST)
SUMMARY_COLUMNS = tables.names(tables.CHANGE_SUMMARY)
LIST_LABELS_ZH = {"added": "新增要求", "removed": "删除要求", "changed": "修改要求"}


@dataclass
class Comparison:
    changes: pd.DataFrame
    list_changes: pd.DataFrame
    summary: pd.DataFrame
    transitions: pd.DataFrame  # county_code, old_class, new_class, area_km2
    counts: dict = field(default_factory=dict)


def _prepare(units: pd.DataFrame) -> pd.DataFrame:
    """Code, name, class, county and a valid polygonal geometry per unit (one row per code)."""
    frame = pd.DataFrame(
        {
            "code": units[schema.UNIT_CODE].fillna("").astype(str).str.strip(),
            "name": units[schema.UNIT_NAME].fillna("").astype(str)
            if schema.UNIT_NAME in units
            else "",
            "cls": pd.to_numeric(units[schema.UNIT_CLASS], errors="coerce").fillna(0).astype(int),
            "county_code": units[schema.UNIT_COUNTY_CODE].fillna("").astype(str),
            "county": units[schema.UNIT_COUNTY].fillna("").astype(str)
            if schema.UNIT_COUNTY in units
            else "",
            "geometry": geometry.polygonal(
                shapely.make_valid(np.asarray(units["geometry"].to_numpy(), dtype=object))
            ),
        }
    )
    frame = frame[~shapely.is_missing(frame["geometry"].to_numpy())]
    if frame["code"].duplicated().any():  # several features with one code: one unit
        first = frame.groupby("code", sort=False).first()
        unions = frame.groupby("code", sort=False)["geometry"].agg(
            lambda g: shapely.union_all(list(g), grid_size=geometry.GRID_SIZE)
        )
        first["geometry"] = unions
        frame = first.reset_index()
    return frame.reset_index(drop=True)


def _overlay(old: pd.DataFrame, new: pd.DataFrame, grid: float) -> pd.DataFrame:
    """Every intersecting (old, new) pair with its intersection and area."""
    tree = shapely.STRtree(old["geometry"].to_numpy())
    new_idx, old_idx = tree.query(new["geometry"].to_numpy(), predicate="intersects")
    pieces = shapely.intersection(
        old["geometry"].to_numpy()[old_idx], new["geometry"].to_numpy()[new_idx], grid_size=grid
    )
    pieces = geometry.polygonal(pieces)
    areas = area.official_m2(pieces)
    pairs = pd.DataFrame({"o": old_idx, "n": new_idx, "geometry": pieces, "area": areas})
    return pairs[pairs["area"] > 0].reset_index(drop=True)


def _match(old, new, pairs, share: float) -> tuple[list, list, dict, dict]:
    """Merges, splits and one-to-one matches (code first, then overlap); see the module
    docstring. A merge gathers old units whose codes end (or live on in the merged unit);
    a split spreads an old unit whose code ends."""
    old_area = area.official_m2(old["geometry"].to_numpy())
    new_area = area.official_m2(new["geometry"].to_numpy())
    old_codes, new_codes = old["code"].to_numpy(), new["code"].to_numpy()
    ends_old = ~np.isin(old_codes, new_codes)
    goes_into = pairs[pairs["area"] > share * old_area[pairs["o"]]]
    comes_from = pairs[pairs["area"] > share * new_area[pairs["n"]]]
    merging = goes_into[
        ends_old[goes_into["o"]] | (old_codes[goes_into["o"]] == new_codes[goes_into["n"]])
    ]
    merges = [
        (sorted(group["o"].tolist()), int(n)) for n, group in merging.groupby("n") if len(group) > 1
    ]
    splitting = comes_from[ends_old[comes_from["o"]]]
    splits = [
        (int(o), sorted(group["n"].tolist()))
        for o, group in splitting.groupby("o")
        if len(group) > 1
    ]
    used = {
        "old": {o for olds, _ in merges for o in olds} | {o for o, _ in splits},
        "new": {n for _, n in merges} | {n for _, news in splits for n in news},
    }
    old_of = {}  # new index -> old index, one-to-one
    by_code = {c: i for i, c in enumerate(old_codes) if c}
    for n, code in enumerate(new_codes):
        o = by_code.get(code)
        if o is not None and n not in used["new"] and o not in used["old"]:
            old_of[n] = o
    taken = set(old_of.values())
    mutual = goes_into.merge(comes_from[["o", "n"]], on=["o", "n"])
    for row in mutual.sort_values(["area", "o"], ascending=[False, True]).itertuples():
        o, n = int(row.o), int(row.n)
        if n in old_of or o in taken or n in used["new"] or o in used["old"]:
            continue
        old_of[n] = o
        taken.add(o)
    return merges, splits, old_of, used


def _row(change, county, old_codes, new_codes, **values) -> dict:
    row = {c: None for c in CHANGE_COLUMNS}
    row.update(
        change=change,
        change_zh=CHANGE_LABELS_ZH[change],
        county_code=county,
        old_codes=",".join(old_codes),
        new_codes=",".join(new_codes),
        review="",
        note="",
    )
    row.update(values)
    return row


def _union_polygonal(a, b, grid: float):
    """The polygonal union of two polygonal geometries, either of which may be None."""
    parts = [g for g in (a, b) if g is not None and not g.is_empty]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return geometry.polygonal(np.array([shapely.union(*parts, grid_size=grid)], dtype=object))[0]


def _pair_rows(old, new, old_of: dict, min_area: float, grid: float) -> list[dict]:
    """Geometry, class, code and name changes of the one-to-one matched units."""
    if not old_of:
        return []
    n_idx = np.array(sorted(old_of), dtype=np.int64)
    o_idx = np.array([old_of[n] for n in n_idx], dtype=np.int64)
    og, ng = old["geometry"].to_numpy()[o_idx], new["geometry"].to_numpy()[n_idx]
    gained = geometry.polygonal(shapely.difference(ng, og, grid_size=grid))
    lost = geometry.polygonal(shapely.difference(og, ng, grid_size=grid))
    g_area, l_area = area.official_m2(gained), area.official_m2(lost)
    rows = []
    for k, (o, n) in enumerate(zip(o_idx, n_idx)):
        a, b = old.iloc[o], new.iloc[n]
        common = dict(
            old_name=a["name"], new_name=b["name"], old_class=int(a.cls), new_class=int(b.cls)
        )
        county, oc, nc = b["county_code"], [a["code"]], [b["code"]]
        if a["code"] != b["code"]:
            rows.append(_row(CODE, county, oc, nc, area_m2=0.0, geometry=ng[k], **common))
        if a["name"] != b["name"]:
            rows.append(_row(RENAMED, county, oc, nc, area_m2=0.0, geometry=ng[k], **common))
        if a.cls != b.cls:
            review = NEEDS_REVIEW_ZH if a.cls == schema.PRIORITY else ""
            unit_area = float(area.official_m2([ng[k]])[0])
            rows.append(
                _row(
                    CLASS,
                    county,
                    oc,
                    nc,
                    area_m2=unit_area,
                    review=review,
                    geometry=ng[k],
                    **common,
                )
            )
        if g_area[k] >= min_area or l_area[k] >= min_area:
            changed = _union_polygonal(gained[k], lost[k], grid)
            review = NEEDS_REVIEW_ZH if a.cls == schema.PRIORITY and l_area[k] >= min_area else ""
            rows.append(
                _row(
                    GEOMETRY,
                    county,
                    oc,
                    nc,
                    gained_m2=float(g_area[k]),
                    lost_m2=float(l_area[k]),
                    area_m2=float(g_area[k] - l_area[k]),
                    review=review,
                    geometry=changed,
                    **common,
                )
            )
    return rows


def _group_rows(old, new, merges, splits, grid: float) -> list[dict]:
    """Merged and split units: the new (merged) / old (split) unit as geometry."""
    rows = []
    for olds, n in merges:
        b = new.iloc[n]
        codes = [old["code"].iat[o] for o in olds]
        classes = {int(old["cls"].iat[o]) for o in olds}
        review = NEEDS_REVIEW_ZH if schema.PRIORITY in classes and b.cls != schema.PRIORITY else ""
        rows.append(
            _row(
                MERGED,
                b["county_code"],
                codes,
                [b["code"]],
                new_name=b["name"],
                old_name="、".join(old["name"].iat[o] for o in olds),
                old_class=min(classes),
                new_class=int(b.cls),
                area_m2=float(area.official_m2([b.geometry])[0]),
                review=review,
                geometry=b.geometry,
            )
        )
    for o, news in splits:
        a = old.iloc[o]
        rows.append(
            _row(
                SPLIT,
                a["county_code"],
                [a["code"]],
                [new["code"].iat[n] for n in news],
                old_name=a["name"],
                new_name="、".join(new["name"].iat[n] for n in news),
                old_class=int(a.cls),
                area_m2=float(area.official_m2([a.geometry])[0]),
                geometry=a.geometry,
            )
        )
    return rows


def _lone_rows(old, new, old_of: dict, used: dict) -> list[dict]:
    """Units matched by nothing: added (new) and removed (old)."""
    rows = []
    matched_old = set(old_of.values()) | used["old"]
    matched_new = set(old_of) | used["new"]
    for n in range(len(new)):
        if n in matched_new:
            continue
        b = new.iloc[n]
        rows.append(
            _row(
                ADDED,
                b["county_code"],
                [],
                [b["code"]],
                new_name=b["name"],
                new_class=int(b.cls),
                area_m2=float(area.official_m2([b.geometry])[0]),
                geometry=b.geometry,
            )
        )
    for o in range(len(old)):
        if o in matched_old:
            continue
        a = old.iloc[o]
        rows.append(
            _row(
                REMOVED,
                a["county_code"],
                [a["code"]],
                [],
                old_name=a["name"],
                old_class=int(a.cls),
                area_m2=-float(area.official_m2([a.geometry])[0]),
                review=NEEDS_REVIEW_ZH if a.cls == schema.PRIORITY else "",
                geometry=a.geometry,
            )
        )
    return rows


def _reclassified_rows(old, new, pairs, min_area: float) -> list[dict]:
    """Land whose class changed, one row per (old unit, new unit) piece."""
    o_cls = old["cls"].to_numpy()[pairs["o"]]
    n_cls = new["cls"].to_numpy()[pairs["n"]]
    moved = pairs[(o_cls != n_cls) & (pairs["area"].to_numpy() >= min_area)]
    rows = []
    for piece in moved.itertuples():
        a, b = old.iloc[piece.o], new.iloc[piece.n]
        rows.append(
            _row(
                RECLASSIFIED,
                b["county_code"],
                [a["code"]],
                [b["code"]],
                old_name=a["name"],
                new_name=b["name"],
                old_class=int(a.cls),
                new_class=int(b.cls),
                area_m2=float(piece.area),
                review=NEEDS_REVIEW_ZH if a.cls == schema.PRIORITY else "",
                note=f"{schema.CLASS_LABELS_ZH.get(int(a.cls), a.cls)} → "
                f"{schema.CLASS_LABELS_ZH.get(int(b.cls), b.cls)}",
                geometry=piece.geometry,
            )
        )
    return rows


def _transitions(old, new, pairs) -> pd.DataFrame:
    """Area (km²) per county, old class and new class; class 0 = in no unit of that version."""
    old_area = area.official_m2(old["geometry"].to_numpy())
    new_area = area.official_m2(new["geometry"].to_numpy())
    parts = [
        pd.DataFrame(
            {
                "county_code": new["county_code"].to_numpy()[pairs["n"]],
                "old_class": old["cls"].to_numpy()[pairs["o"]],
                "new_class": new["cls"].to_numpy()[pairs["n"]],
                "area_m2": pairs["area"].to_numpy(),
            }
        )
    ]
    # land of a unit not covered by the other version (county boundary changes)
    in_new = np.bincount(pairs["n"], weights=pairs["area"], minlength=len(new))
    in_old = np.bincount(pairs["o"], weights=pairs["area"], minlength=len(old))
    parts.append(
        pd.DataFrame(
            {
                "county_code": new["county_code"].to_numpy(),
                "old_class": NO_CLASS,
                "new_class": new["cls"].to_numpy(),
                "area_m2": np.clip(new_area - in_new, 0, None),
            }
        )
    )
    parts.append(
        pd.DataFrame(
            {
                "county_code": old["county_code"].to_numpy(),
                "old_class": old["cls"].to_numpy(),
                "new_class": NO_CLASS,
                "area_m2": np.clip(old_area - in_old, 0, None),
            }
        )
    )
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["area_m2"] > 0]
    grouped = (
        frame.groupby(["county_code", "old_class", "new_class"], as_index=False)["area_m2"]
        .sum()
        .sort_values(["county_code", "old_class", "new_class"])
    )
    grouped["area_km2"] = area.m2_to_km2(grouped.pop("area_m2").to_numpy())
    return grouped.reset_index(drop=True)


def _summary(old, new, transitions: pd.DataFrame) -> pd.DataFrame:
    """Per county and class: old and new area, area gained and lost (km²)."""
    names = dict(zip(old["county_code"], old["county"]))
    names.update({c: n for c, n in zip(new["county_code"], new["county"]) if n})
    rows = []
    for county in sorted(set(old["county_code"]) | set(new["county_code"])):
        t = transitions[transitions["county_code"] == county]
        for cls in (schema.PRIORITY, schema.KEY, schema.GENERAL):
            o_sel = (old["county_code"] == county) & (old["cls"] == cls)
            n_sel = (new["county_code"] == county) & (new["cls"] == cls)
            gained = t[(t["new_class"] == cls) & (t["old_class"] != cls)]["area_km2"].sum()
            lost = t[(t["old_class"] == cls) & (t["new_class"] != cls)]["area_km2"].sum()
            rows.append(
                [
                    county,
                    names.get(county, ""),
                    cls,
                    schema.CLASS_LABELS_ZH[cls],
                    float(
                        area.m2_to_km2(area.official_m2(old["geometry"][o_sel].to_numpy()).sum())
                    ),
                    float(
                        area.m2_to_km2(area.official_m2(new["geometry"][n_sel].to_numpy()).sum())
                    ),
                    float(gained),
                    float(lost),
                ]
            )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def compare_lists(old_list: pd.DataFrame | None, new_list: pd.DataFrame | None) -> pd.DataFrame:
    """Unit-level requirements added, removed or changed, by requirement id (TKBH).

    Rows without an id are matched by (unit, dimension, text)."""
    if old_list is None or new_list is None:
        return pd.DataFrame(columns=LIST_COLUMNS)

    def units_only(frame):
        frame = frame[frame[schema.REQ_SCOPE_LEVEL].fillna("") == "单元"].copy()
        text = frame[schema.REQ_TEXT].fillna("").astype(str).str.strip()
        ids = frame[schema.REQ_ID].fillna("").astype(str).str.strip()
        frame["key"] = ids.where(
            ids != "",
            frame[schema.REQ_SCOPE_CODE].astype(str)
            + "|"
            + frame[schema.REQ_DIMENSION]
            + "|"
            + text,
        )
        frame["text"] = text
        return frame.drop_duplicates("key").set_index("key")

    old, new = units_only(old_list), units_only(new_list)
    rows = []
    for key in sorted(set(old.index) | set(new.index)):
        a = old.loc[key] if key in old.index else None
        b = new.loc[key] if key in new.index else None
        if a is not None and b is not None:
            if a["text"] == b["text"] and a[schema.REQ_DIMENSION] == b[schema.REQ_DIMENSION]:
                continue
            kind, ref = "changed", b
        else:
            kind, ref = ("added", b) if a is None else ("removed", a)
        rows.append(
            [
                ref[schema.REQ_SCOPE_CODE],
                kind,
                LIST_LABELS_ZH[kind],
                ref[schema.REQ_DIMENSION],
                ref[schema.REQ_ID] or "",
                "" if a is None else a["text"],
                "" if b is None else b["text"],
            ]
        )
    frame = pd.DataFrame(rows, columns=LIST_COLUMNS)
    return frame.sort_values(
        ["unit_code", "dimension", "requirement_id"], kind="stable"
    ).reset_index(drop=True)


def compare(
    old_units: pd.DataFrame,
    new_units: pd.DataFrame,
    old_list: pd.DataFrame | None = None,
    new_list: pd.DataFrame | None = None,
    min_area: float = 1.0,
    share: float = 0.5,
    grid_size: float = geometry.GRID_SIZE,
) -> Comparison:
    """Compare two versions of the unit layer (and their access lists)."""
    old, new = _prepare(old_units), _prepare(new_units)
    if len(old) and len(new):
        pairs = _overlay(old, new, grid_size)
    else:
        pairs = pd.DataFrame({"o": [], "n": [], "geometry": [], "area": []})
        pairs = pairs.astype({"o": np.int64, "n": np.int64, "area": float})
    merges, splits, old_of, used = _match(old, new, pairs, share)
    rows = (
        _group_rows(old, new, merges, splits, grid_size)
        + _pair_rows(old, new, old_of, min_area, grid_size)
        + _lone_rows(old, new, old_of, used)
        + _reclassified_rows(old, new, pairs, min_area)
    )
    changes = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    order = {c: k for k, c in enumerate(CHANGE_LABELS_ZH)}
    changes = changes.assign(_o=changes["change"].map(order)).sort_values(
        ["county_code", "_o", "new_codes", "old_codes"], kind="stable"
    )
    changes = changes.drop(columns="_o").reset_index(drop=True)
    transitions = _transitions(old, new, pairs)
    counts = changes["change"].value_counts().to_dict()
    return Comparison(
        changes=changes,
        list_changes=compare_lists(old_list, new_list),
        summary=_summary(old, new, transitions),
        transitions=transitions,
        counts=counts,
    )


def transition_matrix(transitions: pd.DataFrame, county: str | None = None) -> pd.DataFrame:
    """Old class (rows) × new class (columns) in km², for one county or all."""
    data = transitions if county is None else transitions[transitions["county_code"] == county]
    classes = [NO_CLASS, schema.PRIORITY, schema.KEY, schema.GENERAL]
    matrix = data.pivot_table(
        index="old_class", columns="new_class", values="area_km2", aggfunc="sum", fill_value=0.0
    )
    return matrix.reindex(index=classes, columns=classes, fill_value=0.0)


def _class_label(value) -> str:
    if value is None or value != value:
        return ""
    return schema.CLASS_LABELS_ZH.get(int(value), "无" if int(value) == NO_CLASS else str(value))


_CHANGE_HEADERS = [
    "变化",
    "行政区划代码",
    "原编码",
    "新编码",
    "单元名称",
    "原分类",
    "新分类",
    "增加（m²）",
    "减少（m²）",
    "面积变化（m²）",
    "论证",
]


def _m2_or_none(value):
    return float(value) if value is not None and value == value else None


def report_html(
    result: Comparison, title: str = "环境管控单元调整对比报告", maps=(), header_rows=()
) -> str:
    """The comparison as an HTML page: counts, changes, area by county and class, transition
    matrix, list changes; ``maps`` are (caption, image file) pairs shown first."""

    sections = []
    if header_rows:
        sections.append(("版本", report.table(["项目", "内容"], list(header_rows))))
    for caption, image in maps:
        sections.append((caption, f'<p><img src="{html.escape(image)}" width="480"></p>'))
    sections.append(("变化汇总", _counts_html(result)))
    sections.append(("单元变化清单", report.table(_CHANGE_HEADERS, _change_rows(result))))
    summary = [
        [r.county_code, r.county, r.class_name, r.old_km2, r.new_km2, r.gained_km2, r.lost_km2]
        for r in result.summary.itertuples()
    ]
    headers = ["行政区划代码", "县（区）", "分类", "原面积", "新面积", "增加", "减少"]
    sections.append(("分县分类面积变化（km²）", report.table(headers, summary)))
    sections.append(("分类转移矩阵（km²，行为原分类，列为新分类）", _matrix_html(result)))
    if len(result.list_changes):
        items = [
            [r.unit_code, r.change_zh, r.dimension, r.requirement_id, r.old, r.new]
            for r in result.list_changes.itertuples()
        ]
        headers = ["单元编码", "变化", "管控维度", "条款编号", "原要求", "新要求"]
        sections.append(("准入清单变化", report.table(headers, items)))
    return report.page(title, sections)


def _counts_html(result: Comparison) -> str:
    counts = [[CHANGE_LABELS_ZH[k], int(result.counts.get(k, 0))] for k in CHANGE_LABELS_ZH]
    review = result.changes[result.changes["review"] == NEEDS_REVIEW_ZH]
    return (
        report.table(["变化类型", "数量"], counts)
        + f"<p>涉及优先保护单元、需论证的变化 {len(review)} 处。</p>"
    )


def _change_rows(result: Comparison) -> list[list]:
    return [
        [
            r.change_zh,
            r.county_code,
            r.old_codes,
            r.new_codes,
            r.new_name or r.old_name,
            _class_label(r.old_class),
            _class_label(r.new_class),
            _m2_or_none(r.gained_m2),
            _m2_or_none(r.lost_m2),
            float(r.area_m2),
            r.review,
        ]
        for r in result.changes.itertuples()
    ]


def _matrix_html(result: Comparison) -> str:
    parts = []
    counties = [None, *sorted(result.transitions["county_code"].unique())]
    for county in counties:
        matrix = transition_matrix(result.transitions, county)
        labels = [_class_label(c) for c in matrix.columns]
        rows = [[_class_label(i), *map(float, matrix.loc[i])] for i in matrix.index]
        heading = "全域" if county is None else county
        parts.append(f"<h3>{heading}</h3>" + report.table(["原＼新", *labels], rows))
    return "".join(parts)
