"""单元边界编辑模式: the controller.

Entering the mode switches on, for the unit layer only, topological editing, snapping to
the unit, county and red-line layers and avoid-overlap on the unit layer; leaving restores
the user's own snapping settings exactly. The boundary operations run on the units of one
county through ``core.editing.operations`` and go into the layer's edit buffer as one undo
step each; each writes a change-journal row to the project GeoPackage, which follows the
undo stack (undone rows removed, redone rows written again) and is removed on rollback.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsSnappingConfig,
    QgsTolerance,
    QgsVectorLayer,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal

from ..compat import AvoidIntersectionsMode, SnappingMode, vertex_and_segment
from ..core import schema
from .live_check import LiveCheckController

SNAP_METRES = 5.0  # snapping tolerance in map units for a metre CRS
SNAP_DEGREES = 5e-5  # about 5 m for a geographic project CRS
FOLLOW_DEFAULT_M = 20.0


@dataclass
class JournalEntry:
    index: int  # undo-stack index right after the operation's command
    row: dict
    fid: int | None = None  # row id in the journal table while written
    command: tuple | None = None  # which undo command made it (tells a redo from a new edit)


class BoundaryEditController(QObject):
    modeChanged = pyqtSignal(bool)
    message = pyqtSignal(str)

    def __init__(self, iface=None, project: QgsProject | None = None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.live = LiveCheckController(iface, self)
        self.units = None  # adapters.unit_edits.UnitLayer
        self.journal = None  # QgsVectorLayer of change_journal, or None
        self.entries: list[JournalEntry] = []
        self.session = ""
        self._saved = None
        self._started_editing = False
        self._codes: dict[int, str] = {}  # fid -> code, to journal codes changed by hand
        self._pending: list[tuple[int, str, str]] = []
        self._last_index = 0

    def tr(self, text):
        return QCoreApplication.translate("BoundaryEditController", text)

    @property
    def active(self) -> bool:
        return self.units is not None

    # --- entering and leaving the mode ----------------------------------------------

    def enter(self, layer: QgsVectorLayer, county=None, red_line=None) -> bool:
        from ..adapters.unit_edits import UnitLayer

        if self.active:
            self.leave()
        try:
            self.units = UnitLayer(layer, self.project)
        except (KeyError, ValueError) as error:
            self._say(
                self.tr("{0} cannot be edited as a unit layer: {1}").format(
                    layer.name() if layer else "", error
                )
            )
            self.units = None
            return False
        self.session = uuid.uuid4().hex
        self._save_snapping()
        self._apply_snapping([layer, county, red_line])
        self._open_journal()
        if not layer.isEditable():
            self._started_editing = layer.startEditing()
        self._codes = self._read_codes()
        self._pending, self._last_index = [], layer.undoStack().index()
        self._connect(True)
        self.live.county_layer, self.live.red_line_layer = county, red_line
        self.live.attach(self.units)
        self.modeChanged.emit(True)
        return True

    def leave(self) -> None:
        if not self.active:
            return
        self.live.detach()
        self._connect(False)
        layer = self.units.layer
        if self._started_editing and layer.isEditable() and not layer.isModified():
            layer.rollBack()
        self._restore_snapping()
        self.units = self.journal = None
        self.entries = []
        self._started_editing = False
        self.modeChanged.emit(False)

    def _save_snapping(self) -> None:
        p = self.project
        self._saved = (
            QgsSnappingConfig(p.snappingConfig()),
            list(p.avoidIntersectionsLayers()),
            p.avoidIntersectionsMode(),
            p.topologicalEditing(),
        )

    def _restore_snapping(self) -> None:
        if self._saved is None:
            return
        config, layers, mode, topological = self._saved
        self.project.setSnappingConfig(config)
        self.project.setAvoidIntersectionsLayers(layers)
        self.project.setAvoidIntersectionsMode(mode)
        self.project.setTopologicalEditing(topological)
        self._saved = None

    def tolerance(self) -> float:
        return SNAP_DEGREES if self.project.crs().isGeographic() else SNAP_METRES

    def _apply_snapping(self, layers) -> None:
        wanted = {lyr.id() for lyr in layers if lyr is not None}
        config = QgsSnappingConfig(self.project.snappingConfig())
        config.setEnabled(True)
        config.setMode(SnappingMode.AdvancedConfiguration)
        for layer in self.project.mapLayers().values():
            if not isinstance(layer, QgsVectorLayer):
                continue
            config.setIndividualLayerSettings(
                layer,
                QgsSnappingConfig.IndividualLayerSettings(
                    layer.id() in wanted,
                    vertex_and_segment(),
                    self.tolerance(),
                    QgsTolerance.UnitType.ProjectUnits,
                    0.0,
                    0.0,
                ),
            )
        self.project.setSnappingConfig(config)
        self.project.setTopologicalEditing(True)
        self.project.setAvoidIntersectionsMode(AvoidIntersectionsMode.AvoidIntersectionsLayers)
        self.project.setAvoidIntersectionsLayers([self.units.layer])

    # --- the journal follows the edit buffer --------------------------------------------

    def _open_journal(self) -> None:
        from ..adapters import journal as journal_db

        path = journal_db.gpkg_of(self.units.layer)
        self.journal = journal_db.open_journal(path) if path is not None else None
        if self.journal is None:
            self._say(
                self.tr("The unit layer is not in a project GeoPackage: edits are not journalled."),
                Qgis.MessageLevel.Info,
            )

    def _connect(self, on: bool) -> None:
        layer = self.units.layer
        pairs = (
            (layer.attributeValueChanged, self._attribute_changed),
            (layer.featureAdded, self._feature_added),
            (layer.undoStack().indexChanged, self._sync_journal),
            (layer.beforeCommitChanges, self._committing),
            (layer.beforeRollBack, self._rolling_back),
        )
        for signal, slot in pairs:
            if on:
                signal.connect(slot)
            else:
                try:
                    signal.disconnect(slot)
                except TypeError:
                    pass

    def used_codes(self) -> set:
        from ..adapters import journal as journal_db
        from ..core.editing.journal import used_codes

        rows = journal_db.read_rows(self.journal) if self.journal is not None else []
        return used_codes(rows) | used_codes([e.row for e in self.entries])

    def _record(self, row: dict) -> None:
        index = self.units.layer.undoStack().index()
        self.entries = [e for e in self.entries if e.index < index]  # overwritten redo steps
        self.entries.append(JournalEntry(index, row, command=self._command_key(index)))
        self._sync_journal(index)

    # --- codes changed by hand (attribute table, unit panel) are journalled too ------

    def _read_codes(self) -> dict[int, str]:
        from ..adapters.layers import to_python

        field = self.units.field(schema.UNIT_CODE)
        request = QgsFeatureRequest().setSubsetOfAttributes([field], self.units.layer.fields())
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
        return {f.id(): to_python(f[field]) for f in self.units.layer.getFeatures(request)}

    def _attribute_changed(self, fid: int, index: int, value) -> None:
        from ..adapters.layers import to_python

        if index != self.units.index(schema.UNIT_CODE):
            return
        old, new = self._codes.get(fid), to_python(value)
        self._codes[fid] = new
        if (old or "") != (new or ""):
            self._pending.append((fid, old, new))

    def _feature_added(self, fid: int) -> None:
        from ..adapters.layers import to_python

        self._codes[fid] = to_python(
            self.units.layer.getFeature(fid)[self.units.field(schema.UNIT_CODE)]
        )

    def _command_key(self, index: int):
        """The undo command that brought the stack to ``index``: its address and text."""

        command = self.units.layer.undoStack().command(index - 1) if index > 0 else None
        return None if command is None else (sip.unwrapinstance(command), command.text())

    def _recode_row(self, fid: int, old, new) -> dict:
        from ..adapters.layers import to_python
        from ..core.editing import journal

        feature = self.units.layer.getFeature(fid)

        def value(name, kind):
            try:
                return kind(to_python(feature[self.units.field(name)]) or 0)
            except (KeyError, TypeError, ValueError):
                return kind(0)

        return journal.recode_entry(
            self.units.county_of(fid),
            value(schema.UNIT_CLASS, int),
            value(schema.UNIT_AREA, float),
            old,
            new,
            session=self.session,
        )

    def _take_pending(self, index: int) -> None:
        """Codes changed by the command that brought the stack to ``index`` become journal
        entries, unless the stack went back (an undo) or re-did a command already journalled."""
        pending, self._pending = self._pending, []
        forward, self._last_index = index > self._last_index, index
        if not pending or not forward or self.units is None:
            return
        key = self._command_key(index)
        if any(e.index == index and e.command == key for e in self.entries):
            return  # a redo: its rows are written again below
        self.entries = [e for e in self.entries if e.index < index]
        for fid, old, new in pending:
            self.entries.append(JournalEntry(index, self._recode_row(fid, old, new), command=key))

    def _sync_journal(self, index: int) -> None:
        from ..adapters import journal as journal_db

        self._take_pending(index)
        if self.journal is None:
            return
        for entry in self.entries:
            if entry.index <= index and entry.fid is None:
                (entry.fid,) = journal_db.write_rows(self.journal, [entry.row], self.units.work_crs)
            elif entry.index > index and entry.fid is not None:
                journal_db.delete_rows(self.journal, [entry.fid])
                entry.fid = None

    def _committing(self, *_):
        self.entries = []  # the written rows stay: they describe committed edits

    def _rolling_back(self, *_):
        self._sync_journal(-1)
        self.entries = []

    def _say(self, text: str, level=Qgis.MessageLevel.Warning) -> None:
        self.message.emit(text)
        if self.iface is not None:
            self.iface.messageBar().pushMessage(self.tr("Unit boundary editing"), text, level, 8)

    # --- the operations -------------------------------------------------------------

    def _shapely(self, geometry, crs=None):
        """A drawn or chosen QgsGeometry (layer CRS unless ``crs``) in the working CRS."""

        if crs is not None and crs != self.units.layer.crs():
            g = QgsGeometry(geometry)
            g.transform(QgsCoordinateTransform(crs, self.units.layer.crs(), self.project))
            geometry = g
        return self.units.shapely_of(geometry)

    def _hits(self, geometry) -> list[tuple[int, object]]:
        """(fid, working-CRS geometry) of the units whose extent meets ``geometry``'s."""

        rect = geometry.boundingBox()
        rect.grow(SNAP_DEGREES if self.units.layer.crs().isGeographic() else SNAP_METRES)
        request = QgsFeatureRequest().setFilterRect(rect)
        return [
            (f.id(), self.units.shapely_of(f.geometry()))
            for f in self.units.layer.getFeatures(request)
            if f.hasGeometry()
        ]

    def _selected(self) -> list[int]:
        return sorted(self.units.layer.selectedFeatureIds())

    def _same_county(self, fids) -> str | None:
        counties = {self.units.county_of(f) for f in fids}
        if len(counties) != 1 or None in counties:
            self._say(self.tr("The units must belong to one county (with a county code)."))
            return None
        return counties.pop()

    def _run(self, county: str, make_edit, reason: str):
        from ..core.editing import journal
        from ..core.editing import operations as ops

        units, fids = self.units.read_county(county, self.used_codes())
        index = {int(f): i for i, f in enumerate(fids)}
        try:
            edit = make_edit(units, index)
        except ops.EditError as error:
            self._say(self.error_text(error))
            return None
        label = self.operation_label(edit.operation)
        self.units.apply(units, fids, edit, label)
        self._record(journal.entry(units, edit, reason, session=self.session))
        return edit

    def move_boundary(self, line, reason: str = ""):
        """Move the shared boundary of two neighbours (the two selected units, else the two
        units whose boundary the line's ends lie on) along ``line``."""
        import shapely

        from ..core.editing import operations as ops

        drawn = self._shapely(line)
        pair = self._selected()
        if len(pair) != 2:
            ends = shapely.points(shapely.get_coordinates(drawn)[[0, -1]])
            near = [
                (fid, float(shapely.length(shapely.intersection(drawn, g))))
                for fid, g in self._hits(line)
                if shapely.distance(g.boundary, ends).max() <= 2 * SNAP_METRES
            ]
            near.sort(key=lambda x: -x[1])
            pair = [fid for fid, _ in near[:2]]
        if len(pair) != 2:
            self._say(
                self.tr("Draw the new boundary from one end of a shared boundary to the other.")
            )
            return None
        county = self._same_county(pair)
        if county is None:
            return None
        return self._run(
            county,
            lambda u, ix: ops.move_boundary(u, ix[pair[0]], ix[pair[1]], drawn, SNAP_METRES),
            reason,
        )

    def split(self, line, reason: str = ""):
        """Split the selected unit (else the unit the line runs through longest) by ``line``."""
        import shapely

        from ..core.editing import operations as ops

        drawn = self._shapely(line)
        chosen = self._selected()
        if len(chosen) != 1:
            hits = [
                (fid, shapely.length(shapely.intersection(drawn, g))) for fid, g in self._hits(line)
            ]
            chosen = [max(hits, key=lambda x: x[1])[0]] if hits else []
        if not chosen:
            self._say(self.tr("The line crosses no unit."))
            return None
        county = self._same_county(chosen)
        if county is None:
            return None
        return self._run(county, lambda u, ix: ops.split(u, ix[chosen[0]], drawn), reason)

    def merge(self, reason: str = "", fids=None):
        from ..core.editing import operations as ops

        chosen = list(fids) if fids is not None else self._selected()
        if len(chosen) < 2:
            self._say(self.tr("Select at least two units of the same county and class to merge."))
            return None
        county = self._same_county(chosen)
        if county is None:
            return None
        return self._run(county, lambda u, ix: ops.merge(u, [ix[f] for f in chosen]), reason)

    def reclassify(self, polygon, new_class: int, reason: str = ""):
        """The part of the units inside ``polygon`` (in the county it overlaps most) becomes
        a new unit of ``new_class``."""
        import shapely

        from ..core.editing import operations as ops

        drawn = self._shapely(polygon)
        hits = [
            (fid, shapely.area(shapely.intersection(drawn, g))) for fid, g in self._hits(polygon)
        ]
        hits = [h for h in hits if h[1] > 0]
        if not hits:
            self._say(self.tr("The polygon covers no unit."))
            return None
        county = self.units.county_of(max(hits, key=lambda x: x[1])[0])
        return self._run(county, lambda u, ix: ops.reclassify(u, drawn, new_class), reason)

    def follow(
        self, target, target_crs, distance: float = FOLLOW_DEFAULT_M, reason: str = "", fid=None
    ):
        """Snap the selected unit's boundary to ``target`` (a feature of another layer)."""
        from ..core.editing import operations as ops

        chosen = [fid] if fid is not None else self._selected()
        if len(chosen) != 1:
            self._say(self.tr("Select the one unit whose boundary should follow the feature."))
            return None
        outline = self._shapely(target, target_crs)
        county = self._same_county(chosen)
        if county is None:
            return None
        return self._run(
            county, lambda u, ix: ops.follow_layer(u, ix[chosen[0]], outline, distance), reason
        )

    def operation_label(self, operation: str) -> str:
        labels = {
            "move_boundary": self.tr("Move shared boundary"),
            "split": self.tr("Split unit"),
            "merge": self.tr("Merge units"),
            "reclassify": self.tr("Reclassify part of a unit"),
            "follow_layer": self.tr("Follow a layer's feature"),
        }
        return labels.get(operation, operation)

    def error_text(self, error) -> str:
        texts = {
            "not_neighbours": self.tr("The two units share no boundary."),
            "line_outside": self.tr("The new boundary leaves the two units."),
            "line_ends": self.tr("The new boundary must start and end on the units' boundary."),
            "line_no_cut": self.tr("The line does not cut the unit in two."),
            "merge_too_few": self.tr(
                "Select at least two units of the same county and class to merge."
            ),
            "merge_classes": self.tr("Only units of the same class can be merged."),
            "reclassify_empty": self.tr("The polygon covers no unit of another class."),
            "bad_class": self.tr("No such unit class."),
            "bad_distance": self.tr("The distance must be positive."),
            "follow_nothing": self.tr(
                "The feature's outline runs nowhere near the unit's boundary."
            ),
            "no_unit": self.tr("The unit is not in its county's units."),
        }
        return texts.get(error.kind, str(error))
