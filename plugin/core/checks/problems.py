"""Where the checks put what they find: problem rows, skipped checks, repaired features."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from ..area import planar_area
from .catalogue import CHECKS, PENDING


class Problems:
    """The growing findings of one run; ``result.assemble`` turns them into a CheckResult."""

    def __init__(self):
        self.chunks: list[pd.DataFrame] = []
        self.skipped: dict[str, str] = {}  # check code -> reason (Chinese)
        self.repairs: list[pd.DataFrame] = []  # repair logs of the other layers

    def skip(self, reason: str, *codes: str) -> None:
        for code in codes:
            self.skipped[code] = reason

    def emit(self, code, geoms, units, counties, messages, areas=None) -> None:
        """One problem row per message; areas default to the geometries' planar areas."""
        n = len(messages)
        if n == 0:
            return
        arr = np.empty(n, dtype=object)
        arr[:] = list(geoms)
        geoms = arr
        if areas is None:
            areas = planar_area(geoms)
        spec = CHECKS[code]
        self.chunks.append(
            pd.DataFrame(
                {
                    schema.CHK_CODE: code,
                    schema.CHK_SEVERITY: spec.severity,
                    schema.CHK_UNITS: list(units),
                    schema.CHK_COUNTY: [c if c is not None else "" for c in counties],
                    schema.CHK_AREA: np.asarray(areas, dtype=float),
                    schema.CHK_MESSAGE: list(messages),
                    schema.CHK_STATUS: PENDING,
                    schema.CHK_NOTE: "",
                    "geometry": geoms,
                }
            )
        )
