#!/usr/bin/env bash
# Messaging benchmark: delivery latency through /hubs/care with 1,000 raw WebSocket SignalR clients sending 200 messages/s
# in total — a bare SignalR echo hub (baseline, no auth, no database), one Delivery instance on SQLite, and two Delivery
# instances on one PostgreSQL (clients spread over both, so deliveries cross instances over LISTEN/NOTIFY).
# Usage: tests/Benchmarks/messaging.sh   (env: BENCH_SECONDS=20 BENCH_WARMUP=5 BENCH_RATE=200 BENCH_THREADS=100 BENCH_PER_SIDE=5)
# From a fresh clone: common.sh installs and builds first. Shortest run: BENCH_SECONDS=1 BENCH_WARMUP=1 BENCH_RATE=10
# BENCH_THREADS=2 BENCH_PER_SIDE=1 (checks the steps, measures nothing worth quoting).
source "$(dirname "$0")/common.sh"
delivery=src/Delivery/bin/Release/net10.0/ContentPlatform.Delivery.dll
# Production refuses to start without an access-log key; the benchmark makes a throwaway one.
chain_key=$(head -c 36 /dev/urandom | base64)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d) && chmod 755 "$work"   # the postgres user must reach its cluster folder
pgdir=$work/pg
cleanup() {
  kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true
  [ -f "$pgdir/PG_VERSION" ] && as_pg "$pgbin/pg_ctl" -D "$pgdir" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
ulimit -n 65536 2>/dev/null || true
# A side that loses messages or crashes is reported and the others still run; the script then exits 1.
failed_sides=()
side_failed() { local rc=$?; echo "   FAILED: $1 exited $rc (lost or failed messages, or a crash: see above)" >&2; failed_sides+=("$1"); }

echo "== baseline: bare SignalR echo hub"
dotnet "$bench" echo-hub 5930 > "$work/echo.log" 2>&1 & echo_pid=$!
wait_up http://127.0.0.1:5930/health $echo_pid "$work/echo.log"
dotnet "$bench" messaging "baseline echo hub" http://127.0.0.1:5930 || side_failed "baseline echo hub"
kill $echo_pid; wait $echo_pid 2>/dev/null || true

echo "== one Delivery instance, SQLite"
mkdir -p "$work/single"
dotnet "$delivery" --urls http://127.0.0.1:5931 --Storage:DataPath="$work/single" --AccessLog:ChainKey="$chain_key" --contentRoot "$PWD/src/Delivery" > "$work/single.log" 2>&1 & single_pid=$!
wait_up http://127.0.0.1:5931/health $single_pid "$work/single.log"
dotnet "$bench" messaging "Delivery x1 SQLite" http://127.0.0.1:5931 "sqlite:$work/single/delivery.db" || side_failed "Delivery x1 SQLite"
echo "   server CPU: $(awk -v t="$(getconf CLK_TCK)" '{printf "%.1f s", ($14+$15)/t}' /proc/$single_pid/stat), RSS $(awk '/VmRSS/ {printf "%d MB", $2/1024}' /proc/$single_pid/status)"
kill $single_pid; wait $single_pid 2>/dev/null || true

echo "== two Delivery instances, one PostgreSQL"
mkdir -p "$pgdir"; [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir"
as_pg "$pgbin/initdb" -D "$pgdir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdir" -l "$pgdir/server.log" -w -o "-c listen_addresses=127.0.0.1 -p 5939 -k $pgdir -c max_connections=300" start >/dev/null
"$pgbin/psql" -h 127.0.0.1 -p 5939 -U postgres -qc "CREATE DATABASE delivery" >/dev/null
conn="Host=127.0.0.1;Port=5939;Username=postgres;Database=delivery"
export Database__Provider=Postgres Database__ConnectionString="$conn"
mkdir -p "$work/a" "$work/b"
dotnet "$delivery" --urls http://127.0.0.1:5932 --Storage:DataPath="$work/a" --AccessLog:ChainKey="$chain_key" --contentRoot "$PWD/src/Delivery" > "$work/a.log" 2>&1 & a_pid=$!
wait_up http://127.0.0.1:5932/health $a_pid "$work/a.log"   # the first instance migrates; the second starts on the ready schema
dotnet "$delivery" --urls http://127.0.0.1:5933 --Storage:DataPath="$work/b" --AccessLog:ChainKey="$chain_key" --contentRoot "$PWD/src/Delivery" > "$work/b.log" 2>&1 & b_pid=$!
wait_up http://127.0.0.1:5933/health $b_pid "$work/b.log"
dotnet "$bench" messaging "Delivery x2 PostgreSQL" http://127.0.0.1:5932,http://127.0.0.1:5933 "postgres:$conn" || side_failed "Delivery x2 PostgreSQL"
echo "   server CPU: A $(awk -v t="$(getconf CLK_TCK)" '{printf "%.1f s", ($14+$15)/t}' /proc/$a_pid/stat), B $(awk -v t="$(getconf CLK_TCK)" '{printf "%.1f s", ($14+$15)/t}' /proc/$b_pid/stat)"
[ ${#failed_sides[@]} -eq 0 ] || { echo "messaging.sh: failed sides: ${failed_sides[*]}" >&2; exit 1; }
