#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# time-to-ready.sh - milliseconds from `java -jar ... serve` to the first 200 from
# /api/v1/health/ready (model loaded, HTTP listening), on a free port with the shipped model.
#
#   scripts/time-to-ready.sh [--jar target/earshot.jar] [--model models] [JVM OPTION ...]
#
# e.g. scripts/time-to-ready.sh -XX:SharedArchiveFile=target/earshot.jsa -Xshare:auto
# Prints one number; the server is killed as soon as it is ready (by process id).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
jar="$ROOT/target/earshot.jar" model="$ROOT/models"
opts=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --jar) jar=${2:?}; shift 2 ;;
    --model) model=${2:?}; shift 2 ;;
    -h|--help) sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) opts+=("$1"); shift ;;
  esac
done
[[ -f $jar ]] || { echo "time-to-ready: $jar not found" >&2; exit 2; }

WORK=$(mktemp -d /tmp/earshot-ttr.XXXXXX)
PID=""
cleanup() {
  if [[ -n $PID ]]; then kill -KILL "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

start=$(date +%s%N)
env -u REDIS_URL HOST=127.0.0.1 PORT=0 MODEL_DIR="$model" DATA_DIR="$WORK/data" \
  java "${opts[@]}" -jar "$jar" serve >"$WORK/server.log" 2>&1 &
PID=$!
port=""
for _ in $(seq 3000); do
  kill -0 "$PID" 2>/dev/null || { tail -5 "$WORK/server.log" >&2; exit 1; }
  [[ -n $port ]] || port=$(sed -n 's/.* listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/server.log")
  if [[ -n $port ]] && curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/health/ready" 2>/dev/null; then
    echo $(( ($(date +%s%N) - start) / 1000000 ))
    exit 0
  fi
  sleep 0.02
done
echo "time-to-ready: not ready in 60 s" >&2
exit 1
