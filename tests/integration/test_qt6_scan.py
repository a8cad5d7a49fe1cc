"""The Qt6 / QGIS 4 readiness scan: the plugin's sources are clean, and the scan does catch
every Qt5-only form it is meant to (so a clean result means something)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("qt6_scan", ROOT / "tools" / "qt6_scan.py")
qt6_scan = importlib.util.module_from_spec(_spec)
sys.modules["qt6_scan"] = qt6_scan
_spec.loader.exec_module(qt6_scan)


def test_plugin_sources_have_no_qt5_only_forms():
    sources = qt6_scan.plugin_sources()
    assert len(sources) > 30  # the whole plugin, not an empty folder
    findings = qt6_scan.scan_paths(sources)
    assert findings == [], "\n".join(map(str, findings))


BAD = [
    ("from qgis.PyQt.QtCore import Qt\nx = Qt.UserRole\n", "Q6-ENUM", "Qt.ItemDataRole.UserRole"),
    (
        "from qgis.PyQt.QtWidgets import QMessageBox\nb = QMessageBox.Yes\n",
        "Q6-ENUM",
        "QMessageBox.StandardButton.Yes",
    ),
    ("from qgis.core import Qgis\nlevel = Qgis.Warning\n", "Q6-ENUM", "Qgis.MessageLevel.Warning"),
    (
        "from qgis.core import QgsFeatureRequest\nf = QgsFeatureRequest.NoGeometry\n",
        "Q6-ENUM",
        "QgsFeatureRequest.Flag.NoGeometry",
    ),
    ("dialog.exec_()\n", "Q6-EXEC", "exec()"),
    ("from qgis.PyQt.QtCore import QVariant\nt = QVariant.String\n", "Q6-VARIANT", "make_field"),
    ('from qgis.core import QgsField\nf = QgsField("BM", 10)\n', "Q6-FIELD", "make_field"),
    (
        "from qgis.core import QgsWkbTypes\ng = QgsWkbTypes.PolygonGeometry\n",
        "Q6-MOVED",
        "GeometryType",
    ),
    (
        "from qgis.core import QgsWkbTypes\ng = QgsWkbTypes.GeometryType.PolygonGeometry\n",
        "Q6-MOVED",
        "GeometryType",
    ),
    (
        "from qgis.core import QgsProcessing\nt = QgsProcessing.TypeVector\n",
        "Q6-MOVED",
        "SourceType",
    ),
    ("from PyQt5.QtCore import Qt\n", "Q6-IMPORT", "qgis.PyQt"),
    ("import sip\n", "Q6-IMPORT", "qgis.PyQt"),
    ("from qgis.PyQt.QtCore import QRegExp\n", "Q6-REMOVED", "QRegularExpression"),
    ("from qgis.PyQt.QtWidgets import QAction\n", "Q6-REMOVED", "QtGui"),
    ("from qgis.PyQt.QtWidgets import QDesktopWidget\n", "Q6-REMOVED", "QScreen"),
]


@pytest.mark.parametrize(
    ("source", "rule", "hint"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)]
)
def test_scan_catches_qt5_only_forms(source, rule, hint):
    findings = qt6_scan.scan_source(source, "plugin/example.py")
    assert [f.rule for f in findings] == [rule]
    assert hint in findings[0].message
    assert findings[0].line == source.count("\n")


GOOD = """
from qgis.core import Qgis, QgsFeatureRequest, QgsWkbTypes
from qgis.PyQt.QtCore import Qt, QVariant
from qgis.PyQt.QtWidgets import QMessageBox

role = Qt.ItemDataRole.UserRole + 1
button = QMessageBox.StandardButton.Yes
level = Qgis.MessageLevel.Warning
flags = QgsFeatureRequest.Flag.NoGeometry
kind = QgsWkbTypes.geometryType(3)  # a static function, not an enum
empty = isinstance(None, QVariant)
dialog.exec()
"""


def test_scan_accepts_the_portable_forms():
    assert qt6_scan.scan_source(GOOD, "plugin/example.py") == []


def test_compat_module_may_name_the_old_forms():
    source = "from qgis.PyQt.QtCore import QVariant\nt = QVariant.String\n"
    assert qt6_scan.scan_source(source, "plugin/compat.py") == []


def test_fix_rewrites_enums_and_exec(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "from qgis.PyQt.QtCore import Qt\n"
        "a = Qt.AlignLeft | Qt.AlignTop  # 中文注释\n"
        "b = '名称', Qt.UserRole\n"
        "dialog.exec_()\n",
        encoding="utf-8",
    )
    assert qt6_scan.fix(qt6_scan.scan_paths([module])) == 4
    assert module.read_text(encoding="utf-8") == (
        "from qgis.PyQt.QtCore import Qt\n"
        "a = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop  # 中文注释\n"
        "b = '名称', Qt.ItemDataRole.UserRole\n"
        "dialog.exec()\n"
    )
    assert qt6_scan.scan_paths([module]) == []


def test_command_line_exit_status(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("dialog.exec_()\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "qt6_scan.py"), str(bad)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "Q6-EXEC" in run.stdout
