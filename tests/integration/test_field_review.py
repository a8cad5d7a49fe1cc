"""外业核查 round trip: export a package for one county of the sample city, open it headless,
simulate fieldwork in its GeoPackage, import it back (again, and two reviewers in either order)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from osgeo import ogr
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt

from eco_zoning.plugin.core import schema
from eco_zoning.plugin.core.fieldwork import model

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample_city.gpkg"
COUNTY = "990121"


def sample_layer(table, name):
    layer = QgsVectorLayer(f"{SAMPLE}|layername={table}", name, "ogr")
    assert layer.isValid()
    return layer


def gpkg_table(path, table, geometry=True):
    return f"ogr:dbname='{path}' table=\"{table}\"" + (" (geom)" if geometry else "")


@pytest.fixture(scope="module")
def office_db(tmp_path_factory, processing_ready):
    """A project database with the sample city's units, check results and access list."""
    import processing

    path = tmp_path_factory.mktemp("office") / "office.gpkg"
    processing.run("ecozoning:createproject", {"CRS": "EPSG:4527", "OUTPUT": str(path)})
    processing.run(
        "ecozoning:delineateunits",
        {
            "ADMIN": sample_layer("county", "区县"),
            "ADMIN_CODE_FIELD": "XZQDM",
            "ADMIN_NAME_FIELD": "XZQMC",
            "PRIORITY_LAYERS": [sample_layer("red_line", "生态保护红线")],
            "PARKS": sample_layer("park", "产业园区"),
            "PARK_NAME_FIELD": "YQMC",
            "KEY_LAYERS": [sample_layer("urban_boundary", "城镇生活")],
            "MIN_AREA": 10000,
            "OUTPUT_CRS": "EPSG:4527",
            "OUTPUT": gpkg_table(path, "units"),
            "OUTPUT_LOG": gpkg_table(path, "delineation_log", geometry=False),
        },
    )
    processing.run(
        "ecozoning:checkunits",
        {
            "UNITS": f"{path}|layername=units",
            "RED_LINE": sample_layer("red_line", "生态保护红线"),
            "FARMLAND": sample_layer("farmland", "永久基本农田"),
            "OUTPUT_ERRORS": gpkg_table(path, "check_results"),
            "OUTPUT_SUMMARY": gpkg_table(path, "check_summary", geometry=False),
        },
    )
    datasource = ogr.Open(str(path), 1)
    units = datasource.GetLayerByName("units")
    access = datasource.GetLayerByName("access_list")
    rows = [("市级", "990100", "空间布局约束", "禁止新建钢铁项目")]
    for feature in units:
        code = feature.GetField(schema.UNIT_CODE)
        rows.append(("单元", code, "污染物排放管控", f"{code} 的排放要求"))
    for i, (level, scope, dimension, text) in enumerate(rows, 1):
        feature = ogr.Feature(access.GetLayerDefn())
        for name, value in (
            (schema.REQ_ID, f"T{i:04d}"),
            (schema.REQ_SCOPE_LEVEL, level),
            (schema.REQ_SCOPE_CODE, scope),
            (schema.REQ_DIMENSION, dimension),
            (schema.REQ_TEXT, text),
        ):
            feature.SetField(name, value)
        access.CreateFeature(feature)
    datasource = None
    return path


def export(run_algorithm, database, folder, **extra):
    parameters = {
        "DATABASE": str(database),
        "COUNTIES": COUNTY,
        "REFERENCES": [
            sample_layer("red_line", "生态保护红线"),
            sample_layer("farmland", "永久基本农田"),
            sample_layer("urban_boundary", "城镇开发边界"),
        ],
        "OUTPUT": str(folder),
        **extra,
    }
    results, feedback, _ = run_algorithm("ecozoning:exportfieldpackage", parameters)
    return Path(results["OUTPUT"])


def digest(folder: Path) -> dict:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture
def office(tmp_path, office_db):
    """A fresh copy of the office database, in its own project folder."""
    folder = tmp_path / "office"
    folder.mkdir()
    shutil.copy(office_db, folder / "office.gpkg")
    return folder / "office.gpkg"


