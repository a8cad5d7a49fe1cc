"""What the algorithms leave behind: nothing on cancel, fresh project layers after a run, the
check workbook and report, the saved field mapping, old-datum warnings, no duplicate layer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from layers import X0, Y0, box, memory_layer, two_counties
from osgeo import ogr
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from eco_zoning.plugin.core import schema

ROOT = Path(__file__).resolve().parents[2]
UNIT_FIELDS = {
    schema.UNIT_CODE: "string",
    schema.UNIT_CLASS: "integer",
    schema.UNIT_COUNTY_CODE: "string",
    schema.UNIT_AREA: "double",
}


class CancelAt(QgsProcessingFeedback):
    """Cancels itself once the progress reaches ``at`` percent."""

    def __init__(self, at: float):
        super().__init__()
        self.at = at
        self.messages = []

    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        if progress >= self.at:
            self.cancel()

    def pushInfo(self, info):  # noqa: N802
        self.messages.append(info)

    def pushWarning(self, warning):  # noqa: N802
        self.messages.append(warning)


def _run(algorithm, parameters, feedback=None):
    import processing

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = feedback or CancelAt(1000)
    results = processing.run(algorithm, parameters, context=context, feedback=feedback)
    return results, feedback, context


def _tables(path) -> set[str]:
    ds = ogr.Open(str(path))
    try:
        return {ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())}
    finally:
        ds = None


def _feature_count(uri) -> int:
    """Opened and closed here: a test whose run failed must not hold an OGR layer, since
    QGIS keeps a failed Python algorithm's stack alive (see base._without_leaked_frames)."""
    return QgsVectorLayer(uri, "count", "ogr").featureCount()


def _units():
    """Four units of the two counties: west county in 2 parts (a multipart general unit)."""
    return memory_layer(
        "环境管控单元",
        [
            (
                f"MULTIPOLYGON((({X0} {Y0},{X0 + 4000} {Y0},{X0 + 4000} {Y0 + 10000},{X0} "
                f"{Y0 + 10000},{X0} {Y0})),(({X0 + 6000} {Y0},{X0 + 10000} {Y0},{X0 + 10000} "
                f"{Y0 + 10000},{X0 + 6000} {Y0 + 10000},{X0 + 6000} {Y0})))",
                {
                    schema.UNIT_CODE: "ZH99010130001",
                    schema.UNIT_CLASS: 3,
                    schema.UNIT_COUNTY_CODE: "990101",
                    schema.UNIT_AREA: 80.0,
                },
            ),
            (
                box(4, 0, 6, 10),
                {
                    schema.UNIT_CODE: "ZH99010110001",
                    schema.UNIT_CLASS: 1,
                    schema.UNIT_COUNTY_CODE: "990101",
                    schema.UNIT_AREA: 20.0,
                },
            ),
            (
                box(10, 0, 20, 10),
                {
                    schema.UNIT_CODE: "ZH99010230001",
                    schema.UNIT_CLASS: 3,
                    schema.UNIT_COUNTY_CODE: "990102",
                    schema.UNIT_AREA: 100.0,
                },
            ),
        ],
        UNIT_FIELDS,
    )


def _access(rows):
    fields = {
        n: "string"
        for n in (
            schema.REQ_ID,
            schema.REQ_SCOPE_LEVEL,
            schema.REQ_SCOPE_CODE,
            schema.REQ_DIMENSION,
            schema.REQ_TEXT,
            schema.REQ_STATUS,
        )
    }
    return memory_layer(
        "生态环境准入清单",
        [
            (
                None,
                {
                    schema.REQ_ID: rid,
                    schema.REQ_SCOPE_LEVEL: level,
                    schema.REQ_SCOPE_CODE: code,
                    schema.REQ_DIMENSION: "空间布局约束",
                    schema.REQ_TEXT: "条款。",
                    schema.REQ_STATUS: "有效",
                },
            )
            for rid, level, code in rows
        ],
        fields,
        geometry="None",
    )


# --- cancel -------------------------------------------------------------------------------


def test_cancelled_delineation_raises_and_writes_no_file(processing_ready, tmp_path):
    out = tmp_path / "units.gpkg"
    with pytest.raises(QgsProcessingException, match="Cancel|取消"):
        _run(
            "ecozoning:delineateunits",
            {"ADMIN": two_counties(), "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": str(out)},
            CancelAt(50),
        )
    assert not out.exists()


