# Sourced first by every benchmark script. From a fresh clone it prepares what the benchmarks need, as ./run.sh would:
# installs and builds (scripts/setup.sh) and generates the demo video that importing content/ needs. A failing step
# stops the script with the command and line that failed, never silently.
set -Eeuo pipefail
trap 'rc=$?; echo "$(basename "$0"): FAILED (exit $rc) at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "${BASH_SOURCE[0]}")/../.."   # the repository, whichever script sourced this
export CONFIGURATION=Release DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# shellcheck source=scripts/apt.sh
source scripts/apt.sh
# BENCH_SKIP_SETUP=1: a re-run on a tree already set up and built (its own steps only; a fresh clone must not skip).
if [ -z "${BENCH_SKIP_SETUP:-}" ]; then
  scripts/setup.sh
  scripts/demo-video.sh
fi
bench=tests/Benchmarks/bin/Release/net10.0/ContentPlatform.Benchmarks.dll

# need COMMAND [PACKAGE]: installs the Debian package when the command is missing (wrk, bc).
need() { command -v "$1" >/dev/null || { echo "==> installing ${2:-$1} (apt)"; apt_update; apt_install "${2:-$1}"; }; }

# A free loopback port (node is there for npm; python3 need not be).
free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# wait_up URL PID LOG: waits until URL answers; fails showing the log if the process died or 120 s went by.
wait_up() {
  local deadline=$((SECONDS + 120))
  until curl -fsS "$1" >/dev/null 2>&1; do
    if ! kill -0 "$2" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "$1 never answered (process $2 $(kill -0 "$2" 2>/dev/null && echo "still running after 120 s" || echo "exited")); the end of $3:" >&2
      tail -n 30 "$3" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

# quietly LOG COMMAND...: runs COMMAND with its output in LOG, and shows that output if it fails.
quietly() {
  local log=$1; shift
  "$@" > "$log" 2>&1 || { local rc=$?; echo "$* failed (exit $rc):" >&2; tail -n 30 "$log" >&2; return $rc; }
}
