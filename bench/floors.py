"""The floor of a job: the time to read its inputs, and the overlay no implementation skips.

``bench/run.py`` starts this in a fresh process (QGIS headless, the plugin's modules
imported first, as ``bench/job.py`` does) for every (job, scale) that misses a time
target, and writes the result into the "Floors" section of ``results.md``::

    python -m bench.floors --job overlap --scale city [--workers 2]

Two clocks, each on real plugin code, never constants (definitions: ``bench/README.md``):

- **read**: the job's inputs read the way its Processing algorithm reads them (the
  algorithm's own reading methods and ``adapters.layers.read_frame`` with the bulk
  GeoPackage reader, into the frames the core gets, in the working 3° zone);
- **overlay**: the overlay every implementation of the job has to make, alone, on the
  inputs already read (made valid first, untimed), snap-rounded on the plugin's grid, on
  the plugin's overlay threads (``settings.overlay_threads()``, 2 on the 2-core machine).

floor = read + overlay (wall seconds; CPU seconds beside them). The JSON line
``BENCH-JSON {...}`` holds both, the sizes read and the pairs overlaid.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
import traceback

import numpy as np

from bench import job as jobs  # paths, QGIS start-up; no QGIS at import
from bench.process import run_module

FLOOR_JOBS = ("delineation", "checks", "overlap")
ALGORITHMS = {
    "delineation": "ecozoning:delineateunits",
    "checks": "ecozoning:checkunits",
    "overlap": "ecozoning:overlapanalysis",
}


class Clock:
    """Wall and CPU seconds (all threads of the process) of one ``with`` block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = round(time.perf_counter() - self.wall, 3)
        self.cpu = round(time.process_time() - self.cpu, 3)
        return False


# --- untimed helpers ------------------------------------------------------------------------


def valid_polygons(geoms) -> np.ndarray:
    """The polygonal geometries of ``geoms`` made valid (the plugin's own repair), missing
    and empty ones left out: what every overlay below starts from (untimed)."""
    import shapely

    from eco_zoning.plugin.core.geometry import polygonal, repair_invalid
    from eco_zoning.plugin.core.geometry.arrays import geometry_array

    g = geometry_array(np.asarray(geoms, dtype=object))
    g = g[~(shapely.is_missing(g) | shapely.is_empty(g))]
    if not len(g):
        return g
    g = polygonal(repair_invalid(g))
    return g[~(shapely.is_missing(g) | shapely.is_empty(g))]


def valid_rows(geoms):
    """(row indexes, valid polygons) of the rows of ``geoms`` that have an area."""
    import shapely

    from eco_zoning.plugin.core.geometry import polygonal, repair_invalid
    from eco_zoning.plugin.core.geometry.arrays import geometry_array

    g = geometry_array(np.asarray(geoms, dtype=object)).copy()
    rows = np.flatnonzero(~(shapely.is_missing(g) | shapely.is_empty(g)))
    g = polygonal(repair_invalid(g[rows]))
    keep = ~(shapely.is_missing(g) | shapely.is_empty(g))
    return rows[keep], g[keep]


def _ops(workers: int):
    """The plugin's chunked overlay runner on its grid and ``workers`` threads."""
    from eco_zoning.plugin.core.geometry import GRID_SIZE
    from eco_zoning.plugin.core.geometry.chunked import Chunked

    return Chunked(lambda: None, GRID_SIZE, workers)


def _pairs_intersected(ops, left, right) -> np.ndarray:
    """``geometry.intersect_pairs`` of the pairs on the threads (snap-rounded, polygonal)."""
    from functools import partial

    from eco_zoning.plugin.core.geometry import GRID_SIZE, intersect_pairs

    if not len(left):
        return np.empty(0, dtype=object)
    return ops.pvec(partial(intersect_pairs, grid_size=GRID_SIZE), left, right)


# --- reading: the algorithms' own readers --------------------------------------------------


class Reader:
    """One Processing algorithm of the plugin, its bench parameters and a context: the
    algorithm's reading methods are called as ``processAlgorithm`` calls them."""

    def __init__(self, job: str, scale: str, context, feedback):
        from qgis.core import QgsApplication

        self.alg = QgsApplication.processingRegistry().createAlgorithmById(ALGORITHMS[job])
        if self.alg is None:
            raise RuntimeError(f"{ALGORITHMS[job]} is not registered")
        output = jobs.out_dir(scale) / f"floor_{job}.gpkg"
        make = {
            "delineation": jobs.delineation_parameters,
            "checks": jobs.checks_parameters,
            "overlap": jobs.overlap_parameters,
        }[job]
        self.parameters = make(scale, output)
        self.context, self.feedback = context, feedback

    def frame(self, source, crs, fields):
        from eco_zoning.plugin.adapters.layers import read_frame

        return read_frame(source, crs, fields, self.context.transformContext(), self.feedback)


