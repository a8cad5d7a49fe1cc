"""Load every .ui file with PyQt6's uic and import and build every view under ui/ on PyQt6;
check that every name the plugin imports from qgis.PyQt exists in PyQt6.

Run by tests/integration/test_pyqt6_views.py in its own /usr/bin/python3 process:
``python3 tests/qt6_shim/check_views.py <plugin root>``. Prints one line per item checked
and exits non-zero on the first failure (with its traceback).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# This script's folder (the shim) is first on sys.path, before the real qgis.

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


def _chain(node) -> list[str]:
    """``Qt.ItemDataRole.UserRole`` -> ["Qt", "ItemDataRole", "UserRole"] ([] if not names)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    return [node.id, *parts] if isinstance(node, ast.Name) else []


def check_qt_names(root: Path) -> None:
    """Every ``from qgis.PyQt.X import name`` of the plugin resolves on PyQt6, and so does
    every ``Class.Enum.Member`` written on those names (plugin/compat.py, which switches on
    the version, only for its imports, and its QAction import from QtWidgets is the Qt5
    fallback after QtGui)."""
    imports = attributes = 0
    for path in [root / "__init__.py", *sorted(root.glob("[pu]*/**/*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qgis.PyQt"):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    if path.name == "compat.py" and alias.name == "QAction":
                        continue
                    if not hasattr(module, alias.name):  # a submodule: from qgis.PyQt import uic
                        importlib.import_module(f"{node.module}.{alias.name}")
                    names[alias.asname or alias.name] = getattr(module, alias.name)
                    imports += 1
        if path.name == "compat.py":  # switches on the version: its Qt5 branch never runs here
            continue
        for node in ast.walk(tree):
            chain = _chain(node) if isinstance(node, ast.Attribute) else []
            if len(chain) < 2 or chain[0] not in names or not chain[1][:1].isupper():
                continue
            value = names[chain[0]]
            for part in chain[1:]:
                assert hasattr(value, part), f"{path}:{node.lineno}: {'.'.join(chain)}"
                value = getattr(value, part)
            attributes += 1
    print(f"names: {imports} imports from qgis.PyQt and {attributes} class attributes resolve")


def main(root: Path) -> None:
    assert "PyQt5" not in sys.modules
    app = QApplication([])  # noqa: F841 (widgets need it)
    print(f"PyQt {PYQT_VERSION_STR}")
    for form in sorted((root / "ui").glob("*.ui")):
        widget = uic.loadUi(str(form))
        print(f"ui {form.name}: {type(widget).__name__} {widget.objectName()}")
    check_qt_names(root)
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
        own = [
            c
            for _, c in inspect.getmembers(module, inspect.isclass)
            if c.__module__ == module.__name__
        ]
        if not own:  # a helper module of the views (ui/fit.py): importing it is the check
            print(f"helper {path.stem}: imported")
            continue
        print(f"view {path.stem}: built {', '.join(built) or 'nothing'}")
    assert "PyQt5" not in sys.modules, "a view pulled in PyQt5"


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
