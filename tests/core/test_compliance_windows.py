"""Reading only what lies near the projects gives the same assessment as reading everything."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from plugin.core import schema
from plugin.core.compliance import ComplianceInput, assess
from plugin.core.compliance.windows import MARGIN, near_windows, project_windows
from plugin.core.overlap import Constraint

X, Y = 39_500_000.0, 2_500_000.0
COUNTY = "440102"
SIDE = 40  # units per row and column: 1,600 units of 1 km², 40 km × 40 km
BUFFER = 200.0


def _units() -> pd.DataFrame:
    """A 40 × 40 grid of 1 km square units, the classes cycling 1, 2, 3."""
    cells = [(i, j) for j in range(SIDE) for i in range(SIDE)]
    return pd.DataFrame(
        {
            "fid": np.arange(1, len(cells) + 1),
            "geometry": [
                box(X + 1000 * i, Y + 1000 * j, X + 1000 * (i + 1), Y + 1000 * (j + 1))
                for i, j in cells
            ],
            schema.UNIT_CODE: [f"ZH{COUNTY}{1 + n % 3}{n:04d}" for n in range(len(cells))],
            schema.UNIT_NAME: [f"单元{n}" for n in range(len(cells))],
            schema.UNIT_CLASS: [1 + n % 3 for n in range(len(cells))],
            schema.UNIT_COUNTY_CODE: [COUNTY] * len(cells),
        }
    )


def _red_line() -> pd.DataFrame:
    """Scattered 300 m squares, one long strip crossing the whole area diagonally (its
    bounding box meets every window), and an L whose arm passes a project closely."""
    rng = np.random.default_rng(7)
    xy = rng.uniform(0, SIDE * 1000 - 300, size=(400, 2))
    geoms = [box(X + x, Y + y, X + x + 300, Y + y + 300) for x, y in xy]
    geoms.append(LineString([(X, Y), (X + SIDE * 1000, Y + SIDE * 1000)]).buffer(50))
    geoms.append(
        Polygon(
            [(X + 5000, Y + 5000), (X + 9000, Y + 5000), (X + 9000, Y + 5100)]
            + [(X + 5100, Y + 5100), (X + 5100, Y + 9000), (X + 5000, Y + 9000)]
        )
    )
    return pd.DataFrame({"fid": np.arange(1, len(geoms) + 1), "geometry": geoms})


def _projects() -> pd.DataFrame:
    """Projects in two corners: polygons across unit edges, a line, buffered points (one on
    a unit corner), one without geometry."""
    geoms = [
        box(X + 2500, Y + 2500, X + 3700, Y + 3300),  # four units
        box(X + 7990, Y + 7000, X + 8010, Y + 7400),  # a thin strip on a unit edge
        LineString([(X + 1500, Y + 6500), (X + 4200, Y + 6500), (X + 4200, Y + 3000)]),
        Point(X + 6000, Y + 6000),  # a unit corner, buffered
        Point(X + 35_500, Y + 36_200),  # the far corner
        box(X + 34_000, Y + 34_000, X + 34_900, Y + 35_100),
        None,
    ]
    n = len(geoms)
    return pd.DataFrame(
        {
            "fid": np.arange(1, n + 1),
            "name": [f"项目{i}" for i in range(n)],
            "industry": ["2614", "4411", "5412", "3011", "0610", None, "2614"],
            "geometry": geoms,
        }
    )


def _run(units: pd.DataFrame, red: pd.DataFrame):
    inp = ComplianceInput(
        projects=_projects(),
        units=units,
        requirements=None,
        regions=None,
        constraints=[Constraint("生态保护红线", red, role="red_line")],
        buffer=BUFFER,
    )
    return assess(inp)


def _near(frame: pd.DataFrame, windows) -> pd.DataFrame:
    return frame.loc[near_windows(frame["geometry"].to_numpy(), windows)].reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    if "geometry" in a.columns:
        ga, gb = a.pop("geometry").to_numpy(), b.pop("geometry").to_numpy()
        assert list(shapely.is_missing(ga)) == list(shapely.is_missing(gb))
        both = ~shapely.is_missing(ga)
        na, nb = shapely.normalize(ga[both]), shapely.normalize(gb[both])
        assert shapely.equals_exact(na, nb, tolerance=0).all(), shapely.to_wkt(na[:2])
    pdt.assert_frame_equal(a, b)


def test_filtered_run_gives_the_same_rows_and_verdicts():
    units, red = _units(), _red_line()
    windows = project_windows(_projects()["geometry"].to_numpy(), BUFFER)
    near_units, near_red = _near(units, windows), _near(red, windows)
    # most features are far from the projects: the filter leaves them out
    assert len(near_units) < 0.1 * len(units)
    assert len(near_red) < 0.25 * len(red)
    full, filtered = _run(units, red), _run(near_units, near_red)
    assert len(full.units) > 10
    assert full.constraints["inside"].sum() >= 4
    for name in ("units", "constraints", "requirements", "projects"):
        _same(getattr(full, name), getattr(filtered, name))


def test_features_straddling_the_window_edge_are_read_whole():
    red = _red_line()
    windows = project_windows(_projects()["geometry"].to_numpy(), BUFFER)
    near = near_windows(red["geometry"].to_numpy(), windows)
    assert near[-2] and near[-1]  # the diagonal strip and the L reach beyond the windows
    outline = shapely.union_all([box(*w) for w in windows])
    assert not outline.contains(red["geometry"].iloc[-2])
    full = _run(_units(), red).constraints
    assert full.loc[full["project_fid"] == 4, "inside"].item()  # the corner point's circle


def test_windows_cover_every_grown_project():
    geoms = _projects()["geometry"].to_numpy()
    windows = project_windows(geoms, BUFFER)
    outline = shapely.union_all([box(*w) for w in windows])
    grown = shapely.buffer(np.array([g for g in geoms if g is not None]), BUFFER)
    assert outline.contains(grown).all()
    boxes = [box(*w) for w in windows]
    assert not any(a.within(b) for a in boxes for b in boxes if a is not b)
    assert project_windows([None, Point()], BUFFER) == []


def test_a_long_line_is_covered_stretch_by_stretch():
    line = LineString([(X, Y), (X + 100_000, Y + 100_000), (X + 100_000, Y)])
    windows = project_windows([line], 0.0)
    boxes = [box(*w) for w in windows]
    assert shapely.union_all(boxes).contains(line.buffer(MARGIN - 1e-6))
    assert sum(b.area for b in boxes) < 0.1 * line.envelope.area
    straight = project_windows([LineString([(X, Y), (X + 50_000, Y)])], 0.0)
    assert len(straight) == 1  # the segments of a straight stretch make one window


def test_many_windows_are_merged_by_cell_and_still_cover_everything():
    rng = np.random.default_rng(3)
    points = shapely.points(rng.uniform(0, 100_000, size=(500, 2)) + [X, Y])
    windows = project_windows(points, 50.0, limit=16)
    assert 1 <= len(windows) <= 16
    outline = shapely.union_all([box(*w) for w in windows])
    assert outline.contains(shapely.buffer(points, 50.0)).all()
