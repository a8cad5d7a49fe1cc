"""The repair log: one row per input feature that was repaired or dropped."""

from __future__ import annotations

import numpy as np
import shapely

REPAIR_COLUMNS = ["layer", "fid", "action", "detail"]
REPAIRED = "repaired"  # invalid geometry repaired with make_valid (detail: GEOS's reason)
DROPPED = "dropped"  # nothing usable left after repair: the feature is left out


def repair_log(layer: str, fids, geoms, repaired, dropped=None):
    """One row per repaired (or dropped) input feature: layer, fid, action, detail.

    ``geoms`` are the input geometries (before repair), ``repaired`` and ``dropped``
    boolean masks or row indices over them. The detail is GEOS's reason without the
    coordinates (e.g. "Self-intersection", "Ring Self-intersection").
    """
    import pandas as pd

    geoms = np.asarray(geoms, dtype=object)
    fids = np.asarray(fids)
    rows = []
    for action, which in ((REPAIRED, repaired), (DROPPED, dropped)):
        if which is None:
            continue
        which = np.asarray(which)
        idx = np.flatnonzero(which) if which.dtype == bool else which.astype(int)
        if len(idx) == 0:
            continue
        present = ~shapely.is_missing(geoms[idx])
        reasons = np.full(len(idx), "", dtype=object)
        if present.any():
            reasons[present] = shapely.is_valid_reason(geoms[idx][present])
        for i, reason in zip(idx, reasons):
            detail = "" if reason in ("", "Valid Geometry") else str(reason).split("[")[0]
            rows.append(
                (layer, fids[i].item() if hasattr(fids[i], "item") else fids[i], action, detail)
            )
    return pd.DataFrame(rows, columns=REPAIR_COLUMNS)
