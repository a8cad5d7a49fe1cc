"""The demo on the shipped sample (run as `make demo` does, in its own process): the planted
enterprises and change patches are screened with the right reasons, units and requirements,
every compliance run and the screening are logged, and the indicators are written."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "tools.demo", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def _rows(folder, sql):
    with sqlite3.connect(folder / "demo.gpkg") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(sql)]


def test_planted_cases_are_screened(demo):
    leads = _rows(demo, "SELECT * FROM leads")

    def of(key):
        return {
            (r["reason_code"], r["requirement_id"], r["unit_class"])
            for r in leads
            if r["source_key"] == key
        }

    assert ("region", "R-01", 3) in of("id:91990100DEMO00001")  # coal mine in the 岚江 corridor
    chemical = of("id:91990100DEMO00002")  # chemical plant in a priority unit
    assert ("forbidden", "K-01", 1) in chemical and ("priority", "", 1) in chemical
    assert of("id:91990100DEMO00003") == set()  # food plant in a general unit: allowed
    patch = of("id:TB2025-001")
    assert ("redline", "生态保护红线", 1) in patch and ("priority", "", 1) in patch
    assert not [k for k in of("id:TB2019-001") if k[0] == "priority"]  # before the date
    assert of("id:TB2025-002") == set()
    assert {r["status"] for r in leads} == {"待核实"}


def test_the_log_and_the_indicators_are_written(demo):
    origins = [r["origin"] for r in _rows(demo, "SELECT origin FROM assessment_log")]
    assert origins.count("algorithm") == 13 and origins.count("screening") == 2
    whole = {
        (r["indicator"], r["group"]): r["value"]
        for r in _rows(demo, "SELECT * FROM tracking_indicators WHERE county_code = '全域'")
    }
    assert whole[("unit_count", "")] == 46
    assert whole[("red_line_in_priority", "")] == pytest.approx(100.0, abs=1e-3)
    assert (demo / "tracking.html").exists() and (demo / "leads.xlsx").exists()
    assert "监督线索筛查" in (demo / "demo_report.html").read_text(encoding="utf-8")
