#!/usr/bin/env bash
# What 1,000 hub connections cost the client process: the messaging benchmark's raw WebSocket client vs the SignalR .NET
# client (HubConnection), against the bare echo hub (no auth, no database). Each round runs each kind in a fresh process,
# alternating raw, hubconnection, raw, … and the medians are printed with the ratio: start time and memory of the
# connections, then the client CPU per delivery received (100 messages into threads of 100 connections).
# Usage: tests/Benchmarks/hub-clients.sh   (env: CONNECTIONS=1000 ROUNDS=3)
# Shortest run: CONNECTIONS=20 ROUNDS=1 (checks the steps, measures nothing worth quoting).
source "$(dirname "$0")/common.sh"
connections=${CONNECTIONS:-1000}
rounds=${ROUNDS:-3}
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true
export Logging__LogLevel__Default=Warning

port=$(free_port)
dotnet "$bench" echo-hub "$port" > "$work/echo.log" 2>&1 & echo_pid=$!
wait_up "http://127.0.0.1:$port/health" $echo_pid "$work/echo.log"
echo "== $connections connections per run, $rounds rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  for kind in raw hubconnection; do
    dotnet "$bench" hub-clients "$kind" "http://127.0.0.1:$port" "$connections" | tee -a "$work/$kind.txt"
  done
done
echo "== after the runs: load average $(cut -d' ' -f1-3 /proc/loadavg)"

# median FILE FIELD: the median of the number that follows FIELD's word on the RESULT lines.
median() { awk -v f="$2" '{for (i = 1; i < NF; i++) if ($i == f) print $(i + 1)}' "$1" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for field in start heap set allocated cpu; do
  raw=$(median "$work/raw.txt" "$field"); hub=$(median "$work/hubconnection.txt" "$field")
  unit=$(case $field in start) echo "ms for all" ;; cpu) echo "us/delivery" ;; *) echo "KB/conn" ;; esac)
  printf 'MEDIAN %-10s raw %8s  hubconnection %8s %-10s  hubconnection/raw %s\n' "$field" "$raw" "$hub" "$unit" \
    "$(awk -v a="$hub" -v b="$raw" 'BEGIN { printf (b > 0 ? "%.2f" : "n/a"), a / b }')"
done
