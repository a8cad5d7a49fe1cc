"""The install hint for missing core packages, in the UI language (message bar, Processing)."""

from __future__ import annotations

from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from .dependencies import install_command

LINUX_HINT = QT_TRANSLATE_NOOP(
    "EcoZoningInstall",
    "Install the GEOS headers (e.g. sudo apt install libgeos-dev), then run in a terminal: {0}  "
    "(keep numpy below 2 so the system GDAL and pandas keep working)"
)  # fmt: skip


def install_hint(missing: list[str]) -> str:
    """The full instructions: what is missing and the command to run on this platform."""
    kind, command = install_command(missing)
    if kind == "windows":
        how = QCoreApplication.translate(
            "EcoZoningInstall", "Close QGIS, open the OSGeo4W Shell as administrator and run: {0}"
        )
    elif kind == "macos":
        how = QCoreApplication.translate("EcoZoningInstall", "Run in a terminal: {0}")
    else:
        how = QCoreApplication.translate("EcoZoningInstall", LINUX_HINT)
    return QCoreApplication.translate("EcoZoningInstall", "EcoZoning needs {0}. {1}").format(
        ", ".join(missing), how.format(command)
    )


def short_notice(missing: list[str]) -> str:
    """One line for the message bar; the full text is behind its "Details" button."""
    return QCoreApplication.translate(
        "EcoZoningInstall", "EcoZoning needs {0}: its tools cannot run until it is installed."
    ).format(", ".join(m.split(" ")[0] for m in missing))
