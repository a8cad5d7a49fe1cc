"""外业核查冲突 dialog: the controller. Reads the open conflicts of a project database,
fills the view, and writes the user's choice (one value per conflict) back."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, QObject


class FieldConflictsController(QObject):
    def __init__(self, view, database, parent=None):
        super().__init__(parent)
        self.view = view
        self.database = str(database)
        self.conflicts: list[dict] = []
        view.conflictSelected.connect(self.show_choices)
        view.resolveRequested.connect(self.resolve)
        self.reload()

    def tr(self, text):
        return QCoreApplication.translate("FieldConflictsController", text)

    def reload(self) -> None:
        from ..adapters.field_import import open_conflicts

        self.conflicts = open_conflicts(self.database)
        self.view.set_rows(
            [
                (
                    c.get("row_key") or "",
                    c.get("field_name") or "",
                    c.get("base_value") or "",
                    c.get("office_value") or "",
                    c.get("field_values") or "",
                )
                for c in self.conflicts
            ]
        )
        self.view.set_status(self.tr("{0} conflicts to resolve").format(len(self.conflicts)))

    def show_choices(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            self.view.set_choices([])
            return
        choices = []
        for source, reviewer, value in self.conflicts[row]["choices"]:
            label = (
                self.tr("Office: {0}").format(value)
                if source == "office"
                else self.tr("{0} ({1}): {2}").format(source, reviewer, value)
            )
            choices.append((label, value))
        if self.conflicts[row].get("table_name") == "review":
            choices = [(self.tr("Keep the office's review record"), None)]
        self.view.set_choices(choices)

    def resolve(self, row: int, value) -> None:
        from ..adapters.field_import import FieldImportError, resolve_conflict

        if not 0 <= row < len(self.conflicts):
            return
        conflict = self.conflicts[row]
        try:
            resolve_conflict(self.database, conflict["conflict_id"], value)
        except (FieldImportError, RuntimeError) as error:
            self.view.set_status(self.tr("Not resolved: {0}").format(error))
            return
        self.reload()
        self.view.set_status(
            self.tr("Resolved {0} {1}; {2} conflicts left").format(
                conflict["row_key"], conflict["field_name"], len(self.conflicts)
            )
        )
