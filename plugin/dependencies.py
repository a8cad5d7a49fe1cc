"""Which of the core's Python dependencies are missing from QGIS's Python, and how to install them.

No Qt here: the plugin class turns the result into a message-bar warning and the
algorithms into a Processing error, so a missing shapely 2 never surfaces as an
ImportError.

The one rule for imports inside functions: a module of the plugin that needs shapely,
pandas or numpy (the core, and the adapters built on it) is imported where it is used, after
this check, so the plugin, its panels and its algorithms load without them and say what to
install. Every other import sits at the top of its module. The exceptions are QGIS's
``processing`` plugin (not importable until QGIS has loaded it) and the docks and provider
the plugin class builds on demand.
"""

from __future__ import annotations

import importlib
import sys

REQUIREMENTS = (("shapely", (2, 0)), ("pandas", (1, 1)), ("numpy", (1, 21)))


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def missing_requirements() -> list[str]:
    """['shapely>=2.0 (found 1.8.5)', 'pandas>=1.1 (not installed)'], empty when all is there."""
    missing = []
    for name, minimum in REQUIREMENTS:
        wanted = f"{name}>={'.'.join(map(str, minimum))}"
        try:
            module = importlib.import_module(name)
        except Exception:  # ImportError, or a broken binary module
            missing.append(f"{wanted} (not installed)")
            continue
        found = getattr(module, "__version__", "0")
        if _version_tuple(found) < minimum:
            missing.append(f"{wanted} (found {found})")
    return missing


def install_command(missing: list[str]) -> tuple[str, str]:
    """(platform kind "windows" / "macos" / "linux", the command to run) for ``missing``.

    The sentence around the command is the caller's, translated (see ``install_hint``
    here in English, and ``plugin.install_message`` for the translated one).
    """
    packages = " ".join(f'"{m.split(" ")[0]}"' for m in missing)
    if sys.platform.startswith("win"):
        return "windows", f"python -m pip install --upgrade {packages}"
    if sys.platform == "darwin":
        return "macos", f"{sys.executable} -m pip install --upgrade {packages}"
    # Built against the system GEOS: a PyPI wheel brings its own GEOS, which clashes with the
    # one QGIS desktop has loaded (crashes).
    return (
        "linux",
        "python3 -m pip install --user --break-system-packages --no-binary shapely "
        f'{packages} "numpy<2"',
    )


HINTS_EN = {
    "windows": "Close QGIS, open the OSGeo4W Shell as administrator and run: {0}",
    "macos": "Run in a terminal: {0}",
    "linux": "Install the GEOS headers (e.g. sudo apt install libgeos-dev), then run in a "
    "terminal: {0}  (keep numpy below 2 so the system GDAL and pandas keep working)",
}


def install_hint(missing: list[str]) -> str:
    """English instructions for the user's platform."""
    kind, command = install_command(missing)
    return HINTS_EN[kind].format(command)


class LazyModule:
    """A module imported at its first use, so that importing a panel never fails on a
    missing dependency; the panels' guard tells the user before any use."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)
