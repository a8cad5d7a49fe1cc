"""Stress reproducer for threaded overlays: ``Chunked.pvec`` and the whole delineation.

Runs the pattern of ``delineation.counties.clip`` many times: small blobs, each cut by the
county it crosses, with one county geometry object repeated on many rows (so the same
GEOS object is read by several worker threads at once), the counties prepared first as
``build_counties`` does, and every geometry freshly parsed from WKB each round (cold GEOS
caches). Each round's output WKB is compared with a one-thread run.

    python -m bench.thread_stress --rounds 200 --workers 4            # the plugin's pvec
    python -m bench.thread_stress --rounds 200 --workers 4 --raw      # bare threads, no fix

``--raw`` runs the same chunks on a plain thread pool without ``pvec``'s protection (the
shared objects are handed to every thread as they are): the reproducer of the crash under
GEOS < 3.12, whose envelopes are computed lazily on first use. Needs only numpy and
shapely (run it with an interpreter whose shapely uses another GEOS to compare).

``--delineation`` runs the real engine instead, on the generated inputs of the core tests
(``tests/core/delineation_data.py``; needs pandas and pytest), on ``--workers`` threads,
each round's units compared with a one-thread run of the same seed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent


def counties_wkb(rng, n_counties: int, holes: int) -> list[bytes]:
    """County-like polygons (wavy outline, ``holes`` lakes each), as WKB."""
    out = []
    for k in range(n_counties):
        cx, cy = (k % 4) * 10_000.0, (k // 4) * 10_000.0
        t = np.linspace(0, 2 * np.pi, 2000, endpoint=False)
        r = 4_800 + 150 * np.sin(7 * t) + rng.normal(0, 10, len(t))
        shell = np.c_[cx + 5_000 + r * np.cos(t), cy + 5_000 + r * np.sin(t)]
        lakes = []
        for x, y in rng.uniform(1_500, 8_500, (holes, 2)):
            u = np.linspace(0, 2 * np.pi, 40, endpoint=False)
            lakes.append(np.c_[cx + x + 60 * np.cos(u), cy + y + 60 * np.sin(u)])
        poly = shapely.make_valid(shapely.Polygon(shell, lakes))
        out.append(shapely.to_wkb(poly))
    return out


def blobs_wkb(
    rng, n: int, n_counties: int, shuffle: bool = False
) -> tuple[list[bytes], np.ndarray]:
    """Blobs scattered over the counties (many crossing an outline or a lake), as WKB."""
    county = rng.integers(0, n_counties, n)
    cx, cy = (county % 4) * 10_000.0, (county // 4) * 10_000.0
    xy = np.c_[cx, cy] + rng.uniform(-500, 10_500, (n, 2))
    blobs = shapely.buffer(shapely.points(xy), rng.uniform(80, 400, n), quad_segs=12)
    order = np.argsort(county, kind="stable")  # county by county, as clip() sorts them
    if shuffle:  # every chunk meets every county: threads touch cold counties together
        order = rng.permutation(n)
    return list(shapely.to_wkb(blobs[order])), county[order]


def fresh(wkbs) -> np.ndarray:
    return shapely.from_wkb(np.array(wkbs, dtype=object))


def digest(geoms) -> str:
    return hashlib.sha256(b"".join(w or b"-" for w in shapely.to_wkb(geoms))).hexdigest()


def raw_threads(a, b, workers: int, size: int, grid: float):
    """The chunks on a bare pool: shared objects go to every thread as they are."""
    bounds = [(s, min(len(a), s + size)) for s in range(0, len(a), size)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = pool.map(
            lambda se: shapely.intersection(a[se[0] : se[1]], b[se[0] : se[1]], grid_size=grid),
            bounds,
        )
        return np.concatenate(list(parts))


def one_round(args, data) -> str:
    """One threaded overlay on freshly parsed copies of ``data`` (cold GEOS caches)."""
    sys.path.insert(0, str(ROOT))
    from plugin.core.geometry.chunked import Chunked

    cw, bw, county = data
    counties, blobs = fresh(cw), fresh(bw)
    if not args.no_prepare:
        shapely.prepare(counties)
    pairs = counties[county]  # one county object on many rows, in many chunks
    if args.raw:
        out = raw_threads(blobs, pairs, args.workers, 16, args.grid)
    else:
        out = Chunked(lambda: None, args.grid, args.workers).pvec(
            lambda x, y: shapely.intersection(x, y, grid_size=args.grid), blobs, pairs
        )
    return digest(out)


def generated_input(seed: int, blobs: int):
    """The core tests' generated delineation input (GEOS >= 3.12 to generate)."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "core")]
    from delineation_data import make_input

    inp = make_input(seed=seed, n_blobs=blobs, blob_radius=300.0, min_area=2_000.0)
    inp.general_split = "township"
    return inp


def delineation_round(seed: int, workers: int, blobs: int, inputs=None) -> str:
    """The units of one delineation of generated data (seed), hashed."""
    from plugin.core import delineation, schema

    inp = inputs[seed] if inputs is not None else generated_input(seed, blobs)
    units = delineation.delineate(inp, workers=workers).units
    wkb = b"".join(shapely.to_wkb(units["geometry"].to_numpy()))
    codes = "|".join(map(str, units[schema.UNIT_CODE])).encode()
    return hashlib.sha256(wkb + codes).hexdigest()


