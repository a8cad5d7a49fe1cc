"""Start QGIS headless with Processing and the EcoZoning provider (for demo and bench).

The repository root is registered as the package ``eco_zoning`` whatever the
checkout folder is called, exactly as QGIS imports the installed plugin.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_APP = None
_PROVIDER = None  # QGIS does not keep the Python side of a provider alive


def register_plugin_package():
    if "eco_zoning" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "eco_zoning", ROOT / "__init__.py", submodule_search_locations=[str(ROOT)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["eco_zoning"] = module
        spec.loader.exec_module(module)
    return sys.modules["eco_zoning"]


def start():
    """QgsApplication (no GUI) with native algorithms and the EcoZoning provider."""
    global _APP, _PROVIDER
    if _APP is not None:
        return _APP
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import QgsApplication

    QgsApplication.setPrefixPath("/usr", True)
    _APP = QgsApplication([], False)
    _APP.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    # Debian's pandas 1.5 with numpy 1.26 warns on every groupby; harmless. (Set after
    # QGIS's start-up, which resets the warning filters.)
    warnings.filterwarnings("ignore", message="np.find_common_type is deprecated")
    registry = QgsApplication.processingRegistry()
    if registry.providerById("native") is None:
        registry.addProvider(QgsNativeAlgorithms())
    register_plugin_package()
    from eco_zoning.processing_provider.provider import EcoZoningProvider

    if registry.providerById("ecozoning") is None:
        _PROVIDER = EcoZoningProvider()
        registry.addProvider(_PROVIDER)
    return _APP
