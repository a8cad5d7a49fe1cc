"""Checks against the other layers: R01 red line not in priority units, R02 park units on
the red line, S01 urban boundary in priority units, S02 farmland in park units.

R01 reports, per unit, the red line lying in a unit that is not 优先保护, and, per T02
gap, the red line lying in that gap (in no unit); red line outside the checked counties
(or, without admin, outside the unit layer's outer boundary) is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from .. import schema
from ..memory import give_back
from ..run import Progress
from .catalogue import fmt
from .coverage import Coverage
from .model import CheckInput
from .parts import Precision
from .pieces import RED_LINE_STEP, rows_serving
from .prepare import Layer, Units, prepare_layer
from .problems import Problems
from .threads import Overlays

_UNIT_ROWS = 2000  # units overlaid with a layer at a time


@dataclass
class LayerChecks:
    """What the layer checks share: the units, their counties and the run's machinery."""

    units: Units
    county: np.ndarray  # county code per unit row (after the admin step)
    inp: CheckInput
    prec: Precision
    problems: Problems
    prog: Progress
    _parks: np.ndarray | None = field(default=None, repr=False)

    def prepare(self, frame, layer_zh: str, layer_en: str, near) -> Layer | None:
        """The layer on the grid; only its features near the geometries ``near`` are kept
        (only those can meet the units a check looks at)."""
        layer = prepare_layer(
            frame,
            layer_zh,
            layer_en,
            self.inp,
            self.prec.grid,
            self.problems,
            near=near,
            workers=self.overlays(),
        )
        give_back()  # the raw layer and the threads' cleaning copies are gone
        return layer

    def unit_geoms(self, mask: np.ndarray) -> np.ndarray:
        return self.units.geom[mask & self.units.present]

    def in_units(self, layer: Layer, unit_mask: np.ndarray):
        """Per unit in ``unit_mask``: (unit rows, union of layer ∩ unit, its area > tolerance).

        Units are taken ``_UNIT_ROWS`` at a time, so only their pieces and prepared
        geometries are held at once."""
        units = self.units
        lg = layer.geoms[layer.keep]
        if len(lg) == 0 or not unit_mask.any():
            return np.array([], int), np.array([], object), np.array([])
        sub = np.flatnonzero(unit_mask & units.present)
        tree = shapely.STRtree(lg)
        found = [
            self._in_some_units(tree, lg, sub[k : k + _UNIT_ROWS])
            for k in range(0, len(sub), _UNIT_ROWS)
        ]
        if not found:
            return np.array([], int), np.array([], object), np.array([])
        return tuple(np.concatenate(parts) for parts in zip(*found))

    def overlays(self) -> Overlays:
        """The pairwise overlays and grouped unions on the run's threads."""
        return Overlays(self.prec.workers, self.prog)

    def _in_some_units(self, tree, lg, sub):
        grid, geoms = self.prec.grid, self.units.geom[sub]
        ui, li = tree.query(geoms, predicate="intersects")
        rows = sub[ui]
        overlays = self.overlays()
        inter = overlays.intersect_pairs(lg[li], geoms[ui], grid)
        shapely.destroy_prepared(geoms)  # intersect_pairs prepared them
        self.prog.check()
        keys, union = overlays.grouped_union(rows, inter, grid)
        union, area = self.prec.significant(union)
        ok = area > 0
        return keys[ok].astype(int), union[ok], area[ok]

    def park_mask(self) -> np.ndarray:
        """Park units: by subtype, or (with a park layer) key units mostly inside parks.
        The park layer is read on first use (its repairs logged then)."""
        if self._parks is not None:
            return self._parks
        units = self.units
        mask = units.is_park.copy()
        key = (units.cls_int == schema.KEY) & ~mask
        parks = self.prepare(self.inp.parks, "产业园区图层", "park", self.unit_geoms(key))
        if parks is not None:
            keys, _, area = self.in_units(parks, key)
            share = area / np.maximum(units.area[keys], 1e-12)
            mask[keys[share >= self.inp.park_share]] = True
        self._parks = mask
        return mask

    def emit_in_units(self, code: str, keys, geoms, area, message) -> None:
        """One problem per unit row in ``keys``; ``message(row, area)`` says what."""
        self.problems.emit(
            code,
            geoms,
            self.units.label[keys],
            self.county[keys],
            [message(r, x) for r, x in zip(keys, area)],
            area,
        )


