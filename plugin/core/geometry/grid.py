"""The precision grid and the GEOS features the engines may use."""

from __future__ import annotations

import shapely

GRID_SIZE = 0.001  # 1 mm in a metre CRS

# Coverage validation (GEOS >= 3.12) is the checks' fast path for overlaps. In QGIS
# desktop on Linux, with QGIS's own older GEOS loaded beside shapely's, it was seen to
# crash inside GEOS; the plugin switches it off there and the checks take the slower
# pairwise path, with the same results.
COVERAGE_VALIDATION = shapely.geos_version >= (3, 12, 0)
