"""Boundary operations on the units of one county (shapely 2, no Qt).

Every operation takes the county's units as arrays (geometries in a metre CRS, codes,
classes), works on the precision grid (``grid_size``) so the pieces it returns tile
exactly what they replace, and returns an :class:`Edit`: the changed geometries of existing
units (by index), the indices removed, the new units, the retired codes, and MJ (km²) of
every touched unit from the one area helper. Bad input raises :class:`EditError` with a
``kind`` the desktop and the algorithms turn into a translated message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely import ops as _ops

from .. import area as _area
from ..geometry import GRID_SIZE, polygonal
from ..run import EcoZoningError
from ..schema import DEFAULT_CODE_RULE, CodeRule

MOVE_BOUNDARY = "move_boundary"
SPLIT = "split"
MERGE = "merge"
RECLASSIFY = "reclassify"
FOLLOW_LAYER = "follow_layer"
RECODE = "recode"  # a code typed by hand (attribute table, unit panel): journalled only
OPERATIONS = (MOVE_BOUNDARY, SPLIT, MERGE, RECLASSIFY, FOLLOW_LAYER)

MIN_PART_M2 = 0.01  # pieces smaller than this (grid leftovers) are not units


class EditError(EcoZoningError):
    """Why an operation cannot be done; ``kind`` names the case for translated messages."""

    def __init__(self, kind: str, message: str, **values):
        super().__init__(message)
        self.kind = kind
        self.values = values


def area_m2(geometries) -> np.ndarray:
    """THE official area (m²) of unit geometries: the project's one area helper.

    ``area.official_m2`` (the per-feature zone rule) where the helper has it, else the
    planar area in the working Gauss–Krüger CRS the geometries are in.
    """
    helper = getattr(_area, "official_m2", None) or _area.planar_area
    return np.asarray(helper(np.asarray(geometries, dtype=object)), dtype=float)


def mj_km2(geometries) -> np.ndarray:
    return np.asarray(_area.m2_to_km2(area_m2(geometries)), dtype=float)


@dataclass
class NewUnit:
    code: str
    unit_class: int
    county_code: str
    geometry: object
    template: int  # index of the existing unit whose other attributes the new one copies
    mj: float = 0.0


@dataclass
class Edit:
    operation: str
    changed: dict = field(default_factory=dict)  # index -> new geometry
    removed: list = field(default_factory=list)  # indices of units that no longer exist
    added: list = field(default_factory=list)  # NewUnit
    retired: list = field(default_factory=list)  # codes retired by this edit
    mj: dict = field(default_factory=dict)  # index -> MJ (km²) of changed units
    region: object = None  # the land that changed hands (for the journal)

    def touched(self) -> list:
        return sorted(set(self.changed) | set(self.removed))


@dataclass
class Units:
    """The units of one county: geometries (metre CRS), codes and classes, same order."""

    geometries: np.ndarray
    codes: np.ndarray
    classes: np.ndarray
    county_code: str
    used_codes: tuple = ()  # codes retired earlier: never given again
    rule: CodeRule = DEFAULT_CODE_RULE
    grid_size: float = GRID_SIZE

    def __post_init__(self):
        self.geometries = np.asarray(self.geometries, dtype=object)
        self.codes = np.asarray(self.codes, dtype=object)
        self.classes = np.asarray(self.classes, dtype=int)

    def next_code(self, unit_class: int, taken=()) -> str:
        known = [*self.codes.tolist(), *self.used_codes, *taken]
        return self.rule.next_free(known, self.county_code, unit_class)

    def check_index(self, index: int) -> int:
        if not 0 <= int(index) < len(self.geometries):
            raise EditError("no_unit", f"no unit {index}", index=index)
        return int(index)


def _grid(units: Units):
    return units.grid_size or None


def _faces(polygon, lines, grid) -> np.ndarray:
    """The faces ``polygon`` is cut into by ``lines`` (noded on the grid), clipped to it."""
    edges = shapely.union(shapely.boundary(polygon), lines, grid_size=grid)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(edges)))
    inside = shapely.intersection(faces, polygon, grid_size=grid)
    inside = polygonal(inside)
    inside = inside[~shapely.is_missing(inside)]
    return inside[_area.planar_area(inside) > MIN_PART_M2]


def _union(geoms, grid):
    return shapely.union_all(np.asarray(geoms, dtype=object), grid_size=grid)


def _finish(units: Units, edit: Edit) -> Edit:
    """Drop vanished units, compute MJ of every touched unit, the region that changed."""
    for index, geom in list(edit.changed.items()):
        if geom is None or shapely.is_empty(geom) or _area.planar_area([geom])[0] <= MIN_PART_M2:
            del edit.changed[index]
            if index not in edit.removed:
                edit.removed.append(index)
                edit.retired.append(units.codes[index])
    if edit.changed:
        keys = list(edit.changed)
        for k, value in zip(keys, mj_km2([edit.changed[k] for k in keys])):
            edit.mj[k] = float(value)
    if edit.added:
        for unit, value in zip(edit.added, mj_km2([u.geometry for u in edit.added])):
            unit.mj = float(value)
    if edit.region is None:
        before = [units.geometries[i] for i in edit.touched()]
        after = [*edit.changed.values(), *(u.geometry for u in edit.added)]
        diffs = [
            shapely.difference(b, a, grid_size=_grid(units))
            for b, a in zip(before, [edit.changed.get(i) for i in edit.touched()])
            if a is not None
        ]
        edit.region = _union([*diffs, *(u.geometry for u in edit.added)], _grid(units))
        if not diffs and not after:
            edit.region = _union(before, _grid(units))
    return edit


# --- move a shared boundary ------------------------------------------------------


def _new_shared_line(shared, line, tolerance):
    """The shared boundary with the stretch between ``line``'s ends replaced by ``line``."""
    merged = _ops.linemerge(shared) if shared.geom_type == "MultiLineString" else shared
    if merged.geom_type == "MultiLineString":  # several shared stretches: the nearest one
        parts = list(merged.geoms)
        merged = min(parts, key=lambda p: p.distance(line))
    ends = shapely.get_coordinates(line)[[0, -1]]
    d = sorted(merged.project(shapely.points(ends)))
    keep = [_ops.substring(merged, 0, d[0]), _ops.substring(merged, d[1], merged.length)]
    keep = [k for k in keep if k.length > tolerance]
    return shapely.union_all([line, *keep])


