"""Input preparation: the unit layer as arrays (``Units``) and the other layers cleaned
on the grid (``Layer``), their repairs logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely

from .. import schema
from ..area import planar_area
from ..geometry import polygonal, repair_log, snap_pointwise
from ..geometry.chunk_map import even_bounds
from ..memory import give_back
from .catalogue import PARK_SUBTYPE_WORDS, CheckError
from .cells import norm_class, text
from .model import CheckInput
from .problems import Problems
from .threads import Workers

COLLINEAR_TOLERANCE = 1e-6  # m: vertices this close to the line of their neighbours are dropped
POLYGONAL_IDS = (int(shapely.GeometryType.POLYGON), int(shapely.GeometryType.MULTIPOLYGON))

# prepare_layer's English layer word -> the CheckInput field (for CheckInput.layer_names)
_LAYER_KEYS = {
    "admin": "admin",
    "red line": "red_line",
    "park": "parks",
    "urban boundary": "urban_boundary",
    "farmland": "farmland",
}


def as_geometry_array(values) -> np.ndarray:
    arr = np.asarray(values, dtype=object)
    out = np.empty(len(arr), dtype=object)
    for i, g in enumerate(arr):  # type check only (cheap)
        out[i] = g if isinstance(g, shapely.Geometry) else None
    return out


def fast_clean(geoms: np.ndarray, grid_size: float | None, workers: Workers | None = None):
    """(snapped polygons or None, repaired unsnapped polygons, missing mask, invalid mask, reasons).

    Like ``geometry.clean_polygons`` but snaps pointwise first and runs the
    (slow) valid-output ``set_precision`` only on geometries the rounding broke.
    With ``workers``, slices of the rows are cleaned on its threads.
    """
    n = len(geoms)
    if workers is None or workers.n < 2 or n < 2:
        return _clean(geoms, grid_size)
    found = workers.groups(lambda g: _clean(g, grid_size), (geoms,), even_bounds(n, 2 * workers.n))
    fixed, repaired, missing, invalid, reasons = (np.concatenate(parts) for parts in zip(*found))
    # the threads cleaned private copies: a polygon that needed no repair is the caller's
    # own object again, as on one thread (a copy of every unit kept all run long was memory)
    same = ~missing & ~invalid & np.isin(shapely.get_type_id(geoms), POLYGONAL_IDS)
    repaired[same] = geoms[same]
    return fixed, repaired, missing, invalid, reasons


def _clean(geoms: np.ndarray, grid_size: float | None):
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    valid = shapely.is_valid(geoms)
    invalid = ~missing & ~valid
    fixed = geoms.copy()
    fixed[missing] = None
    reasons = np.full(len(geoms), "", dtype=object)
    if invalid.any():
        reasons[invalid] = shapely.is_valid_reason(geoms[invalid])
        fixed[invalid] = shapely.make_valid(geoms[invalid])
    fixed = polygonal(fixed)
    repaired = fixed.copy()
    if grid_size:
        fixed = snap_pointwise(fixed, grid_size)
    return fixed, repaired, missing, invalid, reasons


@dataclass
class Units:
    """The unit layer as arrays, one entry per row (index ``r`` is the row everywhere)."""

    n: int
    fid: np.ndarray
    # geometry
    raw: np.ndarray  # as given (non-geometries as None)
    geom: np.ndarray  # repaired and snapped: what every overlay uses
    repaired: np.ndarray  # repaired, not snapped
    missing_geom: np.ndarray
    invalid: np.ndarray
    reasons: np.ndarray  # GEOS's reason per invalid row
    present: np.ndarray  # a usable polygon after cleaning
    area: np.ndarray  # of ``geom``
    area_raw: np.ndarray  # of ``repaired``: free of the grid's rounding noise
    # the coverage geometry (see coverage_geometry) of the units coverage validation found
    # clean (their union is a coverage union), None elsewhere: filled by check_overlaps
    cov: np.ndarray
    pidx: np.ndarray  # rows with a usable polygon
    tree: shapely.STRtree  # over geom[pidx]
    # attributes
    has_col: dict
    code: np.ndarray
    code_key: np.ndarray  # stripped code, None when empty
    label: np.ndarray  # the code, or fid:N without one
    cls: np.ndarray
    cls_bad: np.ndarray
    cls_int: np.ndarray  # 0 when unknown
    subtype: np.ndarray
    xzqdm: np.ndarray  # normalised county code field
    code_county: np.ndarray  # county digits of the code
    code_class: np.ndarray  # class digit of the code (0 when unparsable)
    attr_county: np.ndarray  # XZQDM, else the code's county digits
    is_park: np.ndarray

    def query(self, geoms, predicate="intersects", **kwargs):
        """(index into geoms, unit row index) pairs."""
        a, b = self.tree.query(geoms, predicate=predicate, **kwargs)
        return a, self.pidx[b]

    def names(self, rows) -> str:
        """The units' labels, sorted, comma-separated (the error table's unit column)."""
        return ",".join(sorted(str(self.label[r]) for r in rows))

    def rep_geometry(self, rows):
        """Unit geometry for attribute errors; a point only for degenerate geometries."""
        out = self.geom[rows].copy()
        lost = shapely.is_missing(out) & ~self.missing_geom[rows]
        if lost.any():
            out[lost] = shapely.point_on_surface(self.raw[rows][lost])
        return out


def _check_unit_frame(units) -> None:
    if units is None or not isinstance(units, pd.DataFrame) or len(units) == 0:
        raise CheckError("单元图层为空，无法质检 / The unit layer is empty: nothing to check")
    required = ("geometry", schema.UNIT_CODE, schema.UNIT_CLASS)
    missing = [c for c in required if c not in units.columns]
    if missing:
        names = "、".join(missing)
        raise CheckError(
            f"单元图层缺少字段 {names} / The unit layer has no field {', '.join(missing)}"
        )


def coverage_geometry(geom, repaired, grid) -> np.ndarray:
    """Vertices collinear within COLLINEAR_TOLERANCE dropped before snapping, so a
    neighbour's extra vertex on a shared straight edge (common in layers built by
    different tools) does not make the pair look unmatched."""
    cov = geom.copy()
    rows = np.flatnonzero(~shapely.is_missing(geom))
    if len(rows):
        simple, ok = _simplified(repaired[rows], grid)
        cov[rows[ok]] = simple[ok]
    return cov


def coverage_geometry_alone(missing, repaired, grid) -> tuple[np.ndarray, bool]:
    """``coverage_geometry`` without the units' geometries, only where they are ``missing``:
    (coverage geometries, True) when every present unit has one of its own; (…, False)
    when some would fall back to its geometry (None there)."""
    cov = np.full(len(repaired), None, dtype=object)
    rows = np.flatnonzero(~missing)
    if not len(rows):
        return cov, True
    simple, ok = _simplified(repaired[rows], grid)
    cov[rows[ok]] = simple[ok]
    return cov, bool(ok.all())


def _simplified(repaired, grid):
    """(collinear vertices dropped and snapped, which of them are valid polygons)."""
    simple = shapely.simplify(
        shapely.normalize(repaired), COLLINEAR_TOLERANCE, preserve_topology=False
    )
    if grid:
        simple = shapely.set_precision(simple, grid, mode="pointwise")
    ok = (
        shapely.is_valid(simple)
        & ~shapely.is_empty(simple)
        & np.isin(shapely.get_type_id(simple), POLYGONAL_IDS)
    )
    return simple, ok


def _geometry_fields(units: pd.DataFrame, inp: CheckInput, grid, workers) -> dict:
    raw = as_geometry_array(units["geometry"].to_numpy())
    geom, repaired, missing_g, invalid, reasons = fast_clean(raw, grid, workers)
    if inp.native_reasons is not None:
        reasons = np.asarray(inp.native_reasons, dtype=object)
        invalid = ~missing_g & (reasons != "")
    present = ~shapely.is_missing(geom)
    pidx = np.flatnonzero(present)
    return {
        "raw": raw,
        "geom": geom,
        "repaired": repaired,
        "missing_geom": missing_g,
        "invalid": invalid,
        "reasons": reasons,
        "present": present,
        "area": planar_area(geom),
        "area_raw": planar_area(repaired),
        "cov": np.full(len(geom), None, dtype=object),
        "pidx": pidx,
        "tree": shapely.STRtree(geom[pidx]),
    }


def _code_fields(units: pd.DataFrame, fid, column, rule: schema.CodeRule) -> dict:
    code = np.array([text(v) for v in column(schema.UNIT_CODE)], dtype=object)
    code_key = np.array([c.strip() if c else None for c in code], dtype=object)
    xzqdm = np.array(
        [schema.normalise_county_code(v) for v in column(schema.UNIT_COUNTY_CODE)], dtype=object
    )
    parsed = [rule.parse(c) for c in code]
    code_county = np.array([p[0] if p else None for p in parsed], dtype=object)
    return {
        "code": code,
        "code_key": code_key,
        "label": np.array([c if c else f"fid:{f}" for c, f in zip(code_key, fid)], dtype=object),
        "xzqdm": xzqdm,
        "code_county": code_county,
        "code_class": np.array([p[1] if p else 0 for p in parsed], dtype=int),
        # county from attributes: XZQDM, else the code's county digits
        "attr_county": np.where(pd.isna(xzqdm.astype(object)), code_county, xzqdm).astype(object),
    }


def _class_fields(column) -> dict:
    cls = [norm_class(v) for v in column(schema.UNIT_CLASS)]
    cls_int = np.array([c if c is not None else 0 for c, _ in cls], dtype=int)
    subtype = np.array([text(v) or "" for v in column(schema.UNIT_SUBTYPE)], object)
    # park units: subtype 产业园区, or a key unit whose subtype names a park
    is_park = np.array(
        [
            s == schema.SUBTYPE_PARK
            or (c == schema.KEY and any(w in s for w in PARK_SUBTYPE_WORDS))
            for s, c in zip(subtype, cls_int)
        ],
        dtype=bool,
    )
    return {
        "cls": np.array([c for c, _ in cls], dtype=object),
        "cls_bad": np.array([b for _, b in cls], dtype=bool),
        "cls_int": cls_int,
        "subtype": subtype,
        "is_park": is_park,
    }


def prepare_units(inp: CheckInput, grid: float | None, workers: Workers | None = None) -> Units:
    """The unit layer as ``Units``; ``CheckError`` when it is empty or lacks a field
    (cleaned on the ``workers`` threads)."""
    units = inp.units
    _check_unit_frame(units)
    n = len(units)
    cols = units.columns
    fid = units["fid"].to_numpy() if "fid" in cols else np.arange(1, n + 1)

    def column(name):
        return units[name].to_numpy(dtype=object) if name in cols else np.full(n, None, object)

    return Units(
        n=n,
        fid=fid,
        has_col={name: name in cols for name in schema.field_names(schema.UNIT_FIELDS)},
        **_geometry_fields(units, inp, grid, workers),
        **_code_fields(units, fid, column, inp.code_rule),
        **_class_fields(column),
    )


class Layer(NamedTuple):
    """Another polygon layer on the grid: geometries, which are usable, unsnapped areas."""

    geoms: np.ndarray
    keep: np.ndarray
    raw_area: np.ndarray


_CLEAN_ROWS = 50_000  # rows cleaned at a time when only some are kept (memory)


def near_rows(raw: np.ndarray, near) -> np.ndarray:
    """Whether each geometry's box meets the box of one of ``near`` (None: all rows)."""
    return _NearBoxes(near).rows(raw)


