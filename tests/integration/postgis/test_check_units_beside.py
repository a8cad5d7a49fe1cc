"""ecozoning:checkunits in the database: PostGIS computes the layers' pieces on a thread of its
own while the core checks the units, and the core takes them where its steps need them.

The pieces taken late give the result of the pieces handed in up front; the core asks for
them at T04 and at the layer checks, in that order. A database error, wherever it happens
while the core runs, is the algorithm's translated error; a cancel stops the statement
running in the server, the core and the thread, and writes nothing.
"""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
)
from test_check_units_pushdown import MODE_DATABASE, MODE_QGIS, _params
from test_check_units_pushdown import _rows as _layer_rows
from test_pushdown_checks import (
    MAPPING,
    _admin,
    _counties,
    _tables,
    _units_frame,
    loaded,  # noqa: F401  (fixture)
)

from eco_zoning.plugin.adapters.postgis import checks_sql, connection, pushdown_beside
from eco_zoning.plugin.adapters.postgis.pushdown_layers import finish, layer_frames, repair_logs
from eco_zoning.plugin.core import checks
from eco_zoning.plugin.core.checks import run as core_run
from eco_zoning.plugin.core.checks.pending import LAYERS, STEPS
from eco_zoning.plugin.core.checks.pieces import T04

THREAD = "ez-checks-database"


def _threads_left():
    return [t for t in threading.enumerate() if t.name == THREAD and t.is_alive()]