def read_overlap(r: Reader) -> dict:
    """``OverlapAnalysis``: the input source, its working zone, the units with the name
    field, then every constraint layer (``_overlaps_in_qgis``'s reads)."""
    alg, p, ctx, fb = r.alg, r.parameters, r.context, r.feedback
    source = alg.input_source(p, alg.INPUT, ctx, fb)
    name_field = alg.parameterAsString(p, alg.NAME_FIELD, ctx)
    layers = alg.input_layers(p, alg.CONSTRAINTS, ctx, fb)
    work_crs = alg.working_crs(source, alg.layer_name(p, alg.INPUT, ctx))
    units = r.frame(source, work_crs, [name_field] if name_field else [])
    constraints = {layer.name(): r.frame(layer, work_crs, []) for layer in layers}
    return {"crs": work_crs.authid(), "units": units, "constraints": constraints}


def _rows_read(reader) -> int:
    """Read what a checks layer reader gives (one frame, or the slices of a large file
    layer, each let go before the next is read, as the core does); its row count."""
    import pandas as pd

    if reader is None:
        return 0
    got = reader() if callable(reader) else reader
    return len(got) if isinstance(got, pd.DataFrame) else sum(len(f) for f in got)


def read_checks(r: Reader) -> dict:
    """``CheckUnits``: the units with their mapped fields (``_read_units``), the counties
    (``_read_admin``) and the red-line, farmland, urban-boundary and park layers
    (``_read_layers``; the late ones' readers called, slices and all)."""
    from eco_zoning.processing_provider.algorithms.check_units import MAPPED_FIELDS

    alg, p, ctx, fb = r.alg, r.parameters, r.context, r.feedback
    source = alg.input_source(p, alg.UNITS, ctx, fb)
    mapping = alg.unit_field_mapping(p, ctx, source, dict(MAPPED_FIELDS))
    work_crs = alg.working_crs(source, alg.layer_name(p, alg.UNITS, ctx))
    units, _native = alg._read_units(source, mapping, work_crs, ctx, fb)
    admin = alg._read_admin(p, ctx, work_crs, fb)
    layers = alg._read_layers(p, ctx, work_crs, fb, None)
    rows = {key: _rows_read(value) for key, value in layers.items()}
    return {"crs": work_crs.authid(), "units": units, "admin": admin, "layer_rows": rows}


def read_delineation(r: Reader) -> dict:
    """``DelineateUnits``: the counties (``_admin_source``, ``working_crs``,
    ``_admin_frame``) and the townships, priority, park and key layers (``_sources``)."""
    alg, p, ctx, fb = r.alg, r.parameters, r.context, r.feedback
    admin, admin_name, code_field, name_field = alg._admin_source(p, ctx, fb)
    work_crs = alg.working_crs(admin, admin_name)
    counties = alg._admin_frame(admin, code_field, name_field, work_crs, ctx, fb)
    sources = alg._sources(p, work_crs, ctx, fb)
    return {"crs": work_crs.authid(), "counties": counties, "sources": sources}


READERS = {"delineation": read_delineation, "checks": read_checks, "overlap": read_overlap}


def read_sizes(job: str, data: dict) -> dict:
    """Features read per input (for the report: the floor read what the job reads)."""
    if job == "overlap":
        out = {"units": len(data["units"])}
        out.update({k: len(v) for k, v in data["constraints"].items()})
        return out
    if job == "checks":
        out = {"units": len(data["units"]), "county": len(data["admin"])}
        out.update({k.lower(): v for k, v in data["layer_rows"].items()})
        return out
    s = data["sources"]
    out = {"county": len(data["counties"])}
    for key in ("townships", "parks"):
        if s[key] is not None:
            out[key] = len(s[key].frame)
    for layer in s["priority"] + s["key"]:
        out[layer.name] = len(layer.frame)
    return out


# --- the unavoidable overlays -----------------------------------------------------------------