class _NearBoxes:
    """The boxes of ``near`` (None: everything is near), indexed once for many slices."""

    def __init__(self, near):
        self.tree = None
        self.everything = near is None
        if not self.everything:
            near = np.asarray(near, dtype=object)
            near = near[~shapely.is_missing(near)]
            self.tree = shapely.STRtree(near) if len(near) else None

    def rows(self, raw: np.ndarray) -> np.ndarray:
        if self.everything:
            return np.ones(len(raw), dtype=bool)
        wanted = np.zeros(len(raw), dtype=bool)
        if self.tree is not None and len(raw):
            wanted[self.tree.query(raw)[0]] = True
        return wanted


def _clean_kept(raw: np.ndarray, grid, wanted: np.ndarray, workers: Workers | None = None):
    """``fast_clean`` in slices, keeping the cleaned geometries of the ``wanted`` rows only:
    (geometries, usable, missing, invalid, unsnapped area). Every row is still cleaned, so
    the repair log is the same as for the whole layer."""
    n = len(raw)
    geoms = np.full(n, None, dtype=object)
    usable = np.zeros(n, dtype=bool)
    missing = np.zeros(n, dtype=bool)
    invalid = np.zeros(n, dtype=bool)
    area = np.zeros(n)
    step = n if wanted.all() else _CLEAN_ROWS
    for s in range(0, n, max(step, 1)):
        e = min(n, s + step)
        g, repaired, missing[s:e], invalid[s:e], _ = fast_clean(raw[s:e], grid, workers)
        usable[s:e] = ~shapely.is_missing(g)
        area[s:e] = planar_area(repaired)
        w = wanted[s:e]
        geoms[s:e][w] = g[w]
    return geoms, usable, missing, invalid, area


