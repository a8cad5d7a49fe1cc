"""准入清单 dock: the view. Loads its form from the .ui file and only emits signals.

The controller (``plugin.controllers.access_list_editor``) fills the tree with a
model whose top-level rows are the four dimensions and whose children are the
requirements; it tells the view which item-data roles carry a requirement's
feature id, level, scope code, dimension, values and whether it is editable here.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from qgis.core import QgsApplication
from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QRect,
    Qt,
    QTimer,
    pyqtSignal,
)
from qgis.PyQt.QtWidgets import QComboBox, QHeaderView, QStyledItemDelegate, QWidget

from ..plugin.core import schema
from .fit import icon_only, set_scrolling_panel, shrinkable
from .requirement_dialog import RequirementDialog

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("access_list_panel.ui")))

ALL = "__all__"
ICONS = {
    "addButton": "/symbologyAdd.svg",
    "editButton": "/symbologyEdit.svg",
    "deleteButton": "/symbologyRemove.svg",
    "upButton": "/mActionArrowUp.svg",
    "downButton": "/mActionArrowDown.svg",
    "undoButton": "/mActionUndo.svg",
    "redoButton": "/mActionRedo.svg",
    "jumpButton": "/mActionOpenTable.svg",
}


def requirement_html(values: dict, own: bool) -> str:
    """A requirement's fields as a short HTML page (labels from the data model)."""

    labels = {s.name: s.alias_zh for s in schema.ACCESS_LIST_FIELDS}
    owner = (
        QCoreApplication.translate("AccessListDock", "Unit-level requirement (editable here)")
        if own
        else QCoreApplication.translate(
            "AccessListDock", "Inherited from {0} {1} (read-only here)"
        ).format(values.get(schema.REQ_SCOPE_LEVEL) or "", values.get(schema.REQ_SCOPE_CODE) or "")
    )
    rows = [f"<p><b>{escape(str(values.get(schema.REQ_TEXT) or ''))}</b></p>"]
    rows.append(f"<p><i>{escape(owner)}</i></p><table>")
    for name in (
        schema.REQ_ID,
        schema.REQ_DIMENSION,
        schema.REQ_KIND,
        schema.REQ_INDUSTRIES,
        schema.REQ_BASIS,
        schema.REQ_SOURCE,
        schema.REQ_EFFECTIVE,
    ):
        value = values.get(name)
        if value not in (None, ""):
            rows.append(
                f"<tr><td>{escape(labels.get(name, name))}</td><td>{escape(str(value))}</td></tr>"
            )
    return "".join(rows) + "</table>"


class AccessListPanel(QWidget, FORM_CLASS):
    """The form's widgets as typed attributes (searchEdit, kindFilter, requirementTree, ...)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)


class KindDelegate(QStyledItemDelegate):
    """In-place editor of the kind column: a combo box of the schema's kinds."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.addItem("", None)
        for kind in schema.REQ_KINDS_ZH:
            combo.addItem(kind, kind)
        return combo

    def setEditorData(self, editor, index):
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole) or None)
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)


class WrapDelegate(QStyledItemDelegate):
    """Row height of the requirement text wrapped to its column's width (QTreeView does not
    tell the delegate the width, so word wrap alone leaves one elided line)."""

    def __init__(self, tree, column: int):
        super().__init__(tree)
        self.tree = tree
        self.column = column

    def sizeHint(self, option, index):  # noqa: N802
        hint = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        width = self.tree.columnWidth(self.column) - 8
        if not text or width <= 0:
            return hint
        metrics = option.fontMetrics
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
        rect = metrics.boundingRect(QRect(0, 0, width, 100000), flags, str(text))
        hint.setHeight(max(hint.height(), rect.height() + 6))
        return hint


