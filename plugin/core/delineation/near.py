"""Overlays of a small geometry with a big one, on the big one's part near the small one.

An overlay's cost grows with the vertices of both inputs. A township meets its county
(tens of thousands of vertices) or a sliver its township along a short stretch: cut to
a rectangle around the small geometry first (GEOS ``clip_by_rect``: no noding, linear
in the vertices), the big geometry gives the same overlay there. The rectangle is grown
by ``MARGIN`` so that the cut's new vertices stay far from the small geometry.
"""

from __future__ import annotations

import numpy as np
import shapely

MARGIN = 10.0  # metres around the small geometry's box
MIN_COORDS = 256  # a big geometry with fewer vertices is used as it is


def near_parts(big, small) -> np.ndarray:
    """Each ``big[i]`` cut to the box of ``small[i]`` grown by ``MARGIN``; the whole of
    ``big[i]`` where it is small already or the cut is not a valid polygon."""
    big = np.asarray(big, dtype=object)
    small = np.asarray(small, dtype=object)
    out = np.empty(len(big), dtype=object)
    if not len(big):
        return out
    bounds = shapely.bounds(small)
    bounds[:, :2] -= MARGIN
    bounds[:, 2:] += MARGIN
    cut = shapely.get_num_coordinates(big) >= MIN_COORDS
    for i in np.flatnonzero(cut):
        out[i] = shapely.clip_by_rect(big[i], *bounds[i])
    cut[cut] = shapely.is_valid(out[cut])
    out[~cut] = big[~cut]
    return out
