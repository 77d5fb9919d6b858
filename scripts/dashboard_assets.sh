#!/usr/bin/env bash
# Fetch the dashboard's JavaScript and map data from the npm registry into a gitignored
# vendor folder, so the dashboard runs with no CDN and no tile server. Idempotent: a second
# run with the same pinned versions does nothing.
#   leaflet          map view (pan, zoom, vector layers, no tiles needed)
#   world-atlas      Natural Earth 1:50m country outlines as TopoJSON (public domain)
#   topojson-client  TopoJSON -> GeoJSON in the browser
#   swagger-ui-dist  the API docs page at /docs, served locally too
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 swagger-ui-dist@5.35.0)
VENDOR=tocsin/serve/static/vendor
STAMP="$VENDOR/.versions"
WANT="${PACKAGES[*]}"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "dashboard assets: npm is missing; install Node.js and npm (Debian: apt-get install -y npm), then rerun" >&2
    exit 1
fi

WORK=.cache/dashboard-npm
mkdir -p "$WORK"
echo "dashboard assets: fetching ${WANT} from the npm registry"
npm install --prefix "$WORK" --no-audit --no-fund --ignore-scripts --no-save --loglevel=error "${PACKAGES[@]}" >/dev/null
M="$WORK/node_modules"

rm -rf "$VENDOR.tmp"
mkdir -p "$VENDOR.tmp/leaflet/images" "$VENDOR.tmp/world-atlas" "$VENDOR.tmp/topojson-client" "$VENDOR.tmp/swagger-ui"
cp "$M/leaflet/dist/leaflet.js" "$M/leaflet/dist/leaflet.css" "$M/leaflet/LICENSE" "$VENDOR.tmp/leaflet/"
cp "$M"/leaflet/dist/images/*.png "$VENDOR.tmp/leaflet/images/"
cp "$M/world-atlas/countries-50m.json" "$M/world-atlas/countries-110m.json" "$M/world-atlas/LICENSE" \
   "$VENDOR.tmp/world-atlas/"
cp "$M/topojson-client/dist/topojson-client.min.js" "$M/topojson-client/LICENSE" "$VENDOR.tmp/topojson-client/"
cp "$M/swagger-ui-dist/swagger-ui-bundle.js" "$M/swagger-ui-dist/swagger-ui.css" "$M/swagger-ui-dist/LICENSE" \
   "$VENDOR.tmp/swagger-ui/"
echo "$WANT" > "$VENDOR.tmp/.versions"
rm -rf "$VENDOR"
mv "$VENDOR.tmp" "$VENDOR"
echo "dashboard assets: ready in $VENDOR"