class AccessListDock(QgsDockWidget):
    addRequested = pyqtSignal(dict)  # values of the new requirement (schema field names)
    editRequested = pyqtSignal(int, dict)  # feature id, new values
    deleteRequested = pyqtSignal(list)  # feature ids
    moveRequested = pyqtSignal(int, int)  # feature id, -1 up / +1 down
    jumpRequested = pyqtSignal(str, str)  # scope level, scope code
    filtersChanged = pyqtSignal(dict)  # {"kind": kind|None, "dimension": dimension|None}
    searchChanged = pyqtSignal(str)
    undoRequested = pyqtSignal()
    redoRequested = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("EcoZoningAccessListDock")
        self.setWindowTitle(self.tr("Access list"))
        self.panel = AccessListPanel(self)
        set_scrolling_panel(self, self.panel)
        self.dialog: RequirementDialog | None = None
        self._roles: dict = {}
        self._editing_allowed = False
        self._collapsed: set = set()
        self._column_wish: dict = {}
        self._text_column = 0
        p = self.panel
        for name, icon in ICONS.items():
            getattr(p, name).setIcon(QgsApplication.getThemeIcon(icon))
        icon_only(*(getattr(p, name) for name in ICONS))
        shrinkable(p.kindFilter, p.dimensionFilter)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(p.requirementTree.doItemsLayout)
        rows = p.requirementTree.fontMetrics().height() + 6
        p.requirementTree.setMinimumHeight(4 * rows)
        p.detailView.setMinimumHeight(int(1.5 * rows))
        p.treeSplitter.setStretchFactor(0, 3)
        p.treeSplitter.setStretchFactor(1, 1)
        p.kindFilter.addItem(self.tr("All"), ALL)
        for kind in schema.REQ_KINDS_ZH:
            p.kindFilter.addItem(kind, kind)
        p.dimensionFilter.addItem(self.tr("All"), ALL)
        for dimension in schema.DIMENSIONS_ZH:
            p.dimensionFilter.addItem(dimension, dimension)
        p.kindFilter.currentIndexChanged.connect(self._emit_filters)
        p.dimensionFilter.currentIndexChanged.connect(self._emit_filters)
        p.searchEdit.textChanged.connect(lambda text: self.searchChanged.emit(text))
        tree = p.requirementTree
        tree.doubleClicked.connect(self._double_clicked)
        tree.collapsed.connect(lambda index: self._collapsed.add(self._dimension(index)))
        tree.expanded.connect(lambda index: self._collapsed.discard(self._dimension(index)))
        p.addButton.clicked.connect(self.open_add_dialog)
        p.editButton.clicked.connect(self.open_edit_dialog)
        p.deleteButton.clicked.connect(self._emit_delete)
        p.upButton.clicked.connect(lambda: self._emit_move(-1))
        p.downButton.clicked.connect(lambda: self._emit_move(1))
        p.jumpButton.clicked.connect(self._emit_jump)
        p.undoButton.clicked.connect(lambda: self.undoRequested.emit())
        p.redoButton.clicked.connect(lambda: self.redoRequested.emit())
        self.set_undo_state(False, False)
        self._update_buttons()

    def tr(self, text):
        return QCoreApplication.translate("AccessListDock", text)

    # --- filled by the controller --------------------------------------------

    def set_model(
        self, model, roles: dict, kind_column: int, text_column: int | None = None
    ) -> None:
        """roles: {"fid", "editable", "level", "scope", "dimension", "values"} -> item role.

        The requirement text (``text_column``, by default the one after the kind) takes the
        width left by the short columns and wraps; the others are sized for their content.
        """
        self._roles = roles
        text_column = kind_column + 1 if text_column is None else text_column
        tree = self.panel.requirementTree
        tree.setModel(model)
        tree.setItemDelegateForColumn(kind_column, KindDelegate(tree))
        tree.setItemDelegateForColumn(text_column, WrapDelegate(tree, text_column))
        header = tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        em = tree.fontMetrics().horizontalAdvance("国")
        # what the short columns would like (level and scope code, kind, industries, source)
        self._column_wish = {
            column: {0: 5 * em + tree.indentation() + 24, kind_column: 2.5 * em}.get(
                column, 5.5 * em
            )
            for column in range(model.columnCount())
            if column != text_column
        }
        self._text_column = text_column
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(lambda *_: self._relayout.start())
        tree.viewport().installEventFilter(self)
        self._fit_columns()
        tree.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        tree.selectionModel().currentChanged.connect(lambda current, _: self._show_detail(current))
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(lambda *_: self._arrange())
        self._arrange()

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Type.Resize and watched is self.panel.requirementTree.viewport():
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """The requirement text gets at least 55 % of the width; the short columns share the
        rest, the last ones hidden when too narrow (their values stay in the detail pane and
        the tooltip)."""
        tree = self.panel.requirementTree
        if not self._column_wish:
            return
        width = tree.viewport().width()
        room = 0.45 * width
        shown = dict(self._column_wish)
        while len(shown) > 2 and sum(shown.values()) > room:
            shown.pop(max(shown))  # the rightmost short column goes first
        scale = min(1.0, room / sum(shown.values()))
        for column in self._column_wish:
            tree.setColumnHidden(column, column not in shown)
            if column in shown:
                tree.setColumnWidth(column, int(shown[column] * scale))
        used = sum(tree.columnWidth(c) for c in shown)
        tree.setColumnWidth(self._text_column, max(int(width - used), 60))
        self._relayout.start()

    def _show_detail(self, index) -> None:
        """The current requirement in full, below the tree."""
        view = self.panel.detailView
        first = index.siblingAtColumn(0) if index.isValid() else index
        values = first.data(self._roles["values"]) if first.isValid() and self._roles else None
        if not values:
            view.clear()
            return
        view.setHtml(requirement_html(values, self._editable(first)))

    def set_unit_text(self, text: str) -> None:
        self.panel.unitLabel.setText(text)

    def set_count_text(self, text: str) -> None:
        self.panel.countLabel.setText(text)

    def set_editing_allowed(self, allowed: bool) -> None:
        """Whether unit-level requirements can be added and changed (a unit and a table)."""
        self._editing_allowed = allowed
        self._update_buttons()

    def set_undo_state(self, can_undo: bool, can_redo: bool, undo_text="", redo_text="") -> None:
        p = self.panel
        p.undoButton.setEnabled(can_undo)
        p.redoButton.setEnabled(can_redo)
        p.undoButton.setToolTip(
            self.tr("Undo {0}").format(undo_text)
            if undo_text
            else self.tr("Undo the last edit of the access list")
        )
        p.redoButton.setToolTip(
            self.tr("Redo {0}").format(redo_text)
            if redo_text
            else self.tr("Redo the last undone edit of the access list")
        )

    def filters(self) -> dict:
        p = self.panel
        return {
            name: (None if combo.currentData() in (ALL, None) else combo.currentData())
            for name, combo in (("kind", p.kindFilter), ("dimension", p.dimensionFilter))
        }

    def search_text(self) -> str:
        return self.panel.searchEdit.text()

    def selected_fids(self) -> list:
        return [fid for fid, _ in self._selected_rows()]

    def select_fids(self, fids) -> None:
        """Select the requirement rows with these feature ids (the first becomes current)."""
        tree = self.panel.requirementTree
        model = tree.model()
        selection = tree.selectionModel()
        if model is None or selection is None:
            return
        wanted = set(fids or ())
        selection.clearSelection()
        first = True
        for group in range(model.rowCount()):
            parent = model.index(group, 0)
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if index.data(self._roles["fid"]) in wanted:
                    flags = (
                        QItemSelectionModel.SelectionFlag.Select
                        | QItemSelectionModel.SelectionFlag.Rows
                    )
                    if first:
                        selection.setCurrentIndex(index, flags)
                        tree.scrollTo(index)
                        first = False
                    else:
                        selection.select(index, flags)

    # --- dialogs --------------------------------------------------------------

    def open_add_dialog(self) -> RequirementDialog:
        values = {schema.REQ_DIMENSION: self._current_dimension()}
        dialog = self._open_dialog(values, self.tr("Add unit-level requirement"))
        dialog.accepted.connect(lambda: self.addRequested.emit(dialog.values()))
        return dialog

    def open_edit_dialog(self) -> RequirementDialog | None:
        rows = [(fid, index) for fid, index in self._selected_rows() if self._editable(index)]
        if len(rows) != 1:
            return None
        fid, index = rows[0]
        values = dict(index.data(self._roles["values"]) or {})
        dialog = self._open_dialog(values, self.tr("Edit unit-level requirement"))
        dialog.accepted.connect(lambda: self.editRequested.emit(int(fid), dialog.values()))
        return dialog

    def _open_dialog(self, values: dict, title: str) -> RequirementDialog:
        if self.dialog is not None:
            self.dialog.reject()
        dialog = RequirementDialog(self, values, title)
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog):
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # --- signals out ---------------------------------------------------------

    def _emit_filters(self, *_):
        self.filtersChanged.emit(self.filters())

    def _emit_delete(self):
        fids = [fid for fid, index in self._selected_rows() if self._editable(index)]
        if fids:
            self.deleteRequested.emit(fids)

    def _emit_move(self, delta: int):
        rows = [(fid, index) for fid, index in self._selected_rows() if self._editable(index)]
        if len(rows) == 1:
            self.moveRequested.emit(int(rows[0][0]), delta)

    def _emit_jump(self):
        rows = self._selected_rows()
        if len(rows) == 1:
            index = rows[0][1]
            self.jumpRequested.emit(
                str(index.data(self._roles["level"]) or ""),
                str(index.data(self._roles["scope"]) or ""),
            )

    def _double_clicked(self, index):
        """Double-click on a unit-level row opens the dialog, unless the cell edits in place."""
        if not index.isValid() or index.flags() & Qt.ItemFlag.ItemIsEditable:
            return
        if self._editable(index.siblingAtColumn(0)):
            self.panel.requirementTree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.open_edit_dialog()

    # --- helpers ----------------------------------------------------------------

    def _selected_rows(self) -> list:
        """(feature id, column-0 index) of the selected requirement rows, in view order."""
        tree = self.panel.requirementTree
        if tree.selectionModel() is None or not self._roles:
            return []
        rows = []
        for index in tree.selectionModel().selectedRows(0):
            fid = index.data(self._roles["fid"])
            if fid is not None:
                rows.append((fid, index))
        return rows

    def _editable(self, index) -> bool:
        return bool(self._roles) and bool(index.data(self._roles["editable"]))

    def _dimension(self, index) -> str | None:
        return index.data(self._roles["dimension"]) if self._roles else None

    def _current_dimension(self) -> str | None:
        index = self.panel.requirementTree.currentIndex()
        return self._dimension(index.siblingAtColumn(0)) if index.isValid() else None

    def _arrange(self):
        """Span group rows over all columns and expand them (except those the user closed)."""
        tree = self.panel.requirementTree
        model = tree.model()
        if model is None:
            return
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            tree.setFirstColumnSpanned(row, QModelIndex(), True)
            tree.setExpanded(index, self._dimension(index) not in self._collapsed)
        self._update_buttons()

    def _update_buttons(self):
        p = self.panel
        rows = self._selected_rows()
        editable = [fid for fid, index in rows if self._editable(index)]
        allowed = self._editing_allowed
        single = allowed and len(rows) == 1 and len(editable) == 1
        p.addButton.setEnabled(allowed)
        p.editButton.setEnabled(single)
        p.deleteButton.setEnabled(allowed and bool(editable))
        p.upButton.setEnabled(single)
        p.downButton.setEnabled(single)
        p.jumpButton.setEnabled(len(rows) == 1)
