"""A database user with read rights only can run the pushed-down checks."""

from __future__ import annotations

from pgdata import load, read_only_role
from test_pushdown_checks import MAPPING, _red_line, _units

from eco_zoning.plugin.adapters.postgis import connection, sql
from eco_zoning.plugin.adapters.postgis.pushdown import check_table
from eco_zoning.plugin.adapters.postgis.pushdown_checks import run_checks


def test_a_read_only_user_runs_the_checks(pg_info, pg_db, pg_schema):
    units = connection.table_of(load(_units(), pg_info, pg_schema, "units"))
    red = connection.table_of(load(_red_line(), pg_info, pg_schema, "red_line"))
    with read_only_role(pg_info, pg_db, pg_schema) as (reader, reader_info):
        db = connection.connect(reader_info)
        assert connection.execute(db, "SELECT current_user") == [[reader]]
        errors = run_checks(
            lambda statement: connection.execute(db, statement),
            check_table(units),
            MAPPING,
            4527,
        )
        assert set(errors["check_code"]) == {"G01", "G02", "T01"}
        # and it reads the red line's pieces inside the units
        from eco_zoning.plugin.adapters.postgis.pushdown_layers import layer_frames
        from eco_zoning.plugin.core import checks

        pieces = layer_frames(
            lambda statement: connection.execute(db, statement),
            check_table(units),
            MAPPING,
            {"red_line": check_table(red)},
            4527,
            checks.CheckInput(units=None),
        )
        assert len(pieces["red_line"]) > 0
        refused = None
        try:
            connection.execute(db, f"CREATE TABLE {sql.identifier(pg_schema)}.attempt (id int)")
        except connection.PostgisError as error:
            refused = str(error)
        assert refused and "permission denied" in refused
