#!/usr/bin/env bash
# Makes each theme's PNG app icons from its favicon.svg (apple-touch-icon.png 180 px, icon-192.png for the web manifest).
# Run after changing a favicon.svg and commit the PNGs (a few KB each); needs rsvg-convert (apt: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../themes"
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install librsvg2-bin" >&2; exit 1; }
for svg in */favicon.svg; do
  dir=$(dirname "$svg")
  rsvg-convert -w 180 -h 180 "$svg" -o "$dir/apple-touch-icon.png"
  rsvg-convert -w 192 -h 192 "$svg" -o "$dir/icon-192.png"
  echo "$dir: apple-touch-icon.png icon-192.png"
done
