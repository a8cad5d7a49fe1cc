"""Qt6 / QGIS 4 readiness scan of the plugin's sources (AST based).

Fails on forms that work on QGIS 3.x with PyQt5 but not on QGIS 4 with PyQt6:

- ``Q6-ENUM``    unscoped enum members (``Qt.UserRole`` -> ``Qt.ItemDataRole.UserRole``),
                 found by asking the Qt5 bindings whether ``Class.Name`` is an enum member;
- ``Q6-EXEC``    ``exec_()`` (``exec()`` works on both);
- ``Q6-VARIANT`` ``QVariant`` types (``QVariant.String``): fields go through plugin/compat.py;
- ``Q6-FIELD``   ``QgsField(...)`` built anywhere but plugin/compat.make_field;
- ``Q6-MOVED``   QGIS enums moved into ``Qgis.*`` (``QgsWkbTypes.PolygonGeometry``,
                 ``QgsProcessing.TypeVectorPolygon``): use plugin/compat.py;
- ``Q6-IMPORT``  Qt bindings imported other than through ``qgis.PyQt``;
- ``Q6-REMOVED`` classes Qt6 removed or moved (``QRegExp``, ``QDesktopWidget``, ``QAction``
                 from QtWidgets...).

Usage: ``python tools/qt6_scan.py [--fix] [files or folders]`` (default: the plugin's
sources); ``--fix`` rewrites unscoped enums and ``exec_`` in place.
Exit status 1 when anything is found. Runs in the interpreter with PyQGIS (Qt5).
"""

from __future__ import annotations

import ast
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("plugin", "processing_provider", "ui")
COMPAT = Path("plugin/compat.py")  # the one place allowed to name the Qt5-only forms

MOVED = {
    "QgsWkbTypes": "plugin.compat.GeometryType / WkbType (Qgis.GeometryType, Qgis.WkbType)",
    "QgsProcessing": "plugin.compat.SourceType (Qgis.ProcessingSourceType)",
}
REMOVED = {
    "QRegExp": "QRegularExpression",
    "QRegExpValidator": "QRegularExpressionValidator",
    "QDesktopWidget": "QScreen (QGuiApplication.screens())",
    "QString": "str",
    "QStringList": "list",
    "QTextCodec": "Python codecs",
    "QMatrix": "QTransform",
    "QGLWidget": "QOpenGLWidget",
    "QDirModel": "QFileSystemModel",
    "QSound": "QSoundEffect",
}
MOVED_TO_QTGUI = {"QAction", "QActionGroup", "QShortcut", "QUndoCommand", "QUndoStack"}
QT_BINDINGS = {"PyQt5", "PyQt6", "sip", "PySide2", "PySide6"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str
    message: str
    span: tuple = ()  # (col, end_col, replacement) where --fix can rewrite it

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule} {self.message}"


def _is_enum_member(value) -> bool:
    """A sip enum member (PyQt5 / QGIS 3 bindings), not an enum type or a class."""
    return not isinstance(value, type) and type(type(value)).__name__ == "enumtype"


