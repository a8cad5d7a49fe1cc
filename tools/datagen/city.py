"""The generator: one ``City`` whose builders (mixins by topic) fill its state in order."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import shapely

from .admin import AdminBuilder
from .frame import origin, reproject
from .land import LandBuilder
from .parks import ParksBuilder
from .projects import ProjectsBuilder
from .protected import ProtectedBuilder
from .shapes import _multi, _rng
from .spec import DEFAULT_SEED, GEOGRAPHIC_EPSG, LAYER_TITLES, SCALES, ZONE39_EPSG, Layer
from .water import WaterBuilder


class City(
    AdminBuilder, WaterBuilder, LandBuilder, ProtectedBuilder, ParksBuilder, ProjectsBuilder
):
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

    def assemble(self) -> dict[str, Layer]:
        x0, y0 = origin()

        def final(geoms):
            geoms = np.asarray(geoms, dtype=object)
            return shapely.transform(geoms, lambda c: np.round(c + (x0, y0), 3))

        def geographic(geoms):
            return reproject(final(geoms), ZONE39_EPSG, GEOGRAPHIC_EPSG, 9)

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


def generate(scale: str = "sample", seed: int = DEFAULT_SEED) -> dict[str, Layer]:
    """All layers of the fictional dataset at ``scale``, keyed by table name (gpkg order)."""
    return City(scale, seed).run()


def generate_timed(scale: str = "sample", seed: int = DEFAULT_SEED):
    """``generate`` plus the seconds spent in each step."""
    city = City(scale, seed)
    layers = city.run()
    return layers, city.timings
