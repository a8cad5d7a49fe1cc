"""管控单元 dock: the controller.

Follows the selected feature of the unit layer (or a map click with the panel's
map tool), shows it through the view and writes edits through the layer's edit
buffer: each edit is one command on QGIS's undo stack, and saving or rolling
back is the user's, as with any QGIS edit. The field mapping of a layer whose
names differ from the data model is kept in the project.
"""

from __future__ import annotations

import json
from statistics import median

from qgis.core import Qgis, QgsFeatureRequest, QgsProject, QgsVectorLayer
from qgis.gui import QgsMapToolIdentifyFeature
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal

from ..core import schema
from .signals import connect_all, disconnect_all, guarded

PROJECT_SCOPE = "EcoZoning"


def load_mapping(project: QgsProject, layer: QgsVectorLayer) -> dict:
    """The layer's schema -> field mapping: saved in the project, else guessed."""
    stored, found = project.readEntry(PROJECT_SCOPE, f"mapping/{layer.id()}", "")
    if found and stored:
        mapping = json.loads(stored)
        names = layer.fields().names()
        return {k: v for k, v in mapping.items() if v in names}
    numeric = [f.name() for f in layer.fields() if f.isNumeric()]
    return schema.guess_field_mapping(layer.fields().names(), numeric_fields=numeric)


def save_mapping(project: QgsProject, layer: QgsVectorLayer, mapping: dict) -> None:
    project.writeEntry(
        PROJECT_SCOPE, f"mapping/{layer.id()}", json.dumps(mapping, ensure_ascii=False)
    )


