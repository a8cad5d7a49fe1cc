"""bench/floors.py's table: which targets get a floor, what each allows, and whether it
lies below the floor; bench/run.py's --floors-only rewrite of results.md (no timing
is asserted: the seconds below are a recorded run's, fed in as data)."""

from __future__ import annotations

import json

from bench import floors
from bench import job as jobs
from bench import run as bench_run


def _run(job, scale, plugin_s, baseline_s, targets, cpu=None, status="ok"):
    plugin = {"status": status, "seconds": plugin_s, "cpu_seconds": cpu or plugin_s * 1.3}
    if status != "ok":
        plugin = {"status": status, "error": "boom"}
    return {
        "job": job,
        "scale": scale,
        "inputs": {"units": 4460},
        "input_features": 11747,
        "plugin": plugin,
        "baseline": {"status": "ok", "seconds": baseline_s, "cpu_seconds": baseline_s},
        "ratio": f"{baseline_s / plugin_s:.2f}" if status == "ok" else "–",
        "agreement": None,
        "targets": targets,
    }


def _state():
    """The shape of a bench run (bench/data/results.json), seconds of the 2026-12-07 run."""
    return {
        "runs": [
            _run("delineation", "city", 1.527, 1.556, [["≥ 1.5×", False]]),
            _run(
                "delineation",
                "province",
                32.142,
                204.297,
                [["≤ 8 s", False], ["≥ 20×", False], ["peak ≤ 1.5 GB", True]],
            ),
            _run("checks", "county", 0.453, 0.61, []),
            _run(
                "checks",
                "province",
                54.681,
                163.826,
                [["≤ 20 s", False], ["≥ 30×", False], ["peak ≤ 1.5 GB", True]],
                cpu=92.167,
            ),
            _run("checks", "province-dense", 178.867, 455.802, [["peak ≤ 2 GB", True]]),
            _run("overlap", "province-dense", 126.195, 334.934, [["≥ 2×", True]]),
            _run("compliance", "province", 21.2, 5.1, [["≤ 3 s", False], ["≥ 2×", False]]),
            _run(
                "quickcheck",
                "province",
                1.0,
                1.0,
                [["p95 ≤ 5 ms per click", False], ["index build ≤ 2 s", False]],
            ),
        ],
        "targets": [],
    }


def _floor(job, scale, read_s, overlay_s, status="ok"):
    if status != "ok":
        return {"job": job, "scale": scale, "status": status, "error": "exit -11: Segmentation"}
    return {
        "job": job,
        "scale": scale,
        "status": "ok",
        "crs": "EPSG:4527",
        "workers": 2,
        "read_s": read_s,
        "read_cpu_s": read_s,
        "overlay_s": overlay_s,
        "overlay_cpu_s": 2 * overlay_s,
        "floor_s": round(read_s + overlay_s, 3),
        "floor_cpu_s": round(read_s + 2 * overlay_s, 3),
        "read": {"units": 44604, "county": 100},
        "overlay": {"county_unions": 100, "overlap_pairs": 830},
    }


def test_only_missed_time_targets_of_the_floor_jobs_get_a_floor():
    missed = floors.missed_time_targets(_state())
    assert [(t["job"], t["scale"], t["target"]) for t in missed] == [
        ("delineation", "city", "≥ 1.5×"),
        ("delineation", "province", "≤ 8 s"),
        ("delineation", "province", "≥ 20×"),
        ("checks", "province", "≤ 20 s"),
        ("checks", "province", "≥ 30×"),
    ]  # not: met targets, memory, compliance (no floor defined), quick-check metrics
    assert floors.wanted(_state()) == [
        ("delineation", "city"),
        ("delineation", "province"),
        ("checks", "province"),
    ]


def test_a_ratio_target_allows_the_baseline_seconds_over_the_ratio():
    missed = {(t["job"], t["scale"], t["target"]): t for t in floors.missed_time_targets(_state())}
    assert missed[("delineation", "province", "≤ 8 s")]["target_s"] == 8.0
    assert abs(missed[("delineation", "province", "≥ 20×")]["target_s"] - 204.297 / 20) < 1e-9
    assert abs(missed[("checks", "province", "≥ 30×")]["target_s"] - 163.826 / 30) < 1e-9
    assert floors.target_seconds("peak ≤ 1.5 GB", None) == (False, None)
    assert floors.target_seconds("≥ 2×", {"status": "timeout"}) == (True, None)


def test_a_plugin_run_that_failed_has_no_floor():
    state = _state()
    state["runs"][0] = _run("delineation", "city", 1.0, 1.0, [["≥ 1.5×", False]], status="error")
    assert ("delineation", "city") not in floors.wanted(state)


def test_rows_say_whether_the_target_lies_below_the_floor():
    state = _state()
    state["floors"] = [
        _floor("delineation", "province", 2.1, 12.4),  # floor 14.5 s
        _floor("checks", "province", 3.2, 17.8),  # floor 21.0 s
    ]
    rows = {(r["job"], r["scale"], r["target"]): r for r in floors.rows(state)}
    below_8 = rows[("delineation", "province", "≤ 8 s")]
    assert below_8["floor_s"] == 14.5 and below_8["below_floor"] is True
    assert abs(below_8["gap_s"] - (32.142 - 14.5)) < 1e-9
    assert rows[("delineation", "province", "≥ 20×")]["below_floor"] is True  # 10.2 s < 14.5 s
    assert rows[("checks", "province", "≤ 20 s")]["below_floor"] is True  # 20 s < 21 s
    city = rows[("delineation", "city", "≥ 1.5×")]  # no floor measured: unknown, not "no"
    assert city["floor_s"] is None and city["below_floor"] is None and city["gap_s"] is None
    state["floors"][1] = _floor("checks", "province", 3.2, 10.0)  # floor 13.2 s
    rows = {(r["job"], r["scale"], r["target"]): r for r in floors.rows(state)}
    assert rows[("checks", "province", "≤ 20 s")]["below_floor"] is False
    assert rows[("checks", "province", "≥ 30×")]["below_floor"] is True  # 5.46 s


