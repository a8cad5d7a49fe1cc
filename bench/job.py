"""Run ONE benchmark job (job, scale, side) in this process; print one JSON line.

``bench/run.py`` starts this in a fresh subprocess per (job, scale, side) so each run has
its own peak memory (``ru_maxrss``) and a crash takes nothing else down::

    python -m bench.job --job delineation --scale city --side plugin [--profile out.txt]

Sides: ``plugin`` (the EcoZoning Processing algorithm), ``baseline`` (the same job wired
from QGIS's own algorithms, see ``bench/baselines.py``) and ``prepare`` (builds the unit
layer the checks and overlap jobs read; not timed against anything).

The JSON line holds ``seconds`` (the job only: QGIS start-up and the untimed sanity
measurements are excluded), ``peak_mb`` (peak resident memory of the whole process,
QGIS included), ``counts`` (features written, problems found...) and ``metrics`` (areas
measured afterwards from the written output, the same way for both sides);
:func:`compare` turns the metrics of both sides into the plugin/baseline agreement.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import resource
import sys
import time
import traceback
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

DATA = HERE / "data"
TARGET_EPSG = 4527  # CGCS2000 / 3-degree GK zone 39: the working CRS of the sample data
MIN_AREA = 10000.0  # m², fragments below this are merged (plugin MIN_AREA = eliminate)
UNITS_PROVINCE = 44604  # unit count of the checks layer at province scale (issue target)
SEED = 20261123  # same default seed as tools/datagen

PRIORITY = (("red_line", "生态保护红线"), ("water_source", "饮用水水源保护区"))
PRIORITY += (("nature_reserve", "自然保护地"),)
KEY = (("urban_boundary", "城镇生活"), ("key_air", "大气环境重点管控区"))
OVERLAP_CONSTRAINTS = (
    ("red_line", "生态保护红线"),
    ("farmland", "永久基本农田"),
    ("water_source", "饮用水水源保护区"),
    ("nature_reserve", "自然保护地"),
)
# checks whose area / count both sides measure (plugin check code -> what the baseline does)
CHECKS_COMPARED = ("G01", "T01", "T02", "R01", "R02", "S01", "S02", "A01", "A02")

JOBS = ("delineation", "checks", "overlap", "compliance", "quickcheck", "livecheck")


# --- paths -----------------------------------------------------------------------------


def inputs(scale: str) -> Path:
    return DATA / f"{scale}.gpkg"


def units_path(scale: str) -> Path:
    """The unit layer the checks and overlap jobs read (built by the ``prepare`` side)."""
    return DATA / f"{scale}_units.gpkg"


def out_dir(scale: str) -> Path:
    path = DATA / "out" / scale
    path.mkdir(parents=True, exist_ok=True)
    return path


def uri(path: Path, table: str) -> str:
    return f"{path}|layername={table}"


def gpkg_table(path: Path, table: str, geometry: bool = True) -> str:
    """A Processing destination for one table of a GeoPackage."""
    return f"ogr:dbname='{path}' table=\"{table}\"" + (" (geom)" if geometry else "")


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --- reading outputs for the sanity measurements (OGR + shapely, untimed) ---------------


def read_table(path, table, fields=(), to_epsg=None):
    """(geometries, {field: values}) of one table, geometries optionally reprojected."""
    import shapely
    from osgeo import ogr, osr

    ds = ogr.Open(str(path))
    if ds is None:
        raise FileNotFoundError(path)
    layer = ds.GetLayerByName(table)
    if layer is None:
        raise KeyError(f"{path}: no table {table}")
    transform = None
    if to_epsg is not None and layer.GetSpatialRef() is not None:
        dst = osr.SpatialReference()
        dst.ImportFromEPSG(to_epsg)
        src = layer.GetSpatialRef().Clone()
        for srs in (src, dst):
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        if not src.IsSame(dst):
            transform = osr.CoordinateTransformation(src, dst)
    wkbs, values = [], {f: [] for f in fields}
    for feature in layer:
        g = feature.GetGeometryRef()
        if g is not None and transform is not None:
            g = g.Clone()
            g.Transform(transform)
        wkbs.append(None if g is None else bytes(g.ExportToWkb()))
        for f in fields:
            values[f].append(feature.GetField(f))
    geoms = np.empty(len(wkbs), dtype=object)
    present = [i for i, w in enumerate(wkbs) if w is not None]
    if present:
        geoms[present] = shapely.from_wkb([wkbs[i] for i in present])
    return geoms, values


def feature_count(path, table) -> int:
    from osgeo import ogr

    ds = ogr.Open(str(path))
    layer = ds.GetLayerByName(table) if ds is not None else None
    return -1 if layer is None else int(layer.GetFeatureCount())


def polygon_area(geoms) -> float:
    """Total planar area (m²) of the polygonal parts of ``geoms`` (valid or repaired)."""
    import shapely

    geoms = np.asarray([g for g in geoms if g is not None], dtype=object)
    if not len(geoms):
        return 0.0
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms[bad] = shapely.make_valid(geoms[bad])
    parts = shapely.get_parts(geoms)
    parts = parts[shapely.get_type_id(parts) == 3]
    return float(shapely.area(parts).sum())


def county_area_km2(scale: str) -> float:
    geoms, _ = read_table(inputs(scale), "county", (), TARGET_EPSG)
    return polygon_area(geoms) / 1e6


# --- QGIS ----------------------------------------------------------------------------------


class Feedback:
    """A quiet QgsProcessingFeedback that keeps the errors (made after QGIS starts)."""

    @staticmethod
    def make():
        from qgis.core import QgsProcessingFeedback

        class _Quiet(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.errors = []

            def reportError(self, error, fatalError=False):  # noqa: N802
                self.errors.append(error)

        return _Quiet()


def boot():
    from tools import qgis_headless

    qgis_headless.start()
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return processing, context


def layer(path, table, name=None):
    from qgis.core import QgsVectorLayer

    lyr = QgsVectorLayer(uri(path, table), name or table, "ogr")
    if not lyr.isValid():
        raise RuntimeError(f"cannot open {uri(path, table)}")
    return lyr


# --- delineation ---------------------------------------------------------------------------


def delineation_parameters(scale: str, output: Path) -> dict:
    src = inputs(scale)
    return {
        "ADMIN": layer(src, "county", "区县"),
        "ADMIN_CODE_FIELD": "XZQDM",
        "ADMIN_NAME_FIELD": "XZQMC",
        "TOWNSHIPS": layer(src, "township", "乡镇街道"),
        "TOWNSHIP_NAME_FIELD": "XZMC",
        "PRIORITY_LAYERS": [layer(src, t, n) for t, n in PRIORITY],
        "PARKS": layer(src, "park", "产业园区"),
        "PARK_NAME_FIELD": "YQMC",
        "KEY_LAYERS": [layer(src, t, n) for t, n in KEY],
        "MIN_AREA": MIN_AREA,
        "GENERAL_SPLIT": 1,  # one general unit per township
        "PROVINCE": "示例省",
        "CITY": "",
        "OUTPUT_CRS": f"EPSG:{TARGET_EPSG}",
        "OUTPUT": gpkg_table(output, "units"),
        "OUTPUT_LOG": gpkg_table(output, "delineation_log", geometry=False),
    }


def run_delineation(scale, side, processing, context, feedback):
    from bench.baselines import Chain, delineation_chain

    output = fresh(out_dir(scale) / f"delineation_{side}.gpkg")
    started = time.perf_counter()
    steps = []
    if side == "plugin":
        processing.run(
            "ecozoning:delineateunits",
            delineation_parameters(scale, output),
            context=context,
            feedback=feedback,
        )
        class_field = "ZHGKDYFL"
    else:
        chain = Chain(processing, context, feedback)
        delineation_chain(chain, inputs(scale), output, MIN_AREA, TARGET_EPSG, PRIORITY, KEY)
        steps = chain.steps
        class_field = "cls"
    seconds = time.perf_counter() - started
    return seconds, steps, lambda: delineation_metrics(scale, output, class_field)


def delineation_metrics(scale, output, class_field) -> dict:
    import shapely

    geoms, values = read_table(output, "units", (class_field,))
    by_class, units_by_class, parts_by_class = {}, {}, {}
    for c in (1, 2, 3):
        sel = [g for g, v in zip(geoms, values[class_field]) if v is not None and int(v) == c]
        by_class[str(c)] = polygon_area(sel) / 1e6
        units_by_class[str(c)] = len(sel)
        sel = np.asarray([g for g in sel if g is not None], dtype=object)
        parts_by_class[str(c)] = int(shapely.get_num_geometries(sel).sum()) if len(sel) else 0
    total = polygon_area(geoms) / 1e6
    county = county_area_km2(scale)
    present = np.asarray([g for g in geoms if g is not None], dtype=object)
    parts = int(shapely.get_num_geometries(present).sum()) if len(present) else 0
    return {
        "units": len(geoms),
        "parts": parts,
        "area_km2": total,
        "county_area_km2": county,
        "coverage_pct": 100.0 * total / county if county else float("nan"),
        "class_area_km2": by_class,
        "class_units": units_by_class,
        "class_parts": parts_by_class,
    }


# --- the unit layer for the checks and the overlap analysis -----------------------------


def _alloc(total: int, weights, minimum: int = 1) -> np.ndarray:
    """``total`` split into integers >= minimum, proportional to ``weights``."""
    w = np.asarray(weights, dtype=float)
    n = len(w)
    out = np.full(n, minimum, dtype=int)
    rest = total - out.sum()
    if rest <= 0:
        return out
    raw = rest * w / w.sum()
    out += np.floor(raw).astype(int)
    left = total - out.sum()
    if left > 0:
        out[np.argsort(-(raw - np.floor(raw)), kind="stable")[:left]] += 1
    return out


def _sample_in(rng, geom, n: int) -> np.ndarray:
    """``n`` random points inside ``geom``."""
    import shapely

    shapely.prepare(geom)
    x0, y0, x1, y1 = shapely.bounds(geom)
    share = max(shapely.area(geom) / max((x1 - x0) * (y1 - y0), 1.0), 0.02)
    found, count = [], 0
    while count < n:
        m = int(max(64, 1.5 * (n - count) / share))
        xy = np.column_stack([rng.uniform(x0, x1, m), rng.uniform(y0, y1, m)])
        xy = xy[shapely.contains_xy(geom, xy[:, 0], xy[:, 1])]
        found.append(xy)
        count += len(xy)
    return np.concatenate(found)[:n]


def _multipolygon(geom):
    import shapely

    parts = shapely.get_parts(geom)
    parts = parts[shapely.get_type_id(parts) == 3]
    return shapely.multipolygons(parts) if len(parts) else None


def build_unit_layer(scale: str, delineated: Path, target: Path, seed: int = SEED) -> dict:
    """Subdivide the delineated units into a seeded Voronoi tiling of the checks' unit count.

    Every delineated unit gets ``k >= 1`` Voronoi cells (seeds drawn inside it, ``k`` in
    proportion to its area, ``UNITS_PROVINCE`` units at province scale and the same density
    at the other scales); unit ∩ cell is one new unit with the unit's class, subtype and
    county, so the tiling still covers every county once and the priority units still hold
    the red line. Then a few seeded defects, as a real layer has: units grown by 5 m
    (overlaps, parts outside the county), units shrunk by 5 m (gaps), duplicate codes and
    codes one digit short.
    """
    import pandas as pd
    import shapely

    from eco_zoning.plugin.core import schema
    from tools import datagen

    names = schema.field_names(schema.UNIT_FIELDS)
    geoms, values = read_table(delineated, "units", names)
    units = pd.DataFrame(values)
    units["geometry"] = geoms
    units = units[~shapely.is_missing(geoms)].reset_index(drop=True)
    geoms = units["geometry"].to_numpy()
    scales = datagen.SCALES
    total = round(UNITS_PROVINCE * scales[scale].area_km2 / scales["province"].area_km2)
    area = shapely.area(geoms)
    k = _alloc(total, area, 1)
    rng = np.random.default_rng([seed, zlib.crc32(scale.encode()), zlib.crc32(b"units")])

    cells, cell_unit = [], []
    for u in np.flatnonzero(k > 1):
        pts = _sample_in(rng, geoms[u], int(k[u]))
        x0, y0, x1, y1 = shapely.bounds(geoms[u])
        frame = shapely.box(x0 - 10, y0 - 10, x1 + 10, y1 + 10)
        vor = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=frame))
        cells.append(vor)
        cell_unit.append(np.full(len(vor), u))
    cells = np.concatenate(cells) if cells else np.empty(0, dtype=object)
    cell_unit = np.concatenate(cell_unit) if cell_unit else np.empty(0, dtype=int)

    parts, part_unit = shapely.get_parts(geoms, return_index=True)
    split = k[part_unit] > 1
    pieces_geom, pieces_owner = [], []  # owner: ("unit", u) or ("cell", c)
    # whole units
    whole = np.flatnonzero(k == 1)
    # split units: part x cell pairs of the same unit
    tree = shapely.STRtree(cells)
    pi, ci = tree.query(parts[split], predicate="intersects")
    split_idx = np.flatnonzero(split)
    pi = split_idx[pi]
    same = cell_unit[ci] == part_unit[pi]
    pi, ci = pi[same], ci[same]
    shapely.prepare(cells)
    inside = shapely.contains(cells[ci], parts[pi])
    piece = np.empty(len(pi), dtype=object)
    piece[inside] = parts[pi[inside]]
    rest = ~inside
    piece[rest] = shapely.intersection(parts[pi[rest]], cells[ci[rest]])
    sub, sub_idx = shapely.get_parts(piece, return_index=True)
    keep = (shapely.get_type_id(sub) == 3) & (shapely.area(sub) > 0)
    sub, owner = sub[keep], ci[sub_idx[keep]]
    order = np.argsort(owner, kind="stable")
    sub, owner = sub[order], owner[order]
    ucells, inv = np.unique(owner, return_inverse=True)
    cell_geoms = shapely.multipolygons(sub, indices=inv)
    pieces_geom = list(geoms[whole]) + list(cell_geoms)
    pieces_owner = list(whole) + list(cell_unit[ucells])

    out = units.iloc[pieces_owner].reset_index(drop=True).copy()
    out["geometry"] = [_multipolygon(g) for g in pieces_geom]
    # codes: per county and class, north to south then west to east
    rep = shapely.point_on_surface(out["geometry"].to_numpy())
    out["_y"] = -np.round(shapely.get_y(rep))
    out["_x"] = np.round(shapely.get_x(rep))
    out = out.sort_values(
        [schema.UNIT_COUNTY_CODE, schema.UNIT_CLASS, "_y", "_x"], kind="stable"
    ).reset_index(drop=True)
    serial = out.groupby([schema.UNIT_COUNTY_CODE, schema.UNIT_CLASS]).cumcount() + 1
    rule = schema.DEFAULT_CODE_RULE
    out[schema.UNIT_CODE] = [
        rule.make(str(c), int(cl), int(s))
        for c, cl, s in zip(out[schema.UNIT_COUNTY_CODE], out[schema.UNIT_CLASS], serial)
    ]
    piece_no = out.groupby(schema.UNIT_NAME).cumcount() + 1
    many = out.groupby(schema.UNIT_NAME)[schema.UNIT_NAME].transform("size") > 1
    out[schema.UNIT_NAME] = [
        f"{n}{j}" if m else n for n, j, m in zip(out[schema.UNIT_NAME], piece_no, many)
    ]
    out = out.drop(columns=["_x", "_y"])

    # seeded defects, on general units
    n = len(out)
    general = np.flatnonzero(out[schema.UNIT_CLASS].to_numpy() == schema.GENERAL)
    pick = rng.permutation(general)
    counts = {
        "grown_5m": max(1, round(n * 0.002)),
        "shrunk_5m": max(1, round(n * 0.001)),
        "duplicate_code": max(1, round(n * 0.001)),
        "short_code": max(1, round(n * 0.001)),
    }
    at = 0
    chosen = {}
    for what, m in counts.items():
        chosen[what] = np.sort(pick[at : at + m])
        at += m
    g = out["geometry"].to_numpy().copy()
    g[chosen["grown_5m"]] = [_multipolygon(x) for x in shapely.buffer(g[chosen["grown_5m"]], 5.0)]
    g[chosen["shrunk_5m"]] = [
        _multipolygon(x) for x in shapely.buffer(g[chosen["shrunk_5m"]], -5.0)
    ]
    out["geometry"] = g
    codes = out[schema.UNIT_CODE].to_numpy().copy()
    for r in chosen["duplicate_code"]:
        codes[r] = codes[r - 1] if r > 0 else codes[r + 1]
    for r in chosen["short_code"]:
        codes[r] = codes[r][:-1]
    out[schema.UNIT_CODE] = codes
    out[schema.UNIT_AREA] = np.round(shapely.area(out["geometry"].to_numpy()) / 1e6, 6)
    out[schema.UNIT_CLASS] = out[schema.UNIT_CLASS].astype(int)
    out.insert(0, "uid", np.arange(1, n + 1, dtype=np.int64))
    frame = out[["geometry", "uid", *names]]
    datagen.write_gpkg(
        {
            "units": datagen.Layer(
                "units", schema.UNIT_LAYER_NAME, frame, TARGET_EPSG, "MultiPolygon"
            )
        },
        fresh(target),
    )
    return {
        "delineated_units": len(units),
        "units": n,
        "defects": {k2: len(v) for k2, v in chosen.items()},
    }


def run_prepare(scale, side, processing, context, feedback):
    delineated = fresh(DATA / f"{scale}_delineation.gpkg")
    started = time.perf_counter()
    processing.run(
        "ecozoning:delineateunits",
        delineation_parameters(scale, delineated),
        context=context,
        feedback=feedback,
    )
    info = build_unit_layer(scale, delineated, units_path(scale))
    seconds = time.perf_counter() - started
    return seconds, [], lambda: info


# --- checks ----------------------------------------------------------------------------------


def checks_parameters(scale: str, output: Path) -> dict:
    """The plugin's checks parameters (also read by ``bench/floors.py``)."""
    src = inputs(scale)
    return {
        "UNITS": layer(units_path(scale), "units", "环境管控单元"),
        "ADMIN": layer(src, "county", "区县"),
        "ADMIN_CODE_FIELD": "XZQDM",
        "RED_LINE": layer(src, "red_line", "生态保护红线"),
        "FARMLAND": layer(src, "farmland", "永久基本农田"),
        "URBAN_BOUNDARY": layer(src, "urban_boundary", "城镇开发边界"),
        "PARKS": layer(src, "park", "产业园区"),
        "OUTPUT_ERRORS": gpkg_table(output, "check_results"),
        "OUTPUT_SUMMARY": gpkg_table(output, "check_summary", geometry=False),
        "OUTPUT_HTML": str(out_dir(scale) / "checks_plugin.html"),
    }


