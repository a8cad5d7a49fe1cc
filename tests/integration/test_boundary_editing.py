"""单元边界编辑模式 on a project GeoPackage with real-shaped units: every operation keeps the
county tiled, codes and MJ right, one undo step restoring exactly, journal rows following the
undo stack and removed on rollback; snapping restored on exit; live check after a vertex move."""

from __future__ import annotations

import json

import pytest
import shapely
from editing_layers import assert_layer_tiles, layer_from, layer_geometries
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsProject,
    QgsSnappingConfig,
    QgsTolerance,
)

from eco_zoning.plugin.adapters import journal as journal_db
from eco_zoning.plugin.adapters import project_db
from eco_zoning.plugin.compat import SnappingMode
from eco_zoning.plugin.controllers.boundary_editing import BoundaryEditController
from eco_zoning.plugin.core import schema
from tests.core.editing_data import bent_boundary, county_units, crossing_line, neighbours

RULE = schema.DEFAULT_CODE_RULE


@pytest.fixture
def session(tmp_path, qgis_iface):
    path = tmp_path / "project.gpkg"
    project_db.create_project_database(path, QgsCoordinateReferenceSystem("EPSG:4527"))
    state, county = county_units()
    layer = project_db.open_layers(path)[schema.UNIT_TABLE]
    layer_from(state, provider_layer=layer)
    project = QgsProject.instance()
    project.addMapLayer(layer)
    controller = BoundaryEditController(qgis_iface, project)
    assert controller.enter(layer)
    yield controller, layer, state, county, path
    controller.leave()
    if layer.isEditable():
        layer.rollBack()
    project.removeMapLayer(layer.id())


def qgs(g) -> QgsGeometry:
    out = QgsGeometry()
    out.fromWkb(shapely.to_wkb(g))
    return out


def snapshot(layer) -> dict:
    return {f.id(): (f.geometry().asWkb(), f.attributes()) for f in layer.getFeatures()}


def journal(path):
    return journal_db.read_rows(journal_db.open_journal(path))


def fid_of(layer, code) -> int:
    return next(f.id() for f in layer.getFeatures() if f["HJZHGKDYBM"] == code)


def assert_mj(layer) -> None:
    for code, (g, _, mj) in layer_geometries(layer).items():
        assert mj == pytest.approx(g.area / 1e6, rel=1e-6, abs=1e-9), code


def undo_restores(layer, before, path, rows_before) -> None:
    stack = layer.undoStack()
    count = stack.count()
    stack.undo()
    assert snapshot(layer) == before
    assert len(journal(path)) == rows_before
    stack.redo()
    assert stack.count() == count
    assert len(journal(path)) == rows_before + 1


def test_move_boundary_is_one_undo_step_with_a_journal_row(session):
    controller, layer, state, county, path = session
    a, b, shared = neighbours(state)
    before = snapshot(layer)
    edit = controller.move_boundary(qgs(bent_boundary(shared, 35.0)), reason="四至调整")
    assert edit is not None and set(edit.changed) and not edit.added
    assert_layer_tiles(layer, county)
    assert_mj(layer)
    (row,) = journal(path)
    assert row["operation"] == "move_boundary" and row["reason"] == "四至调整"
    assert {u["code"] for u in json.loads(row["units_after"])} == {state.codes[a], state.codes[b]}
    undo_restores(layer, before, path, 0)
    assert_layer_tiles(layer, county)


