"""Layers that arrive while the checks run: the PostGIS push-down computes the layers'
pieces beside the core, and the core takes them only where a step needs them.

``CheckInput.pending`` (None in a run in process) is a function of a step name returning
{CheckInput field: frame}; it blocks until those frames are there, and may raise ``Cancelled``
or the error that stopped their computation. The run calls it once per step, in order:

- ``T04``: before the sliver check (the red line near the priority units' small parts);
- ``LAYERS``: before the layer checks (R01, R02, S01, S02 and the park share).
"""

from __future__ import annotations

from .pieces import T04

LAYERS = "layers"
STEPS = (T04, LAYERS)


def take_pending(inp, step: str) -> None:
    """``inp`` with the frames ``inp.pending`` gives for ``step`` set in place (nothing
    without ``pending``)."""
    if inp.pending is None:
        return
    for name, frame in inp.pending(step).items():
        setattr(inp, name, frame)