def run_checks(scale, side, processing, context, feedback):
    from bench.baselines import Chain, checks_chain

    src = inputs(scale)
    units = units_path(scale)
    output = fresh(out_dir(scale) / f"checks_{side}.gpkg")
    steps = []
    started = time.perf_counter()
    if side == "plugin":
        processing.run(
            "ecozoning:checkunits",
            checks_parameters(scale, output),
            context=context,
            feedback=feedback,
        )
    else:
        chain = Chain(processing, context, feedback)
        checks_chain(chain, src, units, output, TARGET_EPSG)
        steps = chain.steps
    seconds = time.perf_counter() - started
    return seconds, steps, lambda: checks_metrics(output, side)


def checks_metrics(output, side) -> dict:
    """{check code: {"count": n, "area_m2": a}} for the checks both sides make."""
    from osgeo import ogr

    found = {}
    ds = ogr.Open(str(output))
    if side == "plugin":
        for f in ds.GetLayerByName("check_summary"):
            found[f.GetField("check_code")] = {
                "count": int(f.GetField("count") or 0),
                "area_m2": float(f.GetField("area_m2") or 0.0),
            }
        return found
    geoms, values = read_table(output, "check_results", ("check_code",))
    for code in CHECKS_COMPARED:
        sel = [g for g, c in zip(geoms, values["check_code"]) if c == code]
        found[code] = {"count": len(sel), "area_m2": polygon_area(sel)}
    found["A02"] = {"count": feature_count(output, "a02"), "area_m2": 0.0}
    return found


