"""Load every .ui file with PyQt6's uic and import and build every view under ui/ on PyQt6.

Run by tests/integration/test_pyqt6_views.py in its own /usr/bin/python3 process:
``python3 tests/qt6_shim/check_views.py <plugin root>``. Prints one line per item checked
and exits non-zero on the first failure (with its traceback).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shim before anything else

from PyQt6 import uic  # noqa: E402
from PyQt6.QtCore import PYQT_VERSION_STR, QObject  # noqa: E402
from PyQt6.QtWidgets import QApplication, QDialog, QDockWidget, QWidget  # noqa: E402


def _register(root: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "eco_zoning", root / "__init__.py", submodule_search_locations=[str(root)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["eco_zoning"] = module
    spec.loader.exec_module(module)


class _Layer:
    """What a view asks of a layer it is given."""

    def name(self):
        return "单元图层"


def _arguments(name: str) -> tuple:
    """Constructor arguments for the views that need some."""
    if name == "FieldMappingDialog":
        from eco_zoning.plugin.core import schema

        return (_Layer(), schema.UNIT_FIELDS, {schema.UNIT_CODE: "BM"})
    return ()


def main(root: Path) -> None:
    assert "PyQt5" not in sys.modules
    app = QApplication([])  # noqa: F841 (widgets need it)
    print(f"PyQt {PYQT_VERSION_STR}")
    for form in sorted((root / "ui").glob("*.ui")):
        widget = uic.loadUi(str(form))
        print(f"ui {form.name}: {type(widget).__name__} {widget.objectName()}")
    _register(root)
    for path in sorted((root / "ui").glob("*.py")):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"eco_zoning.ui.{path.stem}")
        built = []
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, QObject):
                continue
            if issubclass(cls, (QDockWidget, QDialog, QWidget)):
                instance = cls(*_arguments(name))
                if isinstance(instance, QDialog):
                    instance.reject()
                built.append(name)
        print(f"view {path.stem}: built {', '.join(built) or 'nothing'}")
    assert "PyQt5" not in sys.modules, "a view pulled in PyQt5"


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
