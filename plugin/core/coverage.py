"""Clean coverages: units valid and meeting their neighbours exactly, in the CRS written.

Units are computed in a metre Gauss–Krüger zone, by separate overlays that can leave
sub-millimetre slivers between neighbours, and are written in another CRS (by default the
counties', usually EPSG:4490), where validity does not survive by itself.

* ``rebuild`` (end of the delineation, working CRS): units become one clean coverage on the
  grid: neighbours share identical vertices, no overlap, thin gaps (narrower than
  ``gap_width``) closed, every unit valid. Most of their edges match already (about 98 %
  of the boundary at province scale), so only the rest is mended (``_mend``, notes below):
  segments are matched by their coordinates; into an unmatched segment go the neighbours'
  vertices lying in its hot pixel (or within ``gap_width``), as snap-rounding would put
  them; what GEOS's coverage validation still flags is rebuilt from faces with the parts
  around it: their boundaries noded together on the grid, each face to the part holding
  its interior point, an overlap or thin gap sliver to the part sharing the longest edge
  with it, ties by row order.
* ``clean_coverage`` (output CRS, and after fragments were merged): vertices are rounded to
  the output grid (``grid_for``: 1e-9° in degrees, 1 mm in metres); shared vertices stay
  shared, so an edge-matched coverage stays one. Then it is mended as above; given the
  ``previous`` clean coverage, only the parts that differ from it (and their neighbours)
  are looked at.

Without GEOS coverage validation (GEOS < 3.12) the whole coverage is rebuilt from faces
(GEOS >= 3.14's coverage cleaner where it keeps every unit's area) and overlaps are
measured pairwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from . import edge_match as _match
from . import geometry as _geometry
from .geometry.chunk_map import even_bounds, map_chunks
from .geometry.chunked import Chunked, chunk_bounds

GEOGRAPHIC_GRID = 1e-9  # degrees (about 0.1 mm)
PROJECTED_GRID = _geometry.GRID_SIZE  # metres
# Gaps between neighbours narrower than this are slivers and are closed (about 2 cm).
GEOGRAPHIC_GAP = 2e-7
PROJECTED_GAP = 0.02
MAX_OVERLAP_M2 = 0.005
DEGREE_M = 111_320.0  # metres per degree of latitude (and of longitude at the equator)
_MAX_ROUNDS = 6
# GEOS >= 3.14 cleans a coverage itself (overlaps to the longest border, thin gaps closed,
# edges matched): ``rebuild`` uses it when there, and checks its result.
COVERAGE_CLEAN = (
    hasattr(shapely, "coverage_clean")
    and shapely.geos_version >= (3, 14, 0)
    and _geometry.COVERAGE_VALIDATION
)


def grid_for(geographic: bool) -> float:
    return GEOGRAPHIC_GRID if geographic else PROJECTED_GRID


def gap_width_for(geographic: bool) -> float:
    return GEOGRAPHIC_GAP if geographic else PROJECTED_GAP


def max_overlap_for(geographic: bool) -> float:
    """Overlap (CRS units²) a repair leaves at most: 0.005 m² (in degrees², at the equator,
    where a degree² is largest)."""
    return MAX_OVERLAP_M2 / DEGREE_M**2 if geographic else MAX_OVERLAP_M2


@dataclass
class MatchState:
    """The edge matching of a clean coverage's parts (``edge_match``), handed from
    ``rebuild_report`` to the next ``clean_coverage`` of the same rows (its
    ``previous``), so that the matching is built once: only the parts of rows that
    changed in between are taken out and put in again. Used up by ``clean_coverage``."""

    geoms: np.ndarray | None = None  # the coverage it is the matching of (its rows)
    owner: np.ndarray | None = None  # the row of each part (``_geometry.explode`` order)
    matching: _match.Matching | None = None
    # rows all of whose parts were found valid (tested, or parts of a row tested valid) and
    # not changed since: their parts need no validity test in the next ``clean_coverage``
    valid: np.ndarray | None = None
    whole: np.ndarray | None = None  # rows found valid as a whole (``CoverageReport.valid``)


@dataclass
class CoverageReport:
    rounds: int  # snap-rounding rounds needed (0: the floating result passed)
    repaired: np.ndarray  # row indices whose geometry was rebuilt on the grid
    remaining: np.ndarray  # row indices still invalid or overlapping after the last round
    # per row, when known: True where the row's geometry was found valid as a whole (tested,
    # or left unchanged since it was); False where not known (not: found invalid)
    valid: np.ndarray | None = None


def _problems(geoms, max_overlap: float) -> np.ndarray:
    """Rows that are invalid or overlap a neighbour by more than ``max_overlap``.

    With GEOS coverage validation (GEOS >= 3.12, fast) any unmatched edge counts: the
    units come edge-matched from ``rebuild``; otherwise a pairwise overlay measures the
    overlaps."""
    bad = _invalid(geoms)
    idx = np.flatnonzero(~shapely.is_missing(geoms) & ~bad)
    if not len(idx):
        return bad
    if _geometry.COVERAGE_VALIDATION:
        edges = shapely.coverage_invalid_edges(geoms[idx])
        bad[idx[~shapely.is_empty(edges)]] = True
        return bad
    tree = shapely.STRtree(geoms[idx])
    a, b = tree.query(geoms[idx], predicate="overlaps")
    keep = a < b
    a, b = idx[a[keep]], idx[b[keep]]
    if len(a):
        big = shapely.area(shapely.intersection(geoms[a], geoms[b])) > max_overlap
        bad[a[big]] = True
        bad[b[big]] = True
    return bad


def _neighbours(geoms, rows: np.ndarray) -> np.ndarray:
    present = np.flatnonzero(~shapely.is_missing(geoms))
    tree = shapely.STRtree(geoms[present])
    _, hit = tree.query(geoms[rows], predicate="intersects")
    return np.union1d(rows, present[hit])


def _by_shared_edge(faces, owner, f: int, face_tree, candidates=None) -> int:
    """Owner of the faces sharing the longest edge with face ``f`` (faces are noded
    together, so shared edges are identical); only ``candidates`` when given; ties by
    row order; -1 when no owned face borders it."""
    near = face_tree.query(faces[f], predicate="intersects")
    near = near[(near != f) & (owner[near] >= 0)]
    if candidates is not None:
        near = near[np.isin(owner[near], candidates)]
    if not len(near):
        return -1
    shared = shapely.length(
        shapely.intersection(shapely.boundary(faces[near]), shapely.boundary(faces[f]))
    )
    total = np.bincount(owner[near], weights=shared)
    best = np.flatnonzero(total == total.max())
    return int(best[0]) if total.max() > 0 else -1


def _rebuild(geoms, rows: np.ndarray, grid: float, gap_width: float) -> np.ndarray:
    """Snap-round the units ``rows`` together; returns their new geometries."""
    cluster = geoms[rows]
    lines = shapely.union_all(shapely.boundary(cluster), grid_size=grid)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    if not len(faces):
        return cluster.copy()
    points = shapely.point_on_surface(faces)
    tree = shapely.STRtree(cluster)
    fi, ui = tree.query(points, predicate="within")
    count = np.bincount(fi, minlength=len(faces))
    owner = np.full(len(faces), -1)
    single = count[fi] == 1
    owner[fi[single]] = ui[single]
    thin = 2.0 * shapely.area(faces) / np.maximum(shapely.length(faces), grid) <= gap_width
    slivers = np.flatnonzero((count > 1) | thin)
    settled = owner.copy()
    settled[slivers] = -1  # slivers go by the faces around them, not by each other
    face_tree = shapely.STRtree(faces)
    for f in slivers:
        if count[f] > 1:  # an overlap sliver: to one of the units covering it
            best = _by_shared_edge(faces, settled, f, face_tree, ui[fi == f])
            owner[f] = best if best >= 0 else ui[fi == f].min()
        elif count[f] == 1 or thin[f]:  # a sliver part or a gap sliver
            best = _by_shared_edge(faces, settled, f, face_tree)
            if best >= 0:
                owner[f] = best
    out = np.empty(len(rows), dtype=object)
    kept = owner >= 0
    order = np.argsort(owner[kept], kind="stable")
    faces, owner = faces[kept][order], owner[kept][order]
    starts = np.searchsorted(owner, np.arange(len(rows) + 1))
    for k in range(len(rows)):
        mine = faces[starts[k] : starts[k + 1]]
        # faces are noded together (edge-matched): a coverage union is exact and fast
        out[k] = shapely.coverage_union_all(mine) if len(mine) else None
    return _geometry.polygonal(out)


# Below this many rows a validity test runs on the calling thread alone (and below this
# many suspect parts, GEOS's coverage validation).
_THREAD_FROM = 2_000
_THREAD_EDGES_FROM = 64
# Suspect parts per group of GEOS's coverage validation on threads, about: each group is
# validated with the parts around it, so the parts between two groups are validated twice
# (at city scale, eight groups of ten suspects validate 1.8 times the parts of one group).
_EDGES_PER_GROUP = 128
# ... and from this many vertices to validate, fewer suspects are validated on threads too
# (at city scale, the later rounds' 30 suspects and 50,000 vertices were validated serially).
_THREAD_EDGES_COORDS = 30_000


def _edges_threaded(ops: Chunked | None, suspect: np.ndarray, ring_parts) -> bool:
    """Whether GEOS's coverage validation of ``suspect`` (with ``ring_parts`` around them)
    runs in groups on threads: from ``_THREAD_EDGES_FROM`` suspects, or from two per
    thread where the parts to validate hold ``_THREAD_EDGES_COORDS`` vertices."""
    if not _threaded(ops, len(suspect), 1) or len(suspect) < 2 * ops.workers:
        return False
    if len(suspect) >= _THREAD_EDGES_FROM:
        return True
    return int(shapely.get_num_coordinates(ring_parts).sum()) >= _THREAD_EDGES_COORDS


def _threaded(ops: Chunked | None, n: int, least: int | None = None) -> bool:
    least = _THREAD_FROM if least is None else least
    return ops is not None and ops.workers > 1 and n >= least


def _invalid(geoms, ops: Chunked | None = None) -> np.ndarray:
    """Rows holding an invalid geometry; on ``ops``' threads for many rows (each row is
    tested on its own: the same answer with any number of threads)."""
    missing = shapely.is_missing(geoms)
    if not _threaded(ops, len(geoms)):
        return ~missing & ~shapely.is_valid(geoms)
    pieces = 4 * ops.workers
    total = int(shapely.get_num_coordinates(geoms).sum())
    bounds = chunk_bounds([geoms], -(-len(geoms) // pieces), -(-total // pieces) + 1)
    valid = np.concatenate(map_chunks(ops, shapely.is_valid, [geoms], bounds))
    return ~missing & ~valid


def _conserves_area(before, after, grid: float, gap_width: float) -> bool:
    """Every unit kept its area up to what closing slivers along its outline can move.
    GEOS's coverage_clean was seen to hand a whole priority unit to its neighbour, with
    a valid coverage as the result (a property test found it)."""
    moved = np.abs(shapely.area(after) - shapely.area(before))
    moved = np.where(shapely.is_missing(after), shapely.area(before), moved)
    allowed = (gap_width + grid) * shapely.length(before) + grid * grid
    return bool(np.all(moved <= allowed))


def _legacy_rebuild(geoms, rows, grid: float, gap_width: float) -> np.ndarray:
    """The rows snap-rounded together: GEOS's coverage cleaner where it keeps every unit's
    area, else the plugin's faces."""
    if COVERAGE_CLEAN:
        cleaned = _geometry.polygonal(
            shapely.coverage_clean(geoms[rows], gap_width=gap_width, snapping_distance=grid)
        )
        present = ~shapely.is_missing(cleaned)
        if (
            shapely.is_valid(cleaned[present]).all()
            and shapely.coverage_is_valid(cleaned[present])
            and _conserves_area(geoms[rows], cleaned, grid, gap_width)
        ):
            return cleaned
    return _rebuild(geoms, rows, grid, gap_width)


