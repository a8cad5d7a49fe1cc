"""`make demo`: the plugin's main job, headless, on the shipped sample city.

Writes out/demo.gpkg (project database with units, statistics, check results),
out/demo_report.html and the 公众查阅 web page out/webmap/index.html, and prints a
short summary.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools import qgis_headless

ROOT = qgis_headless.ROOT
SAMPLE = ROOT / "resources" / "sample" / "sample_city.gpkg"
OUT = ROOT / "out"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]).resolve() if argv else OUT  # an output folder may be given
    if not SAMPLE.exists():
        print(f"sample data missing: {SAMPLE}", file=sys.stderr)
        return 1
    qgis_headless.start()
    import processing
    from qgis.core import QgsProcessingException

    from tools import demo_chain

    print(f"EcoZoning demo on {SAMPLE.relative_to(ROOT)}")
    try:
        outputs = demo_chain.run_chain(SAMPLE, out, processing)
    except QgsProcessingException as error:
        print(f"demo failed: {error}", file=sys.stderr)
        return 1
    steps = outputs["steps"]
    print()
    for step, (_, _, messages) in steps.items():
        for message in messages[-8:]:
            print(f"  [{step}] {message}")
    print()
    print(f"project database: {outputs['database']}")
    print(f"report:           {out / 'demo_report.html'}")
    if "filing" in steps:
        print(f"filing package:   {out / 'filing_2026'} (+ .zip)")
    if "field package" in steps:
        package = Path(steps["field package"][0]["OUTPUT"])
        print(f"field package:    {package}/fieldwork.qgs (QField / QGIS)")
    if (out / "webmap" / "index.html").exists():
        print(f"web page:         {out / 'webmap' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
