"""The version comparison engine on three small counties with known changes."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from eco_zoning.plugin.core import changes, schema

KM = 1000.0


def b(x1, y1, x2, y2):
    return box(x1 * KM, y1 * KM, x2 * KM, y2 * KM)


def units(rows):
    return pd.DataFrame(
        [
            {
                schema.UNIT_CODE: code,
                schema.UNIT_NAME: name,
                schema.UNIT_CLASS: cls,
                schema.UNIT_COUNTY_CODE: code[2:8],
                schema.UNIT_COUNTY: {"990101": "甲县", "990102": "乙县", "990103": "丙县"}[
                    code[2:8]
                ],
                "geometry": geom,
            }
            for code, name, cls, geom in rows
        ]
    )


def version_one():
    return units(
        [
            ("ZH99010110001", "甲县生态保护红线优先保护单元", 1, b(0, 0, 3, 10)),
            ("ZH99010130001", "甲县一般管控单元", 3, b(3, 0, 10, 10)),
            ("ZH99010230001", "乙县一般管控单元", 3, b(10, 0, 20, 10)),
            ("ZH99010330001", "东镇一般管控单元", 3, b(20, 0, 25, 10)),
            ("ZH99010330002", "西镇一般管控单元", 3, b(25, 0, 30, 10)),
        ]
    )


def version_two():
    """The red line moved in 甲县 (3 km² out, 1 km² in), a park in 乙县, 丙县's towns merged."""
    red = shapely.union(b(0, 1, 3, 10), b(3, 0, 4, 1))
    general = shapely.union(b(4, 0, 10, 10), shapely.union(b(3, 1, 4, 10), b(0, 0, 3, 1)))
    park = b(12, 2, 14, 4)
    return units(
        [
            ("ZH99010110001", "甲县生态保护红线优先保护单元", 1, red),
            ("ZH99010130001", "甲县一般管控单元", 3, general),
            ("ZH99010220001", "乙县产业园区重点管控单元", 2, park),
            ("ZH99010230001", "乙县一般管控单元", 3, b(10, 0, 20, 10).difference(park)),
            ("ZH99010330001", "东镇一般管控单元", 3, b(20, 0, 30, 10)),
        ]
    )


def kinds(result):
    return sorted(
        (r.county_code, r.change, r.old_codes, r.new_codes) for r in result.changes.itertuples()
    )


def test_exactly_the_changes_made():
    result = changes.compare(version_one(), version_two())
    assert kinds(result) == sorted(
        [
            ("990101", "geometry", "ZH99010110001", "ZH99010110001"),
            ("990101", "geometry", "ZH99010130001", "ZH99010130001"),
            ("990101", "reclassified", "ZH99010110001", "ZH99010130001"),
            ("990101", "reclassified", "ZH99010130001", "ZH99010110001"),
            ("990102", "added", "", "ZH99010220001"),
            ("990102", "geometry", "ZH99010230001", "ZH99010230001"),
            ("990102", "reclassified", "ZH99010230001", "ZH99010220001"),
            ("990103", "merged", "ZH99010330001,ZH99010330002", "ZH99010330001"),
        ]
    )


def test_areas_and_review_flags():
    frame = changes.compare(version_one(), version_two()).changes.set_index(
        ["change", "old_codes", "new_codes"]
    )
    red = frame.loc[("geometry", "ZH99010110001", "ZH99010110001")]
    assert red.gained_m2 == pytest.approx(1e6, rel=1e-3)
    assert red.lost_m2 == pytest.approx(3e6, rel=1e-3)
    assert red.area_m2 == pytest.approx(-2e6, rel=1e-3)
    assert red.review == changes.NEEDS_REVIEW_ZH
    assert shapely.area(red.geometry) == pytest.approx(4e6, rel=1e-3)
    out = frame.loc[("reclassified", "ZH99010110001", "ZH99010130001")]
    assert out.area_m2 == pytest.approx(3e6, rel=1e-3)
    assert out.review == changes.NEEDS_REVIEW_ZH
    back = frame.loc[("reclassified", "ZH99010130001", "ZH99010110001")]
    assert back.area_m2 == pytest.approx(1e6, rel=1e-3) and back.review == ""
    park = frame.loc[("added", "", "ZH99010220001")]
    assert park.area_m2 == pytest.approx(4e6, rel=1e-3) and park.new_class == 2
    merged = frame.loc[("merged", "ZH99010330001,ZH99010330002", "ZH99010330001")]
    assert merged.area_m2 == pytest.approx(100e6, rel=1e-3)


