"""Signal plumbing shared by the panel controllers.

``connect_all`` / ``disconnect_all`` keep the (signal, slot) pairs a controller made, so that
``close()`` can undo every one of them when the plugin unloads (a slot left connected to a
layer or the project would run on a deleted panel: "wrapped C/C++ object … has been deleted").

``guarded`` wraps a slot that a user action triggers: when QGIS's Python lacks shapely 2 or
pandas the slot is not run and the message bar says what to install, instead of an
ImportError or AttributeError in QGIS's Python error bar.
"""

from __future__ import annotations

import functools

from qgis.core import Qgis
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication

from .. import dependencies
from ..install_message import install_hint


def connect_all(pairs) -> list:
    pairs = list(pairs)
    for signal, slot in pairs:
        signal.connect(slot)
    return pairs


def disconnect_all(pairs) -> None:
    for signal, slot in pairs or ():
        try:
            signal.disconnect(slot)
        except (TypeError, RuntimeError):  # already gone, or its object was deleted
            pass


def missing_message() -> str:
    """The translated install message, or '' when every requirement is there."""
    missing = dependencies.missing_requirements()
    if not missing:
        return ""

    return QCoreApplication.translate("EcoZoningPlugin", "Needs {0}. {1}").format(
        ", ".join(missing), install_hint(missing)
    )


def tell_missing(iface, text: str) -> None:
    if iface is not None:
        iface.messageBar().pushMessage(
            QCoreApplication.translate("EcoZoningPlugin", "EcoZoning"),
            text,
            Qgis.MessageLevel.Warning,
            15,
        )


def guarded(slot, quiet: bool = False):
    """``slot`` run only when shapely 2 and pandas are there; otherwise the install message
    (pushed through the iface of the controller that owns the slot), or nothing when
    ``quiet`` (refreshes that follow the project rather than the user)."""

    @functools.wraps(slot)
    def run(*args):
        text = missing_message()
        if text:
            owner = getattr(slot, "__self__", None)
            if not quiet:
                tell_missing(getattr(owner, "iface", None), text)
            return None
        owner = getattr(slot, "__self__", None)
        view = getattr(owner, "view", None)
        if view is not None and sip.isdeleted(view):
            return None
        return slot(*args)

    return run
