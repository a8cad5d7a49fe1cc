"""The 准入清单 panel's edit commands on a unit's own requirements.

Each action is one edit command in the access-list layer's edit buffer, so
``layer.undoStack().undo()`` reverts exactly one action and QGIS's own undo, save and
rollback work as for any edit. If the table is not in edit mode, editing starts and
the layer stays in edit mode: the user saves or rolls back with QGIS as usual (nothing
is written to disk behind their back and every action stays undoable until then).

A new requirement's id follows the core's one rule (:mod:`plugin.core.access.ids`).
"""

from __future__ import annotations

from qgis.core import Qgis, QgsFeature, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QDateTime

from ..adapters import access_table as table
from ..adapters.access_table import access
from ..core import schema

# Fields a unit-level requirement's values may set; the rest are the panel's.
USER_FIELDS = (
    schema.REQ_DIMENSION,
    schema.REQ_KIND,
    schema.REQ_TEXT,
    schema.REQ_INDUSTRIES,
    schema.REQ_BASIS,
    schema.REQ_SOURCE,
    schema.REQ_EFFECTIVE,
)
STATUS_VALID = schema.REQ_STATUSES_ZH[0]


def _order_key(feature_values: dict):
    order = feature_values.get(schema.REQ_ORDER)
    return (order is None, order or 0, feature_values.get(schema.REQ_ID) or "")


class RequirementEdits:
    """Add, change, delete and reorder the current unit's own rows.

    ``current()`` gives (access-list layer, unit scope) at the time of the action;
    ``message(text, level)`` tells the user; ``refresh()`` runs after each command.
    While a command runs, ``editing`` is True (the layer's signals are our own).
    """

    def __init__(self, current, message, refresh):
        self._current, self._message, self._refresh = current, message, refresh
        self.editing = False
        self._told_editing: set = set()

    def tr(self, text):
        return QCoreApplication.translate("RequirementEdits", text)

    def add(self, values: dict):
        """Add a unit-level requirement; returns its feature id (None when refused)."""
        values = self._clean(values)
        if not self._valid(values, new=True):
            return None
        layer = self._begin(self.tr("Add requirement"))
        if layer is None:
            return None
        code = self._current()[1].unit_code
        dimension = values[schema.REQ_DIMENSION]
        order = table.next_order(layer, code, dimension)
        attributes = {
            **values,
            schema.REQ_ID: access.new_requirement_id(code, dimension, order, table.used_ids(layer)),
            schema.REQ_SCOPE_LEVEL: access.LEVEL_UNIT,
            schema.REQ_SCOPE_CODE: code,
            schema.REQ_CLASS_FILTER: schema.CLASS_FILTER_ALL,
            schema.REQ_STATUS: STATUS_VALID,
            schema.REQ_ORDER: order,
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
        return feature.id()

    def update(self, fid, values: dict) -> bool:
        """Change a unit-level requirement's user fields (dimension, kind, text, ...)."""
        if not self.is_own(fid, warn=True):
            return False
        values = self._clean(values)
        if not self._valid(values, new=False):
            return False
        layer, scope = self._current()
        feature = layer.getFeature(fid)
        fields = layer.fields()
        changes = {
            fields.indexOf(name): value
            for name, value in values.items()
            if fields.indexOf(name) >= 0 and table.plain(feature[name]) != value
        }
        if not changes:
            return True
        new_dimension = values.get(schema.REQ_DIMENSION)
        if new_dimension and new_dimension != table.dimension(feature[schema.REQ_DIMENSION]):
            order = table.next_order(layer, scope.unit_code, new_dimension)
            changes[fields.indexOf(schema.REQ_ORDER)] = order
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

    def delete(self, fids) -> bool:
        """Delete unit-level requirements (all or none: inherited ones are refused)."""
        fids = [int(fid) for fid in fids or ()]
        if not fids or not all(self.is_own(fid, warn=True) for fid in fids):
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

    def move(self, fid, delta: int) -> bool:
        """Move a unit-level requirement ``delta`` places among the unit's valid rows of its
        dimension and renumber their order (PX) 1..n."""
        if not self.is_own(fid, warn=True) or not delta:
            return False
        layer, scope = self._current()
        rows = self._dimension_rows(layer, scope.unit_code, fid)
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
        return ok

    @staticmethod
    def _dimension_rows(layer, unit_code: str, fid) -> list:
        """(fid, values) of the unit's valid rows in the dimension of ``fid``, in order."""
        dimension = table.dimension(layer.getFeature(fid)[schema.REQ_DIMENSION])
        rows = [
            (feature.id(), values)
            for feature, values in table.unit_features(layer, unit_code)
            if table.dimension(values[schema.REQ_DIMENSION]) == dimension
            and table.text(values.get(schema.REQ_STATUS)) != access.STATUS_REPEALED
        ]
        rows.sort(key=lambda row: _order_key(row[1]))
        return rows

    def is_own(self, fid, warn: bool = False) -> bool:
        """Whether ``fid`` is a unit-level requirement of the current unit."""
        layer, scope = self._current()
        if layer is None or scope is None or fid is None:
            return False
        feature = layer.getFeature(int(fid))
        own = (
            feature.isValid()
            and table.text(feature[schema.REQ_SCOPE_LEVEL]) == access.LEVEL_UNIT
            and table.text(feature[schema.REQ_SCOPE_CODE]) == scope.unit_code
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

    # --- one edit command ------------------------------------------------------------

    def _begin(self, text: str) -> QgsVectorLayer | None:
        """Open an edit command on the access layer, starting an edit session if needed."""
        layer, scope = self._current()
        if layer is None or scope is None:
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
        self.editing = True
        layer.beginEditCommand(text)
        return layer

    def _end(self, layer: QgsVectorLayer, ok: bool) -> None:
        if ok:
            layer.endEditCommand()
        else:
            layer.destroyEditCommand()
        self.editing = False
        self._refresh()

    # --- values ------------------------------------------------------------------------

    def _clean(self, values: dict) -> dict:
        cleaned = {}
        for name, value in (values or {}).items():
            if name not in USER_FIELDS:
                continue
            value = table.plain(value)
            if isinstance(value, str):
                value = value.strip() or None
            if name == schema.REQ_DIMENSION and value:
                value = table.dimension(value)
            if name == schema.REQ_INDUSTRIES and value:
                value = ",".join(access.split_codes(value)) or None
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
