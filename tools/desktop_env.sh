# Sourced by tools/screenshots.sh and tools/qgis_quit_check.sh: a throw-away QGIS profile
# in Chinese with the plugin deployed, and shapely 2 built against the system GEOS.
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
export ECOZONING_ROOT="$ROOT"
export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
export QGIS_CUSTOM_CONFIG_PATH="$PROFILE_ROOT"
unset QT_QPA_PLATFORM
