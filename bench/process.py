"""One bench job in a fresh Python process (its own process group, killed whole on a timeout)."""

from __future__ import annotations

import compileall
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The plugin's bytecode, compiled once into its __pycache__ folders (gitignored): a user's
# QGIS imports the plugin from the __pycache__ it wrote on the first run, so a job should
# not compile the plugin from source; the jobs themselves still write no bytecode.
_SOURCES = ("__init__.py", "plugin", "processing_provider", "bench")
_compiled = False


def _compile_once() -> None:
    global _compiled
    if not _compiled:
        for name in _SOURCES:
            path = ROOT / name
            if path.is_dir():
                compileall.compile_dir(path, quiet=1, workers=1)
            else:
                compileall.compile_file(path, quiet=1)
        _compiled = True


def run_module(args: list[str], timeout: float) -> tuple[str, str, int | None]:
    """``python -m <args>`` headless from the repository root: (stdout, stderr, return code);
    the return code is None when the run was stopped at ``timeout`` (stdout so far kept)."""
    _compile_once()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=str(ROOT),
        start_new_session=True,  # its own process group: a timeout ends all of it
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return out or "", err or "", None
    return out, err, proc.returncode
