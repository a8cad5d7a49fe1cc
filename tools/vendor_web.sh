#!/usr/bin/env bash
# Refresh the map libraries vendored into resources/web/vendor/ from the npm registry
# (`make vendor-web`). Versions are pinned here; the plugin zip ships the copies, so
# users need no npm and the exported web page loads nothing from outside.
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET_VERSION=1.9.4
TURF_VERSION=7.2.0

VENDOR=resources/web/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$LEAFLET_VERSION" "@turf/turf@$TURF_VERSION" >/dev/null)
mkdir -p "$work/leaflet" "$work/turf"
tar xzf "$work/leaflet-$LEAFLET_VERSION.tgz" -C "$work/leaflet"
tar xzf "$work/turf-turf-$TURF_VERSION.tgz" -C "$work/turf"

rm -rf "$VENDOR"
mkdir -p "$VENDOR/leaflet/images" "$VENDOR/turf"
cp "$work/leaflet/package/dist/leaflet.js" "$work/leaflet/package/dist/leaflet.css" \
   "$work/leaflet/package/LICENSE" "$VENDOR/leaflet/"
cp "$work/leaflet/package/dist/images/"*.png "$VENDOR/leaflet/images/"
cp "$work/turf/package/turf.min.js" "$work/turf/package/LICENSE" "$VENDOR/turf/"
# the source-map comment names a file we do not ship
sed -i '/^\/\/# sourceMappingURL=/d' "$VENDOR/leaflet/leaflet.js" "$VENDOR/turf/turf.min.js"
cat > "$VENDOR/VERSIONS.txt" <<TXT
leaflet $LEAFLET_VERSION (BSD-2-Clause) from the npm registry: dist/leaflet.js, dist/leaflet.css, dist/images
@turf/turf $TURF_VERSION (MIT) from the npm registry: turf.min.js
TXT
echo "vendored: leaflet $LEAFLET_VERSION, @turf/turf $TURF_VERSION -> $VENDOR"
