"""What the 公众查阅 page publishes: units simplified for the web with their effective
access lists, an optional red line and place index, and the page's settings.

Pure Python (shapely 2, pandas). Geometries come in geographic CGCS2000 / WGS84
longitude-latitude (EPSG:4490 or 4326); only what the options select is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from .. import access as access_list
from .. import schema
from ..run import EcoZoningError
from ..values import plain_text as _text
from .simplify import round_coordinates, simplify_coverage

METRES_PER_DEGREE = 111_320.0
COORDINATE_GRID = 1e-6  # degrees, about 0.1 m
AUTO_TOLERANCES_M = (2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0)
DEFAULT_MAX_BYTES = 10_000_000  # units and red line of a province stay under 10 MB
MICRO_DEGREES = 1_000_000

# Optional fields a bureau may leave out ("code" and "class" are always published).
UNIT_FIELD_KEYS = {
    "name": schema.UNIT_NAME,
    "county": schema.UNIT_COUNTY,
    "subtype": schema.UNIT_SUBTYPE,
    "remark": schema.UNIT_REMARK,
}
REQUIREMENT_FIELD_KEYS = {
    "level": schema.REQ_SCOPE_LEVEL,
    "kind": schema.REQ_KIND,
    "industries": schema.REQ_INDUSTRIES,
    "basis": schema.REQ_BASIS,
}
CLASS_COLOURS_HEX = {schema.PRIORITY: "#4daf4a", schema.KEY: "#ff7f00", schema.GENERAL: "#8ecae6"}


@dataclass
class WebMapOptions:
    title: str = "生态环境分区管控成果查询"
    bureau: str = ""
    version: str = ""
    date: str = ""
    tolerance_m: float = 0.0  # 0: automatic, the smallest of AUTO_TOLERANCES_M within max_bytes
    max_bytes: int = DEFAULT_MAX_BYTES
    dimensions: tuple = schema.DIMENSIONS_ZH
    unit_fields: tuple = ("name", "county", "subtype")
    requirement_fields: tuple = ("level", "kind")
    basemap_url: str = ""
    basemap_attribution: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class WebMapData:
    payload: dict
    method: str  # simplification method used
    tolerance_m: float  # the tolerance used (chosen when automatic)
    vertices_before: int
    vertices_after: int
    geometry_bytes: int


@dataclass
class EncodedGeometries:
    units: list
    red_line: list | None
    tolerance_m: float
    method: str
    vertices: int
    size: int  # bytes of the encoded geometries as written


def _county_code(row) -> str:
    code = schema.normalise_county_code(row.get(schema.UNIT_COUNTY_CODE))
    if code:
        return code
    parsed = schema.DEFAULT_CODE_RULE.parse(_text(row.get(schema.UNIT_CODE)))
    return parsed[0] if parsed else ""


def encode_geometry(geometry) -> list:
    """A polygonal geometry as [[ring, …], …] (polygons of rings); each ring a flat list of
    integers in micro-degrees, the first point absolute and the others as differences:
    [x0, y0, dx1, dy1, …]. About a third of GeoJSON's size; app.js decodes it."""
    polygons = []
    for polygon in shapely.get_parts(geometry):
        if shapely.get_type_id(polygon) != 3 or polygon.is_empty:
            continue
        rings = [polygon.exterior, *polygon.interiors]
        encoded = []
        for ring in rings:
            coords = np.round(np.asarray(ring.coords)[:, :2] * MICRO_DEGREES).astype(np.int64)
            coords[1:] = np.diff(coords, axis=0)
            encoded.append(coords.ravel().tolist())
        polygons.append(encoded)
    return polygons