# --- overlap analysis ------------------------------------------------------------------------


def overlap_parameters(scale: str, output: Path) -> dict:
    """The plugin's overlap-analysis parameters (also read by ``bench/floors.py``)."""
    return {
        "INPUT": layer(units_path(scale), "units", "环境管控单元"),
        "NAME_FIELD": "HJZHGKDYBM",
        "CONSTRAINTS": [layer(inputs(scale), t, n) for t, n in OVERLAP_CONSTRAINTS],
        "BUFFERS": "0",
        "OUTPUT": gpkg_table(output, "overlaps"),
    }


def run_overlap(scale, side, processing, context, feedback):
    from bench.baselines import Chain, overlap_chain

    src = inputs(scale)
    units = units_path(scale)
    output = fresh(out_dir(scale) / f"overlap_{side}.gpkg")
    steps = []
    started = time.perf_counter()
    if side == "plugin":
        processing.run(
            "ecozoning:overlapanalysis",
            overlap_parameters(scale, output),
            context=context,
            feedback=feedback,
        )
        constraint_field, area_field = "constraint", "overlap_area_m2"
    else:
        chain = Chain(processing, context, feedback)
        overlap_chain(chain, src, units, output, OVERLAP_CONSTRAINTS)
        steps = chain.steps
        constraint_field, area_field = "constraint", "overlap_area_m2"
    seconds = time.perf_counter() - started
    return seconds, steps, lambda: overlap_metrics(output, constraint_field, area_field)


