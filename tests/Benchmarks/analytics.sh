#!/usr/bin/env bash
# Indicator pages over N synthetic patients (default 100,000, ≈50 progress events each: ≈5 million) on SQLite and on a
# throwaway PostgreSQL cluster: bulk load, one-off catch-up of the aggregates, cold and warm pages beside the baseline
# (loading the raw facts, as the pages did before the aggregates), and a SQL profile per page.
# Usage: tests/Benchmarks/analytics.sh [PATIENTS]   (PG=0 skips PostgreSQL, SQLITE=0 SQLite; ROUNDS=10 warm rounds, BASELINE_ROUNDS=1)
# From a fresh clone: common.sh installs, builds and generates the demo video first. Shortest run:
# ROUNDS=1 tests/Benchmarks/analytics.sh 200 (checks the steps, measures nothing worth quoting).
source "$(dirname "$0")/common.sh"
patients=${1:-100000}
export ROUNDS=${ROUNDS:-10} BASELINE_ROUNDS=${BASELINE_ROUNDS:-1}
work=$(mktemp -d /tmp/cp-analytics-bench.XXXXXX)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -f "$work/pg/postmaster.pid" ] && as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${SQLITE:-1}" = 1 ]; then
  dotnet "$bench" analytics-timings "$work/sqlite" "$patients" content
fi

if [ "${PG:-1}" = 1 ]; then
  port=$(free_port)
  mkdir -p "$work/pg" && chmod 777 "$work" && { [ "$(id -u)" -ne 0 ] || chown postgres "$work/pg"; }
  as_pg "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$work/pg" -o "-c listen_addresses=127.0.0.1 -p $port -k $work/pg" -w start >/dev/null
  as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
  dotnet "$bench" analytics-timings "$work/pgdata" "$patients" content "Host=127.0.0.1;Port=$port;Database=bench;Username=postgres"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
