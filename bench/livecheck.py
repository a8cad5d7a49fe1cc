"""Timing of the editing live check (``core.editing.live_check``) on a whole unit layer.

Each seeded edit pushes one unit over a shared edge into its neighbour (what a plain vertex
move does); the check then looks at the edit's neighbourhood only: a window query on the
STRtree of the whole layer, built once as the desktop's spatial index is, then
``local_check``. The per-edit time should not grow with the layer size.

    python -m bench.livecheck --sizes 5000,20000,44604   # generated Voronoi provinces
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np


def edits(geoms, n: int, seed: int):
    """``n`` (unit index, edited geometry) pairs: a 15 m bulge over a shared edge."""
    import shapely

    rng = np.random.default_rng(seed)
    tree = shapely.STRtree(geoms)
    out = []
    for i in rng.choice(len(geoms), size=min(n * 3, len(geoms)), replace=False):
        near = tree.query(geoms[i], predicate="touches")
        near = near[near != i]
        if not len(near):
            continue
        shared = shapely.intersection(geoms[i].boundary, geoms[near[0]].boundary)
        if shared.length < 40:
            continue
        bulge = shapely.buffer(shared.interpolate(0.5, normalized=True), 15.0)
        out.append((int(i), shapely.union(geoms[i], bulge)))
        if len(out) == n:
            break
    return out


def time_checks(geoms, codes, classes, n: int = 100, seed: int = 1) -> dict:
    """Per-edit milliseconds of neighbourhood query + local check, and problems found."""
    import shapely

    from plugin.core.editing import live_check as lc

    geoms = np.asarray(geoms, dtype=object)
    tree = shapely.STRtree(geoms)  # the layer's spatial index: built once, not per edit
    ms, found, flagged = [], 0, 0
    for i, edited in edits(geoms, n, seed):
        t = time.perf_counter()
        near = lc.neighbourhood(tree, [edited])
        local = geoms[near].copy()
        local[np.flatnonzero(near == i)[0]] = edited
        touched = [int(np.flatnonzero(near == i)[0])]
        problems = lc.local_check(local, codes[near], classes[near], touched)
        ms.append(1000 * (time.perf_counter() - t))
        found += len(problems)
        flagged += any(p.kind == lc.OVERLAP for p in problems)
    arr = np.asarray(ms)
    return {
        "units": len(geoms),
        "edits": len(arr),
        "overlaps_flagged": int(flagged),
        "problems": int(found),
        "p50_ms": round(float(np.percentile(arr, 50)), 2),
        "p95_ms": round(float(np.percentile(arr, 95)), 2),
        "max_ms": round(float(arr.max()), 2),
    }


def main(argv=None) -> int:
    from tests.core.checks_data import voronoi_province

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000,44604")
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument(
        "--same-density",
        action="store_true",
        help="grow the area with the unit count (units keep their size, the layer grows)",
    )
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",")):
        if args.same_density:
            k = (size / 44_604) ** 0.5
            units, _ = voronoi_province(
                n_units=size,
                n_counties=max(3, round(100 * size / 44_604)),
                width=500_000.0 * k,
                height=400_000.0 * k,
            )
        else:
            units, _ = voronoi_province(n_units=size)
        result = time_checks(
            units["geometry"].to_numpy(),
            units["HJZHGKDYBM"].to_numpy(),
            units["ZHGKDYFL"].to_numpy(),
            args.edits,
        )
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
