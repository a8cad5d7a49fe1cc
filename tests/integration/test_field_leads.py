"""Supervision leads in the 外业核查 package: screened into the project database, exported
with the units of a county, verified in the field (status, note), merged back by lead_key
(three-way, conflicts recorded like those of units and problems)."""

from __future__ import annotations

import json
import shutil

import pytest
from osgeo import ogr
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer
from test_field_review import (  # noqa: F401  (shared fixtures and helpers)
    COUNTY,
    export,
    gpkg_table,
    import_packages,
    office,
    office_db,
    rows,
    set_field,
)

from eco_zoning.plugin.core import schema
from eco_zoning.plugin.core.fieldwork import model


def _enterprises(units: QgsVectorLayer) -> QgsVectorLayer:
    """Two enterprises inside every priority unit (new activity there gives a lead)."""
    layer = QgsVectorLayer(f"Point?crs={units.crs().authid()}", "企业", "memory")
    provider = layer.dataProvider()
    from qgis.core import QgsField
    from qgis.PyQt.QtCore import QVariant

    provider.addAttributes([QgsField("TYSHXYDM", QVariant.String), QgsField("RQ", QVariant.String)])
    layer.updateFields()
    features = []
    for i, unit in enumerate(units.getFeatures()):
        if int(unit[schema.UNIT_CLASS]) != schema.PRIORITY:
            continue
        inside = unit.geometry().pointOnSurface().asPoint()
        for j, dx in enumerate((0.0, 1.0)):  # two enterprises a metre apart
            feature = QgsFeature(layer.fields())
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(inside.x() + dx, inside.y())))
            feature["TYSHXYDM"], feature["RQ"] = f"91990100MA{i:03d}{j}", "2025-05-01"
            features.append(feature)
    provider.addFeatures(features)
    return layer


@pytest.fixture
def office_leads(office, run_algorithm):  # noqa: F811
    """The office database with a ``leads`` table screened from its own units."""
    units = QgsVectorLayer(f"{office}|layername=units", "环境管控单元", "ogr")
    run_algorithm(
        "ecozoning:screenleads",
        {
            "UNITS": units,
            "SOURCES": [_enterprises(units)],
            "OUTPUT": gpkg_table(office, "leads"),
        },
    )
    leads = {
        f["lead_key"]: (f["unit_code"], f["status"])
        for f in QgsVectorLayer(f"{office}|layername=leads", "l", "ogr").getFeatures()
    }
    mine = {k: v for k, v in leads.items() if v[0][2:8] == COUNTY}
    assert len(mine) >= 2 and len(leads) > len(mine)  # leads elsewhere stay home
    assert {status for _, status in leads.values()} == {"待核实"}
    return office, mine


def _lead_layer(database):
    return QgsVectorLayer(f"{database}|layername=leads", "监督线索", "ogr")


def lead_state(database):
    return {
        key: (status, note)
        for key, status, note in rows(database, "leads", ["lead_key", "status", "note"])
    }


def test_package_carries_the_area_leads_with_editable_status(tmp_path, office_leads, run_algorithm):
    database, mine = office_leads
    package = export(run_algorithm, database, tmp_path / "pkg", LEADS=_lead_layer(database))
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["leads_table"] == "leads" and manifest["counts"]["leads"] == len(mine)
    assert set(manifest["snapshot"]["leads"]["rows"]) == set(mine)
    assert manifest["snapshot"]["leads"]["fields"] == ["status", "note"]

    opened = QgsProject()
    assert opened.read(str(package / "fieldwork.qgs"))
    (leads,) = [lyr for lyr in opened.mapLayers().values() if lyr.name() == "监督线索"]
    assert leads.isValid() and leads.featureCount() == len(mine)
    assert {f["lead_key"] for f in leads.getFeatures()} == set(mine)
    form = leads.editFormConfig()
    editable = {f.name() for i, f in enumerate(leads.fields()) if not form.readOnly(i)}
    assert editable == {"status", "note"}
    status = leads.editorWidgetSetup(leads.fields().indexOf("status"))
    assert status.type() == "ValueMap"
    assert [next(iter(e)) for e in status.config()["map"]] == list(schema.LEAD_STATUSES_ZH)
    assert leads.fields().field("status").alias() == "核实状态"
    assert leads.customProperty("QFieldSync/is_geometry_locked") in (True, "true")
    assert "线索核查" in opened.mapThemeCollection().mapThemes()
    opened.clear()


