"""准入清单 dock: the controller and its models.

For the current control unit the controller computes the effective access list
(``core.access_list.effective_requirements``) from the project's access-list
table and shows it in a tree: the four dimensions at the top, requirements below
in level order. Inherited rows (省级, 区域, 市级, 县级, 分类) are read-only here;
the unit's own rows (单元 with the unit's code) can be added, edited, deleted
and reordered.

Edits go through the layer's edit buffer, one edit command per action, so
``layer.undoStack().undo()`` reverts exactly one action and QGIS's own undo,
save and rollback work as for any edit. If the table is not in edit mode the
controller starts editing and leaves the layer in edit mode: the user saves or
rolls back with QGIS as usual (nothing is written to disk behind their back and
every action stays undoable until then).

The table is an ordinary QGIS layer: edits made elsewhere (the attribute table,
a form, field calculator) reach the panel through the layer's signals.
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QDateTime, QObject, QSortFilterProxyModel, Qt, QTimer
from qgis.PyQt.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QApplication

from ..adapters.project_layers import is_region_layer
from ..core import schema, values
from ..dependencies import LazyModule
from .signals import guarded, missing_message

if TYPE_CHECKING:
    import pandas as pd

# pandas behind it: imported when first used, after the guard checked it is there
access_list = LazyModule(__name__.rsplit(".", 2)[0] + ".core.access_list")

FID_ROLE = Qt.ItemDataRole.UserRole + 1
EDITABLE_ROLE = Qt.ItemDataRole.UserRole + 2
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3
SCOPE_ROLE = Qt.ItemDataRole.UserRole + 4
DIMENSION_ROLE = Qt.ItemDataRole.UserRole + 5
KIND_ROLE = Qt.ItemDataRole.UserRole + 6
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 7
VALUES_ROLE = Qt.ItemDataRole.UserRole + 8
FIELD_ROLE = Qt.ItemDataRole.UserRole + 9
ROLES = {
    "fid": FID_ROLE,
    "editable": EDITABLE_ROLE,
    "level": LEVEL_ROLE,
    "scope": SCOPE_ROLE,
    "dimension": DIMENSION_ROLE,
    "values": VALUES_ROLE,
}

COLUMNS = (
    schema.REQ_SCOPE_LEVEL,
    schema.REQ_KIND,
    schema.REQ_TEXT,
    schema.REQ_INDUSTRIES,
    schema.REQ_SOURCE,
)
IN_PLACE = (schema.REQ_KIND, schema.REQ_TEXT, schema.REQ_INDUSTRIES)
# Fields a unit-level requirement's values may set; the rest are the controller's.
USER_FIELDS = (
    schema.REQ_DIMENSION,
    schema.REQ_KIND,
    schema.REQ_TEXT,
    schema.REQ_INDUSTRIES,
    schema.REQ_BASIS,
    schema.REQ_SOURCE,
    schema.REQ_EFFECTIVE,
)
ACCESS_LAYER_FIELDS = {
    schema.REQ_SCOPE_LEVEL,
    schema.REQ_SCOPE_CODE,
    schema.REQ_DIMENSION,
    schema.REQ_TEXT,
}
STATUS_VALID = schema.REQ_STATUSES_ZH[0]
# Inherited rows: a lock and a light tint (readable text); the unit's own rows: a pencil.
INHERITED_ICON = "/locked.svg"
OWN_ICON = "/mActionToggleEditing.svg"


def inherited_background() -> QColor:
    """The base colour with a touch of the highlight colour: light or dark themes alike."""
    palette = QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    tint = palette.color(QPalette.ColorRole.Highlight)
    return QColor(*(round(0.9 * a + 0.1 * b) for a, b in zip(base.getRgb()[:3], tint.getRgb()[:3])))


def is_access_layer(layer) -> bool:
    return isinstance(layer, QgsVectorLayer) and ACCESS_LAYER_FIELDS <= set(layer.fields().names())


def _plain(value):
    from ..adapters.layers import to_python

    value = to_python(value)
    if isinstance(value, float) and value != value:
        return None
    return value


def _text(value) -> str:
    return values.plain_text(_plain(value))


def _dimension(value) -> str:
    text = _text(value)
    return schema.DIMENSION_SYNONYMS_ZH.get(text, text)


def _order_key(feature_values: dict):
    order = feature_values.get(schema.REQ_ORDER)
    return (order is None, order or 0, feature_values.get(schema.REQ_ID) or "")


class RequirementFilterModel(QSortFilterProxyModel):
    """Kind, dimension and text filters; a dimension group shows while it holds a match."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filters: dict = {}
        self.terms: list[str] = []
        self.setRecursiveFilteringEnabled(True)

    def set_filters(self, filters: dict) -> None:
        self.filters = {k: v for k, v in (filters or {}).items() if v is not None}
        self.invalidateFilter()

    def set_search(self, text: str) -> None:
        self.terms = (text or "").lower().split()
        self.invalidateFilter()

    def filterAcceptsRow(self, row, parent):  # noqa: N802
        index = self.sourceModel().index(row, 0, parent)
        wanted_dimension = self.filters.get("dimension")
        if wanted_dimension is not None and index.data(DIMENSION_ROLE) != wanted_dimension:
            return False
        kind = self.filters.get("kind")
        if not parent.isValid():  # a dimension group: shown alone only when nothing narrows
            return kind is None and not self.terms
        if kind is not None and index.data(KIND_ROLE) != kind:
            return False
        haystack = index.data(SEARCH_ROLE) or ""
        return all(term in haystack for term in self.terms)


