"""Build dist/eco_zoning-<version>.zip (installable via 从ZIP安装) or deploy to a QGIS profile.

The zip holds only what the plugin needs at run time: no tests, tools, benchmark,
CI or dev files; compiled translations (.qm) instead of sources (.ts).
"""

from __future__ import annotations

import argparse
import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_NAME = "eco_zoning"
INCLUDE_DIRS = ("plugin", "processing_provider", "ui", "resources", "i18n")
INCLUDE_FILES = ("__init__.py", "metadata.txt", "LICENSE", "README.md", "CHANGELOG.md")
EXCLUDE_SUFFIXES = (".ts", ".pyc", ".pro")


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
    print(f"package: {archive} ({archive.stat().st_size / 1e6:.1f} MB)")
    if args.deploy:
        print(f"deployed to {deploy(archive, args.profile)}")


if __name__ == "__main__":
    main()
