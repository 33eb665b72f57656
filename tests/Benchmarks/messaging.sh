#!/usr/bin/env bash
# Messaging benchmark: delivery latency through /hubs/care with 1,000 raw WebSocket SignalR clients sending 200 messages/s
# in total. Sides (BENCH_SIDES, run in this order, default "echo single redis"):
#   echo    a bare SignalR echo hub (baseline, no auth, no database)
#   single  one Delivery instance on SQLite
#   redis   two Delivery instances on one PostgreSQL and one Redis (clients spread over both, so most deliveries cross
#           instances over the Redis backplane)
# (Until the LISTEN/NOTIFY bus was removed there was a side "notify" beside "redis"; both were run side by side in one run
# before the removal: docs/benchmarks.md, *Redis vs LISTEN/NOTIFY*.)
# Each side reports p50/p99/p99.9/max, lost, duplicated, and CPU per message over the send phase (servers and Redis).
# Usage: tests/Benchmarks/messaging.sh   (env: BENCH_SIDES BENCH_SECONDS=20 BENCH_WARMUP=5 BENCH_RATE=200 BENCH_THREADS=100 BENCH_PER_SIDE=5)
# From a fresh clone: common.sh installs and builds first. Shortest run: BENCH_SECONDS=1 BENCH_WARMUP=1 BENCH_RATE=10
# BENCH_THREADS=2 BENCH_PER_SIDE=1 (checks the steps, measures nothing worth quoting).
source "$(dirname "$0")/common.sh"
need redis-server
sides=${BENCH_SIDES:-echo single redis}
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

cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.1f s", ($14+$15)/t}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {printf "%d MB", $2/1024}' "/proc/$1/status"; }

echo_side() {
  echo "== baseline: bare SignalR echo hub"
  dotnet "$bench" echo-hub 5930 > "$work/echo.log" 2>&1 & echo_pid=$!
  wait_up http://127.0.0.1:5930/health $echo_pid "$work/echo.log"
  BENCH_SERVER_PIDS="echo:$echo_pid" dotnet "$bench" messaging "baseline echo hub" http://127.0.0.1:5930 || side_failed "baseline echo hub"
  kill $echo_pid; wait $echo_pid 2>/dev/null || true
}

single_side() {
  echo "== one Delivery instance, SQLite"
  mkdir -p "$work/single"
  dotnet "$delivery" --urls http://127.0.0.1:5931 --Storage:DataPath="$work/single" --AccessLog:ChainKey="$chain_key" --contentRoot "$PWD/src/Delivery" > "$work/single.log" 2>&1 & single_pid=$!
  wait_up http://127.0.0.1:5931/health $single_pid "$work/single.log"
  BENCH_SERVER_PIDS="delivery:$single_pid" dotnet "$bench" messaging "Delivery x1 SQLite" http://127.0.0.1:5931 "sqlite:$work/single/delivery.db" || side_failed "Delivery x1 SQLite"
  echo "   server CPU: $(cpu $single_pid), RSS $(rss $single_pid)"
  kill $single_pid; wait $single_pid 2>/dev/null || true
}

start_postgres() {
  [ -f "$pgdir/PG_VERSION" ] && return
  mkdir -p "$pgdir"; [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir"
  as_pg "$pgbin/initdb" -D "$pgdir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$pgdir" -l "$pgdir/server.log" -w -o "-c listen_addresses=127.0.0.1 -p 5939 -k $pgdir -c max_connections=300" start >/dev/null
}

# pair_side NAME LABEL EXTRA...: two Delivery instances on a fresh PostgreSQL database of their own, with EXTRA settings.
pair_side() {
  local name=$1 label=$2; shift 2
  echo "== $label"
  start_postgres
  "$pgbin/psql" -h 127.0.0.1 -p 5939 -U postgres -qc "CREATE DATABASE delivery_$name" >/dev/null
  local conn="Host=127.0.0.1;Port=5939;Username=postgres;Database=delivery_$name"
  mkdir -p "$work/$name-a" "$work/$name-b"
  Database__Provider=Postgres Database__ConnectionString="$conn" dotnet "$delivery" --urls http://127.0.0.1:5932 --Storage:DataPath="$work/$name-a" --AccessLog:ChainKey="$chain_key" --contentRoot "$PWD/src/Delivery" "$@" > "$work/$name-a.log" 2>&1 & a_pid=$!
  wait_up http://127.0.0.1:5932/health $a_pid "$work/$name-a.log"   # the first instance migrates; the second starts on the ready schema
  Database__Provider=Postgres Database__ConnectionString="$conn" dotnet "$delivery" --urls http://127.0.0.1:5933 --Storage:DataPath="$work/$name-b" --AccessLog:ChainKey="$chain_key" --contentRoot "$PWD/src/Delivery" "$@" > "$work/$name-b.log" 2>&1 & b_pid=$!
  wait_up http://127.0.0.1:5933/health $b_pid "$work/$name-b.log"
  BENCH_SERVER_PIDS="A:$a_pid,B:$b_pid${redis_pid:+,redis:$redis_pid}" \
    dotnet "$bench" messaging "$label" http://127.0.0.1:5932,http://127.0.0.1:5933 "postgres:$conn" || side_failed "$label"
  echo "   server CPU (whole run, incl. sign-ins): A $(cpu $a_pid), B $(cpu $b_pid); RSS A $(rss $a_pid), B $(rss $b_pid)"
  kill $a_pid $b_pid; wait $a_pid $b_pid 2>/dev/null || true
}

redis_pid=
for side in $sides; do
  case $side in
    echo) echo_side ;;
    single) single_side ;;
    redis)
      redis-server --port 5940 --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$work/redis.log" 2>&1 & redis_pid=$!
      until redis-cli -p 5940 ping >/dev/null 2>&1; do kill -0 $redis_pid || { cat "$work/redis.log" >&2; exit 1; }; sleep 0.1; done
      pair_side redis "Delivery x2 PostgreSQL + Redis" --Realtime:Redis=127.0.0.1:5940
      echo "   redis-server CPU $(cpu $redis_pid), RSS $(rss $redis_pid)"
      kill $redis_pid; wait $redis_pid 2>/dev/null || true; redis_pid= ;;
    *) echo "unknown side '$side' (echo, single, redis)" >&2; exit 2 ;;
  esac
done
[ ${#failed_sides[@]} -eq 0 ] || { echo "messaging.sh: failed sides: ${failed_sides[*]}" >&2; exit 1; }
