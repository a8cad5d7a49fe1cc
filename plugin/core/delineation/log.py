"""The delineation log: one row per cleaned feature, conflict, merge and code decision."""

from __future__ import annotations

import pandas as pd

from .model import LOG_COLUMNS


class Log:
    """Rows (action, layer, fid, message, area_m2), in the order the run met them."""

    def __init__(self):
        self.rows: list[tuple] = []

    def add(self, action, layer, fid, message, area_m2=float("nan")):
        fid = None if fid is None else int(fid)
        self.rows.append((action, layer, fid, message, float(area_m2)))

    def frame(self) -> pd.DataFrame:
        """The rows as a frame with ``LOG_COLUMNS`` (area as float, the rest as objects)."""
        return pd.DataFrame(
            {
                col: pd.Series([row[k] for row in self.rows], dtype=float if k == 4 else object)
                for k, col in enumerate(LOG_COLUMNS)
            },
            columns=LOG_COLUMNS,
        )
