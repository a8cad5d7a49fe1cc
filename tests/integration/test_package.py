"""`make package` builds a zip that installs, and qgis_process then lists and runs the algorithms."""

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tools import package

ROOT = Path(__file__).resolve().parents[2]

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


def test_zip_passes_the_plugin_repository_checks(archive):
    assert package.check_zip(archive) == []
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert "eco_zoning/LICENSE" in names
        assert "GNU GENERAL PUBLIC LICENSE" in z.read("eco_zoning/LICENSE").decode("utf-8")
        assert "Version 2" in z.read("eco_zoning/LICENSE").decode("utf-8")
        metadata = z.read("eco_zoning/metadata.txt").decode("utf-8")
    assert "supportsQt6=True" in metadata and "qgisMaximumVersion=4.99" in metadata
    assert "GPL-2.0-or-later" in metadata
    assert not [n for n in names if n.endswith(".pyc") or "__pycache__" in n]


def _rebuilt(archive, tmp_path, change):
    """A copy of the built zip with one thing changed: change(name, data) -> [(name, data)]."""
    out = tmp_path / "changed.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            for name, data in change(info.filename, src.read(info)):
                dst.writestr(name, data)
    return out


def test_check_zip_refuses_what_the_repository_refuses(archive, tmp_path):
    def add_pyc(name, data):
        extra = [(name.replace(".py", ".pyc"), b"\0")] if name.endswith("plugin/plugin.py") else []
        return [(name, data)] + extra

    def drop_license(name, data):
        return [] if name.endswith("/LICENSE") else [(name, data)]

    def no_qt6(name, data):
        if name.endswith("/metadata.txt"):
            data = data.replace(b"supportsQt6=True\n", b"").replace(b"email=", b"email_=")
        return [(name, data)]

    def add_hidden(name, data):
        extra = [("eco_zoning/.git/config", b"x")] if name == "eco_zoning/__init__.py" else []
        return [(name, data)] + extra

    assert any("compiled" in p for p in package.check_zip(_rebuilt(archive, tmp_path, add_pyc)))
    assert package.check_zip(_rebuilt(archive, tmp_path, drop_license)) == ["LICENSE missing"]
    problems = package.check_zip(_rebuilt(archive, tmp_path, no_qt6))
    assert "metadata.txt: supportsQt6 should be True" in problems
    assert "metadata.txt: email missing or empty" in problems
    assert any("hidden" in p for p in package.check_zip(_rebuilt(archive, tmp_path, add_hidden)))


def test_check_zip_refuses_symlinks(archive, tmp_path):
    out = tmp_path / "link.zip"
    shutil.copy(archive, out)
    with zipfile.ZipFile(out, "a") as z:
        info = zipfile.ZipInfo("eco_zoning/resources/link")
        info.external_attr = (0o120777) << 16  # a symlink entry, as zip -y stores one
        z.writestr(info, "../../etc/passwd")
    assert package.check_zip(out) == ["eco_zoning/resources/link: a symlink"]


def test_build_refuses_a_symlinked_source(tmp_path, monkeypatch):
    link = tmp_path / "linked.py"
    link.symlink_to(ROOT / "__init__.py")
    monkeypatch.setattr(package, "tracked_files", lambda: [link])
    monkeypatch.setattr(package, "ROOT", tmp_path)
    monkeypatch.setattr(package, "INCLUDE_FILES", ("linked.py",))
    with pytest.raises(SystemExit, match="symlink"):
        package.plugin_files()
