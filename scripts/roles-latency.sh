#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# roles-latency.sh - prediction latency with and without a retrain running, for three shapes of
# the same host: every role in one instance; a ROLES=http API beside a ROLES=training,analysis
# worker; and that split with the worker under `nice -n 19`. Real Redis, nginx, java and Locust.
#
#   scripts/roles-latency.sh [--users N] [--time 30s] [--clips DIR] [--jar FILE]
#                            [--retrain-body JSON] [--out docs/SCALING.md] [--keep]
#
# Each shape gets a fresh Redis and storage, the demo clips uploaded through nginx, a warm-up,
# then --users Locust NormalUsers for --time without a retrain, then the same load while one
# retrain runs (from submit to its final state). The table goes between the roles-latency
# markers of --out (scale-test.sh keeps that block when it rewrites the file).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
users=24 run_time=30s clips="" jar="$ROOT/target/earshot.jar" out="$ROOT/docs/SCALING.md" keep=0
# a retrain of the 72 demo clips with defaults takes under 10 s here: a wider hyperparameter
# search makes it last long enough to load the host the way a real training does
retrain_body='{"search": {"trials": 24, "time_s": 90}}'
readonly WARMUP=15s RETRAIN_TIMEOUT=600
readonly BEGIN_MARK='<!-- roles-latency:begin -->' END_MARK='<!-- roles-latency:end -->'

usage() { sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//'; }
STACK=roles-latency
# shellcheck source-path=SCRIPTDIR source=lib/local-stack.sh
source "$ROOT/scripts/lib/local-stack.sh"

while [[ $# -gt 0 ]]; do
  case $1 in
    --users) users=${2:?}; shift 2 ;;
    --time) run_time=${2:?}; shift 2 ;;
    --clips) clips=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    --retrain-body) retrain_body=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ $users =~ ^[1-9][0-9]*$ ]] || die "--users must be a positive integer"
[[ $run_time =~ ^[1-9][0-9]*[sm]$ ]] || die "--time must look like 30s or 2m"
[[ -f $out ]] || die "--out $out does not exist"

stack_init
stack_clips

# prediction_stats NAME -> "p50 p95 p99 failures requests" of the multipart single predictions
prediction_stats() {
  local rps p50 p95 p99 failures requests
  read -r rps p50 p95 p99 failures requests < <(stats "$1" /api/v1/predictions/single)
  echo "$p50 $p95 $p99 $failures $requests"
}

# retrain_under_load NAME - the Locust load in the background while one retrain runs to a final
# state; sets RETRAIN_SECONDS and RETRAIN_STATUS.
retrain_under_load() {
  local name=$1 job status started
  locust_cmd "$name" "$users" "${RETRAIN_TIMEOUT}s" NormalUser
  "${LOCUST[@]}" > "$WORK/$name.log" 2>&1 &
  local locust_pid=$!
  PIDS+=("$locust_pid")
  sleep 5   # the load is on before the retrain starts
  job=$(curl -fsS -X POST -H "X-API-Key: $API_KEY" -H 'Content-Type: application/json' -d "$retrain_body" \
    "$BASE/api/v1/retrain" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["job_id"])')
  started=$SECONDS
  status=queued
  while [[ $status == queued || $status == running ]]; do
    (( SECONDS - started < RETRAIN_TIMEOUT - 30 )) || die "retrain $job still $status after $(( SECONDS - started ))s"
    sleep 1
    status=$(curl -fsS "$BASE/api/v1/jobs/$job" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["status"])')
  done
  RETRAIN_SECONDS=$(( SECONDS - started ))
  RETRAIN_STATUS=$status
  stop_pid "$locust_pid" 30   # users get --stop-timeout 10, then Locust writes its statistics
  [[ -s $WORK/${name}_stats.csv ]] || die "locust run $name wrote no statistics"
}

# measure SHAPE DESCRIPTION - one row: latency without, then during, a retrain
ROWS=()
measure() {
  local shape=$1 description=$2 idle during
  stack_nginx "$API_PORT"
  upload_training_data
  run_locust "$shape-warmup" "$users" "$WARMUP" NormalUser
  run_locust "$shape-idle" "$users" "$run_time" NormalUser
  idle=$(prediction_stats "$shape-idle")
  retrain_under_load "$shape-retrain"
  during=$(prediction_stats "$shape-retrain")
  read -r i50 i95 i99 ifail ireq <<< "$idle"
  read -r d50 d95 d99 dfail dreq <<< "$during"
  ROWS+=("| $description | $i50 / $i95 / $i99 | $d50 / $d95 / $d99 | $RETRAIN_SECONDS s, $RETRAIN_STATUS | $(( ifail + dfail )) of $(( ireq + dreq )) |")
  log "${ROWS[-1]}"
  stack_stop
}

# --- shape 1: every role in one instance ---------------------------------------------------------
stack_redis; stack_storage one
start_instance one-all
API_PORT=$INSTANCE_PORT
measure one "one instance, every role"

# --- shape 2: an API and a worker ----------------------------------------------------------------
stack_redis; stack_storage split
start_instance split-api ROLES=http
API_PORT=$INSTANCE_PORT
start_instance split-worker ROLES=training,analysis
measure split "\`ROLES=http\` API + \`ROLES=training,analysis\` worker"

# --- shape 3: the same, the worker at the lowest CPU priority ----------------------------------
stack_redis; stack_storage split-nice
start_instance nice-api ROLES=http
API_PORT=$INSTANCE_PORT
start_instance nice-worker ROLES=training,analysis -- nice -n 19
measure nice "the same, worker under \`nice -n 19\`"

# --- report: replace the block between the markers ---------------------------------------------
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
block=$WORK/roles-block.md
{
  echo "$BEGIN_MARK"
  echo "Written by \`scripts/roles-latency.sh --users $users --time $run_time\` on $(date -u '+%Y-%m-%d %H:%M UTC'):"
  echo "$(nproc) CPU(s) ($cpu), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. Every process"
  echo "(instances, nginx, Redis, Locust) shares this host. Load: $users Locust \`NormalUser\`s (1-3 s think"
  echo "time) through nginx to the API instance; the demo clips (12 per class) uploaded first."
  echo "Prediction latency (multipart single predictions), p50 / p95 / p99 in ms, without a retrain"
  echo "for $run_time, then while one retrain (\`$retrain_body\`) runs from submit to its final state."
  echo
  echo "| shape | without a retrain | during a retrain | retrain | failed requests |"
  echo "|---|---|---|---|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "How to read it: on one host every shape shares the same cores, so splitting roles moves the"
  echo "training into another process, not onto other cores; compare the shapes only where the"
  echo "differences are larger than a repeated run's. Split roles pay off where the worker has cores"
  echo "of its own (the \`worker\` Deployment of \`deploy/k8s\` on its own nodes, or a CPU limit per"
  echo "container); \`nice -n 19\` is what a single host can do."
  echo "$END_MARK"
} > "$block"
"$PYTHON" - "$out" "$block" "$BEGIN_MARK" "$END_MARK" <<'PY'
import sys
path, block_path, begin, end = sys.argv[1:5]
text = open(path).read()
block = open(block_path).read().rstrip("\n")
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    text = head + block + rest.split(end, 1)[1]
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w").write(text)
PY
log "wrote the roles-latency block of $out"