class UnitEditorController(QObject):
    unitChanged = pyqtSignal(object, object)  # layer, feature id (None when no unit)

    def __init__(
        self,
        view,
        iface,
        project: QgsProject | None = None,
        code_rule=schema.DEFAULT_CODE_RULE,
        parent=None,
    ):
        super().__init__(parent)
        self.view = view
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.rule = code_rule
        self.layer: QgsVectorLayer | None = None
        self.mapping: dict = {}
        self.fid = None
        self.order: list[int] = []
        self.map_tool = None
        self._layer_signals: list = []
        self._view_signals = connect_all(
            (
                (view.layerChanged, self.set_layer),
                (view.fieldEdited, guarded(self.edit_field)),
                (view.navigateRequested, guarded(self.navigate)),
                (view.nextCodeRequested, guarded(self.assign_next_code)),
                (view.pickToggled, guarded(self.set_picking)),
                (view.editToggled, guarded(self.set_editing)),
                (view.mappingRequested, guarded(self.edit_mapping)),
            )
        )
        if view.current_layer() is not None:  # the combo box chose one before we listened
            self.set_layer(view.current_layer(), quiet=True)

    def tr(self, text):
        return QCoreApplication.translate("UnitEditorController", text)

    # --- layer ----------------------------------------------------------------

    def set_layer(self, layer, quiet: bool = False) -> None:
        disconnect_all(self._layer_signals)
        self._layer_signals = []
        self.layer = layer if isinstance(layer, QgsVectorLayer) else None
        self.mapping = load_mapping(self.project, self.layer) if self.layer else {}
        if self.layer is not None:
            self._layer_signals = connect_all(self._connections())
            guarded(self._check_area_unit, quiet=True)()
        self._rebuild_order()
        selected = self.layer.selectedFeatureIds() if self.layer else []
        guarded(self.set_unit, quiet=quiet)(selected[0] if selected else None)
        self.view.set_editable(bool(self.layer and self.layer.isEditable()))

    def area_ratio(self, sample: int = 25) -> float | None:
        """Median of (area field ÷ official area in km²) over a few units: about 1 when the
        field holds km², about 1,000,000 when it holds m²."""

        from ..adapters.crs import official_area_m2

        field = self._field(schema.UNIT_AREA)
        if not field:
            return None
        request = QgsFeatureRequest().setLimit(sample)
        ratios = []
        for feature in self.layer.getFeatures(request):
            value = feature[field]
            if value in (None, "") or feature.geometry().isEmpty():
                continue
            km2 = official_area_m2(feature.geometry(), self.layer.crs()) / 1e6
            if km2 > 0:
                ratios.append(float(value) / km2)
        return median(ratios) if ratios else None

    def _check_area_unit(self) -> None:
        """An area field in m² (or hectares) mapped onto MJ (km²) is asked about, never
        silently overwritten with km² values."""
        ratio = self.area_ratio()
        if ratio is None or 0.1 < ratio < 10:
            return
        field = self._field(schema.UNIT_AREA)
        unit = "m²" if ratio > 1e5 else ("ha" if 10 < ratio < 1e3 else "?")
        if self.view.ask_area_unit(self.layer.name(), field, unit, ratio):
            mapping = dict(self.mapping)
            mapping.pop(schema.UNIT_AREA, None)
            self.mapping = mapping
            save_mapping(self.project, self.layer, mapping)

    def set_mapping(self, mapping: dict) -> None:
        """Use and remember (in the project) a field mapping for the current layer."""
        if self.layer is None:
            return
        self.mapping = dict(mapping)
        save_mapping(self.project, self.layer, self.mapping)
        self._rebuild_order()
        self.set_unit(self.fid)

    def edit_mapping(self) -> None:
        if self.layer is None:
            return
        mapping = self.view.ask_mapping(self.layer, self.mapping)
        if mapping is not None:
            self.set_mapping(mapping)

    def _connections(self):
        layer = self.layer
        return (
            (layer.selectionChanged, guarded(self._selection_changed)),
            (layer.attributeValueChanged, guarded(self._attribute_changed)),
            (layer.geometryChanged, guarded(self._geometry_changed)),
            (layer.featureAdded, guarded(self._features_changed)),
            (layer.featuresDeleted, guarded(self._features_changed)),
            (layer.editingStarted, self._editing_changed),
            (layer.editingStopped, self._editing_changed),
            (layer.afterRollBack, guarded(self._refresh)),
            (layer.willBeDeleted, self._layer_deleted),
        )

    def _layer_deleted(self) -> None:
        self._layer_signals = []  # the layer's signals go with it
        self.layer = None
        if sip.isdeleted(self.view):  # the panel went first
            self.close()
            return
        self.set_layer(None)

    def close(self) -> None:
        """Stop listening to the layer and give the map tool back (the plugin unloads)."""
        disconnect_all(self._layer_signals)
        self._layer_signals = []
        disconnect_all(self._view_signals)
        self._view_signals = []
        self.set_picking(False)
        self.layer = None

    def _field(self, name: str) -> str | None:
        return self.mapping.get(name)

    def _index(self, name: str) -> int:
        field = self._field(name)
        return self.layer.fields().indexOf(field) if field else -1

    def _rebuild_order(self) -> None:
        """Feature ids in unit-code order, for previous/next."""
        self.order = []
        if self.layer is None:
            return
        code_field = self._field(schema.UNIT_CODE)
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
        request.setSubsetOfAttributes([code_field] if code_field else [], self.layer.fields())
        pairs = [
            (
                (
                    str(f[code_field])
                    if code_field and f[code_field] not in (None, "")
                    else "\uffff"
                ),
                f.id(),
            )
            for f in self.layer.getFeatures(request)
        ]
        self.order = [fid for _, fid in sorted(pairs)]

    # --- current unit ---------------------------------------------------------

    def set_unit(self, fid) -> None:
        self.fid = fid
        self._refresh()
        self.unitChanged.emit(self.layer, fid)

    def values(self) -> dict | None:
        if self.layer is None or self.fid is None:
            return None
        feature = self.layer.getFeature(self.fid)
        if not feature.isValid():
            return None
        from ..adapters.layers import to_python

        return {name: to_python(feature[field]) for name, field in self.mapping.items()}

    def _refresh(self, *_):
        values = self.values()
        self.view.show_unit(values)
        self.view.set_code_warning(self.code_warning(values) if values else "")
        if self.fid in self.order:
            self.view.set_position(f"{self.order.index(self.fid) + 1} / {len(self.order)}")
        else:
            self.view.set_position(f"– / {len(self.order)}")

    def code_problem(self, kind: str, values: dict) -> str:
        """``CodeRule.problem_kind`` in the UI language."""
        texts = {
            "empty": self.tr("empty code"),
            "not_text": self.tr("code is not text: {code!r}"),
            "spaces": self.tr("code has leading or trailing spaces"),
            "fullwidth": self.tr(
                "code contains full-width characters {chars}: use ASCII digits and letters"
            ),
            "not_ascii": self.tr(
                "code contains non-ASCII characters {chars}: use ASCII digits and letters"
            ),
            "prefix": self.tr("code must start with {prefix}"),
            "length": self.tr("code must have {length} characters, has {actual}"),
            "pattern": self.tr(
                "code must be {prefix} + {county_digits}-digit county code + class digit "
                "({classes}) + {serial_digits}-digit serial"
            ),
        }
        return texts.get(kind, kind).format(**values)

    def code_warning(self, values: dict) -> str:
        """Why the current unit's code is wrong, or ''."""
        code = values.get(schema.UNIT_CODE)
        found = self.rule.problem_kind(code)
        if found:
            return self.tr("Invalid code: {0}").format(self.code_problem(*found))
        county, unit_class, _ = self.rule.parse(code)
        if self._duplicates(code):
            return self.tr("Duplicate code: another unit has {0}").format(code)
        own_class = schema.class_of(values.get(schema.UNIT_CLASS))
        if own_class is not None and own_class != unit_class:
            return self.tr("The class digit {0} of the code does not match the class {1}").format(
                unit_class, values[schema.UNIT_CLASS]
            )
        county_code = values.get(schema.UNIT_COUNTY_CODE)
        if county_code and str(county_code) != county:
            return self.tr(
                "The county digits {0} of the code do not match the county code {1}"
            ).format(county, county_code)
        return ""

    def _duplicates(self, code) -> bool:
        field = self._field(schema.UNIT_CODE)
        request = (
            QgsFeatureRequest()
            .setFilterExpression(f"\"{field}\" = '{code}' AND $id <> {int(self.fid)}")
            .setFlags(QgsFeatureRequest.Flag.NoGeometry)
        )
        request.setLimit(1)
        return any(True for _ in self.layer.getFeatures(request))

    def _selection_changed(self, selected, *_):
        ids = self.layer.selectedFeatureIds()
        if ids and self.fid not in ids:
            self.set_unit(sorted(ids)[0])
        elif not ids:
            self.set_unit(None)

    def _attribute_changed(self, fid, index, value):
        if self.layer.fields().at(index).name() == self._field(schema.UNIT_CODE):
            self._rebuild_order()
        if fid == self.fid:
            self._refresh()

    def _features_changed(self, *_):
        self._rebuild_order()
        self._refresh()

    def _editing_changed(self):
        self.view.set_editable(self.layer.isEditable())

    def _geometry_changed(self, fid, geometry):
        """Keep MJ the official area of the edited geometry, in the same edit command."""
        from ..adapters.crs import official_area_m2

        index = self._index(schema.UNIT_AREA)
        # Only inside the edit command that changes the geometry (map tools open one):
        # during undo/redo no command is active and the stack restores MJ by itself.
        if index < 0 or not self.layer.isEditCommandActive():
            return
        self.layer.changeAttributeValue(
            fid, index, round(official_area_m2(geometry, self.layer.crs()) / 1e6, 6)
        )
        if fid == self.fid:
            self._refresh()

    # --- actions --------------------------------------------------------------

    def set_editing(self, on: bool) -> None:
        if self.layer is None:
            return
        if on and not self.layer.isEditable():
            self.layer.startEditing()
        elif not on and self.layer.isEditable() and self.iface is not None:
            # let QGIS ask about unsaved edits, as its own toggle-editing action does
            self.iface.setActiveLayer(self.layer)
            self.iface.actionToggleEditing().trigger()
        self.view.set_editable(self.layer.isEditable())

    def edit_field(self, name: str, value) -> bool:
        """Write one field of the current unit through the edit buffer (one undo step)."""
        if self.layer is None or self.fid is None:
            return False
        index = self._index(name)
        if index < 0:
            self._message(self.tr("The layer has no field for {0}.").format(name))
            return False
        if not self.layer.isEditable():
            self._message(self.tr("Start editing the unit layer first."))
            self._refresh()
            return False
        if name == schema.UNIT_CLASS and value is not None:
            field = self.layer.fields().at(index)
            # a text class field keeps its labels (优先保护), a numeric one the digit
            value = int(value) if field.isNumeric() else schema.CLASS_LABELS_ZH[int(value)]
        self.layer.beginEditCommand(self.tr("Edit unit {0}").format(name))
        ok = self.layer.changeAttributeValue(self.fid, index, value)
        self.layer.endEditCommand()
        self._refresh()
        return ok

    def next_free_code(self) -> str | None:
        values = self.values()
        if not values:
            return None
        county = schema.normalise_county_code(values.get(schema.UNIT_COUNTY_CODE))
        unit_class = schema.class_of(values.get(schema.UNIT_CLASS))
        if county is None or unit_class is None:
            self._message(self.tr("Set the county code and the class first."))
            return None
        field = self._field(schema.UNIT_CODE)
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
        codes = [f[field] for f in self.layer.getFeatures(request) if f.id() != self.fid]
        return self.rule.next_free(codes, county, schema.class_of(unit_class))

    def assign_next_code(self) -> bool:
        code = self.next_free_code()
        return bool(code) and self.edit_field(schema.UNIT_CODE, code)

    def navigate(self, delta: int) -> None:
        if not self.order:
            return
        position = self.order.index(self.fid) + delta if self.fid in self.order else 0
        fid = self.order[max(0, min(len(self.order) - 1, position))]
        self.layer.selectByIds([fid])
        self.set_unit(fid)
        if self.iface is not None:
            self.iface.mapCanvas().panToSelected(self.layer)

    def set_picking(self, on: bool) -> None:
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        if self.map_tool is not None:  # one tool at a time; given back to QGIS when done
            tool, self.map_tool = self.map_tool, None
            canvas.unsetMapTool(tool)
            tool.deleteLater()
        if on and self.layer is not None:
            self.map_tool = QgsMapToolIdentifyFeature(canvas, self.layer)
            self.map_tool.featureIdentified.connect(self._picked)
            self.map_tool.deactivated.connect(self._pick_deactivated)
            canvas.setMapTool(self.map_tool)
        elif on:
            self.view.set_pick_checked(False)

    def _pick_deactivated(self) -> None:
        if not sip.isdeleted(self.view):
            self.view.set_pick_checked(False)

    def _picked(self, feature) -> None:
        self.layer.selectByIds([feature.id()])
        self.set_unit(feature.id())

    def _message(self, text: str) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushMessage(
                self.tr("Control unit"), text, Qgis.MessageLevel.Warning, 5
            )
