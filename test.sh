#!/usr/bin/env bash
# Runs the whole test suite: unit and integration tests (SQLite and a throwaway PostgreSQL cluster the tests start),
# media tests against real ffmpeg and Azurite, and browser journeys in Debian's chromium with axe.
# Installs what is missing first (scripts/setup.sh: apt needs root or sudo). Failure screenshots: artifacts/e2e/.
# Always ends with one line, "Tests: N passed, N failed, N skipped", and exits non-zero on any failure — including a
# failed setup, a test that errored, timed out or was aborted, a test stuck past the hang timeout (stopped, and named),
# and a test project that produced no results at all (scripts/test-summary.sh).
set -uo pipefail
cd "$(dirname "$0")"
export CONFIGURATION=Release DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-$PWD/artifacts/e2e}
HANG_TIMEOUT=${HANG_TIMEOUT:-5m}   # one test running longer than this is stopped and reported by name
results=artifacts/test-results

fail_before_tests() {
  echo
  echo "$1: no tests ran"
  echo "Tests: 0 passed, 1 failed, 0 skipped"
  exit 1
}

scripts/setup.sh || fail_before_tests "setup failed (scripts/setup.sh, see above)"
tests/scripts/test-summary-tests.sh >/dev/null || fail_before_tests "the summary's own checks failed (tests/scripts/test-summary-tests.sh)"
rm -rf "$results"

# Every project that references the test SDK, each with its own results folder so that a project that wrote no TRX is
# noticed. They run side by side, as `dotnet test` on the solution did.
mapfile -t projects < <(grep -rl --include='*.csproj' 'Include="Microsoft.NET.Test.Sdk"' src tests e2e | sort)
[ ${#projects[@]} -gt 0 ] || fail_before_tests "no test projects found"
# The browser journeys run one after another against a real browser, with timeouts on what they wait for; on CI's two
# cores the other projects would take CPU from them as equals, so those run at a lower priority (TEST_NICE, 0 turns it
# off) and use what the journeys leave idle. The priority passes to everything they start (apps, PostgreSQL, Redis, ffmpeg).
TEST_NICE=${TEST_NICE:-10}
names=() pids=()
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  names+=("$name")
  mkdir -p "$results/$name"
  priority=()
  case "$project" in e2e/*) ;; *) priority=(nice -n "$TEST_NICE") ;; esac
  { "${priority[@]}" dotnet test "$project" -c Release --no-build --nologo --results-directory "$results/$name" \
      --logger "trx;LogFileName=$name.trx" --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none 2>&1
    echo $? > "$results/$name/exit-code"; } | sed -u "s/^/[$name] /" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done

scripts/test-summary.sh "$results" "${names[@]}" || status=1
exit "$status"