def test_lead_statuses_come_back_by_lead_key_with_conflicts(tmp_path, office_leads, run_algorithm):
    from eco_zoning.plugin.adapters.field_import import open_conflicts, resolve_conflict

    database, mine = office_leads
    package = export(run_algorithm, database, tmp_path / "pkg", LEADS=_lead_layer(database))
    first, second = sorted(mine)[:2]
    gpkg = package / "fieldwork.gpkg"
    set_field(gpkg, "leads", f"lead_key = '{first}'", "status", "属实")
    set_field(gpkg, "leads", f"lead_key = '{first}'", "note", "现场有新建厂房")
    set_field(gpkg, "leads", f"lead_key = '{second}'", "status", "不属实")
    # meanwhile the office marked the second lead as rectified
    set_field(database, "leads", f"lead_key = '{second}'", "status", "已整改")
    untouched = {k: v for k, v in lead_state(database).items() if k not in (first, second)}

    results, feedback = import_packages(run_algorithm, database, [package])

    assert (results["APPLIED"], results["CONFLICTS"]) == (2, 1)
    state = lead_state(database)
    assert state[first] == ("属实", "现场有新建厂房")  # applied
    assert state[second][0] == "已整改"  # the office's value kept
    assert {k: v for k, v in state.items() if k not in (first, second)} == untouched
    (conflict,) = open_conflicts(database)
    assert (conflict["table_name"], conflict["row_key"], conflict["field_name"]) == (
        "leads",
        second,
        "status",
    )
    assert conflict["office_value"] == "已整改" and "不属实" in conflict["field_values"]
    layer = QgsVectorLayer(f"{database}|layername=field_conflicts", "c", "ogr")
    assert next(layer.getFeatures()).hasGeometry()  # placed at the lead
    assert first in " ".join(feedback.messages)

    before = lead_state(database)
    again, _ = import_packages(run_algorithm, database, [package])
    assert (again["APPLIED"], again["CONFLICTS"]) == (0, 0) and lead_state(database) == before

    resolve_conflict(database, conflict["conflict_id"], "不属实")
    assert lead_state(database)[second][0] == "不属实"
    assert open_conflicts(database) == []
    # re-screening keeps the merged statuses (screenleads carries them over by lead_key)
    units = QgsVectorLayer(f"{database}|layername=units", "环境管控单元", "ogr")
    again, _, _ = run_algorithm(
        "ecozoning:screenleads",
        {
            "UNITS": units,
            "SOURCES": [_enterprises(units)],
            "PREVIOUS_LEADS": _lead_layer(database),
            "OUTPUT": "memory:",
        },
    )
    rescreened = {f["lead_key"]: (f["status"], f["note"]) for f in again["OUTPUT"].getFeatures()}
    assert rescreened[first] == ("属实", "现场有新建厂房")
    assert rescreened[second][0] == "不属实"


def test_two_reviewers_of_the_same_leads_in_either_order(tmp_path, office_leads, run_algorithm):
    database, mine = office_leads
    a = export(run_algorithm, database, tmp_path / "a", LEADS=_lead_layer(database))
    b = export(run_algorithm, database, tmp_path / "b", LEADS=_lead_layer(database))
    one, two = sorted(mine)[:2]
    set_field(a / "fieldwork.gpkg", "leads", f"lead_key = '{one}'", "status", "属实")
    set_field(b / "fieldwork.gpkg", "leads", f"lead_key = '{one}'", "status", "属实")
    set_field(a / "fieldwork.gpkg", "leads", f"lead_key = '{two}'", "status", "属实")
    set_field(b / "fieldwork.gpkg", "leads", f"lead_key = '{two}'", "status", "不属实")
    ends = []
    for order in ((a, b), (b, a)):
        folder = tmp_path / f"office-{order[0].name}"
        folder.mkdir()
        copy = folder / "office.gpkg"
        shutil.copy(database, copy)
        for package in order:
            import_packages(run_algorithm, copy, [package])
        ends.append(
            (
                lead_state(copy),
                rows(copy, "field_conflicts", ["row_key", "office_value", "field_values"]),
            )
        )
    assert ends[0] == ends[1]
    state, conflicts = ends[0]
    assert state[one][0] == "属实"  # both agree
    assert state[two][0] == "待核实"  # they disagree: the office's value, and a conflict
    assert [c[0] for c in conflicts] == [two]


def test_leads_outside_the_project_database_are_refused(tmp_path, office_leads, run_algorithm):
    from qgis.core import QgsProcessingException

    database, _ = office_leads
    # (no layer objects in failing runs: a kept traceback would hold them past QGIS's exit)
    elsewhere = tmp_path / "elsewhere.gpkg"
    shutil.copy(database, elsewhere)
    with pytest.raises(QgsProcessingException, match="not a table of the project database"):
        export(
            run_algorithm,
            database,
            tmp_path / "x",
            LEADS=str(elsewhere) + "|layername=leads",
            REFERENCES=[],
        )
    with pytest.raises(QgsProcessingException, match="not a lead layer"):
        export(
            run_algorithm,
            database,
            tmp_path / "y",
            LEADS=f"{database}|layername=units",
            REFERENCES=[],
        )
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_import_into_a_database_without_the_lead_table_changes_nothing(
    tmp_path, office_leads, run_algorithm
):
    from qgis.core import QgsProcessingException

    database, mine = office_leads
    package = export(run_algorithm, database, tmp_path / "pkg", LEADS=_lead_layer(database))
    set_field(
        package / "fieldwork.gpkg", "leads", f"lead_key = '{sorted(mine)[0]}'", "status", "属实"
    )
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(database, other / "office.gpkg")
    source = ogr.Open(str(other / "office.gpkg"), 1)
    source.DeleteLayer(
        next(i for i in range(source.GetLayerCount()) if source.GetLayer(i).GetName() == "leads")
    )
    source = None
    before = (other / "office.gpkg").read_bytes()
    with pytest.raises(QgsProcessingException, match="leads"):
        import_packages(run_algorithm, other / "office.gpkg", [package])
    assert (other / "office.gpkg").read_bytes() == before
    assert model.LEAD_TABLE == "leads"