def test_cancelled_run_leaves_an_existing_geopackage_as_it_was(processing_ready, tmp_path):
    database = tmp_path / "project.gpkg"
    _run("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(database)})
    before = _tables(database)
    for at in (30, 95):  # during the overlay, and while the output rows are being prepared
        with pytest.raises(QgsProcessingException):
            _run(
                "ecozoning:delineateunits",
                {
                    "ADMIN": two_counties(),
                    "ADMIN_CODE_FIELD": "XZQDM",
                    "OUTPUT": f"ogr:dbname='{database}' table=\"new_units\" (geom)",
                    "OUTPUT_LOG": f"ogr:dbname='{database}' table=\"new_log\"",
                },
                CancelAt(at),
            )
        assert _tables(database) == before
    assert _feature_count(f"{database}|layername=units") == 0


def test_cancelled_checks_write_no_report_and_no_workbook(processing_ready, tmp_path):
    with pytest.raises(QgsProcessingException):
        _run(
            "ecozoning:checkunits",
            {
                "UNITS": _units(),
                "OUTPUT_ERRORS": str(tmp_path / "errors.gpkg"),
                "OUTPUT_HTML": str(tmp_path / "checks.html"),
                "OUTPUT_XLSX": str(tmp_path / "checks.xlsx"),
            },
            CancelAt(50),
        )
    assert list(tmp_path.iterdir()) == []


def test_cancel_in_the_report_loop_removes_the_reports(processing_ready, tmp_path, monkeypatch):
    """Cancelled after the first project's report: no report, no table, nothing half-done."""
    from eco_zoning.plugin.adapters import report_pdf

    feedback = CancelAt(1000)
    written = []
    original = report_pdf.html_to_pdf

    def pdf_then_cancel(*args, **kwargs):
        original(*args, **kwargs)
        written.append(args[1])
        feedback.cancel()

    monkeypatch.setattr(report_pdf, "html_to_pdf", pdf_then_cancel)
    projects = memory_layer(
        "建设项目",
        [(box(1, 1, 2, 2), {"XMMC": "甲"}), (box(12, 1, 13, 2), {"XMMC": "乙"})],
        {"XMMC": "string"},
    )
    folder = tmp_path / "reports"
    with pytest.raises(QgsProcessingException):
        _run(
            "ecozoning:compliance",
            {
                "PROJECT": projects,
                "PROJECT_NAME_FIELD": "XMMC",
                "INDUSTRY": "2614",
                "UNITS": _units(),
                "OUTPUT": str(tmp_path / "units_out.gpkg"),
                "OUTPUT_REPORT": str(folder),
            },
            feedback,
        )
    assert len(written) == 1  # the loop stopped after the first project
    assert not (tmp_path / "units_out.gpkg").exists()
    assert list(folder.iterdir()) == []


# --- nothing stale ------------------------------------------------------------------------


def test_project_layer_shows_what_an_algorithm_wrote_into_its_table(processing_ready, tmp_path):
    database = tmp_path / "project.gpkg"
    _run("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(database)})
    layer = QgsVectorLayer(f"{database}|layername=units", "环境管控单元", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        assert layer.featureCount() == 0
        _run(
            "ecozoning:delineateunits",
            {
                "ADMIN": two_counties(),
                "ADMIN_CODE_FIELD": "XZQDM",
                "OUTPUT": f"ogr:dbname='{database}' table=\"units\" (geom)",
            },
        )
        assert layer.featureCount() == 2
        assert len(list(layer.getFeatures())) == 2
        extent = layer.extent()
        assert extent.width() == pytest.approx(20_000, rel=1e-3)
        assert extent.xMinimum() == pytest.approx(X0, abs=1)
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


# --- checks: G03, L01, workbook, exceptions --------------------------------------------


def test_multipart_hint_is_off_by_default_and_never_a_fill(processing_ready):
    results, _, _ = _run("ecozoning:checkunits", {"UNITS": _units(), "OUTPUT_ERRORS": "memory:"})
    assert "G03" not in {f[schema.CHK_CODE] for f in results["OUTPUT_ERRORS"].getFeatures()}
    results, _, _ = _run(
        "ecozoning:checkunits",
        {"UNITS": _units(), "REPORT_MULTIPART": True, "OUTPUT_ERRORS": "memory:"},
    )
    (g03,) = [f for f in results["OUTPUT_ERRORS"].getFeatures() if f[schema.CHK_CODE] == "G03"]
    assert "2 个不相连的部分" in g03[schema.CHK_MESSAGE]
    assert g03[schema.CHK_AREA] == 0
    assert g03.geometry().area() < 10  # two small markers, not the 80 km² unit


def test_check_style_draws_hints_without_a_fill(qgis_app):
    from eco_zoning.plugin.adapters import project_db

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4527", "质检结果", "memory")
    project_db.style_check_layer(layer)
    renderer = layer.renderer()
    kinds = {}
    for category in renderer.categories():  # the symbols live as long as their category
        symbol = category.symbol()
        kinds[category.value()] = [
            symbol.symbolLayer(i).layerType() for i in range(symbol.symbolLayerCount())
        ]
    assert kinds["提示"] == ["CentroidFill"]  # a marker on each part, no fill over the unit
    assert kinds["错误"] == ["SimpleFill"]


def test_l01_counts_inherited_requirements(processing_ready):
    access = _access([("C-1", "县级", "990101"), ("U-1", "单元", "ZH99010230001")])
    results, _, _ = _run(
        "ecozoning:checkunits",
        {"UNITS": _units(), "ACCESS_LIST": access, "OUTPUT_ERRORS": "memory:"},
    )
    l01 = [f for f in results["OUTPUT_ERRORS"].getFeatures() if f[schema.CHK_CODE] == "L01"]
    assert l01 == []  # county 990101's units inherit C-1; the east unit has its own row
    access = _access([("U-1", "单元", "ZH99010230001")])
    results, _, _ = _run(
        "ecozoning:checkunits",
        {"UNITS": _units(), "ACCESS_LIST": access, "OUTPUT_ERRORS": "memory:"},
    )
    l01 = {
        f[schema.CHK_UNITS]
        for f in results["OUTPUT_ERRORS"].getFeatures()
        if f[schema.CHK_CODE] == "L01"
    }
    assert l01 == {"ZH99010130001", "ZH99010110001"}


def test_check_workbook_and_exceptions_in_the_report(processing_ready, tmp_path):
    from eco_zoning.plugin.adapters.excel import read_workbook

    units = _units()
    first, _, _ = _run(
        "ecozoning:checkunits",
        {"UNITS": units, "REPORT_MULTIPART": True, "OUTPUT_ERRORS": str(tmp_path / "e.gpkg")},
    )
    previous = QgsVectorLayer(first["OUTPUT_ERRORS"], "previous", "ogr")
    previous.startEditing()
    for feature in previous.getFeatures():
        if feature[schema.CHK_CODE] == "G03":
            feature[schema.CHK_STATUS] = "例外"
            feature[schema.CHK_NOTE] = "飞地，经批准保留"
            previous.updateFeature(feature)
    assert previous.commitChanges()
    html, xlsx = tmp_path / "checks.html", tmp_path / "checks.xlsx"
    _run(
        "ecozoning:checkunits",
        {
            "UNITS": units,
            "REPORT_MULTIPART": True,
            "PREVIOUS_ERRORS": previous,
            "OUTPUT_ERRORS": "memory:",
            "OUTPUT_HTML": str(html),
            "OUTPUT_XLSX": str(xlsx),
        },
    )
    page = html.read_text(encoding="utf-8")
    assert "已接受的例外（1 处）" in page and "飞地，经批准保留" in page
    sheets = read_workbook(xlsx)
    names = list(sheets)
    assert names[0] == "汇总" and "G03 单元由多个部分组成" in names
    assert sheets["汇总"][0][:3] == ["检查项", "严重程度", "检查内容"]
    g03 = sheets["G03 单元由多个部分组成"]
    assert g03[1][1] == "ZH99010130001" and g03[1][5] == "例外" and g03[1][6] == "飞地，经批准保留"
    assert not list(tmp_path.glob(".*part*"))  # temporary files renamed


# --- field mapping, old datums, Excel import ------------------------------------------


def test_algorithms_read_the_field_mapping_saved_by_the_unit_panel(processing_ready):
    from eco_zoning.plugin.controllers.unit_editor import save_mapping

    layer = memory_layer(
        "单元（自定义字段）",
        [(box(0, 0, 10, 10), {"BM": "ZH99010130001", "FL": 3, "XZQ": "990101"})],
        {"BM": "string", "FL": "integer", "XZQ": "string"},
    )
    project = QgsProject.instance()
    project.addMapLayer(layer)
    try:
        with pytest.raises(QgsProcessingException):
            _run("ecozoning:unitstatistics", {"UNITS": layer, "OUTPUT": "memory:"})
        save_mapping(
            project,
            layer,
            {
                schema.UNIT_CODE: "BM",
                schema.UNIT_CLASS: "FL",
                schema.UNIT_COUNTY_CODE: "XZQ",
            },
        )
        results, _, _ = _run("ecozoning:unitstatistics", {"UNITS": layer, "OUTPUT": "memory:"})
        rows = list(results["OUTPUT"].getFeatures())
        assert any(f["county_code"] == "990101" for f in rows)
        results, _, _ = _run(
            "ecozoning:compliance",
            {"PROJECT": layer, "INDUSTRY": "2614", "UNITS": layer, "OUTPUT": "memory:"},
        )
        assert {f["unit_code"] for f in results["OUTPUT"].getFeatures()} == {"ZH99010130001"}
    finally:
        project.removeMapLayer(layer.id())


@pytest.mark.parametrize("epsg, datum", [(2383, "Xi'an 1980"), (2435, "Beijing 1954")])
def test_old_datum_inputs_get_a_warning_naming_layer_and_transformation(
    processing_ready, epsg, datum
):
    x0, y0 = 500_000.0 - 30_000, 3_390_000.0  # near 113.7°E, 30.6°N
    wkt = (
        f"POLYGON(({x0} {y0},{x0 + 10000} {y0},{x0 + 10000} {y0 + 10000},{x0} {y0 + 10000},"
        f"{x0} {y0}))"
    )
    admin = memory_layer(
        "旧坐标县界", [(wkt, {"XZQDM": "990101"})], {"XZQDM": "string"}, crs=f"EPSG:{epsg}"
    )
    _, feedback, _ = _run(
        "ecozoning:delineateunits",
        {"ADMIN": admin, "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": "memory:"},
    )
    (warning,) = [m for m in feedback.messages if datum in m]
    assert "旧坐标县界" in warning and f"EPSG:{epsg}" in warning
    assert "CGCS2000" in warning and " with " in warning  # the operation is named
    _, feedback, _ = _run(
        "ecozoning:delineateunits",
        {"ADMIN": two_counties(), "ADMIN_CODE_FIELD": "XZQDM", "OUTPUT": "memory:"},
    )
    assert not [m for m in feedback.messages if "1980" in m or "1954" in m]


def test_excel_import_into_a_table_adds_no_temporary_layer(processing_ready, tmp_path):
    from tools import demo_access_list

    workbook = demo_access_list.write_workbook(tmp_path / "清单.xlsx")
    database = tmp_path / "project.gpkg"
    _run("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(database)})
    target = QgsVectorLayer(f"{database}|layername=access_list", "生态环境准入清单", "ogr")
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById("ecozoning:importaccesslist")
    assert not algorithm.parameterDefinition("OUTPUT").createByDefault()
    results, _, context = _run(
        "ecozoning:importaccesslist", {"INPUT": str(workbook), "FORMAT": 2, "TARGET": target}
    )
    assert "OUTPUT" not in results
    assert context.layersToLoadOnCompletion() == {}
    assert target.featureCount() == results["IMPORTED"] > 0


# --- make demo ----------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_prints_no_gdal_error():
    done = subprocess.run(
        [sys.executable, "-m", "tools.demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert "ERROR" not in output, output


def test_metadata_describes_the_whole_plugin(processing_ready):
    """about, description and changelog name every tool, not only the first foundation."""
    import configparser

    from qgis.core import QgsApplication

    metadata = configparser.ConfigParser(interpolation=None)
    metadata.read(ROOT / "metadata.txt", encoding="utf-8")
    general = metadata["general"]
    about, description = general["about"], general["description"]
    for words in (
        "划定",
        "统计",
        "质检",
        "叠加分析",
        "准入清单",
        "符合性分析",
        "准入研判",
        "Excel",
    ):
        assert words in about, words
    for words in ("delineate", "check", "access list", "assess"):
        assert words in description, words
    provider = QgsApplication.processingRegistry().providerById("ecozoning")
    assert len(provider.algorithms()) >= 8
    assert "Unreleased" in general["changelog"] and "Excel workbook" in general["changelog"]