def overlap_metrics(output, constraint_field, area_field) -> dict:
    geoms, values = read_table(output, "overlaps", (constraint_field, area_field))
    by_layer: dict[str, dict] = {}
    for name, a in zip(values[constraint_field], values[area_field]):
        row = by_layer.setdefault(name, {"rows": 0, "area_km2": 0.0})
        row["rows"] += 1
        row["area_km2"] += float(a or 0.0) / 1e6
    return {"rows": len(geoms), "by_constraint": by_layer}


# --- compliance and the quick check -------------------------------------------------------

COMPLIANCE_PROJECTS = (  # table, title, buffer (m): points are sites, screened with 200 m
    ("project_polygon", "建设项目（面）", 0.0),
    ("project_line", "建设项目（线）", 0.0),
    ("project_point", "建设项目（点）", 200.0),
)
COMPLIANCE_CONSTRAINTS = OVERLAP_CONSTRAINTS + (("urban_boundary", "城镇开发边界"),)
CLICKS = 200
CLICK_INDUSTRIES = ("2614", "3011", "4411", "2710", "3130", "7810", "4812", "0610")


def access_path() -> Path:
    """The demo access list (tools/demo_access_list.py) in a project database of its own."""
    return DATA / "access.gpkg"


def compliance_available() -> bool:
    try:
        return importlib.util.find_spec("eco_zoning.plugin.core.compliance") is not None
    except ModuleNotFoundError:
        return False


