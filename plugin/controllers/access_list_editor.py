"""准入清单 dock: the controller, wiring only.

For the current control unit the controller reads the effective access list
(``core.access.effective_requirements``) from the project's access-list table
(``adapters.access_table``) and shows it in the tree model
(``controllers.access_list_model``). Inherited rows (省级, 区域, 市级, 县级, 分类) are
read-only here; the unit's own rows (单元 with the unit's code) can be added, edited,
deleted and reordered through the edit commands (``controllers.access_list_edits``),
one edit command per action in the layer's edit buffer.

The table is an ordinary QGIS layer: edits made elsewhere (the attribute table,
a form, field calculator) reach the panel through the layer's signals.
"""

from __future__ import annotations

from functools import partial

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QObject, QTimer

from ..adapters import access_table as table
from ..adapters.access_table import access
from ..core import schema
from .access_list_edits import RequirementEdits
from .access_list_model import (
    COLUMNS,
    FID_ROLE,
    FIELD_ROLE,
    IN_PLACE,
    ROLES,
    RequirementFilterModel,
    RequirementTreeModel,
)
from .signals import guarded, missing_message


class AccessListController(QObject):
    def __init__(self, view, iface, project: QgsProject | None = None, parent=None):
        super().__init__(parent)
        self.view = view
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.unit_layer: QgsVectorLayer | None = None
        self.unit_fid = None
        self.unit_name = ""
        self.scope: access.UnitScope | None = None
        self.layer: QgsVectorLayer | None = None  # the access-list layer listened to
        self.rows = None  # the effective list (a DataFrame) once read
        self._unit_connections: list = []
        self._layer_connections: list = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(guarded(self.refresh, quiet=True))
        self.edits = RequirementEdits(lambda: (self.layer, self.scope), self._message, self.refresh)

        self.model = RequirementTreeModel(self)
        self.model.itemChanged.connect(self._item_changed)
        self.proxy = RequirementFilterModel(self)
        self.proxy.setSourceModel(self.model)
        view.set_model(self.proxy, ROLES, COLUMNS.index(schema.REQ_KIND))
        self._view_connections = [
            (view.addRequested, guarded(self.add_requirement)),
            (view.editRequested, guarded(self.update_requirement)),
            (view.deleteRequested, guarded(self.delete_requirements)),
            (view.moveRequested, guarded(self.move_requirement)),
            (view.jumpRequested, guarded(self.jump)),
            (view.filtersChanged, guarded(self.set_filters)),
            (view.searchChanged, guarded(self.set_search)),
            (view.undoRequested, self.undo),
            (view.redoRequested, self.redo),
        ]
        for signal, slot in self._view_connections:
            signal.connect(slot)
        self._project_connections = [
            (self.project.layersAdded, self._schedule),
            (self.project.layersRemoved, self._schedule),
            (self.project.relationManager().changed, self._schedule),
        ]
        for signal, slot in self._project_connections:
            signal.connect(slot)
        if not missing_message():
            self.refresh()

    def tr(self, text):
        return QCoreApplication.translate("AccessListController", text)

    def close(self) -> None:
        """Stop listening to the project and layers (call when the dock goes away)."""
        self._timer.stop()
        _disconnect(self._project_connections)
        _disconnect(self._unit_connections)
        _disconnect(self._layer_connections)
        _disconnect(self._view_connections)
        self._project_connections = self._unit_connections = self._layer_connections = []
        self._view_connections = []
        self.layer = self.unit_layer = None

    # --- the unit ---------------------------------------------------------------

    def set_unit(self, unit_layer, fid) -> None:
        """Show the access list of feature ``fid`` of ``unit_layer``; (None, None) clears."""
        _disconnect(self._unit_connections)
        self._unit_connections = []
        valid = isinstance(unit_layer, QgsVectorLayer) and fid is not None
        self.unit_layer = unit_layer if valid else None
        self.unit_fid = int(fid) if valid else None
        if self.unit_layer is not None:
            self._unit_connections = [
                (self.unit_layer.attributeValueChanged, self._unit_value_changed),
                (self.unit_layer.featuresDeleted, self._schedule),
                (self.unit_layer.afterRollBack, self._schedule),
                (self.unit_layer.willBeDeleted, self._unit_layer_deleted),
            ]
            for signal, slot in self._unit_connections:
                signal.connect(slot)
        self.view.select_fids([])
        guarded(self.refresh, quiet=True)()

    def _unit_value_changed(self, fid, *_):
        if fid == self.unit_fid:
            self._schedule()

    def _unit_layer_deleted(self):
        self.set_unit(None, None)

    # --- the access-list layer ------------------------------------------------------

    def access_layer(self) -> QgsVectorLayer | None:
        """The table referencing the unit layer in a project relation, else the first
        access-list table of the project (layer-tree order)."""
        return table.find_access_layer(self.project, self.unit_layer)

    def _attach(self, layer) -> None:
        if layer is self.layer:
            return
        _disconnect(self._layer_connections)
        self._layer_connections = []
        self.layer = layer
        if layer is None:
            return
        stack = layer.undoStack()
        self._layer_connections = [
            (layer.attributeValueChanged, self._schedule),
            (layer.featureAdded, self._schedule),
            (layer.featuresDeleted, self._schedule),
            (layer.afterRollBack, self._schedule),
            (layer.afterCommitChanges, self._schedule),
            (layer.editingStarted, self._update_undo_state),
            (layer.editingStopped, self._update_undo_state),
            (layer.willBeDeleted, self._layer_deleted),
            (stack.indexChanged, self._update_undo_state),
            (stack.canUndoChanged, self._update_undo_state),
            (stack.canRedoChanged, self._update_undo_state),
        ]
        for signal, slot in self._layer_connections:
            signal.connect(slot)

    def _layer_deleted(self):
        _disconnect(self._layer_connections)
        self._layer_connections = []
        self.layer = None
        self._schedule()

    def _schedule(self, *_):
        """Refresh once control returns to the event loop (coalesces bursts of signals)."""
        if not self.edits.editing:
            self._timer.start()

    # --- model ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the unit, the access-list table and the regions; rebuild the tree."""
        self._timer.stop()
        if sip.isdeleted(self.view):
            return
        self.scope, self.unit_name = table.read_unit(self.project, self.unit_layer, self.unit_fid)
        self._attach(self.access_layer())
        self.rows = table.effective_rows(self.layer, self.scope)
        self._populate()
        self._show_state()

    def _populate(self) -> None:
        selected = self.view.selected_fids()
        self.model.populating = True
        try:
            self.model.clear_rows()
            if self.scope is not None and self.layer is not None:
                self.model.populate(self.rows, self.scope.unit_code)
        finally:
            self.model.populating = False
        self.view.select_fids(selected)

    def _show_state(self) -> None:
        view = self.view
        if self.unit_layer is None:
            view.set_unit_text(self.tr("No unit selected: select a control unit."))
        elif self.scope is None:
            view.set_unit_text(self.tr("The selected unit has no unit code or no longer exists."))
        else:
            s = self.scope
            view.set_unit_text(
                self.tr("Unit {0} {1} ({2}, county {3})").format(
                    s.unit_code,
                    self.unit_name,
                    schema.CLASS_LABELS_ZH.get(s.unit_class, s.unit_class),
                    s.county_code,
                )
            )
        view.set_editing_allowed(self.scope is not None and self.layer is not None)
        self._update_count()
        self._update_undo_state()

    def _update_count(self) -> None:
        if self.layer is None:
            self.view.set_count_text(
                self.tr(
                    "No access-list table in the project: create a project database or add "
                    "its access_list table."
                )
            )
            return
        shown = sum(
            self.proxy.rowCount(self.proxy.index(row, 0)) for row in range(self.proxy.rowCount())
        )
        own = sum(
            1
            for level, code in zip(
                self.rows[schema.REQ_SCOPE_LEVEL], self.rows[schema.REQ_SCOPE_CODE]
            )
            if self.scope
            and table.text(level) == access.LEVEL_UNIT
            and table.text(code) == self.scope.unit_code
        )
        self.view.set_count_text(
            self.tr("{0} of {1} requirements shown, {2} at unit level").format(
                shown, len(self.rows), own
            )
        )

    def _update_undo_state(self, *_):
        if sip.isdeleted(self.view):
            return
        layer = self.layer
        if layer is None:
            self.view.set_undo_state(False, False)
            return
        stack = layer.undoStack()
        self.view.set_undo_state(
            stack.canUndo(), stack.canRedo(), stack.undoText(), stack.redoText()
        )

    def set_filters(self, filters: dict) -> None:
        self.proxy.set_filters(filters)
        self._update_count()

    def set_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _item_changed(self, item) -> None:
        """An in-place edit in the tree: write it once the editor has closed."""
        if self.model.populating:
            return
        fid, name = item.data(FID_ROLE), item.data(FIELD_ROLE)
        if fid is None or name not in IN_PLACE:
            return
        QTimer.singleShot(0, partial(self._apply_in_place, int(fid), name, item.text()))

    def _apply_in_place(self, fid: int, name: str, value: str) -> None:
        if sip.isdeleted(self.view):
            return
        if not self.update_requirement(fid, {name: value}):
            self.refresh()  # show the stored value again

    # --- edits (one edit command each) ------------------------------------------------

    def add_requirement(self, values: dict):
        """Add a unit-level requirement; returns its feature id (None when refused)."""
        fid = self.edits.add(values)
        if fid is not None:
            self.view.select_fids([fid])
        return fid

    def update_requirement(self, fid, values: dict) -> bool:
        """Change a unit-level requirement's user fields (dimension, kind, text, ...)."""
        return self.edits.update(fid, values)

    def delete_requirements(self, fids) -> bool:
        """Delete unit-level requirements (all or none: inherited ones are refused)."""
        return self.edits.delete(fids)

    def move_requirement(self, fid, delta: int) -> bool:
        """Move a unit-level requirement ``delta`` places among the unit's valid rows of its
        dimension and renumber their order (PX) 1..n."""
        ok = self.edits.move(fid, delta)
        if ok:
            self.view.select_fids([fid])
        return ok

    def undo(self) -> None:
        if self.layer is not None:
            self.layer.undoStack().undo()

    def redo(self) -> None:
        if self.layer is not None:
            self.layer.undoStack().redo()

    def jump(self, level: str, scope_code: str) -> str | None:
        """Open the attribute table at the requirements of one scope (level + scope code)."""
        layer = self.layer or self.access_layer()
        if layer is None or self.iface is None:
            return None
        expression = table.scope_expression(level, scope_code)
        self.iface.showAttributeTable(layer, expression)
        return expression

    def _message(self, text: str, level) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushMessage(self.tr("Access list"), text, level, 8)


def _disconnect(connections) -> None:
    for signal, slot in connections:
        try:
            signal.disconnect(slot)
        except (TypeError, RuntimeError):
            pass