def _is_enum_type(value) -> bool:
    return isinstance(value, type) and type(value).__name__ == "enumtype"


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, in_compat: bool):
        self.path = path
        self.in_compat = in_compat
        self.imported: dict[str, object] = {}  # local name -> Qt/QGIS class
        self.findings: list[Finding] = []

    def _add(self, node, rule: str, message: str, replacement: str = "") -> None:
        span = (node.col_offset, node.end_col_offset, replacement) if replacement else ()
        same_line = node.lineno == node.end_lineno
        self.findings.append(
            Finding(self.path, node.lineno, rule, message, span if same_line else ())
        )

    def _check_module(self, node, module: str) -> None:
        if module.split(".")[0] in QT_BINDINGS:
            self._add(node, "Q6-IMPORT", f"import {module} through qgis.PyQt")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        self._check_module(node, module)
        if not module.startswith("qgis"):
            return
        for alias in node.names:
            if alias.name in REMOVED:
                self._add(node, "Q6-REMOVED", f"{alias.name}: use {REMOVED[alias.name]}")
            if module == "qgis.PyQt.QtWidgets" and alias.name in MOVED_TO_QTGUI:
                if not self.in_compat:
                    self._add(
                        node, "Q6-REMOVED", f"{alias.name} is in QtGui on Qt6: use plugin.compat"
                    )
            try:
                obj = getattr(importlib.import_module(module), alias.name)
            except (ImportError, AttributeError):
                continue
            if isinstance(obj, type):
                self.imported[alias.asname or alias.name] = obj

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "QgsField" and not self.in_compat:
            self._add(node, "Q6-FIELD", "QgsField(...): build fields with plugin.compat.make_field")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "exec_":
            self._add(node, "Q6-EXEC", "exec_() -> exec()", ast.unparse(node.value) + ".exec")
        if isinstance(node.value, ast.Name) and node.value.id in self.imported:
            self._check_class_attribute(node, node.value.id, self.imported[node.value.id])
        self.generic_visit(node)

    def _check_class_attribute(self, node, name: str, cls) -> None:
        attr = node.attr
        if not attr[:1].isupper():
            return
        if self.in_compat:
            return
        if name == "QVariant":
            self._add(
                node, "Q6-VARIANT", f"QVariant.{attr}: build fields with plugin.compat.make_field"
            )
            return
        member = getattr(cls, attr, None)
        if name in MOVED and (_is_enum_member(member) or _is_enum_type(member)):
            self._add(node, "Q6-MOVED", f"{name}.{attr}: use {MOVED[name]}")
        elif _is_enum_member(member):
            scoped = f"{name}.{type(member).__name__}.{attr}"
            self._add(node, "Q6-ENUM", f"{name}.{attr} -> {scoped}", scoped)


def scan_source(text: str, path: str = "<source>") -> list[Finding]:
    """Findings in one module's source text."""
    in_compat = Path(path).as_posix().endswith(COMPAT.as_posix())
    scanner = _Scanner(path, in_compat)
    scanner.visit(ast.parse(text, filename=path))
    return scanner.findings


def plugin_sources(root: Path = ROOT) -> list[Path]:
    files = [root / "__init__.py"]
    for folder in SOURCE_DIRS:
        files += sorted((root / folder).rglob("*.py"))
    return [f for f in files if "__pycache__" not in f.parts]


def scan_paths(paths) -> list[Finding]:
    findings = []
    for path in paths:
        path = Path(path)
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            try:
                shown = file.resolve().relative_to(ROOT).as_posix()
            except ValueError:
                shown = str(file)
            findings += scan_source(file.read_text(encoding="utf-8"), shown)
    return findings


def fix(findings: list[Finding]) -> int:
    """Rewrite the findings that have one safe rewrite (enums, exec_); returns how many."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.span:
            by_file.setdefault(finding.path, []).append(finding)
    for path, items in by_file.items():
        file = ROOT / path if not Path(path).is_absolute() else Path(path)
        lines = file.read_text(encoding="utf-8").split("\n")
        for f in sorted(items, key=lambda f: (f.line, f.span[0]), reverse=True):
            col, end, text = f.span
            line = lines[f.line - 1].encode("utf-8")  # AST offsets count UTF-8 bytes
            lines[f.line - 1] = (line[:col] + text.encode("utf-8") + line[end:]).decode("utf-8")
        file.write_text("\n".join(lines), encoding="utf-8")
    return sum(len(items) for items in by_file.values())


def main(argv: list[str]) -> int:
    if argv[:1] == ["--fix"]:
        fixed = fix(scan_paths(argv[1:] or plugin_sources()))
        print(f"qt6_scan: rewrote {fixed} finding(s)")
        argv = argv[1:]
    findings = scan_paths(argv or plugin_sources())
    for finding in findings:
        print(finding)
    print(f"qt6_scan: {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
