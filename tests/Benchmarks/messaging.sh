#!/usr/bin/env bash
# Messaging benchmark: delivery latency through /hubs/care with 1,000 raw WebSocket SignalR clients sending 200 messages/s
# in total. Sides (BENCH_SIDES, run in this order, default "echo single redis"):
#   echo    a bare SignalR echo hub (baseline, no auth, no database)
#   single  one Delivery instance on SQLite
#   redis   two Delivery instances on one PostgreSQL and one Redis (clients spread over both, so most deliveries cross
#           instances over the Redis backplane)
# Opt-in sides (issue 17):
#   rate1000  one instance, SQLite, 1,000 messages/s (same 1,000 connections)
#   conn10k   one instance, SQLite, 10,000 connections (1,000 threads; 100 patients and 100 therapists with 10 threads
#             each, so sign-in stays at 200 users), 200 messages/s; reports RSS per connection
#   outage    like redis, 30 s measured, and Redis is killed a third of the way in and started again 10 s later: lost
#             after catch-up (clients do what the thread page does on "resync"), duplicated, time to resume
#   before    like redis, but with the Delivery build in BENCH_BEFORE (a folder holding ContentPlatform.Delivery.dll, e.g.
#             `git worktree add /tmp/before COMMIT` built Release): the same figure before and after a change, one run
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

# single_side NAME LABEL [VAR=VALUE...]: one Delivery instance on a fresh SQLite folder; the variables go to the client.
single_side() {
  local name=$1 label=$2; shift 2
  echo "== $label"
  mkdir -p "$work/$name"
  dotnet "$delivery" --urls http://127.0.0.1:5931 --Storage:DataPath="$work/$name" --AccessLog:ChainKey="$chain_key" --contentRoot "$PWD/src/Delivery" > "$work/$name.log" 2>&1 & single_pid=$!
  wait_up http://127.0.0.1:5931/health $single_pid "$work/$name.log"
  env "$@" BENCH_SERVER_PIDS="delivery:$single_pid" dotnet "$bench" messaging "$label" http://127.0.0.1:5931 "sqlite:$work/$name/delivery.db" || side_failed "$label"
  echo "   server CPU: $(cpu $single_pid), RSS $(rss $single_pid)"
  kill $single_pid; wait $single_pid 2>/dev/null || true
}

