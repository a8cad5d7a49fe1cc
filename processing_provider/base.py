"""The small base class every EcoZoning Processing algorithm stands on: identity, group,
icon, translation, the shapely 2 / pandas check, cancel, and failing without leaking
layers. Reading inputs and writing outputs live in the mixins of ``inputs``, ``outputs``
and ``reporting``, used by the algorithms that need them."""

from __future__ import annotations

import functools
from pathlib import Path

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..plugin import dependencies
from ..plugin.adapters import open_files
from ..plugin.adapters.postgis.redact import redact, secrets_in
from ..plugin.install_message import install_hint
from .frozen_gc import frozen

_PACKAGE = __name__.split(".")[0]
ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"

# Group labels are marked for translation here and translated when asked, since a
# translator may be installed after this module is imported.
_GROUP_SOURCE = {
    "project": QT_TRANSLATE_NOOP("EcoZoning", "Project database"),
    "delineation": QT_TRANSLATE_NOOP("EcoZoning", "Unit delineation"),
    "checks": QT_TRANSLATE_NOOP("EcoZoning", "Quality checks"),
    "statistics": QT_TRANSLATE_NOOP("EcoZoning", "Statistics"),
    "accesslist": QT_TRANSLATE_NOOP("EcoZoning", "Access lists"),
    "compliance": QT_TRANSLATE_NOOP("EcoZoning", "Compliance analysis"),
    "supervision": QT_TRANSLATE_NOOP("EcoZoning", "Supervision and tracking"),
    "filing": QT_TRANSLATE_NOOP("EcoZoning", "Update and filing"),
    "fieldwork": QT_TRANSLATE_NOOP("EcoZoning", "Field review"),
    "editing": QT_TRANSLATE_NOOP("EcoZoning", "Unit editing"),
    "publishing": QT_TRANSLATE_NOOP("EcoZoning", "Publishing"),
}


def _without_leaked_frames(process):
    """``processAlgorithm`` that, when it fails, leaves no layer behind in a leaked frame.

    QGIS keeps the exception a Python ``processAlgorithm`` raises into C++ alive for good,
    and with it every frame up the caller's stack. Layers still reachable from those frames
    outlive QGIS's shutdown and crash it at exit. So a failure raises its message again
    from a frame holding nothing, and first empties the run's temporary layer store (the
    layers Processing opened for this run, of no use once it has failed).
    """

    @functools.wraps(process)
    def wrapper(self, parameters, context, feedback):
        message = None
        try:
            # files read in bulk stay open for this run only; the objects that existed
            # before it are not walked by the garbage collector meanwhile
            with open_files.held(), frozen():
                return process(self, parameters, context, feedback)
        except QgsProcessingException as error:
            # QGIS's own messages quote a destination whole, password included
            message = redact(str(error), secrets_in(parameters))
            error.__traceback__ = None
        if context is not None:
            context.temporaryLayerStore().removeAllMapLayers()
        del self, parameters, context, feedback
        raise QgsProcessingException(message)

    return wrapper


class EcoZoningAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set NAME and GROUP and implement displayName, shortHelpString,
    initAlgorithm and processAlgorithm."""

    NAME = ""
    GROUP = ""
    ICON = "ecozoning.svg"
    NEEDS_CORE = True  # needs shapely >= 2 and pandas

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "processAlgorithm" in cls.__dict__:
            cls.processAlgorithm = _without_leaked_frames(cls.__dict__["processAlgorithm"])

    def tr(self, text: str) -> str:
        # pylupdate files a self.tr() string under the class it is written in: the
        # algorithm, a shared base or a mixin. So each of the plugin's classes up the MRO
        # is asked in turn.
        for cls in type(self).__mro__:
            if cls.__module__.split(".")[0] == _PACKAGE:
                translated = QCoreApplication.translate(cls.__name__, text)
                if translated != text:
                    return translated
        return text

    def createInstance(self):  # noqa: N802
        return type(self)()

    def asPythonCommand(self, parameters, context):  # noqa: N802
        """The command Processing keeps in its history, with no password in it."""
        command = super().asPythonCommand(parameters, context)
        return redact(command, secrets_in(parameters))

    def name(self) -> str:
        return self.NAME

    def groupId(self) -> str:  # noqa: N802
        return self.GROUP

    def group(self) -> str:
        return QCoreApplication.translate("EcoZoning", _GROUP_SOURCE[self.GROUP])

    def icon(self) -> QIcon:
        return QIcon(str(ICON_DIR / self.ICON))

    def svgIconPath(self) -> str:  # noqa: N802
        return str(ICON_DIR / self.ICON)

    def require_core(self) -> None:
        """Stop with install instructions when shapely 2 / pandas are missing."""
        if not self.NEEDS_CORE:
            return

        missing = dependencies.missing_requirements()
        if missing:
            raise QgsProcessingException(install_hint(missing))

    def parameterAsSink(self, *args, **kwargs):  # noqa: N802
        """QGIS's sink, after the files this run holds open for reading are closed (the
        destination may be one of them, replaced or written to)."""
        open_files.release()
        return super().parameterAsSink(*args, **kwargs)

    def cancelled(self) -> QgsProcessingException:
        """The error a cancelled run ends with (Processing then reports it as stopped)."""
        return QgsProcessingException(self.tr("Cancelled: nothing was written."))

    def stop_if_cancelled(self, feedback) -> None:
        if feedback is not None and feedback.isCanceled():
            raise self.cancelled()