def _make_valid_rows(geoms, ops: Chunked | None = None, invalid=None) -> np.ndarray:
    """``geoms`` with the invalid rows (``invalid`` when known) made valid."""
    bad = np.flatnonzero(_invalid(geoms, ops) if invalid is None else invalid)
    if len(bad):
        geoms = geoms.copy()
        geoms[bad] = _geometry.polygonal(shapely.make_valid(geoms[bad]))
    return geoms


def rebuild(geometries, grid: float, gap_width: float | None = None) -> np.ndarray:
    """All geometries made one clean coverage on ``grid``: valid, edge-matched (neighbours
    share identical vertices), without overlaps, thin gaps between them closed.

    Only where the edges do not match already are they mended (see ``_mend``)."""
    return rebuild_report(geometries, grid, gap_width)[0]


def rebuild_report(
    geometries,
    grid: float,
    gap_width: float | None = None,
    ops: Chunked | None = None,
    state: MatchState | None = None,
) -> tuple[np.ndarray, CoverageReport]:
    """``rebuild`` and its report; without GEOS coverage validation (GEOS < 3.12) every
    row is reported as remaining: nothing was checked. ``ops``: its threads run the
    validity tests (geometries on GEOS's default factory only, see ``_default_factory``).
    ``state``: filled with the result's edge matching, for ``clean_coverage``."""
    geoms = np.asarray(geometries, dtype=object).copy()
    if gap_width is None:
        gap_width = gap_width_for(grid < 1e-6)
    invalid = _invalid(geoms, ops)
    geoms = _make_valid_rows(geoms, ops, invalid)
    rows = np.flatnonzero(~shapely.is_missing(geoms))
    if not len(rows):
        return geoms, CoverageReport(0, rows, rows)
    if not _geometry.COVERAGE_VALIDATION:  # GEOS < 3.12: no edge-level validation
        geoms[rows] = _legacy_rebuild(geoms, rows, grid, gap_width)
        return geoms, CoverageReport(rounds=1, repaired=rows, remaining=rows)
    return _mend(geoms, grid, gap_width, ops=ops, carry_out=state, valid=~invalid)