def decode_geometry(encoded):
    """The inverse of encode_geometry, as a shapely (Multi)Polygon (for tests and checks)."""
    polygons = []
    for rings in encoded:
        shells = [
            np.cumsum(np.asarray(r, dtype=np.int64).reshape(-1, 2), axis=0) / MICRO_DEGREES
            for r in rings
        ]
        polygons.append(shapely.Polygon(shells[0], shells[1:]))
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def encode_at(unit_geoms, red_parts, tolerance_m: float) -> EncodedGeometries:
    """Units (coverage-aware) and red-line polygons simplified at ``tolerance_m``, rounded
    to the micro-degree grid and encoded."""
    tolerance = tolerance_m / METRES_PER_DEGREE
    simple, method = simplify_coverage(unit_geoms, tolerance)
    simple = round_coordinates(simple, COORDINATE_GRID)
    vertices = int(shapely.get_num_coordinates(simple).sum())
    units = [encode_geometry(g) for g in simple]
    red = None
    if red_parts is not None:
        # the same algorithm as the units, so the red line keeps to the priority units' edges
        parts, _ = simplify_coverage(red_parts, tolerance)
        parts = round_coordinates(parts, COORDINATE_GRID)
        parts = parts[~shapely.is_empty(parts)]
        vertices += int(shapely.get_num_coordinates(parts).sum())
        red = [encode_geometry(g) for g in parts]
    size = len(json.dumps([units, red], separators=(",", ":")))
    return EncodedGeometries(units, red, tolerance_m, method, vertices, size)


def encode_within(unit_geoms, red_parts, options: WebMapOptions) -> EncodedGeometries:
    """At the options' tolerance; when automatic (0), at the smallest tolerance of
    AUTO_TOLERANCES_M whose geometries fit in ``max_bytes`` (the largest if none does)."""
    if options.tolerance_m > 0:
        return encode_at(unit_geoms, red_parts, options.tolerance_m)
    ladder, tried = AUTO_TOLERANCES_M, {}
    low, high, best = 0, len(AUTO_TOLERANCES_M) - 1, None
    while low <= high:  # sizes fall as the tolerance grows: a binary search
        middle = (low + high) // 2
        tried[middle] = encode_at(unit_geoms, red_parts, ladder[middle])
        if tried[middle].size <= options.max_bytes:
            best, high = tried[middle], middle - 1
        else:
            low = middle + 1
    last = len(ladder) - 1
    return best or tried.get(last) or encode_at(unit_geoms, red_parts, ladder[last])


class RequirementTable:
    """Requirement rows shared by many units, written once and referred to by index."""

    def __init__(self, fields: tuple):
        self.fields = fields
        self.rows: list[dict] = []
        self._index: dict = {}

    def add(self, row) -> int:
        item = {"t": _text(row.get(schema.REQ_TEXT))}
        for key in self.fields:
            value = _text(row.get(REQUIREMENT_FIELD_KEYS[key]))
            if value:
                item[key] = value
        key = tuple(sorted(item.items()))
        if key not in self._index:
            self._index[key] = len(self.rows)
            self.rows.append(item)
        return self._index[key]


def unit_lists(units, requirements, regions, options, table: RequirementTable) -> list[dict]:
    """Per unit: {dimension: [requirement index, …]} of its effective list."""
    lists = []
    for row in units.to_dict("records"):
        code = _text(row.get(schema.UNIT_CODE))
        county = _county_code(row)
        member = access_list.regions_by_membership(regions, code, county)
        spatial = access_list.regions_by_geometry(regions, row.get("geometry"))
        scope = access_list.UnitScope(
            code, int(row[schema.UNIT_CLASS]), county, frozenset(member | spatial)
        )
        effective = access_list.effective_requirements(requirements, scope)
        by_dimension = {d: [] for d in options.dimensions}
        for req in effective.to_dict("records"):
            dimension = _text(req.get(schema.REQ_DIMENSION))
            dimension = schema.DIMENSION_SYNONYMS_ZH.get(dimension, dimension)
            if dimension in by_dimension:
                by_dimension[dimension].append(table.add(req))
        lists.append(by_dimension)
    return lists