def move_boundary(units: Units, a: int, b: int, line, tolerance: float = 1.0) -> Edit:
    """Reshape neighbours ``a`` and ``b`` so their shared boundary runs along ``line``.

    The line's ends must lie on the current shared boundary or on the outer boundary of
    the two units (within ``tolerance``), and the line inside the two units; the land
    between the old and the new boundary changes hands, nothing else moves.
    """
    a, b = units.check_index(a), units.check_index(b)
    grid = _grid(units)
    ga, gb = units.geometries[a], units.geometries[b]
    shared = shapely.intersection(shapely.boundary(ga), shapely.boundary(gb), grid_size=grid)
    shared = shapely.line_merge(shapely.union_all(shapely.get_parts(shared)))
    if shapely.is_empty(shared) or shared.length <= tolerance:
        raise EditError("not_neighbours", "the two units share no boundary")
    both = shapely.union(ga, gb, grid_size=grid)
    line = shapely.snap(line, shapely.boundary(both), tolerance)
    if not shapely.covers(shapely.buffer(both, tolerance), line):
        raise EditError("line_outside", "the line leaves the two units")
    ends = shapely.points(shapely.get_coordinates(line)[[0, -1]])
    if shapely.distance(ends, shapely.boundary(both)).max() > tolerance and (
        shapely.distance(ends, shared).max() > tolerance
    ):
        raise EditError("line_ends", "the line must start and end on the units' boundary")
    cut = _new_shared_line(shared, line, tolerance)
    faces = _faces(both, cut, grid)
    if len(faces) < 2:
        raise EditError("line_no_cut", "the line does not divide the two units")
    in_a = _area.planar_area(shapely.intersection(faces, ga, grid_size=grid))
    in_b = _area.planar_area(shapely.intersection(faces, gb, grid_size=grid))
    to_a = in_a >= in_b
    new_a, new_b = _union(faces[to_a], grid), _union(faces[~to_a], grid)
    new_b = shapely.difference(both, new_a, grid_size=grid)  # exact complement
    edit = Edit(MOVE_BOUNDARY, changed={a: new_a, b: new_b})
    edit.region = shapely.symmetric_difference(ga, new_a, grid_size=grid)
    return _finish(units, edit)


