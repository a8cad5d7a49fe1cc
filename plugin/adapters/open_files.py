"""Files that direct reading keeps open for one algorithm run (``held``), instead of opening
and closing a GeoPackage for every layer it reads.

Opening a GeoPackage costs ~3 ms in GDAL (``gdal.OpenEx`` reads every table's metadata)
plus a SQLite connection; a delineation reads seven tables of one file. Inside
``held()`` the GDAL datasets and read-only SQLite connections that ``direct_read`` opens
on this thread are kept and handed out again for the same file, as long as the file is
unchanged on disk (size, modification time and inode of the file and of its ``-wal``
journal). Everything is closed when the outermost ``held()`` is left, and by
``release()`` before anything is written (``EcoZoningAlgorithm.parameterAsSink``), so no
handle outlives the run or sits open on a file while QGIS replaces it.

Only the thread that entered ``held()`` shares handles (GDAL datasets and sqlite3
connections are not for two threads); other threads open and close per read as before.
No Qt or QGIS here.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager

_LOCAL = threading.local()  # .files: {(kind, path): (stamp, handle)} while held, else None


@contextmanager
def held():
    """Keep the files direct reading opens on this thread until the outermost exit."""
    if getattr(_LOCAL, "files", None) is not None:  # nested: the outer run owns them
        yield
        return
    _LOCAL.files = {}
    try:
        yield
    finally:
        release()
        _LOCAL.files = None


def holding() -> bool:
    """Whether this thread is inside ``held()``."""
    return getattr(_LOCAL, "files", None) is not None


def release() -> None:
    """Close every file held on this thread (the run goes on; later reads open anew)."""
    files = getattr(_LOCAL, "files", None)
    if not files:
        return
    handles = [handle for _, handle in files.values()]
    files.clear()
    for handle in handles:
        _close(handle)
    del handles


def _close(handle) -> None:
    close = getattr(handle, "close", None)  # sqlite3; a GDAL dataset closes when dropped
    if close is not None:
        close()


def _stamp(path: str):
    """What tells that ``path`` changed since it was opened: (size, mtime, inode) of the
    file and of its WAL journal (None when there is none); None when ``path`` is not a file."""
    try:
        main = os.stat(path)
    except (OSError, ValueError):
        return None
    try:
        wal = os.stat(f"{path}-wal")
        wal = (wal.st_size, wal.st_mtime_ns, wal.st_ino)
    except OSError:
        wal = None
    return (main.st_size, main.st_mtime_ns, main.st_ino), wal


def opened(kind: str, path: str, open_file):
    """A handle of ``kind`` on ``path``: the one held for this run if the file is unchanged
    since, else ``open_file()`` (held from now on when on a held thread and not None).
    The caller must not close a handle it got while ``holding()``."""
    files = getattr(_LOCAL, "files", None)
    if files is None:
        return open_file()
    key = (kind, str(path))
    stamp = _stamp(str(path))
    known = files.get(key)
    if known is not None and stamp is not None and known[0] == stamp:
        return known[1]
    if known is not None:  # the file changed (or cannot be told unchanged): its old handle goes
        del files[key]
        _close(known[1])
    handle = open_file()
    if handle is not None:  # held even without a stamp, so that ``release`` closes it
        files[key] = (stamp, handle)
    return handle
