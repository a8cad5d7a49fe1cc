"""The overlap analysis in PostGIS reads its results back page by page.

The rows are stored once in temporary tables of the session and read a page at a time while
the output is written (a province's overlaps are gigabytes of WKB): the rows are the same
whatever the page size, the tables are dropped afterwards, a cancel while the database works
writes nothing, and a user with read rights only gets the same pages.
"""

from __future__ import annotations

import pandas as pd
import pytest
from pgdata import load, read_only_role
from qgis.core import QgsProcessingException, QgsProcessingFeedback
from test_overlap_pushdown import (
    MODE_DATABASE,
    MODE_QGIS,
    _parcels,
    _polygons,
    _red_line,
    _rows,
    _same,
    _wells,
)

from eco_zoning.plugin.adapters.postgis import connection, overlap_sql, pushdown_overlap, sql
from eco_zoning.plugin.adapters.postgis.pushdown import check_table


@pytest.fixture(autouse=True)
def one_session(monkeypatch):
    """The paged run (one session); the chunked run is tested in test_overlap_chunks.py."""
    monkeypatch.setattr(pushdown_overlap, "SESSIONS", 1)


@pytest.fixture
def tables(monkeypatch):
    """The names of the tables the runs stored their results in."""
    names = []
    results = overlap_sql.results

    def spy(table, parts, first):
        names.append(table)
        return results(table, parts, first)

    monkeypatch.setattr(overlap_sql, "results", spy)
    return names


def _left_over(db, tables) -> int:
    """How many of the runs' tables (results and pages) still exist, in any session."""
    assert tables
    names = ", ".join(
        sql.literal(n.replace("_results_", p)) for n in tables for p in ("_results_", "_pages_")
    )
    return connection.execute(db, f"SELECT count(*) FROM pg_class WHERE relname IN ({names})")[0][0]


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
        "BUFFERS": "0, 600, 0",
        "OUTPUT": "memory:",
    }


@pytest.fixture
def page_reads(monkeypatch):
    """The page numbers read, in order."""
    read = []
    page = overlap_sql.page

    def spy(table, order, number):
        read.append(number)
        return page(table, order, number)

    monkeypatch.setattr(overlap_sql, "page", spy)
    return read


@pytest.mark.parametrize(
    "rows, size", [(3, 10**9), (10**6, 1), (7, 4000)], ids=["3 rows", "1 row", "7 rows or 4 kB"]
)
def test_tiny_pages_give_the_rows_of_one_page(
    rows, size, monkeypatch, page_reads, tables, params, run_algorithm, pg_db
):
    whole, _, _ = run_algorithm("ecozoning:overlapanalysis", {**params, "MODE": MODE_DATABASE})
    assert len(page_reads) == 1, "the default page holds this sample's rows"
    expected = _rows(whole["OUTPUT"])
    monkeypatch.setattr(pushdown_overlap, "PAGE_ROWS", rows)
    monkeypatch.setattr(pushdown_overlap, "PAGE_BYTES", size)
    page_reads.clear()
    paged, _, _ = run_algorithm("ecozoning:overlapanalysis", {**params, "MODE": MODE_DATABASE})
    got = _rows(paged["OUTPUT"])
    assert got == expected and len(got) > 40
    assert page_reads == sorted(page_reads) and len(set(page_reads)) == len(page_reads)
    assert len(page_reads) >= len(got) / min(rows, 7) > 10
    if size == 1:
        assert len(page_reads) == len(got)  # a row bigger than a page is a page of its own
    assert _left_over(pg_db, tables) == 0
    in_qgis, _, _ = run_algorithm("ecozoning:overlapanalysis", {**params, "MODE": MODE_QGIS})
    _same(got, _rows(in_qgis["OUTPUT"]))


def test_pages_come_in_feature_then_layer_order(pg_db, params, tables):
    features = check_table(connection.table_of(params["INPUT"]))
    constraints = [
        (c.name(), check_table(connection.table_of(c)), b, None)
        for c, b in zip(params["CONSTRAINTS"], (0.0, 600.0, 0.0))
    ]
    pages = pushdown_overlap.overlap_analysis(
        lambda s: connection.execute(pg_db, s), features, constraints, 4527, "name",
        page_rows=4,
    )  # fmt: skip
    frames = list(pages)
    assert len(frames) >= 10 and all(len(f) <= 4 for f in frames)
    rows = pd.concat(frames, ignore_index=True)
    assert len(rows) == len(pages)
    layer = rows["constraint"].map({c[0]: k for k, c in enumerate(constraints)})
    keys = list(zip(rows["fid"], layer))
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert set(rows["constraint"]) == {c[0] for c in constraints}
    assert _left_over(pg_db, tables) == 0


class _CancelInTheDatabase(QgsProcessingFeedback):
    """Cancels once the database has stored the first constraint layer's rows."""

    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        if progress > 40:
            self.cancel()


def test_a_cancel_while_the_database_works_writes_nothing(params, pg_db, tables, tmp_path):
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    output = tmp_path / "overlaps.gpkg"
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = _CancelInTheDatabase()
    with pytest.raises(QgsProcessingException):
        processing.run(
            "ecozoning:overlapanalysis",
            {**params, "MODE": MODE_DATABASE, "OUTPUT": str(output)},
            context=context,
            feedback=feedback,
        )
    assert feedback.isCanceled()
    assert not output.exists()
    assert _left_over(pg_db, tables) == 0


def test_a_read_only_user_reads_the_same_pages(pg_info, pg_db, pg_schema, params, tables):
    features = check_table(connection.table_of(params["INPUT"]))
    constraints = [
        (c.name(), check_table(connection.table_of(c)), b, None)
        for c, b in zip(params["CONSTRAINTS"], (0.0, 600.0, 0.0))
    ]
    with read_only_role(pg_info, pg_db, pg_schema) as (reader, reader_info):
        db = connection.connect(reader_info)

        def frames(execute):
            pages = pushdown_overlap.overlap_analysis(
                execute, features, constraints, 4527, "name", page_rows=5
            )
            return pd.concat(list(pages), ignore_index=True).drop(columns="geometry")

        got = frames(lambda s: connection.execute(db, s))
        expected = frames(lambda s: connection.execute(pg_db, s))
        assert len(got) > 40
        pd.testing.assert_frame_equal(got, expected)
        assert _left_over(pg_db, tables) == 0
