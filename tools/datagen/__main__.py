"""Command line: ``python -m tools.datagen --scale city --out data.gpkg``."""

from __future__ import annotations

import argparse
import os
import time

import pandas as pd

from .city import generate_timed
from .output import summary, write_gpkg
from .spec import DEFAULT_SEED, SCALES


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="sample", choices=list(SCALES))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", help="GeoPackage to write")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    layers, timings = generate_timed(args.scale, args.seed)
    t1 = time.perf_counter()
    print(
        f"generated {args.scale} in {t1 - t0:.1f} s: "
        + ", ".join(f"{k} {v:.1f}" for k, v in timings.items())
    )
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(summary(layers).to_string(index=False))
    if args.out:
        write_gpkg(layers, args.out)
        size = os.path.getsize(args.out) / 1e6
        print(f"wrote {args.out} in {time.perf_counter() - t1:.1f} s ({size:.1f} MB)")


if __name__ == "__main__":
    main()
