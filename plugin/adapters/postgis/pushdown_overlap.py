"""Run the overlap analysis in PostGIS and shape the rows like ``plugin.core.overlap``.

Only the overlaps travel: per feature and constraint layer a key, the overlap geometry and
its measures. Rows, roles and repair logs are those of ``core.overlap.overlap_analysis``.
"""

from __future__ import annotations

import contextlib
import pickle
import shutil
import tempfile
import threading
import uuid
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from ...core import overlap, roles
from ...core.geometry import DROPPED, GRID_SIZE, REPAIR_COLUMNS, REPAIRED
from . import overlap_sql
from .checks_sql import Table
from .pushdown_checks import _bytes, _truthy

KINDS = {0: "point", 1: "line", 2: "polygon"}


PAGE_BYTES = 8 * 1024 * 1024  # of WKB read back at a time (about; one bigger row alone)
# (a page costs QGIS several times its WKB: text-mode bytes, QVariants, shapely and QGIS
# geometries; at province-dense 64 MB pages peaked at 956 MB, 16 MB at 653, 4 MB at 576)
PAGE_ROWS = 20_000
# Each session sizes its buffers for temporary tables once, before it first uses one: a
# province's pieces (a million parcels and their GiST index) then stay in memory rather
# than being read back through 8 MB. Where the session has used them already, it is kept.
SESSION = "DO $$ BEGIN SET temp_buffers = '1GB'; EXCEPTION WHEN OTHERS THEN NULL; END $$;\n"


class Pages:
    """The overlaps stored in the database (temporary tables of this session), read back a
    page at a time: ``len()`` rows, iterated as frames (``OUTPUT_COLUMNS`` plus ``name``) in
    the order of (feature key, constraint layer). Only one page is held at once; the tables
    are dropped once the last page is read (or by ``close``)."""

    def __init__(self, execute, tables, numbers, count, layers):
        self._execute, self._tables, self._numbers = execute, tables, numbers
        self._count, self._layers = count, layers

    def __len__(self):
        return self._count

    def __iter__(self):
        try:
            for number in self._numbers:
                rows = self._execute(overlap_sql.page(*self._tables, number))
                frame = _rows(rows, self._layers)
                del rows
                yield frame
        finally:
            self.close()

    def close(self):
        if self._tables:
            tables, self._tables = self._tables, ()
            self._execute(overlap_sql.drop(*tables))


def _check_unique_names(constraints) -> None:
    names = [c[0] for c in constraints]
    if len(set(names)) != len(names):
        raise overlap.OverlapError("约束图层名称重复 / Constraint layer names must be unique")


def overlap_analysis(
    execute,
    features: Table,
    constraints: list[tuple[str, Table, float, str | None]],
    work_srid: int,
    name_field: str | None = None,
    grid: float = GRID_SIZE,
    progress=None,
    is_cancelled=None,
    page_bytes: int | None = None,
    page_rows: int | None = None,
) -> Pages:
    """``overlap.OUTPUT_COLUMNS`` plus ``name`` (the name field's text, or None), computed by
    the database and stored there, read back page by page (``Pages``). ``constraints``:
    (layer name, table, buffer in metres, role or None). A page holds at most ``page_rows``
    rows and about ``page_bytes`` of WKB (``PAGE_ROWS``, ``PAGE_BYTES`` when not given)."""
    _check_unique_names(constraints)
    token = uuid.uuid4().hex
    tables = (f"ez_overlap_results_{token}", f"ez_overlap_pages_{token}")
    try:
        for k, (_, table, buffer, _) in enumerate(constraints):
            if is_cancelled is not None and is_cancelled():
                raise overlap.Cancelled()
            if progress is not None:
                progress(100.0 * k / max(len(constraints), 1))
            parts = overlap_sql.overlap_parts(
                features, table, work_srid, grid, float(buffer), name_field, k
            )
            count = execute(SESSION + overlap_sql.results(tables[0], parts, k == 0))[0][0]
        if is_cancelled is not None and is_cancelled():
            raise overlap.Cancelled()
        numbers = [
            r[0]
            for r in execute(
                overlap_sql.pages(*tables, page_bytes or PAGE_BYTES, page_rows or PAGE_ROWS)
            )
        ]
    except BaseException:
        with contextlib.suppress(Exception):  # the error or cancel that got here matters
            execute(overlap_sql.drop(*tables))
        raise
    if progress is not None:
        progress(100.0)
    layers = [(n, roles.role(roles.resolve(n, role)[0]).label_zh) for n, _, _, role in constraints]
    return Pages(execute, tables, numbers, int(count), layers)


