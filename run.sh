#!/usr/bin/env bash
# Sets up and starts the whole platform locally: the Cms on :5001 and Delivery on :5000, with demo content and demo
# accounts (Development only). Ctrl-C stops both. Override ports with CMS_URL / DELIVERY_URL.
set -euo pipefail
cd "$(dirname "$0")"
export CONFIGURATION=Release
CMS_URL=${CMS_URL:-http://localhost:5001}
DELIVERY_URL=${DELIVERY_URL:-http://localhost:5000}
# The local SMTP catcher (maildev, from npm): both apps send their mail to it; its web inbox shows every mail.
MAIL_SMTP_PORT=${MAIL_SMTP_PORT:-1025}
MAIL_WEB_PORT=${MAIL_WEB_PORT:-1080}
export ASPNETCORE_ENVIRONMENT=Development
export DOTNET_NOLOGO=1

scripts/setup.sh
mkdir -p data
cms_dll=src/Cms/bin/Release/net10.0/ContentPlatform.Cms.dll
delivery_dll=src/Delivery/bin/Release/net10.0/ContentPlatform.Delivery.dll
# Commands (import, demo-accounts) come first, settings after: `cms demo-accounts` runs the command and exits.
quiet=(--Logging:LogLevel:Default=Warning)
cms() { dotnet "$cms_dll" "$@" --contentRoot "$PWD/src/Cms" "${quiet[@]}"; }
delivery() { dotnet "$delivery_dll" "$@" --contentRoot "$PWD/src/Delivery" "${quiet[@]}"; }

echo "==> demo content and accounts"
scripts/demo-video.sh   # the course's demo video is generated, not committed
cms import content/ --publish
echo "  app      e-mail                  password                  roles"
cms demo-accounts | grep '^  '
delivery demo-accounts | grep '^  '

echo "==> starting"
mkdir -p data/logs
node node_modules/maildev/dist/bin/maildev.js --smtp "$MAIL_SMTP_PORT" --ip 127.0.0.1 --web "$MAIL_WEB_PORT" --web-ip 127.0.0.1 \
  > data/logs/maildev.log 2>&1 &
maildev_pid=$!
mail=(--Mail:Smtp:Host=127.0.0.1 --Mail:Smtp:Port="$MAIL_SMTP_PORT" --Mail:Smtp:Security=None
  --Mail:From:Address=noreply@contentplatform.localhost --Mail:From:Name=ContentPlatform)
dotnet "$cms_dll" --urls "$CMS_URL" --contentRoot "$PWD/src/Cms" \
  --Webhooks:Endpoints:0:Url="$DELIVERY_URL/api/webhooks/cms" --Preview:DeliveryUrl="$DELIVERY_URL" \
  "${mail[@]}" --Mail:PublicBaseUrl="$CMS_URL" > data/logs/cms.log 2>&1 &
cms_pid=$!
dotnet "$delivery_dll" --urls "$DELIVERY_URL" --contentRoot "$PWD/src/Delivery" \
  --Cms:BaseUrl="$CMS_URL" "${mail[@]}" --Mail:PublicBaseUrl="$DELIVERY_URL" > data/logs/delivery.log 2>&1 &
delivery_pid=$!
stop() {
  echo; echo "==> stopping"
  kill -TERM "$cms_pid" "$delivery_pid" "$maildev_pid" 2>/dev/null || true
  wait "$cms_pid" "$delivery_pid" "$maildev_pid" 2>/dev/null || true
  exit 0
}
trap stop INT TERM

wait_for() {
  for _ in $(seq 1 120); do
    curl -fsS "$1/health" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "$3 failed to start; see data/logs/$3.log:"; tail -n 20 "data/logs/$3.log"; stop; }
    sleep 0.5
  done
  echo "$3 did not answer on $1/health"; stop
}
wait_for "$CMS_URL" "$cms_pid" cms
wait_for "$DELIVERY_URL" "$delivery_pid" delivery
# Synthetic activity for the indicator pages (Development only; idempotent). It fetches the demo programs from the Cms.
delivery seed-demo-activity --Cms:BaseUrl="$CMS_URL" | grep '^  ' || echo "  (demo activity not seeded: see the message above)"
cat <<INFO

  Delivery (patients, therapists):  $DELIVERY_URL
  Cms (content team):               $CMS_URL
  Mail inbox (maildev):             http://localhost:$MAIL_WEB_PORT  (every mail both apps send)
  Logs: data/logs/   Data: data/   Stop: Ctrl-C

INFO
wait