def test_package_opens_headless_with_forms_relation_and_relative_paths(
    tmp_path, office, run_algorithm
):
    # an office project using the database, saved and open while exporting
    project = QgsProject.instance()
    for table, name in (("units", "环境管控单元"), ("access_list", "生态环境准入清单")):
        project.addMapLayer(QgsVectorLayer(f"{office}|layername={table}", name, "ogr"))
    project.write(str(office.parent / "office.qgs"))
    sources = {lyr.id(): lyr.source() for lyr in project.mapLayers().values()}
    before = digest(office.parent)

    package = export(run_algorithm, office, tmp_path / "pkg")

    assert digest(office.parent) == before  # office project and database untouched
    assert {lyr.id(): lyr.source() for lyr in project.mapLayers().values()} == sources
    assert project.fileName() == str(office.parent / "office.qgs")
    project.removeAllMapLayers()

    assert sorted(p.name for p in package.iterdir()) == [
        "DCIM",
        "fieldwork.gpkg",
        "fieldwork.qgs",
        "manifest.json",
    ]
    text = (package / "fieldwork.qgs").read_text(encoding="utf-8")
    assert str(package) not in text and str(office) not in text
    opened = QgsProject()
    assert opened.read(str(package / "fieldwork.qgs"))
    layers = {lyr.name(): lyr for lyr in opened.mapLayers().values()}
    assert set(layers) >= {
        "环境管控单元",
        "生态环境准入清单",
        "质检结果",
        "外业核查记录（点）",
        "外业核查记录（面）",
        "生态保护红线",
        "永久基本农田",
        "城镇开发边界",
    }
    for layer in layers.values():
        assert layer.isValid(), layer.name()
        assert (
            Path(layer.source().split("|")[0]).resolve() == (package / "fieldwork.gpkg").resolve()
        )
    units = layers["环境管控单元"]
    codes = {f[schema.UNIT_CODE] for f in units.getFeatures()}
    assert codes and {c[2:8] for c in codes} == {COUNTY}
    # the unit -> access-list relations (unit-level rows; the effective list) and the form tab
    relations = {r.name(): r for r in opened.relationManager().relations().values()}
    assert set(relations) == {"管控单元准入清单", "单元生效准入清单"}
    assert all(r.isValid() for r in relations.values())
    unit = next(units.getFeatures())
    own = relations["管控单元准入清单"]
    assert own.referencedLayer() is units
    assert own.referencingLayer() is layers["生态环境准入清单"]
    assert [r[schema.REQ_SCOPE_CODE] for r in own.getRelatedFeatures(unit)] == [
        unit[schema.UNIT_CODE]
    ]
    effective = relations["单元生效准入清单"]
    listed = {
        (r[schema.REQ_SCOPE_LEVEL], r[schema.REQ_SCOPE_CODE])
        for r in effective.getRelatedFeatures(unit)
    }
    assert listed == {("市级", "990100"), ("单元", unit[schema.UNIT_CODE])}
    tabs = units.editFormConfig().tabs()
    assert [t.name() for t in tabs] == ["单元信息", "外业核查", "准入清单"]
    assert not any(t.isGroupBox() for t in tabs)
    editor = tabs[2].children()[0]
    editor.init(opened.relationManager())  # QGIS resolves in QgsProject.instance() on read
    assert editor.relation().id() == effective.id()
    assert f'relation="{effective.id()}"' in text
    # locked geometry, editable review fields only
    assert units.customProperty("QFieldSync/is_geometry_locked") in (True, "true")
    form = units.editFormConfig()
    editable = {f.name() for i, f in enumerate(units.fields()) if not form.readOnly(i)}
    assert editable == set(model.EDITABLE[schema.UNIT_TABLE])
    # value maps and the attachment widget
    points = layers["外业核查记录（点）"]
    verdict = points.editorWidgetSetup(points.fields().indexOf(model.REV_VERDICT))
    assert verdict.type() == "ValueMap"
    assert [next(iter(e)) for e in verdict.config()["map"]] == list(model.VERDICTS_ZH)
    photo = points.editorWidgetSetup(points.fields().indexOf(model.REV_PHOTO))
    assert photo.type() == "ExternalResource" and photo.config()["RelativeStorage"] == 1
    assert points.fields().field(model.REV_VERDICT).alias() == "核查结论"
    assert (
        "uuid()"
        in points.defaultValueDefinition(points.fields().indexOf(model.REV_UUID)).expression()
    )
    assert layers["生态保护红线"].readOnly() and layers["生态环境准入清单"].readOnly()
    assert sorted(opened.mapThemeCollection().mapThemes()) == ["单元核查", "问题核查"]
    # reference layers clipped to the area
    area = units.extent()
    area.grow(1.0)
    assert area.contains(layers["生态保护红线"].extent())
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["area"]["counties"] == [COUNTY]
    assert set(manifest["snapshot"]["units"]["rows"]) == codes
    assert manifest["plugin_version"]