def test_split_merge_reclassify_follow_keep_the_county_tiled(session):
    controller, layer, state, county, path = session
    big = max(range(len(state.geometries)), key=lambda i: state.geometries[i].area)
    layer.selectByIds([fid_of(layer, state.codes[big])])
    before = snapshot(layer)
    edit = controller.split(qgs(crossing_line(state.geometries[big], 0.7)), "道路分割")
    new_code = edit.added[0].code
    assert RULE.parse(new_code)[:2] == (state.county_code, int(state.classes[big]))
    assert_layer_tiles(layer, county)
    assert_mj(layer)
    undo_restores(layer, before, path, 0)
    # merge the two parts again: the larger keeps the old code, the new code is retired
    layer.selectByIds([fid_of(layer, state.codes[big]), fid_of(layer, new_code)])
    before = snapshot(layer)
    edit = controller.merge("撤销拆分")
    assert edit.retired == [new_code]
    assert new_code not in layer_geometries(layer)
    assert_layer_tiles(layer, county)
    undo_restores(layer, before, path, 1)
    # a split of the same unit now goes beyond the retired code
    layer.selectByIds([fid_of(layer, state.codes[big])])
    again = controller.split(qgs(crossing_line(state.geometries[big], 0.7)))
    assert RULE.parse(again.added[0].code)[2] == RULE.parse(new_code)[2] + 1
    # reclassify part, then follow a park outline
    centre = state.geometries[big].centroid
    other = 1 if state.classes[big] != 1 else 2
    before = snapshot(layer)
    edit = controller.reclassify(qgs(shapely.buffer(centre, 120.0)), other, "园区扩区")
    assert edit.added[0].unit_class == other
    assert_layer_tiles(layer, county)
    assert_mj(layer)
    undo_restores(layer, before, path, 3)
    a, b, shared = neighbours(state)
    fa = fid_of(layer, state.codes[a])
    target = shapely.union(
        layer_geometries(layer)[state.codes[a]][0], shapely.buffer(shared, 25.0, cap_style="flat")
    )
    before = snapshot(layer)
    edit = controller.follow(qgs(target), layer.crs(), 40.0, "贴合园区批复边界", fid=fa)
    assert edit is not None and len(edit.changed) >= 2
    assert_layer_tiles(layer, county)
    assert_mj(layer)
    undo_restores(layer, before, path, 4)
    assert [r["operation"] for r in journal(path)] == [
        "split",
        "merge",
        "split",
        "reclassify",
        "follow_layer",
    ]


def test_rollback_removes_the_session_rows_and_commit_keeps_them(session):
    controller, layer, state, county, path = session
    a, b, shared = neighbours(state)
    controller.move_boundary(qgs(bent_boundary(shared, 20.0)))
    assert len(journal(path)) == 1
    layer.rollBack()
    assert journal(path) == []
    layer.startEditing()
    controller.move_boundary(qgs(bent_boundary(shared, 20.0)))
    assert layer.commitChanges()
    assert len(journal(path)) == 1
    assert_layer_tiles(layer, county)


def test_leaving_the_mode_restores_the_users_snapping(tmp_path, qgis_iface):
    state, county = county_units()
    layer = layer_from(state)
    project = QgsProject.instance()
    project.addMapLayer(layer)
    own = QgsSnappingConfig(project.snappingConfig())
    own.setEnabled(False)
    own.setMode(SnappingMode.ActiveLayer)
    own.setTolerance(17.0)
    own.setUnits(QgsTolerance.UnitType.Pixels)
    project.setSnappingConfig(own)
    project.setTopologicalEditing(False)
    project.setAvoidIntersectionsLayers([])
    mode = project.avoidIntersectionsMode()
    controller = BoundaryEditController(qgis_iface, project)
    try:
        assert controller.enter(layer)
        config = project.snappingConfig()
        assert config.enabled() and config.mode() == SnappingMode.AdvancedConfiguration
        settings = config.individualLayerSettings(layer)
        assert settings.enabled() and settings.tolerance() == 5.0
        assert project.topologicalEditing()
        assert [lyr.id() for lyr in project.avoidIntersectionsLayers()] == [layer.id()]
        controller.leave()
        assert project.snappingConfig() == own
        assert not project.topologicalEditing()
        assert project.avoidIntersectionsLayers() == []
        assert project.avoidIntersectionsMode() == mode
        assert not layer.isEditable()  # started by the mode, nothing changed: closed again
    finally:
        controller.leave()
        project.removeMapLayer(layer.id())


