"""Filing package helpers: manifest, zip, quality-check statement, metadata."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from eco_zoning.plugin.core import filing, schema


def make_package(folder):
    (folder / "shapefile").mkdir(parents=True)
    (folder / "shapefile" / "units.dbf").write_bytes(b"\x03abc")
    (folder / "metadata.json").write_text('{"version_id": "v1"}', encoding="utf-8")
    filing.write_manifest(folder)


def test_manifest_verifies_and_catches_tampering(tmp_path):
    make_package(tmp_path)
    lines = (tmp_path / filing.MANIFEST).read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in lines] == ["metadata.json", "shapefile/units.dbf"]
    assert filing.verify_manifest(tmp_path) == []
    (tmp_path / "shapefile" / "units.dbf").write_bytes(b"\x03abd")
    (tmp_path / "extra.txt").write_text("x", encoding="utf-8")
    (tmp_path / "metadata.json").unlink()
    assert sorted(filing.verify_manifest(tmp_path)) == [
        ("mismatch", "shapefile/units.dbf"),
        ("missing", "metadata.json"),
        ("unlisted", "extra.txt"),
    ]


def test_zip_round_trip_and_unsafe_entries(tmp_path):
    make_package(tmp_path / "pkg")
    archive = filing.zip_folder(tmp_path / "pkg", tmp_path / "pkg.zip")
    filing.safe_extract(archive, tmp_path / "out")
    assert filing.verify_manifest(tmp_path / "out") == []
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as bad:
        bad.writestr("../escape.txt", "x")
    with pytest.raises(ValueError):
        filing.safe_extract(tmp_path / "evil.zip", tmp_path / "out2")
    assert not (tmp_path / "escape.txt").exists()


def checks(*rows):
    return pd.DataFrame(
        [
            {
                schema.CHK_CODE: code,
                schema.CHK_SEVERITY: severity,
                schema.CHK_UNITS: units,
                schema.CHK_MESSAGE: "问题",
                schema.CHK_STATUS: status,
                schema.CHK_NOTE: note,
            }
            for code, severity, units, status, note in rows
        ]
    )


def test_quality_check_status_and_statement():
    clean = checks(("G01", "警告", "ZH1", "待处理", None))
    assert filing.qc_status(clean) == filing.QC_PASSED
    accepted = checks(
        ("R01", "错误", "ZH1", "例外", "经论证保留"), ("G01", "警告", "ZH2", "待处理", None)
    )
    assert filing.qc_status(accepted) == filing.QC_PASSED_WITH_EXCEPTIONS
    page = filing.check_statement_html(accepted, "v1")
    assert "经论证保留" in page and "已确认的例外" in page
    failing = checks(("T01", "错误", "ZH3", "待处理", None), ("R01", "错误", "ZH1", "例外", "理由"))
    assert filing.qc_status(failing) == filing.QC_FAILED
    assert list(filing.open_errors(failing)[schema.CHK_CODE]) == ["T01"]
    assert "T01 ZH3" in filing.describe_errors(filing.open_errors(failing))
    assert "未处理的错误" in filing.check_statement_html(failing, "v1")


def test_metadata_rows_in_fixed_order():
    rows = filing.metadata_rows({schema.VERSION_ID: "v2", "crs": "EPSG:4527"})
    assert rows[0] == ["版本号", "v2"]
    assert ["坐标系", "EPSG:4527"] in rows
    assert len(rows) == len(filing.METADATA_LABELS)