def _frame_slices(frame):
    """(the layer as an iterator of frames, whether it comes in slices): ``frame`` may be a
    frame, None, or a function giving a frame, None or an iterable of frames (a large
    layer read slice by slice)."""
    if callable(frame):
        frame = frame()
    if frame is None:
        return None, False
    if isinstance(frame, pd.DataFrame) or not hasattr(frame, "__iter__"):
        return iter([frame]), False
    return iter(frame), True


def _checked_geometries(frame, layer_zh, layer_en, needs) -> np.ndarray:
    if not isinstance(frame, pd.DataFrame):
        raise CheckError(f"{layer_zh}不是表格数据 / The {layer_en} layer is not a table")
    missing = [c for c in needs if c not in frame.columns]
    if missing:
        raise CheckError(
            f"{layer_zh}缺少字段 {'、'.join(missing)} / "
            f"The {layer_en} layer has no field {', '.join(missing)}"
        )
    return as_geometry_array(frame["geometry"].to_numpy())


class _Slice(NamedTuple):
    """One slice of a layer, cleaned: what the Layer and the repair log need of it."""

    geoms: np.ndarray
    keep: np.ndarray
    raw_area: np.ndarray
    fids: np.ndarray  # of the repaired or dropped rows only
    raw: np.ndarray  # their input geometries (the repair log's reasons)
    invalid: np.ndarray
    dropped: np.ndarray


