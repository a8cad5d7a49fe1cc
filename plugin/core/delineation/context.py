"""What every stage of one delineation run shares: input, overlay runner, progress, log."""

from __future__ import annotations

from dataclasses import dataclass

from ..geometry.chunked import Chunked
from ..run import Progress
from .log import Log
from .model import DelineationInput


@dataclass
class Context:
    inp: DelineationInput
    ops: Chunked  # chunked overlays on the run's grid, checking for a cancel
    progress: Progress
    log: Log

    @property
    def grid(self) -> float | None:
        return self.ops.grid

    def check(self) -> None:
        self.progress.check()
