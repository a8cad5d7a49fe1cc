"""The PostGIS column of the benchmark: checks and overlap analysis in the database vs in QGIS.

For each scale (``province`` and ``province-dense``: the province plus 1,000,000 farmland
parcels generated in the database) the inputs of the checks and overlap jobs are loaded into a
schema of the project's PostGIS server (``tools/pg.sh``; ``ECOZONING_PG_*`` if set), then each
job runs twice on those PostGIS layers in a fresh process: ``MODE`` in the database and
``MODE`` in QGIS. Time (the job only) and peak memory of the QGIS process are recorded, and the
two results are compared (check counts and areas per code; overlap rows and areas per
constraint layer). Results: ``bench/results_postgis.md`` and ``bench/data/postgis.json``::

    python -m bench.postgis_jobs                          # province and province-dense
    python -m bench.postgis_jobs --scales county --farmland 20000   # a smoke run

It reads the inputs ``python -m bench.run`` prepares (``bench/data/<scale>.gpkg`` and the unit layer);
run that first for the scale.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import job as jobs  # paths, QGIS start-up, peak memory

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

DENSE = "-dense"
DENSE_PARCELS = 1_000_000
CHECK_LAYERS = ("county", "red_line", "farmland", "urban_boundary", "park")
OVERLAP_LAYERS = tuple(t for t, _ in jobs.OVERLAP_CONSTRAINTS)
MODES = {"database": 2, "qgis": 1}


# --- the server and the data ------------------------------------------------------------


def server() -> dict:
    """ECOZONING_PG_* of the running test server (started by tools/pg.sh if needed)."""
    if not os.environ.get("ECOZONING_PG_PORT"):
        subprocess.run(["bash", str(ROOT / "tools" / "pg.sh"), "start"], check=True)
        out = subprocess.run(
            ["bash", str(ROOT / "tools" / "pg.sh"), "env"], capture_output=True, text=True
        ).stdout
        for line in out.splitlines():
            key, _, value = line.removeprefix("export ").partition("=")
            os.environ[key] = value
    return {k: v for k, v in os.environ.items() if k.startswith("ECOZONING_PG_")}


def dsn(env: dict) -> str:
    host = env.get("ECOZONING_PG_SOCKET_DIR") or env.get("ECOZONING_PG_HOST", "127.0.0.1")
    return (
        f"host={host} port={env['ECOZONING_PG_PORT']} dbname={env['ECOZONING_PG_DB']} "
        f"user={env['ECOZONING_PG_USER']}"
    )


def schema_of(scale: str) -> str:
    return "bench_" + scale.replace("-", "_")


def psql(env: dict, statement: str) -> str:
    command = ["psql", dsn(env), "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", statement]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def load(scale: str, env: dict, parcels: int) -> dict:
    """Load the scale's inputs into its schema (once); the seconds it took per table."""
    from osgeo import gdal

    # the lead's province-dense inputs (1,000,000 farmland parcels) when they exist, else the
    # base scale's inputs with the parcels generated in the database
    given = (
        scale.endswith(DENSE) and jobs.inputs(scale).exists() and jobs.units_path(scale).exists()
    )
    base = scale if given or not scale.endswith(DENSE) else scale.removesuffix(DENSE)
    schema = schema_of(scale)
    if psql(env, f"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'") == "1":
        return {}
    psql(env, f"CREATE SCHEMA {schema}")
    timings = {}
    sources = [(jobs.units_path(base), "units")]
    sources += [(jobs.inputs(base), t) for t in dict.fromkeys(CHECK_LAYERS + OVERLAP_LAYERS)]
    for path, table in sources:
        started = time.perf_counter()
        options = gdal.VectorTranslateOptions(
            layers=[table],
            layerName=table,
            accessMode="overwrite",
            layerCreationOptions=[
                f"SCHEMA={schema}",
                "GEOMETRY_NAME=geom",
                "FID=fid",
                "LAUNDER=NO",
            ],
        )
        if gdal.VectorTranslate(f"PG:{dsn(env)}", str(path), options=options) is None:
            raise RuntimeError(f"loading {table} of {path} failed")
        timings[table] = round(time.perf_counter() - started, 1)
    if scale.endswith(DENSE) and not given:
        started = time.perf_counter()
        dense_farmland(env, schema, parcels)
        timings["farmland (generated)"] = round(time.perf_counter() - started, 1)
    psql(env, "ANALYZE")
    return timings


