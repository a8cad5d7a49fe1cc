"""The overlap analysis in PostGIS, chunk by chunk on two database sessions at once.

The features are cut into chunks in key order; each chunk is one statement (its constraint
pieces and its rows) that needs nothing of another, so two sessions can work side by side
whatever connection QGIS's pool hands out. The rows are spooled to a local folder and read
back chunk by chunk. They equal the one-session paged run's and the in-QGIS run's whatever
the chunk size, come in (feature key, layer) order, leave no folder behind, honour a cancel,
and a user with read rights only gets the same rows.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest
import shapely
from pgdata import load, read_only_role
from qgis.core import QgsProcessingException, QgsProcessingFeedback
from test_overlap_pushdown import (
    MODE_DATABASE,
    MODE_QGIS,
    _parcels,
    _polygons,
    _red_line,
    _same,
    _wells,
)
from test_overlap_pushdown import _rows as _layer_rows

from eco_zoning.plugin.adapters.postgis import connection, pushdown_overlap, sql
from eco_zoning.plugin.adapters.postgis.pushdown import check_table

BUFFERS = (0.0, 600.0, 0.0)


@pytest.fixture
def params(pg_info, pg_schema):
    return {
        "INPUT": load(_polygons(), pg_info, pg_schema, "features"),
        "NAME_FIELD": "name",
        "CONSTRAINTS": [
            load(_red_line(), pg_info, pg_schema, "生态保护红线"),
            load(_wells(), pg_info, pg_schema, "水源地"),
            load(_parcels(), pg_info, pg_schema, "永久基本农田"),
        ],
        "BUFFERS": ", ".join(str(b) for b in BUFFERS),
        "OUTPUT": "memory:",
    }


def _tables(params):
    features = check_table(connection.table_of(params["INPUT"]))
    constraints = [
        (c.name(), check_table(connection.table_of(c)), b, None)
        for c, b in zip(params["CONSTRAINTS"], BUFFERS)
    ]
    return features, constraints


class _Sessions:
    """Opens sessions for the chunked run and notes which thread and backend ran what."""

    def __init__(self, connection_info):
        self.info, self.threads, self.backends = connection_info, set(), set()

    def __call__(self):
        db = connection.connect(self.info)

        def execute(statement):
            self.threads.add(threading.current_thread().name)
            self.backends.add(connection.execute(db, "SELECT pg_backend_pid()")[0][0])
            return connection.execute(db, statement)

        return execute


def _frame(rows) -> pd.DataFrame:
    return pd.concat(list(rows), ignore_index=True)


def _equal(got: pd.DataFrame, expected: pd.DataFrame):
    """The same rows in the same order: keys, names, roles, measures and overlap shapes."""
    assert len(got) == len(expected) > 40
    plain = ["fid", "constraint", "role", "geom_type", "inside", "name"]
    pd.testing.assert_frame_equal(got[plain], expected[plain])
    for column in ("overlap_area_m2", "overlap_length_m", "percent"):
        pd.testing.assert_series_equal(got[column], expected[column], rtol=1e-9, atol=1e-9)
    assert shapely.equals(got["geometry"].to_numpy(), expected["geometry"].to_numpy()).all()


@pytest.mark.parametrize("size, sessions", [(1, 2), (3, 2), (7, 1), (1000, 2)])
def test_chunks_give_the_rows_of_the_paged_run(size, sessions, params, pg_db, pg_info, tmp_path):
    features, constraints = _tables(params)
    paged = _frame(
        pushdown_overlap.overlap_analysis(
            lambda s: connection.execute(pg_db, s), features, constraints, 4527, "name"
        )
    )
    opened = _Sessions(pg_info)
    spooled = pushdown_overlap.overlap_chunks(
        opened, features, constraints, 4527, "name",
        sessions=sessions, chunk_features=size, folder=str(tmp_path),
    )  # fmt: skip
    assert len(spooled) == len(paged)
    chunks = list(tmp_path.iterdir())
    assert len(chunks) == 1  # the spool folder
    got = _frame(spooled)
    _equal(got, paged)
    keys = list(
        zip(got["fid"], got["constraint"].map({c[0]: k for k, c in enumerate(constraints)}))
    )
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert list(tmp_path.iterdir()) == []  # removed once read
    if size < 1000:
        assert len(opened.threads - {"MainThread"}) == sessions  # the chunks were shared out


def test_the_algorithm_runs_chunked_and_equals_qgis(monkeypatch, params, run_algorithm):
    chunked = []
    chunk = pushdown_overlap.overlap_chunks

    def spy(*args, **kwargs):
        chunked.append(True)
        return chunk(*args, **{**kwargs, "chunk_features": 2})

    monkeypatch.setattr(pushdown_overlap, "overlap_chunks", spy)
    in_db, _, _ = run_algorithm("ecozoning:overlapanalysis", {**params, "MODE": MODE_DATABASE})
    assert chunked == [True]
    in_qgis, _, _ = run_algorithm("ecozoning:overlapanalysis", {**params, "MODE": MODE_QGIS})
    _same(_layer_rows(in_db["OUTPUT"]), _layer_rows(in_qgis["OUTPUT"]))


def test_a_constraint_table_without_a_spatial_index_runs_paged(params, pg_db):
    features, constraints = _tables(params)
    execute = lambda s: connection.execute(pg_db, s)  # noqa: E731
    assert pushdown_overlap.chunked_run_possible(execute, features, constraints)
    table = constraints[2][1]
    connection.execute(
        pg_db, f"DROP INDEX {sql.qualified(table.schema, table.table + '_geom_gist')}"
    )
    assert not pushdown_overlap.chunked_run_possible(execute, features, constraints)


def test_constraints_stored_in_another_crs_give_the_same_rows(params, pg_db, pg_info, tmp_path):
    """The chunk's constraint features are looked up in their own SRID (a grown box)."""
    features, constraints = _tables(params)
    moved = []
    for name, table, buffer, role in constraints:
        copy = sql.qualified(table.schema, table.table + "_4490")
        connection.execute(
            pg_db,
            f"CREATE TABLE {copy} AS SELECT fid, ST_Transform(geom, 4490) AS geom "
            f"FROM {table.relation}; CREATE INDEX ON {copy} USING gist (geom)",
        )
        moved.append(
            (
                name,
                table.__class__(table.schema, table.table + "_4490", "fid", "geom", 4490),
                buffer,
                role,
            )
        )
    paged = _frame(
        pushdown_overlap.overlap_analysis(
            lambda s: connection.execute(pg_db, s), features, moved, 4527, "name"
        )
    )
    got = _frame(
        pushdown_overlap.overlap_chunks(
            _Sessions(pg_info), features, moved, 4527, "name", chunk_features=3,
            folder=str(tmp_path),
        )
    )  # fmt: skip
    _equal(got, paged)