def overlay_overlap(data: dict, workers: int) -> tuple[dict, float, float]:
    """Overlap analysis: per constraint layer, the (unit, polygon) pairs of one STRtree
    query with ``intersects``, and the core's count-once overlay of them
    (``overlap.inside_once``: each unit's touching polygons unioned, the unit intersected
    once with them). No cleaning, measuring, rows or writing. Returns (sizes, wall s,
    CPU s)."""
    import shapely

    from eco_zoning.plugin.core.overlap import inside_once
    from eco_zoning.plugin.core.overlap.analysis import _batches  # the plugin's own batches

    units = valid_polygons(data["units"]["geometry"].to_numpy())
    layers = [valid_polygons(f["geometry"].to_numpy()) for f in data["constraints"].values()]
    pairs = pieces = 0
    with Clock() as clock:
        for polygons in layers:
            ui, pi = shapely.STRtree(polygons).query(units, predicate="intersects")
            order = np.argsort(ui, kind="stable")
            ui, pi = ui[order], pi[order]
            for s, e in _batches(ui):
                rows, _ = inside_once(units, ui[s:e], polygons, pi[s:e], 2, None, workers)
                pieces += len(rows)
            pairs += len(ui)
    return {"pairs": pairs, "pieces": pieces}, clock.wall, clock.cpu


def _county_union(geoms):
    """One county's units unioned, snap-rounded on the plugin's grid."""
    import shapely

    from eco_zoning.plugin.core.geometry import GRID_SIZE

    return np.array([shapely.union_all(geoms, grid_size=GRID_SIZE)], dtype=object)


def overlay_checks(data: dict, workers: int) -> tuple[dict, float, float]:
    """Unit checks: the union of each county's units (by the units' county code; T02's
    gaps are the county minus it) and the intersection of every pair of units that
    overlap (T01). The pairs are found untimed (``STRtree.query`` with ``overlaps``, kept
    where the intersection has an area)."""
    import shapely

    from eco_zoning.plugin.core import schema
    from eco_zoning.plugin.core.geometry import group_bounds
    from eco_zoning.plugin.core.geometry.chunk_map import map_chunks

    units = data["units"]
    rows, geoms = valid_rows(units["geometry"].to_numpy())
    county = units[schema.UNIT_COUNTY_CODE].astype(str).to_numpy()[rows]
    order = np.argsort(county, kind="stable")
    geoms, county = geoms[order], county[order]
    _, starts, ends = group_bounds(county)
    a, b = shapely.STRtree(geoms).query(geoms, predicate="overlaps")
    a, b = a[a < b], b[a < b]
    ops = _ops(workers)
    # only the pairs whose snap-rounded intersection is an overlap (most "overlapping"
    # neighbours only wobble along a shared edge, below the grid): found untimed too
    real = ~shapely.is_missing(_pairs_intersected(ops, geoms[a], geoms[b]))
    a, b = a[real], b[real]
    with Clock() as clock:
        unions = map_chunks(ops, _county_union, (geoms,), zip(starts, ends))
        inter = _pairs_intersected(ops, geoms[a], geoms[b])
    sizes = {"units": len(geoms), "county_unions": len(unions), "overlap_pairs": len(a)}
    sizes["overlap_pieces"] = int((~shapely.is_missing(inter)).sum())
    return sizes, clock.wall, clock.cpu


def overlay_delineation(data: dict, workers: int) -> tuple[dict, float, float]:
    """Delineation: every priority layer's features clipped by the counties (the pairs of
    one STRtree query, intersected snap-rounded) and dissolved per county and layer (the
    plugin's grouped dissolve, ``geometry.dissolve``). No precedence, parks, key or
    general units, fragments, codes or writing."""
    import shapely

    from eco_zoning.plugin.core.geometry.dissolve import dissolve

    counties = valid_polygons(data["counties"]["geometry"].to_numpy())
    layers = [valid_polygons(s.frame["geometry"].to_numpy()) for s in data["sources"]["priority"]]
    geoms = np.concatenate(layers) if layers else np.empty(0, dtype=object)
    layer_of = np.repeat(np.arange(len(layers)), [len(g) for g in layers])
    ops = _ops(workers)
    with Clock() as clock:
        ci, fi = shapely.STRtree(geoms).query(counties, predicate="intersects")
        pieces = _pairs_intersected(ops, geoms[fi], counties[ci])
        ok = ~shapely.is_missing(pieces)
        keys = ci[ok] * max(len(layers), 1) + layer_of[fi[ok]]
        parts, _ = dissolve(ops, pieces[ok], keys)
    sizes = {"priority_features": len(geoms), "clip_pairs": len(fi), "dissolved_parts": len(parts)}
    return sizes, clock.wall, clock.cpu


