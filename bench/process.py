"""One bench job in a fresh Python process (its own process group, killed whole on a timeout)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_module(args: list[str], timeout: float) -> tuple[str, str, int | None]:
    """``python -m <args>`` headless from the repository root: (stdout, stderr, return code);
    the return code is None when the run was stopped at ``timeout`` (stdout so far kept)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
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
