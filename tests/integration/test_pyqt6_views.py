"""Every .ui file loads with PyQt6's uic, and every view module under ui/ imports and builds
on PyQt6 (QGIS 4's binding), through the thin qgis shim in tests/qt6_shim.

Runs in a separate /usr/bin/python3 process (Debian's python3-pyqt6 and pyqt6-dev-tools,
installed by make setup) so Qt5 and Qt6 never meet in one process.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIM = ROOT / "tests" / "qt6_shim"


def _run_on_pyqt6() -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/tmp"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        ["/usr/bin/python3", str(SHIM / "check_views.py"), str(ROOT)],
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
    views = sorted(p.stem for p in (ROOT / "ui").glob("*.py") if p.stem != "__init__")
    built = {line.split()[1].rstrip(":"): line for line in lines if line.startswith("view ")}
    assert sorted(built) == views
    for line in built.values():
        assert "built nothing" not in line, line
