"""The layers point down only: the core imports no Qt or QGIS and nothing above it."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "plugin" / "core"
FORBIDDEN_ROOTS = {"qgis", "PyQt5", "PyQt6", "sip", "processing"}
FORBIDDEN_PLUGIN = {"adapters", "controllers", "plugin", "compat", "i18n", "dependencies"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, 0, alias.name
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, node.level, node.module or ""


def _climbs_out_of_core(path: Path, level: int, module: str) -> bool:
    """A relative import that leaves plugin/core for a sibling such as adapters."""
    if level == 0:
        return False
    depth = len(path.relative_to(CORE).parts) - 1  # packages below core
    if level <= depth + 1:
        return False
    return module.split(".")[0] in FORBIDDEN_PLUGIN or not module


def test_core_imports_no_qt_qgis_or_upper_layers():
    offences = []
    for path in sorted(CORE.rglob("*.py")):
        for line, level, module in _imports(path):
            root = module.split(".")[0]
            if level == 0 and (root in FORBIDDEN_ROOTS or module.startswith("eco_zoning")):
                offences.append(f"{path.relative_to(CORE)}:{line} imports {module}")
            elif _climbs_out_of_core(path, level, module):
                offences.append(f"{path.relative_to(CORE)}:{line} imports {'.' * level}{module}")
    assert offences == []


def test_the_scan_reads_imports_and_sees_a_climb():
    module = CORE / "geometry" / "clean.py"
    found = [m for _, lvl, m in _imports(module) if lvl == 0]
    assert "shapely" in found  # the scan reads real imports
    assert _climbs_out_of_core(CORE / "geometry" / "clean.py", 3, "adapters.layers")
    assert not _climbs_out_of_core(CORE / "geometry" / "clean.py", 2, "area")
