#!/usr/bin/env bash
# Start real QGIS desktop under Xvfb, in Chinese, with the plugin installed in a
# throw-away profile and the venv's shapely 2 visible; tools/screenshots_qgis.py
# loads the sample city, opens the plugin's panels and saves PNGs into docs/.
# `tools/screenshots.sh fieldwork` instead opens the demo's field-review package
# (tools/screenshot_fieldwork_qgis.py; run `make demo` first).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRIPT=screenshots_qgis.py
SIZES="1600x1000 1366x768 1920x1080"
[ "${1:-}" = fieldwork ] && SCRIPT=screenshot_fieldwork_qgis.py && SIZES=1600x1000
source tools/desktop_env.sh
export PYTHONPATH="$ROOT:$PYTHONPATH"  # `from tools import demo_chain` inside QGIS
mkdir -p docs/screenshots
export ECOZONING_SCREENSHOT_DIR="$ROOT/docs/screenshots"
# The panels at a small laptop screen and at full HD; the other pictures once, at 1600×1000.
for SIZE in ${ECOZONING_SCREEN_SIZES:-$SIZES}; do
    export ECOZONING_SCREEN="$SIZE"
    timeout 400 xvfb-run -a -s "-screen 0 ${SIZE}x24" \
        qgis --nologo --noversioncheck --code "$ROOT/tools/${SCRIPT}" 2>>"$PROFILE_ROOT/qgis.log" || true
done
grep -E "ECOZONING|Traceback|Error" "$PROFILE_ROOT/qgis.log" | head -20 || true
ls -la docs/screenshots
# The public-lookup page, in headless Chromium (its browser test takes the picture).
ECOZONING_WEB_SCREENSHOT="$ROOT/docs/screenshots/webmap.png" QT_QPA_PLATFORM=offscreen \
    .venv/bin/python -m pytest -q tests/integration/test_webmap_browser.py -k site_drawn_across_two_units