def dense_farmland(env: dict, schema: str, parcels: int) -> None:
    """``parcels`` farmland parcels on a regular grid over the counties' extent, generated in
    the database (squares of 70 % of their cell), in place of the province's farmland."""
    side = int(round(parcels**0.5))
    srid = int(psql(env, f"SELECT min(ST_SRID(geom)) FROM {schema}.county"))
    psql(env, f"DROP TABLE {schema}.farmland")
    psql(
        env,
        f"""CREATE TABLE {schema}.farmland AS
        WITH e AS (SELECT ST_Extent(geom) AS b FROM {schema}.county),
             c AS (SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, (ST_XMax(b) - ST_XMin(b)) / {side}
                   AS w, (ST_YMax(b) - ST_YMin(b)) / {side} AS h FROM e)
        SELECT (i * {side} + j + 1)::bigint AS fid, '0101'::text AS dlbm,
               ST_Multi(ST_MakeEnvelope(x0 + i * w, y0 + j * h, x0 + (i + 0.7) * w,
                                        y0 + (j + 0.7) * h, {srid}))::geometry(MultiPolygon, {srid})
                 AS geom
        FROM c, generate_series(0, {side - 1}) AS i, generate_series(0, {side - 1}) AS j""",
    )
    psql(env, f"ALTER TABLE {schema}.farmland ADD PRIMARY KEY (fid)")
    psql(env, f"CREATE INDEX ON {schema}.farmland USING gist (geom)")


# --- one run (child process) ------------------------------------------------------------


def pg_layer(env: dict, schema: str, table: str, name: str):
    from qgis.core import QgsDataSourceUri, QgsVectorLayer

    uri = QgsDataSourceUri()
    host = env.get("ECOZONING_PG_SOCKET_DIR") or env.get("ECOZONING_PG_HOST", "127.0.0.1")
    uri.setConnection(
        host, env["ECOZONING_PG_PORT"], env["ECOZONING_PG_DB"], env["ECOZONING_PG_USER"], ""
    )
    uri.setDataSource(schema, table, "geom", "", "fid")
    layer = QgsVectorLayer(uri.uri(False), name, "postgres")
    if not layer.isValid():
        raise RuntimeError(f"cannot open {schema}.{table}")
    return layer


def run_one(job: str, scale: str, side: str, env: dict) -> dict:
    processing, context = jobs.boot()
    feedback = jobs.Feedback.make()
    jobs.warm_imports()
    schema = schema_of(scale)
    out = jobs.fresh(jobs.out_dir(scale.removesuffix(DENSE)) / f"pg_{job}_{scale}_{side}.gpkg")
    started, cpu = time.perf_counter(), time.process_time()
    units = pg_layer(env, schema, "units", "环境管控单元")
    if job == "checks":
        processing.run(
            "ecozoning:checkunits",
            {
                "UNITS": units,
                "ADMIN": pg_layer(env, schema, "county", "区县"),
                "ADMIN_CODE_FIELD": "XZQDM",
                "RED_LINE": pg_layer(env, schema, "red_line", "生态保护红线"),
                "FARMLAND": pg_layer(env, schema, "farmland", "永久基本农田"),
                "URBAN_BOUNDARY": pg_layer(env, schema, "urban_boundary", "城镇开发边界"),
                "PARKS": pg_layer(env, schema, "park", "产业园区"),
                "MODE": MODES[side],
                "OUTPUT_ERRORS": jobs.gpkg_table(out, "check_results"),
                "OUTPUT_SUMMARY": jobs.gpkg_table(out, "check_summary", geometry=False),
            },
            context=context,
            feedback=feedback,
        )
        seconds, used = time.perf_counter() - started, job_use(cpu)
        metrics = jobs.checks_metrics(out, "plugin")
    else:
        processing.run(
            "ecozoning:overlapanalysis",
            {
                "INPUT": units,
                "NAME_FIELD": "HJZHGKDYBM",
                "CONSTRAINTS": [pg_layer(env, schema, t, n) for t, n in jobs.OVERLAP_CONSTRAINTS],
                "MODE": MODES[side],
                "OUTPUT": jobs.gpkg_table(out, "overlaps"),
            },
            context=context,
            feedback=feedback,
        )
        seconds, used = time.perf_counter() - started, job_use(cpu)
        metrics = jobs.overlap_metrics(out, "constraint", "overlap_area_m2")
    return {
        "seconds": round(seconds, 3),
        **used,
        "metrics": metrics,
        "errors": feedback.errors[:5],
    }


