"""Edge matching of a coverage by coordinates: which ring segment has a twin in another part.

A coverage is clean where neighbours share their edges vertex for vertex: every segment of
a part (a single polygon) then has exactly one twin (the same two end points, either way)
in another part, except along the coverage's outline. Segments are hashed from the bit
patterns of their end points (order-free) and compared exactly; no geometry is built.

:class:`Matching` holds every part's segments sorted by hash, once per coverage; when
parts change (vertices inserted, parts rebuilt), only their segments are taken out and put
in again (:func:`replace`, :func:`renumber`), so the matching of a few parts near a change
(:func:`unmatched_in`) costs a lookup, not a sort of the whole coverage. It is exact for
the whole coverage: a segment whose twin lies outside the parts looked at is matched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

_HASH = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


@dataclass
class Segments:
    rings: np.ndarray  # the rings of the parts, shells first
    ring_part: np.ndarray  # part of each ring
    coords: np.ndarray  # ring coordinates (rings closed)
    ring_of: np.ndarray  # ring of each coordinate
    start: np.ndarray  # segment k runs from coords[start[k]] to coords[start[k] + 1]
    part: np.ndarray  # part of each segment


@dataclass
class Matching:
    key: np.ndarray  # segment hashes, sorted
    part: np.ndarray  # the part of each segment (index into the coverage's parts)
    ends: np.ndarray  # (n, 2) complex: the segment's end points, the smaller first
    loose: np.ndarray  # sorted hashes of the segments without exactly one twin
    gone: np.ndarray | None = None  # hashes of segments taken out since ``loose`` was found


def segments(parts) -> Segments:
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    start = np.flatnonzero(ring_of[1:] == ring_of[:-1])
    return Segments(rings, ring_part, coords, ring_of, start, ring_part[ring_of[start]])


def _hashes(seg: Segments) -> np.ndarray:
    """The hash of each segment; equal segments (either way), equal hashes."""
    bits = np.ascontiguousarray(seg.coords).view(np.uint64).reshape(-1, 2)
    with np.errstate(over="ignore"):  # wraps around: equal points, equal hashes
        point = bits[:, 0] * _HASH[0] + (bits[:, 1] ^ _HASH[2]) * _HASH[1]
        return point[seg.start] + point[seg.start + 1]  # the same either way


def _sorted_keys(seg: Segments, part: np.ndarray):
    """(hash, part, end points) of the segments in hash order; end points as (n, 2)
    complex, the smaller (x, then y) first, so equal segments have equal rows."""
    h = _hashes(seg)
    # any order within equal hashes gives the same matching (``_matching`` is symmetric)
    order = np.argsort(h)
    h, part, start = h[order], part[order], seg.start[order]
    del order
    xy = np.ascontiguousarray(seg.coords).view(np.complex128).ravel()  # a point: one value
    ends = np.empty((len(start), 2), dtype=np.complex128)
    ends[:, 0] = xy[start]
    start += 1
    ends[:, 1] = xy[start]
    del start
    a, b = ends[:, 0], ends[:, 1]
    swap = np.flatnonzero((b.real < a.real) | ((b.real == a.real) & (b.imag < a.imag)))
    ends[swap] = ends[swap, ::-1]
    return h, part, ends


# The end points of a segment are one row of two complex numbers: 32 bytes that numpy
# selects and inserts several times faster as one opaque item per row (the same bytes).
_ROW = np.dtype((np.void, 32))


def _as_rows(ends: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(ends, dtype=np.complex128).view(_ROW).ravel()


def _as_ends(rows: np.ndarray) -> np.ndarray:
    return rows.view(np.complex128).reshape(-1, 2)


def _end_rows(ends: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """``ends[keep]`` (a mask or indices), selected as 32-byte rows."""
    return _as_ends(_as_rows(ends)[keep])


def _matching(key, part, ends) -> Matching:
    """The matching of segments sorted by hash: a hash group is twinned when it holds
    exactly two segments, the same, of two different parts; every other is loose."""
    n = len(key)
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if n else np.zeros(0, np.int64)
    size = np.diff(np.r_[first, n])
    pair = first[size == 2]
    twinned = part[pair] != part[pair + 1]
    for k in (0, 1):  # the same end points (both in canonical order)
        twinned &= ends[pair, k] == ends[pair + 1, k]
    loose = np.ones(len(first), dtype=bool)
    loose[size == 2] = ~twinned
    return Matching(key, part, ends, key[first[loose]])


def build(parts) -> Matching:
    """The matching of every part's segments."""
    seg = segments(parts)
    keys = _sorted_keys(seg, seg.part)
    del seg
    return _matching(*keys)


