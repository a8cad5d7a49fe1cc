"""`make bench`: the EcoZoning plugin against QGIS's own tools, county -> city -> province.

For every (job, scale) the plugin and its baseline (the same job wired from QGIS
Processing algorithms, ``bench/baselines.py``) run in this one invocation, each in a
fresh subprocess (``bench/job.py``) so peak memory and crashes stay apart; on a busy
machine their ratio is what counts. The results, machine and versions go to
``bench/results.md`` (written here, never by hand). See ``bench/README.md``.

    python -m bench.run                       # everything (about an hour on 2 cores)
    python -m bench.run --quick               # smoke run on the county scale
    python -m bench.run --scales county,city --jobs delineation,checks
    python -m bench.run --floors-only         # measure the floors again, rewrite results.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench import floors as bench_floors  # floors of the missed time targets; no QGIS at import
from bench import job as jobs  # paths, comparison; no QGIS at import
from bench import threads as bench_threads  # repeated threaded runs; no QGIS at import
from bench.process import run_module

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SCALES = ("county", "city", "province", "province-dense")
# jobs run at a scale (default: every job); province-dense is for the checks and the overlap
SCALE_JOBS = {"province-dense": ("checks", "overlap")}
LARGE_SCALES = ("province", "province-dense")  # where the memory limit is judged
JOBS = jobs.JOBS
# input layers each job reads (for the input size and the growth)
JOB_INPUTS = {
    "delineation": [
        "county",
        "township",
        "red_line",
        "water_source",
        "nature_reserve",
        "park",
        "urban_boundary",
        "key_air",
    ],
    "checks": ["units", "county", "red_line", "farmland", "urban_boundary", "park"],
    "overlap": ["units", "red_line", "farmland", "water_source", "nature_reserve"],
    "compliance": [
        "units",
        "project_point",
        "project_line",
        "project_polygon",
        "red_line",
        "farmland",
        "water_source",
        "nature_reserve",
        "urban_boundary",
    ],
    "livecheck": ["units"],
    "quickcheck": [
        "units",
        "red_line",
        "farmland",
        "water_source",
        "nature_reserve",
        "urban_boundary",
    ],
}
TITLES = {
    "delineation": "Delineation (`ecozoning:delineateunits`)",
    "checks": "Unit checks (`ecozoning:checkunits`)",
    "overlap": "Overlap analysis (`ecozoning:overlapanalysis`)",
    "compliance": "Compliance of 100 projects (`ecozoning:compliance`)",
    "quickcheck": "Quick check: 200 map clicks",
    "livecheck": "Editing live check: 100 edits",
}
SLOPE_LIMIT = 1.2  # log-log slope of time vs input size: "close to linear"
DENSE_SLOPE_LIMIT = 1.1  # the same from city to province-dense (issue #21)
THREAD_SCALE = "city"  # where the threaded delineation is run repeatedly (issue #21)


def job_scales(job: str, scales) -> list[str]:
    """The scales of ``scales`` at which ``job`` runs."""
    return [s for s in scales if job in SCALE_JOBS.get(s, (job,))]


def job_scales_any(job_list, scale: str) -> bool:
    """Whether any job of ``job_list`` runs at ``scale`` (else its data is not needed)."""
    return any(scale in job_scales(j, [scale]) for j in job_list)


def log(message: str) -> None:
    print(message, flush=True)


# --- running children ---------------------------------------------------------------------


def child(args: list[str], timeout: float) -> dict:
    """Run bench/job.py with ``args``; its JSON report, or a crash / timeout record."""
    started = time.perf_counter()
    out, err, returncode = run_module(["bench.job", *args], timeout)
    wall = time.perf_counter() - started
    if returncode is None:
        report = {"status": "timeout", "seconds": wall}
        report.update(partial_steps(out))
        return report
    for line in out.splitlines():
        if line.startswith("BENCH-JSON "):
            report = json.loads(line[len("BENCH-JSON ") :])
            report["wall"] = wall
            if report.get("status") == "error":
                report["seconds_before_failure"] = wall
            return report
    tail = "\n".join(err.strip().splitlines()[-8:])
    return {
        "status": "crashed",
        "returncode": returncode,
        "seconds": wall,
        "error": f"exit code {returncode}: {tail}",
    }


def partial_steps(out: str) -> dict:
    """The steps a stopped chain had finished, and the one it was in."""
    steps, current = [], None
    for line in out.splitlines():
        if line.startswith("BENCH-STEP-START "):
            current = line[len("BENCH-STEP-START ") :]
        elif line.startswith("BENCH-STEP "):
            steps.append(json.loads(line[len("BENCH-STEP ") :]))
            current = None
    return {"steps": steps, "stopped_in": current}


def ensure_data(scale: str, regenerate: bool) -> None:
    path = jobs.inputs(scale)
    if path.exists() and not regenerate:
        return
    log(f"generating {scale} data -> {path}")
    subprocess.run(
        [sys.executable, "-m", "tools.datagen", "--scale", scale, "--out", str(path)],
        check=True,
        cwd=str(ROOT),
        stdout=subprocess.DEVNULL,
    )
    stale = jobs.units_path(scale)
    if stale.exists():
        stale.unlink()


def ensure_access(timeout: float) -> None:
    if jobs.access_path().exists():
        return
    log(f"building the access list -> {jobs.access_path()}")
    report = child(["--job", "access", "--scale", "county", "--side", "prepare"], timeout)
    if report.get("status") == "not_available":
        return
    if report.get("status") != "ok":
        raise SystemExit(f"could not build the access list: {report.get('error')}")


def ensure_units(scale: str, timeout: float) -> dict | None:
    path = jobs.units_path(scale)
    if path.exists():
        return None
    log(f"building the {scale} unit layer -> {path}")
    report = child(["--job", "units", "--scale", scale, "--side", "prepare"], timeout)
    if report.get("status") != "ok":
        raise SystemExit(f"could not build the {scale} unit layer: {report.get('error')}")
    return report


# --- input sizes, machine ------------------------------------------------------------------


def layer_counts(scale: str) -> dict[str, int]:
    counts = {}
    for table in (
        "county",
        "township",
        "red_line",
        "water_source",
        "nature_reserve",
        "park",
        "urban_boundary",
        "key_air",
        "farmland",
        "project_point",
        "project_line",
        "project_polygon",
    ):
        counts[table] = jobs.feature_count(jobs.inputs(scale), table)
    units = jobs.units_path(scale)
    counts["units"] = jobs.feature_count(units, "units") if units.exists() else 0
    return counts


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = float("nan")
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    info = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": ram_gib,
        "python": platform.python_version(),
        "os": platform.platform(),
    }
    try:
        import shapely
        from osgeo import gdal
        from qgis.core import Qgis

        info["qgis"] = Qgis.QGIS_VERSION
        info["qgis_geos"] = Qgis.geosVersion() if hasattr(Qgis, "geosVersion") else "?"
        info["gdal"] = gdal.__version__
        info["shapely"] = shapely.__version__
        info["shapely_geos"] = shapely.geos_version_string
    except Exception as error:  # versions are informative only
        info["versions_error"] = str(error)
    return info


# --- targets ----------------------------------------------------------------------------------


def seconds_of(report: dict | None) -> float | None:
    if report and report.get("status") == "ok":
        return float(report["seconds"])
    return None


def ratio_text(plugin: dict, baseline: dict, timeout: float) -> tuple[str, float | None]:
    """'12.3', '> 45.0' (baseline timed out or crashed) or '–'."""
    p = seconds_of(plugin)
    if p is None or p <= 0:
        return "–", None
    b = seconds_of(baseline)
    if b is not None:
        r = b / p
        return (f"{r:.2f}" if r < 10 else f"{r:.1f}"), r
    status = baseline.get("status") if baseline else None
    if status == "timeout":
        return f"> {timeout / p:.0f}", timeout / p
    if status in ("crashed", "error"):
        spent = baseline.get("seconds_before_failure", baseline.get("seconds", 0.0))
        return f"> {spent / p:.1f} (crashed)", None
    return "–", None


def median_report(reports: list[dict]) -> dict:
    """The first report with the median of the seconds and the largest peak of all runs."""
    ok = [r for r in reports if r.get("status") == "ok"]
    if len(ok) < len(reports):
        return next(r for r in reports if r.get("status") != "ok")
    out = dict(reports[0])
    times = sorted(r["seconds"] for r in ok)
    out["seconds"] = times[len(times) // 2]
    out["runs_s"] = [r["seconds"] for r in ok]
    out["peak_mb"] = max(r.get("peak_mb", 0) for r in ok)
    return out


def p95_ratio(run: dict) -> tuple[str, float | None]:
    """Quick check: baseline p95 / plugin p95."""
    p = (run["plugin"].get("metrics") or {}).get("p95_ms")
    b = (run["baseline"].get("metrics") or {}).get("p95_ms")
    if p and b:
        return f"{b / p:.2f}", b / p
    return "–", None


def _seconds_at_most(limit):
    return lambda p, r: seconds_of(p) is not None and seconds_of(p) <= limit


def _ratio_at_least(limit):
    return lambda p, r: r is not None and r >= limit


def _metric_at_most(name, limit):
    return lambda p, r: (
        (p.get("metrics") or {}).get(name) is not None and (p["metrics"][name] <= limit)
    )


# issue #21's targets: (job, scale or None for every scale) -> [(description, check)]
SPEED_TARGETS = {
    ("delineation", "province"): [("≤ 8 s", _seconds_at_most(8)), ("≥ 20×", _ratio_at_least(20))],
    ("delineation", "city"): [("≥ 1.5×", _ratio_at_least(1.5))],
    ("delineation", "county"): [("≥ 1.5×", _ratio_at_least(1.5))],
    ("checks", "province"): [("≤ 20 s", _seconds_at_most(20)), ("≥ 30×", _ratio_at_least(30))],
    ("checks", "city"): [("≥ 3×", _ratio_at_least(3))],
    ("overlap", None): [("≥ 2×", _ratio_at_least(2))],
    ("compliance", "province"): [("≤ 3 s", _seconds_at_most(3)), ("≥ 2×", _ratio_at_least(2))],
    ("quickcheck", "province"): [
        ("p95 ≤ 5 ms per click", _metric_at_most("p95_ms", 5)),
        ("p95 not slower than the native baseline", _ratio_at_least(1)),
        ("index build ≤ 2 s", _metric_at_most("index_s", 2)),
    ],
}
MEMORY_LIMITS_MB = {"province": 1536, "province-dense": 2048}


def targets_for(job: str, scale: str) -> list[tuple[str, callable]]:
    """(description, check(plugin_report, ratio) -> bool) for one (job, scale)."""
    out = list(SPEED_TARGETS.get((job, scale), SPEED_TARGETS.get((job, None), [])))
    limit = MEMORY_LIMITS_MB.get(scale)
    if limit and job in JOBS:
        out.append(
            (
                f"peak ≤ {limit / 1024:g} GB",
                lambda p, r, limit=limit: (
                    p.get("status") == "ok" and p.get("peak_mb", 1e9) <= limit
                ),
            )
        )
    return out


def job_targets(run: dict, ratio: float | None) -> list[dict]:
    """The target rows of one (job, scale) run."""
    job, scale = run["job"], run["scale"]
    run["targets"] = [
        (t, bool(check(run["plugin"], ratio))) for t, check in targets_for(job, scale)
    ]
    return [
        {
            "target": f"{job} at {scale}: {target}",
            "measured": _measured(target, run),
            "met": met,
            "job": job,
            "scale": scale,
        }
        for target, met in run["targets"]
    ]


# --- growth -------------------------------------------------------------------------------------


def slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(seconds) against log(size)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def dense_slope_target(state: dict, job: str, rows: list[dict]) -> None:
    """The target "near-linear from city to province-dense" (plugin side), if all three ran."""
    points = []
    for scale in ("city", "province", "province-dense"):
        r = next((x for x in rows if x["scale"] == scale), None)
        s = seconds_of(r["plugin"]) if r else None
        if s is None:
            return
        points.append((r["input_features"], s))
    value = slope(points)
    if value is None:
        return
    state["targets"].append(
        {
            "target": f"{job}: city → province-dense near-linear (slope ≤ {DENSE_SLOPE_LIMIT})",
            "measured": f"slope {value:.2f}",
            "met": value <= DENSE_SLOPE_LIMIT,
            "job": job,
            "scale": "province-dense",
        }
    )


# --- the report ----------------------------------------------------------------------------------


def fmt_s(report: dict | None, timeout: float | None = None) -> str:
    if not report:
        return "–"
    status = report.get("status")
    if status == "ok":
        return f"{report['seconds']:.2f}"
    if status == "timeout":
        return f"> {timeout:.0f} (timeout)" if timeout else "timeout"
    if status == "not_available":
        return "n/a"
    return "crashed"


def fmt_mb(report: dict | None) -> str:
    if report and report.get("peak_mb") is not None and report.get("status") in ("ok", "error"):
        return f"{report['peak_mb']:.0f}"
    return "–"


def write_results(path: Path, state: dict) -> None:
    m = state["machine"]
    lines = [
        "# EcoZoning benchmark results",
        "",
        f"Written by `make bench` (`{' '.join(['python -m bench.run', *state['argv']])}`) on "
        f"{state['date']}; do not edit by hand. How the jobs and the QGIS baselines are "
        "built: [README.md](README.md).",
        "",
        "| machine | |",
        "| --- | --- |",
        f"| CPU | {m['cpu']} |",
        f"| cores | {m['cores']} |",
        f"| RAM | {m['ram_gib']:.1f} GiB |",
        f"| QGIS | {m.get('qgis', '?')} (GEOS {m.get('qgis_geos', '?')}) |",
        f"| GDAL | {m.get('gdal', '?')} |",
        f"| shapely | {m.get('shapely', '?')} (GEOS {m.get('shapely_geos', '?')}) |",
        f"| Python | {m['python']} |",
        f"| load average at start / end | {state['load_start']} / {state['load_end']} |",
        "",
        "Times are wall seconds of the job alone, in a fresh process per run (QGIS start-up "
        "excluded); the plugin and its baseline ran one after the other in this invocation. "
        "Ratio = baseline s / plugin s. Peak = peak resident memory of the whole process, "
        "QGIS included (about "
        f"{state.get('boot_mb', 0):.0f} MB after start-up). The machine was shared with other "
        "jobs while this ran: single timings are noisy, the ratios less so.",
        "",
    ]
    # summary of targets
    lines += ["## Targets", "", "| target | measured | met? |", "| --- | --- | --- |"]
    for row in state["targets"]:
        lines.append(
            f"| {row['target']} | {row['measured']} | {'yes' if row['met'] else '**no**'} |"
        )
    lines.append("")

    for job in state["jobs"]:
        lines += [f"## {TITLES[job]}", ""]
        rows = [r for r in state["runs"] if r["job"] == job]
        if all(r["plugin"].get("status") == "not_available" for r in rows):
            reason = rows[0]["plugin"].get("error", "") if rows else ""
            lines += [f"Not available yet: {reason}.", ""]
            continue
        if job == "quickcheck":
            lines += _quickcheck_table(rows) + [""]
            continue
        if job == "livecheck":
            lines += _livecheck_table(rows) + [""]
            continue
        lines += [
            "| scale | input features | plugin s | baseline s | ratio | plugin peak MB "
            "| baseline peak MB | outputs agree | target met? |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for r in rows:
            agree = r.get("agreement")
            agree_text = "–" if agree is None else ("yes" if agree["ok"] else "**no**")
            met = r.get("targets", [])
            met_text = (
                "; ".join(f"{t}: {'yes' if ok else '**no**'}" for t, ok in met) if met else "–"
            )
            lines.append(
                f"| {r['scale']} | {r['input_features']:,} | {fmt_s(r['plugin'])} | "
                f"{fmt_s(r['baseline'], state['baseline_timeout'])} | {r['ratio']} | "
                f"{fmt_mb(r['plugin'])} | {fmt_mb(r['baseline'])} | {agree_text} | {met_text} |"
            )
        lines.append("")
        details = []
        for r in rows:
            sizes = ", ".join(f"{k} {v:,}" for k, v in r["inputs"].items())
            details.append(f"- {r['scale']}: inputs {sizes}.")
            if r["plugin"].get("runs_s"):
                details.append(
                    "  Three runs each, medians shown: plugin "
                    + " / ".join(f"{t:.2f}" for t in r["plugin"]["runs_s"])
                    + " s, baseline "
                    + " / ".join(f"{t:.2f}" for t in r["baseline"].get("runs_s", []))
                    + " s."
                )
            counts = r["plugin"].get("metrics")
            if job == "delineation" and counts:
                b = r["baseline"].get("metrics") or {}
                details.append(
                    f"  Units written: plugin {_num(counts['units'])} ({_num(counts['parts'])} "
                    f"parts), baseline {_num(b.get('units', '–'))} ({_num(b.get('parts', '–'))} "
                    "parts)."
                )
            if job == "overlap" and counts:
                b = r["baseline"].get("metrics") or {}
                details.append(
                    f"  Rows written: plugin {_num(counts['rows'])}, "
                    f"baseline {_num(b.get('rows', '–'))}."
                )
            agree = r.get("agreement")
            if agree:
                for what, p, b, unit, ok, *reason in agree["items"]:
                    u = f" {unit}" if unit else ""
                    why = f": {reason[0]}" if reason and reason[0] else ""
                    details.append(
                        f"  - {what}: plugin {_num(p)}{u}, baseline {_num(b)}{u}"
                        f"{'' if ok else ' — **differs**' + why}"
                    )
            for side in ("plugin", "baseline"):
                rep = r[side]
                if rep.get("status") == "timeout":
                    done = sum(s["seconds"] for s in rep.get("steps", []))
                    details.append(
                        f"  - {side} stopped after {rep['seconds']:.0f} s in step "
                        f"`{rep.get('stopped_in') or '?'}` ({len(rep.get('steps', []))} steps "
                        f"done, {done:.0f} s); slowest done: "
                        + ", ".join(
                            f"{s['step']} {s['seconds']:.0f} s"
                            for s in sorted(rep.get("steps", []), key=lambda s: -s["seconds"])[:4]
                        )
                    )
                elif rep.get("status") not in ("ok", "not_available", None):
                    details.append(f"  - {side} {rep.get('status')}: `{rep.get('error', '')}`")
        lines += details + [""]
        slowest = _slowest_steps(rows)
        if slowest:
            lines += slowest + [""]
    if state.get("threads"):  # bench/threads.py: repeated threaded runs
        lines += bench_threads.section(state["threads"]) + [""]

    # growth
    lines += [
        "## Growth county → city → province",
        "",
        "Seconds per 1,000 input features at each scale, and the slope of log(seconds) "
        f"against log(input features) (1 = linear, 2 = quadratic; ≤ {SLOPE_LIMIT} counts as "
        "close to linear). Fixed costs (opening layers, writing) weigh most at county scale and "
        "pull the slope below 1.",
        "",
        "| job | side | "
        + " | ".join(f"{s} s / 1k features" for s in state["scales"])
        + " | slope |",
        "| --- | --- | " + " | ".join("---:" for _ in state["scales"]) + " | ---: |",
    ]
    for g in state["growth"]:
        cells = [f"{v:.3f}" if v is not None else "–" for v in g["per_k"]]
        sl = f"{g['slope']:.2f}" if g["slope"] is not None else "–"
        lines.append(f"| {g['job']} | {g['side']} | " + " | ".join(cells) + f" | {sl} |")
    lines.append("")

    # profiles
    if state["profiles"]:
        lines += [
            "## Profiles",
            "",
            "For every missed target, and for every job where the plugin is slower than the "
            "QGIS chain at the largest scale: pyinstrument, plugin side, a second run of the "
            "same job (delineation with one "
            "overlay thread so the overlays show under the functions that call them). "
            "*Engine*: time charged to the innermost plugin function on the stack (what it "
            "calls included); *leaf*: where the time was actually spent.",
            "",
        ]
        for p in state["profiles"]:
            lines += [
                f"### {p['job']} at {p['scale']}: {p.get('why', 'missed target')} "
                f"({p.get('total_s', '?')} s profiled)",
                "",
            ]
            if p.get("error"):
                lines += [f"Profile failed: `{p['error']}`", ""]
                continue
            if not p.get("engine"):
                lines += ["The profile came back empty.", ""]
                continue
            for kind in ("engine", "leaf"):
                lines += [
                    f"| {kind}: function | where | s | share |",
                    "| --- | --- | ---: | ---: |",
                ]
                for e in p[kind]:
                    lines.append(
                        f"| `{e['function']}` | `{e['where']}` | {e['seconds']:.2f} | "
                        f"{e['share_pct']:.1f} % |"
                    )
                lines.append("")
    lines += bench_floors.section(state)  # the floors of the missed time targets
    from bench.postgis_jobs import section_lines  # the PostGIS column, once it has run

    lines += section_lines()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _quickcheck_table(rows) -> list[str]:
    out = [
        f"{jobs.CLICKS} seeded clicks inside the counties, each with an industry code. Plugin: "
        "`compliance.quick_check` against a `ComplianceIndex` built once (units, access list, "
        "constraint layers: what the 准入研判 panel does); baseline per click: a point layer, "
        "`native:extractbylocation` on the units and on each constraint layer, "
        "`native:joinattributestable` of the access list. Ratio = baseline p95 / plugin p95.",
        "",
        "| scale | units | index build s | plugin p50 ms | plugin p95 ms | baseline p50 ms "
        "| baseline p95 ms | ratio (p95) | plugin peak MB | outputs agree |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        p = r["plugin"].get("metrics") or {}
        b = r["baseline"].get("metrics") or {}
        agree = r.get("agreement")
        agree_text = "–" if agree is None else ("yes" if agree["ok"] else "**no**")
        out.append(
            f"| {r['scale']} | {r['inputs'].get('units', 0):,} | {p.get('index_s', '–')} | "
            f"{p.get('p50_ms', '–')} | {p.get('p95_ms', '–')} | {b.get('p50_ms', '–')} | "
            f"{b.get('p95_ms', '–')} | {r['ratio']} | {fmt_mb(r['plugin'])} | {agree_text} |"
        )
        for side in ("plugin", "baseline"):
            rep = r[side]
            if rep.get("status") not in ("ok", "not_available", None):
                out.append(f"\n{side} at {r['scale']} {rep.get('status')}: `{rep.get('error')}`")
    return out


def _livecheck_table(rows) -> list[str]:
    out = [
        "100 seeded edits, each pushing a unit 15 m over a shared edge; per edit: the window "
        "query on the layer's STRtree (built once) and `live_check.local_check` on that "
        "neighbourhood. The time per edit should stay flat as the layer grows.",
        "",
        "| scale | units | edits | overlaps flagged | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        p = r["plugin"].get("metrics") or {}
        out.append(
            f"| {r['scale']} | {p.get('units', '–')} | {p.get('edits', '–')} | "
            f"{p.get('overlaps_flagged', '–')} | {p.get('p50_ms', '–')} | {p.get('p95_ms', '–')} "
            f"| {p.get('max_ms', '–')} |"
        )
    return out


def _ratio_below_one(run: dict) -> bool:
    p, b = seconds_of(run["plugin"]), seconds_of(run["baseline"])
    return p is not None and b is not None and b < p


def _num(v) -> str:
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 1e6 else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def _slowest_steps(rows) -> list[str]:
    """The baseline's slowest steps at the largest scale it finished."""
    done = [r for r in rows if r["baseline"].get("status") == "ok" and r["baseline"].get("steps")]
    if not done:
        return []
    r = done[-1]
    steps = sorted(r["baseline"]["steps"], key=lambda s: -s["seconds"])[:6]
    total = r["baseline"]["seconds"]
    text = ", ".join(
        f"{s['step']} ({s['algorithm']}) {s['seconds']:.1f} s ({100 * s['seconds'] / total:.0f} %)"
        for s in steps
    )
    return [f"Slowest baseline steps at {r['scale']}: {text}."]