class WebMapDataError(EcoZoningError):
    """Bad input: ``kind`` names the problem, ``detail`` the feature (caller translates)."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


def _checked_units(units: pd.DataFrame) -> pd.DataFrame:
    units = units[~shapely.is_missing(units["geometry"].to_numpy())]
    units = units[~shapely.is_empty(units["geometry"].to_numpy())]
    if units.empty:
        raise WebMapDataError("no_units")
    classes = pd.to_numeric(units[schema.UNIT_CLASS], errors="coerce")
    bad = ~classes.isin(list(schema.CLASS_LABELS_ZH))
    if bad.any():
        row = units[bad].iloc[0]
        raise WebMapDataError("bad_class", f"{_text(row.get(schema.UNIT_CODE))} ({row.get('fid')})")
    codes = units[schema.UNIT_CODE].map(_text)
    if (codes == "").any():
        raise WebMapDataError("no_code", str(units[codes == ""].iloc[0].get("fid")))
    return units.assign(**{schema.UNIT_CLASS: classes.astype(int)})


def _unit_properties(row, options: WebMapOptions, lists: dict) -> dict:
    props = {"code": _text(row.get(schema.UNIT_CODE)), "class": int(row[schema.UNIT_CLASS])}
    for key in options.unit_fields:
        value = _text(row.get(UNIT_FIELD_KEYS[key]))
        if value:
            props[key] = value
    props["lists"] = lists
    return props


def _red_line_parts(red_line) -> np.ndarray | None:
    """The red line dissolved into polygons (overlaps counted once), attributes dropped."""
    if red_line is None or red_line.empty:
        return None
    geoms = red_line["geometry"].to_numpy()
    geoms = geoms[~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)]
    merged = shapely.make_valid(shapely.union_all(shapely.make_valid(geoms)))
    parts = shapely.get_parts(merged)
    return parts[shapely.get_type_id(parts) == 3]


def _places(places) -> list:
    """[{name, county, bbox}] for the place search (no geometry is published)."""
    if places is None or places.empty:
        return []
    result = []
    for row in places.to_dict("records"):
        geometry = row.get("geometry")
        name = _text(row.get("name"))
        if not name or geometry is None or shapely.is_empty(geometry):
            continue
        bounds = [round(v, 6) for v in shapely.bounds(geometry).tolist()]
        result.append({"name": name, "county": _text(row.get("county")), "bbox": bounds})
    return result


def _meta(options: WebMapOptions) -> dict:
    return {
        "title": options.title,
        "bureau": options.bureau,
        "version": options.version,
        "date": options.date,
        "crs": "EPSG:4490",
        "dimensions": list(options.dimensions),
        "unitFields": list(options.unit_fields),
        "requirementFields": list(options.requirement_fields),
        "classes": {
            str(c): {"label": schema.CLASS_UNIT_SUFFIX_ZH[c], "colour": CLASS_COLOURS_HEX[c]}
            for c in (schema.PRIORITY, schema.KEY, schema.GENERAL)
        },
        "basemap": {"url": options.basemap_url, "attribution": options.basemap_attribution}
        if options.basemap_url
        else None,
    }


def build_webmap_data(
    units: pd.DataFrame,
    requirements: pd.DataFrame | None = None,
    regions: pd.DataFrame | None = None,
    red_line: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
    options: WebMapOptions | None = None,
) -> WebMapData:
    """The page's data. ``units`` by schema names with "geometry" in lon/lat; ``places``
    has "name", "county" and "geometry"; ``regions`` as for the access lists."""
    options = options or WebMapOptions()
    units = _checked_units(units).reset_index(drop=True)
    geoms = units["geometry"].to_numpy()
    red_parts = _red_line_parts(red_line)
    encoded = encode_within(geoms, red_parts, options)
    table = RequirementTable(tuple(options.requirement_fields))
    lists = unit_lists(units, requirements, regions, options, table)
    features = [
        {"p": _unit_properties(row, options, unit_list), "g": geometry}
        for row, geometry, unit_list in zip(units.to_dict("records"), encoded.units, lists)
    ]
    payload = {
        "meta": {**_meta(options), "toleranceM": encoded.tolerance_m},
        "units": features,
        "requirements": table.rows,
        "redLine": encoded.red_line,
        "places": _places(places),
    }
    before = int(shapely.get_num_coordinates(geoms).sum())
    if red_parts is not None:
        before += int(shapely.get_num_coordinates(red_parts).sum())
    return WebMapData(
        payload,
        encoded.method,
        encoded.tolerance_m,
        before,
        encoded.vertices,
        encoded.size,
    )