class _CancelAfterAChunk(QgsProcessingFeedback):
    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        if progress > 35:
            self.cancel()


def test_a_cancel_while_the_chunks_run_writes_nothing(monkeypatch, params, tmp_path):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingUtils, QgsProject

    folders = []
    chunk = pushdown_overlap.overlap_chunks

    def spy(*args, **kwargs):
        folders.append(Path(kwargs["folder"]))
        return chunk(*args, **{**kwargs, "chunk_features": 2})

    monkeypatch.setattr(pushdown_overlap, "overlap_chunks", spy)
    output = tmp_path / "overlaps.gpkg"
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = _CancelAfterAChunk()
    with pytest.raises(QgsProcessingException):
        processing.run(
            "ecozoning:overlapanalysis",
            {**params, "MODE": MODE_DATABASE, "OUTPUT": str(output)},
            context=context,
            feedback=feedback,
        )
    assert feedback.isCanceled() and folders == [Path(QgsProcessingUtils.tempFolder())]
    assert not output.exists()
    assert not list(folders[0].glob("ecozoning_overlaps_*"))


def test_close_without_reading_removes_the_spool(params, pg_info, tmp_path):
    features, constraints = _tables(params)
    spooled = pushdown_overlap.overlap_chunks(
        _Sessions(pg_info), features, constraints, 4527, "name", folder=str(tmp_path)
    )
    assert len(spooled) > 40 and len(list(tmp_path.iterdir())) == 1
    spooled.close()
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_user_gets_the_same_chunks(pg_info, pg_db, pg_schema, params, tmp_path):
    features, constraints = _tables(params)
    with read_only_role(pg_info, pg_db, pg_schema) as (reader, reader_info):
        sessions = _Sessions(reader_info)
        execute = sessions()
        assert execute("SELECT current_user")[0][0] == reader
        assert pushdown_overlap.chunked_run_possible(execute, features, constraints)
        got = _frame(
            pushdown_overlap.overlap_chunks(
                sessions, features, constraints, 4527, "name", chunk_features=3,
                folder=str(tmp_path),
            )
        )  # fmt: skip
        expected = _frame(
            pushdown_overlap.overlap_analysis(
                lambda s: connection.execute(pg_db, s), features, constraints, 4527, "name"
            )
        )
        _equal(got, expected)
