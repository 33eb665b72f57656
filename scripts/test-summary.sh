#!/usr/bin/env bash
# The closing line of ./test.sh, from the TRX files of each test project's run, counted so that it cannot look greener
# than the run was: errors, time-outs and aborted tests count as failed; a run that ended badly with no failed test in
# it (the test host crashed, or was killed by the hang timeout) counts as failed, naming any test that never finished;
# and a test project that wrote no TRX at all counts as failed.
# Usage: scripts/test-summary.sh RESULTS_DIR NAME...   (expects RESULTS_DIR/NAME/NAME.trx, and RESULTS_DIR/NAME/exit-code
# with dotnet test's exit code if there is one: non-zero with nothing else wrong counts as a failure; exits 1 on any failure)
# Tests: tests/scripts/test-summary-tests.sh
set -uo pipefail
results=$1; shift

attr() { # NAME TAG -> the attribute's value, 0 when absent
  local v
  v=$(grep -o "[[:space:]]$1=\"[^\"]*\"" <<<"$2" | head -1 | cut -d'"' -f2)
  echo "${v:-0}"
}

passed=0 failed=0 skipped=0
for name in "$@"; do
  dir=$results/$name
  trx=$dir/$name.trx
  if [ ! -s "$trx" ]; then
    echo "FAILED $name: no test results ($trx missing): the run did not start or did not finish"
    failed=$((failed + 1))
    continue
  fi
  counters=$(tr '\n' ' ' < "$trx" | grep -o '<Counters [^>]*' | head -1)
  outcome=$(attr outcome "$(tr '\n' ' ' < "$trx" | grep -o '<ResultSummary [^>]*' | head -1)")
  bad=$(( $(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters") + $(attr aborted "$counters") ))
  for kind in error timeout aborted; do
    n=$(attr "$kind" "$counters")
    [ "$n" -eq 0 ] || echo "FAILED $name: $n test(s) with outcome '$kind'"
  done
  # Tests that started and never finished: the blame collector's sequence file marks them Completed="False".
  unfinished=$(find "$dir" -name 'Sequence_*.xml' -exec grep -h 'Completed="False"' {} + 2>/dev/null \
    | grep -o ' Name="[^"]*"' | cut -d'"' -f2 | sort -u)
  if [ -n "$unfinished" ]; then
    while IFS= read -r test; do
      echo "FAILED $name: $test never finished (hung past the hang timeout, or the test host crashed in it)"
      bad=$((bad + 1))
    done <<<"$unfinished"
  elif [ "$bad" -eq 0 ] && [ "$outcome" != "Completed" ] && [ "$outcome" != "Passed" ] && [ "$outcome" != "Warning" ]; then
    echo "FAILED $name: the run ended '$outcome' with no failed test in it (see its run messages in $trx)"
    bad=1
  fi
  code=$(cat "$dir/exit-code" 2>/dev/null || echo 0)
  if [ "$bad" -eq 0 ] && [ "$code" != 0 ]; then
    echo "FAILED $name: dotnet test exited $code although no test failed (see its output above)"
    bad=1
  fi
  passed=$((passed + $(attr passed "$counters")))
  skipped=$((skipped + $(attr notExecuted "$counters")))
  failed=$((failed + bad))
done

echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
