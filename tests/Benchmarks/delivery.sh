#!/usr/bin/env bash
# Delivery benchmarks (issue 6): an authenticated module page vs a Kestrel app returning the same bytes from memory
# (alternating A/B rounds, wrk on loopback), the page weight of a module page without media, and progress-event commits
# per second on SQLite and PostgreSQL vs bare INSERTs on the same store.
# Usage: tests/Benchmarks/delivery.sh   (env: ROUNDS=3 SECONDS_PER_ROUND=10 WARMUP=5 CONNECTIONS=32 WRITE_SECONDS=10)
# From a fresh clone: common.sh installs and builds first. Shortest run: ROUNDS=1 SECONDS_PER_ROUND=1 WARMUP=1
# WRITE_SECONDS=1 (checks the steps, measures nothing worth quoting).
source "$(dirname "$0")/common.sh"
ROUNDS=${ROUNDS:-3} SECS=${SECONDS_PER_ROUND:-10} WARMUP=${WARMUP:-5} CONN=${CONNECTIONS:-32} WSECS=${WRITE_SECONDS:-10}
need wrk
data=$(mktemp -d) && trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$data"' EXIT

echo "== module page: ${ROUNDS}×${SECS}s per side, wrk -t2 -c$CONN, after ${WARMUP}s warm-up"
dotnet "$bench" delivery-serve "$data" > "$data/serve.log" 2>&1 & app_pid=$!
until [ -f "$data/ready" ]; do kill -0 $app_pid 2>/dev/null || { echo "delivery-serve exited:" >&2; cat "$data/serve.log" >&2; false; }; sleep 0.2; done
url=$(cat "$data/url") cookie=$(cat "$data/cookie")
path=/${url#http://*/}
dotnet "$bench" baseline "$data/page.html" 5903 "text/html; charset=utf-8" > "$data/baseline.log" 2>&1 & base_pid=$!
wait_up http://127.0.0.1:5903/ $base_pid "$data/baseline.log"
echo "   page: $(stat -c %s "$data/page.html") bytes"

cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
run() { # name base-url pid
  local before after line
  before=$(cpu "$3")
  line=$(BENCH_ETAG= wrk -t2 -c"$CONN" -d"${SECS}s" -H "Cookie: $cookie" -s tests/Benchmarks/wrk-report.lua "$2$path" | grep '^RESULT')
  after=$(cpu "$3")
  echo "$1 $line $((after - before))"
}
app_base=${url%"$path"}
for b in "$app_base" http://127.0.0.1:5903; do wrk -t2 -c"$CONN" -d"${WARMUP}s" -H "Cookie: $cookie" "$b$path" >/dev/null; done
results=$data/results
for r in $(seq 1 "$ROUNDS"); do
  run page "$app_base" $app_pid >> "$results"; run base http://127.0.0.1:5903 $base_pid >> "$results"
done
ticks=$(getconf CLK_TCK)
awk -v ticks="$ticks" '
  { n[$1]++; rps[$1, n[$1]] = $3 / $4; p50[$1, n[$1]] = $5; p99[$1, n[$1]] = $6; p999[$1, n[$1]] = $7; mx[$1, n[$1]] = $8; err[$1] += $9;
    cpu[$1] += $10 / ticks; req[$1] += $3 }
  function median(a, name, k,   i, j, v, t) { for (i = 1; i <= k; i++) v[i] = a[name, i];
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((k + 1) / 2)] }
  END {
    printf "%-6s %10s %8s %8s %9s %8s %12s %6s\n", "side", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "CPU us/req", "errors"
    split("page base", order, " ")
    for (o = 1; o <= 2; o++) { s = order[o]; k = n[s]; r[s] = median(rps, s, k)
      printf "%-6s %10.0f %8.2f %8.2f %9.2f %8.2f %12.1f %6d\n", s, r[s], median(p50, s, k), median(p99, s, k), median(p999, s, k), median(mx, s, k), cpu[s] / req[s] * 1e6, err[s] }
    printf "ratio: %.2f of baseline (goal >= 0.50; p99 goal <= 25 ms)\n", r["page"] / r["base"]
  }' "$results"
echo "== page weight of a module page without media"
cat "$data/weight"
kill $app_pid $base_pid 2>/dev/null || true

echo "== progress-event writes"
dotnet "$bench" progress-writes sqlite "$WSECS"
dotnet "$bench" progress-writes postgres "$WSECS"
