#!/usr/bin/env bash
# Lists .cshtml files that are byte-identical between the two apps (same content, any path): such a page belongs in
# the shared Razor Class Library (src/Platform/Pages), not in both apps. Exits 1 when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
found=0
while IFS= read -r cms; do
  while IFS= read -r delivery; do
    if cmp -s "$cms" "$delivery"; then
      echo "identical: $cms $delivery"
      found=1
    fi
  done < <(find src/Delivery -name '*.cshtml' -not -path '*/bin/*' -not -path '*/obj/*')
done < <(find src/Cms -name '*.cshtml' -not -path '*/bin/*' -not -path '*/obj/*')
[ "$found" = 0 ] && echo "no .cshtml is byte-identical between src/Cms and src/Delivery"
exit "$found"
