#!/usr/bin/env bash
# Real QGIS desktop under Xvfb with the plugin in a throw-away profile: open every panel,
# quit, and fail unless QGIS exits with 0 and without "died on signal" or a Python error.
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/desktop_env.sh
LOG="$PROFILE_ROOT/qgis.log"
timeout 240 xvfb-run -a -s "-screen 0 1366x768x24" \
    qgis --nologo --noversioncheck --code "$ROOT/tools/qgis_quit_check.py" 2>"$LOG"
STATUS=$?
grep -E "ECOZONING" "$LOG"
OPEN=$(grep "ECOZONING panels open: " "$LOG" || true)
MISSING=0
for DOCK in EcoZoningUnitDock EcoZoningAccessListDock EcoZoningCheckResultsDock EcoZoningQuickCheckDock; do
    case "$OPEN" in *"'$DOCK'"*) ;; *) MISSING=1 ;; esac
done
if [ $STATUS -ne 0 ] || [ $MISSING -ne 0 ] \
    || grep -qE "died on signal|Traceback|RuntimeError|wrapped C/C\+\+ object|exit held up" "$LOG" \
    || ! grep -q "ECOZONING acted on the project after unload" "$LOG" \
    || ! grep -qE "ECOZONING reloaded, panels open: [4-9]" "$LOG"; then
    echo "QGIS did not quit cleanly (exit $STATUS)"; tail -30 "$LOG"; exit 1
fi
echo "QGIS quit cleanly with every panel open"
