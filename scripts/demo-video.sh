#!/usr/bin/env bash
# Generates the demo course's video, which is not committed (a clip with a test pattern and a tone; its captions are in
# git). `cms import content/` needs it, so ./run.sh and the benchmarks that import content/ run this first.
# Does nothing when the file is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
video=content/programs/leve-med-diabetes-type-1/media/insulinpenn.mp4
[ -f "$video" ] && exit 0
command -v ffmpeg >/dev/null || { echo "demo-video.sh: ffmpeg is missing (scripts/setup.sh installs it)" >&2; exit 1; }
# Written beside and renamed, so an interrupted run never leaves half a video that the next run would take as done.
ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=440 -t 40 \
  -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest -f mp4 "$video.partial"
mv "$video.partial" "$video"
