"""Writing the 公众查阅 folder: index.html, app files, vendored libraries, data.js.

The data is a script assigning a global (``window.ECOZONING_DATA``), not JSON read
with fetch(), so the page works opened straight from disk (file://) as well as from
any static web server.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

WEB_DIR = Path(__file__).resolve().parents[3] / "resources" / "web"
STATIC_FILES = ("index.html", "app.js", "app.css")
VENDOR_DIR = "vendor"
DATA_FILE = "data.js"


def data_script(payload: dict) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # "</" cannot end a script element early, and U+2028/2029 are line ends in JS
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.ECOZONING_DATA={text};\n"


def write_folder(folder, payload: dict, web_dir: Path = WEB_DIR) -> list[Path]:
    """Write the page into ``folder`` (created; an earlier export there is replaced, a
    folder holding anything else is refused with FileExistsError naming a file).

    Written to a sibling temporary folder first and moved into place, so a failure
    leaves no half-written page. Returns the files written.
    """
    folder = Path(folder)
    foreign = foreign_files(folder)
    if foreign:
        raise FileExistsError(str(foreign[0]))
    staging = folder.with_name(folder.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        for name in STATIC_FILES:
            shutil.copy2(web_dir / name, staging / name)
        shutil.copytree(web_dir / VENDOR_DIR, staging / VENDOR_DIR)
        (staging / DATA_FILE).write_text(data_script(payload), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if folder.exists():
        shutil.rmtree(folder)
    staging.rename(folder)
    return sorted(p for p in folder.rglob("*") if p.is_file())


def foreign_files(folder: Path) -> list[Path]:
    """Files in ``folder`` that an export did not write (an export replaces only its own)."""
    if not folder.exists():
        return []
    if not folder.is_dir():
        return [folder]
    ours = {*STATIC_FILES, DATA_FILE, VENDOR_DIR}
    return sorted(p for p in folder.iterdir() if p.name not in ours)


# URLs inside the vendored libraries that the page never loads, each with its reason.
# Anything else found in an exported folder is "a URL to an outside host".
LIBRARY_URLS_NOT_LOADED = {
    ("vendor/leaflet/leaflet.js", "http://www.w3.org/2000/svg"): "SVG namespace name",
    ("vendor/leaflet/leaflet.js", "https://leafletjs.com"): (
        "default attribution link; app.js sets the prefix to plain text"
    ),
    ("vendor/leaflet/leaflet.css", "https://bugs.chromium.org/p/chromium/issues/detail"): (
        "comment"
    ),
    ("vendor/leaflet/leaflet.css", "https://bugzilla.mozilla.org/show_bug.cgi"): "comment",
    ("vendor/turf/turf.min.js", "https://github.com/RaumZeit/MarchingSquares.js"): (
        "licence comment of a bundled module"
    ),
}
URL_PATTERN = re.compile(
    r"""(?:\b[a-z][a-z0-9+.-]*:)?//(?:[a-z0-9-]+\.)+[a-z0-9-]+(?::\d+)?[^\s"'()<>?#]*""", re.I
)


def find_urls(folder) -> list[tuple[str, str]]:
    """(file relative to ``folder``, URL) for every absolute or protocol-relative URL
    with a host name in any file of the folder."""
    folder = Path(folder)
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="ignore")
        relative = path.relative_to(folder).as_posix()
        found.extend((relative, m.group(0)) for m in URL_PATTERN.finditer(text))
    return found


def outside_urls(folder, allowed: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """URLs in the folder that are neither vendored-library text the page never loads
    nor start with one of ``allowed`` (a basemap the user gave)."""
    return [
        (path, url)
        for path, url in find_urls(folder)
        if (path, url) not in LIBRARY_URLS_NOT_LOADED
        and not any(url.startswith(prefix) for prefix in allowed if prefix)
    ]
