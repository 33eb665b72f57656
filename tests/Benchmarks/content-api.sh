#!/usr/bin/env bash
# Content API benchmark: a cached release GET and a 304 revalidation vs a minimal Kestrel app serving the same bytes
# from memory, alternating A/B rounds on loopback. Also times import of content/ and publish of a 10-module program.
# Usage: tests/Benchmarks/content-api.sh   (env: ROUNDS=3 SECONDS_PER_ROUND=10 WARMUP=10 CONNECTIONS=32)
# From a fresh clone: common.sh installs, builds and generates the demo video first. Shortest run: ROUNDS=1
# SECONDS_PER_ROUND=1 WARMUP=1 (checks the steps, measures nothing worth quoting).
source "$(dirname "$0")/common.sh"
ROUNDS=${ROUNDS:-3} SECS=${SECONDS_PER_ROUND:-10} WARMUP=${WARMUP:-10} CONN=${CONNECTIONS:-32}
need wrk
cms=src/Cms/bin/Release/net10.0/ContentPlatform.Cms.dll
data=$(mktemp -d) && trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$data"' EXIT
key=bench-key-0123456789abcdef0123456789ab
export ContentApi__Keys__0__Name=bench ContentApi__Keys__0__Key=$key ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
export BENCH_AUTH="ApiKey $key"

echo "== Cms timings (in-process, SQLite)"
dotnet "$bench" cms-timings "$data/timings" content

echo "== HTTP: cached release GET and 304, ${ROUNDS}×${SECS}s per side, wrk -t2 -c$CONN, after ${WARMUP}s warm-up"
mkdir -p "$data/cms"
quietly "$data/import.log" dotnet "$cms" import content --publish --Storage:DataPath="$data/cms"
dotnet "$cms" --urls http://127.0.0.1:5901 --Storage:DataPath="$data/cms" --contentRoot "$PWD/src/Cms" > "$data/cms.log" 2>&1 & cms_pid=$!
wait_up http://127.0.0.1:5901/health $cms_pid "$data/cms.log"
url=/api/v1/programs/meistring-av-uro
curl -fsS -H "Authorization: $BENCH_AUTH" -D "$data/headers" -o "$data/release.json" "http://127.0.0.1:5901$url"
etag=$(grep -i '^etag:' "$data/headers" | cut -d' ' -f2 | tr -d '\r')
dotnet "$bench" baseline "$data/release.json" 5902 > "$data/baseline.log" 2>&1 & base_pid=$!
wait_up http://127.0.0.1:5902/ $base_pid "$data/baseline.log"
echo "   release body: $(stat -c %s "$data/release.json") bytes, ETag $etag"

cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
run() { # name port pid etag
  local before after line
  before=$(cpu "$3")
  line=$(BENCH_ETAG="$4" wrk -t2 -c"$CONN" -d"${SECS}s" -s tests/Benchmarks/wrk-report.lua "http://127.0.0.1:$2$url" | grep '^RESULT')
  after=$(cpu "$3")
  echo "$1 $line $((after - before))"
}
for p in 5901 5902; do BENCH_ETAG= wrk -t2 -c"$CONN" -d"${WARMUP}s" -s tests/Benchmarks/wrk-report.lua "http://127.0.0.1:$p$url" >/dev/null; done
results=$data/results
for r in $(seq 1 "$ROUNDS"); do
  run cms-get 5901 $cms_pid "" >> "$results"; run base-get 5902 $base_pid "" >> "$results"
  run cms-304 5901 $cms_pid "$etag" >> "$results"; run base-304 5902 $base_pid "$etag" >> "$results"
done
ticks=$(getconf CLK_TCK)
awk -v ticks="$ticks" '
  { n[$1]++; rps[$1, n[$1]] = $3 / $4; p50[$1, n[$1]] = $5; p99[$1, n[$1]] = $6; p999[$1, n[$1]] = $7; mx[$1, n[$1]] = $8; err[$1] += $9;
    cpu[$1] += $10 / ticks; req[$1] += $3 }
  function median(a, name, k,   i, j, v, t) { for (i = 1; i <= k; i++) v[i] = a[name, i];
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((k + 1) / 2)] }
  END {
    printf "%-9s %10s %8s %8s %9s %8s %12s %6s\n", "side", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "CPU us/req", "errors"
    split("cms-get base-get cms-304 base-304", order, " ")
    for (o = 1; o <= 4; o++) { s = order[o]; k = n[s]; r[s] = median(rps, s, k)
      printf "%-9s %10.0f %8.2f %8.2f %9.2f %8.2f %12.1f %6d\n", s, r[s], median(p50, s, k), median(p99, s, k), median(p999, s, k), median(mx, s, k), cpu[s] / req[s] * 1e6, err[s] }
    printf "ratio GET: %.2f of baseline   ratio 304: %.2f of baseline   (goal >= 0.50)\n", r["cms-get"] / r["base-get"], r["cms-304"] / r["base-304"]
  }' "$results"
echo "   Cms RSS: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$cms_pid/status)"
