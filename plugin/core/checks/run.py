"""``check_units``: the stages of one check run, in order, with their progress."""

from __future__ import annotations

from ..memory import give_back
from ..run import Progress, progress_of
from .access import check_access_list
from .admin import check_admin
from .attributes import check_attributes
from .geometry_checks import check_multipart, check_validity
from .layers import LayerChecks, check_red_line, check_urban_and_farmland
from .model import CheckInput, CheckResult
from .overlaps import check_overlaps
from .parts import Precision
from .pending import LAYERS, take_pending
from .pieces import T04
from .prepare import prepare_units
from .problems import Problems
from .result import assemble
from .slivers import check_slivers
from .threads import Workers


def _start(progress, is_cancelled) -> Progress:
    prog = progress_of(progress, is_cancelled)
    prog.check()
    if progress is not None and not isinstance(progress, Progress):
        progress(0.0)  # callers see the start; Progress itself reports forward steps only
    return prog


def check_units(inp: CheckInput, progress=None, is_cancelled=None, workers: int = 1) -> CheckResult:
    """Run every check on ``inp``; ``progress(percent)`` is called with 0..100.

    ``workers``: the threads the heavy overlays (county unions, coverage validation, layer
    overlays) run on; the result is the same for any number. Raises ``CheckError`` for
    unusable inputs, ``Cancelled`` when ``is_cancelled()``.
    """
    prog = _start(progress, is_cancelled)
    prec = Precision.of(inp.grid_size, inp.tolerance, workers)
    problems = Problems()
    units = prepare_units(inp, prec.grid, Workers(prec.workers, prog))
    prog.step(5)
    check_validity(units, problems)
    check_multipart(units, inp.report_multipart, problems)
    take_pending(inp, T04)  # the red line near the small parts, when it comes late
    check_slivers(units, inp, prec.grid, problems, prog)
    prog.step(10)
    check_attributes(units, inp, prec.grid, problems)
    check_access_list(units, inp.access_codes, problems)
    prog.step(15)
    dirty = check_overlaps(units, inp, prec, problems, prog)
    prog.step(40)
    county, coverage = check_admin(units, inp, dirty, prec, problems, prog)
    units.cov[:] = None  # only the unions use the coverage geometries: let them go
    give_back()  # the threads' freed arenas, before the late layers are read
    prog.step(70)
    take_pending(inp, LAYERS)  # the layers' pieces, when they come late
    layers = LayerChecks(units, county, inp, prec, problems, prog)
    check_red_line(layers, coverage)
    give_back()
    prog.step(85)
    check_urban_and_farmland(layers)
    prog.step(98)
    result = assemble(problems)
    prog.step(100)
    return result