def delineation_stress(args) -> dict:
    """Rounds over a few seeds; every threaded hash must equal its seed's one-thread hash."""
    single, mismatches, inputs = {}, 0, None
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "core")]
    if args.inputs:  # made by --save-inputs (another GEOS may not generate them)
        inputs = pickle.loads(Path(args.inputs).read_bytes())
    for i in range(args.rounds):
        seed = i % 3
        if seed not in single:
            single[seed] = delineation_round(seed, 1, args.blobs, inputs)
        mismatches += delineation_round(seed, args.workers, args.blobs, inputs) != single[seed]
        print(f"round {i + 1}/{args.rounds} mismatches {mismatches}", flush=True)
    return {"mode": "delineation", "mismatches": mismatches}


def hot_data(holes: int) -> tuple[bytes, np.ndarray]:
    """One polygon with ``holes`` small square lakes on a grid (WKB), and boxes over it."""
    side = int(np.ceil(np.sqrt(holes)))
    xy = np.stack(np.meshgrid(np.arange(side), np.arange(side)), -1).reshape(-1, 2)[:holes]
    lakes = [
        [(x * 10 + 2, y * 10 + 2), (x * 10 + 6, y * 10 + 2), (x * 10 + 6, y * 10 + 6),
         (x * 10 + 2, y * 10 + 6)]
        for x, y in xy
    ]  # fmt: skip
    size = side * 10.0
    poly = shapely.Polygon([(0, 0), (size, 0), (size, size), (0, size)], lakes)
    boxes = shapely.box(size * 0.1, size * 0.1, np.linspace(size * 0.3, size * 0.9, 16), size * 0.7)
    return shapely.to_wkb(poly), boxes


def hot_round(args, data) -> str:
    """Every thread starts at once on the same freshly parsed polygon (cold GEOS state):
    the worst case for lazily filled caches. ``--raw``: the bare pool; else ``pvec``."""
    sys.path.insert(0, str(ROOT))
    from plugin.core.geometry.chunked import PrivateGeometries

    poly_wkb, boxes = data
    poly = shapely.from_wkb(poly_wkb)
    pairs = np.array([poly] * len(boxes), dtype=object)
    bounds = [(i, i + 1) for i in range(len(boxes))]
    private = PrivateGeometries([boxes, pairs], bounds)

    def one(se):
        # --raw: the shared objects as they are; else what pvec hands its threads
        a, b = (boxes[se[0] : se[1]], pairs[se[0] : se[1]]) if args.raw else private.chunk(*se)
        return shapely.intersection(a, b, grid_size=args.grid)

    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        parts = list(pool.map(one, bounds))
    return digest(np.concatenate(parts))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--counties", type=int, default=4)
    parser.add_argument("--holes", type=int, default=150)
    parser.add_argument("--blobs", type=int, default=3000)
    parser.add_argument("--grid", type=float, default=0.001)
    parser.add_argument("--raw", action="store_true", help="bare threads, without pvec")
    parser.add_argument("--no-prepare", action="store_true")
    parser.add_argument("--shuffle", action="store_true", help="rows in random county order")
    parser.add_argument("--delineation", action="store_true", help="the whole engine")
    parser.add_argument("--hot", action="store_true", help="all threads on one cold polygon")
    parser.add_argument("--inputs", help="pickled delineation inputs (from --save-inputs)")
    parser.add_argument("--save-inputs", help="pickle the generated inputs (3 seeds) here")
    args = parser.parse_args(argv)
    started, hashes = time.perf_counter(), set()
    if args.save_inputs:
        inputs = {seed: generated_input(seed, args.blobs) for seed in range(3)}
        Path(args.save_inputs).write_bytes(pickle.dumps(inputs))
        return 0
    if args.delineation:
        report = delineation_stress(args)
        report.update(geos=shapely.geos_version_string, rounds=args.rounds, workers=args.workers)
        report["seconds"] = round(time.perf_counter() - started, 1)
        print("STRESS-JSON " + json.dumps(report), flush=True)
        return 0
    if args.hot:
        data = hot_data(args.holes)
        for i in range(args.rounds):
            hashes.add(hot_round(args, data))
            print(f"round {i + 1}/{args.rounds} distinct outputs {len(hashes)}", flush=True)
        report = {"mode": "hot", "geos": shapely.geos_version_string, "rounds": args.rounds}
        report.update(workers=args.workers, raw=args.raw, distinct_outputs=len(hashes))
        print("STRESS-JSON " + json.dumps(report), flush=True)
        return 0
    rng = np.random.default_rng(20261207)
    # the same data every round, freshly parsed: one right answer
    data = (counties_wkb(rng, args.counties, args.holes),)
    data += blobs_wkb(rng, args.blobs, args.counties, args.shuffle)
    for i in range(args.rounds):
        hashes.add(one_round(args, data))
        print(f"round {i + 1}/{args.rounds} distinct outputs {len(hashes)}", flush=True)
    report = {
        "geos": shapely.geos_version_string,
        "rounds": args.rounds,
        "workers": args.workers,
        "raw": args.raw,
        "shuffle": args.shuffle,
        "distinct_outputs": len(hashes),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print("STRESS-JSON " + json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