def test_export_refuses_no_area_and_non_empty_folder(tmp_path, office, run_algorithm):
    from qgis.core import QgsProcessingException

    # (no layer objects in failing runs: a kept traceback would hold them past QGIS's exit)
    with pytest.raises(QgsProcessingException, match="area"):
        export(run_algorithm, office, tmp_path / "a", COUNTIES="", REFERENCES=[])
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("keep")
    with pytest.raises(QgsProcessingException, match="not empty"):
        export(run_algorithm, office, tmp_path / "b", REFERENCES=[])
    assert (tmp_path / "b" / "x.txt").read_text() == "keep"
    assert not (tmp_path / "a").exists()


def test_export_by_open_check_problems(tmp_path, office, run_algorithm):
    package = export(
        run_algorithm,
        office,
        tmp_path / "p",
        COUNTIES="",
        PROBLEMS=True,
        PROBLEM_FILTER=f"\"county_code\" = '{COUNTY}'",
    )
    gpkg = package / "fieldwork.gpkg"
    problems = QgsVectorLayer(f"{gpkg}|layername=check_results", "p", "ogr")
    assert problems.featureCount() > 0
    assert {f["county_code"] for f in problems.getFeatures()} == {COUNTY}


# --- fieldwork simulated in the package GeoPackage --------------------------------


def set_field(gpkg, table, where, name, value):
    datasource = ogr.Open(str(gpkg), 1)
    layer = datasource.GetLayerByName(table)
    layer.SetAttributeFilter(where)
    feature = layer.GetNextFeature()
    feature.SetField(name, value)
    layer.SetFeature(feature)
    datasource = None


def add_review(package, uuid, target, verdict, reviewer, photo=None, x=None, kind="unit"):
    gpkg = package / "fieldwork.gpkg"
    datasource = ogr.Open(str(gpkg), 1)
    layer = datasource.GetLayerByName("review_points")
    feature = ogr.Feature(layer.GetLayerDefn())
    for name, value in (
        (model.REV_UUID, uuid),
        (model.REV_TARGET_KIND, kind),
        (model.REV_TARGET, target),
        (model.REV_VERDICT, verdict),
        (model.REV_NOTE, "现场核实"),
        (model.REV_REVIEWER, reviewer),
        (model.REV_ACCURACY, 3.5),
    ):
        feature.SetField(name, value)
    if photo:
        (package / "DCIM" / photo).write_bytes(b"\xff\xd8jpeg " + uuid.encode())
        feature.SetField(model.REV_PHOTO, f"DCIM/{photo}")
    point = ogr.Geometry(ogr.wkbPoint)
    point.AddPoint_2D(*(x or (0.0, 0.0)))
    feature.SetGeometry(point)
    layer.CreateFeature(feature)
    datasource = None


