#!/usr/bin/env bash
# Remakes the README's screenshots (docs/screenshots/*.png) from the browser journeys: SCREENSHOTS=1 makes
# Journey.ScreenshotAsync save named pictures (desktop 1280×800, phone 390×844), in nb and nn. A normal test run saves none.
# Each picture must stay under 150 KB (they are committed as docs): a larger one is reduced to a 256-colour PNG
# (ffmpeg, which scripts/setup.sh installs for the media pipeline).
# Usage: scripts/screenshots.sh   (after scripts/setup.sh; takes a few minutes: it runs a dozen journeys)
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIGURATION=${CONFIGURATION:-Release}
limit=$((150 * 1024))

journeys=(
  "FullyQualifiedName~ManagerJourneyTests.An_editor_builds"                 # dashboard, page editor, review
  "FullyQualifiedName~ReviewDiffJourneyTests"                                # review diff
  "FullyQualifiedName~AnalyticsJourneyTests"                                 # indicators
  "FullyQualifiedName~PatientJourneyTests.An_invited_patient"                # patient module page
  "FullyQualifiedName~TherapistJourneyTests.An_alert_shows"                  # caseload
  "FullyQualifiedName~PhoneLayoutJourneyTests.On_a_phone_the_patient"        # phone layout
)
filter=$(IFS='|'; echo "${journeys[*]}")
mkdir -p docs/screenshots
started=$(date +%s)
SCREENSHOTS=1 dotnet test e2e/ContentPlatform.E2E -c "$CONFIGURATION" --no-build --nologo --filter "$filter"

status=0
for png in docs/screenshots/*.png; do
  [ "$(stat -c %Y "$png")" -ge "$started" ] || { echo "not remade (its journey did not run?): $png"; status=1; continue; }
  if [ "$(stat -c %s "$png")" -gt "$limit" ]; then
    ffmpeg -loglevel error -y -i "$png" -vf "split[a][b];[a]palettegen=max_colors=256:stats_mode=full[p];[b][p]paletteuse=dither=none" \
      "$png.small.png" && mv "$png.small.png" "$png"
  fi
  size=$(stat -c %s "$png")
  printf '  %-40s %4d KB %s\n' "$png" $((size / 1024)) "$(ffprobe -v error -show_entries stream=width,height -of csv=s=x:p=0 "$png")"
  [ "$size" -le "$limit" ] || { echo "still over 150 KB: $png"; status=1; }
done
exit $status