# --- split, merge, reclassify ------------------------------------------------------


def split(units: Units, index: int, line) -> Edit:
    """Cut unit ``index`` by ``line``: the largest piece keeps the code, every other piece
    becomes a new unit of the same class with the next free serial of the county."""
    index = units.check_index(index)
    grid = _grid(units)
    geom = units.geometries[index]
    faces = _faces(geom, line, grid)
    if len(faces) < 2:
        raise EditError("line_no_cut", "the line does not cut the unit in two")
    order = np.argsort(-_area.planar_area(faces), kind="stable")
    faces = faces[order]
    rest = _union(faces[1:], grid)
    keep = shapely.difference(geom, rest, grid_size=grid)
    edit = Edit(SPLIT, changed={index: keep})
    taken = []
    for face in faces[1:]:
        code = units.next_code(units.classes[index], taken)
        taken.append(code)
        edit.added.append(NewUnit(code, int(units.classes[index]), units.county_code, face, index))
    edit.region = rest
    return _finish(units, edit)


def merge(units: Units, indices) -> Edit:
    """Merge units of the same county and class: the largest keeps its code, the others'
    codes are retired."""
    indices = sorted({units.check_index(i) for i in indices})
    if len(indices) < 2:
        raise EditError("merge_too_few", "choose at least two units to merge")
    classes = set(units.classes[indices].tolist())
    if len(classes) > 1:
        raise EditError("merge_classes", "the units are of different classes")
    geoms = units.geometries[indices]
    keep = indices[int(np.argmax(_area.planar_area(geoms)))]
    edit = Edit(MERGE, changed={keep: _union(geoms, _grid(units))})
    edit.removed = [i for i in indices if i != keep]
    edit.retired = [units.codes[i] for i in edit.removed]
    edit.region = _union([units.geometries[i] for i in edit.removed], _grid(units))
    return _finish(units, edit)


def reclassify(units: Units, polygon, new_class: int) -> Edit:
    """The part of the county's units inside ``polygon`` becomes one new unit of
    ``new_class`` (next free code); units of that class already keep their land; a unit left
    with nothing is removed and its code retired."""
    new_class = int(new_class)
    if str(new_class) not in units.rule.classes:
        raise EditError("bad_class", f"no unit class {new_class}", unit_class=new_class)
    grid = _grid(units)
    tree = shapely.STRtree(units.geometries)
    hits = tree.query(polygon, predicate="intersects")
    hits = hits[units.classes[hits] != new_class]
    parts = shapely.intersection(units.geometries[hits], polygon, grid_size=grid)
    part_area = _area.planar_area(parts)
    hits, parts = hits[part_area > MIN_PART_M2], parts[part_area > MIN_PART_M2]
    if not len(hits):
        raise EditError("reclassify_empty", "the polygon covers no unit of another class")
    piece = _union(parts, grid)
    edit = Edit(RECLASSIFY)
    for i in hits:
        edit.changed[int(i)] = shapely.difference(units.geometries[i], piece, grid_size=grid)
    template = int(hits[int(np.argmax(_area.planar_area(parts)))])
    code = units.next_code(new_class)
    edit.added.append(NewUnit(code, new_class, units.county_code, piece, template))
    edit.region = piece
    return _finish(units, edit)


