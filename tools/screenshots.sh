#!/usr/bin/env bash
# Start real QGIS desktop under Xvfb, in Chinese, with the plugin installed in a
# throw-away profile and the venv's shapely 2 visible; tools/screenshots_qgis.py
# loads the sample city, opens the plugin's panels and saves PNGs into docs/.
set -euo pipefail
cd "$(dirname "$0")/.."
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

SITE=$(.venv/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
mkdir -p docs/screenshots
export ECOZONING_SCREENSHOT_DIR="$ROOT/docs/screenshots"
export ECOZONING_ROOT="$ROOT"
export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
export QGIS_CUSTOM_CONFIG_PATH="$PROFILE_ROOT"
unset QT_QPA_PLATFORM
timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
    qgis --nologo --noversioncheck --code "$ROOT/tools/screenshots_qgis.py" 2>"$PROFILE_ROOT/qgis.log" || true
grep -E "ECOZONING|Traceback|Error" "$PROFILE_ROOT/qgis.log" | head -20 || true
ls -la docs/screenshots
