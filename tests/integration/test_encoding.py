"""Shapefiles in GBK / Big5 without .cpg: read right, files untouched, project layers fixed."""

import hashlib

from dbf_writer import write_shapefile
from layers import box
from qgis.core import QgsVectorLayer

from eco_zoning.plugin.adapters.encoding import fix_project_layer
from eco_zoning.plugin.core import schema


def _hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_gbk_county_names_reach_unit_names(tmp_path, run_algorithm):
    folder = tmp_path / "县界 数据"
    folder.mkdir()
    shp = folder / "县界.shp"
    write_shapefile(
        shp,
        [box(0, 0, 10, 10), box(10, 0, 20, 10)],
        [("XZQDM", 6), ("XZQMC", 40)],
        [["990101", "清源区"], ["990102", "望江县"]],
        "gbk",
    )
    before = _hashes(folder)
    results, feedback, _ = run_algorithm(
        "ecozoning:delineateunits",
        {
            "ADMIN": str(shp),
            "ADMIN_CODE_FIELD": "XZQDM",
            "ADMIN_NAME_FIELD": "XZQMC",
            "OUTPUT": str(tmp_path / "u.gpkg"),
        },
    )
    names = sorted(
        f[schema.UNIT_NAME] for f in QgsVectorLayer(results["OUTPUT"], "u", "ogr").getFeatures()
    )
    assert names == ["望江县一般管控单元", "清源区一般管控单元"]
    assert any("GB18030" in m for m in feedback.messages)
    assert _hashes(folder) == before  # inputs never modified


def test_project_layer_gets_the_guessed_encoding(tmp_path):
    shp = tmp_path / "big5.shp"
    write_shapefile(shp, [box(0, 0, 1, 1)], [("MC", 40)], [["清源區"]], "big5")
    layer = QgsVectorLayer(str(shp), "big5", "ogr")
    assert next(layer.getFeatures())["MC"] != "清源區"  # mangled as UTF-8
    guess = fix_project_layer(layer)
    assert guess.encoding == "BIG5"
    assert next(layer.getFeatures())["MC"] == "清源區"
    assert fix_project_layer(layer) is None  # nothing more to do
