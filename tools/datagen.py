"""Seeded, deterministic synthetic data for EcoZoning (生态环境分区管控).

Dev tool (not shipped in the plugin zip). ``generate(scale, seed)`` builds the input layers
of a FICTIONAL place: ``"sample"`` (the small city shipped with the plugin), ``"county"``,
``"city"`` (about ten counties) or ``"province"`` (about a hundred counties, for
benchmarks); ``write_gpkg`` writes them to a GeoPackage through GDAL/OGR.

Everything is generated in metres in a local frame centred on 117.0°E 30.6°N and moved
into CGCS2000 / 3-degree Gauss-Kruger zone 39 (EPSG:4527, easting with the zone prefix) at
the end. The county layer and the project points are reprojected with osr to CGCS2000
geographic coordinates (EPSG:4490), as such data often arrives.

How it is built, in short:

* the outline is a noisy star-shaped polygon; counties are Voronoi cells (Lloyd-relaxed)
  of it, townships Voronoi cells of each county; every shared edge is then replaced once by
  a fractal line (so neighbours still share it exactly), and both tessellations are bent by
  a smooth displacement field (Lipschitz < 1, so they stay valid); the township layer gets
  a second small field on top, so its borders miss the county borders by a few metres to
  about ten metres (slivers), as when two sources are overlaid;
* a relief field (anisotropic Gaussian "mountain ranges") drives where the red line,
  nature reserves, reservoirs and rural townships are, and where farmland is not;
* red line, parks, reserves are noisy blobs (a few with holes, some multipart), kept
  disjoint within a layer by a greedy pass over an STRtree; the red line also holds river
  corridors; some parks are overlapped by red line on purpose (a realistic conflict);
* a small share of red-line and farmland features have invalid rings (bow-ties and
  self-touching rings), and the red line has one null geometry.

All names and codes are fictional: administrative codes use the unassigned province
prefix 99. Generated two-character names may still coincide with real place names
somewhere; the codes and geometry do not.
"""

from __future__ import annotations

import argparse
import math
import os
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from osgeo import gdal, ogr, osr
from shapely import ops

# --- constants -----------------------------------------------------------------

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

# --- names (fictional) -----------------------------------------------------------

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

# (geometry, placement, XMMC pattern, HYDM, HYMC, JSDW pattern); the order interleaves
# kinds so that the first few cover points, lines and polygons.
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


# --- small helpers -----------------------------------------------------------------


def _rng(seed: int, scale: str, part: str) -> np.random.Generator:
    """One independent stream per component: changing one part leaves the others alone."""
    return np.random.default_rng([int(seed), zlib.crc32(scale.encode()), zlib.crc32(part.encode())])


def _alloc(total: int, weights, minimum: int = 0) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    out = np.maximum(np.floor(raw).astype(int), minimum)
    frac = raw - np.floor(raw)
    while out.sum() < total:
        i = int(np.argmax(frac))
        out[i] += 1
        frac[i] = -1.0 if frac.max() > -1 else frac[i]
        if (frac < 0).all():
            frac = raw - np.floor(raw)
    while out.sum() > total:
        over = np.flatnonzero(out > minimum)
        out[over[np.argmax(out[over])]] -= 1
    return out


def _names(rng, n: int, first: str, second, suffix: str = "", taken=()) -> list[str]:
    """``n`` distinct names first-char + second (+ suffix), none of them in ``taken``."""
    taken = set(taken)
    combos = [a + b for a in first for b in second if a != b and a + b + suffix not in taken]
    if n > len(combos):
        raise ValueError(f"name pool too small: {n} > {len(combos)}")
    pick = rng.choice(len(combos), size=n, replace=False)
    return [combos[i] + suffix for i in pick]


def _short(name: str) -> str:
    for suffix in ("区", "县", "市"):
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


def _explode(geoms) -> tuple[np.ndarray, np.ndarray]:
    """All single parts of ``geoms`` (collections flattened), with the input index."""
    geoms = np.asarray(geoms, dtype=object)
    parts, idx = shapely.get_parts(geoms, return_index=True)
    while True:
        multi = np.isin(shapely.get_type_id(parts), (4, 5, 6, 7))
        if not multi.any():
            return parts, idx
        sub, sub_idx = shapely.get_parts(parts[multi], return_index=True)
        parts = np.concatenate([parts[~multi], sub])
        idx = np.concatenate([idx[~multi], idx[multi][sub_idx]])
        order = np.argsort(idx, kind="stable")
        parts, idx = parts[order], idx[order]


def _multi(geoms, kind: str = "polygon", min_size: float = 0.0) -> np.ndarray:
    """Each geometry as a MultiPolygon / MultiLineString of its parts of that kind.

    Null input and input with no part of the kind left give None.
    """
    geoms = np.asarray(geoms, dtype=object)
    out = np.full(len(geoms), None, dtype=object)
    present = np.flatnonzero(~shapely.is_missing(geoms))
    if not len(present):
        return out
    parts, idx = _explode(geoms[present])
    if kind == "polygon":
        keep = shapely.get_type_id(parts) == 3
        if min_size:
            keep &= shapely.area(parts) >= min_size
    else:
        keep = shapely.get_type_id(parts) == 1
        if min_size:
            keep &= shapely.length(parts) >= min_size
    parts, idx = parts[keep], present[idx[keep]]
    build = shapely.multipolygons if kind == "polygon" else shapely.multilinestrings
    build(parts, indices=idx, out=out)
    return out


def _sample_in(rng, geom, n: int, weight=None) -> np.ndarray:
    """``n`` random points (n, 2) inside ``geom``, thinned by ``weight(xy)`` in [0, 1] if given."""
    if n <= 0:
        return np.zeros((0, 2))
    shapely.prepare(geom)
    x0, y0, x1, y1 = shapely.bounds(geom)
    share = max(shapely.area(geom) / max((x1 - x0) * (y1 - y0), 1.0), 0.05)
    found = []
    count = 0
    while count < n:
        m = int(max(64, 1.5 * (n - count) / share))
        xy = np.column_stack([rng.uniform(x0, x1, m), rng.uniform(y0, y1, m)])
        ok = shapely.contains_xy(geom, xy[:, 0], xy[:, 1])
        if weight is not None:
            ok &= rng.uniform(size=m) < weight(xy)
        xy = xy[ok]
        found.append(xy)
        count += len(xy)
    return np.concatenate(found)[:n]


def _star_coords(rng, centre, area, n_vert, rough, aspect, angle, harmonics) -> np.ndarray:
    """Closed rings (n, n_vert + 1, 2) of noisy star-shaped blobs with the given areas."""
    centre = np.atleast_2d(np.asarray(centre, dtype=float))
    n = len(centre)
    area = np.broadcast_to(np.asarray(area, dtype=float), (n,))
    rough = np.broadcast_to(np.asarray(rough, dtype=float), (n,))
    aspect = np.broadcast_to(np.asarray(aspect, dtype=float), (n,))
    angle = np.broadcast_to(np.asarray(angle, dtype=float), (n,))
    theta = np.linspace(0.0, _PI2, n_vert, endpoint=False)
    ks = np.arange(2, harmonics + 1)
    amp = rng.normal(size=(n, len(ks))) * ks**-1.2
    amp *= (rough / np.maximum(np.abs(amp).sum(axis=1), 1e-9))[:, None]
    phase = rng.uniform(0.0, _PI2, size=(n, len(ks)))
    r = np.ones((n, n_vert))
    for j, k in enumerate(ks):
        r += amp[:, j, None] * np.cos(k * theta[None, :] + phase[:, j, None])
    r = np.maximum(r, 0.15)
    s = np.sqrt(aspect)[:, None]
    u = r * np.cos(theta) * s
    v = r * np.sin(theta) / s
    ca, sa = np.cos(angle)[:, None], np.sin(angle)[:, None]
    x = u * ca - v * sa
    y = u * sa + v * ca
    unit_area = 0.5 * np.abs((x * np.roll(y, -1, axis=1) - np.roll(x, -1, axis=1) * y).sum(axis=1))
    k = np.sqrt(area / unit_area)[:, None]
    coords = np.empty((n, n_vert + 1, 2))
    coords[:, :-1, 0] = x * k + centre[:, 0, None]
    coords[:, :-1, 1] = y * k + centre[:, 1, None]
    coords[:, -1] = coords[:, 0]
    return coords


def _blobs(rng, centre, area, *, n_vert=48, rough=(0.25, 0.5), aspect=(1.0, 2.0), harmonics=12):
    centre = np.atleast_2d(centre)
    n = len(centre)
    coords = _star_coords(
        rng,
        centre,
        area,
        n_vert,
        rng.uniform(*rough, n),
        rng.uniform(*aspect, n),
        rng.uniform(0, math.pi, n),
        harmonics,
    )
    return shapely.polygons(coords)


def _log_uniform(rng, lo, hi, n):
    return np.exp(rng.uniform(math.log(lo), math.log(hi), n))


def _clip(geoms, region) -> np.ndarray:
    """``geoms`` cut to ``region``; only those crossing its boundary go through an overlay."""
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    present = np.flatnonzero(~shapely.is_missing(geoms))
    tree = shapely.STRtree(geoms[present])
    cross = present[tree.query(region.boundary, predicate="intersects")]
    rest = np.setdiff1d(present, cross)
    rep = shapely.get_coordinates(shapely.point_on_surface(geoms[rest]))
    shapely.prepare(region)
    out[rest[~shapely.contains_xy(region, rep[:, 0], rep[:, 1])]] = None
    if len(cross):
        out[cross] = shapely.intersection(geoms[cross], region)
    return out


class _Greedy:
    """Greedily pick pairwise disjoint geometries from a candidate array, pass by pass."""

    def __init__(self, geoms, blocked=None):
        n = len(geoms)
        self.geoms = geoms
        self.tree = shapely.STRtree(geoms)
        a, b = self.tree.query(geoms, predicate="intersects")
        keep = a != b
        a, b = a[keep], b[keep]
        srt = np.argsort(a, kind="stable")
        self.nbr = b[srt]
        self.starts = np.searchsorted(a[srt], np.arange(n + 1))
        self.banned = np.zeros(n, dtype=bool) if blocked is None else blocked.copy()
        self.areas = shapely.area(geoms)

    def block_intersecting(self, geoms) -> None:
        self.banned[self.tree.query(geoms, predicate="intersects")[1]] = True

    def take(self, order, count: int | None = None, area: float | None = None) -> np.ndarray:
        """Visit ``order``, taking what is not banned, until ``count`` / ``area`` is reached."""
        taken = []
        total = 0.0
        for i in order:
            if (count is not None and len(taken) >= count) or (area is not None and total >= area):
                break
            if self.banned[i]:
                continue
            taken.append(i)
            self.banned[i] = True
            self.banned[self.nbr[self.starts[i] : self.starts[i + 1]]] = True
            total += self.areas[i]
        return np.asarray(taken, dtype=np.int64)