OVERLAYS = {
    "delineation": overlay_delineation,
    "checks": overlay_checks,
    "overlap": overlay_overlap,
}


# --- which targets get a floor, and the table in results.md --------------------------------

SECONDS_TARGET = re.compile(r"^≤ (?P<limit>[0-9.]+) s$")  # "≤ 8 s"
RATIO_TARGET = re.compile(r"^≥ (?P<limit>[0-9.]+)×$")  # "≥ 20×"


def _seconds(report: dict | None) -> float | None:
    if report and report.get("status") == "ok" and report.get("seconds") is not None:
        return float(report["seconds"])
    return None


def target_seconds(description: str, baseline: dict | None) -> tuple[bool, float | None]:
    """(whether ``description`` is a time target, the seconds it allows the plugin):
    "≤ 8 s" allows 8 s; "≥ 20×" allows the baseline's seconds / 20 (None when the
    baseline did not finish)."""
    m = SECONDS_TARGET.match(description)
    if m:
        return True, float(m["limit"])
    m = RATIO_TARGET.match(description)
    if m:
        b = _seconds(baseline)
        return True, (b / float(m["limit"]) if b is not None else None)
    return False, None


def missed_time_targets(state: dict) -> list[dict]:
    """Every missed time target (seconds or ratio) of the jobs with a floor, in run order:
    {job, scale, target, target_s, plugin_s, baseline_s}. Memory, growth and thread
    targets, met targets and runs the plugin did not finish have none."""
    out = []
    for run in state.get("runs", []):
        if run["job"] not in FLOOR_JOBS or _seconds(run.get("plugin")) is None:
            continue
        for description, met in run.get("targets", []):
            timed, allowed = target_seconds(description, run.get("baseline"))
            if not timed or met:
                continue
            out.append(
                {
                    "job": run["job"],
                    "scale": run["scale"],
                    "target": description,
                    "target_s": allowed,
                    "plugin_s": _seconds(run["plugin"]),
                    "plugin_cpu_s": run["plugin"].get("cpu_seconds"),
                    "baseline_s": _seconds(run.get("baseline")),
                }
            )
    return out


def wanted(state: dict) -> list[tuple[str, str]]:
    """The (job, scale) pairs whose floor is measured: one per pair with a missed target."""
    keys = []
    for t in missed_time_targets(state):
        if (t["job"], t["scale"]) not in keys:
            keys.append((t["job"], t["scale"]))
    return keys


def floor_of(state: dict, job: str, scale: str) -> dict | None:
    return next(
        (f for f in state.get("floors", []) if f["job"] == job and f["scale"] == scale), None
    )


def rows(state: dict) -> list[dict]:
    """The missed time targets with their floors: read, overlay, floor, whether the
    target lies below the floor and the plugin's seconds above it (None where unknown)."""
    out = []
    for t in missed_time_targets(state):
        f = floor_of(state, t["job"], t["scale"])
        ok = f is not None and f.get("status") == "ok"
        floor_s = f["floor_s"] if ok else None
        row = dict(t, read_s=f["read_s"] if ok else None, overlay_s=f["overlay_s"] if ok else None)
        row["floor_s"] = floor_s
        row["below_floor"] = (
            None if floor_s is None or t["target_s"] is None else t["target_s"] < floor_s
        )
        row["gap_s"] = None if floor_s is None else t["plugin_s"] - floor_s
        row["floor_cpu_s"] = f.get("floor_cpu_s") if ok else None
        row["error"] = None if ok or f is None else f.get("error", f.get("status"))
        out.append(row)
    return out