def test_summary_and_transition_matrix():
    result = changes.compare(version_one(), version_two())
    s = result.summary.set_index(["county_code", "unit_class"])
    assert s.loc[("990101", 1), "lost_km2"] == pytest.approx(3, rel=1e-3)
    assert s.loc[("990101", 1), "gained_km2"] == pytest.approx(1, rel=1e-3)
    assert s.loc[("990101", 1), "new_km2"] == pytest.approx(28, rel=1e-3)
    assert s.loc[("990102", 2), "gained_km2"] == pytest.approx(4, rel=1e-3)
    assert s.loc[("990103", 3), "gained_km2"] == 0
    matrix = changes.transition_matrix(result.transitions, "990101")
    assert matrix.loc[1, 3] == pytest.approx(3, rel=1e-3)
    assert matrix.loc[3, 1] == pytest.approx(1, rel=1e-3)
    assert matrix.loc[1, 1] == pytest.approx(27, rel=1e-3)
    whole = changes.transition_matrix(result.transitions)
    assert whole.to_numpy().sum() == pytest.approx(300, rel=1e-6)


def test_code_change_rename_split_and_class_change():
    old = units(
        [
            ("ZH99010110001", "甲县优先保护单元", 1, b(0, 0, 5, 10)),
            ("ZH99010130001", "甲县一般管控单元", 3, b(5, 0, 10, 10)),
            ("ZH99010230001", "乙县一般管控单元", 3, b(10, 0, 20, 10)),
        ]
    )
    new = units(
        [
            ("ZH99010130002", "甲县一般管控单元", 3, b(5, 0, 10, 10)),
            ("ZH99010110001", "甲县北部单元", 3, b(0, 0, 5, 10)),
            ("ZH99010230002", "乙县东部一般管控单元", 3, b(15, 0, 20, 10)),
            ("ZH99010230003", "乙县西部一般管控单元", 3, b(10, 0, 15, 10)),
        ]
    )
    result = changes.compare(old, new)
    assert kinds(result) == sorted(
        [
            ("990101", "code", "ZH99010130001", "ZH99010130002"),
            ("990101", "renamed", "ZH99010110001", "ZH99010110001"),
            ("990101", "class", "ZH99010110001", "ZH99010110001"),
            ("990101", "reclassified", "ZH99010110001", "ZH99010110001"),
            ("990102", "split", "ZH99010230001", "ZH99010230002,ZH99010230003"),
        ]
    )
    frame = result.changes.set_index("change")
    assert frame.loc["class", "review"] == changes.NEEDS_REVIEW_ZH


def test_list_changes():
    def req(rid, code, text):
        return {
            schema.REQ_ID: rid,
            schema.REQ_SCOPE_LEVEL: "单元",
            schema.REQ_SCOPE_CODE: code,
            schema.REQ_DIMENSION: "空间布局约束",
            schema.REQ_TEXT: text,
        }

    old = pd.DataFrame([req("a1", "U1", "禁止新建化工项目。"), req("a2", "U1", "限制焦化。")])
    new = pd.DataFrame([req("a1", "U1", "禁止新建化工、电镀项目。"), req("b1", "U2", "鼓励光伏。")])
    rows = changes.compare_lists(old, new)
    assert sorted(zip(rows.unit_code, rows.change, rows.requirement_id)) == [
        ("U1", "changed", "a1"),
        ("U1", "removed", "a2"),
        ("U2", "added", "b1"),
    ]


def test_identical_versions_have_no_changes():
    result = changes.compare(version_one(), version_one())
    assert result.changes.empty
    assert (result.summary["gained_km2"] == 0).all()


def test_report_names_every_change():
    result = changes.compare(version_one(), version_two())
    page = changes.report_html(result, header_rows=[["版本", "v2"]])
    for label in ("边界调整", "新增单元", "单元合并", "需论证", "分类转移矩阵", "ZH99010220001"):
        assert label in page
