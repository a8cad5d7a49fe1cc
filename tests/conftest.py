"""Test set-up shared by the whole suite.

The repository root is the plugin package, whatever the checkout folder is
called: it is registered as ``eco_zoning`` (its installed name), so tests import
``eco_zoning.processing_provider...`` just as QGIS does. Core tests import
``plugin.core`` directly from the root (pyproject's ``pythonpath``; no QGIS involved).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent  # on sys.path through pytest's `pythonpath`


def _register_plugin_package() -> None:
    if "eco_zoning" in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(
        "eco_zoning", ROOT / "__init__.py", submodule_search_locations=[str(ROOT)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["eco_zoning"] = module
    spec.loader.exec_module(module)


_register_plugin_package()
