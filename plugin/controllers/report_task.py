"""Report export in the background: a QgsTask with progress and cancel.

The maps are print layouts, which QGIS renders on the main thread: they are drawn first
(a fraction of a second per project) into a hidden staging folder inside the chosen
folder. The task then writes every project's HTML and prints its PDF in its own thread
(plain Python and Qt text printing; no QGIS GUI object is touched there). Only when all
of it succeeded are the files moved into the chosen folder, under names that clash with
nothing already there; a cancel or an error removes the staging folder, so nothing
half-written is left and no earlier file is ever overwritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from qgis.core import QgsTask
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal

STAGING_PREFIX = ".ecozoning-report-"


class ReportTask(QgsTask):
    """Writes the HTML and PDF pages of a compliance result, then moves them into place."""

    done = pyqtSignal(bool, str, list)  # success, error text ("" when none), files written

    def __init__(self, description, staging, folder, result, stems, map_names, rule):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.staging, self.folder = Path(staging), Path(folder)
        self.result, self.stems, self.map_names, self.rule = result, stems, map_names, rule
        self.error: Exception | None = None
        self.cancel_requested = False  # set on the main thread: wins over a finished run()
        self.written: list[Path] = []

    def request_cancel(self) -> None:
        self.cancel_requested = True
        self.cancel()

    def run(self) -> bool:  # the task's thread
        from ..adapters.report_pdf import write_project_pages
        from ..core import area

        fids = [int(fid) for fid in self.result.projects["project_fid"]]
        try:
            with area.using(self.rule):
                for position, fid in enumerate(fids):
                    if self.isCanceled():
                        return False
                    write_project_pages(
                        self.staging,
                        self.result,
                        position,
                        self.stems[fid],
                        self.map_names.get(fid),
                    )
                    self.setProgress(100.0 * (position + 1) / len(fids))
        except Exception as error:  # noqa: BLE001 (reported in the message bar, not raised)
            self.error = error
            return False
        return not self.isCanceled()

    def finished(self, ok: bool) -> None:  # the main thread
        error = ""
        if ok and not self.cancel_requested and not self.isCanceled():
            try:
                self.written = move_into_place(self.staging, self.folder)
            except OSError as failure:
                ok, error = False, str(failure)
        else:
            ok = False
            if self.error is not None:
                error = str(self.error) or type(self.error).__name__
        shutil.rmtree(self.staging, ignore_errors=True)
        self.done.emit(ok, error, [str(p) for p in self.written])


def make_staging(folder) -> Path:
    """A hidden folder inside ``folder`` (same disk, so the final move is a rename)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))


def move_into_place(staging: Path, folder: Path) -> list[Path]:
    """Every file of ``staging`` renamed into ``folder``; refuses (and undoes what it moved)
    when a file of the same name appeared there meanwhile."""
    moved: list[tuple[Path, Path]] = []
    try:
        for source in sorted(staging.iterdir()):
            target = folder / source.name
            if target.exists():
                raise FileExistsError(
                    QCoreApplication.translate(
                        "ReportTask", "{0} exists already; it was not replaced."
                    ).format(target)
                )
            os.rename(source, target)
            moved.append((source, target))
    except OSError:
        for source, target in reversed(moved):
            os.rename(target, source)
        raise
    return [target for _, target in moved]
