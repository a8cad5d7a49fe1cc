import pandas as pd

from plugin.core import access_target, changes, checks, compliance, schema, statistics, tables
from plugin.core.access import LEVEL_UNIT, ImportReport
from plugin.core.supervision import indicators, leads


def test_the_core_frames_have_the_columns_of_the_written_tables():
    assert compliance.UNIT_COLUMNS == [*tables.names(tables.COMPLIANCE_UNITS), "geometry"]
    assert compliance.REQUIREMENT_COLUMNS == tables.names(tables.COMPLIANCE_REQUIREMENTS)
    # the project frame carries the part outside every unit for the reports only
    written = tables.names(tables.COMPLIANCE_PROJECTS)
    assert [c for c in compliance.PROJECT_COLUMNS if c not in written] == [
        "outside_coverage_area_m2",
        "outside_coverage_length_m",
    ]
    assert [c for c in compliance.PROJECT_COLUMNS if c in written] == written
    assert checks.SUMMARY_COLUMNS == tables.names(tables.CHECK_SUMMARY)
    assert changes.CHANGE_COLUMNS[:-1] == tables.names(tables.CHANGES)
    assert statistics.COLUMNS == tables.names(tables.STATISTICS)
    assert indicators.ROW_COLUMNS == tables.names(tables.TRACKING_INDICATORS)
    assert leads.LEAD_COLUMNS == [*schema.field_names(schema.LEAD_FIELDS), "geometry"]


def test_every_table_field_has_a_kind_and_a_chinese_alias():
    kinds = {"str", "int", "int64", "float", "bool", "date", "datetime"}
    for name in tables.__all__:
        table = getattr(tables, name)
        if not isinstance(table, tuple):
            continue
        assert len(set(tables.names(table))) == len(table), name
        for spec in table:
            assert spec.kind in kinds and spec.alias_zh, (name, spec.name)


def test_region_tables_are_known_by_their_id_and_members():
    assert schema.is_region_table(["QYBH", "QYMC"])
    assert not schema.is_region_table(["QYBH", "QYMC"], with_members=True)
    assert schema.is_region_table(["fid", "QYBH", "CYDM"], with_members=True)
    assert not schema.is_region_table(["CYDM"])


def _frame(rows):
    return pd.DataFrame(
        rows, columns=[schema.REQ_ID, schema.REQ_SCOPE_LEVEL, schema.REQ_SCOPE_CODE]
    )


def test_import_into_a_table_replaces_unit_rows_or_names_the_clashes():
    existing = [
        (1, "ZH44060620002-1-1", LEVEL_UNIT, "ZH44060620002"),
        (2, "ZH44060620003-1-1", LEVEL_UNIT, "ZH44060620003"),
        (3, "SJ-1", "市级", "440600"),
    ]
    frame = _frame(
        [
            ("ZH44060620002-1-1", LEVEL_UNIT, "ZH44060620002"),
            ("ZH44060620002-1-2", LEVEL_UNIT, "ZH44060620002"),
            ("SJ-1", "市级", "440600"),
        ]
    )
    delete, clashes = access_target.plan_import(existing, frame, replace=True)
    assert delete == [1]
    assert clashes == [("SJ-1", "市级", "SJ-1")]
    delete, clashes = access_target.plan_import(existing, frame, replace=False)
    assert delete == []
    assert clashes == [("ZH44060620002", LEVEL_UNIT, "ZH44060620002-1-1"), ("SJ-1", "市级", "SJ-1")]
    report = ImportReport()
    access_target.report_clashes(report, clashes)
    assert not report.ok and len(report.errors) == 2
    assert "ZH44060620002" in str(report.errors[0]) and "SJ-1" in str(report.errors[1])
