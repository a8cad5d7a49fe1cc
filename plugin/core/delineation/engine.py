"""One delineation run: the stages in order, each taking data and giving data."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import coverage as _coverage
from .. import geometry as _geometry
from .. import schema
from ..geometry.chunked import Chunked
from ..run import Progress
from .claimed import ClaimedLand
from .context import Context
from .counties import Counties, build_counties, precedence
from .fragments import merge_fragments
from .general import general_units
from .inputs import check_input
from .layered import layered_units
from .log import Log
from .model import DelineationInput, DelineationResult, Unit
from .parks import park_units
from .result import finish, make_valid


def _stable_order(counties: Counties, units: list[Unit]) -> list[int]:
    """A deterministic unit order (no geometry involved) for tie-breaks."""
    return sorted(
        range(len(units)),
        key=lambda i: (*precedence(counties, units[i]), units[i].tie),
    )


def _coverage_and_fragments(ctx: Context, counties: Counties, units: list[Unit]):
    """All units noded into one clean coverage, then fragments merged; (the merges,
    whether every unit is known to be valid and edge-matched now, which units were found
    valid as a whole (None: not known)).

    Units come from separate overlays, so they can meet in slivers under a grid cell
    wide: noded together on the grid, neighbours share identical vertices (so fragments
    touch the units they can join), with ties in stable order.
    """
    grid = ctx.grid or _geometry.GRID_SIZE
    stable = _stable_order(counties, units)
    uorder = np.empty(len(units), dtype=np.int64)
    uorder[stable] = np.arange(len(units))
    ctx.check()
    geoms = np.array([u.geom for u in units], dtype=object)
    state = _coverage.MatchState()  # the edge matching, built once for both calls
    geoms[stable], first = _coverage.rebuild_report(geoms[stable], grid, ops=ctx.ops, state=state)
    for u, g in zip(units, geoms):
        u.geom = g
    ctx.check()
    min_area = float(ctx.inp.min_area)
    merges = merge_fragments(ctx.ops, units, uorder, min_area, ctx.progress.sub(70, 88))
    # merging redraws a few units: mend the coverage where that left edges unmatched
    # (only the parts it changed, and their neighbours, are checked)
    rebuilt, geoms = geoms, np.array([u.geom for u in units], dtype=object)
    geoms[stable], second = _coverage.clean_coverage(
        geoms[stable], grid, previous=rebuilt[stable], ops=ctx.ops, state=state
    )
    for u, g in zip(units, geoms):
        u.geom = g
    known = None  # units found valid as a whole while the coverage was mended
    if second.valid is not None:
        known = np.zeros(len(units), dtype=bool)
        known[stable] = second.valid
    return merges, not len(first.remaining) and not len(second.remaining), known


def _all_units(ctx: Context, counties: Counties) -> list[Unit]:
    """Painter's algorithm per county: priority > parks > other key > general."""
    inp, progress = ctx.inp, ctx.progress
    land = ClaimedLand(ctx.ops)
    units = layered_units(
        ctx, counties, land, inp.priority, schema.PRIORITY, 0, progress.sub(10, 40)
    )
    units += park_units(ctx, counties, land)
    progress.step(47)
    units += layered_units(ctx, counties, land, inp.key, schema.KEY, 1, progress.sub(47, 60))
    units += general_units(ctx, counties, land, progress.sub(60, 70))
    progress.step(70)
    return units


def run(
    inp: DelineationInput,
    progress: Callable[[float], None] | None,
    is_cancelled: Callable[[], bool] | None,
    workers: int,
) -> DelineationResult:
    """Delineate 环境管控单元 from ``inp`` (rules in the package docstring)."""
    check_input(inp)
    prog = Progress(progress, is_cancelled)
    prog.check()
    if progress is not None:
        progress(0.0)  # the start is reported too (Progress reports only increases)
    grid = inp.grid_size if inp.grid_size else None
    ctx = Context(inp, Chunked(prog.check, grid, workers), prog, Log())
    counties = build_counties(ctx)
    prog.step(10)
    units = _all_units(ctx, counties)
    merges, clean, known_valid = _coverage_and_fragments(ctx, counties, units)
    prog.step(88)
    repaired = make_valid(ctx, units, known_valid)
    frame = finish(ctx, counties, units, merges)
    log = ctx.log.frame()
    prog.step(100)
    grid = ctx.grid or _geometry.GRID_SIZE
    return DelineationResult(
        units=frame, log=log, clean_grid=grid if clean and not repaired else None
    )