start_postgres() {
  [ -f "$pgdir/PG_VERSION" ] && return
  mkdir -p "$pgdir"; [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir"
  as_pg "$pgbin/initdb" -D "$pgdir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$pgdir" -l "$pgdir/server.log" -w -o "-c listen_addresses=127.0.0.1 -p 5939 -k $pgdir -c max_connections=300" start >/dev/null
}

# pair_side NAME LABEL EXTRA...: two Delivery instances on a fresh PostgreSQL database of their own, with EXTRA settings
# ($pair_dll: the Delivery build to run, $pair_env: variables for the client).
pair_side() {
  local name=$1 label=$2 delivery=${pair_dll:-$delivery}; shift 2
  echo "== $label"
  start_postgres
  pair_runs=$((pair_runs + 1)); name=$name-$pair_runs   # a side may be repeated in one run (BENCH_SIDES="before redis before redis")
  "$pgbin/psql" -h 127.0.0.1 -p 5939 -U postgres -qc "CREATE DATABASE \"delivery_$name\"" >/dev/null
  local conn="Host=127.0.0.1;Port=5939;Username=postgres;Database=delivery_$name"
  mkdir -p "$work/$name-a" "$work/$name-b"
  Database__Provider=Postgres Database__ConnectionString="$conn" dotnet "$delivery" --urls http://127.0.0.1:5932 --Storage:DataPath="$work/$name-a" --AccessLog:ChainKey="$chain_key" --contentRoot "$PWD/src/Delivery" "$@" > "$work/$name-a.log" 2>&1 & a_pid=$!
  wait_up http://127.0.0.1:5932/health $a_pid "$work/$name-a.log"   # the first instance migrates; the second starts on the ready schema
  Database__Provider=Postgres Database__ConnectionString="$conn" dotnet "$delivery" --urls http://127.0.0.1:5933 --Storage:DataPath="$work/$name-b" --AccessLog:ChainKey="$chain_key" --contentRoot "$PWD/src/Delivery" "$@" > "$work/$name-b.log" 2>&1 & b_pid=$!
  wait_up http://127.0.0.1:5933/health $b_pid "$work/$name-b.log"
  env "${pair_env[@]}" BENCH_SERVER_PIDS="A:$a_pid,B:$b_pid${redis_pid:+,redis:$redis_pid}" \
    dotnet "$bench" messaging "$label" http://127.0.0.1:5932,http://127.0.0.1:5933 "postgres:$conn" || side_failed "$label"
  echo "   server CPU (whole run, incl. sign-ins): A $(cpu $a_pid), B $(cpu $b_pid); RSS A $(rss $a_pid), B $(rss $b_pid)"
  kill $a_pid $b_pid; wait $a_pid $b_pid 2>/dev/null || true
}

redis_cmd=(redis-server --port 5940 --bind 127.0.0.1 --save '' --appendonly no)
start_redis() {
  "${redis_cmd[@]}" --daemonize no > "$work/redis.log" 2>&1 & redis_pid=$!
  until redis-cli -p 5940 ping >/dev/null 2>&1; do kill -0 $redis_pid || { cat "$work/redis.log" >&2; exit 1; }; sleep 0.1; done
}
stop_redis() { echo "   redis-server CPU $(cpu $redis_pid), RSS $(rss $redis_pid)"; kill $redis_pid; wait $redis_pid 2>/dev/null || true; redis_pid=; }

redis_pid=
pair_env=()
pair_runs=0
for side in $sides; do
  case $side in
    echo) echo_side ;;
    single) single_side single "Delivery x1 SQLite" ;;
    rate1000) single_side rate1000 "Delivery x1 SQLite, 1,000 messages/s" BENCH_RATE=1000 ;;
    conn10k) single_side conn10k "Delivery x1 SQLite, 10,000 connections" BENCH_THREADS=1000 BENCH_THREADS_PER_USER=10 ;;
    redis) start_redis; pair_side redis "Delivery x2 PostgreSQL + Redis" --Realtime:Redis=127.0.0.1:5940; stop_redis ;;
    before)
      [ -f "${BENCH_BEFORE:-}/ContentPlatform.Delivery.dll" ] || { echo "side 'before' needs BENCH_BEFORE=DIR with ContentPlatform.Delivery.dll" >&2; exit 2; }
      start_redis
      pair_dll=$BENCH_BEFORE/ContentPlatform.Delivery.dll pair_side before "Delivery x2 PostgreSQL + Redis, BEFORE" --Realtime:Redis=127.0.0.1:5940
      stop_redis ;;
    outage)
      # The instances keep their Redis connection string; redis-server is killed (as a crash) and started again on the
      # same port by the client at the set moment. Its CPU is not counted (a new process after the restart).
      "${redis_cmd[@]}" --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log" >/dev/null
      until redis-cli -p 5940 ping >/dev/null 2>&1; do sleep 0.1; done
      pair_env=("BENCH_SECONDS=${BENCH_SECONDS:-30}" "BENCH_OUTAGE_STOP=kill -9 \$(cat $work/redis.pid)"
        "BENCH_OUTAGE_START=redis-server --port 5940 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile $work/redis.pid --logfile $work/redis.log && until redis-cli -p 5940 ping >/dev/null 2>&1; do sleep 0.05; done")
      pair_side outage "Delivery x2 PostgreSQL + Redis, Redis down ${BENCH_OUTAGE_SECONDS:-10} s${BENCH_CATCHUP:+, catch-up=$BENCH_CATCHUP}" --Realtime:Redis=127.0.0.1:5940
      pair_env=()
      kill -9 "$(cat "$work/redis.pid")" 2>/dev/null || true ;;
    *) echo "unknown side '$side' (echo, single, redis, rate1000, conn10k, outage, before)" >&2; exit 2 ;;
  esac
done
[ ${#failed_sides[@]} -eq 0 ] || { echo "messaging.sh: failed sides: ${failed_sides[*]}" >&2; exit 1; }
