#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# cds-archive.sh - a class-data-sharing archive of the classes Earshot loads, so the JVM maps them
# from one file instead of loading, verifying and linking them at every start (JDK 13+).
#
#   scripts/cds-archive.sh [--jar target/earshot.jar] [--out target/earshot.jsa] [--model models]
#                          [CLIP ...]
#
# Runs `serve` once, interpreted, with -XX:ArchiveClassesAtExit: until ready, one multipart and one JSON
# prediction of each CLIP (default: two committed test clips, MP3 and WAV), model info and
# health, then a graceful stop, at which the JVM writes the archive. Use it with
#   java -XX:SharedArchiveFile=target/earshot.jsa -Xshare:auto -jar target/earshot.jar ...
# The archive fits only the jar it was made from (same path, size and time) and the same JVM
# build; with -Xshare:auto a missing or stale archive is skipped and the jar starts as usual.
# Needs java and curl only (it runs in the runtime image too).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
jar="$ROOT/target/earshot.jar" out="" model="$ROOT/models"
clips=()
readonly READY_SECONDS=120

usage() { sed -n '4,16p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "cds-archive: $*" >&2; exit 2; }
log() { echo "cds-archive: $*" >&2; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --jar) jar=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --model) model=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) clips+=("$1"); shift ;;
  esac
done
[[ -n $out ]] || out="$(dirname "$jar")/earshot.jsa"
if [[ ${#clips[@]} -eq 0 ]]; then
  clips=("$ROOT/src/test/resources/audio/bench/clip5s.mp3"
         "$ROOT/src/test/resources/audio/tone440-8000-ulaw.wav")
fi
for tool in java curl base64; do command -v "$tool" >/dev/null || die "$tool not found"; done
[[ -f $jar ]] || die "$jar not found; build it first: ./mvnw -B -q package -DskipTests"
[[ -f $model/model.json ]] || die "no model in $model (model.json missing)"
for clip in "${clips[@]}"; do [[ -f $clip ]] || die "clip $clip not found"; done

WORK=$(mktemp -d /tmp/earshot-cds.XXXXXX)
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PORT=0: the system picks a free port, which the service logs.
# -Xint: the JIT's state at the moment of the dump can stick to a method in the archive, so that
# runs mapping it never compile that method. Seen on 17.0.15: one archive in two left the decoder's
# clip loop (MonoSink.clip) interpreted for good, and `features` over 960 clips took 8.7 s against
# 5.2 s without the archive. Without a JIT there is no such state; the classes archived are the same.
env -u REDIS_URL -u API_KEY HOST=127.0.0.1 PORT=0 MODEL_DIR="$model" \
  DATA_DIR="$WORK/data" \
  java -Xint -XX:ArchiveClassesAtExit="$WORK/earshot.jsa" -Xlog:disable -Xlog:all=error:stderr \
  -jar "$jar" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
deadline=$((SECONDS + READY_SECONDS))
port=""
until [[ -n $port ]] && curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/health/ready" 2>/dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; die "the server exited"; }
  (( SECONDS < deadline )) || { tail -20 "$WORK/server.log" >&2; die "not ready in ${READY_SECONDS}s"; }
  port=$(sed -n 's/.* listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/server.log" | head -1)
  sleep 0.2
done
BASE="http://127.0.0.1:$port/api/v1"
for clip in "${clips[@]}"; do
  curl -fsS -o /dev/null -F "file=@$clip" "$BASE/predictions/single" \
    || die "a prediction of $clip failed"
  printf '{"filename": "%s", "audio_base64": "%s"}' "$(basename "$clip")" "$(base64 -w0 "$clip")" \
    >"$WORK/body.json"
  curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary "@$WORK/body.json" \
    "$BASE/predictions/single" || die "a JSON prediction of $clip failed"
done
curl -fsS -o /dev/null -F "files=@${clips[0]}" "$BASE/predictions/batch" || die "a batch failed"
curl -fsS -o /dev/null "$BASE/model-info" || die "model-info failed"
curl -fsS -o /dev/null "$BASE/health" || die "health failed"

# A graceful stop ends the JVM normally, and the archive is written on the way out.
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=""
[[ -s $WORK/earshot.jsa ]] || { tail -20 "$WORK/server.log" >&2; die "the JVM wrote no archive"; }
java -XX:SharedArchiveFile="$WORK/earshot.jsa" -Xshare:on -jar "$jar" --version >/dev/null \
  || die "the archive does not load (-Xshare:on refused it)"
mkdir -p "$(dirname "$out")"
mv -f "$WORK/earshot.jsa" "$out"
log "wrote $out ($(du -h "$out" | cut -f1)) for $jar"
