#!/usr/bin/env bash
# Runs the whole test suite: unit and integration tests (SQLite and a throwaway PostgreSQL cluster the tests start),
# media tests against real ffmpeg and Azurite, and browser journeys in Debian's chromium with axe.
# Installs what is missing first. Failure screenshots: artifacts/e2e/.
set -uo pipefail
cd "$(dirname "$0")"
export CONFIGURATION=Release DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-$PWD/artifacts/e2e}
scripts/setup.sh || exit 1
rm -rf artifacts/test-results

dotnet test ContentPlatform.sln -c Release --no-build --nologo \
  --results-directory artifacts/test-results --logger trx
status=$?

# One closing line for people and CI: totals over every test assembly, from the TRX result files.
summary=$(cat artifacts/test-results/*.trx 2>/dev/null | grep -o '<Counters [^>]*' \
  | sed -E 's/.* passed="([0-9]+)" failed="([0-9]+)".* notExecuted="([0-9]+)".*/\1 \2 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped", p, f, s}')
echo
echo "Tests: ${summary:-0 passed, 1 failed}"
exit "$status"
