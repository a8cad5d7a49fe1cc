"""Scales, layer titles, names and attribute vocabularies of the generated data."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

ZONE39_EPSG = 4527  # CGCS2000 / 3-degree Gauss-Kruger zone 39 (easting with zone prefix)


GEOGRAPHIC_EPSG = 4490  # CGCS2000 geographic


CENTRE_LON, CENTRE_LAT = 117.0, 30.6


PROVINCE_PREFIX = "99"  # not assigned to any real province


DEFAULT_SEED = 20261123


GPKG_DATE = "2026-01-01T00:00:00.000Z"  # fixed gpkg_contents.last_change: reproducible files


_PI2 = 2.0 * math.pi


@dataclass
class Layer:
    name: str  # table name in the gpkg (ASCII)
    title: str  # Chinese display name (the gpkg identifier)
    frame: pd.DataFrame  # "geometry" (shapely) + attribute columns
    epsg: int
    geometry_type: str  # "MultiPolygon" | "MultiLineString" | "Point" | "LineString" | "Polygon"


@dataclass(frozen=True)
class Scale:
    counties: int
    area_km2: float
    townships: int
    prefectures: int
    red_line: int  # features, river corridors and the null geometry included
    reserves: int
    water_sources: int  # each gives a 一级 and a 二级 polygon
    parks: int
    farmland: int
    projects: int
    main_rivers: int  # the trunk river + long rivers flowing into it
    tributaries: int
    parcel_size: float = 1.0  # farmland parcel side factor (smaller where space is short)


SCALES: dict[str, Scale] = {
    "sample": Scale(3, 6000, 25, 1, 60, 8, 3, 5, 2000, 13, 1, 7),
    "county": Scale(1, 2000, 9, 1, 20, 3, 1, 2, 700, 6, 1, 3),
    "city": Scale(10, 20000, 100, 1, 250, 25, 10, 17, 7000, 30, 2, 30),
    "province": Scale(100, 200000, 1500, 12, 50000, 250, 100, 300, 200000, 100, 6, 250, 0.8),
}


LAYER_TITLES = {
    "county": "区县",
    "township": "乡镇街道",
    "red_line": "生态保护红线",
    "nature_reserve": "自然保护地",
    "water_source": "饮用水水源保护区",
    "park": "产业园区",
    "urban_boundary": "城镇开发边界",
    "key_air": "大气环境重点管控区",
    "farmland": "永久基本农田",
    "river": "河流",
    "project_point": "建设项目（点）",
    "project_line": "建设项目（线）",
    "project_polygon": "建设项目（面）",
}


_NAME_A = (
    "澄岚枫翠芷蘅霁棠黛芸栎桐槐柳杉樟梓榆荷菱蒲苇兰蕙茗竹松梅杏桂泉溪潭鹤鹭雁凤"
    "云霞晴丰安宁兴康瑞永明青金玉禾稻麦桑茶橘枣桃莲芦荻萍沙石岩峪谷洼渚沅沣渌"
)


_NAME_B = "川渡湄屿汀埠原泽坪洲湾畈垭塬桥口集店铺庄塘岗坝冲港源林亭阳圩墩堡营屯"


_COUNTY_A = "澄枫翠岚芷蘅霁黛栎桐梓榆菱蒲蕙茗杉樟槐鹭"


_COUNTY_B = "湖渡岭川汀湄屿原泽坪洲湾阳源丘陵浦"


_MOUNTAIN_SUFFIX = ("山", "岭", "峰", "尖", "顶山", "寨山")


_RIVER_SUFFIX = ("河", "溪", "港", "水")


SAMPLE_CITY = "岚溪市"


SAMPLE_DISTRICTS = ("澄湖区", "枫渡区")


SAMPLE_COUNTIES = ("翠岭县",)


SAMPLE_TRUNK_RIVER = "岚江"


RED_LINE_TYPES = ("水源涵养", "生物多样性维护", "水土保持")


RED_LINE_RIVER_TYPE = "河湖岸线"


RESERVE_TYPES = ("自然保护区", "森林公园", "风景名胜区", "地质公园")


RESERVE_TYPE_WEIGHTS = (0.4, 0.3, 0.2, 0.1)


RESERVE_LEVELS = ("国家级", "省级", "市县级")


PARK_FIRST_TYPES = ("经济开发区", "高新技术产业开发区", "工业园区")


PARK_OTHER_TYPES = (
    "化工园区",
    "医药产业园",
    "循环经济产业园",
    "冶金产业园",
    "新能源产业园",
    "食品产业园",
)


PARK_INDUSTRIES = {  # type -> (主导产业, GB/T 4754-2017 divisions)
    "经济开发区": ("装备制造、电子信息、新材料", "34,35,39"),
    "高新技术产业开发区": ("电子信息、生物医药、新能源", "39,27,38"),
    "工业园区": ("纺织服装、农副食品加工、金属制品", "17,18,13,33"),
    "化工园区": ("石油化工、精细化工、化工新材料", "25,26"),
    "医药产业园": ("化学药品、中药、生物药品制造", "27"),
    "循环经济产业园": ("新型建材、再生资源利用", "30,42"),
    "冶金产业园": ("钢压延加工、有色金属压延加工", "31,32"),
    "新能源产业园": ("锂离子电池、光伏设备及元器件", "38,39"),
    "食品产业园": ("农副食品加工、食品制造", "13,14,15"),
}


HIGH_EMISSION_PARKS = ("化工园区", "冶金产业园", "循环经济产业园")


PROJECT_TEMPLATES = (
    (
        "point",
        "park:化工园区",
        "{park}年产10万吨有机化学原料项目",
        "2614",
        "有机化学原料制造",
        "{short}润川化工有限公司",
    ),
    (
        "line",
        "pipeline",
        "{city}天然气输气管道工程",
        "5720",
        "陆地管道运输",
        "{city}燃气管网有限公司",
    ),
    (
        "polygon",
        "red_line",
        "{short}{mountain}煤矿开采项目",
        "0610",
        "烟煤和无烟煤开采洗选",
        "{short}恒远煤业有限责任公司",
    ),
    (
        "line",
        "road_outside",
        "S{num}省道{short}段改扩建工程",
        "4812",
        "公路工程建筑",
        "{short}交通投资集团有限公司",
    ),
    (
        "polygon",
        "park",
        "{park}原料药生产基地",
        "2710",
        "化学药品原料药制造",
        "{short}康源药业有限公司",
    ),
    (
        "point",
        "water",
        "{short}第二水厂扩建工程",
        "4610",
        "自来水生产和供应",
        "{short}水务集团有限公司",
    ),
    (
        "point",
        "park",
        "{park}电镀集中加工区建设项目",
        "3360",
        "金属表面处理及热处理加工",
        "{short}精工表面处理有限公司",
    ),
    (
        "polygon",
        "urban",
        "{short}城市综合管理设施提升工程",
        "7810",
        "市政设施管理",
        "{short}城市建设投资有限公司",
    ),
    (
        "point",
        "general",
        "{short}水泥熟料生产线技术改造项目",
        "3011",
        "水泥制造",
        "{short}岩峰建材有限公司",
    ),
    (
        "polygon",
        "park_edge",
        "{short}精品钢材深加工项目",
        "3130",
        "钢压延加工",
        "{short}瑞丰钢铁有限公司",
    ),
    ("point", "park", "{park}2×350MW燃煤发电项目", "4411", "火力发电", "{short}能源投资有限公司"),
    (
        "line",
        "local_road",
        "{short}{town}至{town2}公路提升工程",
        "4812",
        "公路工程建筑",
        "{short}公路建设有限公司",
    ),
    (
        "point",
        "park:化工园区",
        "{park}200万吨/年原油加工项目",
        "2511",
        "原油加工及石油制品制造",
        "{short}嘉泰石化有限公司",
    ),
)


_PHASES = "二三四五六七八九十"