def unmatched_in(m: Matching, seg: Segments) -> np.ndarray:
    """Segments of ``seg`` (some parts' segments, as given by :func:`segments`) without
    exactly one twin in another part of the whole coverage ``m``."""
    h = _hashes(seg)
    out = np.zeros(len(h), dtype=bool)
    if not len(m.loose):
        return out
    # a table of the loose hashes' top bits first (one look-up per segment), the exact
    # comparison then only for the few segments whose top bits are those of a loose one
    bits = int(min(max(np.ceil(np.log2(8 * len(m.loose))), 16), 24))
    shift = np.uint64(64 - bits)
    table = np.zeros(1 << bits, dtype=bool)
    table[m.loose >> shift] = True
    maybe = np.flatnonzero(table[h >> shift])
    hm = h[maybe]
    at = np.minimum(np.searchsorted(m.loose, hm), len(m.loose) - 1)
    out[maybe] = m.loose[at] == hm
    return out


def segment_hashes(seg: Segments, parts: np.ndarray) -> np.ndarray:
    """The hashes of the segments of ``seg``'s parts ``parts`` (indices into its parts)."""
    return _hashes(seg)[np.isin(seg.part, parts)]


def part_hashes(parts) -> np.ndarray:
    """The hashes of every segment of ``parts``."""
    return _hashes(segments(parts))


def parts_with(m: Matching, hashes: np.ndarray) -> np.ndarray:
    """The parts (sorted, each once) holding a segment with one of ``hashes`` in ``m``."""
    hashes = np.unique(np.asarray(hashes, dtype=np.uint64))
    lo = np.searchsorted(m.key, hashes, side="left")
    hi = np.searchsorted(m.key, hashes, side="right")
    size = hi - lo
    if not size.sum():
        return np.zeros(0, dtype=np.int64)
    at = np.repeat(hi - size.cumsum(), size) + np.arange(size.sum())
    return np.unique(m.part[at])


def unmatched(parts) -> np.ndarray:
    """Segments (in :func:`segments` order) of ``parts`` without exactly one twin in
    another of ``parts``."""
    return unmatched_in(build(parts), segments(parts))


def replace(m: Matching, parts, changed: np.ndarray) -> Matching:
    """``m`` with the segments of the parts ``changed`` taken again from ``parts``
    (``m`` is used up: its arrays are let go one by one, to keep the memory down)."""
    changed = np.unique(np.asarray(changed, dtype=np.int64))
    if not len(changed):
        return m
    gone = np.zeros(max(len(parts), int(m.part.max(initial=-1)) + 1), dtype=bool)
    gone[changed] = True
    keep = ~gone[m.part]
    return _merged(_kept(m, keep, m.part), parts, changed)


def renumber(m: Matching, new_of_old: np.ndarray, parts, added: np.ndarray) -> Matching:
    """``m`` after the parts were renumbered (``new_of_old``: new index of each old part,
    -1 where it was dropped) and the parts ``added`` (new indices) put in (``m`` is used
    up, as in ``replace``)."""
    part = new_of_old[m.part]
    keep = part >= 0
    return _merged(_kept(m, keep, part), parts, np.asarray(added, dtype=np.int64))


def _kept(m: Matching, keep: np.ndarray, part: np.ndarray) -> Matching:
    """The rows ``keep`` of ``m`` (with ``part`` as their parts), taken out of ``m``."""
    out = Matching(m.key[keep], part[keep], np.zeros((0, 2), np.complex128), m.loose)
    out.gone = m.key[~keep]
    m.key = m.part = None
    out.ends, m.ends = _end_rows(m.ends, keep), None
    return out


def _merged(m: Matching, parts, rows: np.ndarray) -> Matching:
    """The matching of the sorted segments of ``m`` and those of ``parts[rows]``."""
    key, part, ends = m.key, m.part, m.ends
    m.key = m.part = m.ends = None
    added = np.zeros(0, dtype=np.uint64)
    if len(rows):
        seg = segments(parts[rows])
        h, new_part, new_ends = _sorted_keys(seg, rows[seg.part])
        del seg
        at = np.searchsorted(key, h, side="right")  # after equal keys: stable
        key = np.insert(key, at, h)
        part = np.insert(part, at, new_part)
        ends = _as_ends(np.insert(_as_rows(ends), at, _as_rows(new_ends)))
        added = h
    if m.gone is None:
        return _matching(key, part, ends)
    return Matching(key, part, ends, _loose_after(m.loose, key, part, ends, m.gone, added))


def _loose_after(loose, key, part, ends, gone, added) -> np.ndarray:
    """The loose hashes of (``key``, ``part``, ``ends``) (sorted by key), which were
    ``loose`` before the segments with hashes ``gone`` were taken out and ``added`` put
    in: only the hash groups those touched are looked at again (as ``_matching`` does)."""
    touched = np.unique(np.r_[gone, added])
    lo = np.searchsorted(key, touched, side="left")
    size = np.searchsorted(key, touched, side="right") - lo
    is_pair = size == 2
    pair = lo[is_pair]
    twinned = part[pair] != part[pair + 1]
    for k in (0, 1):
        twinned &= ends[pair, k] == ends[pair + 1, k]
    now = size > 0  # a hash with no segment left is no one's
    now[is_pair] = ~twinned
    kept = np.setdiff1d(loose, touched, assume_unique=True)
    return np.union1d(kept, touched[now])
