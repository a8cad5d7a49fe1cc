#!/usr/bin/env bash
# Idempotent developer/CI setup on Debian 12: system packages, then the venv.
# Quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(qgis python3-qgis qgis-providers python3-venv python3-pandas python3-openpyxl
              xvfb xauth fonts-noto-cjk fonts-wqy-microhei qttools5-dev-tools pyqt5-dev-tools poppler-utils zip
              python3-pyqt6 pyqt6-dev-tools chromium chromium-driver
              postgresql-15 postgresql-15-postgis-3 postgresql-15-postgis-3-scripts)

missing=()
for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "setup: installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# PyQGIS lives in Debian's interpreter, whatever python3 is first on PATH.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import qgis.core" 2>/dev/null; then
    rm -rf .venv
    /usr/bin/python3 -m venv --system-site-packages .venv
fi
if ! cmp -s requirements-dev.txt .venv/.requirements-installed; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
    cp requirements-dev.txt .venv/.requirements-installed
fi
# The second environment: numpy 2 / pandas 2 / shapely from PyPI, WITHOUT Debian's site
# packages, for the Qt-free core's tests (make test runs tests/core in both). A real
# directory in every checkout, even where .venv is a link to a shared environment.
if [ ! -x .venv-np2/bin/python ] || [ -L .venv-np2 ]; then
    rm -rf .venv-np2
    /usr/bin/python3 -m venv .venv-np2
fi
if ! cmp -s requirements-np2.txt .venv-np2/.requirements-installed; then
    .venv-np2/bin/python -m pip install -q --disable-pip-version-check --upgrade -r requirements-np2.txt
    cp requirements-np2.txt .venv-np2/.requirements-installed
fi
.venv-np2/bin/python - <<'PY'
import sys

import numpy, pandas, shapely
assert not any("dist-packages" in p for p in sys.path), sys.path
assert int(numpy.__version__.split(".")[0]) >= 2, numpy.__version__
assert int(pandas.__version__.split(".")[0]) >= 2, pandas.__version__
print(f"setup: .venv-np2 numpy {numpy.__version__}, pandas {pandas.__version__}, "
      f"shapely {shapely.__version__}")
PY
.venv/bin/python - <<'PY'
import numpy, shapely, pandas
from osgeo import gdal
from qgis.core import Qgis
assert int(numpy.__version__.split(".")[0]) < 2, numpy.__version__
assert int(shapely.__version__.split(".")[0]) >= 2, shapely.__version__
print(f"setup: QGIS {Qgis.QGIS_VERSION}, shapely {shapely.__version__}, numpy {numpy.__version__}, "
      f"pandas {pandas.__version__}, GDAL {gdal.__version__}")
PY
# the web-page tests drive Debian's headless Chromium through chromedriver
for binary in /usr/bin/chromium /usr/bin/chromedriver; do
    [ -x "$binary" ] || { echo "setup: $binary missing" >&2; exit 1; }
done
