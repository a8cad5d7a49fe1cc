"""Every .ui file loads with PyQt6's uic, and every view module under ui/ imports and builds
on PyQt6 (QGIS 4's binding), through the thin qgis shim in tests/qt6_shim.

Runs in a separate /usr/bin/python3 process (Debian's python3-pyqt6 and pyqt6-dev-tools,
installed by make setup) so Qt5 and Qt6 never meet in one process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIM = ROOT / "tests" / "qt6_shim"


def _run_on_pyqt6(root: Path = ROOT) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/tmp"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        ["/usr/bin/python3", str(SHIM / "check_views.py"), str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_ui_files_and_views_load_on_pyqt6():
    run = _run_on_pyqt6()
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("PyQt 6."), lines[0]
    forms = sorted(p.name for p in (ROOT / "ui").glob("*.ui"))
    loaded = sorted(line.split()[1].rstrip(":") for line in lines if line.startswith("ui "))
    assert loaded == forms
    assert any(line.startswith("names: ") for line in lines)
    views = sorted(p.stem for p in (ROOT / "ui").glob("*.py") if p.stem != "__init__")
    built = {line.split()[1].rstrip(":"): line for line in lines if line.startswith("view ")}
    assert sorted(built) == views
    for line in built.values():
        assert "built nothing" not in line, line


def _copy_plugin(tmp_path) -> Path:
    root = tmp_path / "plugin_copy"
    root.mkdir()
    shutil.copy(ROOT / "__init__.py", root)
    for folder in ("plugin", "ui", "processing_provider"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_check_fails_on_a_form_pyqt6_cannot_load(tmp_path):
    root = _copy_plugin(tmp_path)
    form = root / "ui" / "unit_panel.ui"
    text = form.read_text(encoding="utf-8")
    hint = '<property name="sizeHint" stdset="0"><size><width>20</width><height>40</height></size></property>'
    assert hint in text
    form.write_text(text.replace(hint, ""), encoding="utf-8")  # as the form was before
    run = _run_on_pyqt6(root)
    assert run.returncode != 0 and "QSpacerItem" in run.stderr


def test_check_fails_on_a_name_pyqt6_lacks(tmp_path):
    root = _copy_plugin(tmp_path)
    module = root / "ui" / "requirement_dialog.py"
    module.write_text(
        module.read_text(encoding="utf-8") + "\nBAD = QDialogButtonBox.Ok  # unscoped\n",
        encoding="utf-8",
    )
    run = _run_on_pyqt6(root)
    assert run.returncode != 0 and "QDialogButtonBox.Ok" in run.stderr