def test_pieces_taken_late_give_the_result_of_pieces_up_front(loaded):  # noqa: F811
    units_layer, layers = loaded
    units, admin = _units_frame(units_layer), _admin()
    execute, units_table, tables = _tables(units_layer, layers)
    up_front = checks.CheckInput(units=units, admin=admin)
    for name, frame in layer_frames(execute, units_table, MAPPING, tables, 4527, up_front).items():
        setattr(up_front, name, frame)
    expected = finish(execute, checks.check_units(up_front), tables, 4527, up_front)

    job = checks.CheckInput(units=units, admin=admin)
    beside = pushdown_beside.pieces_beside(lambda: execute, units_table, MAPPING, tables, 4527, job)
    asked = []

    def pending(step):
        asked.append(step)
        return beside.take(step)

    job.pending = pending
    try:
        core = checks.check_units(job, workers=2)
        logs = beside.take(pushdown_beside.REPAIRS)
    finally:
        beside.stop()
    got = finish(execute, core, tables, 4527, job, logs=logs)
    assert asked == list(STEPS) == [T04, LAYERS]
    assert {"R01", "R02", "S01", "S02", "T04"} <= set(expected.errors["check_code"])
    pd.testing.assert_frame_equal(got.errors, expected.errors)
    pd.testing.assert_frame_equal(got.summary, expected.summary)
    pd.testing.assert_frame_equal(got.repairs, expected.repairs)
    assert len(got.repairs) > 0  # the farmland's self-intersecting parcel
    expected_logs = repair_logs(execute, tables, 4527, job, job.layer_names)
    for a, b in zip(logs, expected_logs, strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert not _threads_left()


def test_the_algorithm_overlays_on_its_own_thread_and_equals_qgis(
    monkeypatch,
    run_algorithm,
    loaded,  # noqa: F811
):
    """The database work runs on the thread (not the algorithm's), the core takes both
    steps, and every row equals the run in QGIS."""
    units_layer, layers = loaded
    layers = dict(layers)
    red = layers.pop("red_line")
    where = []
    frames = pushdown_beside.layer_frames

    def spy(*args, **kwargs):
        where.append(threading.current_thread().name)
        return frames(*args, **kwargs)

    monkeypatch.setattr(pushdown_beside, "layer_frames", spy)
    taken = []
    take = pushdown_beside.Beside.take

    def take_spy(self, step):
        taken.append(step)
        return take(self, step)

    monkeypatch.setattr(pushdown_beside.Beside, "take", take_spy)
    params = {
        **_params(units_layer, red, MODE_DATABASE, **layers),
        "ADMIN": _counties(),
        "ADMIN_CODE_FIELD": "XZQDM",
    }
    in_db, _, _ = run_algorithm("ecozoning:checkunits", params)
    in_qgis, _, _ = run_algorithm("ecozoning:checkunits", {**params, "MODE": MODE_QGIS})
    assert where == [THREAD]
    assert taken == [T04, LAYERS, pushdown_beside.REPAIRS]
    got, expected = _layer_rows(in_db["OUTPUT_ERRORS"]), _layer_rows(in_qgis["OUTPUT_ERRORS"])
    assert [r[:3] for r in got] == [r[:3] for r in expected]
    for (_, _, _, a), (_, _, _, b) in zip(got, expected):
        assert a == pytest.approx(b, rel=1e-3, abs=1e-6)
    assert not _threads_left()


def _wait_for_the_thread(monkeypatch):
    """The core's T01 step waits until the database thread has ended: its error is then
    there while the core still runs."""
    overlaps = core_run.check_overlaps

    def waiting(*args, **kwargs):
        for _ in range(600):
            if not _threads_left():
                break
            time.sleep(0.1)
        return overlaps(*args, **kwargs)

    monkeypatch.setattr(core_run, "check_overlaps", waiting)


def _failing(monkeypatch, module, name):
    """``module.name`` (a SQL builder) giving a statement the server refuses."""
    monkeypatch.setattr(module, name, lambda *args, **kwargs: "SELECT 1/0")


@pytest.mark.parametrize(
    "statement",
    ["unit_attributes", "layer_in_small_parts", "layer_in_units", "layer_repairs"],
)
@pytest.mark.parametrize("noticed", ["after the thread ended", "as it comes"])
def test_a_database_error_beside_the_core_is_the_algorithms_error(
    monkeypatch,
    run_algorithm,
    tmp_path,
    loaded,  # noqa: F811
    statement,
    noticed,
):
    units_layer, layers = loaded
    layers = dict(layers)
    red = layers.pop("red_line")
    assert hasattr(checks_sql, statement)
    _failing(monkeypatch, checks_sql, statement)
    if noticed == "after the thread ended":
        _wait_for_the_thread(monkeypatch)
    output = tmp_path / "errors.gpkg"
    params = {**_params(units_layer, red, MODE_DATABASE, **layers), "OUTPUT_ERRORS": str(output)}
    with pytest.raises(
        QgsProcessingException, match=r"(?s)^The database refused a query: .*division by zero"
    ):
        run_algorithm("ecozoning:checkunits", params)
    assert not output.exists()
    assert not _threads_left()


class _CancelOnceTheStatementRuns(QgsProcessingFeedback):
    """Cancels when the core reaches the layer checks, once the slow statement runs."""

    def __init__(self, running: threading.Event):
        super().__init__()
        self.running = running

    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        if progress >= 70 and not self.isCanceled():
            assert self.running.wait(60), "the slow statement never started"
            time.sleep(0.5)  # let it reach the server
            self.cancel()


def test_a_cancel_stops_the_statement_the_core_and_the_thread(
    monkeypatch,
    processing_ready,
    tmp_path,
    pg_db,
    loaded,  # noqa: F811
):
    import processing

    units_layer, layers = loaded
    layers = dict(layers)
    red = layers.pop("red_line")
    inside = checks_sql.layer_in_units
    monkeypatch.setattr(
        checks_sql,
        "layer_in_units",
        lambda *args, **kwargs: "SELECT pg_sleep(600);\n" + inside(*args, **kwargs),
    )
    running, errors = threading.Event(), []
    execute = connection.execute

    def watched(db, statement, feedback=None):
        if "pg_sleep" in statement:
            running.set()
        try:
            return execute(db, statement, feedback)
        except connection.PostgisError as error:
            errors.append(str(error))
            raise

    monkeypatch.setattr(connection, "execute", watched)
    output = tmp_path / "errors.gpkg"
    params = {
        **_params(units_layer, red, MODE_DATABASE, **layers),
        "ADMIN": _counties(),
        "ADMIN_CODE_FIELD": "XZQDM",
        "OUTPUT_ERRORS": str(output),
    }
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = _CancelOnceTheStatementRuns(running)
    with pytest.raises(QgsProcessingException):
        processing.run("ecozoning:checkunits", params, context=context, feedback=feedback)
    assert feedback.isCanceled()
    assert not _threads_left()
    # the server stopped the statement (it was not waited out)
    assert any("canceling statement due to user request" in e for e in errors), errors
    active = connection.execute(
        pg_db,
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(600)%' "
        "AND state = 'active' AND pid <> pg_backend_pid()",
    )
    assert active[0][0] == 0
    assert not output.exists()
