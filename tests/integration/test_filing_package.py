"""ecozoning:exportfiling and ecozoning:importfiling: the 备案 package and its round trip."""

from __future__ import annotations

import zipfile

import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsRectangle,
    QgsVectorLayer,
)
from versions_data import (
    features_by_code,
    make_versions,
)

from eco_zoning.plugin.core import filing, schema

EXPORT, IMPORT = "ecozoning:exportfiling", "ecozoning:importfiling"


def add_rows(layer, rows):
    features = []
    for values, wkt in rows:
        feature = QgsFeature(layer.fields())
        for key, value in values.items():
            feature[key] = value
        if wkt:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]


@pytest.fixture(scope="module")
def project(processing_ready, tmp_path_factory):
    """The sample's units in a project database with an access list, an accepted exception,
    and version v1 saved and filed; v2 (the edited units) to be filed."""
    import processing

    versions = make_versions(tmp_path_factory.mktemp("filing"))
    v1, database = versions.v1(), versions.database
    access = versions.table("access_list")
    codes = sorted(f["HJZHGKDYBM"] for f in v1.getFeatures())
    add_rows(
        access,
        [
            (
                {
                    "TKBH": f"{code}-KJ-{n}",
                    "FWJB": "单元",
                    "FWDM": code,
                    "WD": "空间布局约束",
                    "YQNR": f"禁止新建化工项目（{n}）。",
                    "ZT": "有效",
                    "PX": n,
                },
                None,
            )
            for code in codes[:5]
            for n in (1, 2)
        ],
    )
    checks = versions.table("check_results")
    corner = next(v1.getFeatures()).geometry().centroid().asPoint()
    square = QgsGeometry.fromRect(
        QgsRectangle(corner.x(), corner.y(), corner.x() + 10, corner.y() + 10)
    ).asWkt()
    add_rows(
        checks,
        [
            (
                {
                    "check_code": "R01",
                    "severity": "错误",
                    "unit_codes": codes[0],
                    "county_code": codes[0][2:8],
                    "area_m2": 100.0,
                    "message": "生态保护红线未落入优先保护单元",
                    "status": "例外",
                    "note": "经专家论证，红线矢量误差",
                },
                square,
            )
        ],
    )
    processing.run(
        "ecozoning:saveversion",
        {
            "DATABASE": str(database),
            "VERSION_ID": "2025版",
            "TITLE": "岚溪市生态环境分区管控成果",
            "DOC_NUMBER": "岚环发〔2025〕1号",
            "PUBLISHED_ON": "2025-03-01",
            "FILED_ON": "2025-04-01",
            "KIND": 0,
            "UNITS": v1,
            "ACCESS_LIST": access,
        },
    )
    return versions


def unpack(project):
    """Fresh layers: (v1, v2, expected, database, access list, check results)."""
    return (
        project.v1(),
        project.v2(),
        project.expected,
        project.database,
        project.table("access_list"),
        project.table("check_results"),
    )


def export(run_algorithm, project, folder, **extra):
    database = project.database
    parameters = {
        "UNITS": project.v2(),
        "CHECK_RESULTS": project.uri("check_results"),
        "ACCESS_LIST": project.uri("access_list"),
        "DATABASE": str(database),
        "VERSION_ID": "2026动态更新",
        "TITLE": "岚溪市生态环境分区管控动态更新成果",
        "DOC_NUMBER": "岚环发〔2026〕7号",
        "COMPILED_ON": "2026-05-10",
        "PUBLISHED_ON": "2026-06-01",
        "KIND": 2,
        "REASON": 0,
        "OUTPUT": str(folder),
    }
    parameters.update(extra)
    return run_algorithm(EXPORT, parameters)


def test_package_content_and_round_trip(project, run_algorithm, tmp_path):
    v1, v2, expected, database, access, _ = unpack(project)
    results, _, _ = export(run_algorithm, project, tmp_path / "pkg")
    folder = tmp_path / "pkg"
    assert results["QC_STATUS"] == filing.QC_PASSED_WITH_EXCEPTIONS
    assert filing.verify_manifest(folder) == []
    for name in (
        "filing.gpkg",
        "shapefile/units.shp",
        "shapefile/units.cpg",
        "access_list.xlsx",
        "statistics.xlsx",
        "statistics.html",
        "check_report.html",
        "changes/change_report.html",
        "changes/change_report.pdf",
        "metadata.xlsx",
        "metadata.json",
    ):
        assert (folder / name).is_file(), name
    assert "经专家论证" in (folder / "check_report.html").read_text(encoding="utf-8")
    changes_page = (folder / "changes" / "change_report.html").read_text(encoding="utf-8")
    assert "2025版" in changes_page and "单元合并" in changes_page
    meta = filing.read_metadata(folder)
    assert meta["doc_number"] == "岚环发〔2026〕7号" and meta["reason"] == "红线调整"
    assert meta["previous_version"] == "2025版" and meta["crs"].startswith("EPSG:4527")
    with zipfile.ZipFile(results["ZIP"]) as archive:
        assert filing.MANIFEST in archive.namelist()

    results, feedback, _ = run_algorithm(
        IMPORT, {"PACKAGE": results["ZIP"], "DATABASE": str(database), "OUTPUT_UNITS": "memory:"}
    )
    assert results["VERSION"] == "2026动态更新"
    assert any("verified" in m or "校验" in m for m in feedback.messages)
    assert features_by_code(results["OUTPUT_UNITS"]) == features_by_code(v2)
    loaded, _, _ = run_algorithm(
        "ecozoning:loadversion",
        {
            "DATABASE": str(database),
            "VERSION_ID": "2026动态更新",
            "OUTPUT_UNITS": "memory:",
            "OUTPUT_ACCESS_LIST": "memory:",
        },
    )
    assert features_by_code(loaded["OUTPUT_UNITS"]) == features_by_code(v2)
    names = schema.field_names(schema.ACCESS_LIST_FIELDS)
    rows = lambda layer: sorted(tuple(str(f[n]) for n in names) for f in layer.getFeatures())  # noqa: E731
    assert rows(loaded["OUTPUT_ACCESS_LIST"]) == rows(access)


