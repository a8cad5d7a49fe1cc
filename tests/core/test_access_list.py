import pandas as pd
import shapely

from plugin.core import access as al
from plugin.core import schema


def _req(
    rid, level, code, text, class_filter=0, status="有效", order=None, dimension="空间布局约束"
):
    return {
        schema.REQ_ID: rid,
        schema.REQ_SCOPE_LEVEL: level,
        schema.REQ_SCOPE_CODE: code,
        schema.REQ_CLASS_FILTER: class_filter,
        schema.REQ_DIMENSION: dimension,
        schema.REQ_TEXT: text,
        schema.REQ_KIND: "禁止",
        schema.REQ_STATUS: status,
        schema.REQ_ORDER: order,
    }


REQUIREMENTS = pd.DataFrame(
    [
        _req("U1", "单元", "ZH44060620002", "单元条款"),
        _req("P1", "省级", "440000", "全省条款"),
        _req("P2", "省级", "440000", "全省重点单元条款", class_filter=2),
        _req("P3", "省级", "440000", "已废止", status="废止"),
        _req("R1", "区域", "珠江流域", "流域条款"),
        _req("C1", "市级", "440600", "市级条款"),
        _req("C2", "市级", "450100", "别的市"),
        _req("K1", "分类", "440600", "市级重点管控单元要求", class_filter=2),
        _req("K2", "分类", "440600", "市级一般管控单元要求", class_filter=3),
        _req("X1", "县级", "440606", "县级条款"),
        _req("U2", "单元", "ZH44060620003", "别的单元"),
    ]
)


def test_effective_list_is_layered_and_ordered():
    scope = al.UnitScope("ZH44060620002", 2, "440606", frozenset({"珠江流域"}))
    ids = al.effective_requirements(REQUIREMENTS, scope)[schema.REQ_ID].tolist()
    assert ids == ["P1", "P2", "R1", "C1", "X1", "K1", "U1"]


def test_class_filters_and_regions_limit_rows():
    general = al.UnitScope("ZH44060630001", 3, "440606")
    ids = al.effective_requirements(REQUIREMENTS, general)[schema.REQ_ID].tolist()
    assert ids == ["P1", "C1", "X1", "K2"]


def test_regions_by_membership_and_geometry():
    regions = pd.DataFrame(
        {
            al.REGION_ID: ["珠江流域", "黄河1公里"],
            al.REGION_NAME: ["珠江流域", "黄河干流岸线1公里"],
            al.REGION_MEMBERS: ["440606，440607", None],
            "geometry": [None, shapely.box(0, 0, 10, 10)],
        }
    )
    assert al.regions_by_membership(regions, "ZH44060620002", "440606") == {"珠江流域"}
    assert al.regions_by_membership(regions, "ZH44070120002", "440701") == set()
    assert al.regions_by_geometry(regions, shapely.Point(5, 5)) == {"黄河1公里"}
    assert al.regions_by_geometry(regions, shapely.Point(50, 5)) == set()


def test_split_codes_accepts_chinese_separators():
    assert al.split_codes("26, 2614；C、0610") == ["26", "2614", "C", "0610"]
    assert al.split_codes(None) == [] and al.split_codes(float("nan")) == []
