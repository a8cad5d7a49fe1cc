"""Layers handed to the core in pieces (the PostGIS push-down): which rows serve which check.

A database that overlays a large layer itself hands the core only what each check needs:
for the red line, its parts inside the units R01 and R02 look at, and, for T04, the whole
red-line features near the priority units' narrow parts. The two sets overlap where units
overlap, and a piece cut for one check must not count in the other (a T04 feature reaching
into a general unit would add its own, differently snapped, sliver to that unit's R01).

A frame's optional ``SERVES`` column names the one step a row is for (``RED_LINE_STEP``: R01
and R02; ``T04``); rows without it serve every check, so a whole layer read in process is
used as before.
"""

from __future__ import annotations

SERVES = "ez_serves"
RED_LINE_STEP = "R01"  # the red-line step: R01 (in units and in the gaps) and R02
T04 = "T04"


def rows_serving(frame, step: str):
    """``frame`` without the rows reserved for another step (``frame`` itself when it marks
    none, or is not a frame: None, or a function giving the layer late)."""
    columns = getattr(frame, "columns", ())
    if SERVES not in columns:
        return frame
    serves = frame[SERVES]
    return frame[serves.isna() | (serves == step)].reset_index(drop=True)