# The chunked run: the features are cut into chunks of CHUNK_FEATURES (in key order) and
# SESSIONS database sessions compute the chunks side by side, every chunk one statement
# that needs nothing of an earlier one (QGIS's connection pool hands its connections back
# in no fixed order, so no session may rely on a table another statement left). The rows
# are spooled to a local folder and read back chunk by chunk while the output is written.
SESSIONS = 2
CHUNK_FEATURES = 1000
# GEOS's notices about invalid features (ST_IsValid) stay in the server: QGIS would log
# each one (thousands at a province), and the repair log reports them once already.
QUIET = "SET LOCAL client_min_messages = warning;\n"


class Spooled:
    """The overlaps spooled to a local folder, chunk by chunk (pickled rows): ``len()`` rows,
    iterated as frames (as ``Pages``) in the order of (feature key, constraint layer), one
    chunk held at once. The folder is removed once the last chunk is read (or by ``close``)."""

    def __init__(self, folder: Path, files: list[Path], count: int, layers):
        self._folder, self._files, self._count, self._layers = folder, files, count, layers

    def __len__(self):
        return self._count

    def __iter__(self):
        try:
            for path in self._files:
                with path.open("rb") as stream:
                    rows = pickle.load(stream)
                path.unlink()
                if not rows:  # a chunk without overlaps
                    continue
                frame = _rows(rows, self._layers)
                del rows
                yield frame
        finally:
            self.close()

    def close(self):
        if self._folder is not None:
            folder, self._folder = self._folder, None
            shutil.rmtree(folder, ignore_errors=True)


def overlap_chunks(
    open_session,
    features: Table,
    constraints: list[tuple[str, Table, float, str | None]],
    work_srid: int,
    name_field: str | None = None,
    grid: float = GRID_SIZE,
    progress=None,
    is_cancelled=None,
    sessions: int | None = None,
    chunk_features: int | None = None,
    folder: str | None = None,
) -> Spooled:
    """``overlap_analysis``'s rows, computed chunk by chunk by ``sessions`` database sessions
    at once (``open_session()`` gives one: a function running a statement and returning its
    rows, called from one thread only) and spooled to a new folder in ``folder`` (the
    system's temporary folder by default). A cancel is honoured between chunks: the folder
    is removed and ``overlap.Cancelled`` raised."""
    _check_unique_names(constraints)
    size = int(chunk_features or CHUNK_FEATURES)
    execute = open_session()
    bounds = [r[0] for r in execute(overlap_sql.chunk_keys(features, size))]
    chunks = [(low, high) for low, high in zip(bounds, [*bounds[1:], None])]
    statements = [
        SESSION
        + QUIET
        + overlap_sql.chunk(
            features,
            work_srid,
            name_field,
            keys,
            [
                overlap_sql.overlap_parts(
                    features, table, work_srid, grid, float(buffer), name_field, k, chunked=True
                )
                for k, (_, table, buffer, _) in enumerate(constraints)
            ],
        )
        for keys in chunks
    ]
    spool = Path(tempfile.mkdtemp(prefix="ecozoning_overlaps_", dir=folder))
    files = [spool / f"chunk_{i:06d}.pickle" for i in range(len(chunks))]
    try:
        count = _run_chunks(
            statements, files, open_session, execute, sessions, progress, is_cancelled
        )
    except BaseException:
        shutil.rmtree(spool, ignore_errors=True)
        raise
    layers = [(n, roles.role(roles.resolve(n, role)[0]).label_zh) for n, _, _, role in constraints]
    return Spooled(spool, files, count, layers)


