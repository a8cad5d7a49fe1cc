"""质检结果 dock: the controller and its models.

The controller owns the table and filter models, listens to the error layer and
writes review status and notes through the layer's edit buffer (so QGIS's undo
stack, save and rollback behave as usual).
"""

from __future__ import annotations

import json

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
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

from ..core import schema
from ..core.fieldwork.model import VERDICTS_ZH

FID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = (
    schema.CHK_CODE,
    schema.CHK_SEVERITY,
    schema.CHK_UNITS,
    schema.CHK_AREA,
    schema.CHK_STATUS,
    schema.CHK_MESSAGE,
    schema.CHK_NOTE,
    schema.CHK_COUNTY,
)
PROJECT_SCOPE = "EcoZoning"
VERDICT = "field_verdict"  # not a layer field: the 外业核查 verdict of the problem
VERDICT_ALIAS = "外业核查结论"
PHOTOS = "field_photos"


def is_check_layer(layer) -> bool:
    if not isinstance(layer, QgsVectorLayer):
        return False
    names = set(layer.fields().names())
    return {schema.CHK_CODE, schema.CHK_SEVERITY, schema.CHK_STATUS} <= names


class ErrorTableModel(QAbstractTableModel):
    """One row per error feature: (fid, {field: value})."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[int, dict]] = []
        self.headers = [s.alias_zh for s in schema.CHECK_FIELDS]
        self._alias = {s.name: s.alias_zh for s in schema.CHECK_FIELDS}
        self._alias[VERDICT] = VERDICT_ALIAS

    def load(self, layer: QgsVectorLayer | None) -> None:
        self.beginResetModel()
        self.rows = []
        if layer is not None:
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
            names = layer.fields().names()
            verdicts = _field_verdicts(layer)
            for feature in layer.getFeatures(request):
                values = {n: _plain(feature[n]) for n in COLUMNS if n in names}
                if verdicts:
                    values[VERDICT], values[PHOTOS] = verdicts.get(_problem_id(values), (None, []))
                self.rows.append((feature.id(), values))
        self.endResetModel()

    def update_value(self, fid: int, field: str, value) -> None:
        for row, (row_fid, values) in enumerate(self.rows):
            if row_fid == fid:
                values[field] = _plain(value)
                column = COLUMNS.index(field) if field in COLUMNS else 0
                self.dataChanged.emit(self.index(row, column), self.index(row, column))
                return

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(COLUMNS) + 1  # and the field verdict

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._alias[(*COLUMNS, VERDICT)[section]]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        fid, values = self.rows[index.row()]
        field = (*COLUMNS, VERDICT)[index.column()]
        value = values.get(field)
        if role == Qt.ItemDataRole.ToolTipRole and field == VERDICT and values.get(PHOTOS):
            return "\n".join(values[PHOTOS])
        if role == FID_ROLE:
            return fid
        if role == SORT_ROLE:
            return value if value is not None else ""
        if role == Qt.ItemDataRole.DisplayRole:
            if field == schema.CHK_AREA and value is not None:
                return f"{value:,.1f}"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and field == schema.CHK_AREA:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

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
    FIELDS = {
        "check": schema.CHK_CODE,
        "severity": schema.CHK_SEVERITY,
        "status": schema.CHK_STATUS,
        "county": schema.CHK_COUNTY,
        "verdict": VERDICT,
    }

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filters = {}
        self.setSortRole(SORT_ROLE)

    def set_filters(self, filters: dict) -> None:
        self.filters = {k: v for k, v in filters.items() if v is not None}
        self.invalidateFilter()

    def filterAcceptsRow(self, row, parent):  # noqa: N802
        _, values = self.sourceModel().rows[row]
        return all(values.get(self.FIELDS[name]) == wanted for name, wanted in self.filters.items())


def _field_verdicts(layer) -> dict:
    """{problem id: (verdict, photos)} of the field reviews imported beside the layer."""
    from ..adapters.field_import import verdicts_for_problems

    return verdicts_for_problems(layer.source())


def _problem_id(values: dict) -> str:
    from ..core.fieldwork.snapshot import problem_id

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
        self.model = ErrorTableModel(self)
        self.proxy = ErrorFilterModel(self)
        self.proxy.setSourceModel(self.model)
        view.set_model(self.proxy, FID_ROLE)
        view.set_statuses(schema.REVIEW_STATUSES_ZH)
        view.layerChanged.connect(self.set_layer)
        view.filtersChanged.connect(self.set_filters)
        view.errorActivated.connect(self.show_error)
        view.reviewRequested.connect(self.set_review)
        view.rerunRequested.connect(self.rerun)
        self.model.modelReset.connect(self._refresh_counts)
        self.model.dataChanged.connect(self._refresh_counts)

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
        self.layer = layer if is_check_layer(layer) else None
        if layer is not None and self.layer is None:
            self._message(
                self.tr("{0} is not a check-results layer.").format(layer.name()),
                Qgis.MessageLevel.Warning,
            )
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

    def reload(self) -> None:
        self.model.load(self.layer)
        self.view.set_filter_options(
            {
                "check": self.model.distinct(schema.CHK_CODE),
                "severity": [
                    s for s in schema.SEVERITIES_ZH if s in self.model.distinct(schema.CHK_SEVERITY)
                ],
                "status": list(schema.REVIEW_STATUSES_ZH),
                "county": self.model.distinct(schema.CHK_COUNTY),
                "verdict": [v for v in VERDICTS_ZH if v in self.model.distinct(VERDICT)],
            }
        )
        self.proxy.set_filters(self.view.filters())
        self._refresh_counts()

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
        parts = ", ".join(f"{s} {statuses.get(s, 0)}" for s in schema.REVIEW_STATUSES_ZH)
        self.view.set_count_text(
            self.tr("{0} of {1} problems shown ({2})").format(
                self.proxy.rowCount(), self.model.rowCount(), parts
            )
        )

    # --- actions --------------------------------------------------------------

    def show_error(self, fid: int) -> None:
        """Zoom to the problem geometry and flash it."""
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
        """Set status and note of the given errors through the edit buffer and save."""
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
        layer.beginEditCommand(self.tr("Set review status"))
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
        if layer is None:
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
            k: (v.source() if isinstance(v, QgsVectorLayer) else v)
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
        from qgis.core import QgsFeature

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
