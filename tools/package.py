"""Build dist/eco_zoning-<version>.zip (installable via 从ZIP安装) or deploy to a QGIS profile.

The zip holds only what the plugin needs at run time: no tests, tools, benchmark,
CI or dev files; compiled translations (.qm) instead of sources (.ts). The built zip is
checked against the QGIS plugin repository's rules (:func:`check_zip`) and refused when
any fails: one top folder, complete metadata, a LICENSE, no compiled or cache files, no
hidden files, no symlinks.
"""

from __future__ import annotations

import argparse
import configparser
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_NAME = "eco_zoning"
INCLUDE_DIRS = ("plugin", "processing_provider", "ui", "resources", "i18n")
INCLUDE_FILES = ("__init__.py", "metadata.txt", "LICENSE", "README.md", "CHANGELOG.md")
EXCLUDE_SUFFIXES = (".ts", ".pyc", ".pro")
# What plugins.qgis.org requires of metadata.txt, and what we declare besides.
REQUIRED_METADATA = (
    "name",
    "qgisMinimumVersion",
    "description",
    "about",
    "version",
    "author",
    "email",
    "repository",
    "tracker",
)
DECLARED_METADATA = {"qgisMaximumVersion": "4.99", "supportsQt6": "True"}
COMPILED_SUFFIXES = (".pyc", ".pyo", ".pyd", ".so", ".dll", ".dylib", ".exe", ".o")
MAX_ZIP_BYTES = 25 * 1024 * 1024


def tracked_files() -> list[Path]:
    listed = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode("utf-8")
        .split("\0")
    )
    return [ROOT / name for name in listed if name]


def plugin_files() -> list[Path]:
    files = []
    for path in tracked_files():
        relative = path.relative_to(ROOT)
        top = relative.parts[0]
        if str(relative) in INCLUDE_FILES or (top in INCLUDE_DIRS and len(relative.parts) > 1):
            if path.suffix not in EXCLUDE_SUFFIXES and path.exists():
                if path.is_symlink():
                    sys.exit(
                        f"package: {relative} is a symlink; the plugin repository refuses them"
                    )
                files.append(path)
    files += sorted((ROOT / "i18n").glob("*.qm"))  # built, not tracked
    return sorted(set(files))


def version() -> str:
    config = configparser.ConfigParser()
    config.read(ROOT / "metadata.txt", encoding="utf-8")
    return config["general"]["version"]


def build_zip() -> Path:
    if not list((ROOT / "i18n").glob("*.qm")):
        sys.exit("i18n/*.qm missing: run make setup first")
    out = ROOT / "dist" / f"{PLUGIN_NAME}-{version()}.zip"
    out.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in plugin_files():
            archive.write(path, f"{PLUGIN_NAME}/{path.relative_to(ROOT).as_posix()}")
    return out


def _metadata_problems(text: str) -> list[str]:
    config = configparser.ConfigParser(interpolation=None)
    config.read_string(text)
    if "general" not in config:
        return ["metadata.txt has no [general] section"]
    meta = config["general"]
    problems = [
        f"metadata.txt: {key} missing or empty"
        for key in REQUIRED_METADATA
        if not meta.get(key, "").strip()
    ]
    for key, value in DECLARED_METADATA.items():
        if meta.get(key, "").strip() != value:
            problems.append(f"metadata.txt: {key} should be {value}")
    if not re.fullmatch(r"\d+\.\d+(\.\d+)?", meta.get("version", "").strip()):
        problems.append("metadata.txt: version is not like 1.2.3")
    if "@" not in meta.get("email", ""):
        problems.append("metadata.txt: email is not an address")
    for key in ("repository", "tracker", "homepage"):
        value = meta.get(key, "").strip()
        if value and not value.startswith(("http://", "https://")):
            problems.append(f"metadata.txt: {key} is not a web address")
    return problems


def check_zip(archive: Path) -> list[str]:
    """The plugin repository's checks on a built zip; an empty list when it passes."""
    problems = []
    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        tops = {n.split("/")[0] for n in names}
        if tops != {PLUGIN_NAME}:
            problems.append(f"the zip must hold one folder {PLUGIN_NAME}/, holds {sorted(tops)}")
        for info in infos:
            name = info.filename
            parts = name.rstrip("/").split("/")
            if stat.S_ISLNK(info.external_attr >> 16):
                problems.append(f"{name}: a symlink")
            if name.endswith(COMPILED_SUFFIXES) or "__pycache__" in parts:
                problems.append(f"{name}: a compiled or cache file")
            if any(p.startswith(".") or p == "__MACOSX" for p in parts):
                problems.append(f"{name}: a hidden file or folder")
        for required in ("__init__.py", "metadata.txt", "LICENSE"):
            if f"{PLUGIN_NAME}/{required}" not in names:
                problems.append(f"{required} missing")
        if f"{PLUGIN_NAME}/__init__.py" in names:
            if "def classFactory(" not in z.read(f"{PLUGIN_NAME}/__init__.py").decode("utf-8"):
                problems.append("__init__.py has no classFactory")
        if f"{PLUGIN_NAME}/metadata.txt" in names:
            problems += _metadata_problems(z.read(f"{PLUGIN_NAME}/metadata.txt").decode("utf-8"))
    if archive.stat().st_size > MAX_ZIP_BYTES:
        problems.append(f"the zip is larger than {MAX_ZIP_BYTES // 2**20} MB")
    return problems


def qgis_plugins_dir(profile: str) -> Path:
    base = os.environ.get("QGIS_CUSTOM_CONFIG_PATH")
    if base:
        root = Path(base)
    elif sys.platform.startswith("win"):
        root = Path(os.environ["APPDATA"]) / "QGIS" / "QGIS3"
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Application Support" / "QGIS" / "QGIS3"
    else:
        root = Path.home() / ".local" / "share" / "QGIS" / "QGIS3"
    return root / "profiles" / profile / "python" / "plugins"


def deploy(archive: Path, profile: str) -> Path:
    target_root = qgis_plugins_dir(profile)
    target = target_root / PLUGIN_NAME
    if target.exists():
        shutil.rmtree(target)
    target_root.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as z:
        z.extractall(target_root)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deploy", action="store_true", help="install into a QGIS profile")
    parser.add_argument("--profile", default="default")
    args = parser.parse_args()
    archive = build_zip()
    problems = check_zip(archive)
    if problems:
        archive.unlink()
        sys.exit("package: the plugin repository would refuse the zip:\n  " + "\n  ".join(problems))
    print(f"package: {archive} ({archive.stat().st_size / 1e6:.1f} MB), repository checks passed")
    if args.deploy:
        print(f"deployed to {deploy(archive, args.profile)}")


if __name__ == "__main__":
    main()