def import_packages(run_algorithm, database, packages):
    results, feedback, _ = run_algorithm(
        "ecozoning:importfieldreview",
        {
            "DATABASE": str(database),
            "PACKAGES": [str(p / "manifest.json") for p in packages],
            "OUTPUT_LOG": "memory:",
        },
    )
    return results, feedback


def rows(database, table, fields):
    datasource = ogr.Open(str(database))
    layer = datasource.GetLayerByName(table)
    if layer is None:
        return []
    return sorted(tuple(f.GetField(n) for n in fields) for f in layer)


def unit_codes(database):
    return [
        r[0]
        for r in rows(database, "units", [schema.UNIT_CODE, schema.UNIT_COUNTY_CODE])
        if r[1] == COUNTY
    ]


def state(database):
    """Everything an import writes, without fids (so different orders compare)."""
    return {
        "units": rows(database, "units", [schema.UNIT_CODE, *model.EDITABLE["units"]]),
        "checks": rows(
            database,
            "check_results",
            [schema.CHK_CODE, schema.CHK_UNITS, schema.CHK_STATUS, schema.CHK_NOTE],
        ),
        "reviews": rows(
            database, "field_review_points", [model.REV_UUID, model.REV_VERDICT, model.REV_PHOTO]
        ),
        "conflicts": rows(
            database, "field_conflicts", ["conflict_id", "office_value", "field_values", "status"]
        ),
        "ledger": rows(
            database, "field_edits", ["reviewer", "row_key", "field_name", "field_value", "outcome"]
        ),
    }


def test_fieldwork_round_trip(tmp_path, office, run_algorithm):
    package = export(run_algorithm, office, tmp_path / "pkg")
    first, second = unit_codes(office)[:2]
    gpkg = package / "fieldwork.gpkg"
    add_review(package, "{u-1}", first, "属实", "张三", photo="IMG_0001.jpg")
    add_review(package, "{u-2}", second, "需整改", "张三")
    set_field(gpkg, "units", f"HJZHGKDYBM = '{first}'", model.UNIT_VERDICT, "需整改")
    set_field(gpkg, "units", f"HJZHGKDYBM = '{second}'", schema.UNIT_REMARK, "外业备注")
    set_field(office, "units", f"HJZHGKDYBM = '{second}'", schema.UNIT_REMARK, "内业备注")

    results, feedback = import_packages(run_algorithm, office, [package])

    assert (results["APPENDED"], results["APPLIED"], results["CONFLICTS"]) == (2, 1, 1)
    units = dict((r[0], r[1:]) for r in state(office)["units"])
    assert units[first][1] == "需整改"  # applied
    assert units[second][0] == "内业备注"  # office value kept
    (conflict,) = rows(
        office, "field_conflicts", ["row_key", "field_name", "office_value", "field_values"]
    )
    assert conflict[:3] == (second, schema.UNIT_REMARK, "内业备注")
    assert "外业备注" in conflict[3]
    conflict_layer = QgsVectorLayer(f"{office}|layername=field_conflicts", "c", "ogr")
    assert conflict_layer.featureCount() == 1 and next(conflict_layer.getFeatures()).hasGeometry()
    reviews = {r[0]: r for r in state(office)["reviews"]}
    photo = reviews["{u-1}"][2]
    assert not Path(photo).is_absolute() and photo.startswith("field_photos/")
    assert (office.parent / photo).read_bytes().startswith(b"\xff\xd8jpeg")
    log = " ".join(feedback.messages)
    assert "{u-1}" in log and first in log and second in log

    before = state(office)
    photos = sorted(p.name for p in (office.parent / "field_photos").rglob("*"))
    again, _ = import_packages(run_algorithm, office, [package])
    assert (again["APPENDED"], again["APPLIED"], again["CONFLICTS"]) == (0, 0, 0)
    assert again["SKIPPED"] > 0
    assert state(office) == before
    assert sorted(p.name for p in (office.parent / "field_photos").rglob("*")) == photos


