#!/usr/bin/env bash
# Start real QGIS desktop under Xvfb, in Chinese, with the plugin installed in a
# throw-away profile and the venv's shapely 2 visible; tools/screenshots_qgis.py
# loads the sample city, opens the plugin's panels and saves PNGs into docs/.
# `tools/screenshots.sh fieldwork` instead opens the demo's field-review package
# (tools/screenshot_fieldwork_qgis.py; run `make demo` first).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRIPT=screenshots_qgis.py
[ "${1:-}" = fieldwork ] && SCRIPT=screenshot_fieldwork_qgis.py
ROOT=$(pwd)
PROFILE_ROOT=$(mktemp -d /tmp/ecozoning-qgis-XXXXXX)
trap 'cp "$PROFILE_ROOT/qgis.log" /tmp/ecozoning-qgis-last.log 2>/dev/null; rm -rf "$PROFILE_ROOT"' EXIT

QGIS_CUSTOM_CONFIG_PATH="$PROFILE_ROOT" .venv/bin/python tools/package.py --deploy >/dev/null
mkdir -p "$PROFILE_ROOT/profiles/default/QGIS"
cat > "$PROFILE_ROOT/profiles/default/QGIS/QGIS3.ini" <<INI
[PythonPlugins]
eco_zoning=true
[locale]
overrideFlag=true
userLocale=zh_CN
globalLocale=zh_CN
[qgis]
checkVersion=false
showTips=false
allowVersionCheck=false
[core]
NewsFeed\\\\httpsfeedqgisorg\\\\disabled=true
INI

# QGIS desktop links Debian's GEOS into the process; shapely's PyPI wheel brings its own,
# and the two mix (crash in GEOSGeom_destroy_r). Desktop QGIS on Linux therefore gets a
# shapely 2 built against the system GEOS, once, in .venv/desktop-site.
if [ ! -f .venv/desktop-site/.built ]; then
    dpkg-query -W -f='${Status}' libgeos-dev 2>/dev/null | grep -q "install ok installed" || {
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        $SUDO apt-get install -y -qq --no-install-recommends libgeos-dev >/dev/null
    }
    SHAPELY=$(.venv/bin/python -c "import shapely; print(shapely.__version__)")
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-binary shapely --no-deps \
        --target .venv/desktop-site "shapely==$SHAPELY"
    touch .venv/desktop-site/.built
fi
SITE=$(.venv/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
SITE="$ROOT/.venv/desktop-site:$SITE"
mkdir -p docs/screenshots
export ECOZONING_SCREENSHOT_DIR="$ROOT/docs/screenshots"
export ECOZONING_ROOT="$ROOT"
export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
export QGIS_CUSTOM_CONFIG_PATH="$PROFILE_ROOT"
unset QT_QPA_PLATFORM
timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
    qgis --nologo --noversioncheck --code "$ROOT/tools/${SCRIPT}" 2>"$PROFILE_ROOT/qgis.log" || true
grep -E "ECOZONING|Traceback|Error" "$PROFILE_ROOT/qgis.log" | head -20 || true
ls -la docs/screenshots
# The public-lookup page, in headless Chromium (its browser test takes the picture).
ECOZONING_WEB_SCREENSHOT="$ROOT/docs/screenshots/webmap.png" QT_QPA_PLATFORM=offscreen \
    .venv/bin/python -m pytest -q tests/integration/test_webmap_browser.py -k site_drawn_across_two_units