class _Warp:
    """A smooth displacement field x -> x + D(x), a sum of sine waves.

    The Lipschitz constant of D is at most ``gradient``; below 1 the map is one-to-one, so
    warped polygons stay valid and a tessellation stays a tessellation.
    """

    def __init__(self, rng, wavelengths, gradient: float, waves: int = 3):
        per = gradient / (len(wavelengths) * waves)
        ks, amps, phases = [], [], []
        for lam in wavelengths:
            for _ in range(waves):
                k = _PI2 / lam
                ang = rng.uniform(0, _PI2)
                ks.append((k * math.cos(ang), k * math.sin(ang)))
                d = rng.uniform(0, _PI2)
                amps.append((per / k * math.cos(d), per / k * math.sin(d)))
                phases.append(rng.uniform(0, _PI2))
        self.k = np.asarray(ks)
        self.a = np.asarray(amps)
        self.phi = np.asarray(phases)

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        out = np.array(xy, dtype=float, copy=True)
        step = 200_000
        for s in range(0, len(out), step):
            chunk = xy[s : s + step, :2]
            out[s : s + step, :2] += np.sin(chunk @ self.k.T + self.phi) @ self.a
        return out

    def geoms(self, geoms, densify: float | None = None):
        if densify:
            geoms = shapely.segmentize(geoms, densify)
        return shapely.transform(geoms, self)


class _Relief:
    """Mountain ranges: a sum of rotated anisotropic Gaussians in [0, 1], read from a grid."""

    def __init__(self, rng, outline, n: int):
        self.n = n
        self.centre = _sample_in(rng, outline, n)
        self.sig_long = rng.uniform(6e3, 18e3, n)
        self.sig_short = self.sig_long * rng.uniform(0.25, 0.5, n)
        self.angle = rng.uniform(0, math.pi, n)
        self.weight = rng.uniform(0.6, 1.0, n)
        x0, y0, x1, y1 = shapely.bounds(outline)
        self.res = max(250.0, math.sqrt((x1 - x0) * (y1 - y0)) / 700)
        self.x0, self.y0 = x0 - 2 * self.res, y0 - 2 * self.res
        nx = int((x1 - self.x0) / self.res) + 3
        ny = int((y1 - self.y0) / self.res) + 3
        gx = self.x0 + self.res * np.arange(nx)
        gy = self.y0 + self.res * np.arange(ny)
        grid = np.zeros((ny, nx))
        for c, sl, ss, a, w in zip(
            self.centre, self.sig_long, self.sig_short, self.angle, self.weight
        ):
            ix = slice(max(0, int((c[0] - 4 * sl - self.x0) / self.res)), None)
            iy = slice(max(0, int((c[1] - 4 * sl - self.y0) / self.res)), None)
            ix = slice(ix.start, min(nx, int((c[0] + 4 * sl - self.x0) / self.res) + 1))
            iy = slice(iy.start, min(ny, int((c[1] + 4 * sl - self.y0) / self.res) + 1))
            dx = gx[ix][None, :] - c[0]
            dy = gy[iy][:, None] - c[1]
            u = dx * math.cos(a) + dy * math.sin(a)
            v = -dx * math.sin(a) + dy * math.cos(a)
            grid[iy, ix] += w * np.exp(-0.5 * ((u / sl) ** 2 + (v / ss) ** 2))
        self.grid = np.clip(grid, 0.0, 1.0)

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        xy = np.atleast_2d(xy)
        ix = np.clip(
            ((xy[:, 0] - self.x0) / self.res).round().astype(int), 0, self.grid.shape[1] - 1
        )
        iy = np.clip(
            ((xy[:, 1] - self.y0) / self.res).round().astype(int), 0, self.grid.shape[0] - 1
        )
        return self.grid[iy, ix]

    def nearest(self, xy: np.ndarray) -> np.ndarray:
        """Index of the nearest range centre for each point."""
        xy = np.atleast_2d(xy)
        out = np.empty(len(xy), dtype=np.int64)
        for s in range(0, len(xy), 20_000):
            d = ((xy[s : s + 20_000, None, :] - self.centre[None, :, :]) ** 2).sum(axis=2)
            out[s : s + 20_000] = d.argmin(axis=1)
        return out


def _voronoi(seeds: np.ndarray, region) -> np.ndarray:
    if len(seeds) == 1:
        return np.array([region], dtype=object)
    coll = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=region, ordered=True)
    cells = shapely.get_parts(coll)
    return shapely.intersection(cells, region)


def _lloyd(seeds: np.ndarray, region, iterations: int) -> tuple[np.ndarray, np.ndarray]:
    shapely.prepare(region)
    cells = _voronoi(seeds, region)
    for _ in range(iterations):
        c = shapely.centroid(cells)
        outside = ~shapely.contains_xy(region, *shapely.get_coordinates(c).T)
        if outside.any():
            c[outside] = shapely.point_on_surface(cells[outside])
        seeds = shapely.get_coordinates(c)
        cells = _voronoi(seeds, region)
    return seeds, cells


def _fractal_coords(rng, coords: np.ndarray, rel_amp: float, spacing: float) -> np.ndarray:
    """Displace a polyline sideways by a Brownian-bridge-like Fourier series (ends fixed)."""
    seg = np.hypot(*np.diff(coords, axis=0).T)
    length = seg.sum()
    if len(coords) < 4 or length < 4 * spacing:
        return coords
    t = np.concatenate([[0.0], np.cumsum(seg)]) / length
    j = np.arange(1, max(2, min(int(length / (2 * spacing)), 64)) + 1)
    a = rng.normal(size=len(j)) * rel_amp * min(length, 15e3) / j
    off = np.sin(math.pi * np.outer(t, j)) @ a
    off *= np.clip(np.minimum(t, 1 - t) * 8, 0, 1)
    tang = np.gradient(coords, axis=0)
    tang /= np.maximum(np.hypot(*tang.T), 1e-12)[:, None]
    return coords + off[:, None] * np.column_stack([-tang[:, 1], tang[:, 0]])


def _fractal_tessellation(rng, cells, seeds, rel_amp: float, spacing: float, fixed=None):
    """The tessellation ``cells`` with natural-looking borders.

    Every shared edge (between junctions) is densified and displaced once, so neighbours
    keep sharing it exactly; edges on ``fixed`` (a boundary line) are left as they are.
    ``seeds`` (one point inside each cell, far from its border) say which face is whose.
    """
    edges = shapely.get_parts(shapely.line_merge(shapely.union_all(shapely.boundary(cells))))
    mid = shapely.line_interpolate_point(edges, 0.5, normalized=True)
    keep = shapely.dwithin(mid, fixed, 0.01) if fixed is not None else np.zeros(len(edges), bool)
    coords, idx = shapely.get_coordinates(shapely.segmentize(edges, spacing), return_index=True)
    bounds = np.searchsorted(idx, np.arange(len(edges) + 1))
    lines = []
    for e in range(len(edges)):
        c = coords[bounds[e] : bounds[e + 1]]
        lines.append(c if keep[e] else _fractal_coords(rng, c, rel_amp, spacing))
    lines = np.array([shapely.linestrings(c) for c in lines], dtype=object)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(lines))))
    owner = np.full(len(faces), -1)
    si, fi = shapely.STRtree(faces).query(shapely.points(seeds), predicate="within")
    owner[fi] = si
    if len(np.unique(fi)) != len(fi) or len(np.unique(si)) != len(cells):
        owner[:] = -1  # a seed crossed a border: fall back to overlaps for every face
    loose = np.flatnonzero(owner < 0)
    if len(loose):
        lf, lc = shapely.STRtree(cells).query(faces[loose], predicate="intersects")
        overlap = shapely.area(shapely.intersection(faces[loose][lf], cells[lc]))
        best = np.full(len(loose), -1.0)
        for f, c, o in zip(lf, lc, overlap):
            if o > best[f]:
                best[f], owner[loose[f]] = o, c
    out = np.empty(len(cells), dtype=object)
    for k in range(len(cells)):
        mine = faces[owner == k]
        out[k] = mine[0] if len(mine) == 1 else shapely.union_all(mine)
    return out