class NotAvailable(Exception):
    pass


def run_access(scale, side, processing, context, feedback):
    """Build bench/data/access.gpkg: ecozoning:createproject + importaccesslist."""
    from tools import demo_access_list

    target = fresh(access_path())
    started = time.perf_counter()
    processing.run(
        "ecozoning:createproject",
        {"CRS": f"EPSG:{TARGET_EPSG}", "OUTPUT": str(target), "OVERWRITE": True},
        context=context,
        feedback=feedback,
    )
    workbook = demo_access_list.write_workbook(DATA / "access.xlsx")
    processing.run(
        "ecozoning:importaccesslist",
        {"INPUT": str(workbook), "FORMAT": 2, "TARGET": layer(target, "access_list")},
        context=context,
        feedback=feedback,
    )
    seconds = time.perf_counter() - started
    return seconds, [], lambda: {"requirements": feature_count(target, "access_list")}


def run_compliance(scale, side, processing, context, feedback):
    from bench.baselines import Chain, compliance_chain

    if not compliance_available():
        raise NotAvailable("plugin/core/compliance.py does not exist yet")
    src = inputs(scale)
    units = units_path(scale)
    output = fresh(out_dir(scale) / f"compliance_{side}.gpkg")
    steps = []
    started = time.perf_counter()
    if side == "plugin":
        unit_layer = layer(units, "units", "环境管控单元")
        access = uri(access_path(), "access_list")
        constraints = [layer(src, t, n) for t, n in COMPLIANCE_CONSTRAINTS]
        for table, title, buffer in COMPLIANCE_PROJECTS:
            kind = table.split("_")[1]
            processing.run(
                "ecozoning:compliance",
                {
                    "PROJECT": layer(src, table, title),
                    "PROJECT_NAME_FIELD": "XMMC",
                    "INDUSTRY_FIELD": "HYDM",
                    "BUFFER": buffer,
                    "UNITS": unit_layer,
                    "ACCESS_LIST": access,
                    "CONSTRAINTS": constraints,
                    "OUTPUT": gpkg_table(output, f"{kind}_units"),
                    "OUTPUT_CONSTRAINTS": gpkg_table(output, f"{kind}_constraints"),
                    "OUTPUT_REQUIREMENTS": gpkg_table(
                        output, f"{kind}_requirements", geometry=False
                    ),
                    "OUTPUT_PROJECTS": gpkg_table(output, f"{kind}_projects", geometry=False),
                },
                context=context,
                feedback=feedback,
            )
    else:
        chain = Chain(processing, context, feedback)
        compliance_chain(
            chain,
            src,
            units,
            uri(access_path(), "access_list"),
            output,
            COMPLIANCE_PROJECTS,
            COMPLIANCE_CONSTRAINTS,
            TARGET_EPSG,
        )
        steps = chain.steps
    seconds = time.perf_counter() - started
    return seconds, steps, lambda: compliance_metrics(scale, output, side)


def _sliver_rows(kind: str, values: dict) -> int:
    if kind == "polygon":
        return sum(1 for a in values["overlap_area_m2"] if float(a or 0) < 0.01 + 1e-9)
    if kind == "line":
        return sum(1 for a in values["overlap_length_m"] if float(a or 0) < 0.001)
    return 0


