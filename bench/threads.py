"""Threaded delineation, proven: many runs on threads, each in a fresh process, against one.

Each run is the real ``ecozoning:delineateunits`` algorithm through ``processing.run`` in a
fresh QGIS process (a crash takes down only that run and is counted; a fresh process also
starts every run with cold GEOS caches, which is where a thread race would show), with the
number of overlay threads taken from the plugin's setting (``plugin.settings``), as in
QGIS. The output is hashed: the sorted (WKB, attributes) rows of the unit layer and of the
delineation log. Every threaded hash must equal the one-thread run's.

    python -m bench.threads --runs 50 --scale city          # threads: the automatic choice
    python -m bench.threads --runs 50 --scale city --threads 4

``make bench`` runs it through ``bench/run.py`` (``--thread-runs``, 50 by default); alone,
it writes its result into ``bench/data/results.json`` and ``bench/results.md`` through the
bench's writer, or, while no bench run has left a results.json, into
``bench/data/threads.json`` and its own marked section of ``bench/results.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

from bench.process import run_module

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MARK_START = "<!-- threads:start -->"
MARK_END = "<!-- threads:end -->"


# --- one run (the child process) -----------------------------------------------------------


def layer_digest(path: Path, table: str) -> tuple[str, int]:
    """sha256 of the sorted (WKB, attribute values) rows of ``table``; and the row count."""
    from qgis.core import QgsVectorLayer

    lyr = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
    if not lyr.isValid():
        raise RuntimeError(f"cannot open {path}|{table}")
    names = [f.name() for f in lyr.fields() if f.name() != "fid"]
    rows = []
    for feature in lyr.getFeatures():
        geom = feature.geometry()
        wkb = bytes(geom.asWkb()) if not geom.isNull() else b""
        values = json.dumps([str(feature[n]) for n in names], ensure_ascii=False)
        rows.append(wkb + b"\0" + values.encode("utf-8"))
    rows.sort()
    digest = hashlib.sha256()
    for row in rows:
        digest.update(len(row).to_bytes(8, "little") + row)
    return digest.hexdigest(), len(rows)


def run_once(scale: str, threads: int, output: Path) -> dict:
    """One delineation with the plugin's thread setting at ``threads``; its hash and times."""
    from bench import job as jobs

    processing, context = jobs.boot()
    from eco_zoning.plugin import settings
    from eco_zoning.plugin.core import delineation

    jobs.warm_imports()
    seen = []
    engine_run = delineation.engine.run

    def spy(inp, progress, is_cancelled, workers):  # what the engine was handed
        seen.append(workers)
        return engine_run(inp, progress, is_cancelled, workers)

    delineation.engine.run = spy
    before = settings.stored_threads()
    settings.set_overlay_threads(threads)
    try:
        feedback = jobs.Feedback.make()
        cpu, wall = time.process_time(), time.perf_counter()
        processing.run(
            "ecozoning:delineateunits",
            jobs.delineation_parameters(scale, jobs.fresh(output)),
            context=context,
            feedback=feedback,
        )
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        settings.set_overlay_threads(before)
    units, n_units = layer_digest(output, "units")
    log, n_log = layer_digest(output, "delineation_log")
    return {
        "status": "ok",
        "threads": seen[0] if seen else None,
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "units": n_units,
        "log_rows": n_log,
        "hash": hashlib.sha256((units + log).encode()).hexdigest(),
    }


# --- the runs (the parent) -----------------------------------------------------------------


def child(scale: str, threads: int, output: Path, timeout: float) -> dict:
    """One run in a fresh process: its report, or how it ended (crash, timeout, error)."""
    args = ["bench.threads", "--child", "--scale", scale]
    args += ["--threads", str(threads), "--output", str(output)]
    out, err, returncode = run_module(args, timeout)
    if returncode is None:
        return {"status": "timeout"}
    for line in out.splitlines():
        if line.startswith("THREADS-JSON "):
            return json.loads(line[len("THREADS-JSON ") :])
    tail = " | ".join(err.strip().splitlines()[-4:])
    crashed = returncode < 0  # killed by a signal: SIGSEGV, SIGABRT ...
    return {
        "status": "crashed" if crashed else "error",
        "returncode": returncode,
        "error": tail,
    }


def automatic_threads() -> int:
    return max(1, min(4, os.cpu_count() or 1))  # as plugin.settings.automatic_threads


def measure(scale: str, runs: int, threads: int | None, timeout: float, log=print) -> dict:
    """The one-thread reference run, then ``runs`` threaded runs; the summary."""
    threads = threads or automatic_threads()
    out_dir = HERE / "data" / "out" / scale
    out_dir.mkdir(parents=True, exist_ok=True)
    single = child(scale, 1, out_dir / "threads_single.gpkg", timeout)
    log(f"threads: one-thread run: {single.get('status')} {single.get('wall_s', '')} s")
    reports = []
    for i in range(runs):
        rep = child(scale, threads, out_dir / "threads_run.gpkg", timeout)
        reports.append(rep)
        log(
            f"threads: run {i + 1}/{runs} ({threads} threads): {rep.get('status')} "
            f"{rep.get('wall_s', '')} s {str(rep.get('hash', ''))[:12]}"
        )
    return summarise(scale, threads, single, reports)