def job_use(cpu_start: float) -> dict:
    """CPU seconds and peak memory of this process up to the job's end, taken before the
    results are read back for the comparison (as ``bench.job`` does): reading the output's
    geometries is not part of the job."""
    return {
        "qgis_cpu_seconds": round(time.process_time() - cpu_start, 2),
        "peak_mb": round(jobs.peak_mb(), 1),
    }


def server_cpu_seconds() -> float | None:
    """CPU seconds used so far by the server's processes (the postmaster's live children and
    those it has reaped), or None when the server is not the local cluster of tools/pg.sh."""
    pid_file = Path(os.environ.get("ECOZONING_PG_DIR", ROOT / ".pg")) / "data" / "postmaster.pid"
    try:
        postmaster = int(pid_file.read_text().split()[0])
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if entry.name == str(postmaster):
                total += sum(int(v) for v in fields[11:15])  # its own and its reaped children
            elif int(fields[1]) == postmaster:
                total += int(fields[11]) + int(fields[12])
        return total / tick
    except (OSError, ValueError, IndexError):
        return None


def child(job: str, scale: str, side: str, timeout: float) -> dict:
    command = [sys.executable, "-m", "bench.postgis_jobs", "--child", job, scale, side]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    before = server_cpu_seconds()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": timeout}
    after = server_cpu_seconds()
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            report = json.loads(line[len("BENCH-JSON ") :])
            if before is not None and after is not None:
                report["postgres_cpu_seconds"] = round(after - before, 2)
            return report
    return {"status": "crashed", "error": "\n".join(done.stderr.splitlines()[-8:])}


# --- comparing and reporting ------------------------------------------------------------


def agreement(job: str, db: dict, qgis: dict) -> str:
    """ "same" when counts agree and areas are within 0.1 %, else what differs."""
    a, b = db.get("metrics") or {}, qgis.get("metrics") or {}
    if not a or not b:
        return "not compared"
    if job == "overlap":
        a, b = a.get("by_constraint", {}), b.get("by_constraint", {})
        pairs = {k: (a.get(k, {}), b.get(k, {})) for k in {*a, *b}}
        keys = ("rows", "area_km2")
    else:
        pairs = {k: (a.get(k, {}), b.get(k, {})) for k in {*a, *b}}
        keys = ("count", "area_m2")
    differ = []
    for name, (x, y) in sorted(pairs.items()):
        count_x, count_y = x.get(keys[0], 0), y.get(keys[0], 0)
        area_x, area_y = float(x.get(keys[1], 0.0)), float(y.get(keys[1], 0.0))
        if count_x != count_y or abs(area_x - area_y) > max(1e-3 * abs(area_y), 1e-6):
            differ.append(f"{name}: {count_x}/{area_x:.2f} vs {count_y}/{area_y:.2f}")
    return "same" if not differ else "differs: " + "; ".join(differ)