def compliance_metrics(scale, output, side) -> dict:
    """Projects, project x unit pieces and their area / length, constraint overlap areas."""
    out = {"projects": 0, "unit_rows": 0, "unit_area_km2": 0.0, "unit_length_km": 0.0}
    out["sliver_rows"] = 0  # hits under 0.01 m² / 1 mm: slivers along a unit border
    by_constraint: dict[str, float] = {}
    for table, _, _ in COMPLIANCE_PROJECTS:
        kind = table.split("_")[1]
        out["projects"] += max(feature_count(inputs(scale), table), 0)
        if side == "plugin":
            fields = ("overlap_area_m2", "overlap_length_m")
            _, v = read_table(output, f"{kind}_units", fields)
            out["unit_rows"] += len(v["overlap_area_m2"])
            out["sliver_rows"] += _sliver_rows(kind, v)
            out["unit_area_km2"] += sum(float(a or 0) for a in v["overlap_area_m2"]) / 1e6
            out["unit_length_km"] += sum(float(a or 0) for a in v["overlap_length_m"]) / 1e3
            _, c = read_table(output, f"{kind}_constraints", ("constraint", "overlap_area_m2"))
            for name, a in zip(c["constraint"], c["overlap_area_m2"]):
                by_constraint[name] = by_constraint.get(name, 0.0) + float(a or 0) / 1e6
        else:
            _, v = read_table(output, f"{kind}_units", ("overlap_area_m2", "overlap_length_m"))
            out["unit_rows"] += len(v["overlap_area_m2"])
            out["sliver_rows"] += _sliver_rows(kind, v)
            out["unit_area_km2"] += sum(float(a or 0) for a in v["overlap_area_m2"]) / 1e6
            out["unit_length_km"] += sum(float(a or 0) for a in v["overlap_length_m"]) / 1e3
            _, c = read_table(output, f"{kind}_constraints", ("constraint", "overlap_area_m2"))
            for name, a in zip(c["constraint"], c["overlap_area_m2"]):
                by_constraint[name] = by_constraint.get(name, 0.0) + float(a or 0) / 1e6
    out["constraint_area_km2"] = by_constraint
    return out


def click_points(scale: str, n: int = CLICKS, seed: int = SEED):
    """``n`` seeded map clicks (EPSG:4527 x, y) inside the counties, with an industry each."""
    import shapely

    geoms, _ = read_table(inputs(scale), "county", (), TARGET_EPSG)
    area = shapely.union_all([g for g in geoms if g is not None])
    rng = np.random.default_rng([seed, zlib.crc32(scale.encode()), zlib.crc32(b"clicks")])
    xy = _sample_in(rng, area, n)
    industries = [CLICK_INDUSTRIES[i] for i in rng.integers(len(CLICK_INDUSTRIES), size=n)]
    return xy, industries


def latency(ms: list[float]) -> dict:
    arr = np.asarray(ms, dtype=float)
    return {
        "clicks": len(arr),
        "p50_ms": round(float(np.percentile(arr, 50)), 2),
        "p95_ms": round(float(np.percentile(arr, 95)), 2),
        "max_ms": round(float(arr.max()), 2),
    }


def run_quickcheck(scale, side, processing, context, feedback):
    """200 map clicks: the plugin's quick check against prebuilt indexes (as the panel does),
    the baseline's extract-by-location on the units and constraint layers + access-list join."""
    if not compliance_available():
        raise NotAvailable("plugin/core/compliance.py does not exist yet")
    src = inputs(scale)
    units = units_path(scale)
    xy, industries = click_points(scale)
    unit_layer = layer(units, "units", "环境管控单元")
    access_layer = layer(access_path(), "access_list", "生态环境准入清单")
    constraints = [layer(src, t, n) for t, n in COMPLIANCE_CONSTRAINTS]
    clicks_ms, clicks_cpu_ms, index_cpu_s = [], [], None
    started, cpu_started = time.perf_counter(), time.process_time()
    if side == "plugin":
        import shapely

        from eco_zoning.plugin.adapters import compliance_data as data
        from eco_zoning.plugin.adapters.crs import working_crs_for_extent
        from eco_zoning.plugin.core.compliance import quick_check

        work_crs = working_crs_for_extent(unit_layer.extent(), unit_layer.crs())
        snapshots = (  # as the panel's index task reads them
            data.LayerSnapshot(unit_layer),
            data.LayerSnapshot(access_layer),
            [data.LayerSnapshot(c) for c in constraints],
            None,
        )
        index, _ = data.build_index(snapshots, work_crs, context.transformContext())
        index_s = time.perf_counter() - started
        index_cpu_s = time.process_time() - cpu_started
        hits = 0
        for (x, y), industry in zip(xy, industries):
            t, c = time.perf_counter(), time.thread_time()
            result = quick_check(index, shapely.Point(x, y), industry, name="click")
            clicks_ms.append(1000 * (time.perf_counter() - t))
            clicks_cpu_ms.append(1000 * (time.thread_time() - c))  # a busy machine's waits out
            hits += len(result.units)
        steps = []
    else:
        from bench.baselines import Chain, click_chain

        chain = Chain(processing, context, feedback, trace=False)
        index_s = 0.0
        hits = 0
        for x, y in xy:
            t = time.perf_counter()
            found = click_chain(chain, x, y, unit_layer, constraints, access_layer, TARGET_EPSG)
            clicks_ms.append(1000 * (time.perf_counter() - t))
            hits += found
        steps = _summed_steps(chain.steps)
    seconds = time.perf_counter() - started
    info = {**latency(clicks_ms), "index_s": round(index_s, 3), "unit_hits": hits}
    if clicks_cpu_ms:  # CPU per click and of the index build (comparable on a loaded machine)
        cpu = latency(clicks_cpu_ms)
        info.update(cpu_p50_ms=cpu["p50_ms"], cpu_p95_ms=cpu["p95_ms"])
        info["index_cpu_s"] = round(index_cpu_s, 3)
    info["units"] = feature_count(units, "units")
    return seconds, steps, lambda: info