def clean_coverage(
    geometries,
    grid: float,
    max_overlap: float | None = None,
    gap_width: float | None = None,
    previous=None,
    ops: Chunked | None = None,
    state: MatchState | None = None,
) -> tuple[np.ndarray, CoverageReport]:
    """Geometries on ``grid``, valid, without overlaps above ``max_overlap`` (CRS units²),
    in the CRS they are given in (see the module docstring).

    ``previous``: the same rows as they were when they last formed a clean coverage (in this
    CRS, on this grid); only rows that differ from it, and their neighbours, are checked.
    Row order is the tie-break, so give rows in a deterministic order.
    ``ops``: its threads run the validity tests. ``state``: the edge matching of
    ``previous`` (filled by ``rebuild_report``), used up here instead of a new one.
    """
    geographic = grid < 1e-6
    if gap_width is None:
        gap_width = gap_width_for(geographic)
    if max_overlap is None:
        max_overlap = max_overlap_for(geographic)
    geoms = np.asarray(geometries, dtype=object).copy()
    present = ~shapely.is_missing(geoms)
    geoms[present] = shapely.set_precision(geoms[present], grid, mode="pointwise")
    if _geometry.COVERAGE_VALIDATION:
        if _threaded(ops, len(geoms)):
            geoms = _default_factory(geoms)
        return _mend(geoms, grid, gap_width, previous, ops, carry_in=state)
    repaired = np.zeros(len(geoms), dtype=bool)
    rounds = 0
    bad = _problems(geoms, max_overlap)
    while bad.any() and rounds < _MAX_ROUNDS:
        rounds += 1
        rows = _neighbours(geoms, np.flatnonzero(bad))
        geoms[rows] = _rebuild(_make_valid_rows(geoms), rows, grid, gap_width)
        repaired[rows] = True
        bad = _problems(geoms, max_overlap)
    return geoms, CoverageReport(
        rounds=rounds, repaired=np.flatnonzero(repaired), remaining=np.flatnonzero(bad)
    )