def test_live_check_flags_an_overlap_from_a_plain_vertex_move(session, qtbot):
    controller, layer, state, county, path = session
    a, b, shared = neighbours(state)
    fa = fid_of(layer, state.codes[a])
    geometry = layer.getFeature(fa).geometry()
    # a vertex of a on the shared boundary, moved 30 m into b
    mid = shapely.get_coordinates(shared)[len(shapely.get_coordinates(shared)) // 2]
    vertex = geometry.closestVertex(QgsGeometry.fromWkt(f"POINT({mid[0]} {mid[1]})").asPoint())[1]
    inward = state.geometries[b].representative_point()
    pt = geometry.vertexAt(vertex)
    dx, dy = inward.x - pt.x(), inward.y - pt.y()
    norm = (dx * dx + dy * dy) ** 0.5
    with qtbot.waitSignal(controller.live.problemsFound, timeout=5000) as blocker:
        assert layer.moveVertex(pt.x() + 30 * dx / norm, pt.y() + 30 * dy / norm, fa, vertex)
    labels = [label for label, *_ in blocker.args[0]]
    assert "Overlap" in labels
    overlap = next(p for p in blocker.args[0] if p[0] == "Overlap")
    assert set(overlap[3]) >= {state.codes[a]}
    assert overlap[1] > 1.0
    # and as rows the 质检结果 panel can show
    live = controller.live.layer
    rows = [(f["check_code"], f["severity"]) for f in live.getFeatures()]
    assert ("LIVE_OVERLAP", "错误") in rows
    assert QgsProject.instance().mapLayer(live.id()) is live
    QgsProject.instance().removeMapLayer(live.id())


def test_the_mode_action_switches_the_dock_and_the_map_tools(qgis_iface, qtbot):
    from eco_zoning.plugin.compat import QAction  # noqa: F401 (the action type of this Qt)
    from eco_zoning.plugin.controllers.boundary_editing_desk import BoundaryEditingDesk
    from eco_zoning.ui.boundary_editing_dock import BoundaryEditingDock

    state, county = county_units()
    layer = layer_from(state)
    project = QgsProject.instance()
    project.addMapLayer(layer)
    qgis_iface.setActiveLayer(layer)
    dock = BoundaryEditingDock()
    action = QAction("mode")
    desk = BoundaryEditingDesk(qgis_iface, dock, action, project)
    try:
        action.setChecked(True)
        assert desk.controller.active and layer.isEditable()
        dock.panel.splitButton.click()
        assert desk.tool is not None and qgis_iface.mapCanvas().mapTool() is desk.tool
        big = max(range(len(state.geometries)), key=lambda i: state.geometries[i].area)
        line = qgs(crossing_line(state.geometries[big], 0.3))
        dock.panel.reasonEdit.setText("测试")
        with qtbot.waitSignal(desk.controller.live.problemsFound, timeout=5000, raising=False):
            desk.tool.captured.emit(line)
        assert layer.featureCount() == len(state.geometries) + 1
        assert_layer_tiles(layer, county)
        action.setChecked(False)
        assert not desk.controller.active and desk.tool is None
    finally:
        desk.close()
        layer.rollBack()
        project.removeMapLayer(layer.id())


def test_a_code_typed_by_hand_is_journalled_and_follows_undo(session):
    controller, layer, state, county, path = session
    fid = fid_of(layer, state.codes[0])
    code_index = layer.fields().indexOf("HJZHGKDYBM")
    unit_class = int(list(state.classes)[0])
    new_code = RULE.next_free(list(state.codes), state.county_code, unit_class)
    layer.changeAttributeValue(fid, code_index, new_code)  # as the attribute table does
    (row,) = journal(path)
    assert row["operation"] == "recode" and row["retired_codes"] == state.codes[0]
    assert json.loads(row["units_before"])[0]["code"] == state.codes[0]
    assert json.loads(row["units_after"])[0]["code"] == new_code
    assert state.codes[0] in controller.used_codes()  # the old code is never given out again
    layer.undoStack().undo()
    assert journal(path) == [] and layer.getFeature(fid)["HJZHGKDYBM"] == state.codes[0]
    layer.undoStack().redo()
    assert [r["operation"] for r in journal(path)] == ["recode"]
    a, b, shared = neighbours(state)
    # an operation's own attribute edits (MJ) are not journalled as code changes
    controller.move_boundary(qgs(bent_boundary(shared, 20.0)))
    assert [r["operation"] for r in journal(path)] == ["recode", "move_boundary"]
