"""The EcoZoning page of Settings → Options (QGIS's own dialog, where plugins keep theirs)."""

from __future__ import annotations

from pathlib import Path

from qgis.gui import QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout

from . import settings
from .i18n import tr

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "ecozoning.svg"


class SettingsPage(QgsOptionsPageWidget):
    """Overlay threads (0 = automatic); saved when the Options dialog is accepted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("EcoZoningSettingsPage")
        self.threads = QSpinBox(self)
        self.threads.setObjectName("overlayThreads")
        self.threads.setRange(0, settings.MAX_THREADS)
        self.threads.setSpecialValueText(tr("Automatic ({0})").format(settings.automatic_threads()))
        self.threads.setValue(settings.stored_threads())
        note = QLabel(
            tr(
                "Delineation, the unit checks and the overlap analysis cut and merge polygons "
                "on this many threads. Automatic uses "
                "one per processor core, up to 4. Choose 1 to use a single core, for example "
                "while other heavy work runs on this computer."
            ),
            self,
        )
        note.setWordWrap(True)
        form = QFormLayout()
        # a number, not a text field: keep the spin box at its own width (QGIS's own pages do)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.threads.setMinimumWidth(120)
        form.addRow(tr("Overlay threads"), self.threads)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def apply(self):
        settings.set_overlay_threads(self.threads.value())

    def helpKey(self) -> str:  # noqa: N802
        return ""


class SettingsPageFactory(QgsOptionsWidgetFactory):
    """Registered by the plugin with ``iface.registerOptionsWidgetFactory``."""

    def __init__(self):
        super().__init__(tr("EcoZoning"), QIcon(str(ICON)))
        self.setObjectName("EcoZoningSettings")

    def createWidget(self, parent):  # noqa: N802
        return SettingsPage(parent)