def test_two_reviewers_merge_in_either_order(tmp_path, office, run_algorithm):
    a = export(run_algorithm, office, tmp_path / "a")
    b = export(run_algorithm, office, tmp_path / "b")
    one, two, three = unit_codes(office)[:3]
    add_review(a, "{a-1}", one, "属实", "张三", photo="a.jpg")
    add_review(b, "{b-1}", one, "不属实", "李四", photo="b.jpg")
    set_field(a / "fieldwork.gpkg", "units", f"HJZHGKDYBM = '{one}'", model.UNIT_VERDICT, "属实")
    set_field(b / "fieldwork.gpkg", "units", f"HJZHGKDYBM = '{one}'", model.UNIT_VERDICT, "属实")
    set_field(a / "fieldwork.gpkg", "units", f"HJZHGKDYBM = '{two}'", model.UNIT_VERDICT, "需整改")
    set_field(b / "fieldwork.gpkg", "units", f"HJZHGKDYBM = '{two}'", model.UNIT_VERDICT, "已整改")
    set_field(
        b / "fieldwork.gpkg", "units", f"HJZHGKDYBM = '{three}'", model.UNIT_REVIEW_NOTE, "B 说明"
    )

    ends = []
    for order in ((a, b), (b, a)):
        folder = tmp_path / f"office-{order[0].name}"
        folder.mkdir()
        database = folder / "office.gpkg"
        shutil.copy(office, database)
        for package in order:
            import_packages(run_algorithm, database, [package])
        ends.append(state(database))
    together = tmp_path / "together"
    together.mkdir()
    shutil.copy(office, together / "office.gpkg")
    import_packages(run_algorithm, together / "office.gpkg", [b, a])
    ends.append(state(together / "office.gpkg"))

    assert ends[0] == ends[1] == ends[2]
    units = {r[0]: r[1:] for r in ends[0]["units"]}
    assert units[one][1] == "属实"  # both agree: applied
    assert units[two][1] is None  # they disagree: the office's own value, and a conflict
    assert units[three][2] == "B 说明"
    (conflict,) = ends[0]["conflicts"]
    assert "需整改" in conflict[2] and "已整改" in conflict[2]
    assert [r[0] for r in ends[0]["reviews"]] == ["{a-1}", "{b-1}"]


def test_import_refuses_what_is_not_a_package(tmp_path, office, run_algorithm):
    from qgis.core import QgsProcessingException

    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("x")
    before = digest(office.parent)
    with pytest.raises(QgsProcessingException, match="manifest.json"):
        import_packages(run_algorithm, office, [tmp_path / "x"])
    assert digest(office.parent) == before


def test_validation_names_what_will_not_work_offline(tmp_path):
    from qgis.core import QgsMarkerSymbol, QgsSingleSymbolRenderer, QgsSvgMarkerSymbolLayer

    from eco_zoning.plugin.adapters.field_project import validate

    outside = tmp_path / "elsewhere.geojson"
    outside.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
        ' "geometry": {"type": "Point", "coordinates": [500, 500]}}]}'
    )
    layer = QgsVectorLayer(str(outside), "外部点", "ogr")
    assert layer.isValid()
    symbol = QgsMarkerSymbol()
    symbol.changeSymbolLayer(0, QgsSvgMarkerSymbolLayer("/nowhere/missing.svg"))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    project = QgsProject()
    project.addMapLayer(layer)
    folder = tmp_path / "pkg"
    folder.mkdir()
    from qgis.core import QgsGeometry

    warnings = validate(project, folder, QgsGeometry.fromWkt("POLYGON((0 0,1 0,1 1,0 1,0 0))"))
    text = "\n".join(warnings)
    assert "外部点" in text
    assert "GeoPackage" in text  # editable, not a GeoPackage
    assert "outside the package" in text or "外业包之外" in text
    assert "missing.svg" in text
    assert "outside the area" in text or "核查范围" in text


