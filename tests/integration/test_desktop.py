"""Real QGIS desktop under Xvfb (tools/qgis_quit_check.sh): every panel open with layers,
the plugin unloaded and the project used afterwards (edits, 工程→新建), reloaded, then QGIS
quit: exit code 0, no "died on signal", no Python error, no dialog holding up the exit."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_unload_and_quit_with_every_panel_open_in_real_qgis():
    run = subprocess.run(
        ["bash", str(ROOT / "tools" / "qgis_quit_check.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "QGIS quit cleanly with every panel open" in run.stdout
    assert "acted on the project after unload" in run.stdout