def _default_factory(geoms) -> np.ndarray:
    """The same geometries, re-created through WKB (exact) on GEOS's default factory.

    ``set_precision`` gives each result a GEOS factory of its own, shared by every part
    taken from it and reference-counted without a lock: parts of one unit tested on two
    threads could race on that count. The default factory is never freed."""
    out = np.asarray(geoms, dtype=object).copy()
    present = ~shapely.is_missing(out)
    out[present] = shapely.from_wkb(shapely.to_wkb(out[present]))
    return out


def _changed_rows(geoms, previous) -> np.ndarray:
    """Rows whose geometry is not exactly the one in ``previous``."""
    previous = np.asarray(previous, dtype=object)
    same = shapely.is_missing(geoms) & shapely.is_missing(previous)
    both = ~shapely.is_missing(geoms) & ~shapely.is_missing(previous)
    same[both] = shapely.equals_exact(geoms[both], previous[both], tolerance=0)
    return np.flatnonzero(~same)


# --- edge matching: mend only where neighbours' edges do not match ------------------------
#
# Units from separate snap-rounded overlays mostly share their edges vertex for vertex
# already; where they do not (about 2 % of the boundary at province scale) it is nearly
# always one unit lacking a vertex its neighbour has (a node another overlay added), or
# the two running within a grid cell or a thin sliver of each other. So, working on single
# polygons ("parts"):
#
# 1. segments are matched by their exact coordinates (hashing, no geometry): a part all of
#    whose segments have a twin in another part cannot have an invalid edge;
# 2. into every unmatched segment go the vertices of other parts' unmatched segments that
#    lie in its hot pixel (``_SNAP`` grid cells), then those within ``gap_width``, as
#    snap-rounding would; a part made invalid by that keeps its old outline;
# 3. GEOS validates the parts still holding an unmatched segment, with their neighbours
#    (the coverage's outline is unmatched and valid);
# 4. what GEOS still flags is rebuilt from faces (``_rebuild``) together with the parts
#    around it; then steps 2-4 again on what changed, for up to ``_MAX_ROUNDS`` rounds;
#    whatever is left then goes through the whole-unit rebuild.

_SNAP = 0.71  # grid cells: a vertex this close to a segment is in the segment's hot pixel


def _insertions(seg: _match.Segments, unmatched: np.ndarray, tol: float):
    """(coordinate position, vertex) of other parts' vertices to put into unmatched
    segments: within ``tol`` of the segment, strictly between its end points."""
    um = np.flatnonzero(unmatched)
    k = seg.start[um]
    if not len(k):
        return np.zeros(0), np.zeros((0, 2))
    a, b = seg.coords[k], seg.coords[k + 1]
    ends = np.unique(np.r_[k, k + 1])  # coordinate indices, each once
    v_part = seg.ring_part[seg.ring_of[ends]]
    xy = seg.coords[ends]
    tree = shapely.STRtree(shapely.linestrings(np.stack([a, b], axis=1)))
    vi, si = tree.query(shapely.box(*(xy - tol).T, *(xy + tol).T))
    keep = v_part[vi] != seg.part[um][si]
    vi, si = vi[keep], si[keep]
    v, pa, d = xy[vi], a[si], b[si] - a[si]
    length2 = np.maximum((d * d).sum(axis=1), 1e-300)
    t = ((v - pa) * d).sum(axis=1) / length2
    cross = d[:, 0] * (v[:, 1] - pa[:, 1]) - d[:, 1] * (v[:, 0] - pa[:, 0])
    keep = (t > 0) & (t < 1) & (cross * cross <= tol * tol * length2)
    keep &= ~(v == pa).all(axis=1) & ~(v == b[si]).all(axis=1)
    rows = np.unique(np.c_[si[keep], t[keep], v[keep]], axis=0)  # one vertex once
    return k[rows[:, 0].astype(np.int64)] + rows[:, 1], rows[:, 2:]


