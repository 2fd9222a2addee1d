#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-http.sh - single predictions over HTTP under wrk: req/s, p50 and p99 at 1, 8 and 32
# connections, from the built jar and the shipped model, in one command.
#
#   scripts/bench-http.sh [--jar FILE] [--model DIR] [--clip FILE.wav] [--duration 15s]
#                         [--warmup 10s] [--connections "1 8 32"] [--java-opts "..."]
#
# Starts `java -jar` on a free 127.0.0.1 port (no Redis), posts one 3-second mono WAV as the
# multipart field `file` to /api/v1/predictions/single, and stops the server on exit (by process id).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
jar="$ROOT/target/earshot.jar" model="$ROOT/models" clip="" duration=15s warmup=10s
connections="1 8 32" java_opts=""
readonly READY_SECONDS=60

usage() { sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "bench-http: $*" >&2; exit 2; }
log() { echo "bench-http: $*" >&2; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --jar) jar=${2:?}; shift 2 ;;
    --model) model=${2:?}; shift 2 ;;
    --clip) clip=${2:?}; shift 2 ;;
    --duration) duration=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --connections) connections=${2:?}; shift 2 ;;
    --java-opts) java_opts=${2?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ $duration =~ ^[1-9][0-9]*[sm]$ ]] || die "--duration must look like 15s or 1m"
[[ $warmup =~ ^[0-9]+[sm]$ ]] || die "--warmup must look like 10s (0s: none)"
for c in $connections; do [[ $c =~ ^[1-9][0-9]*$ ]] || die "--connections takes positive integers"; done

for tool in java wrk curl python3; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y openjdk-17-jre-headless wrk curl python3)"
done
[[ -f $jar ]] || die "$jar not found; build it first: ./mvnw -B -q package -DskipTests"
[[ -f $model/model.json ]] || die "no model in $model (model.json missing)"
LUA="$ROOT/scripts/lib/bench-http-post.lua"

WORK=$(mktemp -d /tmp/earshot-bench-http.XXXXXX)
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z $clip ]]; then
  clip="$WORK/clip-3s.wav"
  python3 "$ROOT/scripts/lib/clip-3s.py" "$clip"
fi
[[ -f $clip ]] || die "clip $clip not found"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# shellcheck disable=SC2086 # --java-opts is a list of JVM options
env -u REDIS_URL -u API_KEY HOST=127.0.0.1 PORT="$port" MODEL_DIR="$model" DATA_DIR="$WORK/data" \
  java $java_opts -jar "$jar" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$port"
deadline=$((SECONDS + READY_SECONDS))
until curl -fsS -o /dev/null "$BASE/api/v1/health/ready" 2>/dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; die "the server exited"; }
  (( SECONDS < deadline )) || { tail -20 "$WORK/server.log" >&2; die "not ready in ${READY_SECONDS}s"; }
  sleep 0.2
done
URL="$BASE/api/v1/predictions/single"
answer=$(curl -sS -w '\n%{http_code}' -F "file=@$clip;type=audio/wav" "$URL")
[[ ${answer##*$'\n'} == 200 ]] || die "a single prediction failed: $answer"
log "server ready on $BASE ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)); clip $(basename "$clip") $(stat -c %s "$clip") bytes"

# one wrk run: CONNECTIONS DURATION -> the Lua script's RESULT fields
run() {
  local c=$1 threads=$(( $1 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$c" -d"$2" --latency -s "$LUA" "$URL" -- "$clip" | awk '$1 == "RESULT"'
}

if [[ $warmup != 0s && $warmup != 0m ]]; then
  log "warming up for $warmup at 8 connections"
  run 8 "$warmup" >/dev/null
fi
printf '%-11s %9s %9s %9s %9s %8s\n' connections req/s p50_ms p99_ms requests non_2xx
for c in $connections; do
  read -r _ rps p50 p99 requests non2xx errors <<<"$(run "$c" "$duration")"
  printf '%-11s %9s %9s %9s %9s %8s\n' "$c" "$rps" "$p50" "$p99" "$requests" "$non2xx"
  [[ $errors == 0 ]] || log "$errors socket errors at $c connections"
done
