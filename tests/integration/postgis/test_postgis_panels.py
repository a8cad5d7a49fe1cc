"""The panels on the published PostGIS layers work as on the GeoPackage: every edit goes
through the layer's edit buffer (undo stack, nothing in the database until the user saves),
and the save writes it to the database."""

from __future__ import annotations

import uuid

import pytest
from qgis.core import QgsDataSourceUri, QgsProject, QgsProviderRegistry, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from test_access_list_dock import REQUIREMENTS, SPACE, UNIT, _texts
from test_access_list_dock import project_db as gpkg_with_access_list  # noqa: F401

from eco_zoning.plugin.adapters.postgis import connection, sql
from eco_zoning.plugin.core import schema


@pytest.fixture
def published(gpkg_with_access_list, run_algorithm, pg_info, pg_db):  # noqa: F811
    """The project database published to PostGIS; its units and access list as PostGIS
    layers in the project, with the unit → access-list relation."""
    from eco_zoning.plugin.adapters.project_db import add_relation

    _, _, path = gpkg_with_access_list
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().relationManager().clear()
    name = f"ecozoning-test-{uuid.uuid4().hex[:6]}"
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    metadata.saveConnection(metadata.createConnection(pg_info, {"saveUsername": True}), name)
    target = f"panels_{uuid.uuid4().hex[:6]}"
    run_algorithm(
        "ecozoning:publishproject", {"INPUT": str(path), "DATABASE": name, "SCHEMA": target}
    )
    layers = []
    for table, title, geometry in (
        (schema.UNIT_TABLE, "环境管控单元", "geom"),
        (schema.ACCESS_LIST_TABLE, "生态环境准入清单", None),
    ):
        uri = QgsDataSourceUri(pg_info)
        uri.setDataSource(target, table, geometry, "", "fid")
        layer = QgsVectorLayer(uri.uri(False), title, "postgres")
        assert layer.isValid() and layer.featureCount() > 0
        layers.append(layer)
    project = QgsProject.instance()
    project.addMapLayers(layers)
    add_relation(*layers, project)
    yield (*layers, target)
    project.removeAllMapLayers()
    project.relationManager().clear()
    metadata.deleteConnection(name)
    connection.execute(pg_db, f"DROP SCHEMA {sql.identifier(target)} CASCADE")


def _stored(db, target, table, field, fid):
    return connection.execute(
        db,
        f"SELECT {sql.identifier(field)} FROM {sql.qualified(target, table)} WHERE fid = {int(fid)}",
    )


def test_unit_panel_edits_a_postgis_layer_through_the_edit_buffer(
    published, qtbot, qgis_iface, pg_db
):
    from eco_zoning.plugin.controllers.unit_editor import UnitEditorController
    from eco_zoning.ui.unit_dock import UnitDock

    units, _, target = published
    view = UnitDock()
    qtbot.addWidget(view)
    UnitEditorController(view, qgis_iface)
    view.set_layer(units)
    fid = next(f.id() for f in units.getFeatures() if f[schema.UNIT_CODE] == UNIT)
    units.selectByIds([fid])
    p = view.panel
    assert p.codeEdit.text() == UNIT and p.codeEdit.isReadOnly()
    qtbot.mouseClick(p.editButton, Qt.LeftButton)
    assert units.isEditable() and units.editBuffer() is not None
    p.classCombo.setCurrentIndex(p.classCombo.findData(3))
    p.classCombo.activated.emit(p.classCombo.currentIndex())
    qtbot.mouseClick(p.nextCodeButton, Qt.LeftButton)
    new_code = units.getFeature(fid)[schema.UNIT_CODE]
    assert new_code.startswith("ZH9901013") and units.getFeature(fid)[schema.UNIT_CLASS] == 3
    assert units.undoStack().count() == 2
    assert set(units.editBuffer().changedAttributeValues()) == {fid}
    # nothing reached the database yet
    assert _stored(pg_db, target, schema.UNIT_TABLE, schema.UNIT_CODE, fid) == [[UNIT]]
    units.undoStack().undo()
    assert units.getFeature(fid)[schema.UNIT_CODE] == UNIT
    units.undoStack().redo()
    assert units.commitChanges(), units.commitErrors()
    assert _stored(pg_db, target, schema.UNIT_TABLE, schema.UNIT_CODE, fid) == [[new_code]]
    assert _stored(pg_db, target, schema.UNIT_TABLE, schema.UNIT_CLASS, fid) == [[3]]


def test_access_list_panel_edits_a_postgis_table_through_the_edit_buffer(
    published, qtbot, qgis_iface, processing_ready, pg_db
):
    from eco_zoning.plugin.controllers.access_list_editor import AccessListController
    from eco_zoning.ui.access_list_dock import AccessListDock

    units, access, target = published
    view = AccessListDock()
    qtbot.addWidget(view)
    controller = AccessListController(view, qgis_iface)
    try:
        fid = next(f.id() for f in units.getFeatures() if f[schema.UNIT_CODE] == UNIT)
        controller.set_unit(units, fid)
        assert controller.access_layer() is access
        before = _texts(view)[SPACE]
        added = controller.add_requirement(
            {
                schema.REQ_DIMENSION: SPACE,
                schema.REQ_KIND: "禁止",
                schema.REQ_TEXT: "禁止新建化工项目",
            }
        )
        assert access.isEditable() and access.undoStack().count() == 1
        assert added < 0  # a new feature of the edit buffer, not yet in the database
        assert _texts(view)[SPACE] == [*before, "禁止新建化工项目"]
        table = sql.qualified(target, schema.ACCESS_LIST_TABLE)
        assert connection.execute(pg_db, f"SELECT count(*) FROM {table}") == [[len(REQUIREMENTS)]]
        access.undoStack().undo()
        qtbot.waitUntil(lambda: _texts(view)[SPACE] == before)
        access.undoStack().redo()
        qtbot.waitUntil(lambda: "禁止新建化工项目" in _texts(view)[SPACE])
        rid = access.getFeature(added)[schema.REQ_ID]
        assert rid and rid.startswith(UNIT)  # the panel's id rule, whatever its format
        assert access.commitChanges(), access.commitErrors()
        rows = connection.execute(
            pg_db,
            f"SELECT {sql.identifier(schema.REQ_ID)}, {sql.identifier(schema.REQ_SCOPE_CODE)} "
            f"FROM {table} WHERE {sql.identifier(schema.REQ_TEXT)} = {sql.literal('禁止新建化工项目')}",
        )
        assert rows == [[rid, UNIT]]
        qtbot.waitUntil(lambda: "禁止新建化工项目" in _texts(view)[SPACE])
    finally:
        controller.close()