def _clean_slice(frame, offset, raw, near: _NearBoxes, grid, workers) -> _Slice:
    wanted = near.rows(raw)
    geoms, usable, missing, invalid, raw_area = _clean_kept(raw, grid, wanted, workers)
    if "fid" in frame.columns:
        fids = frame["fid"].to_numpy()
    else:
        fids = np.arange(offset + 1, offset + len(raw) + 1)
    dropped = ~missing & ~usable
    bad = invalid | dropped
    return _Slice(geoms, usable & wanted, raw_area, fids[bad], raw[bad], invalid[bad], dropped[bad])


def prepare_layer(
    frame,
    layer_zh,
    layer_en,
    inp: CheckInput,
    grid,
    problems: Problems,
    needs=("geometry",),
    near=None,
    workers: Workers | None = None,
) -> Layer | None:
    """``frame`` cleaned on the grid (None without it); its repairs go to ``problems``.

    ``frame`` may be a function giving the frame (a layer read only when a check needs
    it, and let go once cleaned), or giving an iterable of frames: the slices of a large
    layer, each cleaned and let go before the next is read (the same Layer and repair log
    as for the whole frame). With ``near`` (geometries), only the rows whose box meets one
    of theirs are kept (``keep`` False for the others): what lies elsewhere cannot meet
    them."""
    slices, sliced = _frame_slices(frame)
    if slices is None:
        return None
    near_boxes, done, offset = _NearBoxes(near), [], 0
    for part in slices:
        raw = _checked_geometries(part, layer_zh, layer_en, needs)
        done.append(_clean_slice(part, offset, raw, near_boxes, grid, workers))
        offset += len(raw)
        del part, raw  # this slice's input geometries go before the next slice is read
        if sliced:
            give_back()
    if not done:  # no slice at all: an empty layer
        raw = np.empty(0, dtype=object)
        done.append(_clean_slice(pd.DataFrame(), 0, raw, near_boxes, grid, workers))
    whole = _Slice(*(np.concatenate(column) for column in zip(*done)))
    key = _LAYER_KEYS.get(layer_en, layer_en)
    problems.repairs.append(
        repair_log(
            inp.layer_names.get(key) or layer_zh,
            whole.fids,
            whole.raw,
            whole.invalid,
            whole.dropped,
        )
    )
    return Layer(whole.geoms, whole.keep, whole.raw_area)
