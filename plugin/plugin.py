"""The QGIS plugin object: menu, toolbar, Processing provider, translator."""

from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsProject
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QMenu

from . import i18n
from .compat import QAction
from .dependencies import missing_requirements

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SAMPLE_GPKG = ROOT / "resources" / "sample" / "sample_city.gpkg"


# The menu, group by group (划定 / 编辑 / 质检 / 清单 / 研判 / 发布; 更新备案, 外业, 监管 as they
# arrive):
# (group, algorithm id, icon, on the toolbar). A new algorithm is one line here; an algorithm
# of the provider missing here still gets an entry, at the end of the menu.
MENU = (
    ("delineate", "createproject", "project.svg", True),
    ("delineate", "delineateunits", "delineate.svg", True),
    ("delineate", "unitstatistics", "statistics.svg", True),
    ("edit", "splitunits", "split.svg", False),
    ("edit", "mergeunits", "merge.svg", False),
    ("edit", "reclassifyunits", "reclassify.svg", False),
    ("check", "checkunits", "check.svg", True),
    ("check", "overlapanalysis", "overlap.svg", False),
    ("access", "importaccesslist", "import.svg", False),
    ("access", "exportaccesslist", "export.svg", False),
    ("screening", "compliance", "compliance.svg", False),
    ("filing", "saveversion", "version_save.svg", False),
    ("filing", "loadversion", "version_load.svg", False),
    ("filing", "compareversions", "compare.svg", False),
    ("filing", "updateunits", "update.svg", False),
    ("filing", "exportfiling", "filing_export.svg", False),
    ("filing", "importfiling", "filing_import.svg", False),
    ("supervise", "screenleads", "leads.svg", False),
    ("supervise", "trackingindicators", "tracking.svg", False),
    ("publish", "exportwebmap", "webmap.svg", False),
)


# Algorithms with a submenu of their own (外业核查: ``_add_fieldwork_menu``).
SUBMENU_ALGORITHMS = {"exportfieldpackage", "importfieldreview"}


