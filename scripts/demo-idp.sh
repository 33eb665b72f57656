#!/usr/bin/env bash
# Starts or stops the demo OpenID provider (tools/DemoIdp) that stands in for ID-porten or HelseID on this machine.
#   scripts/demo-idp.sh start PORT idporten|helseid   (idempotent; returns once the discovery document answers)
#   scripts/demo-idp.sh stop PORT
# The process id is kept in data/demo-idp-PORT.pid, the log in data/logs/demo-idp-PORT.log. Expects a Release build
# (scripts/setup.sh). Demo only: plain HTTP on localhost, an ephemeral signing key, fixed test persons.
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:-}; port=${2:-}; flavour=${3:-}
usage() { echo "usage: $0 start PORT idporten|helseid | stop PORT" >&2; exit 2; }
[[ "$port" =~ ^[0-9]+$ ]] || usage
pid_file=data/demo-idp-$port.pid
url=http://localhost:$port
dll=tools/DemoIdp/bin/${CONFIGURATION:-Release}/net10.0/ContentPlatform.DemoIdp.dll

running() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

case "$action" in
  start)
    [[ "$flavour" =~ ^(idporten|helseid)$ ]] || usage
    if running; then
      echo "demo $flavour provider already running on $url (pid $(cat "$pid_file"))"
      exit 0
    fi
    mkdir -p data/logs
    # The issuer is fixed to the URL the apps are configured with, whatever Host header a request carries.
    dotnet "$dll" --urls "$url" --DemoIdp:Flavour="$flavour" --DemoIdp:Issuer="$url/" > "data/logs/demo-idp-$port.log" 2>&1 &
    echo $! > "$pid_file"
    for _ in $(seq 1 120); do
      if curl -fsS "$url/.well-known/openid-configuration" >/dev/null 2>&1; then
        echo "demo $flavour provider on $url"
        exit 0
      fi
      running || { echo "demo $flavour provider failed to start; see data/logs/demo-idp-$port.log:" >&2; tail -n 20 "data/logs/demo-idp-$port.log" >&2; rm -f "$pid_file"; exit 1; }
      sleep 0.5
    done
    echo "demo $flavour provider did not answer on $url" >&2
    exit 1
    ;;
  stop)
    if running; then
      pid=$(cat "$pid_file")
      kill -TERM "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
    rm -f "$pid_file"
    ;;
  *) usage ;;
esac