class AccessListController(QObject):
    def __init__(self, view, iface, project: QgsProject | None = None, parent=None):
        super().__init__(parent)
        self.view = view
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.unit_layer: QgsVectorLayer | None = None
        self.unit_fid = None
        self.unit_name = ""
        self.scope: access_list.UnitScope | None = None
        self.layer: QgsVectorLayer | None = None  # the access-list layer listened to
        self.rows = None  # the effective list (a DataFrame) once read
        self._unit_connections: list = []
        self._layer_connections: list = []
        self._editing = False  # our own edit command is running
        self._populating = False
        self._told_editing: set = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(guarded(self.refresh, quiet=True))

        headers = {s.name: s.alias_zh for s in schema.ACCESS_LIST_FIELDS}
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([headers[name] for name in COLUMNS])
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

    def _read_scope(self) -> access_list.UnitScope | None:
        """The current unit's code, class, county and regions (None without a usable unit)."""
        self.unit_name = ""
        layer = self.unit_layer
        if layer is None or self.unit_fid is None:
            return None
        feature = layer.getFeature(self.unit_fid)
        if not feature.isValid():
            return None
        mapping = schema.guess_field_mapping(layer.fields().names())

        def value(name):
            return _plain(feature[mapping[name]]) if name in mapping else None

        code = _text(value(schema.UNIT_CODE))
        if not code:
            return None
        self.unit_name = _text(value(schema.UNIT_NAME))
        parsed = schema.DEFAULT_CODE_RULE.parse(code)
        county = schema.normalise_county_code(value(schema.UNIT_COUNTY_CODE))
        if county is None and parsed:
            county = parsed[0]
        try:
            unit_class = int(value(schema.UNIT_CLASS))
        except (TypeError, ValueError):
            unit_class = parsed[1] if parsed else 0
        county = county or ""
        regions = self._regions(code, county, feature.geometry())
        return access_list.UnitScope(code, unit_class, county, frozenset(regions))

    def _regions(self, unit_code: str, county_code: str, geometry) -> set:
        """Regions (区域) holding the unit: by membership, and by area for spatial region layers.

        Region layers are optional: any project layer with the fields QYBH and CYDM.
        """
        from ..adapters.layers import read_frame

        found = set()
        for layer in self.project.mapLayers().values():
            if not is_region_layer(layer, with_members=True):
                continue
            frame = read_frame(
                layer,
                fields=[access_list.REGION_ID, access_list.REGION_MEMBERS],
                with_geometry=False,
            )
            found |= access_list.regions_by_membership(frame, unit_code, county_code)
            if layer.isSpatial() and geometry is not None and not geometry.isNull():
                import shapely

                spatial = read_frame(
                    layer,
                    dest_crs=self.unit_layer.crs(),
                    fields=[access_list.REGION_ID],
                    transform_context=self.project.transformContext(),
                )
                shape = shapely.from_wkb(bytes(geometry.asWkb()))
                found |= access_list.regions_by_geometry(spatial, shape)
        return found

    # --- the access-list layer ------------------------------------------------------

    def access_layer(self) -> QgsVectorLayer | None:
        """The table referencing the unit layer in a project relation, else the first
        access-list table of the project (layer-tree order)."""
        if self.unit_layer is not None:
            manager = self.project.relationManager()
            for relation in manager.referencedRelations(self.unit_layer):
                layer = relation.referencingLayer()
                if is_access_layer(layer):
                    return layer
        tree_layers = [node.layer() for node in self.project.layerTreeRoot().findLayers()]
        for layer in [*tree_layers, *self.project.mapLayers().values()]:
            if is_access_layer(layer):
                return layer
        return None

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
        if not self._editing:
            self._timer.start()

    # --- model ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the unit, the access-list table and the regions; rebuild the tree."""
        self._timer.stop()
        if sip.isdeleted(self.view):
            return
        self.scope = self._read_scope()
        self._attach(self.access_layer())
        self.rows = self._effective_rows()
        self._populate()
        self._show_state()

    def _effective_rows(self) -> pd.DataFrame:
        from ..adapters.layers import read_frame

        if self.layer is None or self.scope is None:
            return access_list.empty_requirements()
        names = self.layer.fields().names()
        wanted = [n for n in schema.field_names(schema.ACCESS_LIST_FIELDS) if n in names]
        frame = read_frame(self.layer, fields=wanted, with_geometry=False)
        for name in schema.field_names(schema.ACCESS_LIST_FIELDS):
            if name not in frame:
                frame[name] = None
        return access_list.effective_requirements(frame, self.scope)

    def _populate(self) -> None:
        selected = self.view.selected_fids()
        self._populating = True
        try:
            self.model.removeRows(0, self.model.rowCount())
            if self.scope is None or self.layer is None:
                return
            groups: dict[str, list] = {d: [] for d in schema.DIMENSIONS_ZH}
            for record in self.rows.to_dict("records"):
                groups.setdefault(_dimension(record.get(schema.REQ_DIMENSION)), []).append(record)
            for dimension, records in groups.items():
                label = dimension or self.tr("(no dimension)")
                group = [QStandardItem(f"{label} ({len(records)})")]
                group += [QStandardItem() for _ in COLUMNS[1:]]
                for item in group:
                    item.setEditable(False)
                    item.setData(dimension, DIMENSION_ROLE)
                font = group[0].font()
                font.setBold(True)
                group[0].setFont(font)
                for record in records:
                    group[0].appendRow(self._row_items(record, dimension))
                self.model.appendRow(group)
        finally:
            self._populating = False
        self.view.select_fids(selected)

    def _row_items(self, record: dict, dimension: str) -> list:
        values = {
            name: _plain(record.get(name)) for name in schema.field_names(schema.ACCESS_LIST_FIELDS)
        }
        fid = int(record["fid"])
        level = _text(values[schema.REQ_SCOPE_LEVEL])
        scope_code = _text(values[schema.REQ_SCOPE_CODE])
        editable = level == access_list.LEVEL_UNIT and scope_code == self.scope.unit_code
        text = _text(values[schema.REQ_TEXT])
        if editable:
            tip = self.tr("Unit-level requirement {0}: double-click to edit.").format(
                _text(values[schema.REQ_ID])
            )
        else:
            tip = self.tr(
                "Inherited from {0} {1}: read-only here. Use 'Show owner' to edit it where "
                "it is defined."
            ).format(level, scope_code)
        search = " ".join(
            _text(values[name])
            for name in (
                schema.REQ_ID,
                schema.REQ_SCOPE_LEVEL,
                schema.REQ_SCOPE_CODE,
                schema.REQ_KIND,
                schema.REQ_TEXT,
                schema.REQ_INDUSTRIES,
                schema.REQ_BASIS,
                schema.REQ_SOURCE,
            )
        ).lower()
        shown = {
            schema.REQ_SCOPE_LEVEL: level if editable else f"{level} {scope_code}",
            schema.REQ_KIND: _text(values[schema.REQ_KIND]),
            schema.REQ_TEXT: text,
            schema.REQ_INDUSTRIES: _text(values[schema.REQ_INDUSTRIES]),
            schema.REQ_SOURCE: _text(values[schema.REQ_SOURCE]) or _text(values[schema.REQ_BASIS]),
        }
        items = []
        for name in COLUMNS:
            item = QStandardItem(shown[name])
            item.setData(fid, FID_ROLE)
            item.setData(name, FIELD_ROLE)
            item.setEditable(editable and name in IN_PLACE)
            item.setToolTip(f"{tip}\n\n{text}" if name == schema.REQ_TEXT and text else tip)
            if not editable:
                item.setBackground(inherited_background())
            items.append(item)
        first = items[0]
        first.setIcon(QgsApplication.getThemeIcon(OWN_ICON if editable else INHERITED_ICON))
        first.setData(editable, EDITABLE_ROLE)
        first.setData(level, LEVEL_ROLE)
        first.setData(scope_code, SCOPE_ROLE)
        first.setData(dimension, DIMENSION_ROLE)
        first.setData(shown[schema.REQ_KIND], KIND_ROLE)
        first.setData(search, SEARCH_ROLE)
        first.setData(values, VALUES_ROLE)
        return items

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
            and _text(level) == access_list.LEVEL_UNIT
            and _text(code) == self.scope.unit_code
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
        if self._populating:
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
        values = self._clean(values)
        if not self._valid(values, new=True):
            return None
        layer = self._begin(self.tr("Add requirement"))
        if layer is None:
            return None
        code = self.scope.unit_code
        dimension = values[schema.REQ_DIMENSION]
        attributes = {
            **values,
            schema.REQ_ID: self._next_id(layer, code),
            schema.REQ_SCOPE_LEVEL: access_list.LEVEL_UNIT,
            schema.REQ_SCOPE_CODE: code,
            schema.REQ_CLASS_FILTER: schema.CLASS_FILTER_ALL,
            schema.REQ_STATUS: STATUS_VALID,
            schema.REQ_ORDER: self._next_order(dimension),
            schema.REQ_CHANGED: QDateTime.currentDateTime(),
        }
        feature = QgsFeature(layer.fields())
        for name, value in attributes.items():
            if layer.fields().indexOf(name) >= 0:
                feature[name] = value
        ok = False
        try:
            ok = layer.addFeature(feature)
        finally:
            self._end(layer, ok)
        if not ok:
            self._message(
                self.tr("The requirement could not be added."), Qgis.MessageLevel.Critical
            )
            return None
        fid = feature.id()
        self.view.select_fids([fid])
        return fid

    def update_requirement(self, fid, values: dict) -> bool:
        """Change a unit-level requirement's user fields (dimension, kind, text, ...)."""
        if not self._is_own(fid, warn=True):
            return False
        values = self._clean(values)
        if not self._valid(values, new=False):
            return False
        layer = self.layer
        feature = layer.getFeature(fid)
        fields = layer.fields()
        changes = {
            fields.indexOf(name): value
            for name, value in values.items()
            if fields.indexOf(name) >= 0 and _plain(feature[name]) != value
        }
        if not changes:
            return True
        new_dimension = values.get(schema.REQ_DIMENSION)
        if new_dimension and new_dimension != _dimension(feature[schema.REQ_DIMENSION]):
            changes[fields.indexOf(schema.REQ_ORDER)] = self._next_order(new_dimension)
        changes[fields.indexOf(schema.REQ_CHANGED)] = QDateTime.currentDateTime()
        changes.pop(-1, None)
        layer = self._begin(self.tr("Edit requirement"))
        if layer is None:
            return False
        ok = False
        try:
            ok = all(
                layer.changeAttributeValue(fid, index, value, feature.attribute(index))
                for index, value in changes.items()
            )
        finally:
            self._end(layer, ok)
        return ok

    def delete_requirements(self, fids) -> bool:
        """Delete unit-level requirements (all or none: inherited ones are refused)."""
        fids = [int(fid) for fid in fids or ()]
        if not fids or not all(self._is_own(fid, warn=True) for fid in fids):
            return False
        layer = self._begin(
            self.tr("Delete requirement") if len(fids) == 1 else self.tr("Delete requirements")
        )
        if layer is None:
            return False
        ok = False
        try:
            ok = layer.deleteFeatures(fids)
        finally:
            self._end(layer, ok)
        return ok

    def move_requirement(self, fid, delta: int) -> bool:
        """Move a unit-level requirement ``delta`` places among the unit's valid rows of its
        dimension and renumber their order (PX) 1..n."""
        if not self._is_own(fid, warn=True) or not delta:
            return False
        layer = self.layer
        dimension = _dimension(layer.getFeature(fid)[schema.REQ_DIMENSION])
        rows = [
            (feature.id(), values)
            for feature, values in self._unit_features()
            if _dimension(values[schema.REQ_DIMENSION]) == dimension
            and _text(values.get(schema.REQ_STATUS)) != access_list.STATUS_REPEALED
        ]
        rows.sort(key=lambda row: _order_key(row[1]))
        ids = [row_fid for row_fid, _ in rows]
        position = ids.index(fid)
        target = min(max(position + int(delta), 0), len(ids) - 1)
        if target == position:
            return False
        ids.insert(target, ids.pop(position))
        current = {row_fid: values.get(schema.REQ_ORDER) for row_fid, values in rows}
        order_index = layer.fields().indexOf(schema.REQ_ORDER)
        changed_index = layer.fields().indexOf(schema.REQ_CHANGED)
        layer = self._begin(self.tr("Reorder requirements"))
        if layer is None:
            return False
        ok = True
        now = QDateTime.currentDateTime()
        try:
            for order, row_fid in enumerate(ids, start=1):
                if current[row_fid] != order:
                    ok = layer.changeAttributeValue(row_fid, order_index, order) and ok
                    if changed_index >= 0:
                        ok = layer.changeAttributeValue(row_fid, changed_index, now) and ok
        finally:
            self._end(layer, ok)
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
        expression = " AND ".join(
            (
                QgsExpression.createFieldEqualityExpression(schema.REQ_SCOPE_LEVEL, level),
                QgsExpression.createFieldEqualityExpression(schema.REQ_SCOPE_CODE, scope_code),
            )
        )
        self.iface.showAttributeTable(layer, expression)
        return expression

    # --- edit helpers -------------------------------------------------------------------

    def _begin(self, text: str) -> QgsVectorLayer | None:
        """Open an edit command on the access layer, starting an edit session if needed."""
        layer = self.layer
        if layer is None or self.scope is None:
            self._message(
                self.tr("Select a unit and add an access-list table first."),
                Qgis.MessageLevel.Warning,
            )
            return None
        if not layer.isEditable():
            if not layer.startEditing():
                self._message(
                    self.tr("{0} cannot be edited.").format(layer.name()),
                    Qgis.MessageLevel.Critical,
                )
                return None
            if layer.id() not in self._told_editing:
                self._told_editing.add(layer.id())
                self._message(
                    self.tr(
                        "{0} is now in edit mode: save or roll back the edits with QGIS."
                    ).format(layer.name()),
                    Qgis.MessageLevel.Info,
                )
        self._editing = True
        layer.beginEditCommand(text)
        return layer

    def _end(self, layer: QgsVectorLayer, ok: bool) -> None:
        if ok:
            layer.endEditCommand()
        else:
            layer.destroyEditCommand()
        self._editing = False
        self.refresh()

    def _clean(self, values: dict) -> dict:
        cleaned = {}
        for name, value in (values or {}).items():
            if name not in USER_FIELDS:
                continue
            value = _plain(value)
            if isinstance(value, str):
                value = value.strip() or None
            if name == schema.REQ_DIMENSION and value:
                value = _dimension(value)
            if name == schema.REQ_INDUSTRIES and value:
                value = ",".join(access_list.split_codes(value)) or None
            cleaned[name] = value
        return cleaned

    def _valid(self, values: dict, new: bool) -> bool:
        problem = None
        if (new or schema.REQ_TEXT in values) and not values.get(schema.REQ_TEXT):
            problem = self.tr("A requirement needs a text.")
        elif (new or schema.REQ_DIMENSION in values) and values.get(
            schema.REQ_DIMENSION
        ) not in schema.DIMENSIONS_ZH:
            problem = self.tr("The dimension must be one of: {0}.").format(
                "、".join(schema.DIMENSIONS_ZH)
            )
        elif values.get(schema.REQ_KIND) not in (None, *schema.REQ_KINDS_ZH):
            problem = self.tr("The kind must be one of: {0}.").format(
                "、".join(schema.REQ_KINDS_ZH)
            )
        if problem:
            self._message(problem, Qgis.MessageLevel.Warning)
            return False
        return True

    def _is_own(self, fid, warn: bool = False) -> bool:
        """Whether ``fid`` is a unit-level requirement of the current unit."""
        if self.layer is None or self.scope is None or fid is None:
            return False
        feature = self.layer.getFeature(int(fid))
        own = (
            feature.isValid()
            and _text(feature[schema.REQ_SCOPE_LEVEL]) == access_list.LEVEL_UNIT
            and _text(feature[schema.REQ_SCOPE_CODE]) == self.scope.unit_code
        )
        if not own and warn:
            self._message(
                self.tr(
                    "Only the unit's own requirements can be changed here; inherited ones are "
                    "changed where they are defined."
                ),
                Qgis.MessageLevel.Warning,
            )
        return own

    def _unit_features(self) -> list:
        """(feature, {field: value}) of every row of the current unit, any status."""
        expression = " AND ".join(
            (
                QgsExpression.createFieldEqualityExpression(
                    schema.REQ_SCOPE_LEVEL, access_list.LEVEL_UNIT
                ),
                QgsExpression.createFieldEqualityExpression(
                    schema.REQ_SCOPE_CODE, self.scope.unit_code
                ),
            )
        )
        request = QgsFeatureRequest().setFilterExpression(expression)
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
        names = self.layer.fields().names()
        return [
            (feature, {name: _plain(feature[name]) for name in names})
            for feature in self.layer.getFeatures(request)
        ]

    def _next_order(self, dimension: str) -> int:
        orders = [
            values.get(schema.REQ_ORDER)
            for _, values in self._unit_features()
            if _dimension(values.get(schema.REQ_DIMENSION)) == dimension
        ]
        return max([int(o) for o in orders if o is not None], default=0) + 1

    @staticmethod
    def _next_id(layer: QgsVectorLayer, unit_code: str) -> str:
        index = layer.fields().indexOf(schema.REQ_ID)
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
        request.setSubsetOfAttributes([index])
        used = {_text(feature[index]) for feature in layer.getFeatures(request)}
        pattern = re.compile(rf"^{re.escape(unit_code)}-(\d+)$")
        numbers = [int(m.group(1)) for m in map(pattern.match, used) if m]
        n = max(numbers, default=0) + 1
        while f"{unit_code}-{n:03d}" in used:
            n += 1
        return f"{unit_code}-{n:03d}"

    def _message(self, text: str, level) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushMessage(self.tr("Access list"), text, level, 8)


def _disconnect(connections) -> None:
    for signal, slot in connections:
        try:
            signal.disconnect(slot)
        except (TypeError, RuntimeError):
            pass
