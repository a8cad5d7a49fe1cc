"""Copies of geometries that share nothing with their originals in GEOS, not even the
GeometryFactory: what a worker thread may be handed (``chunked.PrivateGeometries``).

GEOS counts the references to a GeometryFactory in a plain ``int`` (``addRef``/``dropRef``
are not atomic, GEOS 3.14 included: libgeos/geos#847, #1307) and frees a factory when its
count drops to zero. ``set_precision`` (every snap to the grid) gives each result a factory
of its own, and everything GEOS derives from that geometry counts on the same factory: its
clones (``set_srid``, ``get_parts``), the results of overlays taking it first, and the
temporaries inside any operation on it. Two threads working at once on relatives of one
such geometry (the same unit cloned by both, two parts of one county's gaps) lose counts:
GEOS frees the factory while geometries still use it and the heap is corrupted; the process
crashes later, anywhere (seen: a segfault in ``~PreparedPolygon`` at the end of a province
check). A clone is not private enough: it shares the original's factory.

A copy here is read from the original's WKB (reading only looks at coordinates), so it is
made with GEOS's default factory, which is never freed; a copy of a geometry on a precision
grid gets a factory of its own with the same grid again (``set_precision`` on coordinates
already on that grid changes none; a copy it would change keeps the default factory) and
its SRID back. A prepared original gives a prepared copy. An object given twice in one
call is copied once (the copies of one call are for one thread).
"""

from __future__ import annotations

import numpy as np
import shapely


def private_copies(geoms) -> np.ndarray:
    """A copy of each geometry (None stays None, other objects are passed on) that shares no
    GEOS object or factory with anything else: same coordinates, SRID and precision grid.

    An object given more than once gets one copy, in each of its rows (the copies are for
    one thread: a unit on many pairs of a chunk is copied once)."""
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    rows = np.flatnonzero(shapely.is_geometry(geoms))
    if not len(rows):
        return out
    ids = np.fromiter((id(g) for g in geoms[rows]), np.int64, len(rows))
    _, first, again = np.unique(ids, return_index=True, return_inverse=True)
    if len(first) < len(rows):
        out[rows] = _copies(geoms[rows[first]])[again]
    else:
        out[rows] = _copies(geoms[rows])
    return out


def _copies(src: np.ndarray) -> np.ndarray:
    """The private copies of the geometries ``src``."""
    copies = shapely.from_wkb(shapely.to_wkb(src, include_srid=True))
    _linear_rings_again(src, copies)
    grid = shapely.get_precision(src)
    fixed = grid > 0
    if fixed.any():
        _on_their_grid(src, copies, fixed, grid)
    prepared = shapely.is_prepared(src)
    if prepared.any():
        shapely.prepare(copies[prepared])
    return copies


def _linear_rings_again(src: np.ndarray, copies: np.ndarray) -> None:
    """WKB has no linear ring: the copies of rings (read back as lines) become rings again."""
    ring = shapely.get_type_id(src) == int(shapely.GeometryType.LINEARRING)
    for z in (False, True):
        sel = np.flatnonzero(ring & (shapely.has_z(src) == z))
        if len(sel):
            xy, index = shapely.get_coordinates(src[sel], include_z=z, return_index=True)
            made = np.empty(len(sel), dtype=object)
            shapely.linearrings(xy, indices=index, out=made)
            copies[sel] = shapely.set_srid(made, shapely.get_srid(src[sel]))


def _on_their_grid(src: np.ndarray, copies: np.ndarray, fixed: np.ndarray, grid) -> None:
    """The copies of geometries on a precision grid (``fixed``) put on that grid again, with
    a factory of their own, SRID kept. GEOS keeps a geometry's coordinates on its factory's
    grid (overlays, centroids, make_valid round to it); should one not be, it would move: its
    copy then stays on GEOS's default factory, without the grid, coordinates exact."""
    snapped = shapely.set_precision(copies[fixed], grid[fixed], mode="pointwise")
    same = shapely.equals_exact(snapped, src[fixed], tolerance=0.0)
    srid = shapely.get_srid(src[fixed])
    lost = same & (srid != 0)  # set_precision drops it (set_srid: a clone of the copy)
    if lost.any():
        snapped[lost] = shapely.set_srid(snapped[lost], srid[lost])
    at = np.flatnonzero(fixed)[same]
    copies[at] = snapped[same]