def _run_chunks(statements, files, open_session, first, sessions, progress, is_cancelled) -> int:
    """Runs ``statements`` on up to ``sessions`` sessions at once (``first`` is one already
    open), each one's rows pickled to its file; the number of rows."""
    local = threading.local()
    opened = [first]
    lock = threading.Lock()

    def session():
        if not hasattr(local, "execute"):
            with lock:
                local.execute = opened.pop() if opened else open_session()
        return local.execute

    def work(statement, path):
        rows = session()(statement)
        with path.open("wb") as stream:
            pickle.dump(rows, stream, protocol=pickle.HIGHEST_PROTOCOL)
        return len(rows)

    workers = max(1, int(sessions or SESSIONS))
    count, done, queued = 0, 0, list(zip(statements, files))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ez-overlap") as pool:
        running = set()
        try:
            while queued or running:
                if is_cancelled is not None and is_cancelled():
                    raise overlap.Cancelled()
                while queued and len(running) < workers:
                    running.add(pool.submit(work, *queued.pop(0)))
                finished, running = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in finished:
                    count += future.result()
                    done += 1
                    if progress is not None:
                        progress(100.0 * done / max(len(statements), 1))
        finally:
            queued.clear()
            for future in running:  # a statement running in the database cannot be stopped
                future.cancel()
    return count


def chunked_run_possible(execute, features: Table, constraints) -> bool:
    """Whether the chunked run fits: more than one session (``SESSIONS``; with one, the paged
    run is cheaper: it cuts each constraint layer once), every constraint table has a
    spatial index (each chunk looks its constraint features up through it) and the
    features' keys are integers or text (the chunks' bounds are written back as literals)."""
    if SESSIONS < 2:
        return False
    for _, table, _, _ in constraints:
        if not _truthy(execute(overlap_sql.spatially_indexed(table))[0][0]):
            return False
    sample = execute(overlap_sql.chunk_keys(features, 10**9))
    return all(isinstance(r[0], (int, str)) and not isinstance(r[0], bool) for r in sample)


def _rows(rows, layers) -> pd.DataFrame:
    """One page's rows (``overlap_sql.RESULT_COLUMNS``) as the core's rows."""
    geoms = np.empty(len(rows), dtype=object)
    geoms[:] = [shapely.from_wkb(_bytes(r[4])) for r in rows]
    dim = np.array([int(r[3]) for r in rows], dtype=int)
    area = np.array([np.nan if r[5] is None else float(r[5]) for r in rows])
    length = np.array([np.nan if r[6] is None else float(r[6]) for r in rows])
    points = np.array([0.0 if r[8] is None else float(r[8]) for r in rows])
    measure = np.where(dim == 2, area, np.where(dim == 1, length, points))
    base = np.array([float(r[7] or 0.0) for r in rows])
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(base > 0, np.minimum(100.0 * measure / base, 100.0), 0.0)
    layer = [int(r[1]) for r in rows]
    frame = pd.DataFrame(
        {
            "fid": [r[0] for r in rows],
            "constraint": [layers[k][0] for k in layer],
            "role": [layers[k][1] for k in layer],
            "geom_type": [KINDS[d] for d in dim],
            "overlap_area_m2": area,
            "overlap_length_m": length,
            "inside": True,
            "percent": percent,
            "geometry": geoms,
            "name": [r[2] for r in rows],
        }
    )
    frame = frame.astype({"overlap_area_m2": float, "overlap_length_m": float})
    return frame[[*overlap.OUTPUT_COLUMNS, "name"]]


def repairs(execute, features: Table, layer_name: str, constraints, work_srid: int):
    """The repair log (``REPAIR_COLUMNS``) of the input layer and of each constraint layer,
    as ``core.overlap`` writes it."""
    out = []
    for fid, reason, dropped in execute(overlap_sql.feature_repairs(features, work_srid)):
        detail = str(reason).split("[")[0] if reason else ""
        if reason:
            out.append((layer_name, fid, REPAIRED, detail))
        if _truthy(dropped):
            out.append((layer_name, fid, DROPPED, detail))
    for name, table, buffer, _ in constraints:
        for fid, reason in execute(overlap_sql.constraint_repairs(table, work_srid, buffer)):
            out.append((name, fid, REPAIRED, str(reason).split("[")[0]))
    return pd.DataFrame(out, columns=REPAIR_COLUMNS)
