#!/usr/bin/env bash
# Installs what the platform and its tests need, idempotently, and builds. Fast when everything is already there.
# Used by ./run.sh and ./test.sh; safe to run on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIGURATION=${CONFIGURATION:-Release}

# shellcheck source=scripts/apt.sh
source scripts/apt.sh

# Debian packages: chromium (browser tests), ffmpeg (media), PostgreSQL server binaries (integration tests, scale-out),
# redis-server (scale-out tests and the messaging benchmark start their own; nothing runs it as a service).
missing=()
[ -x /usr/lib/chromium/chromium ] || missing+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]} (apt)"
  apt_update
  apt_install "${missing[@]}"
fi

# npm packages (front-end libraries copied into wwwroot/lib, Azurite for the blob-storage tests, maildev for ./run.sh);
# only when the lock changed or a tool is missing.
stamp=node_modules/.package-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -f src/Delivery/wwwroot/lib/signalr/signalr.min.js ] \
  || [ ! -f node_modules/maildev/dist/bin/maildev.js ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

echo "==> dotnet build ($CONFIGURATION)"
dotnet tool restore >/dev/null
dotnet build ContentPlatform.sln -c "$CONFIGURATION" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
