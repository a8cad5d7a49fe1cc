"""建设项目符合性分析 reads only the features near the projects, with the same results."""

import pytest
import shapely
from layers import X0, Y0, box, memory_layer
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
)

from eco_zoning.plugin.adapters import compliance_data
from eco_zoning.plugin.core import schema
from eco_zoning.plugin.core.compliance import windows as windows_module

ALG = "ecozoning:compliance"
SIDE = 30  # 30 × 30 units of 1 km²
UNIT_FIELDS = {schema.UNIT_CODE: "string", schema.UNIT_NAME: "string", schema.UNIT_CLASS: "integer"}
GK = QgsCoordinateReferenceSystem("EPSG:4527")
GEOGRAPHIC = QgsCoordinateReferenceSystem("EPSG:4490")


def _units():
    rows = []
    for n in range(SIDE * SIDE):
        i, j = n % SIDE, n // SIDE
        attrs = {
            schema.UNIT_CODE: f"ZH990101{1 + n % 3}{n:04d}",
            schema.UNIT_NAME: f"单元{n}",
            schema.UNIT_CLASS: 1 + n % 3,
        }
        rows.append((box(i, j, i + 1, j + 1), attrs))
    return memory_layer("环境管控单元", rows, UNIT_FIELDS)


def _geographic(wkt):
    """A WKT given in EPSG:4527 as WKT in EPSG:4490."""
    geometry = QgsGeometry.fromWkt(wkt)
    geometry.transform(QgsCoordinateTransform(GK, GEOGRAPHIC, QgsProject.instance()))
    return geometry.asWkt(12)


def _red_line():
    """In EPSG:4490: squares everywhere, a strip across the whole area (straddling every
    read window) and a square whose corner just reaches the point project's circle."""
    rows = [(_geographic(box(i + 0.2, j + 0.2, i + 0.5, j + 0.5)), {}) for i in range(0, SIDE, 3)
            for j in range(0, SIDE, 3)]  # fmt: skip
    rows.append((_geographic(box(0, 14.9, SIDE, 15.1)), {}))
    rows.append((_geographic(box(20.1, 20.1, 21, 21)), {}))
    return memory_layer("生态保护红线", rows, {"n": "string"}, crs="EPSG:4490")


def _projects():
    """A polygon, a line (across the strip) and a point (buffered 200 m), one layer each."""
    x, y = X0 + 20_000, Y0 + 20_000
    line = f"LINESTRING({X0 + 2500} {Y0 + 14_000},{X0 + 4500} {Y0 + 16_500})"
    fields = {"XMMC": "string", "HYDM": "string"}
    return [
        memory_layer("面项目", [(box(2.5, 2.5, 3.7, 3.3), {"XMMC": "面", "HYDM": "2614"})], fields),
        memory_layer("线项目", [(line, {"XMMC": "线", "HYDM": "5412"})], fields, "LineString"),
        memory_layer(
            "点项目", [(f"POINT({x} {y})", {"XMMC": "点", "HYDM": "3011"})], fields, "Point"
        ),
    ]


def _rows(layer):
    out = []
    for f in layer.getFeatures():
        geometry = f.geometry()
        wkt = "" if geometry.isNull() else geometry.asWkt(3)
        out.append((tuple(f.attributes()), wkt))
    return sorted(out, key=repr)


def _run(run_algorithm, zoning):
    keys = ("OUTPUT", "OUTPUT_CONSTRAINTS", "OUTPUT_REQUIREMENTS", "OUTPUT_PROJECTS")
    out = {key: [] for key in keys}
    for projects in _projects():
        results, _, _ = run_algorithm(
            ALG,
            dict(
                zoning,
                PROJECT=projects,
                PROJECT_NAME_FIELD="XMMC",
                INDUSTRY_FIELD="HYDM",
                BUFFER=200.0,
                **{key: "memory:" for key in keys},
            ),
        )
        for key in keys:
            out[key] += _rows(results[key])
    return out


def test_reading_near_the_projects_gives_what_reading_everything_gives(run_algorithm, monkeypatch):
    zoning = {"UNITS": _units(), "RED_LINE": _red_line()}
    read = []
    real = compliance_data.read_near

    def counting(source, *args, **kwargs):
        frame = real(source, *args, **kwargs)
        read.append(len(frame))
        return frame

    monkeypatch.setattr(compliance_data, "read_near", counting)
    near = _run(run_algorithm, zoning)
    assert max(read[0::2]) < 0.05 * SIDE * SIDE  # units: a few of 900 in each run
    assert max(read[1::2]) < 0.2 * zoning["RED_LINE"].featureCount()
    monkeypatch.setattr(windows_module, "project_windows", lambda *a, **k: None)
    read.clear()
    everything = _run(run_algorithm, zoning)
    assert read == [SIDE * SIDE, zoning["RED_LINE"].featureCount()] * 3
    assert near == everything
    assert len(near["OUTPUT"]) >= 8  # 4 + 3 + 4 units under the projects
    inside = [row for row, _ in near["OUTPUT_CONSTRAINTS"] if row[-1]]
    assert len(inside) == 3  # each project meets the red line (the strip, the corner)


def test_read_near_in_another_crs_reads_straddling_features_whole():
    red = _red_line()
    windows = windows_module.project_windows([shapely.from_wkt(box(25, 14.5, 26, 14.95))], 0.0)
    frame = compliance_data.read_near(red, GK, [], None, None, windows)
    assert len(frame) == 1  # the strip only
    (strip,) = frame["geometry"]
    assert strip.bounds[0] == pytest.approx(X0, abs=0.01)  # read whole, not cut
    assert strip.bounds[2] == pytest.approx(X0 + SIDE * 1000, abs=0.01)
    empty = compliance_data.read_near(red, GK, [], None, None, [])
    assert len(empty) == 0 and list(empty.columns) == ["fid", "geometry"]


def _saved(layer, path):
    """``layer`` written into a GeoPackage and opened from there."""
    from qgis.core import QgsVectorFileWriter, QgsVectorLayer

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "t"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsProject.instance().transformContext(), options
    )
    assert error[0] == QgsVectorFileWriter.WriterError.NoError
    return QgsVectorLayer(f"{path}|layername=t", layer.name(), "ogr")


def test_file_layers_read_in_bulk_give_what_qgis_reads(run_algorithm, monkeypatch, tmp_path):
    from eco_zoning.plugin.adapters import direct_read

    memory = {"UNITS": _units(), "RED_LINE": _red_line()}
    files = {key: _saved(layer, tmp_path / f"{key}.gpkg") for key, layer in memory.items()}
    bulk = []
    real = direct_read.near_geometries

    def counting(*args, **kwargs):
        found = real(*args, **kwargs)
        bulk.append(found is not None)
        return found

    monkeypatch.setattr(direct_read, "near_geometries", counting)
    from_files = _run(run_algorithm, files)
    assert bulk == [True, False] * 3  # the units in bulk, the red line (EPSG:4490) by QGIS
    assert from_files == _run(run_algorithm, memory)