def _s(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def _below(value) -> str:
    return "–" if value is None else ("**yes**" if value else "no")


def section(state: dict) -> list[str]:
    """The "Floors" section of results.md (nothing when no time target was missed)."""
    table = rows(state)
    if not table:
        return []
    when = state.get("floors_measured") or {}
    measured = (
        f"measured after the run by `{when['command']}` on {when['date']} (load "
        f"{when['load_start']} / {when['load_end']}; each floor's date is in its line below)"
        if when.get("command")
        else "measured in this run"
    )
    lines = [
        "## Floors",
        "",
        "For every missed time target of the delineation, the checks and the overlap "
        f"analysis, its floor, {measured}: `bench/floors.py`, once per job and scale, in a "
        "fresh process like the jobs (definitions: [README.md](README.md#floors)). "
        "*target s*: the seconds the target allows the plugin (a ratio target: baseline s / "
        "ratio); *plugin s*, *baseline s*: this run's; *read s*: reading the job's inputs "
        "the way the plugin's algorithm reads them, into the frames its engine gets "
        "(reprojection to the working zone included); *overlay s*: the overlay no "
        "implementation of the job can skip, alone, on the inputs already read, on the "
        "plugin's overlay threads; *floor s* = read s + overlay s; *target below the "
        "floor?*: yes when the target allows less than the floor, so no implementation "
        "meets it on this machine; *plugin − floor s*: the plugin's time above the floor, "
        "the overhead still to cut. Wall seconds, like the rest of this file; the CPU "
        "seconds (all threads) of the plugin run and of the floor beside them, which a busy "
        "machine inflates less.",
        "",
        "| job | scale | target | target s | plugin s | baseline s | read s | overlay s "
        "| floor s | target below the floor? | plugin − floor s | plugin CPU s | floor CPU s |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in table:
        lines.append(
            f"| {r['job']} | {r['scale']} | {r['target']} | {_s(r['target_s'])} | "
            f"{_s(r['plugin_s'])} | {_s(r['baseline_s'])} | {_s(r['read_s'])} | "
            f"{_s(r['overlay_s'])} | {_s(r['floor_s'])} | {_below(r['below_floor'])} | "
            f"{_s(r['gap_s'])} | {_s(r['plugin_cpu_s'])} | {_s(r['floor_cpu_s'])} |"
        )
    lines.append("")
    busy = busy_floors(state)
    if busy:
        lines += [
            f"**The machine was busy while {', '.join(busy)} were measured** (1-minute load "
            f"above the {_cores(state)} cores): their wall seconds, and the yes/no that "
            "compares them, are inflated; compare the CPU seconds, or measure them again "
            "on an idle machine (`python -m bench.run --floors-only`).",
            "",
        ]
    for job, scale in wanted(state):
        lines.append(_detail(job, scale, floor_of(state, job, scale)))
    return lines + [""]


def _cores(state: dict) -> int:
    return int((state.get("machine") or {}).get("cores") or os.cpu_count() or 1)


def busy_floors(state: dict) -> list[str]:
    """ "job at scale" of the floors measured while the 1-minute load exceeded the cores."""
    out = []
    for job, scale in wanted(state):
        f = floor_of(state, job, scale) or {}
        load = str((f.get("measured") or {}).get("load", "")).split()
        if load and float(load[0]) > _cores(state):
            out.append(f"{job} at {scale}")
    return out


def _detail(job: str, scale: str, f: dict | None) -> str:
    """One line per floor: CPU seconds, threads, what was read and overlaid (or the error)."""
    if f is None:
        return f"- {job} at {scale}: floor not measured."
    if f.get("status") != "ok":
        return f"- {job} at {scale}: the floor measurement failed: `{f.get('error', f.get('status'))}`."
    read = ", ".join(f"{k} {v:,}" for k, v in f.get("read", {}).items())
    overlay = ", ".join(f"{k} {v:,}" for k, v in f.get("overlay", {}).items())
    when = f.get("measured") or {}
    return (
        f"- {job} at {scale}: CPU s read {f['read_cpu_s']:.2f}, overlay {f['overlay_cpu_s']:.2f} "
        f"({f['workers']} overlay threads, in {f['crs']}); read {read}; overlaid {overlay}; "
        f"measured {when.get('date', '?')} (load {when.get('load', '?')})"
        + (
            f"; floor s of three runs {' / '.join(f'{x:.2f}' for x in f['runs_s'])}, median shown."
            if f.get("runs_s")
            else "."
        )
    )


def measure_child(job: str, scale: str, timeout: float) -> dict:
    """``python -m bench.floors`` for (job, scale) in a fresh process: its JSON report, or
    a crash or timeout record."""
    out, err, code = run_module(["bench.floors", "--job", job, "--scale", scale], timeout)
    for line in out.splitlines():
        if line.startswith("BENCH-JSON "):
            return json.loads(line[len("BENCH-JSON ") :])
    if code is None:
        return {"job": job, "scale": scale, "status": "timeout", "error": f"> {timeout:.0f} s"}
    tail = " ".join(err.strip().splitlines()[-3:])
    return {"job": job, "scale": scale, "status": "crashed", "error": f"exit {code}: {tail}"}


REPEAT_BELOW = 10.0  # floors shorter than this (s) are measured three times, the median kept


def median_floor(reports: list[dict]) -> dict:
    """The report with the median floor of ``reports`` (a failed one if any failed), with
    every run's floor seconds in ``runs_s``."""
    bad = [r for r in reports if r.get("status") != "ok"]
    if bad:
        return bad[0]
    ranked = sorted(reports, key=lambda r: r["floor_s"])
    out = dict(ranked[len(ranked) // 2])
    if len(reports) > 1:
        out["runs_s"] = [r["floor_s"] for r in reports]
    return out


def refresh(state: dict, keys, timeout: float, log=print, measure=None) -> None:
    """Measure the floors of ``keys`` into ``state["floors"]`` (short ones three times,
    the median kept); floors of other pairs that still miss a target are kept, those of
    pairs no longer missing one dropped."""
    measure = measure or measure_child  # (job, scale, timeout) -> report
    still = set(wanted(state))
    kept = [f for f in state.get("floors", []) if (f["job"], f["scale"]) in still]
    for job, scale in keys:
        log(f"floor of {job} at {scale} ...")
        when = stamp()
        reports = [measure(job, scale, timeout)]
        if reports[0].get("status") == "ok" and reports[0]["floor_s"] < REPEAT_BELOW:
            reports += [measure(job, scale, timeout) for _ in range(2)]
        report = median_floor(reports)
        report["measured"] = {"date": when["date"], "load": when["load_start"]}
        kept = [f for f in kept if (f["job"], f["scale"]) != (job, scale)] + [report]
        if report.get("status") == "ok":
            log(
                f"floor of {job} at {scale}: read {report['read_s']:.2f} s + overlay "
                f"{report['overlay_s']:.2f} s = {report['floor_s']:.2f} s"
            )
        else:
            log(f"floor of {job} at {scale}: {report.get('status')}: {report.get('error')}")
    order = {key: k for k, key in enumerate(wanted(state))}
    state["floors"] = sorted(kept, key=lambda f: order.get((f["job"], f["scale"]), len(order)))


def stamp(command: str | None = None) -> dict:
    """When and under which load the floors were measured (``command`` when after the run)."""
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "load_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "command": command,
    }


# --- main ---------------------------------------------------------------------------------------


def measure(job: str, scale: str, context, feedback, workers: int) -> dict:
    """The floor of (job, scale): read and overlay, timed apart, with their sizes."""
    reader = Reader(job, scale, context, feedback)
    with Clock() as read:
        data = READERS[job](reader)
    sizes, overlay_s, overlay_cpu = OVERLAYS[job](data, workers)
    return {
        "crs": data["crs"],
        "workers": workers,
        "read_s": read.wall,
        "read_cpu_s": read.cpu,
        "overlay_s": overlay_s,
        "overlay_cpu_s": overlay_cpu,
        "floor_s": round(read.wall + overlay_s, 3),
        "floor_cpu_s": round(read.cpu + overlay_cpu, 3),
        "read": read_sizes(job, data),
        "overlay": sizes,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--job", required=True, choices=FLOOR_JOBS)
    parser.add_argument("--scale", required=True)
    parser.add_argument(
        "--workers", type=int, default=None, help="overlay threads (default: the plugin's)"
    )
    args = parser.parse_args(argv)
    report = {"job": args.job, "scale": args.scale, "status": "ok"}
    try:
        processing, context = jobs.boot()
        feedback = jobs.Feedback.make()
        jobs.warm_imports()
        from eco_zoning.plugin.settings import overlay_threads

        workers = args.workers if args.workers is not None else overlay_threads()
        report.update(measure(args.job, args.scale, context, feedback, workers))
        report["peak_mb"] = round(jobs.peak_mb(), 1)
    except Exception as error:  # a failure is a result too: run.py records it
        report["status"] = "error"
        report["error"] = f"{type(error).__name__}: {error}"
        report["traceback"] = traceback.format_exc()[-3000:]
    print("BENCH-JSON " + json.dumps(report, ensure_ascii=False, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