def _meander(rng, start, end, spacing=200.0, wiggle=0.03, terms=24) -> np.ndarray:
    """A smooth meandering polyline (m, 2) from ``start`` to ``end``."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    d = end - start
    length = float(np.hypot(*d))
    m = max(int(length / spacing), 8)
    t = np.linspace(0.0, 1.0, m)
    j = np.arange(1, terms + 1)
    amp = rng.normal(size=terms) * wiggle * length * j**-1.3
    offset = (amp[None, :] * np.sin(math.pi * j[None, :] * t[:, None])).sum(axis=1)
    perp = np.array([-d[1], d[0]]) / max(length, 1e-9)
    return start[None, :] + t[:, None] * d[None, :] + offset[:, None] * perp[None, :]


def _polyline(rng, points, spacing=200.0, wiggle=0.02) -> np.ndarray:
    out = [points[0][None, :]]
    for p, q in zip(points[:-1], points[1:]):
        out.append(_meander(rng, p, q, spacing, wiggle, terms=8)[1:])
    return np.concatenate(out)


def _site(rng, centre, area, aspect=(1.0, 2.0)) -> shapely.Polygon:
    """A jittered rectangle: a construction site or mine."""
    w = math.sqrt(area * rng.uniform(*aspect))
    h = area / w
    a = rng.uniform(0, math.pi)
    u = np.array([-0.5, 0.5, 0.5, -0.5]) * w * (1 + rng.uniform(-0.1, 0.1, 4))
    v = np.array([-0.5, -0.5, 0.5, 0.5]) * h * (1 + rng.uniform(-0.1, 0.1, 4))
    x = centre[0] + u * math.cos(a) - v * math.sin(a)
    y = centre[1] + u * math.sin(a) + v * math.cos(a)
    return shapely.Polygon(np.column_stack([x, y]))


def _corrupt(geom, kind: int, rng) -> shapely.Geometry:
    """Make one polygon part invalid: 0 -> bow-tie, 1 -> self-touching ring (inverted hole)."""
    parts = list(shapely.get_parts(geom))
    p = parts[0]
    ring = shapely.get_coordinates(p.exterior)[:-1]
    n = len(ring)
    for _ in range(20):
        i = int(rng.integers(1, n - 3))
        if kind == 0:
            new = ring.copy()
            new[[i, i + 2]] = new[[i + 2, i]]
        else:
            c = np.asarray(p.centroid.coords[0])
            a = ring[i] + 0.25 * (c - ring[i]) + 0.05 * (ring[i + 1] - ring[i])
            b = ring[i] + 0.25 * (c - ring[i]) - 0.05 * (ring[i + 1] - ring[i])
            new = np.concatenate([ring[: i + 1], [a, b, ring[i]], ring[i + 1 :]])
        holes = [shapely.get_coordinates(h) for h in p.interiors]
        cand = shapely.Polygon(np.vstack([new, new[:1]]), holes)
        if not cand.is_valid:
            parts[0] = cand
            return shapely.MultiPolygon(parts)
    return geom


# --- the generator -------------------------------------------------------------------


class _City:
    """Holds the state while one dataset is generated (local metre frame)."""

    def __init__(self, scale: str, seed: int):
        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")
        self.scale_name = scale
        self.s = SCALES[scale]
        self.seed = int(seed)
        self.timings: dict[str, float] = {}

    def rng(self, part: str) -> np.random.Generator:
        return _rng(self.seed, self.scale_name, part)

    # -- administrative layers -----------------------------------------------------

    def build_admin(self):
        s = self.s
        rng = self.rng("outline")
        area = s.area_km2 * 1e6
        coords = _star_coords(
            rng, [(0.0, 0.0)], [area], 720, [0.45], [1.2], [rng.uniform(0, math.pi)], 48
        )
        outline = shapely.polygons(coords)[0]
        county_size = math.sqrt(area / s.counties)
        self.warp = _Warp(rng, [1.5 * county_size, 0.5 * county_size], 0.5)
        self.warp_township = _Warp(rng, [6000.0, 2000.0], 0.05)
        self.warp_other = _Warp(rng, [8000.0, 2500.0], 0.06)

        # prefectures, then counties (Voronoi of Lloyd-relaxed seeds, natural borders)
        rng = self.rng("counties")
        pseeds, _ = _lloyd(_sample_in(rng, outline, s.prefectures), outline, 5)
        seeds, cells = _lloyd(_sample_in(rng, outline, s.counties), outline, 4)
        cells = _fractal_tessellation(self.rng("county_borders"), cells, seeds, 0.035, 100.0)
        outline = shapely.union_all(cells)
        self.outline_local = outline
        self.outline = self.warp.geoms(outline, 100.0)  # the county source's outline
        self.outline_other = self.warp_other.geoms(self.outline, 100.0)  # another source's
        shapely.prepare(self.outline)
        shapely.prepare(self.outline_other)
        self.relief = _Relief(self.rng("relief"), self.outline, max(2, round(s.area_km2 / 1500)))
        centroids = shapely.get_coordinates(shapely.point_on_surface(cells))
        pref_of = ((centroids[:, None, :] - pseeds[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        # prefecture codes run north to south, west to east
        porder = np.lexsort((pseeds[:, 0], -pseeds[:, 1]))
        prank = np.empty_like(porder)
        prank[porder] = np.arange(len(porder))

        county_rows = []  # (cell index, code, name, kind, seat xy local, prefecture, rank)
        pref_names = [SAMPLE_CITY] + _names(
            rng, s.prefectures - 1, _COUNTY_A, "州阳川宁安源", "市", taken={SAMPLE_CITY}
        )
        fixed = set(SAMPLE_DISTRICTS + SAMPLE_COUNTIES)
        gen_names = iter(
            _names(rng, s.counties + 8, _COUNTY_A, _COUNTY_B, taken={n[:-1] for n in fixed})
        )
        self.prefecture_names = {}
        for p in porder:
            members = np.flatnonzero(pref_of == p)
            if not len(members):
                continue
            pcode = f"{PROVINCE_PREFIX}{prank[p] + 1:02d}"
            self.prefecture_names[pcode] = pref_names[prank[p]]
            seat = pseeds[p]
            dist = shapely.distance(cells[members], shapely.points(seat))
            members = members[np.argsort(dist, kind="stable")]
            nc = len(members)
            n_d = 0 if nc == 1 else int(np.clip(round(nc * 0.3 + 1), 1, 4))
            if n_d >= 2:  # the city seat sits on the border of the two central districts
                shared = shapely.intersection(
                    cells[members[0]].boundary, cells[members[1]].boundary
                )
                if not shared.is_empty:
                    near = ops.nearest_points(shared, shapely.points(seat))[0]
                    seat = shapely.get_coordinates(near)[0]
            first_pref = prank[p] == 0
            for k, ci in enumerate(members):
                own_seat = seeds[ci]
                if not cells[ci].contains(shapely.points(own_seat)):
                    own_seat = shapely.get_coordinates(shapely.point_on_surface(cells[ci]))[0]
                if k < n_d:
                    code = f"{pcode}{k + 2:02d}"
                    name = SAMPLE_DISTRICTS[k] if first_pref and k < 2 else next(gen_names) + "区"
                    kind = "区"
                    cseat = seat if k < 2 else own_seat
                else:
                    j = k - n_d
                    is_city = nc >= 6 and k == nc - 1
                    code = f"{pcode}{81 if is_city else 21 + j:02d}"
                    kind = "市" if is_city else "县"
                    name = SAMPLE_COUNTIES[0] if first_pref and j == 0 else next(gen_names) + kind
                    cseat = own_seat
                county_rows.append((ci, code, name, kind, np.asarray(cseat, float), pcode, k))
        county_rows.sort(key=lambda r: r[1])
        self.county_cells_local = np.array([cells[r[0]] for r in county_rows], dtype=object)
        self.county_code = [r[1] for r in county_rows]
        self.county_name = [r[2] for r in county_rows]
        self.county_kind = [r[3] for r in county_rows]
        self.county_pref = [r[5] for r in county_rows]
        self.county_rank = [r[6] for r in county_rows]
        self.seat_local = np.array([r[4] for r in county_rows])
        self.seat = self.warp(self.seat_local)
        self.counties = self.warp.geoms(self.county_cells_local, 100.0)
        shapely.prepare(self.counties)
        self.county_tree = shapely.STRtree(self.counties)

        # townships: Voronoi cells inside each county
        rng = self.rng("townships")
        areas = shapely.area(self.county_cells_local)
        counts = _alloc(s.townships, areas, minimum=min(2, s.townships // s.counties))
        t_cells, t_seeds, t_county = [], [], []
        rng_b = self.rng("township_borders")
        for i, (cell, m) in enumerate(zip(self.county_cells_local, counts)):
            sd, tc = _lloyd(_sample_in(rng, cell, int(m)), cell, 2)
            if len(tc) > 1:
                tc = _fractal_tessellation(rng_b, tc, sd, 0.045, 80.0, fixed=cell.boundary)
            t_cells.extend(tc)
            t_seeds.append(sd)
            t_county.extend([i] * len(tc))
        t_cells = np.array(t_cells, dtype=object)
        t_seeds = np.concatenate(t_seeds)
        t_county = np.array(t_county)
        t_seeds_final = self.warp(t_seeds)
        hill = self.relief(t_seeds_final)
        names = _names(rng, len(t_cells), _NAME_A, _NAME_B)
        codes = []
        for i in range(len(self.counties)):
            idx = np.flatnonzero(t_county == i)
            d = shapely.distance(t_cells[idx], shapely.points(self.seat_local[i]))
            d2 = np.hypot(*(t_seeds[idx] - self.seat_local[i]).T)
            order = idx[np.lexsort((d2, d))]
            kind = self.county_kind[i]
            n_street = {"区": max(2, round(0.35 * len(idx))), "市": 2, "县": 1}[kind]
            n_street = min(n_street, len(idx))
            serial = {"街道": 0, "镇": 100, "乡": 200}
            for rank, t in enumerate(order):
                if rank < n_street:
                    suffix = "街道"
                elif hill[t] > 0.4 and kind != "区":
                    suffix = "乡"
                else:
                    suffix = "镇"
                serial[suffix] += 1
                codes.append((t, f"{self.county_code[i]}{serial[suffix]:03d}", names[t] + suffix))
        codes.sort(key=lambda r: r[1])
        tidx = np.array([c[0] for c in codes])
        self.township_local = t_cells[tidx]
        self.township_code = [c[1] for c in codes]
        self.township_name = [c[2] for c in codes]
        self.township_county = t_county[tidx]
        self.township_seed = t_seeds_final[tidx]
        self.townships = self.warp_township.geoms(self.warp.geoms(self.township_local, 100.0))

    def county_of(self, xy: np.ndarray) -> np.ndarray:
        """Index of the county holding each point (the nearest one for points outside)."""
        pts = shapely.points(np.atleast_2d(xy))
        out = np.full(len(pts), -1, dtype=np.int64)
        ci, pi = shapely.STRtree(pts).query(self.counties, predicate="contains")
        out[pi] = ci
        miss = np.flatnonzero(out < 0)
        if len(miss):
            _, ci = self.county_tree.query_nearest(pts[miss], all_matches=False)
            out[miss] = ci
        return out

    # -- rivers ------------------------------------------------------------------

    def build_rivers(self):
        s = self.s
        rng = self.rng("rivers")
        x0, y0, x1, y1 = shapely.bounds(self.outline)
        reach = 0.75 * math.hypot(x1 - x0, y1 - y0)
        # the trunk passes the first city's seat
        ang = rng.uniform(-0.5, 0.5)
        d = np.array([math.cos(ang), math.sin(ang)])
        p0 = self.seat[0] + np.array([-d[1], d[0]]) * rng.uniform(800, 2000)
        trunk = _meander(rng, p0 - d * reach, p0 + d * reach, 200.0, 0.03, 64)
        trunk += p0 - trunk[np.argmin(np.hypot(*(trunk - p0).T))]  # the city stays on its bank
        lines = [trunk]
        level = [0]
        # long rivers from the edge of the area into the trunk
        edge = shapely.get_coordinates(self.outline.boundary)
        trunk = shapely.linestrings(lines[0])
        for _ in range(s.main_rivers - 1):
            for _try in range(50):
                st = edge[rng.integers(len(edge))]
                if trunk.distance(shapely.points(st)) > 0.3 * reach:
                    break
            mouth = shapely.line_interpolate_point(trunk, trunk.project(shapely.points(st)))
            end = shapely.get_coordinates(mouth)[0]
            lines.append(_meander(rng, st + (st - end) * 0.05, end, 200.0, 0.05, 48))
            level.append(1)
        # tributaries: sources in the hills, mouths on the nearest river
        t = s.tributaries
        n2 = t // 3 if s.main_rivers > 1 else math.ceil(0.6 * t)
        for lvl, n in ((2, n2), (3, t - n2)):
            if n <= 0:
                continue
            geoms = np.array([shapely.linestrings(c) for c in lines], dtype=object)
            tree = shapely.STRtree(geoms)
            cand = _sample_in(
                rng, self.outline, 6 * n + 20, weight=lambda xy: 0.1 + 0.9 * self.relief(xy)
            )
            pts = shapely.points(cand)
            (_, ri), dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
            lo, hi = (6e3, 40e3) if lvl == 2 else (3e3, 20e3)
            ok = np.flatnonzero((dist > lo) & (dist < hi))
            chosen = []  # sources spread out
            spacing = 0.5 * math.sqrt(s.area_km2 * 1e6 / max(n, 1))
            for i in ok:
                if len(chosen) >= n:
                    break
                if chosen and np.min(np.hypot(*(cand[chosen] - cand[i]).T)) < spacing:
                    continue
                chosen.append(i)
            for i in chosen:
                g = geoms[ri[i]]
                loc = min(g.project(pts[i]) + rng.uniform(0, 0.2) * dist[i], g.length)
                end = shapely.get_coordinates(shapely.line_interpolate_point(g, loc))[0]
                lines.append(_meander(rng, cand[i], end, 150.0, 0.07, 32))
                level.append(lvl)
        self.river_lines = np.array([shapely.linestrings(c) for c in lines], dtype=object)
        self.river_level = np.array(level)
        stems = _names(rng, len(lines), _NAME_A, _NAME_B)
        suffix = rng.choice(len(_RIVER_SUFFIX), len(lines), p=(0.5, 0.25, 0.15, 0.1))
        names = [st + _RIVER_SUFFIX[k] for st, k in zip(stems, suffix)]
        big = self.scale_name in ("sample", "county", "city")
        names[0] = SAMPLE_TRUNK_RIVER if big else stems[0][0] + "江"
        for i in range(1, len(lines)):
            if level[i] == 1 and stems[i][0] + "江" not in names:
                names[i] = stems[i][0] + "江"
        self.river_name = names
        self.rivers = _multi(_clip(self.river_lines, self.outline_other), "line", 1.0)

    # -- urban boundary, parks ---------------------------------------------------------

    def build_urban(self):
        rng = self.rng("urban")
        nc = len(self.counties)
        parts, owner = [], []
        core_of = [None] * nc
        city_core = {}
        for i in range(nc):
            kind, pref, seat = self.county_kind[i], self.county_pref[i], self.seat[i]
            if kind == "区" and self.county_rank[i] < 2:  # the city core spans two districts
                if pref not in city_core:
                    city_core[pref] = _blobs(
                        rng,
                        seat,
                        rng.uniform(70e6, 110e6),
                        n_vert=128,
                        rough=(0.25, 0.4),
                        aspect=(1.0, 1.8),
                        harmonics=24,
                    )[0]
                    parts.append(city_core[pref])
                    owner.append(-1)
                core_of[i] = city_core[pref]
            else:
                lo, hi = {"区": (30e6, 50e6), "市": (30e6, 45e6), "县": (18e6, 35e6)}[kind]
                core_of[i] = _blobs(
                    rng,
                    seat,
                    rng.uniform(lo, hi),
                    n_vert=96,
                    rough=(0.25, 0.4),
                    aspect=(1.0, 1.8),
                    harmonics=20,
                )[0]
                parts.append(core_of[i])
                owner.append(-1)
            tw = np.flatnonzero(self.township_county == i)
            d = np.hypot(*(self.township_seed[tw] - seat).T)
            for t in tw[np.argsort(d)][1 : 1 + int(rng.integers(1, 4))]:
                parts.append(
                    _blobs(rng, self.township_seed[t], rng.uniform(2e6, 6e6), harmonics=10)[0]
                )
                owner.append(i)
        per_county = [[] for _ in range(nc)]
        for g, o in zip(parts, owner):
            if o >= 0:
                per_county[o].append(g)
            else:  # cores: every county they reach
                for c in self.county_tree.query(g, predicate="intersects"):
                    per_county[c].append(g)
        geoms = np.array([shapely.union_all(p) for p in per_county], dtype=object)
        self.urban = _multi(shapely.intersection(geoms, self.counties), "polygon", 1000.0)
        self.urban_core = np.array(core_of, dtype=object)

    def build_parks(self):
        s = self.s
        rng = self.rng("parks")
        nc = len(self.counties)
        weights = [1.6 if k == "区" else 1.0 for k in self.county_kind]
        quota = _alloc(s.parks, weights) if s.parks >= nc else np.zeros(nc, int)
        if s.parks < nc:
            quota[rng.choice(nc, s.parks, replace=False)] = 1
        # candidates around each county seat, round robin over counties, kept disjoint;
        # counties still short get another round, further out and with smaller parks
        taken_geoms, taken_county = [], []
        got = np.zeros(nc, int)
        for rnd in range(8):
            cand, cand_county, cand_rank = [], [], []
            for i in np.flatnonzero(got < quota):
                c_size = math.sqrt(shapely.area(self.counties[i]))
                m = 6 * int(quota[i] - got[i])
                r = rng.uniform(0.08, 0.3 + 0.08 * rnd, m) * c_size
                a = rng.uniform(0, _PI2, m)
                xy = self.seat[i] + np.column_stack([r * np.cos(a), r * np.sin(a)])
                if rnd >= 3:
                    xy = _sample_in(rng, self.counties[i], m)
                xy = xy[shapely.contains_xy(self.counties[i], xy[:, 0], xy[:, 1])]
                area = _log_uniform(rng, 5e6, 30e6 * 0.8**rnd, len(xy))
                cand.extend(
                    _blobs(
                        rng, xy, area, n_vert=64, rough=(0.15, 0.3), aspect=(1.0, 2.2), harmonics=10
                    )
                )
                cand_county.extend([i] * len(xy))
                cand_rank.extend(range(len(xy)))
            if not cand:
                continue
            cand_county = np.array(cand_county)
            for k in np.lexsort((cand_county, np.array(cand_rank))):
                i = cand_county[k]
                if got[i] >= quota[i]:
                    continue
                if (
                    taken_geoms
                    and shapely.intersects(np.array(taken_geoms, dtype=object), cand[k]).any()
                ):
                    continue
                taken_geoms.append(cand[k])
                taken_county.append(i)
                got[i] += 1
        order = np.argsort(np.array(taken_county), kind="stable")
        geoms = [taken_geoms[k] for k in order]
        county = np.array(taken_county)[order]
        # some parks have a second site (一区多园)
        for j in range(len(geoms)):
            if rng.uniform() < 0.2:
                c = shapely.get_coordinates(geoms[j].centroid)[0]
                ang = rng.uniform(0, _PI2)
                off = c + rng.uniform(4e3, 7e3) * np.array([math.cos(ang), math.sin(ang)])
                extra = _blobs(rng, off, rng.uniform(1e6, 4e6), n_vert=40, harmonics=8)[0]
                if not shapely.intersects(np.array(geoms, dtype=object), extra).any():
                    geoms[j] = shapely.union(geoms[j], extra)
        geoms = np.array(geoms, dtype=object)
        geoms = shapely.intersection(geoms, self.counties[county])
        # names and industries
        names, levels, zdcy, hydm, types = [], [], [], [], []
        others = list(PARK_OTHER_TYPES)
        k_other = 0
        for j, i in enumerate(county):
            rank = int(np.sum(county[:j] == i))
            short = _short(self.county_name[i])
            if rank == 0:
                if self.county_kind[i] == "区":
                    ptype = PARK_FIRST_TYPES[int(self.county_code[i][-2:]) % 2]
                else:
                    ptype = PARK_FIRST_TYPES[0] if rng.uniform() < 0.6 else PARK_FIRST_TYPES[2]
            else:
                ptype = others[k_other % len(others)]
                k_other += 1
                if k_other % len(others) == 0:
                    rng.shuffle(others)
            name = short + ptype
            while name in names:
                name = short + _NAME_A[rng.integers(len(_NAME_A))] + ptype
            types.append(ptype)
            names.append(name)
            national = rng.uniform() < (0.5 if rank == 0 and self.county_kind[i] == "区" else 0.12)
            levels.append("国家级" if national else "省级")
            zdcy.append(PARK_INDUSTRIES[ptype][0])
            hydm.append(PARK_INDUSTRIES[ptype][1])
        self.parks = _multi(geoms, "polygon", 1000.0)
        self.park_county = county
        self.park_type = types
        self.park_attrs = {"YQMC": names, "YQJB": levels, "ZDCY": zdcy, "HYDM": hydm}

    # -- red line -------------------------------------------------------------------

    def build_red_line(self):
        s = self.s
        rng = self.rng("red_line")
        land = shapely.area(self.outline_other)
        target_area = 0.25 * land
        urban = self.urban[~shapely.is_missing(self.urban)]
        urban_all = shapely.union_all(urban)

        # river corridors: the trunk and long rivers (plus some tributaries), cut per county
        pick = self.river_level <= 1
        extra = np.flatnonzero(self.river_level >= 2)
        n_extra = round(0.1 * len(extra)) if self.scale_name != "sample" else 0
        pick[rng.choice(extra, n_extra, replace=False)] = True
        width = np.where(
            self.river_level <= 1,
            rng.uniform(250, 450, len(pick)),
            rng.uniform(120, 200, len(pick)),
        )
        idx = np.flatnonzero(pick)
        buf = shapely.buffer(self.river_lines[idx], width[idx], quad_segs=4)
        buf = shapely.difference(_clip(buf, self.outline_other), urban_all)
        ri, ci = self.county_tree.query(buf, predicate="intersects")
        pieces = shapely.intersection(buf[ri], self.counties[ci])
        keep = shapely.area(pieces) > 0.05e6
        corr = pieces[keep]
        corr_river = idx[ri[keep]]
        corr_area = float(shapely.area(corr).sum())

        # blob candidates: big ones carry the area, small ones the count
        big_lo, big_hi, small_lo, small_hi = 3e6, 250e6, 0.02e6, 1.5e6
        mean_big = (big_hi - big_lo) / math.log(big_hi / big_lo)
        mean_small = (small_hi - small_lo) / math.log(small_hi / small_lo)
        n_big_guess = max((target_area - corr_area) / mean_big, 1.0)
        n_small_est = max(s.red_line - len(corr) - 1 - n_big_guess, 2)
        big_target = max(target_area - corr_area - n_small_est * mean_small, 0.4 * target_area)
        n_big_cand = int(8 * big_target / mean_big) + 50
        n_small_cand = int(1.6 * n_small_est) + 40

        # forced conflicts: blobs on the outer edge of a few parks
        n_forced = min(max(1, round(0.2 * s.parks)), len(self.parks))
        forced_xy = []
        for p in rng.choice(len(self.parks), n_forced, replace=False):
            part = shapely.get_parts(self.parks[p])[0]
            ring = shapely.get_coordinates(shapely.get_exterior_ring(part))
            seat = self.seat[self.park_county[p]]
            forced_xy.append(ring[np.argmax(np.hypot(*(ring - seat).T))])
        forced = _blobs(
            rng, np.array(forced_xy), rng.uniform(3e6, 8e6, n_forced), n_vert=64, harmonics=14
        )
        big = _blobs(
            rng,
            _sample_in(
                rng, self.outline, n_big_cand, lambda xy: 0.03 + 0.97 * self.relief(xy) ** 1.5
            ),
            _log_uniform(rng, big_lo, big_hi, n_big_cand),
            n_vert=96,
            rough=(0.35, 0.6),
            aspect=(1.0, 2.6),
            harmonics=24,
        )

        def small_blobs(m, hills=True):
            weight = (lambda xy: 0.15 + 0.85 * self.relief(xy)) if hills else None
            return _blobs(
                rng,
                _sample_in(rng, self.outline, m, weight),
                _log_uniform(rng, small_lo, small_hi, m),
                n_vert=24,
                rough=(0.2, 0.45),
                aspect=(1.0, 2.0),
                harmonics=6,
            )

        def usable(geoms):
            geoms = _clip(geoms, self.outline_other)
            ok = ~shapely.is_missing(geoms)
            ok[ok] = shapely.area(geoms[ok]) > 1000.0
            geoms = _multi(geoms, "polygon", 1.0)
            ok &= ~shapely.is_missing(geoms)
            geoms[~ok] = shapely.Polygon()
            return geoms, ok

        small = small_blobs(n_small_cand)
        nf, nb = len(forced), len(big)
        cand, ok = usable(np.concatenate([forced, big, small]))
        greedy = _Greedy(cand)
        greedy.banned |= ~ok
        parks = self.parks[~shapely.is_missing(self.parks)]
        greedy.block_intersecting(np.concatenate([urban, parks]))
        greedy.banned[:nf] = ~ok[:nf]
        t_forced = greedy.take(np.arange(nf))
        bias = shapely.area(cand[nf : nf + nb]) * rng.uniform(0.1, 1.0, nb)  # larger ones first
        t_big = greedy.take(nf + np.argsort(-bias, kind="stable"), area=big_target)
        big_geoms = list(cand[np.concatenate([t_forced, t_big])])
        # corridors fill in around the big blobs; small blobs keep clear of both
        bt = shapely.STRtree(np.array(big_geoms, dtype=object))
        ci, bi = bt.query(corr, predicate="intersects")
        corr = corr.copy()
        for k in np.unique(ci):
            corr[k] = shapely.difference(
                corr[k], shapely.union_all(np.array(big_geoms, dtype=object)[bi[ci == k]])
            )
        corr = _multi(corr, "polygon", 1.0)
        ok = ~shapely.is_missing(corr)
        ok[ok] = shapely.area(corr[ok]) > 0.05e6
        corr, corr_river = corr[ok], corr_river[ok]
        greedy.block_intersecting(corr)
        n_group = round(0.08 * len(t_big)) if len(t_big) >= 5 else 0
        n_small = max(s.red_line - len(big_geoms) - len(corr) - 1, 0) + n_group
        t_small = greedy.take(nf + nb + rng.permutation(len(small)), count=n_small)
        small_geoms = cand[t_small]
        for attempt in range(8):  # the hills are full: look for room elsewhere
            short = n_small - len(small_geoms)
            if short <= 0:
                break
            more, ok = usable(small_blobs(3 * short + 100, hills=attempt == 0))
            g2 = _Greedy(more)
            g2.banned |= ~ok
            g2.block_intersecting(
                np.concatenate([urban, parks, np.array(big_geoms, dtype=object), corr, small_geoms])
            )
            small_geoms = np.concatenate(
                [small_geoms, more[g2.take(np.arange(len(more)), count=short)]]
            )
        # enclaves (holes) in some big blobs
        for j in range(len(t_forced), len(big_geoms)):
            g = big_geoms[j]
            if rng.uniform() < 0.12 and g.area > 10e6 and shapely.get_num_geometries(g) == 1:
                g = shapely.get_parts(g)[0]
                c = np.asarray(g.centroid.coords[0])
                r = math.sqrt(g.area / math.pi)
                nh = int(rng.integers(1, 3))
                hc = c + np.array([[0.0, 0.0], [0.3, 0.1]])[:nh] * r
                hp = shapely.polygons(
                    _star_coords(
                        rng, hc, rng.uniform(0.004, 0.012, nh) * g.area, 24, 0.3, 1.3, 0.0, 6
                    )
                )
                if shapely.contains(g, hp).all() and not (nh == 2 and hp[0].intersects(hp[1])):
                    big_geoms[j] = shapely.Polygon(g.exterior, [h.exterior for h in hp])
        # a few small blobs join the nearest big feature (multipart red line)
        joined = np.zeros(len(small_geoms), bool)
        if n_group and len(small_geoms):
            btree = shapely.STRtree(np.array(big_geoms, dtype=object))
            sub = small_geoms[: 20 * n_group]
            (si, bi), dist = btree.query_nearest(
                sub, max_distance=5e3, return_distance=True, all_matches=False
            )
            for k in np.argsort(dist, kind="stable")[:n_group]:
                big_geoms[bi[k]] = shapely.union(big_geoms[bi[k]], small_geoms[si[k]])
                joined[si[k]] = True
        blob_geoms = np.array(big_geoms + list(small_geoms[~joined]), dtype=object)
        n_bigf = len(big_geoms)
        geoms = _multi(np.concatenate([blob_geoms, corr]), "polygon", 1.0)
        is_big = np.zeros(len(geoms), bool)
        is_big[:n_bigf] = True
        river_of = np.concatenate([np.full(len(blob_geoms), -1), corr_river])
        ok = ~shapely.is_missing(geoms)
        geoms, is_big, river_of = geoms[ok], is_big[ok], river_of[ok]
        self.red_line_clean = geoms
        self.red_big = geoms[is_big]
        self.red_big_forced = len(t_forced)
        # one record lost its geometry (it is counted in s.red_line)
        null_pos = int(rng.integers(len(geoms)))
        geoms = np.insert(geoms, null_pos, None)
        is_big = np.insert(is_big, null_pos, False)
        river_of = np.insert(river_of, null_pos, -1)

        # attributes: HXBH = HX + county code + serial
        rep_src = geoms.copy()
        rep_src[null_pos] = self.red_line_clean[min(null_pos, len(self.red_line_clean) - 1)]
        rep = shapely.get_coordinates(shapely.point_on_surface(rep_src))
        county = self.county_of(rep)
        near = self.relief.nearest(rep)
        range_type = rng.integers(0, len(RED_LINE_TYPES), self.relief.n)
        small_type = rng.choice(len(RED_LINE_TYPES), len(geoms), p=(0.4, 0.3, 0.3))
        order = np.lexsort((rep[:, 0], county))
        codes, names, types = [None] * len(geoms), [None] * len(geoms), [None] * len(geoms)
        serial: dict[str, int] = {}
        for j in order:
            cc = self.county_code[county[j]]
            serial[cc] = serial.get(cc, 0) + 1
            codes[j] = f"HX{cc}{serial[cc]:04d}"
            if river_of[j] >= 0:
                t, base = RED_LINE_RIVER_TYPE, self.river_name[river_of[j]]
            else:
                t = RED_LINE_TYPES[range_type[near[j]] if is_big[j] else small_type[j]]
                base = self.mountain_name[near[j]]
            types[j] = t
            names[j] = f"{base}{t}生态保护红线"
        fo = np.argsort(np.array(codes), kind="stable")
        geoms = geoms[fo].copy()
        self.red_line_attrs = {
            "HXBH": [codes[j] for j in fo],
            "HXMC": [names[j] for j in fo],
            "HXLX": [types[j] for j in fo],
        }
        # data problems: a few invalid rings, one null geometry
        n_bad = max(1, round(0.002 * len(geoms)))
        pool = np.flatnonzero(~shapely.is_missing(geoms))
        for k, j in enumerate(rng.choice(pool, n_bad, replace=False)):
            geoms[j] = _corrupt(geoms[j], k % 2, rng)
        self.red_line = geoms

    # -- nature reserves, water sources ------------------------------------------------

    def build_reserves(self):
        s = self.s
        rng = self.rng("reserves")
        big = self.red_big[self.red_big_forced :]
        areas = shapely.area(big)
        n_wet = 1 if s.reserves >= 4 else 0
        n_blob = s.reserves - n_wet
        order = np.argsort(-areas, kind="stable")
        top = order[: max(n_blob * 2, n_blob)]
        pick = np.sort(rng.choice(top, min(n_blob, len(top)), replace=False))
        while len(pick) < n_blob:  # small scales: reuse blobs
            pick = np.concatenate([pick, rng.choice(order, n_blob - len(pick))])
        centre = shapely.get_coordinates(shapely.point_on_surface(big[pick]))
        geoms = list(
            _blobs(
                rng,
                centre,
                np.clip(areas[pick] * rng.uniform(0.4, 1.1, len(pick)), 3e6, 400e6),
                n_vert=96,
                rough=(0.3, 0.5),
                aspect=(1.0, 2.0),
                harmonics=20,
            )
        )
        for j in range(len(geoms)):
            u = rng.uniform()
            if u < 0.12:  # a second part
                c = centre[j] + rng.uniform(-1, 1, 2) * math.sqrt(geoms[j].area)
                extra = _blobs(rng, c, 0.15 * geoms[j].area, n_vert=48, harmonics=10)[0]
                geoms[j] = shapely.union(geoms[j], extra)
            elif u < 0.25 and geoms[j].area > 8e6:  # an enclave
                hole = _blobs(rng, centre[j], 0.02 * geoms[j].area, n_vert=24, harmonics=6)[0]
                if geoms[j].contains(hole):
                    geoms[j] = shapely.Polygon(geoms[j].exterior, [hole.exterior])
        rtype = [
            RESERVE_TYPES[k]
            for k in rng.choice(len(RESERVE_TYPES), len(geoms), p=RESERVE_TYPE_WEIGHTS)
        ]
        base = [self.mountain_name[k] for k in self.relief.nearest(centre)]
        if n_wet:
            trunk = self.river_lines[0]
            inside = shapely.get_parts(shapely.intersection(trunk, self.outline_other))
            inside = inside[np.argmax(shapely.length(inside))]
            at = rng.uniform(0.2, 0.7) * inside.length
            stretch = ops.substring(inside, at, at + 8e3)
            geoms.append(shapely.buffer(stretch, 900, quad_segs=6))
            rtype.append("湿地公园")
            base.append(self.river_name[0])
        geoms = _clip(np.array(geoms, dtype=object), self.outline_other)
        levels = rng.choice(len(RESERVE_LEVELS), len(geoms), p=(0.25, 0.45, 0.3))
        names, jb = [], []
        for j in range(len(geoms)):
            lv = RESERVE_LEVELS[levels[j]]
            name = f"{base[j]}{lv if lv != '市县级' else ''}{rtype[j]}"
            while name in names:
                name = f"{base[j]}{_NAME_A[rng.integers(len(_NAME_A))]}{name[len(base[j]) :]}"
            names.append(name)
            jb.append(lv)
        self.reserves = _multi(geoms, "polygon", 1000.0)
        self.reserve_attrs = {"BHDMC": names, "BHDLX": rtype, "JB": jb}

    def build_water(self):
        s = self.s
        rng = self.rng("water")
        nc = len(self.counties)
        county = np.array([i % nc for i in range(s.water_sources)])
        if s.water_sources < nc:
            county = np.sort(rng.choice(nc, s.water_sources, replace=False))
        res_names = iter(_names(rng, s.water_sources, _NAME_A, _NAME_B))
        geoms, names, levels = [], [], []
        self.water_points = []
        for k, i in enumerate(county):
            reservoir = k % 3 == 2
            cname = self.county_name[i]
            if not reservoir:  # a river intake: the county's river stretch nearest its seat
                seat = shapely.points(self.seat[i])
                parts, ridx = _explode(shapely.intersection(self.river_lines, self.counties[i]))
                longer = shapely.length(parts) > 3e3
                if not longer.any():
                    reservoir = True
            if not reservoir:
                parts, ridx = parts[longer], ridx[longer]
                near = shapely.distance(parts, seat) - 0.2 * shapely.length(parts)
                k_best = int(np.argmin(near))
                line, r = parts[k_best], int(ridx[k_best])
                half = min(3500.0, line.length / 2)
                at = line.project(seat) + (-1) ** k * rng.uniform(3e3, 6e3)
                at = float(np.clip(at, half, line.length - half))
                first = shapely.buffer(
                    ops.substring(line, at - half / 3.5, at + half / 3.5),
                    rng.uniform(150, 250),
                    quad_segs=6,
                )
                second = shapely.buffer(
                    ops.substring(line, at - half, at + 0.7 * half),
                    rng.uniform(800, 1200),
                    quad_segs=6,
                )
                intake = shapely.get_coordinates(shapely.line_interpolate_point(line, at))
                tw = np.flatnonzero(self.township_county == i)
                t = int(tw[np.argmin(np.hypot(*(self.township_seed[tw] - intake).T))])
                town = (
                    self.township_name[t].removesuffix("街道").removesuffix("镇").removesuffix("乡")
                )
                title = f"{cname}{self.river_name[r]}{town}水厂饮用水水源保护区"
            else:  # a reservoir in the hills
                cell = self.counties[i]
                c = _sample_in(rng, cell, 1, weight=lambda xy: 0.05 + self.relief(xy))[0]
                lake = _blobs(
                    rng, c, rng.uniform(1e6, 4e6), n_vert=64, rough=(0.35, 0.55), harmonics=16
                )[0]
                first = shapely.buffer(lake, 200, quad_segs=6)
                second = _blobs(rng, c, 12 * lake.area, n_vert=64, rough=(0.2, 0.35), harmonics=12)[
                    0
                ]
                second = shapely.union(second, shapely.buffer(lake, 1500, quad_segs=6))
                title = f"{cname}{next(res_names)}水库饮用水水源保护区"
            second = shapely.difference(second, first)
            geoms += [first, second]
            names += [title, title]
            levels += ["一级保护区", "二级保护区"]
            self.water_points.append(shapely.get_coordinates(shapely.point_on_surface(second))[0])
        geoms = _clip(np.array(geoms, dtype=object), self.outline_other)
        self.water = _multi(geoms, "polygon", 100.0)
        self.water_attrs = {"SYMC": names, "BHQJB": levels}

    # -- farmland -------------------------------------------------------------------

    def build_farmland(self):
        s = self.s
        rng = self.rng("farmland")
        present = lambda g: g[~shapely.is_missing(g)]  # noqa: E731
        avoid = (  # (polygons, share of parcels kept when their centroid is inside)
            (present(self.red_line_clean), 0.03),
            (present(self.urban), 0.05),
            (present(self.parks), 0.1),
            (present(self.water[0::2]), 0.0),
        )
        rivers = present(self.rivers)
        parts_all = []
        have = 0
        batch = 0
        while have < 1.15 * s.farmland and batch < 40:
            m = int((1.15 * s.farmland - have) / 8) + 30
            plains = (lambda xy: 0.05 + 0.95 * (1 - self.relief(xy)) ** 2) if batch < 3 else None
            centre = _sample_in(rng, self.outline, m, weight=plains)
            nx = rng.integers(2, 10, m)
            ny = rng.integers(2, 7, m)
            w = rng.uniform(320, 750, m) * s.parcel_size
            h = rng.uniform(240, 600, m) * s.parcel_size
            ang = rng.uniform(0, math.pi, m)
            gap = rng.uniform(25, 50, m)
            # cluster footprints (for non-overlap between clusters)
            hw, hh = nx * w / 2 + 30, ny * h / 2 + 30
            fu = np.stack([-hw, hw, hw, -hw], axis=1)
            fv = np.stack([-hh, -hh, hh, hh], axis=1)
            ca, sa = np.cos(ang)[:, None], np.sin(ang)[:, None]
            fx = centre[:, 0, None] + fu * ca - fv * sa
            fy = centre[:, 1, None] + fu * sa + fv * ca
            foot = shapely.polygons(np.stack([fx, fy], axis=2))
            if parts_all:
                prev = shapely.STRtree(np.concatenate([p[1] for p in parts_all]))
                blocked = np.zeros(m, bool)
                blocked[prev.query(foot, predicate="intersects")[0]] = True
            else:
                blocked = None
            taken = _Greedy(foot, blocked).take(np.arange(m))
            taken = np.sort(taken)
            nx, ny, w, h, ang, gap, centre = (v[taken] for v in (nx, ny, w, h, ang, gap, centre))
            k = len(taken)
            cells = nx * ny
            cid = np.repeat(np.arange(k), cells)
            local = np.arange(cells.sum()) - np.repeat(np.cumsum(cells) - cells, cells)
            ci = local % nx[cid]
            cj = local // nx[cid]
            # shared jittered nodes
            nodes = (nx + 1) * (ny + 1)
            noff = np.cumsum(nodes) - nodes
            jit = rng.uniform(-0.12, 0.12, (nodes.sum(), 2))
            # corner (i, j) of every cell, from the jittered node grid of its cluster
            cnx, cny, cw, ch, cnoff = nx[cid], ny[cid], w[cid], h[cid], noff[cid]
            corners = []
            for di, dj in ((0, 0), (1, 0), (1, 1), (0, 1)):
                n_id = cnoff + (cj + dj) * (cnx + 1) + ci + di
                corners.append(
                    (
                        (ci + di + jit[n_id, 0]) * cw - cnx * cw / 2,
                        (cj + dj + jit[n_id, 1]) * ch - cny * ch / 2,
                    )
                )
            cx = np.stack([c[0] for c in corners], axis=1)
            cy = np.stack([c[1] for c in corners], axis=1)
            mx, my = cx.mean(axis=1, keepdims=True), cy.mean(axis=1, keepdims=True)
            size = np.minimum(w, h)[cid][:, None]
            f = 1 - gap[cid][:, None] / size
            cx, cy = mx + (cx - mx) * f, my + (cy - my) * f
            # edge midpoints with a little noise
            ex = (cx + np.roll(cx, -1, axis=1)) / 2
            ey = (cy + np.roll(cy, -1, axis=1)) / 2
            dx, dy = np.roll(cx, -1, axis=1) - cx, np.roll(cy, -1, axis=1) - cy
            ln = np.hypot(dx, dy)
            e = rng.uniform(-0.3, 0.3, ex.shape) * gap[cid][:, None]
            ex, ey = ex + e * dy / ln, ey - e * dx / ln
            px = np.stack([cx, ex], axis=2).reshape(len(cid), 8)
            py = np.stack([cy, ey], axis=2).reshape(len(cid), 8)
            ca, sa = np.cos(ang)[cid][:, None], np.sin(ang)[cid][:, None]
            gx = centre[cid, 0, None] + px * ca - py * sa
            gy = centre[cid, 1, None] + px * sa + py * ca
            ring = np.stack(
                [np.concatenate([gx, gx[:, :1]], 1), np.concatenate([gy, gy[:, :1]], 1)], axis=2
            )
            keep = rng.uniform(size=len(cid)) < 0.85
            parcels = shapely.polygons(ring[keep])
            pcl = cid[keep] + batch * 10_000_000
            # filters
            cen = shapely.centroid(parcels)
            cxy = shapely.get_coordinates(cen)
            ok = shapely.contains_xy(self.outline, cxy[:, 0], cxy[:, 1])
            u = rng.uniform(size=len(parcels))
            # the polygons are the query input: GEOS prepares them, points are cheap
            ctree = shapely.STRtree(cen)
            for polys, p_keep in avoid:
                hit = np.zeros(len(parcels), bool)
                hit[ctree.query(polys, predicate="intersects")[1]] = True
                ok &= ~hit | (u < p_keep)
            hit = np.zeros(len(parcels), bool)
            hit[shapely.STRtree(parcels).query(rivers, predicate="intersects")[1]] = True
            ok &= ~hit
            parts_all.append((parcels[ok], foot[taken], pcl[ok]))
            have += int(ok.sum())
            batch += 1
        parcels = np.concatenate([p[0] for p in parts_all])
        pcl = np.concatenate([p[2] for p in parts_all])
        # take whole clusters in random order until the count is reached
        ucl, first = np.unique(pcl, return_index=True)
        corder = rng.permutation(len(ucl))
        rank = np.empty(len(ucl), int)
        rank[corder] = np.arange(len(ucl))
        prank = rank[np.searchsorted(ucl, pcl)]
        porder = np.lexsort((np.arange(len(pcl)), prank))
        parcels, pcl = parcels[porder], pcl[porder]
        # a few multipart features: a parcel joined with the next one of the same cluster
        merge = np.zeros(len(parcels), bool)
        cand = np.flatnonzero((pcl[1:] == pcl[:-1]) & (rng.uniform(size=len(pcl) - 1) < 0.02)) + 1
        merge[cand] = True
        merge[1:][merge[:-1] & merge[1:]] = False
        fid = np.cumsum(~merge) - 1
        sel = fid < s.farmland
        if fid[-1] + 1 < s.farmland:
            raise RuntimeError(f"farmland: only {fid[-1] + 1} parcels fit, {s.farmland} wanted")
        geoms = np.full(s.farmland, None, dtype=object)
        shapely.multipolygons(parcels[sel], indices=fid[sel], out=geoms)
        county = self.county_of(shapely.get_coordinates(shapely.point_on_surface(geoms)))
        codes = np.array(self.county_code)[county]
        tbbh = [None] * len(geoms)
        counter: dict[str, int] = {}
        for j, c in enumerate(codes):
            counter[c] = counter.get(c, 0) + 1
            tbbh[j] = f"{c}{counter[c]:06d}"
        self.farmland_clean = geoms.copy()
        n_bad = max(1, round(0.002 * len(geoms)))
        for k, j in enumerate(rng.choice(len(geoms), n_bad, replace=False)):
            geoms[j] = _corrupt(geoms[j], k % 2, rng)
        self.farmland = geoms
        self.farmland_attrs = {"TBBH": tbbh, "XZQDM": list(codes)}

    # -- air, projects -------------------------------------------------------------

    def build_key_air(self):
        geoms, names, codes, kinds = [], [], [], []
        for i in range(len(self.counties)):
            core = self.urban_core[i]
            if core is None:
                continue
            g = shapely.intersection(shapely.buffer(core, 2500, quad_segs=6), self.counties[i])
            geoms.append(g)
            names.append(f"{self.county_name[i]}大气环境受体敏感重点管控区")
            codes.append(self.county_code[i])
            kinds.append("受体敏感区")
        for j, t in enumerate(self.park_type):
            if t in HIGH_EMISSION_PARKS:
                i = self.park_county[j]
                geoms.append(
                    shapely.intersection(
                        shapely.buffer(self.parks[j], 1500, quad_segs=6), self.counties[i]
                    )
                )
                names.append(f"{self.park_attrs['YQMC'][j]}大气环境高排放重点管控区")
                codes.append(self.county_code[i])
                kinds.append("高排放区")
        self.key_air = _multi(np.array(geoms, dtype=object), "polygon", 1000.0)
        self.key_air_attrs = {"MC": names, "XZQDM": codes, "GKLX": kinds}

    def build_projects(self):
        s = self.s
        rng = self.rng("projects")
        nt = len(PROJECT_TEMPLATES)
        if s.projects >= nt:
            order = list(range(nt)) + list(rng.integers(0, nt, s.projects - nt))
        else:
            order = list(range(s.projects))
        city = self.prefecture_names[self.county_pref[0][:4]] if self.county_pref else SAMPLE_CITY
        red_tree = shapely.STRtree(self.red_line_clean)
        urban_ok = np.flatnonzero(~shapely.is_missing(self.urban))
        rows = {"point": [], "line": [], "polygon": []}
        seen_names: dict[str, int] = {}
        chem = [j for j, t in enumerate(self.park_type) if t == "化工园区"]
        road_no = 200 + int(rng.integers(1, 90))
        for k, t in enumerate(order):
            kind, place, xmmc, hydm, hymc, jsdw = PROJECT_TEMPLATES[t]
            park = (
                int(rng.choice(chem))
                if place == "park:化工园区" and chem
                else int(rng.integers(len(self.parks)))
            )
            county = int(self.park_county[park])
            fields = {
                "park": self.park_attrs["YQMC"][park],
                "city": _short(city),
                "num": road_no + k,
            }
            geom = None
            if place.startswith("park"):
                pg = self.parks[park]
                if place == "park_edge":
                    ring = shapely.get_exterior_ring(shapely.get_parts(pg)[0])
                    c = shapely.get_coordinates(
                        shapely.line_interpolate_point(ring, rng.uniform(), normalized=True)
                    )[0]
                    geom = _site(rng, c, rng.uniform(0.4e6, 1.2e6))
                elif kind == "point":
                    geom = shapely.points(_sample_in(rng, pg, 1)[0])
                else:
                    inner = shapely.buffer(pg, -400)
                    c = _sample_in(rng, inner if not inner.is_empty else pg, 1)[0]
                    geom = shapely.intersection(_site(rng, c, rng.uniform(0.3e6, 0.8e6)), pg)
            elif place == "water":
                j = int(rng.integers(len(self.water_points)))
                w2 = self.water[2 * j + 1]
                geom = (
                    shapely.points(_sample_in(rng, w2, 1)[0])
                    if w2 is not None
                    else shapely.points(self.water_points[j])
                )
                county = int(self.county_of(shapely.get_coordinates(geom))[0])
            elif place == "urban":
                county = int(rng.choice(urban_ok))
                core = (
                    self.urban_core[county]
                    if self.urban_core[county] is not None
                    else self.urban[county]
                )
                inner = shapely.intersection(shapely.buffer(core, -800), self.counties[county])
                c = _sample_in(rng, inner if inner.area > 1e6 else core, 1)[0]
                geom = _site(rng, c, rng.uniform(0.3e6, 1.0e6))
            elif place == "general":
                for _ in range(100):
                    c = _sample_in(rng, self.outline, 1)[0]
                    p = shapely.points(c)
                    if (
                        not len(red_tree.query(p, predicate="intersects"))
                        and not any(shapely.intersects(self.urban[urban_ok], p))
                        and not any(shapely.intersects(self.parks, p))
                    ):
                        break
                geom = p
                county = int(self.county_of(c[None, :])[0])
            elif place == "red_line":
                j = int(rng.integers(self.red_big_forced, len(self.red_big)))
                ring = shapely.get_exterior_ring(shapely.get_parts(self.red_big[j])[0])
                c = shapely.get_coordinates(
                    shapely.line_interpolate_point(ring, rng.uniform(), normalized=True)
                )[0]
                geom = _site(rng, c, rng.uniform(2e6, 5e6))
                county = int(self.county_of(c[None, :])[0])
                fields["mountain"] = self.mountain_name[self.relief.nearest(c[None, :])[0]]
            elif place == "pipeline":
                # from a park to a far township (another county, at most 120 km away),
                # by way of a red-line patch, in a third county where there is one
                start = _sample_in(rng, self.parks[park], 1)[0]
                a = county
                dist = np.hypot(*(self.township_seed - start).T)
                other = self.township_county != a if len(self.counties) > 1 else dist > 0
                score = np.where(other & (dist <= 120e3), dist, -1.0)
                t = int(np.argmax(score))
                end, b = self.township_seed[t], int(self.township_county[t])
                mid = (start + end) / 2
                reps = shapely.get_coordinates(
                    shapely.point_on_surface(self.red_big[self.red_big_forced :])
                )
                rc = self.county_of(reps)
                d = shapely.distance(shapely.points(reps), shapely.linestrings([start, end]))
                d = d + np.where((rc != a) & (rc != b), 0, 20e3) + 0.3 * np.hypot(*(reps - mid).T)
                way = reps[int(np.argmin(d))]
                geom = shapely.linestrings(_polyline(rng, [start, way, end], 300.0, 0.03))
            elif place == "road_outside":
                county = int(rng.integers(len(self.counties)))
                seat = self.seat[county]
                ext = self.outline.boundary
                near = shapely.get_coordinates(
                    shapely.line_interpolate_point(ext, ext.project(shapely.points(seat)))
                )[0]
                out = near + (near - seat) / max(np.hypot(*(near - seat)), 1.0) * rng.uniform(
                    5e3, 9e3
                )
                geom = shapely.linestrings(_polyline(rng, [out, near, seat], 250.0, 0.02))
            elif place == "local_road":
                county = int(rng.integers(len(self.counties)))
                tw = np.flatnonzero(self.township_county == county)
                pair = (
                    rng.choice(tw, 2, replace=False) if len(tw) >= 2 else np.array([tw[0], tw[0]])
                )
                p, q = self.township_seed[pair[0]], self.township_seed[pair[1]]
                if pair[0] == pair[1]:
                    q = p + rng.uniform(-6e3, 6e3, 2)
                geom = shapely.linestrings(_polyline(rng, [p, q], 200.0, 0.03))
                fields["town"] = self.township_name[pair[0]]
                fields["town2"] = self.township_name[pair[1]]
            short = _short(self.county_name[county])
            fields["short"] = short
            fields.setdefault("mountain", self.mountain_name[0])
            fields.setdefault("town", "")
            fields.setdefault("town2", "")
            name = xmmc.format(**fields)
            if name in seen_names:
                seen_names[name] += 1
                n = seen_names[name]
                name = f"{name}（{_PHASES[n - 2] if n - 2 < len(_PHASES) else n}期）"
            else:
                seen_names[name] = 1
            if kind == "polygon":
                geom = shapely.get_parts(geom)[np.argmax(shapely.area(shapely.get_parts(geom)))]
            rows[kind].append((geom, name, hydm, hymc, jsdw.format(**fields)))
        self.projects = rows

    # -- assembly ------------------------------------------------------------------

    def run(self) -> dict[str, Layer]:
        steps = [
            ("admin", self.build_admin),
            ("names", self.build_mountain_names),
            ("rivers", self.build_rivers),
            ("urban", self.build_urban),
            ("parks", self.build_parks),
            ("red_line", self.build_red_line),
            ("reserves", self.build_reserves),
            ("water", self.build_water),
            ("farmland", self.build_farmland),
            ("key_air", self.build_key_air),
            ("projects", self.build_projects),
        ]
        for name, step in steps:
            t0 = time.perf_counter()
            step()
            self.timings[name] = time.perf_counter() - t0
        t0 = time.perf_counter()
        layers = self.assemble()
        self.timings["assemble"] = time.perf_counter() - t0
        return layers

    def build_mountain_names(self):
        rng = self.rng("mountains")
        n = self.relief.n
        stems = _names(rng, n, _NAME_A, _NAME_B[:4] + "岩石云", "")
        suffix = rng.choice(len(_MOUNTAIN_SUFFIX), n)
        self.mountain_name = [st + _MOUNTAIN_SUFFIX[k] for st, k in zip(stems, suffix)]
        if self.scale_name in ("sample", "county", "city"):
            self.mountain_name[0] = "翠岭"

    def assemble(self) -> dict[str, Layer]:
        x0, y0 = _origin()

        def final(geoms):
            geoms = np.asarray(geoms, dtype=object)
            return shapely.transform(geoms, lambda c: np.round(c + (x0, y0), 3))

        def geographic(geoms):
            return _reproject(final(geoms), ZONE39_EPSG, GEOGRAPHIC_EPSG, 9)

        def layer(name, geoms, attrs, epsg=ZONE39_EPSG, gtype="MultiPolygon", transform=final):
            frame = pd.DataFrame({"geometry": transform(geoms)})
            for k, v in attrs.items():
                frame[k] = pd.Series(list(v), dtype=object)
            return Layer(name, LAYER_TITLES[name], frame, epsg, gtype)

        t_county = [self.county_code[i] for i in self.township_county]
        pp = self.projects["point"]
        pl = self.projects["line"]
        pa = self.projects["polygon"]

        def proj_attrs(rows):
            return {
                "XMMC": [r[1] for r in rows],
                "HYDM": [r[2] for r in rows],
                "HYMC": [r[3] for r in rows],
                "JSDW": [r[4] for r in rows],
            }

        layers = [
            layer(
                "county",
                _multi(self.counties),
                {"XZQDM": self.county_code, "XZQMC": self.county_name},
                GEOGRAPHIC_EPSG,
                transform=geographic,
            ),
            layer(
                "township",
                _multi(self.townships),
                {"XZDM": self.township_code, "XZMC": self.township_name, "XZQDM": t_county},
            ),
            layer("red_line", self.red_line, self.red_line_attrs),
            layer("nature_reserve", self.reserves, self.reserve_attrs),
            layer("water_source", self.water, self.water_attrs),
            layer("park", self.parks, self.park_attrs),
            layer(
                "urban_boundary",
                self.urban,
                {"XZQDM": self.county_code, "MC": [f"{n}城镇开发边界" for n in self.county_name]},
            ),
            layer("key_air", self.key_air, self.key_air_attrs),
            layer("farmland", self.farmland, self.farmland_attrs),
            layer("river", self.rivers, {"HLMC": self.river_name}, gtype="MultiLineString"),
            layer(
                "project_point",
                np.array([r[0] for r in pp], dtype=object),
                proj_attrs(pp),
                GEOGRAPHIC_EPSG,
                "Point",
                geographic,
            ),
            layer(
                "project_line",
                np.array([r[0] for r in pl], dtype=object),
                proj_attrs(pl),
                gtype="LineString",
            ),
            layer(
                "project_polygon",
                np.array([r[0] for r in pa], dtype=object),
                proj_attrs(pa),
                gtype="Polygon",
            ),
        ]
        out = {}
        for lyr in layers:
            if lyr.name == "river":  # rivers wholly outside the city are dropped
                keep = ~shapely.is_missing(lyr.frame["geometry"].to_numpy())
                lyr.frame = lyr.frame[keep].reset_index(drop=True)
            out[lyr.name] = lyr
        return out


# --- CRS helpers ---------------------------------------------------------------------


def _srs(epsg: int) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # x = longitude / easting
    return srs


def _origin() -> tuple[float, float]:
    """EPSG:4527 coordinates of the centre of the fictional city (117.0°E, 30.6°N)."""
    ct = osr.CoordinateTransformation(_srs(GEOGRAPHIC_EPSG), _srs(ZONE39_EPSG))
    x, y, _ = ct.TransformPoint(CENTRE_LON, CENTRE_LAT)
    return round(x, 3), round(y, 3)


def _reproject(geoms, src: int, dst: int, decimals: int | None = None):
    ct = osr.CoordinateTransformation(_srs(src), _srs(dst))

    def fn(xy):
        if not len(xy):
            return xy
        out = np.asarray(ct.TransformPoints(np.ascontiguousarray(xy[:, :2])))[:, :2]
        return np.round(out, decimals) if decimals is not None else out

    return shapely.transform(np.asarray(geoms, dtype=object), fn)


# --- public API -------------------------------------------------------------------------


def generate(scale: str = "sample", seed: int = DEFAULT_SEED) -> dict[str, Layer]:
    """All layers of the fictional dataset at ``scale``, keyed by table name (gpkg order)."""
    return _City(scale, seed).run()


def generate_timed(scale: str = "sample", seed: int = DEFAULT_SEED):
    """``generate`` plus the seconds spent in each step."""
    city = _City(scale, seed)
    layers = city.run()
    return layers, city.timings


_OGR_GEOMETRY = {
    "MultiPolygon": ogr.wkbMultiPolygon,
    "MultiLineString": ogr.wkbMultiLineString,
    "Point": ogr.wkbPoint,
    "LineString": ogr.wkbLineString,
    "Polygon": ogr.wkbPolygon,
}


def _field_type(series: pd.Series) -> int:
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return ogr.OFTInteger64
    if pd.api.types.is_float_dtype(series):
        return ogr.OFTReal
    return ogr.OFTString


def write_gpkg(layers: dict[str, Layer], path) -> None:
    """Write ``layers`` to a new GeoPackage (an existing file is replaced).

    Table name = ``Layer.name``, identifier = ``Layer.title`` (QGIS shows it), geometry
    column ``geom``, one transaction per layer. ``gpkg_contents.last_change`` is fixed so
    the same layers give the same file.
    """
    path = Path(path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    old_exc = ogr.GetUseExceptions()
    ogr.UseExceptions()
    old_date = gdal.GetConfigOption("OGR_CURRENT_DATE")
    gdal.SetConfigOption("OGR_CURRENT_DATE", GPKG_DATE)
    try:
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        for layer in layers.values():
            frame = layer.frame
            lyr = ds.CreateLayer(
                layer.name,
                _srs(layer.epsg),
                _OGR_GEOMETRY[layer.geometry_type],
                options=[f"IDENTIFIER={layer.title}", "GEOMETRY_NAME=geom", "FID=fid"],
            )
            columns = [c for c in frame.columns if c != "geometry"]
            for c in columns:
                lyr.CreateField(ogr.FieldDefn(c, _field_type(frame[c])))
            defn = lyr.GetLayerDefn()
            geoms = frame["geometry"].to_numpy()
            wkb = shapely.to_wkb(geoms)
            values = [frame[c].tolist() for c in columns]
            lyr.StartTransaction()
            for j in range(len(frame)):
                f = ogr.Feature(defn)
                for k in range(len(columns)):
                    v = values[k][j]
                    if v is not None and v == v:
                        f.SetField(k, v)
                if wkb[j] is not None:
                    f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb[j]))
                lyr.CreateFeature(f)
            lyr.CommitTransaction()
        ds = None
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", old_date)
        if not old_exc:
            ogr.DontUseExceptions()


def summary(layers: dict[str, Layer]) -> pd.DataFrame:
    """One row per layer: count, nulls, invalid geometries, area (km²) or length (km)."""
    rows = []
    for lyr in layers.values():
        g = lyr.frame["geometry"].to_numpy()
        present = ~shapely.is_missing(g)
        measure = ""
        if lyr.epsg == ZONE39_EPSG:
            if "Polygon" in lyr.geometry_type:
                measure = f"{shapely.area(g[present]).sum() / 1e6:.1f} km²"
            elif "Line" in lyr.geometry_type:
                measure = f"{shapely.length(g[present]).sum() / 1e3:.1f} km"
        rows.append(
            {
                "layer": lyr.name,
                "title": lyr.title,
                "epsg": lyr.epsg,
                "type": lyr.geometry_type,
                "features": len(g),
                "null": int((~present).sum()),
                "invalid": int((~shapely.is_valid(g[present])).sum()),
                "total": measure,
            }
        )
    return pd.DataFrame(rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="sample", choices=list(SCALES))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", help="GeoPackage to write")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    layers, timings = generate_timed(args.scale, args.seed)
    t1 = time.perf_counter()
    print(
        f"generated {args.scale} in {t1 - t0:.1f} s: "
        + ", ".join(f"{k} {v:.1f}" for k, v in timings.items())
    )
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(summary(layers).to_string(index=False))
    if args.out:
        write_gpkg(layers, args.out)
        size = os.path.getsize(args.out) / 1e6
        print(f"wrote {args.out} in {time.perf_counter() - t1:.1f} s ({size:.1f} MB)")


if __name__ == "__main__":
    main()
