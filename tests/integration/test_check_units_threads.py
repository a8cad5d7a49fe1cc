"""ecozoning:checkunits runs its overlays on the plugin's overlay threads: the setting
reaches the engine, and one thread and two write the same problems."""

from __future__ import annotations

import numpy as np
import shapely
from layers import X0, Y0, layer_digest, memory_layer, two_counties
from qgis.core import QgsVectorLayer

from eco_zoning.plugin import settings
from eco_zoning.plugin.core import checks, schema
from eco_zoning.plugin.core.geometry import chunk_map, chunked
from tests.core.thread_spies import record_private_geometries

FIELDS = {
    schema.UNIT_CODE: "string",
    schema.UNIT_CLASS: "integer",
    schema.UNIT_COUNTY_CODE: "string",
    schema.UNIT_AREA: "double",
}


def _units():
    """1 km cells over the two counties, each densified with its own spacing (shared edges
    with different vertices), one cell missing (a gap), one grown into its neighbours."""
    rng = np.random.default_rng(7)
    rows, serial = [], {}
    for i in range(20):
        for j in range(10):
            if (i, j) == (3, 4):
                continue
            cell = shapely.box(
                X0 + i * 1000, Y0 + j * 1000, X0 + (i + 1) * 1000, Y0 + (j + 1) * 1000
            )
            if (i, j) == (14, 6):
                cell = cell.buffer(30.0, join_style="mitre")
            cell = shapely.segmentize(cell, float(rng.uniform(60, 140)))
            county = "990101" if i < 10 else "990102"
            cls = 1 if j < 3 else 3
            serial[county, cls] = serial.get((county, cls), 0) + 1
            code = f"ZH{county}{cls}{serial[county, cls]:04d}"
            attributes = {
                schema.UNIT_CODE: code,
                schema.UNIT_CLASS: cls,
                schema.UNIT_COUNTY_CODE: county,
                schema.UNIT_AREA: cell.area / 1e6,
            }
            rows.append((cell.wkt, attributes))
    return memory_layer("环境管控单元", rows, FIELDS)


def _red_line():
    """Red-line squares over priority and general cells (R01 in the general ones)."""
    rows = [
        (shapely.box(X0 + x, Y0 + y, X0 + x + 700, Y0 + y + 700).wkt, {"HXMC": f"红线{k}"})
        for k, (x, y) in enumerate((x, y) for x in range(300, 19000, 1900) for y in (600, 5300))
    ]
    return memory_layer("生态保护红线", rows, {"HXMC": "string"})


def test_the_setting_reaches_the_checks_and_threads_change_nothing(
    clean_setting, run_algorithm, tmp_path, monkeypatch
):
    seen = []
    engine = checks.check_units

    def spy(inp, progress=None, is_cancelled=None, workers=1):
        seen.append(workers)
        return engine(inp, progress, is_cancelled, workers)

    monkeypatch.setattr(checks, "check_units", spy)

    threaded = record_private_geometries(monkeypatch, chunked, chunk_map)
    units, counties, red = _units(), two_counties(), _red_line()
    digests, codes = [], []
    for n in (1, 2):
        settings.set_overlay_threads(n)
        threaded.clear()
        out = tmp_path / f"errors_{n}.gpkg"
        run_algorithm(
            "ecozoning:checkunits",
            {
                "UNITS": units,
                "ADMIN": counties,
                "ADMIN_CODE_FIELD": "XZQDM",
                "RED_LINE": red,
                "OUTPUT_ERRORS": str(out),
            },
        )
        layer = QgsVectorLayer(str(out), "errors", "ogr")
        assert layer.isValid()
        codes.append({f[schema.CHK_CODE] for f in layer.getFeatures()})
        digests.append(layer_digest(layer, 2))
        assert bool(threaded) == (n > 1)
    assert seen == [1, 2]
    assert {"T01", "T02", "R01"} <= codes[0] == codes[1]
    assert digests[0] == digests[1]