def run_livecheck(scale, side, processing, context, feedback):
    """100 seeded edits (a unit pushed over a shared edge): the editing live check on the
    edit's neighbourhood (bench/livecheck.py). No QGIS counterpart exists for the baseline."""
    if side != "plugin":
        raise NotAvailable("QGIS has no local coverage check to compare with")
    from bench import livecheck

    geoms, values = read_table(units_path(scale), "units", ("HJZHGKDYBM", "ZHGKDYFL"), TARGET_EPSG)
    started = time.perf_counter()
    info = livecheck.time_checks(
        geoms, np.asarray(values["HJZHGKDYBM"], dtype=object), np.asarray(values["ZHGKDYFL"])
    )
    return time.perf_counter() - started, [], lambda: info


def _summed_steps(steps: list[dict]) -> list[dict]:
    """Steps of a repeated chain, summed per step name."""
    out: dict[str, dict] = {}
    for s in steps:
        row = out.setdefault(
            s["step"], {"step": s["step"], "algorithm": s["algorithm"], "seconds": 0.0}
        )
        row["seconds"] = round(row["seconds"] + s["seconds"], 3)
        row["features"] = None
    return list(out.values())


RUNNERS = {
    "delineation": run_delineation,
    "checks": run_checks,
    "overlap": run_overlap,
    "compliance": run_compliance,
    "quickcheck": run_quickcheck,
    "livecheck": run_livecheck,
    "units": run_prepare,
    "access": run_access,
}


# --- plugin / baseline agreement ---------------------------------------------------------------


def _rel(a: float, b: float) -> float:
    if a == b:
        return 0.0
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else 0.0


# Where the plugin's rules and the analyst's chain differ by design, counts differ: the
# reason, shown in results.md next to the counts. A count difference without a reason here
# makes the outputs disagree.
COUNT_REASONS = {
    "general units": (
        "the plugin gives each township one general unit, in the county holding its interior "
        "point (township land across a county line joins that county's neighbouring "
        "township); the chain makes a unit of every township piece in every county it "
        "touches (township and county borders do not match exactly) and one per county for "
        "land in no township"
    ),
    "general parts": (
        "as for the general units: the chain's extra township pieces are extra parts, and "
        "its eliminate joins small parts to the neighbour with the longest border in any "
        "county, the plugin only within the county"
    ),
    "priority parts": (
        "the plugin keeps a priority fragment under MIN_AREA that has no priority neighbour "
        "(priority land never leaves a priority unit); the chain's eliminate merges it into "
        "any neighbour"
    ),
    "project x unit rows": (
        "the rows differ only by hits under 0.01 m² (polygons) or 1 mm (lines): slivers "
        "along a unit border, narrower than the plugin's 1 mm overlay grid, that the chain's "
        "floating overlay counts as a hit; without them the rows agree"
    ),
    "key parts": (
        "the chain's eliminate merges small key parts into any neighbour; the plugin only "
        "into a unit of the same county, priority land excepted"
    ),
}


def compare(job: str, plugin: dict, baseline: dict, tolerance: float = 0.01) -> dict:
    """How well the two sides' outputs agree:
    {"ok": bool, "items": [(what, p, b, unit, ok, reason)]}.

    Areas agree within ``tolerance`` (relative) or 0.01 km² / 1 m² absolute for tiny ones;
    counts agree when equal. A count that differs for a reason in ``COUNT_REASONS`` is
    reported as differing, with the reason, and does not make the outputs disagree.
    """
    items = []

    def area(what, p, b, unit, floor):
        ok = _rel(p, b) <= tolerance or abs(p - b) <= floor
        items.append((what, p, b, unit, ok, ""))

    def count(what, p, b):
        ok = p == b
        items.append((what, p, b, "", ok, "" if ok else COUNT_REASONS.get(what, "")))

    if job == "delineation":
        area("total unit area", plugin["area_km2"], baseline["area_km2"], "km²", 0.01)
        for c, label in (("1", "priority"), ("2", "key"), ("3", "general")):
            area(
                f"{label} area",
                plugin["class_area_km2"][c],
                baseline["class_area_km2"][c],
                "km²",
                0.01,
            )
        ok = all(abs(m["coverage_pct"] - 100.0) <= 0.01 for m in (plugin, baseline))
        items.append(
            ("units / county area", plugin["coverage_pct"], baseline["coverage_pct"], "%", ok, "")
        )
        for c, label in (("1", "priority"), ("2", "key"), ("3", "general")):
            count(f"{label} units", plugin["class_units"][c], baseline["class_units"][c])
            count(f"{label} parts", plugin["class_parts"][c], baseline["class_parts"][c])
    elif job == "checks":
        for code in CHECKS_COMPARED:
            p = plugin.get(code, {"count": 0, "area_m2": 0.0})
            b = baseline.get(code)
            if b is None:
                continue
            if code in ("A01", "A02", "G01"):
                count(f"{code} count", p["count"], b["count"])
            else:
                area(f"{code} area", p["area_m2"], b["area_m2"], "m²", 1.0)
    elif job == "overlap":
        names = sorted(set(plugin["by_constraint"]) | set(baseline["by_constraint"]))
        for name in names:
            p = plugin["by_constraint"].get(name, {"area_km2": 0.0})["area_km2"]
            b = baseline["by_constraint"].get(name, {"area_km2": 0.0})["area_km2"]
            area(f"{name} overlap area", p, b, "km²", 0.001)
    elif job == "compliance":
        p_rows, b_rows = plugin["unit_rows"], baseline["unit_rows"]
        count("project x unit rows", p_rows, b_rows)
        p_real = p_rows - plugin.get("sliver_rows", 0)
        if p_rows != b_rows and p_real == b_rows - baseline.get("sliver_rows", 0):
            items[-1] = items[-1][:5] + (COUNT_REASONS["project x unit rows"],)
        area(
            "project area in units", plugin["unit_area_km2"], baseline["unit_area_km2"], "km²", 1e-4
        )
        area(
            "project length in units",
            plugin["unit_length_km"],
            baseline["unit_length_km"],
            "km",
            1e-3,
        )
        names = sorted(set(plugin["constraint_area_km2"]) | set(baseline["constraint_area_km2"]))
        for name in names:
            p = plugin["constraint_area_km2"].get(name, 0.0)
            b = baseline["constraint_area_km2"].get(name, 0.0)
            area(f"{name} overlap area", p, b, "km²", 1e-4)
    elif job == "quickcheck":
        count("units hit by the clicks", plugin["unit_hits"], baseline["unit_hits"])
    return {"ok": all(i[4] or i[5] for i in items), "items": items}


