"""`make package` builds a zip that installs, and qgis_process then lists and runs the algorithms."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import package  # noqa: E402

QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/lib/qgis/qgis_process.bin"


@pytest.fixture(scope="module")
def archive():
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    return package.build_zip()


def test_zip_holds_the_plugin_and_no_dev_files(archive):
    names = zipfile.ZipFile(archive).namelist()
    assert "eco_zoning/__init__.py" in names and "eco_zoning/metadata.txt" in names
    assert "eco_zoning/i18n/eco_zoning_zh_CN.qm" in names
    assert "eco_zoning/processing_provider/algorithms/create_project.py" in names
    # the web page and its map libraries, with their licences: no npm needed by users
    for web in (
        "index.html",
        "app.js",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/LICENSE",
        "vendor/turf/turf.min.js",
        "vendor/turf/LICENSE",
    ):
        assert f"eco_zoning/resources/web/{web}" in names, web
    assert all(n.startswith("eco_zoning/") for n in names)
    for forbidden in ("tests/", "tools/", "bench/", ".ci/", "Makefile", ".ts", ".venv"):
        assert not [n for n in names if forbidden in n], forbidden


@pytest.mark.skipif(not Path(QGIS_PROCESS).exists(), reason="qgis_process not installed")
def test_installed_zip_runs_under_qgis_process(archive, tmp_path):
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    target = tmp_path / "profiles" / "default" / "python" / "plugins"
    target.mkdir(parents=True)
    zipfile.ZipFile(archive).extractall(target)
    ini = tmp_path / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text("[PythonPlugins]\neco_zoning=true\n")

    listing = subprocess.run(
        [QGIS_PROCESS, "list"], env=env, capture_output=True, text=True, timeout=120
    )
    assert "ecozoning:createproject" in listing.stdout

    output = tmp_path / "项目.gpkg"
    run = subprocess.run(
        [QGIS_PROCESS, "run", "ecozoning:createproject", "--", "CRS=EPSG:4527", f"OUTPUT={output}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert output.exists() and output.stat().st_size > 0
