"""The plugin's own settings, kept in QgsSettings (the page that edits them: settings_page).

Read at run time by the algorithms and handed to the Qt-free engines as plain values.
No ``qgis.gui`` here: Processing also runs without a GUI (``qgis_process``).
"""

from __future__ import annotations

import os

from qgis.core import QgsSettings

# Overlay threads of the engines: 0 (or nothing stored) = automatic.
THREADS_KEY = "EcoZoning/overlay_threads"
MAX_THREADS = 16


def automatic_threads() -> int:
    """One thread per CPU, up to 4 (the overlays gain little beyond that)."""
    return max(1, min(4, os.cpu_count() or 1))


def stored_threads() -> int:
    """The stored choice: 0 = automatic, else 1–MAX_THREADS."""
    value = QgsSettings().value(THREADS_KEY, 0)
    try:
        value = int(value)
    except (TypeError, ValueError):
        return 0
    return min(max(value, 0), MAX_THREADS)


def overlay_threads() -> int:
    """The number of overlay threads a run uses now."""
    return stored_threads() or automatic_threads()


def set_overlay_threads(value: int) -> None:
    """Store a choice (0 = automatic)."""
    QgsSettings().setValue(THREADS_KEY, min(max(int(value), 0), MAX_THREADS))