# --- main -----------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=",".join(SCALES))
    parser.add_argument("--jobs", default=",".join(JOBS))
    parser.add_argument("--baseline-timeout", type=float, default=900.0)
    parser.add_argument("--plugin-timeout", type=float, default=1800.0)
    parser.add_argument(
        "--repeat-below",
        type=float,
        default=10.0,
        help="when both sides take less than this (s), run each twice more; medians count",
    )
    parser.add_argument("--quick", action="store_true", help="county scale only, a smoke run")
    parser.add_argument(
        "--thread-runs",
        type=int,
        default=50,
        help=f"threaded delineation runs at {THREAD_SCALE} scale (bench/threads.py; 0: none)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the profiles")
    parser.add_argument("--no-floors", action="store_true", help="skip the floors")
    parser.add_argument(
        "--floors-only",
        action="store_true",
        help="measure the floors of the last run's missed time targets again (only those of "
        "--jobs and --scales), rewrite the results from bench/data/results.json, no jobs",
    )
    parser.add_argument("--regenerate", action="store_true", help="regenerate the input data")
    parser.add_argument("--results", help="where to write (default bench/results.md)")
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="write the results again from bench/data/results.json (the last run), no jobs",
    )
    args = parser.parse_args(argv)
    if args.render_only:
        return render_only(Path(args.results) if args.results else HERE / "results.md")
    if args.floors_only:
        return floors_only(
            Path(args.results) if args.results else HERE / "results.md",
            [j for j in args.jobs.split(",") if j],
            [s for s in args.scales.split(",") if s],
            args.plugin_timeout,
            list(argv if argv is not None else sys.argv[1:]),
        )
    argv_used = list(argv if argv is not None else sys.argv[1:])

    scales = ["county"] if args.quick else [s for s in args.scales.split(",") if s]
    job_list = [j for j in args.jobs.split(",") if j]
    for name in scales:
        if name not in SCALES:
            parser.error(f"unknown scale {name}")
    for name in job_list:
        if name not in JOBS:
            parser.error(f"unknown job {name}")
    results = Path(args.results) if args.results else None
    if results is None:
        results = HERE / ("data/results-quick.md" if args.quick else "results.md")

    state = {
        "argv": argv_used,
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "load_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "scales": scales,
        "jobs": job_list,
        "baseline_timeout": args.baseline_timeout,
        "runs": [],
        "targets": [],
        "growth": [],
        "profiles": [],
    }
    needs_units = any(
        j in job_list for j in ("checks", "overlap", "compliance", "quickcheck", "livecheck")
    )
    for scale in scales:
        if not job_scales_any(job_list, scale):
            continue
        ensure_data(scale, args.regenerate)
        if needs_units:
            ensure_units(scale, args.plugin_timeout)
    if "compliance" in job_list or "quickcheck" in job_list:
        ensure_access(args.plugin_timeout)

    for job in job_list:
        for scale in job_scales(job, scales):
            inputs = {k: v for k, v in layer_counts(scale).items() if k in JOB_INPUTS[job]}
            run = {
                "job": job,
                "scale": scale,
                "inputs": inputs,
                "input_features": sum(max(v, 0) for v in inputs.values()),
            }
            base_args = ["--job", job, "--scale", scale]
            log(f"{job:<12} {scale:<9} plugin ...")
            run["plugin"] = child([*base_args, "--side", "plugin"], args.plugin_timeout)
            if run["plugin"].get("status") == "not_available":
                run["baseline"] = {"status": "not_available"}
                run["ratio"] = "–"
                state["runs"].append(run)
                log(f"{job:<12} {scale:<9} not available: {run['plugin'].get('error')}")
                continue
            log(f"{job:<12} {scale:<9} plugin {fmt_s(run['plugin'])} s; baseline ...")
            run["baseline"] = child([*base_args, "--side", "baseline"], args.baseline_timeout)
            short = [seconds_of(run[side]) for side in ("plugin", "baseline")]
            if job != "quickcheck" and all(t is not None and t < args.repeat_below for t in short):
                # short runs are the noisiest: alternate two more pairs, keep the medians
                extra = {"plugin": [], "baseline": []}
                for _ in range(2):
                    for side in ("plugin", "baseline"):
                        extra[side].append(child([*base_args, "--side", side], args.plugin_timeout))
                for side in ("plugin", "baseline"):
                    run[side] = median_report([run[side], *extra[side]])
            run["ratio"], ratio = ratio_text(run["plugin"], run["baseline"], args.baseline_timeout)
            if job == "quickcheck":
                run["ratio"], ratio = p95_ratio(run)
            pm, bm = run["plugin"].get("metrics"), run["baseline"].get("metrics")
            run["agreement"] = jobs.compare(job, pm, bm) if pm and bm else None
            state["targets"].extend(job_targets(run, ratio))
            state["boot_mb"] = run["plugin"].get("boot_peak_mb", state.get("boot_mb", 0))
            log(
                f"{job:<12} {scale:<9} plugin {fmt_s(run['plugin'])} s, baseline "
                f"{fmt_s(run['baseline'], args.baseline_timeout)} s, ratio {run['ratio']}, "
                f"peak {fmt_mb(run['plugin'])} / {fmt_mb(run['baseline'])} MB"
            )
            state["runs"].append(run)
            _save(state)

    # threaded delineation, repeated in fresh processes (bench/threads.py)
    if "delineation" in job_list and args.thread_runs > 0 and THREAD_SCALE in scales:
        log(f"threads: {args.thread_runs} threaded delineation runs at {THREAD_SCALE} ...")
        state["threads"] = bench_threads.measure(
            THREAD_SCALE, args.thread_runs, None, args.plugin_timeout, log
        )
        state["targets"].append(bench_threads.target_row(state["threads"]))
        _save(state)

    # quick-check target (needs the compliance engine)
    if "quickcheck" in job_list:
        rows = [r for r in state["runs"] if r["job"] == "quickcheck"]
        ok_rows = [
            r
            for r in rows
            if r["plugin"].get("status") == "ok" and r["inputs"].get("units", 0) >= 10000
        ]
        if ok_rows:
            big = max(ok_rows, key=lambda r: r["inputs"].get("units", 0))
            p95 = big["plugin"]["metrics"].get("p95_ms")
            state["targets"].append(
                {
                    "target": "quick check p95 ≤ 100 ms (≥ 10,000 units)",
                    "measured": f"{p95} ms on {big['inputs'].get('units', 0):,} units",
                    "met": p95 is not None and p95 <= 100,
                    "job": "quickcheck",
                    "scale": big["scale"],
                }
            )
        else:
            state["targets"].append(
                {
                    "target": "quick check p95 ≤ 100 ms (≥ 10,000 units)",
                    "measured": (
                        "not run on ≥ 10,000 units"
                        if rows and rows[0]["plugin"].get("status") == "ok"
                        else "not available yet (no compliance engine)"
                    ),
                    "met": False,
                    "job": "quickcheck",
                    "scale": "",
                }
            )

    # growth
    for job in job_list:
        rows = [r for r in state["runs"] if r["job"] == job]
        if len(rows) < 2:
            continue
        for side in ("plugin", "baseline"):
            per_k, points = [], []
            for scale in scales:
                r = next((x for x in rows if x["scale"] == scale), None)
                s = seconds_of(r[side]) if r else None
                n = r["input_features"] if r else 0
                per_k.append(1000 * s / n if s is not None and n else None)
                if s is not None and scale not in SCALE_JOBS:  # the classic three
                    points.append((n, s))
            if not points:
                continue
            g = {"job": job, "side": side, "per_k": per_k, "slope": slope(points)}
            state["growth"].append(g)
            if side == "plugin" and "province-dense" in job_scales(job, scales):
                dense_slope_target(state, job, rows)
            classic = [s for s in scales if s not in SCALE_JOBS]
            if side == "plugin" and g["slope"] is not None and len(points) == len(classic) > 2:
                state["targets"].append(
                    {
                        "target": f"{job}: time grows close to linearly (slope ≤ {SLOPE_LIMIT})",
                        "measured": f"slope {g['slope']:.2f}",
                        "met": g["slope"] <= SLOPE_LIMIT,
                        "job": job,
                        "scale": classic[-1],
                    }
                )

    # profiles of the missed targets (plugin side), once per (job, scale)
    if not args.no_profile:
        missed = []
        for t in state["targets"]:
            if not t["met"] and t["scale"] and (t["job"], t["scale"]) not in missed:
                r = next(
                    (x for x in state["runs"] if x["job"] == t["job"] and x["scale"] == t["scale"]),
                    None,
                )
                if r and r["plugin"].get("status") == "ok":
                    missed.append((t["job"], t["scale"]))
        reasons = {key: "missed target" for key in missed}
        largest = scales[-1]
        for r in state["runs"]:
            slower = r["job"] != "quickcheck" and r["ratio"] not in ("–",) and _ratio_below_one(r)
            key = (r["job"], r["scale"])
            if r["scale"] == largest and slower and key not in reasons:
                missed.append(key)
                reasons[key] = "plugin slower than the QGIS chain (no target)"
        for job, scale in missed:
            log(f"profiling {job} at {scale} ...")
            profile_file = jobs.out_dir(scale) / f"profile_{job}.txt"
            extra = ["--workers", "1"] if job in ("delineation", "checks") else []
            rep = child(
                ["--job", job, "--scale", scale, "--side", "plugin", "--profile", str(profile_file)]
                + extra,
                args.plugin_timeout,
            )
            entry = {"job": job, "scale": scale, "why": reasons[(job, scale)]}
            if rep.get("status") == "ok" and rep.get("profile_top"):
                entry.update(rep["profile_top"])
            else:
                entry["error"] = rep.get("error", rep.get("status"))
            state["profiles"].append(entry)

    # floors of the missed time targets (read + unavoidable overlay), once per (job, scale)
    if not args.no_floors:
        bench_floors.refresh(state, bench_floors.wanted(state), args.plugin_timeout, log)

    state["load_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    _save(state)
    write_results(results, state)
    log(f"wrote {results}")
    return 0


def render_only(path: Path) -> int:
    """Rewrite the results file from the state the last run saved (ratios recomputed)."""
    state = _reloaded()
    write_results(path, state)
    log(f"wrote {path} (from the run of {state['date']})")
    return 0


def floors_only(path: Path, job_list, scales, timeout: float, argv) -> int:
    """Measure the floors of the last run's missed time targets again (those of
    ``job_list`` at ``scales``), save them in results.json and rewrite the results."""
    state = _reloaded()
    keys = [(j, s) for j, s in bench_floors.wanted(state) if j in job_list and s in scales]
    for scale in sorted({s for _, s in keys}, key=SCALES.index):
        ensure_data(scale, False)
        ensure_units(scale, timeout)
    stamp = bench_floors.stamp(" ".join(["python -m bench.run", *argv]))
    bench_floors.refresh(state, keys, timeout, log)
    stamp["load_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    state["floors_measured"] = stamp
    _save(state)
    write_results(path, state)
    log(f"wrote {path} (the run of {state['date']}, floors of {stamp['date']})")
    return 0


def _reloaded() -> dict:
    """The state the last run saved, with its ratios and job targets worked out again."""
    state = json.loads((jobs.DATA / "results.json").read_text(encoding="utf-8"))
    timeout = state["baseline_timeout"]
    runs = {(r["job"], r["scale"]): r for r in state["runs"]}
    for r in state["runs"]:
        if r["plugin"].get("status") == "not_available":
            continue
        r["ratio"], _ = (
            p95_ratio(r)
            if r["job"] == "quickcheck"
            else ratio_text(r["plugin"], r["baseline"], timeout)
        )
    # the job targets are worked out again (they may have changed since the run)
    prefixes = tuple(f"{job} at {scale}: " for job, scale in runs)
    others = [t for t in state["targets"] if not t["target"].startswith(prefixes)]
    rows = []
    for r in state["runs"]:
        if r["plugin"].get("status") == "not_available":
            continue
        ratio = (
            p95_ratio(r)[1]
            if r["job"] == "quickcheck"
            else ratio_text(r["plugin"], r["baseline"], timeout)[1]
        )
        rows.extend(job_targets(r, ratio))
    state["targets"] = rows + others
    return state


def _measured(target: str, run: dict) -> str:
    p = run["plugin"]
    if "p95" in target and "×" not in target:
        b = (run["baseline"].get("metrics") or {}).get("p95_ms", "–")
        return f"{(p.get('metrics') or {}).get('p95_ms', '–')} ms (baseline {b} ms)"
    if "index build" in target:
        return f"{(p.get('metrics') or {}).get('index_s', '–')} s"
    if "peak" in target:
        return f"{fmt_mb(p)} MB"
    if "slower" in target and seconds_of(p) and seconds_of(run["baseline"]):
        ps, bs = seconds_of(p), seconds_of(run["baseline"])
        note = ", medians of 3" if p.get("runs_s") else ""
        return f"ratio {bs / ps:.3f} ({ps:.3f} s vs {bs:.3f} s{note})"
    if "×" in target or "slower" in target:
        return f"ratio {run['ratio']} ({fmt_s(p)} s vs {fmt_s(run['baseline'])} s)"
    return f"{fmt_s(p)} s"


def _save(state: dict) -> None:
    path = jobs.DATA / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
