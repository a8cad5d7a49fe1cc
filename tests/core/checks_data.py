"""Synthetic unit layers for the check and overlap tests (and the timing runs).

``small_county`` builds a hand-checkable county: a 1,000 m × 1,000 m square
(county 440606) split into a 4 × 4 grid of 250 m units (62,500 m² each), with
valid codes, classes, one 产业园区 park unit and correct MJ. ``voronoi_province``
builds a large layer (tens of thousands of Voronoi units over ~100 counties)
for the timing runs.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box

from plugin.core import schema

COUNTY = "440606"
CELL = 250.0
X0, Y0 = 39_500_000.0, 2_500_000.0  # Gauss-Krüger easting with the zone prefix

# class of each grid cell, row 0 at the bottom: column 0 is priority (the red line),
# cell (1, 2) is the park, row 3 is key (urban), the rest general.
_CLASS_GRID = [
    [1, 3, 3, 3],
    [1, 3, 2, 3],
    [1, 3, 3, 3],
    [1, 2, 2, 2],
]
PARK_CELL = (1, 2)  # (row, col)


def cell_box(row: int, col: int, x0: float = X0, y0: float = Y0, size: float = CELL):
    return box(x0 + col * size, y0 + row * size, x0 + (col + 1) * size, y0 + (row + 1) * size)


def small_county(county: str = COUNTY, x0: float = X0, y0: float = Y0):
    """(units, admin, red_line, farmland, urban, access_codes) for a clean 4 × 4 county."""
    rows = []
    serial = {1: 0, 2: 0, 3: 0}
    for r in range(4):
        for c in range(4):
            cls = _CLASS_GRID[r][c]
            serial[cls] += 1
            geom = cell_box(r, c, x0, y0)
            is_park = (r, c) == PARK_CELL
            subtype = {
                1: schema.SUBTYPE_RED_LINE,
                2: schema.SUBTYPE_PARK if is_park else schema.SUBTYPE_URBAN,
                3: schema.SUBTYPE_GENERAL,
            }[cls]
            rows.append(
                {
                    "geometry": geom,
                    schema.UNIT_CODE: schema.DEFAULT_CODE_RULE.make(county, cls, serial[cls]),
                    schema.UNIT_NAME: f"单元{r}{c}",
                    schema.UNIT_CLASS: cls,
                    schema.UNIT_SUBTYPE: subtype,
                    schema.UNIT_COUNTY_CODE: county,
                    schema.UNIT_AREA: geom.area / 1e6,
                }
            )
    units = pd.DataFrame(rows)
    units.insert(0, "fid", np.arange(1, len(units) + 1))
    admin = pd.DataFrame(
        {"fid": [1], "geometry": [box(x0, y0, x0 + 4 * CELL, y0 + 4 * CELL)], "code": [county]}
    )
    # red line: two overlapping polygons inside the priority column
    red = pd.DataFrame(
        {
            "fid": [1, 2],
            "geometry": [
                box(x0 + 10, y0 + 10, x0 + 240, y0 + 600),
                box(x0 + 10, y0 + 500, x0 + 240, y0 + 990),
            ],
        }
    )
    # farmland in general units only
    farmland = pd.DataFrame(
        {
            "fid": [1, 2],
            "geometry": [
                box(x0 + 260, y0 + 10, x0 + 490, y0 + 240),
                box(x0 + 760, y0 + 260, x0 + 990, y0 + 490),
            ],
        }
    )
    # urban development boundary inside the key row
    urban = pd.DataFrame({"fid": [1], "geometry": [box(x0 + 260, y0 + 760, x0 + 990, y0 + 990)]})
    access = set(units[schema.UNIT_CODE])
    return units, admin, red, farmland, urban, access


# --- large synthetic layers for timing runs ------------------------------------


def voronoi_province(
    n_units: int = 44_604,
    n_counties: int = 100,
    width: float = 500_000.0,
    height: float = 400_000.0,
    segment: float = 50.0,
    seed: int = 0,
    mismatched: bool = False,
):
    """(units, admin): Voronoi units cut by Voronoi counties, edges densified to ``segment`` m.

    Neighbouring units share their edges (densified independently on each side, so
    the shared vertices are near-coincident, as in real data). With ``mismatched``
    each unit is densified with its own spacing: shared edges then have different
    vertices on each side (a layer that is not topologically clean).
    """
    rng = np.random.default_rng(seed)
    frame = box(X0, Y0, X0 + width, Y0 + height)

    def cells(n):
        pts = np.column_stack([X0 + rng.uniform(0, width, n), Y0 + rng.uniform(0, height, n)])
        vor = shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=frame)
        return shapely.intersection(shapely.get_parts(vor), frame)

    counties = shapely.segmentize(cells(n_counties), segment)
    codes = np.array([f"{440000 + i + 1:06d}" for i in range(len(counties))])
    admin = pd.DataFrame(
        {"fid": np.arange(1, len(counties) + 1), "geometry": counties, "code": codes}
    )
    # cutting by counties adds pieces: about 2.2 per unit along county borders
    border = shapely.length(counties).sum() / 2
    spacing = math.sqrt(width * height / n_units)
    pieces = cells(max(int(n_units - 1.1 * border / spacing), n_counties))
    tree = shapely.STRtree(counties)
    pi, ci = tree.query(pieces, predicate="intersects")
    geoms = shapely.intersection(pieces[pi], counties[ci])
    area = shapely.area(geoms)
    keep = area > 0.0
    geoms, ci = geoms[keep], ci[keep]
    if mismatched:
        geoms = shapely.segmentize(geoms, segment * rng.uniform(0.6, 1.4, len(geoms)))
    else:
        geoms = shapely.segmentize(geoms, segment)
    n = len(geoms)
    cls = rng.choice([1, 2, 3], size=n, p=[0.3, 0.3, 0.4])
    subtype = np.where(cls == 1, schema.SUBTYPE_RED_LINE, schema.SUBTYPE_GENERAL).astype(object)
    park = (cls == 2) & (rng.uniform(size=n) < 0.2)
    subtype[park] = schema.SUBTYPE_PARK
    county = codes[ci]
    serial = pd.Series(np.ones(n, dtype=int)).groupby([county, cls]).cumsum().to_numpy()
    unit_codes = [f"ZH{c}{k}{s:04d}" for c, k, s in zip(county, cls, serial)]
    units = pd.DataFrame(
        {
            "fid": np.arange(1, n + 1),
            "geometry": geoms,
            schema.UNIT_CODE: unit_codes,
            schema.UNIT_NAME: [f"单元{i}" for i in range(n)],
            schema.UNIT_CLASS: cls,
            schema.UNIT_SUBTYPE: subtype,
            schema.UNIT_COUNTY_CODE: county,
            schema.UNIT_AREA: shapely.area(geoms) / 1e6,
        }
    )
    return units, admin


def scattered_polygons(units: pd.DataFrame, n: int, size: float, seed: int = 1) -> pd.DataFrame:
    """``n`` random squares (about ``size`` m wide) with random rotation inside the units' extent."""
    rng = np.random.default_rng(seed)
    xmin, ymin, xmax, ymax = shapely.total_bounds(units["geometry"].to_numpy())
    cx = rng.uniform(xmin, xmax, n)
    cy = rng.uniform(ymin, ymax, n)
    s = size * rng.uniform(0.5, 1.5, n)
    pts = shapely.points(cx, cy)
    geoms = shapely.buffer(pts, s / 2, quad_segs=2)  # octagons
    return pd.DataFrame({"fid": np.arange(1, n + 1), "geometry": geoms})
