#!/usr/bin/env bash
# The due-notification sweep over N enrolments (default 100,000) on SQLite and on a throwaway PostgreSQL cluster: first
# sweep, steady sweeps beside the rules' queries alone (p50/p99/max), and two instances sweeping at once (0 duplicates,
# 0 missed, or the run fails).
# Usage: tests/Benchmarks/notifications.sh [ENROLMENTS]   (PG=0 skips PostgreSQL, SQLITE=0 SQLite; ROUNDS=10 steady sweeps)
source "$(dirname "$0")/common.sh"
enrolments=${1:-100000}
export ROUNDS=${ROUNDS:-10}
work=$(mktemp -d /tmp/cp-notify-bench.XXXXXX)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -f "$work/pg/postmaster.pid" ] && as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${SQLITE:-1}" = 1 ]; then
  dotnet "$bench" notification-sweep "$work/sqlite" "$enrolments"
fi
if [ "${PG:-1}" = 1 ]; then
  port=$(free_port)
  mkdir -p "$work/pg" && chmod 777 "$work" && { [ "$(id -u)" -ne 0 ] || chown postgres "$work/pg"; }
  as_pg "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$work/pg" -o "-c listen_addresses=127.0.0.1 -p $port -k $work/pg" -w start >/dev/null
  as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
  dotnet "$bench" notification-sweep "$work/pgdata" "$enrolments" "Host=127.0.0.1;Port=$port;Database=bench;Username=postgres"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
