#!/usr/bin/env bash
# Media benchmarks (see docs/benchmarks.md): transcoding real-time factor, upload throughput to the local store and to
# Azurite, and the Cms's peak memory while a 1 GB file is uploaded. Loopback only; bounded; cleans up after itself.
# Usage: scripts/bench-media.sh [upload-MiB (default 1024)]   (from a fresh clone: common.sh installs and builds first)
#   BENCH_SKIP_TRANSCODE=1   only the upload sections (2 and 3)
#   BENCH_AZURE_BASELINE=DIR also run section 3 with the Cms built in DIR (another checkout, e.g. the commit before a
#                            change to the Azure store), right before ours in the same run: a baseline under the same load
source "$(dirname "$0")/../tests/Benchmarks/common.sh"
need bc
need python3   # the TOTP code and the JSON steps below
MIB=${1:-1024}
export DOTNET_NOLOGO=1 ASPNETCORE_ENVIRONMENT=Development
work=$(mktemp -d /tmp/cp-bench-XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cms_dll=src/Cms/bin/Release/net10.0/ContentPlatform.Cms.dll

if [ "${BENCH_SKIP_TRANSCODE:-}" != 1 ]; then
echo "== 1. transcode: 60 s 720p clip -> 720p + 360p H.264/AAC + audio-only in one ffmpeg run (the Cms's exact arguments)"
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=330 -t 60 \
  -c:v libx264 -preset fast -crf 20 -pix_fmt yuv420p -c:a aac -shortest "$work/clip.mp4"
fi
# Through the app: upload, then time the job from running to done with the API (job startedAt -> finishedAt).
port=$(free_port); data="$work/data-local"; mkdir -p "$data"
dotnet "$cms_dll" demo-accounts --contentRoot "$PWD/src/Cms" --Storage:DataPath="$data" >/dev/null
dotnet "$cms_dll" --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Cms" --Storage:DataPath="$data" \
  --Logging:LogLevel:Default=Warning > "$work/cms.log" 2>&1 &
cms_pid=$!; pids+=("$cms_pid")
base="http://127.0.0.1:$port"
wait_up "$base/account/login" "$cms_pid" "$work/cms.log"

login() { # $1 base -> cookie jar in $work/jar
  local b=$1 token
  # The page has more than one form (sign-in, language switch): any of their tokens will do, take the first.
  token=$(curl -s -c "$work/jar" "$b/account/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n1 | sed 's/.*value="//;s/"$//')
  curl -s -b "$work/jar" -c "$work/jar" -o /dev/null -X POST "$b/account/login" \
    --data-urlencode "email=editor@demo.local" --data-urlencode "password=Demo-editor-2026" --data-urlencode "__RequestVerificationToken=$token"
  # Staff need a second factor: the fresh demo editor enrols an authenticator (key from the page, RFC 6238 code).
  local page key code
  page=$(curl -s -b "$work/jar" -c "$work/jar" "$b/account/enrol-2fa")
  key=$(grep -o 'data-key="[^"]*"' <<<"$page" | sed 's/data-key="//;s/"$//' || true)
  [ -n "$key" ] || return 0   # already enrolled in this data folder
  token=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$page" | head -n1 | sed 's/.*value="//;s/"$//')
  code=$(python3 -c 'import base64,hmac,hashlib,struct,sys,time
k=base64.b32decode(sys.argv[1].upper()+"="*(-len(sys.argv[1])%8)); h=hmac.new(k,struct.pack(">Q",int(time.time())//30),hashlib.sha1).digest()
o=h[-1]&15; print("%06d"%((struct.unpack(">I",h[o:o+4])[0]&0x7fffffff)%1000000))' "$key")
  curl -s -b "$work/jar" -c "$work/jar" -o /dev/null -X POST "$b/account/enrol-2fa" \
    --data-urlencode "code=$code" --data-urlencode "__RequestVerificationToken=$token"
}
api() { curl -s -b "$work/jar" -H "Origin: $1" "${@:2}"; }
upload() { # $1 base $2 file $3 name -> prints asset JSON
  local b=$1 f=$2 size id chunk=$((8*1024*1024)) off=0 end
  size=$(stat -c %s "$f")
  id=$(api "$b" -X POST "$b/api/v1/manage/media/uploads" -H 'Content-Type: application/json' \
       -d "{\"fileName\":\"$3\",\"size\":$size}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while [ "$off" -lt "$size" ]; do
    end=$(( off + chunk < size ? off + chunk - 1 : size - 1 ))
    dd if="$f" iflag=skip_bytes,count_bytes skip="$off" count=$((end - off + 1)) bs=1M status=none | api "$b" -o /dev/null -f -X PUT \
      -H "Content-Range: bytes $off-$end/$size" --data-binary @- "$b/api/v1/manage/media/uploads/$id"
    off=$((end + 1))
  done
  api "$b" -X POST "$b/api/v1/manage/media/uploads/$id/complete"
}
login "$base"
if [ "${BENCH_SKIP_TRANSCODE:-}" != 1 ]; then
# CPU seconds of the Cms and of the children it waited for (ffmpeg, ffprobe): steadier than wall time on a shared machine.
cpu() { awk -v t="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.2f %.2f", ($12 + $13) / t, ($14 + $15) / t }' "/proc/$1/stat"; }
read -r own0 kids0 <<<"$(cpu "$cms_pid")"
job=$(upload "$base" "$work/clip.mp4" clip.mp4 | python3 -c 'import json,sys; print(json.load(sys.stdin)["job"]["id"])')
while :; do
  state=$(api "$base" "$base/api/v1/manage/media/jobs/$job")
  case "$state" in *'"state":"done"'*|*'"state":"failed"'*) break;; esac
  sleep 0.5
done
python3 - "$state" <<'PY'
import json, sys
from datetime import datetime
j = json.loads(sys.argv[1])
t = (datetime.fromisoformat(j["finishedAt"]) - datetime.fromisoformat(j["startedAt"])).total_seconds()
print(f"   job {j['state']}: {t:.1f} s for 60 s of video -> real-time factor {60/t:.2f}x (includes probe, poster, hashing and storing)")
PY
read -r own1 kids1 <<<"$(cpu "$cms_pid")"
python3 -c "o=$own1-$own0; k=$kids1-$kids0; print(f'   job CPU {o+k:.1f} s (ffmpeg/ffprobe {k:.1f} s, Cms {o:.1f} s incl. the upload) -> {60/((o+k)/2):.2f}x if both cores were free')"

echo "   same ladder as one direct ffmpeg run (the transcoder's arguments), wall and CPU time:"
( cd "$work" && /usr/bin/time -f "%e %U %S" -o "$work/time" ffmpeg -nostdin -v error -y -i clip.mp4 \
  -filter_complex "[0:v]split=2[s0][s1];[s0]scale=-2:720[v0];[s1]scale=-2:360[v1]" \
  -map "[v0]" -map 0:a:0 -c:v libx264 -preset veryfast -crf 23 -profile:v high -pix_fmt yuv420p -force_key_frames "expr:gte(t,n_forced*2)" \
  -c:a aac -b:a 128k -ar 48000 -movflags +faststart -f mp4 o720.mp4 \
  -map "[v1]" -map 0:a:0 -c:v libx264 -preset veryfast -crf 23 -profile:v high -pix_fmt yuv420p -force_key_frames "expr:gte(t,n_forced*2)" \
  -c:a aac -b:a 128k -ar 48000 -movflags +faststart -f mp4 o360.mp4 \
  -map 0:a:0 -vn -af loudnorm=I=-16:TP=-1.5:LRA=11 -c:a aac -b:a 128k -ar 48000 -movflags +faststart -f ipod oa.m4a )
read -r wall user sys < "$work/time"
python3 -c "w,u,s=$wall,$user,$sys; print(f'   wall {w:.1f} s -> {60/w:.2f}x real time; CPU {u+s:.1f} s -> {60/((u+s)/2):.2f}x if both cores were free')"
echo "   load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

echo "== 2. upload throughput (8 MiB chunks over HTTP, then SHA-256 + store on complete), $MIB MiB"
# A video-typed file (ftyp box) so the 2 GB video limit applies; its processing job fails, which does not matter here.
{ printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2'; head -c $((MIB * 1024 * 1024 - 24)) /dev/urandom; } > "$work/big.mp4"
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
hwm() { awk '/VmHWM/ {print int($2/1024)}' "/proc/$1/status"; }
sleep 2
idle=$(rss "$cms_pid")
# Sample RSS every 100 ms while uploading (VmHWM also holds the peak since start, incl. the transcode above).
( peak=0; while kill -0 "$cms_pid" 2>/dev/null; do r=$(rss "$cms_pid"); [ "$r" -gt "$peak" ] && peak=$r && echo "$peak" > "$work/peak"; sleep 0.1; done ) &
sampler=$!; pids+=("$sampler")
start=$(date +%s.%N)
upload "$base" "$work/big.mp4" big.mp4 >/dev/null
secs=$(echo "$(date +%s.%N) - $start" | bc)
kill "$sampler" 2>/dev/null || true
peak=$(cat "$work/peak")
echo "   local store:  $(echo "scale=1; $MIB / $secs" | bc) MiB/s ($secs s)"
echo "   Cms RSS: idle $idle MiB, peak during upload $peak MiB -> $((peak - idle)) MiB above idle"
kill "$cms_pid"; wait "$cms_pid" 2>/dev/null || true

echo "== 3. upload throughput to Azurite (same path; the complete step streams the file to the blob service)"
[ -f node_modules/azurite/dist/src/blob/main.js ] || npm ci --no-audit --no-fund --loglevel=error
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
azure_upload() { # $1 repository holding the built Cms, $2 label: a fresh Azurite (on disk) and Cms, one upload, RSS sampled
  local repo=$1 label=$2 aport apid secs idle peak
  aport=$(free_port)
  node node_modules/azurite/dist/src/blob/main.js --blobHost 127.0.0.1 --blobPort "$aport" --location "$work/azurite-$label" \
    --silent --skipApiVersionCheck --loose > /dev/null 2>&1 &
  apid=$!; pids+=("$apid")
  port=$(free_port); data="$work/data-azure-$label"; mkdir -p "$data"; base="http://127.0.0.1:$port"
  local azure=(--Media:Store=AzureBlob --Media:Azure:AccountName=devstoreaccount1 --Media:Azure:AccountKey="$key"
         --Media:Azure:BlobEndpoint="http://127.0.0.1:$aport/devstoreaccount1" --Media:Azure:Container=bench --Media:ProcessJobs=false)
  dotnet "$repo/$cms_dll" demo-accounts --contentRoot "$repo/src/Cms" --Storage:DataPath="$data" >/dev/null
  dotnet "$repo/$cms_dll" --urls "$base" --contentRoot "$repo/src/Cms" --Storage:DataPath="$data" "${azure[@]}" \
    --Logging:LogLevel:Default=Warning > "$work/cms-azure-$label.log" 2>&1 &
  cms_pid=$!; pids+=("$cms_pid")
  wait_up "$base/account/login" "$cms_pid" "$work/cms-azure-$label.log"
  rm -f "$work/jar"; login "$base"
  sleep 2
  idle=$(rss "$cms_pid"); echo "$idle" > "$work/peak"
  ( p=0; while kill -0 "$cms_pid" 2>/dev/null; do r=$(rss "$cms_pid"); [ "$r" -gt "$p" ] && p=$r && echo "$p" > "$work/peak"; sleep 0.1; done ) &
  sampler=$!; pids+=("$sampler")
  start=$(date +%s.%N)
  upload "$base" "$work/big.mp4" big.mp4 >/dev/null
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  kill "$sampler" 2>/dev/null || true
  peak=$(cat "$work/peak")
  echo "   Azurite, $label: $(echo "scale=1; $MIB / $secs" | bc) MiB/s ($secs s); Cms RSS idle $idle MiB, peak $peak MiB -> $((peak - idle)) MiB above idle; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$cms_pid" "$apid"; wait "$cms_pid" "$apid" 2>/dev/null || true
}
if [ -n "${BENCH_AZURE_BASELINE:-}" ]; then
  azure_upload "$BENCH_AZURE_BASELINE" baseline
fi
azure_upload "$PWD" this-build
echo "   (Azurite is a Node.js emulator on the same 2 cores)"
