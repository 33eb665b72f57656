#!/usr/bin/env bash
# Sets up and starts the whole platform locally: the Cms on :5001 and Delivery on :5000, with demo content and demo
# accounts (Development only). Ctrl-C stops both. Override ports with CMS_URL / DELIVERY_URL.
# `./run.sh --dry-run` prints the settings each step would get (the URLs the apps call each other on) and stops.
set -euo pipefail
cd "$(dirname "$0")"
export CONFIGURATION=Release
CMS_URL=${CMS_URL:-http://localhost:5001}
DELIVERY_URL=${DELIVERY_URL:-http://localhost:5000}
# The local SMTP catcher (maildev, from npm): both apps send their mail to it; its web inbox shows every mail.
MAIL_SMTP_PORT=${MAIL_SMTP_PORT:-1025}
MAIL_WEB_PORT=${MAIL_WEB_PORT:-1080}
# The demo OpenID providers standing in for ID-porten (patients) and HelseID (staff); see "Demo sign-in" in README.md.
IDPORTEN_PORT=${IDPORTEN_PORT:-5002}
HELSEID_PORT=${HELSEID_PORT:-5003}
export ASPNETCORE_ENVIRONMENT=Development
export DOTNET_NOLOGO=1
dry_run=false
[ "${1:-}" = "--dry-run" ] && dry_run=true

# Where each app reaches the other, in every step that needs it (the import's webhook and preview links too), so
# CMS_URL / DELIVERY_URL move all of them: the Cms posts releases to Delivery's webhook and links previews there;
# Delivery fetches releases and media from the Cms.
cms_peers=(--Webhooks:Endpoints:0:Url="$DELIVERY_URL/api/webhooks/cms" --Preview:DeliveryUrl="$DELIVERY_URL")
delivery_peers=(--Cms:BaseUrl="$CMS_URL")
if $dry_run; then
  echo "import:   ${cms_peers[*]}"
  echo "cms:      --urls $CMS_URL ${cms_peers[*]} --Mail:PublicBaseUrl=$CMS_URL"
  echo "delivery: --urls $DELIVERY_URL ${delivery_peers[*]} --Mail:PublicBaseUrl=$DELIVERY_URL"
  echo "seed:     ${delivery_peers[*]}"
  exit 0
fi

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
cms import content/ --publish "${cms_peers[@]}"
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
scripts/demo-idp.sh start "$IDPORTEN_PORT" idporten
scripts/demo-idp.sh start "$HELSEID_PORT" helseid
# National sign-in through the demo providers (docs/security.md, "Identity"); http is allowed only because they are on localhost.
idporten_url="http://localhost:$IDPORTEN_PORT/"
helseid_url="http://localhost:$HELSEID_PORT/"
delivery_signin=(--Authentication:IdPorten:Authority="$idporten_url" --Authentication:IdPorten:ClientId=delivery-idporten
  --Authentication:IdPorten:ClientSecret=demo-secret --Authentication:IdPorten:RequireHttpsMetadata=false
  --Authentication:HelseId:Authority="$helseid_url" --Authentication:HelseId:ClientId=delivery-helseid
  --Authentication:HelseId:ClientSecret=demo-secret --Authentication:HelseId:RequireHttpsMetadata=false)
cms_signin=(--Authentication:HelseId:Authority="$helseid_url" --Authentication:HelseId:ClientId=cms-helseid
  --Authentication:HelseId:ClientSecret=demo-secret --Authentication:HelseId:RequireHttpsMetadata=false)
dotnet "$cms_dll" --urls "$CMS_URL" --contentRoot "$PWD/src/Cms" "${cms_peers[@]}" \
  "${mail[@]}" --Mail:PublicBaseUrl="$CMS_URL" "${cms_signin[@]}" > data/logs/cms.log 2>&1 &
cms_pid=$!
dotnet "$delivery_dll" --urls "$DELIVERY_URL" --contentRoot "$PWD/src/Delivery" \
  "${delivery_peers[@]}" "${mail[@]}" --Mail:PublicBaseUrl="$DELIVERY_URL" "${delivery_signin[@]}" > data/logs/delivery.log 2>&1 &
delivery_pid=$!
stop() {
  echo; echo "==> stopping"
  kill -TERM "$cms_pid" "$delivery_pid" "$maildev_pid" 2>/dev/null || true
  wait "$cms_pid" "$delivery_pid" "$maildev_pid" 2>/dev/null || true
  scripts/demo-idp.sh stop "$IDPORTEN_PORT" || true
  scripts/demo-idp.sh stop "$HELSEID_PORT" || true
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
delivery seed-demo-activity "${delivery_peers[@]}" | grep '^  ' || echo "  (demo activity not seeded: see the message above)"
cat <<INFO

  Delivery (patients, therapists):  $DELIVERY_URL
  Cms (content team):               $CMS_URL
  Mail inbox (maildev):             http://localhost:$MAIL_WEB_PORT  (every mail both apps send)
  Demo ID-porten (patients):        http://localhost:$IDPORTEN_PORT/
  Demo HelseID (staff):             http://localhost:$HELSEID_PORT/
  Test persons (pick one on the provider's login page):
$(dotnet tools/DemoIdp/bin/$CONFIGURATION/net10.0/ContentPlatform.DemoIdp.dll persons)
  Logs: data/logs/   Data: data/   Stop: Ctrl-C

INFO
wait