def summarise(scale: str, threads: int, single: dict, reports: list[dict]) -> dict:
    ok = [r for r in reports if r.get("status") == "ok"]
    hashes = sorted({r["hash"] for r in ok})
    same = single.get("status") == "ok" and hashes == [single["hash"]] and len(ok) == len(reports)

    def median(key):
        return round(statistics.median(r[key] for r in ok), 3) if ok else None

    return {
        "scale": scale,
        "runs": len(reports),
        "threads": threads,
        "engine_threads_seen": sorted({r.get("threads") for r in ok}),
        "ok": len(ok),
        "crashes": sum(r.get("status") == "crashed" for r in reports),
        "errors": sum(r.get("status") in ("error", "timeout") for r in reports),
        "distinct_hashes": len(hashes),
        "identical_to_single": same,
        "single": single,
        "threaded_cpu_s_median": median("cpu_s"),
        "threaded_wall_s_median": median("wall_s"),
        "failures": [r for r in reports if r.get("status") != "ok"][:5],
        "hash": hashes[0] if len(hashes) == 1 else None,
    }


def passed(result: dict) -> bool:
    return bool(result) and result["crashes"] == 0 and result["identical_to_single"]


# --- results.md ----------------------------------------------------------------------------


def section(result: dict | None) -> list[str]:
    """The results.md section (between markers, so a run alone can replace it)."""
    lines = [MARK_START, "## Threaded delineation: repeated runs", ""]
    if not result:
        return lines + ["Not run in this invocation.", "", MARK_END]
    single = result["single"]
    lines += [
        f"The delineation ({result['scale']} scale) through `processing.run`, each run in a "
        "fresh QGIS process, with the plugin's thread setting at "
        f"{result['threads']} (the engine was handed {result['engine_threads_seen']}); "
        "output hash = sha256 of the sorted (WKB, attributes) rows of the unit layer and "
        "the log, compared with a one-thread run.",
        "",
        "| runs | finished | crashes | other failures | distinct hashes | identical to one "
        "thread | one thread CPU s / wall s | threaded CPU s / wall s (median) |",
        "| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
        f"| {result['runs']} | {result['ok']} | {result['crashes']} | {result['errors']} | "
        f"{result['distinct_hashes']} | {'yes' if result['identical_to_single'] else '**no**'} "
        f"| {single.get('cpu_s', '–')} / {single.get('wall_s', '–')} | "
        f"{result['threaded_cpu_s_median']} / {result['threaded_wall_s_median']} |",
        "",
    ]
    if result["failures"]:
        lines += [f"- failure: {failure}" for failure in result["failures"]] + [""]
    return lines + [MARK_END]


def target_row(result: dict) -> dict:
    return {
        "job": "delineation",
        "scale": result["scale"],
        "target": f"threaded delineation, {result['runs']} runs at {result['scale']} scale: "
        "no crash, byte-identical outputs",
        "measured": f"{result['crashes']} crashes, {result['distinct_hashes']} distinct "
        f"output(s), identical to one thread: {'yes' if result['identical_to_single'] else 'no'}",
        "met": passed(result),
    }


def splice(path: Path, lines: list[str]) -> None:
    """Replace the section between the markers in ``path`` (append it if there is none)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = "\n".join(lines)
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        text = head + block + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def store(result: dict) -> str:
    """Into results.json and results.md (the bench's writer) when a bench run left its
    state; else into threads.json and this section of results.md alone."""
    from bench import run as bench_run

    data = HERE / "data"
    (data / "threads.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    state_path = data / "results.json"
    if not state_path.exists():
        splice(HERE / "results.md", section(result))
        return f"{data / 'threads.json'} and its section of {HERE / 'results.md'}"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    state["threads"] = result
    state["targets"] = [t for t in state["targets"] if "threaded delineation" not in t["target"]]
    state["targets"].append(target_row(result))
    state_path.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    bench_run.write_results(HERE / "results.md", state)
    return f"{state_path} and {HERE / 'results.md'}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--threads", type=int, default=None, help="default: automatic")
    parser.add_argument("--timeout", type=float, default=900.0, help="per run, seconds")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        report = run_once(args.scale, args.threads, Path(args.output))
        print("THREADS-JSON " + json.dumps(report), flush=True)
        return 0
    result = measure(args.scale, args.runs, args.threads, args.timeout)
    print("\n".join(section(result)))
    print(f"threads: written to {store(result)}")
    return 0 if passed(result) else 1


if __name__ == "__main__":
    sys.exit(main())
