"""The 准入清单 panel's models: the requirement tree and its filter proxy.

The tree has the four dimensions at the top and a unit's effective requirements below,
in level order. Inherited rows (省级, 区域, 市级, 县级, 分类) are read-only, tinted and
locked; the unit's own rows (单元 with the unit's code) carry a pencil and edit in place
in the kind, text and industries columns.
"""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from qgis.PyQt.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QApplication

from ..adapters.access_table import access, dimension, plain, text
from ..core import schema

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
SEARCHED = (
    schema.REQ_ID,
    schema.REQ_SCOPE_LEVEL,
    schema.REQ_SCOPE_CODE,
    schema.REQ_KIND,
    schema.REQ_TEXT,
    schema.REQ_INDUSTRIES,
    schema.REQ_BASIS,
    schema.REQ_SOURCE,
)
# Inherited rows: a lock and a light tint (readable text); the unit's own rows: a pencil.
INHERITED_ICON = "/locked.svg"
OWN_ICON = "/mActionToggleEditing.svg"


def inherited_background() -> QColor:
    """The base colour with a touch of the highlight colour: light or dark themes alike."""
    palette = QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    tint = palette.color(QPalette.ColorRole.Highlight)
    return QColor(*(round(0.9 * a + 0.1 * b) for a, b in zip(base.getRgb()[:3], tint.getRgb()[:3])))


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


class RequirementTreeModel(QStandardItemModel):
    """Dimension groups, then one row per requirement of the effective list."""

    def __init__(self, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        headers = {s.name: s.alias_zh for s in schema.ACCESS_LIST_FIELDS}
        self.setHorizontalHeaderLabels([headers[name] for name in COLUMNS])
        self.populating = False  # rows are being rebuilt: item changes are not edits

    def tr(self, text):
        return QCoreApplication.translate("RequirementTreeModel", text)

    def clear_rows(self) -> None:
        self.removeRows(0, self.rowCount())

    def populate(self, rows, unit_code: str) -> None:
        """Rebuild from the effective list ``rows``; rows of ``unit_code`` are editable."""
        groups: dict[str, list] = {d: [] for d in schema.DIMENSIONS_ZH}
        for record in rows.to_dict("records"):
            groups.setdefault(dimension(record.get(schema.REQ_DIMENSION)), []).append(record)
        for name, records in groups.items():
            label = name or self.tr("(no dimension)")
            group = [QStandardItem(f"{label} ({len(records)})")]
            group += [QStandardItem() for _ in COLUMNS[1:]]
            for item in group:
                item.setEditable(False)
                item.setData(name, DIMENSION_ROLE)
            font = group[0].font()
            font.setBold(True)
            group[0].setFont(font)
            for record in records:
                group[0].appendRow(self._row_items(record, name, unit_code))
            self.appendRow(group)

    def _row_items(self, record: dict, dimension_name: str, unit_code: str) -> list:
        values = {
            name: plain(record.get(name)) for name in schema.field_names(schema.ACCESS_LIST_FIELDS)
        }
        level = text(values[schema.REQ_SCOPE_LEVEL])
        scope_code = text(values[schema.REQ_SCOPE_CODE])
        editable = level == access.LEVEL_UNIT and scope_code == unit_code
        shown = _shown(values, level, scope_code, editable)
        tip = self._tip(values, level, scope_code, editable)
        body = shown[schema.REQ_TEXT]
        items = []
        for name in COLUMNS:
            item = QStandardItem(shown[name])
            item.setData(int(record["fid"]), FID_ROLE)
            item.setData(name, FIELD_ROLE)
            item.setEditable(editable and name in IN_PLACE)
            item.setToolTip(f"{tip}\n\n{body}" if name == schema.REQ_TEXT and body else tip)
            if not editable:
                item.setBackground(inherited_background())
            items.append(item)
        first = items[0]
        first.setIcon(QgsApplication.getThemeIcon(OWN_ICON if editable else INHERITED_ICON))
        first.setData(editable, EDITABLE_ROLE)
        first.setData(level, LEVEL_ROLE)
        first.setData(scope_code, SCOPE_ROLE)
        first.setData(dimension_name, DIMENSION_ROLE)
        first.setData(shown[schema.REQ_KIND], KIND_ROLE)
        first.setData(" ".join(text(values[n]) for n in SEARCHED).lower(), SEARCH_ROLE)
        first.setData(values, VALUES_ROLE)
        return items

    def _tip(self, values, level, scope_code, editable) -> str:
        if editable:
            return self.tr("Unit-level requirement {0}: double-click to edit.").format(
                text(values[schema.REQ_ID])
            )
        return self.tr(
            "Inherited from {0} {1}: read-only here. Use 'Show owner' to edit it where "
            "it is defined."
        ).format(level, scope_code)


def _shown(values, level, scope_code, editable) -> dict:
    """The text of each column."""
    return {
        schema.REQ_SCOPE_LEVEL: level if editable else f"{level} {scope_code}",
        schema.REQ_KIND: text(values[schema.REQ_KIND]),
        schema.REQ_TEXT: text(values[schema.REQ_TEXT]),
        schema.REQ_INDUSTRIES: text(values[schema.REQ_INDUSTRIES]),
        schema.REQ_SOURCE: text(values[schema.REQ_SOURCE]) or text(values[schema.REQ_BASIS]),
    }