class EcoZoningPlugin:
    def tr(self, text: str) -> str:
        return QCoreApplication.translate("EcoZoningPlugin", text)

    def __init__(self, iface):
        self.iface = iface
        self.translator = i18n.install_translator()
        self.provider = None
        self.actions: list[QAction] = []
        self.toolbar = None
        self.menu = None
        self.docks = []
        self.check_dock = self.check_controller = None
        self.unit_dock = self.unit_controller = None
        self.access_dock = self.access_controller = None
        self.quick_dock = self.quick_controller = None
        self.init_error = None
        self.boundary_desk = None
        self.options_factory = None

    # --- QGIS plugin interface ------------------------------------------------

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        from ..processing_provider.provider import EcoZoningProvider

        self.provider = EcoZoningProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()
        # A top-level menu before "Help", as domain plugins do.
        menu_bar = self.iface.mainWindow().menuBar()
        self.menu = QMenu(self.tr("Ecological-environment zoning"), menu_bar)
        self.menu.setObjectName("EcoZoningMenu")
        help_actions = [
            a
            for a in menu_bar.actions()
            if a.menu() is not None and a.menu().objectName() == "mHelpMenu"
        ]
        if help_actions:
            menu_bar.insertMenu(help_actions[0], self.menu)
        else:
            menu_bar.addMenu(self.menu)
        self.toolbar = self.iface.addToolBar(self.tr("Ecological-environment zoning"))
        self.toolbar.setObjectName("EcoZoningToolbar")
        self._build_menu()
        self._add_fieldwork_menu()
        missing = missing_requirements()
        if missing:
            self._show_install_notice(missing)
        try:
            self._init_docks()
        except Exception as error:  # a broken panel must not take the algorithms with it
            import traceback

            self.init_error = traceback.format_exc()
            QgsMessageLog.logMessage(self.init_error, "EcoZoning", Qgis.MessageLevel.Critical)
            self.iface.messageBar().pushMessage(
                self.tr("EcoZoning"),
                self.tr("The panels could not be set up: {0}").format(error),
                Qgis.MessageLevel.Critical,
                0,
            )
        self._guard_geos()
        self._init_settings_page()
        self._init_boundary_editing()
        QgsProject.instance().layersAdded.connect(self.fix_encodings)

    def _init_settings_page(self) -> None:
        """The EcoZoning page of Settings → Options (overlay threads)."""
        from .settings_page import SettingsPageFactory

        self.options_factory = SettingsPageFactory()
        self.iface.registerOptionsWidgetFactory(self.options_factory)

    def _build_menu(self) -> None:
        """The algorithms in groups separated by lines, then the sample data; the panels'
        toggles follow (``_init_docks``)."""
        registry = QgsApplication.processingRegistry()
        provider = registry.providerById("ecozoning")
        listed = {name for _, name, _, _ in MENU} | SUBMENU_ALGORITHMS
        extra = sorted(
            a.name() for a in (provider.algorithms() if provider else []) if a.name() not in listed
        )
        entries = [*MENU, *(("other", name, "ecozoning.svg", False) for name in extra)]
        group = None
        for entry_group, name, icon, on_toolbar in entries:
            algorithm = registry.algorithmById(f"ecozoning:{name}")
            if algorithm is None:
                continue
            if group is not None and entry_group != group:
                self.menu.addSeparator()
            group = entry_group
            action = self._add_action(
                algorithm.displayName() + "…",
                icon,
                lambda _=False, a=name: self.open_algorithm(a),
                toolbar=on_toolbar,
            )
            action.setObjectName(f"EcoZoning_{name}")
        self.menu.addSeparator()
        self._add_action(
            self.tr("Load sample data"), "sample.svg", self.load_sample_data, toolbar=False
        )
        self.menu.addSeparator()

    def _show_install_notice(self, missing):
        """A one-line warning in the message bar; "Details" shows the full instructions."""
        from qgis.PyQt.QtWidgets import QMessageBox, QPushButton

        from .install_message import install_hint, short_notice

        full = install_hint(missing)
        bar = self.iface.messageBar()
        item = bar.createMessage(self.tr("EcoZoning"), short_notice(missing))
        button = QPushButton(self.tr("Details"))
        button.clicked.connect(
            lambda: QMessageBox.information(self.iface.mainWindow(), self.tr("EcoZoning"), full)
        )
        item.layout().addWidget(button)
        bar.pushWidget(item, Qgis.MessageLevel.Warning, 0)
        self.install_notice = (item, button, full)

    def _init_docks(self):
        from qgis.PyQt.QtCore import Qt

        from ..ui.access_list_dock import AccessListDock
        from ..ui.check_results_dock import CheckResultsDock
        from ..ui.quick_check_dock import QuickCheckDock
        from ..ui.unit_dock import UnitDock
        from .controllers.access_list_editor import AccessListController
        from .controllers.check_results import CheckResultsController
        from .controllers.quick_check import QuickCheckController
        from .controllers.unit_editor import UnitEditorController

        self.unit_dock = UnitDock(self.iface.mainWindow())
        self.unit_controller = UnitEditorController(self.unit_dock, self.iface)
        self.access_dock = AccessListDock(self.iface.mainWindow())
        self.access_controller = AccessListController(self.access_dock, self.iface)
        self.unit_controller.unitChanged.connect(self.access_controller.set_unit)
        self.check_dock = CheckResultsDock(self.iface.mainWindow())
        self.check_controller = CheckResultsController(self.check_dock, self.iface)
        self.quick_dock = QuickCheckDock(self.iface.mainWindow())
        self.quick_controller = QuickCheckController(self.quick_dock, self.iface)
        for dock, label, icon in (
            (self.unit_dock, self.tr("Control unit panel"), "unit_panel.svg"),
            (self.access_dock, self.tr("Access list panel"), "access_panel.svg"),
            (self.check_dock, self.tr("Check results panel"), "check_panel.svg"),
            (self.quick_dock, self.tr("Project screening panel"), "screening_panel.svg"),
        ):
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.hide()
            action = self._add_action(label, icon, None, toolbar=False)
            action.setCheckable(True)
            dock.setToggleVisibilityAction(action)
            self.docks.append(dock)

    def _guard_geos(self):
        """Switch off GEOS coverage validation where QGIS desktop and shapely bring different
        GEOS libraries into one Linux process (seen to crash there)."""
        import sys

        if not sys.platform.startswith("linux") or missing_requirements():
            return
        import shapely

        from .core import geometry

        if (Qgis.geosVersionMajor(), Qgis.geosVersionMinor()) != tuple(shapely.geos_version[:2]):
            geometry.COVERAGE_VALIDATION = False

    def fix_encodings(self, layers):
        """Shapefiles whose .dbf declares no encoding: read with the guessed one, and say so."""
        from .adapters.encoding import fix_project_layer

        for layer in layers:
            guess = fix_project_layer(layer)
            if guess is not None:
                self.iface.messageBar().pushMessage(
                    self.tr("EcoZoning"),
                    self.tr("{0}: the .dbf declares no encoding; reading it as {1}.").format(
                        layer.name(), guess.encoding
                    ),
                    Qgis.MessageLevel.Info,
                    8,
                )

    def unload(self):
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        if self.boundary_desk is not None:
            self.boundary_desk.close()
            self.boundary_desk = None
        # every controller stops listening to the project and its layers and gives back its
        # map tool before the docks go (a slot left connected would run on deleted widgets)
        if self.unit_controller is not None and self.access_controller is not None:
            try:
                self.unit_controller.unitChanged.disconnect(self.access_controller.set_unit)
            except TypeError:
                pass
        for controller in (
            self.unit_controller,
            self.access_controller,
            self.check_controller,
            self.quick_controller,
        ):
            if controller is not None:
                controller.close()
        try:
            QgsProject.instance().layersAdded.disconnect(self.fix_encodings)
        except TypeError:
            pass
        for dock in self.docks:
            self.iface.removeDockWidget(dock)
            dock.deleteLater()
        self.docks = []
        self.check_dock = self.check_controller = None
        self.unit_dock = self.unit_controller = None
        self.access_dock = self.access_controller = None
        self.quick_dock = self.quick_controller = None
        for action in self.actions:
            action.deleteLater()
        self.actions = []
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        i18n.remove_translator(self.translator)
        self.translator = None

    # --- actions --------------------------------------------------------------

    def _add_action(self, label: str, icon: str, callback, toolbar: bool = True) -> QAction:
        action = QAction(QIcon(str(ICONS / icon)), label, self.iface.mainWindow())
        if callback is not None:
            action.triggered.connect(callback)
        self.menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions.append(action)
        return action

    def _add_fieldwork_menu(self) -> QMenu:
        """外业核查: export a package, import returned packages (a submenu of its own)."""
        submenu = self.menu.addMenu(QIcon(str(ICONS / "ecozoning.svg")), self.tr("Field review"))
        submenu.setObjectName("EcoZoningFieldworkMenu")
        for algorithm, label in (
            ("exportfieldpackage", self.tr("Export field-review package…")),
            ("importfieldreview", self.tr("Import field reviews…")),
        ):
            action = QAction(label, self.iface.mainWindow())
            action.setObjectName(f"EcoZoning_{algorithm}")
            action.triggered.connect(lambda _=False, a=algorithm: self.open_algorithm(a))
            submenu.addAction(action)
            self.actions.append(action)
        action = QAction(self.tr("Resolve field-review conflicts…"), self.iface.mainWindow())
        action.setObjectName("EcoZoning_fieldconflicts")
        action.triggered.connect(self.open_field_conflicts)
        submenu.addAction(action)
        self.actions.append(action)
        return submenu

    def open_field_conflicts(self):
        """The conflict dialog for the project database of the open project (or one chosen)."""
        from qgis.PyQt.QtWidgets import QFileDialog

        from ..ui.field_conflicts_dialog import FieldConflictsDialog
        from .adapters.field_import import databases_with_conflicts
        from .controllers.field_conflicts import FieldConflictsController

        found = databases_with_conflicts(
            layer.source() for layer in QgsProject.instance().mapLayers().values()
        )
        database = found[0] if found else None
        if database is None:
            database, _ = QFileDialog.getOpenFileName(
                self.iface.mainWindow(), self.tr("Project database"), "", "GeoPackage (*.gpkg)"
            )
        if not database:
            return
        dialog = FieldConflictsDialog(self.iface.mainWindow())
        dialog.controller = FieldConflictsController(dialog, database, dialog)
        dialog.exec()

    def open_algorithm(self, name: str):
        from processing import execAlgorithmDialog

        if QgsApplication.processingRegistry().algorithmById(f"ecozoning:{name}") is None:
            self.iface.messageBar().pushMessage(
                self.tr("EcoZoning"),
                self.tr("This tool is not available yet."),
                Qgis.MessageLevel.Info,
                5,
            )
            return
        execAlgorithmDialog(f"ecozoning:{name}")

    def load_sample_data(self):
        """Add the shipped sample city's layers to the current project, in a group."""
        if not SAMPLE_GPKG.exists():
            self.iface.messageBar().pushMessage(
                self.tr("EcoZoning"),
                self.tr("Sample data not found: {0}").format(SAMPLE_GPKG),
                Qgis.MessageLevel.Critical,
                10,
            )
            return
        from .adapters.sample import sample_layers

        project = QgsProject.instance()
        group = project.layerTreeRoot().insertGroup(0, self.tr("Sample city"))
        for layer in sample_layers(SAMPLE_GPKG):
            project.addMapLayer(layer, False)
            group.addLayer(layer)
        self.iface.zoomFull()

    # --- 单元边界编辑模式 ------------------------------------------------------------

    def _init_boundary_editing(self):
        """The editing-mode action (menu and toolbar) and its dock."""
        from qgis.PyQt.QtCore import Qt

        from ..ui.boundary_editing_dock import BoundaryEditingDock
        from .controllers.boundary_editing_desk import BoundaryEditingDesk

        action = self._add_action(self.tr("Unit boundary editing mode"), "boundary.svg", None)
        action.setObjectName("EcoZoningBoundaryEditingMode")
        dock = BoundaryEditingDock(self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.docks.append(dock)
        self.boundary_desk = BoundaryEditingDesk(self.iface, dock, action)
