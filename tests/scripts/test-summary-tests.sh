#!/usr/bin/env bash
# Checks scripts/test-summary.sh against made-up TRX files: each case must give the expected closing line and exit
# code. Runs in well under a second; ./test.sh runs it before the suite. Usage: tests/scripts/test-summary-tests.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
failures=0

trx() { # DIR NAME OUTCOME COUNTERS...   writes DIR/NAME/NAME.trx
  mkdir -p "$1/$2"
  cat > "$1/$2/$2.trx" <<TRX
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" name="made up" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="$3">
    <Counters total="9" executed="9" ${*:4} inconclusive="0" passedButRunAborted="0" notRunnable="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
  </ResultSummary>
</TestRun>
TRX
}

check() { # CASE EXPECTED-LINE EXPECTED-EXIT [EXPECTED-TEXT] -- NAMES...
  local case=$1 line=$2 code=$3 text=$4; shift 5
  local out rc
  out=$(scripts/test-summary.sh "$work/$case" "$@"); rc=$?
  if ! grep -qxF "$line" <<<"$out" || [ "$rc" -ne "$code" ] || ! grep -qF "$text" <<<"$out"; then
    echo "FAIL $case: wanted '$line' (exit $code, mentioning '$text'), got exit $rc:"; sed 's/^/    /' <<<"$out"
    failures=$((failures + 1))
  else
    echo "ok   $case"
  fi
}

trx "$work/green" Unit Completed passed=\"7\" failed=\"0\" error=\"0\" timeout=\"0\" aborted=\"0\" notExecuted=\"2\"
trx "$work/green" E2E Completed passed=\"3\" failed=\"0\" error=\"0\" timeout=\"0\" aborted=\"0\" notExecuted=\"0\"
check green "Tests: 10 passed, 0 failed, 2 skipped" 0 "" -- Unit E2E

trx "$work/failed" Unit Failed passed=\"5\" failed=\"2\" error=\"0\" timeout=\"0\" aborted=\"0\" notExecuted=\"0\"
check failed "Tests: 5 passed, 2 failed, 0 skipped" 1 "" -- Unit

trx "$work/errors" Unit Failed passed=\"4\" failed=\"0\" error=\"1\" timeout=\"2\" aborted=\"3\" notExecuted=\"0\"
check errors "Tests: 4 passed, 6 failed, 0 skipped" 1 "3 test(s) with outcome 'aborted'" -- Unit

trx "$work/missing" Unit Completed passed=\"7\" failed=\"0\" error=\"0\" timeout=\"0\" aborted=\"0\" notExecuted=\"0\"
check missing "Tests: 7 passed, 1 failed, 0 skipped" 1 "FAILED E2E: no test results" -- Unit E2E

# What vstest writes when --blame-hang-timeout kills a hung test host: the counters say all passed, the outcome does not.
trx "$work/hung" Unit Failed passed=\"2\" failed=\"0\" error=\"0\" timeout=\"0\" aborted=\"0\" notExecuted=\"0\"
mkdir -p "$work/hung/Unit/3d23"
cat > "$work/hung/Unit/3d23/Sequence_edd5.xml" <<'XML'
<?xml version="1.0"?>
<TestSequence>
  <Test Name="HangTests.Passes" DisplayName="HangTests.Passes" Source="Hang.dll" Completed="True" />
  <Test Name="HangTests.Hangs_forever" DisplayName="HangTests.Hangs_forever" Source="Hang.dll" Completed="False" />
</TestSequence>
XML
check hung "Tests: 2 passed, 1 failed, 0 skipped" 1 "HangTests.Hangs_forever never finished" -- Unit

trx "$work/crashed" Unit Failed passed=\"2\" failed=\"0\" error=\"0\" timeout=\"0\" aborted=\"0\" notExecuted=\"0\"
check crashed "Tests: 2 passed, 1 failed, 0 skipped" 1 "the run ended 'Failed' with no failed test in it" -- Unit

trx "$work/aborted" Unit Aborted passed=\"0\" failed=\"0\" error=\"0\" timeout=\"0\" aborted=\"0\" notExecuted=\"0\"
check aborted "Tests: 0 passed, 1 failed, 0 skipped" 1 "ended 'Aborted'" -- Unit

trx "$work/exit" Unit Completed passed=\"2\" failed=\"0\" error=\"0\" timeout=\"0\" aborted=\"0\" notExecuted=\"0\"
echo 1 > "$work/exit/Unit/exit-code"
check exit "Tests: 2 passed, 1 failed, 0 skipped" 1 "dotnet test exited 1" -- Unit

[ "$failures" -eq 0 ] && echo "test-summary: all cases pass" || { echo "test-summary: $failures case(s) failed"; exit 1; }