def test_the_section_lists_every_missed_time_target_and_each_floor():
    state = _state()
    state["floors"] = [
        _floor("delineation", "province", 2.1, 12.4),
        _floor("checks", "province", 0, 0, status="crashed"),
    ]
    text = "\n".join(floors.section(state))
    assert text.startswith("## Floors")
    assert "measured in this run" in text
    assert (
        "| delineation | province | ≤ 8 s | 8.00 | 32.14 | 204.30 | 2.10 | 12.40 | 14.50 "
        "| **yes** | 17.64 | 41.78 | 26.90 |" in text
    )
    assert "| checks | province | ≤ 20 s | 20.00 | 54.68 | 163.83 | – | – | – | – | – |" in text
    assert "checks at province: the floor measurement failed: `exit -11: Segmentation`" in text
    assert "The machine was busy" not in text
    state["machine"] = {"cores": 2}
    state["floors"][0]["measured"] = {"date": "2026-12-07 08:32 UTC", "load": "11.1 10.1 7.3"}
    text = "\n".join(floors.section(state))
    assert "**The machine was busy while delineation at province were measured**" in text
    assert "(load 11.1 10.1 7.3)" in text
    assert "delineation at city: floor not measured." in text
    assert floors.section({"runs": [_run("overlap", "city", 0.5, 1.7, [["≥ 2×", True]])]}) == []


def test_refresh_measures_short_floors_three_times_and_keeps_the_median():
    state = _state()
    state["floors"] = [_floor("checks", "province", 3.0, 18.0), _floor("overlap", "city", 1, 1)]
    seen = []
    city = iter([1.4, 0.9, 1.1])

    def measure(job, scale, timeout):
        seen.append((job, scale))
        if scale == "city":
            return _floor(job, scale, 0.3, next(city))
        return _floor(job, scale, 2.0, 13.0)

    keys = [("delineation", "city"), ("delineation", "province")]
    floors.refresh(state, keys, 60, lambda _message: None, measure)
    assert seen == [("delineation", "city")] * 3 + [("delineation", "province")]
    got = {(f["job"], f["scale"]): f for f in state["floors"]}
    # kept: checks at province (still missed, not asked for); dropped: overlap at city
    # (no missed target any more); order: that of the missed targets
    assert list(got) == [
        ("delineation", "city"),
        ("delineation", "province"),
        ("checks", "province"),
    ]
    assert got[("delineation", "city")]["floor_s"] == 1.4  # 0.3 + median 1.1
    assert got[("delineation", "city")]["runs_s"] == [1.7, 1.2, 1.4]
    assert "runs_s" not in got[("delineation", "province")]
    assert got[("checks", "province")]["floor_s"] == 21.0


def test_floors_only_rewrites_results_md_from_the_saved_run(tmp_path, monkeypatch):
    """--floors-only: the saved run is kept as it was, the floors measured (here by a
    stand-in for the child process) are saved beside it and results.md gets a Floors
    section; the other sections stay as --render-only writes them."""
    monkeypatch.setattr(jobs, "DATA", tmp_path)
    state = _state()
    state["runs"] = [r for r in state["runs"] if r["job"] in ("delineation", "checks")]
    state.update(
        argv=["--scales", "city,province"],
        date="2026-12-07 07:04 UTC",
        machine={"cpu": "AMD EPYC", "cores": 2, "ram_gib": 23.5, "python": "3.11.2"},
        load_start="0.3",
        load_end="1.2",
        scales=["city", "province"],
        jobs=["delineation", "checks"],
        baseline_timeout=700.0,
        growth=[],
        profiles=[],
    )
    (tmp_path / "results.json").write_text(json.dumps(state), encoding="utf-8")
    before = tmp_path / "before.md"
    bench_run.render_only(before)
    assert "## Floors" in before.read_text(encoding="utf-8")  # targets missed, no floors yet

    monkeypatch.setattr(bench_run, "ensure_data", lambda scale, regenerate: None)
    monkeypatch.setattr(bench_run, "ensure_units", lambda scale, timeout: None)
    monkeypatch.setattr(
        floors, "measure_child", lambda job, scale, timeout: _floor(job, scale, 2.0, 13.0)
    )
    after = tmp_path / "results.md"
    assert bench_run.main(["--floors-only", "--scales", "province", "--results", str(after)]) == 0

    saved = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert [(f["job"], f["scale"]) for f in saved["floors"]] == [
        ("delineation", "province"),
        ("checks", "province"),
    ]
    assert saved["floors_measured"]["command"].startswith("python -m bench.run --floors-only")
    assert [r["plugin"]["seconds"] for r in saved["runs"]] == [
        r["plugin"]["seconds"] for r in state["runs"]
    ]
    text = after.read_text(encoding="utf-8")
    head, floors_part = text.split("## Floors")
    assert head == before.read_text(encoding="utf-8").split("## Floors")[0]
    assert "measured after the run by `python -m bench.run --floors-only" in floors_part
    assert "| delineation | province | ≥ 20× | 10.21 | 32.14 | 204.30 | 2.00 | 13.00 | 15.00 " \
        "| **yes** |" in floors_part  # fmt: skip
    assert "| delineation | city | ≥ 1.5× | 1.04 | 1.53 | 1.56 | – |" in floors_part
