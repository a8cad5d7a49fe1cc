"""质检结果 dock: the controller and its models.

The panel reviews check results and supervision leads alike (``review_kinds``): the
controller owns the table and filter models, listens to the layer and writes status and
notes through the layer's edit buffer (so QGIS's undo stack, save and rollback behave as
usual).
"""

from __future__ import annotations

import json

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from ..adapters.postgis.redact import safe_value
from ..core import schema
from ..core.fieldwork.model import VERDICTS_ZH
from ..core.fieldwork.snapshot import problem_id
from .review_kinds import CHECKS, LEADS, PHOTOS, VERDICT, ReviewKind, kind_of
from .signals import connect_all, disconnect_all, guarded

__all__ = ["CHECKS", "LEADS", "VERDICT", "CheckResultsController", "ErrorTableModel"]

FID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
PROJECT_SCOPE = "EcoZoning"


def check_titles() -> dict:
    """{check code: Chinese title}; empty when the checks engine cannot load (no shapely 2)."""
    try:
        from ..core.checks import CHECKS as CHECK_SPECS
    except ImportError:
        return {}
    return {code: spec.title_zh for code, spec in CHECK_SPECS.items()}


def is_check_layer(layer) -> bool:
    return kind_of(layer) is CHECKS


class ErrorTableModel(QAbstractTableModel):
    """One row per feature of the reviewed layer: (fid, {field: value}); the columns are
    those of the layer's kind (check results or leads)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[int, dict]] = []
        self.kind: ReviewKind = CHECKS
        self.columns = self.kind.all_columns()
        self.headers = self.kind.headers()
        self.titles = check_titles()

    def load(self, layer: QgsVectorLayer | None, kind: ReviewKind | None = None) -> None:
        self.beginResetModel()
        self.kind = kind or CHECKS
        self.columns, self.headers = self.kind.all_columns(), self.kind.headers()
        self.rows = []
        if layer is not None:
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
            names = layer.fields().names()
            wanted = [n for n in {*self.kind.columns, *self.kind.tooltip} if n in names]
            verdicts = _field_verdicts(layer) if self.kind.field_verdicts else {}
            for feature in layer.getFeatures(request):
                values = {n: _plain(feature[n]) for n in wanted}
                if verdicts:
                    values[VERDICT], values[PHOTOS] = verdicts.get(_problem_id(values), (None, []))
                self.rows.append((feature.id(), values))
        self.endResetModel()

    def update_value(self, fid: int, field: str, value) -> None:
        for row, (row_fid, values) in enumerate(self.rows):
            if row_fid == fid:
                values[field] = _plain(value)
                column = self.columns.index(field) if field in self.columns else 0
                self.dataChanged.emit(self.index(row, column), self.index(row, column))
                return

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        fid, values = self.rows[index.row()]
        field = self.columns[index.column()]
        value = values.get(field)
        if role == Qt.ItemDataRole.ToolTipRole and field == VERDICT and values.get(PHOTOS):
            return "\n".join(values[PHOTOS])
        if role == FID_ROLE:
            return fid
        if role == SORT_ROLE:
            return value if value is not None else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(field, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(values)
        if role == Qt.ItemDataRole.TextAlignmentRole and field == schema.CHK_AREA:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, field: str, value) -> str:
        if field == schema.CHK_AREA and value is not None:
            return f"{value:,.1f}"
        if self.kind is CHECKS and field == schema.CHK_CODE and value in self.titles:
            return f"{value} {self.titles[value]}"
        return "" if value is None else str(value)

    def _tooltip(self, values: dict) -> str:
        parts = []
        if self.kind is CHECKS:
            code = values.get(schema.CHK_CODE)
            parts.append(f"{code} {self.titles.get(code, '')}".strip())
        else:
            parts.append(values.get("reason"))
        parts += [values.get(name) for name in self.kind.tooltip]
        return "\n".join(str(part) for part in parts if part not in (None, ""))

    def distinct(self, field: str) -> list:
        return sorted(
            {values.get(field) for _, values in self.rows if values.get(field) not in (None, "")}
        )

    def count_by(self, field: str, rows=None) -> dict:
        counts = {}
        for _, values in self.rows if rows is None else rows:
            key = values.get(field)
            counts[key] = counts.get(key, 0) + 1
        return counts


class ErrorFilterModel(QSortFilterProxyModel):
    """Rows whose fields equal every chosen filter value (fields per the model's kind)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filters = {}
        self.setSortRole(SORT_ROLE)

    def set_filters(self, filters: dict) -> None:
        self.filters = {k: v for k, v in filters.items() if v is not None}
        self.invalidateFilter()

    def filterAcceptsRow(self, row, parent):  # noqa: N802
        model = self.sourceModel()
        _, values = model.rows[row]
        fields = model.kind.filters
        return all(
            values.get(fields[name]) == wanted
            for name, wanted in self.filters.items()
            if name in fields
        )


def _field_verdicts(layer) -> dict:
    """{problem id: (verdict, photos)} of the field reviews imported beside the layer."""
    from ..adapters.field_import import verdicts_for_problems

    return verdicts_for_problems(layer.source())


def _problem_id(values: dict) -> str:
    return problem_id(
        values.get(schema.CHK_CODE),
        values.get(schema.CHK_UNITS),
        values.get(schema.CHK_COUNTY),
        values.get(schema.CHK_MESSAGE),
    )


def _plain(value):
    from ..adapters.layers import to_python

    return to_python(value)


class CheckResultsController(QObject):
    def __init__(self, view, iface, project: QgsProject | None = None, parent=None):
        super().__init__(parent)
        self.view = view
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.layer: QgsVectorLayer | None = None
        self.kind: ReviewKind = CHECKS
        self.model = ErrorTableModel(self)
        self.proxy = ErrorFilterModel(self)
        self.proxy.setSourceModel(self.model)
        view.set_model(self.proxy, FID_ROLE)
        self._show_kind()
        self._view_signals = connect_all(
            (
                (view.layerChanged, self.set_layer),
                (view.filtersChanged, self.set_filters),
                (view.errorActivated, self.show_error),
                (view.reviewRequested, self.set_review),
                (view.rerunRequested, guarded(self.rerun)),
            )
        )
        self.model.modelReset.connect(self._refresh_counts)
        self.model.dataChanged.connect(self._refresh_counts)
        if view.current_layer() is not None:  # the combo box chose one before we listened
            self.set_layer(view.current_layer())

    def tr(self, text):
        return QCoreApplication.translate("CheckResultsController", text)

    # --- layer ----------------------------------------------------------------

    def set_layer(self, layer) -> None:
        if self.layer is not None:
            for signal, slot in self._layer_connections():
                try:
                    signal.disconnect(slot)
                except TypeError:
                    pass
        kind = kind_of(layer)
        self.layer = layer if kind is not None else None
        self.kind = kind or CHECKS
        if layer is not None and self.layer is None:
            self._message(
                self.tr("{0} is neither a check-results layer nor a lead layer.").format(
                    layer.name()
                ),
                Qgis.MessageLevel.Warning,
            )
        self._show_kind()
        if self.layer is not None:
            for signal, slot in self._layer_connections():
                signal.connect(slot)
        self.reload()

    def _layer_connections(self):
        layer = self.layer
        return (
            (layer.attributeValueChanged, self._value_changed),
            (layer.featureAdded, self._structure_changed),
            (layer.featuresDeleted, self._structure_changed),
            (layer.afterRollBack, self.reload),
            (layer.afterCommitChanges, self.reload),
            (layer.willBeDeleted, self._layer_deleted),
        )

    def _layer_deleted(self):
        self.layer = None
        self.reload()

    def close(self) -> None:
        """Stop listening to the view and the layer (the plugin unloads)."""
        disconnect_all(self._view_signals)
        self._view_signals = []
        if self.layer is not None:
            disconnect_all(self._layer_connections())
        self.layer = None

    def _show_kind(self) -> None:
        """The view's statuses, first filter's label, wide column and kind-only widgets."""
        kind = self.kind
        self.view.set_kind(
            kind.key,
            kind.first_label,
            kind.statuses,
            kind.all_columns().index(kind.wide),
            kind.field_verdicts,
        )

    def reload(self) -> None:
        kind = self.kind
        self.model.load(self.layer, kind)
        fields = kind.filters
        options = {
            "check": self.model.distinct(fields["check"]),
            "severity": [
                s for s in kind.severities if s in self.model.distinct(fields["severity"])
            ],
            "status": list(kind.statuses),
            "county": self.model.distinct(fields["county"]),
        }
        if kind.field_verdicts:
            options["verdict"] = [v for v in VERDICTS_ZH if v in self.model.distinct(VERDICT)]
        self.view.set_filter_options(options)
        self.proxy.set_filters(self.view.filters())
        self._refresh_counts()
        self.view.fit_columns()

    def _value_changed(self, fid, index, value):
        field = self.layer.fields().at(index).name()
        self.model.update_value(fid, field, value)
        self.proxy.invalidateFilter()

    def _structure_changed(self, *_):
        self.reload()

    def set_filters(self, filters: dict) -> None:
        self.proxy.set_filters(filters)
        self._refresh_counts()

    def _refresh_counts(self, *_):
        statuses = self.model.count_by(schema.CHK_STATUS)
        parts = ", ".join(f"{s} {statuses.get(s, 0)}" for s in self.kind.statuses)
        self.view.set_count_text(
            self.tr(self.kind.count_text).format(
                self.proxy.rowCount(), self.model.rowCount(), parts
            )
        )

    # --- actions --------------------------------------------------------------

    def show_error(self, fid: int) -> None:
        """Zoom to the problem or lead geometry and flash it."""
        if self.layer is None or self.iface is None:
            return
        feature = self.layer.getFeature(fid)
        geometry = feature.geometry()
        if geometry is None or geometry.isEmpty():
            return
        canvas = self.iface.mapCanvas()
        transform = QgsCoordinateTransform(
            self.layer.crs(), canvas.mapSettings().destinationCrs(), self.project
        )
        extent = transform.transformBoundingBox(geometry.boundingBox())
        if extent.width() == 0 or extent.height() == 0:
            extent.grow(50)
        else:
            extent.scale(1.5)
        canvas.setExtent(extent)
        canvas.refresh()
        canvas.flashGeometries([geometry], self.layer.crs())

    def set_review(self, fids: list, status: str, note: str) -> bool:
        """Set status and note of the given problems or leads through the edit buffer (one
        undoable command) and save, unless the layer was already being edited."""
        layer = self.layer
        if layer is None or not fids:
            return False
        fields = layer.fields()
        status_index, note_index = (
            fields.indexOf(schema.CHK_STATUS),
            fields.indexOf(schema.CHK_NOTE),
        )
        was_editing = layer.isEditable()
        if not was_editing and not layer.startEditing():
            self._message(
                self.tr("{0} cannot be edited.").format(layer.name()), Qgis.MessageLevel.Critical
            )
            return False
        layer.beginEditCommand(self.tr(self.kind.command))
        for fid in fids:
            layer.changeAttributeValue(fid, status_index, status)
            if note_index >= 0:
                layer.changeAttributeValue(fid, note_index, note)
        layer.endEditCommand()
        if was_editing:
            return True  # the user saves with their other edits
        if not layer.commitChanges():
            errors = "; ".join(layer.commitErrors())
            layer.rollBack()
            self._message(
                self.tr("Review status not saved: {0}").format(errors), Qgis.MessageLevel.Critical
            )
            return False
        return True

    def rerun(self, parameters: dict | None = None) -> bool:
        """Run the checks again and replace the layer's errors, keeping review status.

        Without ``parameters`` the algorithm dialog opens, filled with the inputs of
        the last run from this panel.
        """
        import processing

        layer = self.layer
        if layer is None or self.kind is not CHECKS:
            return False
        key = f"check_parameters/{layer.id()}"
        if parameters is None:
            stored, found = self.project.readEntry(PROJECT_SCOPE, key, "")
            parameters = json.loads(stored) if found and stored else {}
            parameters = dict(parameters, PREVIOUS_ERRORS=layer, OUTPUT_ERRORS="memory:")
            results = processing.execAlgorithmDialog("ecozoning:checkunits", parameters)
        else:
            parameters = dict(parameters, PREVIOUS_ERRORS=layer, OUTPUT_ERRORS="memory:")
            results = processing.run("ecozoning:checkunits", parameters)
        output = (results or {}).get("OUTPUT_ERRORS")
        if output is None:
            return False
        if isinstance(output, str):
            output = QgsProject.instance().mapLayer(output) or QgsVectorLayer(
                output, "errors", "ogr"
            )
        storable = {
            k: safe_value(v)
            for k, v in parameters.items()
            if k not in ("PREVIOUS_ERRORS", "OUTPUT_ERRORS", "OUTPUT_SUMMARY", "OUTPUT_HTML")
        }
        self.project.writeEntry(PROJECT_SCOPE, key, json.dumps(storable, ensure_ascii=False))
        return self.replace_errors(output)

    def replace_errors(self, new_errors: QgsVectorLayer) -> bool:
        """Swap the layer's features for those of ``new_errors`` in one undoable, saved edit."""
        layer = self.layer
        was_editing = layer.isEditable()
        if not was_editing and not layer.startEditing():
            return False

        layer.beginEditCommand(self.tr("Re-run checks"))
        layer.deleteFeatures(
            [f.id() for f in layer.getFeatures(QgsFeatureRequest().setNoAttributes())]
        )
        transform = QgsCoordinateTransform(new_errors.crs(), layer.crs(), self.project)
        features = []
        for source in new_errors.getFeatures():
            feature = QgsFeature(layer.fields())
            for name in source.fields().names():
                if layer.fields().indexOf(name) >= 0 and name != "fid":
                    feature[name] = source[name]
            geometry = source.geometry()
            if not geometry.isNull():
                geometry.transform(transform)
            feature.setGeometry(geometry)
            features.append(feature)
        layer.addFeatures(features)
        layer.endEditCommand()
        if not was_editing and not layer.commitChanges():
            errors = "; ".join(layer.commitErrors())
            layer.rollBack()
            self._message(
                self.tr("Check results not saved: {0}").format(errors), Qgis.MessageLevel.Critical
            )
            return False
        self.reload()
        return True

    def _message(self, text: str, level) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushMessage(self.tr("Check results"), text, level, 8)