def table_lines(runs: list[dict], loads: dict) -> list[str]:
    """The PostGIS column as markdown (``results_postgis.md`` and a section of results.md)."""
    lines = [
        "Both sides read the same PostGIS tables; *in QGIS* reads them into the QGIS process, "
        "*in the database* runs the overlays as SQL and reads back the results. Wall seconds "
        "of the job; CPU seconds of the QGIS process and of the PostgreSQL server (all its "
        "backends) during the job; peak memory (MB) of the QGIS process. The machine is "
        "shared, so compare CPU seconds rather than wall time.",
        "",
        "| job | scale | side | wall s | QGIS CPU s | server CPU s | QGIS peak MB | results |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for run in runs:
        for side, label in (("qgis", "in QGIS"), ("database", "in the database")):
            r = run[side]
            wall = r.get("seconds") if r.get("status", "ok") == "ok" else r.get("status")
            lines.append(
                f"| {run['job']} | {run['scale']} | {label} | {wall} | "
                f"{r.get('qgis_cpu_seconds', '–')} | {r.get('postgres_cpu_seconds', '–')} | "
                f"{r.get('peak_mb', '–')} | {run['agreement'] if side == 'database' else ''} |"
            )
    lines += ["", "Loading into PostGIS (s, per table, once per scale): "]
    lines += [f"- {scale}: {json.dumps(t, ensure_ascii=False)}" for scale, t in loads.items()]
    return lines


def section_lines() -> list[str]:
    """The PostGIS section of ``bench/results.md`` (nothing before postgis_jobs has run)."""
    path = jobs.DATA / "postgis.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    title = "## PostGIS: checks and overlap analysis in the database vs in QGIS"
    return ["", title, "", *table_lines(data["runs"], data["loads"])]


def write_results(runs: list[dict], loads: dict) -> None:
    lines = ["# PostGIS: checks and overlap analysis in the database vs in QGIS", ""]
    lines += ["Written by `bench/postgis_jobs.py`.", "", *table_lines(runs, loads)]
    (HERE / "results_postgis.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if (jobs.DATA / "results.json").exists():  # results.md shows the PostGIS section too
        from bench import run as bench_run

        bench_run.render_only(HERE / "results.md")


def merged(runs: list[dict], loads: dict) -> tuple[list[dict], dict]:
    """This run's results over those of earlier runs (other scales or jobs are kept)."""
    path = jobs.DATA / "postgis.json"
    if not path.exists():
        return runs, loads
    earlier = json.loads(path.read_text(encoding="utf-8"))
    done = {(r["job"], r["scale"]) for r in runs}
    kept = [r for r in earlier.get("runs", []) if (r["job"], r["scale"]) not in done]
    loads = {**earlier.get("loads", {}), **{k: v for k, v in loads.items() if v}}
    return kept + runs, loads


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="province,province" + DENSE)
    parser.add_argument("--jobs", default="checks,overlap")
    parser.add_argument("--farmland", type=int, default=DENSE_PARCELS)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument(
        "--sides", default=",".join(MODES), help="e.g. database: the other side is kept"
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("JOB", "SCALE", "SIDE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    env = server()
    if args.child:
        report = {"status": "ok"}
        try:
            report.update(run_one(*args.child, env))
        except Exception as error:  # a failure is a result too
            report = {"status": "error", "error": f"{type(error).__name__}: {error}"}
        print("BENCH-JSON " + json.dumps(report, ensure_ascii=False, default=str), flush=True)
        return 0
    runs, loads = [], {}
    for scale in args.scales.split(","):
        loads[scale] = load(scale, env, args.farmland)
        for job in args.jobs.split(","):
            sides = {}
            for side in MODES:
                if side not in args.sides.split(","):
                    sides[side] = earlier_side(job, scale, side)
                    continue
                sides[side] = child(job, scale, side, args.timeout)
                print(
                    f"{job} {scale} {side}: {json.dumps(sides[side], default=str)}",
                    flush=True,
                )
            runs.append(
                {
                    "job": job,
                    "scale": scale,
                    **sides,
                    "agreement": agreement(job, **{"db": sides["database"], "qgis": sides["qgis"]}),
                }
            )
            print(f"{job} {scale}: {runs[-1]['agreement']}", flush=True)
            save(runs, loads)  # after every job: a long run's finished jobs are kept
    return 0


def earlier_side(job: str, scale: str, side: str) -> dict:
    """The last recorded run of one side (``--sides`` runs the other one only)."""
    path = jobs.DATA / "postgis.json"
    earlier = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for run in earlier.get("runs", []):
        if (run["job"], run["scale"]) == (job, scale):
            return run.get(side, {"status": "not run"})
    return {"status": "not run"}


def save(runs: list[dict], loads: dict) -> None:
    runs, loads = merged(runs, loads)
    (jobs.DATA / "postgis.json").write_text(json.dumps({"runs": runs, "loads": loads}, indent=1))
    write_results(runs, loads)


if __name__ == "__main__":
    sys.exit(main())