def test_tampered_package_is_refused(project, run_algorithm, tmp_path):
    _, _, _, database, _, _ = unpack(project)
    results, _, _ = export(run_algorithm, project, tmp_path / "pkg", VERSION_ID="篡改")
    stats = tmp_path / "pkg" / "statistics.html"
    stats.write_text(stats.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="statistics.html"):
        run_algorithm(
            IMPORT,
            {"PACKAGE": str(tmp_path / "pkg" / filing.MANIFEST), "DATABASE": str(database)},
        )


def test_open_errors_refuse_or_mark_the_package(project, run_algorithm, tmp_path):
    v1, v2, _, database, access, checks = unpack(project)
    import processing

    processing.run(
        "native:savefeatures", {"INPUT": checks, "OUTPUT": str(tmp_path / "checks.gpkg")}
    )
    open_checks = QgsVectorLayer(str(tmp_path / "checks.gpkg"), "open", "ogr")
    feature = next(open_checks.getFeatures())
    feature.setId(-1)
    feature["fid"] = None
    feature["check_code"], feature["status"], feature["unit_codes"] = (
        "T01",
        "待处理",
        "ZH99010230001",
    )
    assert open_checks.dataProvider().addFeatures([feature])[0]
    del open_checks, feature  # no layer in this frame while pytest.raises keeps its traceback
    with pytest.raises(QgsProcessingException, match="T01 ZH99010230001"):
        export(
            run_algorithm,
            project,
            tmp_path / "refused",
            CHECK_RESULTS=str(tmp_path / "checks.gpkg"),
        )
    assert not (tmp_path / "refused").exists() or not any((tmp_path / "refused").iterdir())
    assert not (tmp_path / "refused.zip").exists()

    results, _, _ = export(
        run_algorithm,
        project,
        tmp_path / "forced",
        CHECK_RESULTS=str(tmp_path / "checks.gpkg"),
        FORCE=True,
    )
    assert results["QC_STATUS"] == filing.QC_FAILED
    assert filing.read_metadata(tmp_path / "forced")["qc_status"] == "未通过质检"
    assert "T01" in (tmp_path / "forced" / "check_report.html").read_text(encoding="utf-8")


def test_gb18030_shapefile_reads_back_in_qgis(project, run_algorithm, tmp_path):
    v1, v2, *_ = unpack(project)
    export(run_algorithm, project, tmp_path / "pkg", VERSION_ID="编码")
    shp = tmp_path / "pkg" / "shapefile"
    assert (shp / "units.cpg").read_text(encoding="ascii").strip().upper() == "GB18030"
    raw = (shp / "units.dbf").read_bytes()
    assert "一般管控单元".encode("gb18030") in raw
    assert "一般管控单元".encode() not in raw
    layer = QgsVectorLayer(str(shp / "units.shp"), "shp", "ogr")
    names = {f["HJZHGKDYBM"]: f["HJZHGKDYMC"] for f in layer.getFeatures()}
    assert names == {f["HJZHGKDYBM"]: f["HJZHGKDYMC"] for f in v2.getFeatures()}


def test_package_tables_equal_their_sources_and_journal_is_included(
    project, run_algorithm, tmp_path
):
    from osgeo import ogr

    _, _, _, database, access, checks = unpack(project)
    datasource = ogr.Open(str(database), 1)
    journal = datasource.CreateLayer("edit_journal", None, ogr.wkbNone)
    journal.CreateField(ogr.FieldDefn("action", ogr.OFTString))
    feature = ogr.Feature(journal.GetLayerDefn())
    feature.SetField("action", "移动边界 ZH99010310001")
    journal.CreateFeature(feature)
    datasource = None
    try:
        export(run_algorithm, project, tmp_path / "pkg", VERSION_ID="含日志")
    finally:
        datasource = ogr.Open(str(database), 1)
        datasource.DeleteLayer("edit_journal")
        datasource = None
    gpkg = tmp_path / "pkg" / filing.PACKAGE_GPKG

    def rows(layer, names):
        return sorted(
            tuple(str(f[n]) for n in names) + (f.geometry().asWkt(3) if f.hasGeometry() else "",)
            for f in layer.getFeatures()
        )

    packaged = QgsVectorLayer(f"{gpkg}|layername=check_results", "c", "ogr")
    names = schema.field_names(schema.CHECK_FIELDS)
    assert rows(packaged, names) == rows(checks, names)
    packaged = QgsVectorLayer(f"{gpkg}|layername=access_list", "a", "ogr")
    names = schema.field_names(schema.ACCESS_LIST_FIELDS)
    assert rows(packaged, names) == rows(access, names)
    packaged = QgsVectorLayer(f"{gpkg}|layername=edit_journal", "j", "ogr")
    assert [f["action"] for f in packaged.getFeatures()] == ["移动边界 ZH99010310001"]