# --- follow another layer's feature ------------------------------------------------


def _thin(pieces, outline, distance):
    """Pieces lying wholly within ``distance`` of ``outline`` (the strips between the two
    boundaries); large pieces mean the outline runs elsewhere there and are left alone."""
    if not len(pieces):
        return pieces
    band = shapely.buffer(outline, distance * 1.0001)
    return pieces[shapely.covers(band, pieces)]


def follow_layer(units: Units, index: int, target, distance: float) -> Edit:
    """Snap unit ``index``'s boundary to the outline of ``target`` (a polygon of another
    layer) where the two run within ``distance``: the unit takes the strips inside
    ``target`` from its neighbours and gives the strips outside it to the neighbour it
    shares most boundary with. Land outside the county is never taken."""
    index = units.check_index(index)
    if distance <= 0:
        raise EditError("bad_distance", "the distance must be positive")
    grid = _grid(units)
    geom = units.geometries[index]
    outline = shapely.boundary(target)
    county = _union(units.geometries, grid)
    take = shapely.get_parts(
        shapely.difference(
            shapely.intersection(target, county, grid_size=grid), geom, grid_size=grid
        )
    )
    give = shapely.get_parts(shapely.difference(geom, target, grid_size=grid))
    take = _thin(take[_area.planar_area(take) > MIN_PART_M2], outline, distance)
    give = _thin(give[_area.planar_area(give) > MIN_PART_M2], outline, distance)
    near = shapely.STRtree(units.geometries).query(shapely.buffer(geom, distance), "intersects")
    near = near[near != index]
    edit = Edit(FOLLOW_LAYER)
    new_geom = geom
    if len(take):
        taken = _union(take, grid)
        new_geom = shapely.union(new_geom, taken, grid_size=grid)
        for j in near:
            if shapely.intersects(units.geometries[j], taken):
                edit.changed[int(j)] = shapely.difference(
                    units.geometries[j], taken, grid_size=grid
                )
    for piece in give:
        j = _best_neighbour(units, near, piece, edit)
        if j is None:  # touches no neighbour (county edge): the unit keeps it
            continue
        new_geom = shapely.difference(new_geom, piece, grid_size=grid)
        current = edit.changed.get(j, units.geometries[j])
        edit.changed[j] = shapely.union(current, piece, grid_size=grid)
    if not edit.changed and new_geom is geom:
        raise EditError("follow_nothing", "the feature's outline runs nowhere near the unit")
    edit.changed[index] = new_geom
    edit.region = shapely.symmetric_difference(geom, new_geom, grid_size=grid)
    return _finish(units, edit)


def _best_neighbour(units: Units, near, piece, edit: Edit):
    best, best_length = None, 0.0
    for j in near:
        current = edit.changed.get(int(j), units.geometries[j])
        length = shapely.length(shapely.intersection(shapely.boundary(current), piece.boundary))
        if length > best_length:
            best, best_length = int(j), length
    return best


# --- applying an edit --------------------------------------------------------------


def apply(units: Units, edit: Edit) -> Units:
    """The county's units after ``edit`` (new units appended; retired codes remembered)."""
    keep = np.ones(len(units.geometries), dtype=bool)
    keep[edit.removed] = False
    geoms = units.geometries.copy()
    for i, g in edit.changed.items():
        geoms[i] = g
    return Units(
        np.array([*geoms[keep], *(u.geometry for u in edit.added)], dtype=object),
        np.array([*units.codes[keep], *(u.code for u in edit.added)], dtype=object),
        np.array([*units.classes[keep], *(u.unit_class for u in edit.added)], dtype=int),
        units.county_code,
        (*units.used_codes, *edit.retired),
        units.rule,
        units.grid_size,
    )