def _insert_vertices(
    parts, rows: np.ndarray, seg: _match.Segments, unmatched, tol: float, ops=None
):
    """``parts`` with vertices inserted into the unmatched segments of ``parts[rows]``
    (``seg``, ``unmatched``: theirs; see ``_insertions``); returns (parts, rows changed).
    The changed parts are validated on ``ops``' threads when there are many."""
    pos, verts = _insertions(seg, unmatched, tol)
    if not len(pos):
        return parts, np.zeros(0, dtype=np.int64)
    ring_of_new = seg.ring_of[np.floor(pos).astype(np.int64)]
    rings = np.unique(ring_of_new)
    old = np.flatnonzero(np.isin(seg.ring_of, rings))
    order = np.argsort(np.r_[old.astype(float), pos], kind="stable")
    xy = np.r_[seg.coords[old], verts][order]
    new_rings = seg.rings.copy()
    shapely.linearrings(xy, indices=np.r_[seg.ring_of[old], ring_of_new][order], out=new_rings)
    touched = np.unique(seg.ring_part[rings])
    mine = np.isin(seg.ring_part, touched)
    sub = parts[rows].copy()
    shapely.polygons(new_rings[mine], indices=seg.ring_part[mine], out=sub)
    ok = ~_invalid(sub[touched], ops)  # an insertion that breaks a part is not made
    touched = touched[ok]
    out = parts.copy()
    out[rows[touched]] = sub[touched]
    return out, rows[touched]


def _around(parts, rows: np.ndarray, distance: float, tree=None) -> np.ndarray:
    """``rows`` and the parts whose envelopes come within ``distance`` of theirs."""
    if len(rows) in (0, len(parts)):
        return rows
    tree = tree if tree is not None else shapely.STRtree(parts)
    lo_x, lo_y, hi_x, hi_y = shapely.bounds(parts[rows]).T
    boxes = shapely.box(lo_x - distance, lo_y - distance, hi_x + distance, hi_y + distance)
    _, near = tree.query(boxes)
    return np.union1d(rows, near)