# --- profiling -------------------------------------------------------------------------------


def profile_top(session, limit: int = 12) -> dict:
    """Top entries of a pyinstrument session, two ways (seconds and share of the run).

    ``engine``: time charged to the innermost plugin function on the stack (everything a
    plugin function calls, shapely/GEOS included, counts for it unless another plugin
    function is deeper) — this names the line to change. ``leaf``: self time by the
    function that actually ran (a GEOS call shows as its shapely wrapper).
    """
    root = session.root_frame()
    if root is None:
        return {"engine": [], "leaf": []}
    total = root.time
    engine: dict[tuple, float] = {}
    leaf: dict[tuple, float] = {}
    plugin_dirs = ("/plugin/", "/processing_provider/")

    def key_of(frame):
        return (frame.function or "?", frame.file_path_short or "", frame.line_no or 0)

    stack = [(root, None, None)]
    while stack:
        frame, owner, parent = stack.pop()
        path = frame.file_path or ""
        if not frame.is_synthetic and any(d in path for d in plugin_dirs):
            owner = key_of(frame)
        self_time = frame.time - sum(c.time for c in frame.children)
        if self_time > 0:
            own = parent if frame.is_synthetic and parent is not None else key_of(frame)
            leaf[own] = leaf.get(own, 0.0) + self_time
            if owner is not None:
                engine[owner] = engine.get(owner, 0.0) + self_time
        here = parent if frame.is_synthetic else key_of(frame)
        stack.extend((child, owner, here) for child in frame.children)

    def rows(table):
        top = sorted(table.items(), key=lambda kv: -kv[1])[:limit]
        return [
            {
                "function": f,
                "where": f"{path}:{line}",
                "seconds": round(t, 3),
                "share_pct": round(100 * t / total, 1) if total else 0.0,
            }
            for (f, path, line), t in top
        ]

    return {"engine": rows(engine), "leaf": rows(leaf), "total_s": round(total, 3)}


def warm_imports():
    """Import what the plugin imports on its first run in a QGIS session (pandas, the
    engines), so a one-off import (~0.2 s) is not counted as the job's time."""
    import pandas  # noqa: F401
    import shapely  # noqa: F401

    from eco_zoning.plugin.adapters import layers  # noqa: F401
    from eco_zoning.plugin.core import checks, delineation, overlap  # noqa: F401
    from eco_zoning.plugin.dependencies import missing_requirements

    missing_requirements()


# --- main ------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--job", required=True, choices=[*JOBS, "units", "access"])
    parser.add_argument("--scale", required=True)
    parser.add_argument("--side", required=True, choices=["plugin", "baseline", "prepare"])
    parser.add_argument("--profile", help="write a pyinstrument profile (text) to this file")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="overlay threads of delineation and checks (the profile uses 1: overlays show up)",
    )
    args = parser.parse_args(argv)
    report = {"job": args.job, "scale": args.scale, "side": args.side, "status": "ok"}
    try:
        processing, context = boot()
        feedback = Feedback.make()
        if args.workers is not None:
            from eco_zoning.plugin import settings

            # the algorithm reads the plugin's setting at run time: this run's choice,
            # without touching the stored QgsSettings value
            settings.overlay_threads = lambda: args.workers
        warm_imports()
        report["boot_peak_mb"] = round(peak_mb(), 1)
        runner = RUNNERS[args.job]
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.002)
            profiler.start()
        cpu_start = time.process_time()  # all threads of this process: a busy machine's
        seconds, steps, measure = runner(args.scale, args.side, processing, context, feedback)
        report["seconds"] = round(seconds, 3)
        report["cpu_seconds"] = round(time.process_time() - cpu_start, 3)  # waits not counted
        report["peak_mb"] = round(peak_mb(), 1)
        if profiler is not None:
            profiler.stop()
            Path(args.profile).write_text(
                profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
            )
            report["profile_top"] = profile_top(profiler.last_session)
        report["steps"] = steps
        report["metrics"] = measure()
        if feedback.errors:
            report["messages"] = feedback.errors[:20]
    except NotAvailable as error:
        report["status"] = "not_available"
        report["error"] = str(error)
    except Exception as error:  # a crash is a result too: run.py records it
        report["status"] = "error"
        report["error"] = f"{type(error).__name__}: {error}"
        report["traceback"] = traceback.format_exc()[-3000:]
        report["peak_mb"] = round(peak_mb(), 1)
    print("BENCH-JSON " + json.dumps(report, ensure_ascii=False, default=_json_default), flush=True)
    return 0


def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        v = float(value)
        return None if math.isnan(v) else v
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