def test_check_results_panel_shows_and_filters_field_verdicts(
    tmp_path, office, run_algorithm, qtbot, qgis_iface
):
    from eco_zoning.plugin.controllers.check_results import VERDICT, CheckResultsController
    from eco_zoning.ui.check_results_dock import CheckResultsDock

    package = export(run_algorithm, office, tmp_path / "pkg")
    problems = QgsVectorLayer(f"{package / 'fieldwork.gpkg'}|layername=check_results", "p", "ogr")
    problem = next(problems.getFeatures())
    add_review(
        package, "{p-1}", problem["problem_id"], "不属实", "王五", photo="p.jpg", kind="problem"
    )
    import_packages(run_algorithm, office, [package])

    layer = QgsVectorLayer(f"{office}|layername=check_results", "质检结果", "ogr")
    QgsProject.instance().addMapLayer(layer)
    view = CheckResultsDock()
    qtbot.addWidget(view)
    controller = CheckResultsController(view, qgis_iface)
    controller.set_layer(layer)
    verdicts = [values.get(VERDICT) for _, values in controller.model.rows]
    assert verdicts.count("不属实") == 1
    column = controller.model.columnCount() - 1
    assert controller.model.headerData(column, Qt.Orientation.Horizontal) == "外业核查结论"
    combo = view.panel.verdictFilter
    combo.setCurrentIndex(combo.findData("不属实"))
    assert controller.proxy.rowCount() == 1
    index = controller.proxy.index(0, column)
    assert index.data() == "不属实"
    assert "field_photos/" in index.data(Qt.ItemDataRole.ToolTipRole)
    QgsProject.instance().removeAllMapLayers()


def test_conflict_dialog_resolves_with_the_chosen_value(tmp_path, office, run_algorithm, qtbot):
    from eco_zoning.plugin.controllers.field_conflicts import FieldConflictsController
    from eco_zoning.ui.field_conflicts_dialog import FieldConflictsDialog

    package = export(run_algorithm, office, tmp_path / "pkg")
    code = unit_codes(office)[0]
    set_field(
        package / "fieldwork.gpkg", "units", f"HJZHGKDYBM = '{code}'", schema.UNIT_REMARK, "外业"
    )
    set_field(office, "units", f"HJZHGKDYBM = '{code}'", schema.UNIT_REMARK, "内业")
    import_packages(run_algorithm, office, [package])

    view = FieldConflictsDialog()
    qtbot.addWidget(view)
    controller = FieldConflictsController(view, office)
    assert view.table.rowCount() == 1
    assert view.table.item(0, 0).text() == code
    labels = [view.choice.itemText(i) for i in range(view.choice.count())]
    assert len(labels) == 2 and "内业" in labels[0] and "外业" in labels[1]
    view.choice.setCurrentIndex(1)
    view.apply.click()

    assert view.table.rowCount() == 0 and controller.conflicts == []
    units = {r[0]: r[1:] for r in state(office)["units"]}
    assert units[code][0] == "外业"
    (closed,) = rows(office, "field_conflicts", ["row_key", "status", "resolution"])
    assert closed == (code, "已解决", "外业")
    again, _ = import_packages(run_algorithm, office, [package])
    assert (again["APPLIED"], again["CONFLICTS"]) == (0, 0)
    assert {r[0]: r[1:] for r in state(office)["units"]}[code][0] == "外业"


def test_optional_basemap_from_the_open_project(tmp_path, office, run_algorithm):
    project = QgsProject.instance()
    project.addMapLayer(sample_layer("county", "区县"))
    try:
        package = export(run_algorithm, office, tmp_path / "pkg", BASEMAP_ZOOM=9, REFERENCES=[])
    finally:
        project.removeAllMapLayers()
    assert (package / "basemap.mbtiles").stat().st_size > 0
    opened = QgsProject()
    assert opened.read(str(package / "fieldwork.qgs"))
    (basemap,) = opened.mapLayersByName("离线底图")
    assert basemap.isValid()
    assert "./basemap.mbtiles" in (package / "fieldwork.qgs").read_text(encoding="utf-8")