def _invalid_edges(parts, suspect: np.ndarray, gap_width: float, tree, ops):
    """(rows of ``suspect`` with an edge GEOS calls invalid, those edges), suspects in
    row order. GEOS validates a polygon against the polygons whose envelopes come
    within ``gap_width`` of its own (all in ``_around``), so the suspects can be
    validated group by group, on ``ops``' threads: the same edges as in one call."""
    groups, rings = [suspect], [_around(parts, suspect, gap_width, tree)]
    if _edges_threaded(ops, suspect, parts[rings[0]]):
        x = shapely.bounds(parts[suspect])[:, 0]
        by_x = suspect[np.argsort(x, kind="stable")]  # neighbouring suspects together
        pieces = min(4 * ops.workers, max(ops.workers, len(by_x) // _EDGES_PER_GROUP))
        groups = [np.sort(by_x[s:e]) for s, e in even_bounds(len(by_x), pieces)]
        rings = [_around(parts, g, gap_width, tree) for g in groups]
    flat = np.concatenate(rings)
    stops = np.cumsum([len(r) for r in rings])
    bounds = list(zip(np.r_[0, stops[:-1]].tolist(), stops.tolist()))

    def validate(ring_parts):
        return shapely.coverage_invalid_edges(ring_parts, gap_width=gap_width)

    if ops is None:
        found = [validate(parts[flat])]
    else:
        found = map_chunks(ops, validate, [parts[flat]], bounds)
    rows, edges = [], []
    for group, ring, got in zip(groups, rings, found):
        flagged = np.isin(ring, group) & ~shapely.is_empty(got)
        rows.append(ring[flagged])
        edges.append(got[flagged])
    rows, edges = np.concatenate(rows), np.concatenate(edges)
    order = np.argsort(rows, kind="stable")
    return rows[order], edges[order]


def _problem_parts(
    parts, rows: np.ndarray, gap_width: float, tree, m, known=None, ops=None, valid=None
):
    """(those of ``rows`` that are invalid or have an edge GEOS calls invalid: not matched
    by a neighbour where one is near, gaps up to ``gap_width`` included; where: the invalid
    edges, or the whole outline of an invalid part). ``m``: the coverage's matching;
    ``known``: (context rows, those of them with an unmatched segment) when at hand."""
    test = rows if valid is None else rows[~valid[rows]]  # ``valid``: parts known valid
    bad = test[_invalid(parts[test], ops)]
    where = shapely.boundary(parts[bad])
    context = _around(parts, rows, gap_width, tree)
    if known is not None and np.array_equal(known[0], context):
        suspect = known[1]  # the parts of ``context`` with an unmatched segment
    else:
        seg = _match.segments(parts[context])
        unmatched = _match.unmatched_in(m, seg)
        suspect = context[np.unique(seg.part[unmatched])]
        del seg, unmatched
    suspect = np.setdiff1d(np.intersect1d(suspect, rows), bad)
    if len(suspect):
        flagged, edges = _invalid_edges(parts, suspect, gap_width, tree, ops)
        bad, where = np.r_[bad, flagged], np.r_[where, edges]
    order = np.argsort(bad, kind="stable")
    return bad[order], where[order]


def _loose_parts(parts, rows: np.ndarray, m):
    """(the parts of ``rows`` holding a segment without exactly one twin in the coverage
    ``m``, their ``Segments``, which of those are unmatched). Vertices go only into
    unmatched segments and come only from their end points, so the other parts play
    no part in ``_insert_vertices``: their segments are let go at once."""
    seg = _match.segments(parts[rows])
    unmatched = _match.unmatched_in(m, seg)
    has = np.unique(seg.part[unmatched])
    if len(has) == len(rows):
        return rows, seg, unmatched
    del seg, unmatched
    loose = rows[has]
    seg = _match.segments(parts[loose])
    return loose, seg, _match.unmatched_in(m, seg)


def _match_round(
    parts, m, dirty: np.ndarray, grid: float, gap_width: float, gaps: bool, ops, valid=None
):
    """Vertex insertion around the ``dirty`` rows; (parts, matching, rows changed,
    (problem rows, where), rows checked). ``m``: the matching of all ``parts`` (kept up to date).
    ``gaps``: thin gaps count as problems (open ones cannot be closed: first round only)."""
    tree = shapely.STRtree(parts)
    rows = _around(parts, dirty, gap_width, tree)
    loose, seg, unmatched = _loose_parts(parts, rows, m)
    changed = [np.zeros(0, dtype=np.int64)]
    for tol in (_SNAP * grid, gap_width):
        parts, ch = _insert_vertices(parts, loose, seg, unmatched, tol, ops)
        if len(ch):
            changed.append(ch)
            before = _match.segment_hashes(seg, np.searchsorted(loose, ch))
            seg = unmatched = None  # let go before the matching is taken again
            m = _match.replace(m, parts, ch)
            # a part of ``rows`` can only have gained an unmatched segment where a
            # hash group of the changed parts' segments (old or new) changed
            near = _match.parts_with(m, np.r_[before, _match.part_hashes(parts[ch])])
            again = np.union1d(loose, np.intersect1d(near, rows, assume_unique=True))
            loose, seg, unmatched = _loose_parts(parts, again, m)
    changed = np.unique(np.concatenate(changed))
    check = _around(parts, np.union1d(dirty, changed), gap_width, tree)
    known = (rows, loose)
    # ``valid``: parts known valid (a vertex is put in only where the part stays valid)
    width = gap_width if gaps else 0.0
    problems = _problem_parts(parts, check, width, tree, m, known, ops, valid)
    return parts, m, changed, problems, check


def _rebuild_parts(parts, owner, bad, where, grid: float, gap_width: float):
    """The ``bad`` parts and those near their problem edges (``where``) rebuilt from faces;
    (parts, owner, rows rebuilt, units they were taken from, new index of each old part or
    -1), parts kept in owner order (the tie-break of ``_rebuild``).

    A part a bad part merely encloses keeps its hole: a face no part of the cluster holds
    is no one's (if it is thin and taken all the same, the next round sees the overlap)."""
    tree = shapely.STRtree(parts)
    _, near = tree.query(where, predicate="dwithin", distance=gap_width)
    rows = np.union1d(bad, near)
    fixed = parts.copy()
    fixed[rows] = _make_valid_rows(parts[rows])
    rebuilt = _rebuild(fixed, rows, grid, gap_width)
    new, idx = shapely.get_parts(rebuilt, return_index=True)
    keep = np.ones(len(parts), dtype=bool)
    keep[rows] = False
    all_parts = np.r_[parts[keep], new]
    all_owner = np.r_[owner[keep], owner[rows][idx]]
    is_new = np.r_[np.zeros(keep.sum(), dtype=bool), np.ones(len(new), dtype=bool)]
    order = np.argsort(all_owner, kind="stable")
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    new_of_old = np.full(len(parts), -1, dtype=np.int64)
    new_of_old[keep] = position[: keep.sum()]
    rebuilt = np.flatnonzero(is_new[order])
    return all_parts[order], all_owner[order], rebuilt, owner[rows], new_of_old


def _assemble(geoms, parts, owner, units: np.ndarray, ops=None, valid=None):
    """``geoms`` with the rows ``units`` put together again from their parts; (geoms,
    rows whose parts were unioned, so that they are no longer those ``parts``).
    ``valid``: parts known valid (a row of one such part is that part: not tested)."""
    out = geoms.copy()
    starts = np.searchsorted(owner, units)
    stops = np.searchsorted(owner, units, side="right")
    for u, s, e in zip(units, starts, stops):
        mine = parts[s:e]
        out[u] = (
            None if not len(mine) else mine[0] if len(mine) == 1 else shapely.multipolygons(mine)
        )
    test = units
    if valid is not None:
        test = units[((stops - starts) != 1) | ~valid[np.minimum(starts, len(parts) - 1)]]
    bad = test[_invalid(out[test], ops)]
    for u in bad:  # parts of one unit that came to share an edge: they are edge-matched
        mine = parts[np.searchsorted(owner, u) : np.searchsorted(owner, u, side="right")]
        out[u] = _geometry.polygonal([shapely.coverage_union_all(mine)])[0]
    return out, bad


def _new_parts(parts, owner, previous, rows, old_index=None) -> np.ndarray:
    """Parts that are not, byte for byte, a part of the same row in ``previous``
    (``rows``: the rows that differ from it). ``old_index``: when given (an int array, one
    per part, -1 filled), set for each other part of ``rows`` to its index among
    ``_geometry.explode(previous)``'s parts (``old_owner``-ordered: see ``_carried``)."""
    if previous is None:
        return np.arange(len(parts))
    previous = np.asarray(previous, dtype=object)
    old, old_owner = _geometry.explode(previous[rows])
    known = {}
    for key, at in zip(
        zip(rows[old_owner].tolist(), shapely.to_wkb(old).tolist()), range(len(old))
    ):
        known[key] = -2 if key in known else at  # a part twice in a row: not carried
    mine = np.flatnonzero(np.isin(owner, rows))
    wkb = shapely.to_wkb(parts[mine])
    at = np.array(
        [known.get(key, -1) for key in zip(owner[mine].tolist(), wkb.tolist())], dtype=np.int64
    )
    new = mine[at == -1]
    if old_index is not None:  # positions among the old parts of ``rows``, each once
        taken = np.sort(at[at >= 0])
        twice = taken[1:][taken[1:] == taken[:-1]]
        at[np.isin(at, twice)] = -1
        old_index[mine] = np.maximum(at, -1)
    return new


def _mend(geoms, grid: float, gap_width: float, previous=None, ops=None, **carry):
    """The clean coverage of ``geoms`` (valid rows) and its report; see the notes above
    ``_SNAP``. ``previous``: see ``clean_coverage``; ``ops``: threads for the validity
    tests; ``carry_in`` / ``carry_out``: a ``MatchState`` of ``previous`` to use up /
    to fill with the result's; ``valid``: rows known valid (their parts are not tested
    again in the first round)."""
    geoms = np.asarray(geoms, dtype=object).copy()
    parts, owner = _geometry.explode(geoms)
    changed = None if previous is None else _changed_rows(geoms, previous)
    old_index = np.full(len(parts), -1, dtype=np.int64)
    dirty = _new_parts(parts, owner, previous, changed, old_index)
    units = np.zeros(len(geoms), dtype=bool)
    rounds = 0
    bad = np.zeros(0, dtype=np.int64)
    m = None
    valid_parts = None if carry.get("valid") is None else carry["valid"][owner]
    # rows known valid as a whole: found valid before (first call) or left as they were in
    # ``previous`` where they were known valid (the next call)
    whole_rows = None if carry.get("valid") is None else carry["valid"].copy()
    if len(dirty):  # once (or carried over from ``previous``); then only changed parts
        state = carry.get("carry_in")
        valid_rows, whole = (None, None) if state is None else (state.valid, state.whole)
        m = _carried(state, previous, changed, parts, owner, old_index)
        if m is not None and valid_rows is not None:
            valid_parts = _still_valid(valid_rows, changed, owner, old_index)
        if m is not None and whole is not None:
            whole_rows = whole.copy()
            whole_rows[changed] = False
        m = m if m is not None else _match.build(parts)
    elif carry.get("carry_in") is not None:
        state = carry["carry_in"]
        state.matching = state.valid = state.whole = None  # used up
    for last in range(_MAX_ROUNDS - 1, -1, -1):
        if not len(dirty):
            break
        gaps = last == _MAX_ROUNDS - 1
        # parts known valid are not tested again: parts of rows found valid (parts of a
        # valid multipolygon), the parts ``previous`` had and were found valid there, the
        # parts an earlier round found valid (and left alone since)
        rnd = _match_round(parts, m, dirty, grid, gap_width, gaps, ops, valid_parts)
        parts, m, moved, (bad, where), checked = rnd
        units[owner[moved]] = True
        rounds += bool(len(moved) or len(bad))
        if not len(bad) or not last:
            break
        valid_parts = _found_valid(valid_parts, len(parts), checked, bad)
        rebuilt = _rebuild_parts(parts, owner, bad, where, grid, gap_width)
        parts, owner, dirty, taken, new_of_old = rebuilt
        valid_parts = _renumbered(valid_parts, new_of_old, len(parts))
        m = _match.renumber(m, new_of_old, parts, dirty)
        units[taken] = True  # a unit may have lost a part: put together again
    if len(dirty):
        valid_parts = _found_valid(valid_parts, len(parts), checked, bad)
    before = geoms
    geoms, unioned = _assemble(geoms, parts, owner, np.flatnonzero(units), ops, valid_parts)
    repaired = _changed_rows(geoms, before)
    remaining = np.unique(owner[bad]) if len(bad) else np.zeros(0, dtype=np.int64)
    stale = unioned
    if whole_rows is not None:  # the rows put together were tested whole (or are one
        whole_rows[np.flatnonzero(units)] = True  # valid part), but for those unioned
        whole_rows[unioned] = False
    if len(remaining):  # last resort: whole units, snap-rounded with their neighbours
        geoms, rows, remaining = _legacy_rounds(geoms, remaining, grid, gap_width)
        repaired = np.union1d(repaired, rows)
        stale = np.union1d(stale, rows)
        if whole_rows is not None:
            whole_rows[rows] = False
    if carry.get("carry_out") is not None:
        _carry_out(carry["carry_out"], geoms, m, owner, stale)
        carry["carry_out"].whole = None if m is None else whole_rows
    report = CoverageReport(rounds, repaired, remaining, valid=whole_rows)
    return geoms, report


def _kept_parts(old_owner, new_owner, gone: np.ndarray):
    """(new index of each old part, -1 for parts of the rows ``gone`` (bool per row);
    the new parts of those rows): the other rows keep their parts, in order. None when
    a kept row's part count differs (then nothing is carried)."""
    old_keep, new_keep = ~gone[old_owner], ~gone[new_owner]
    counts_old = np.bincount(old_owner[old_keep], minlength=len(gone))
    counts_new = np.bincount(new_owner[new_keep], minlength=len(gone))
    if not np.array_equal(counts_old, counts_new):
        return None
    new_of_old = np.full(len(old_owner), -1, dtype=np.int64)
    new_of_old[old_keep] = np.flatnonzero(new_keep)
    return new_of_old, np.flatnonzero(~new_keep)


def _carry_out(state: MatchState, geoms, m, owner, stale: np.ndarray) -> None:
    """``state`` := the matching of ``geoms``' parts, from ``m`` (of the parts with
    ``owner``, which the rows not in ``stale`` are made of, in order)."""
    state.geoms = state.owner = state.matching = state.valid = state.whole = None
    if m is None:
        return
    parts, new_owner = _geometry.explode(geoms)
    gone = np.zeros(len(geoms), dtype=bool)
    gone[stale] = True
    kept = _kept_parts(owner, new_owner, gone)
    if kept is None:
        return
    new_of_old, added = kept
    if len(added) or not np.array_equal(new_of_old, np.arange(len(new_of_old))):
        m = _match.renumber(m, new_of_old, parts, added)
    state.geoms, state.owner, state.matching = np.asarray(geoms, dtype=object), new_owner, m
    # every part the rounds left was found valid (tested, or a part of a row found valid,
    # or changed only where it stayed valid): all but those of the rows put together anew
    state.valid = ~gone


def _carried(state: MatchState | None, previous, changed, parts, owner, old_index):
    """The matching of ``parts`` (``owner``: their rows) from ``state``, the matching of
    ``previous`` (``changed``: the rows differing from it; ``old_index``: see
    ``_new_parts``), or None; ``state`` is used up."""
    if state is None or state.matching is None or previous is None:
        return None
    m, old_owner, old_geoms = state.matching, state.owner, state.geoms
    state.geoms = state.owner = state.matching = state.valid = state.whole = None
    previous = np.asarray(previous, dtype=object)
    if len(old_geoms) != len(previous) or any(
        a is not b for a, b in zip(old_geoms.tolist(), previous.tolist())
    ):
        return None  # not the coverage it was built for
    gone = np.zeros(len(previous), dtype=bool)
    gone[changed] = True
    kept = _kept_parts(old_owner, owner, gone)
    if kept is None:
        return None
    new_of_old, _ = kept
    # parts of changed rows that are byte for byte an old part of their row keep it
    old_of_changed = np.flatnonzero(gone[old_owner])  # explode(previous[changed]) order
    same = np.flatnonzero(old_index >= 0)
    new_of_old[old_of_changed[old_index[same]]] = same
    added = np.flatnonzero(gone[owner] & (old_index < 0))
    return _match.renumber(m, new_of_old, parts, added)


def _found_valid(valid, n: int, checked: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """``valid`` (per part, None: none known) with the parts a round checked and did not
    find bad (tested valid, or known valid: a vertex goes in only where a part stays
    valid)."""
    out = np.zeros(n, dtype=bool) if valid is None else valid.copy()
    out[checked] = True
    out[bad] = False
    return out


def _renumbered(valid: np.ndarray, new_of_old: np.ndarray, n: int) -> np.ndarray:
    """``valid`` for the parts renumbered by ``new_of_old`` (-1: dropped); new parts are
    not known valid."""
    out = np.zeros(n, dtype=bool)
    kept = new_of_old >= 0
    out[new_of_old[kept]] = valid[kept]
    return out


def _still_valid(valid_rows: np.ndarray, changed, owner, old_index) -> np.ndarray:
    """Per part: known valid, being, byte for byte, a part that ``previous`` had in the
    same row (``valid_rows``: the rows of ``previous`` whose parts were found valid;
    ``changed``: the rows that differ from it; ``old_index``: see ``_new_parts``)."""
    same_row = np.ones(len(valid_rows), dtype=bool)
    same_row[changed] = False
    return valid_rows[owner] & (same_row[owner] | (old_index >= 0))


def _legacy_rounds(geoms, bad: np.ndarray, grid: float, gap_width: float):
    """Units ``bad`` rebuilt whole with their neighbours, in rounds, each checked with its
    neighbours; (geometries, rows rebuilt, rows still failing)."""
    rebuilt = np.zeros(0, dtype=np.int64)
    for _ in range(_MAX_ROUNDS):
        rows = _neighbours(geoms, bad)
        geoms[rows] = _legacy_rebuild(_make_valid_rows(geoms), rows, grid, gap_width)
        rebuilt = np.union1d(rebuilt, rows)
        context = _neighbours(geoms, rows)
        bad = np.intersect1d(context[_problems(geoms[context], 0.0)], rows)
        if not len(bad):
            break
    return geoms, rebuilt, bad