def check_red_line(lc: LayerChecks, coverage: Coverage) -> None:
    """R01 (in non-priority units, then in the gaps) and R02."""
    units = lc.units
    # the red line is looked for in non-priority units, park units and the T02 gaps
    looked_at = lc.unit_geoms((units.cls_int != schema.PRIORITY) | units.is_park)
    red = lc.prepare(
        rows_serving(lc.inp.red_line, RED_LINE_STEP),
        "生态保护红线图层",
        "red line",
        np.r_[looked_at, coverage.gap_parts],
    )
    if red is None:
        lc.problems.skip("未提供生态保护红线图层", "R01", "R02")
        return
    keys, geoms, area = lc.in_units(red, units.cls_int != schema.PRIORITY)

    def in_unit(r, x):
        kind = schema.CLASS_LABELS_ZH.get(units.cls_int[r], "未分类")
        return f"生态保护红线有 {fmt(x)} 平方米位于{kind}单元 {units.label[r]} 内"

    lc.emit_in_units("R01", keys, geoms, area, in_unit)
    lc.prog.step(75)
    # red line in no unit: inside the gaps (checked counties, or holes without admin)
    red_outside_units(lc, red, coverage)
    lc.prog.step(80)
    keys, geoms, area = lc.in_units(red, lc.park_mask())
    lc.emit_in_units(
        "R02",
        keys,
        geoms,
        area,
        lambda r, x: f"产业园区单元 {units.label[r]} 与生态保护红线重叠 {fmt(x)} 平方米",
    )


def red_outside_units(lc: LayerChecks, red: Layer, coverage: Coverage) -> None:
    """R01 for red line in no unit: the red line inside the gaps found by T02.

    With an admin layer the gaps are every uncovered part of the checked
    counties, so red line beyond them (a province-wide layer) is ignored.
    """
    rg = red.geoms[red.keep]
    gaps = coverage.gap_parts
    if len(rg) == 0 or len(gaps) == 0:
        return
    grid = lc.prec.grid
    gi, ri = shapely.STRtree(rg).query(gaps, predicate="intersects")
    overlays = lc.overlays()
    pieces = overlays.intersect_pairs(rg[ri], gaps[gi], grid)
    # red polygons may overlap
    keys, union = overlays.grouped_union(gi, pieces, grid)
    union, area = lc.prec.significant(union)
    ok = area > 0
    keys, union, area = keys[ok], union[ok], area[ok]
    codes = coverage.gap_county[keys]
    msgs = [
        f"生态保护红线有 {fmt(x)} 平方米未被任何单元覆盖" + (f"（行政区 {c}）" if c else "")
        for x, c in zip(area, codes)
    ]
    lc.problems.emit("R01", union, [""] * len(keys), codes, msgs, area)


def check_urban_and_farmland(lc: LayerChecks) -> None:
    """S01 urban boundary in priority units, S02 farmland in park units."""
    units = lc.units
    priority = units.cls_int == schema.PRIORITY
    urban = lc.prepare(
        lc.inp.urban_boundary, "城镇开发边界图层", "urban boundary", lc.unit_geoms(priority)
    )
    if urban is None:
        lc.problems.skip("未提供城镇开发边界图层", "S01")
    else:
        keys, geoms, area = lc.in_units(urban, priority)
        lc.emit_in_units(
            "S01",
            keys,
            geoms,
            area,
            lambda r, x: f"城镇开发边界有 {fmt(x)} 平方米位于优先保护单元 {units.label[r]} 内",
        )
    lc.prog.step(90)
    # park units are key units or have a park subtype (park_mask reads the park layer)
    maybe_park = units.is_park | (units.cls_int == schema.KEY)
    farmland = lc.prepare(
        lc.inp.farmland, "永久基本农田图层", "farmland", lc.unit_geoms(maybe_park)
    )
    if farmland is None:
        lc.problems.skip("未提供永久基本农田图层", "S02")
        return
    keys, geoms, area = lc.in_units(farmland, lc.park_mask())
    lc.emit_in_units(
        "S02",
        keys,
        geoms,
        area,
        lambda r, x: f"永久基本农田有 {fmt(x)} 平方米位于产业园区单元 {units.label[r]} 内",
    )
