#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# feature-upgrade.sh - the v2 -> v3 feature upgrade of docs/MODEL.md, on real clips, in process:
# an instance on FEATURE_VERSION=2 stores every clip of DIR (one folder per label) with one
# augmented variant and trains; it is restarted on FEATURE_VERSION=3 on the same data, and retrains.
# Prints which model and schema are served at each step and the job result of the last retrain
# (its feature_upgrade says how many clips were re-extracted, in how long).
#
#   scripts/feature-upgrade.sh --data DIR [--jar target/earshot.jar]
#
# e.g. scripts/generate-demo-data.sh demo --split && scripts/feature-upgrade.sh --data demo/train
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
jar="$ROOT/target/earshot.jar" data=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --jar) jar=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    -h|--help) sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "feature-upgrade: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -f $jar ]] || { echo "feature-upgrade: $jar not found" >&2; exit 2; }
[[ -d $data ]] || { echo "feature-upgrade: give --data DIR, one folder of clips per label" >&2; exit 2; }

WORK=$(mktemp -d /tmp/earshot-upgrade.XXXXXX)
PID="" KEY="upgrade-$$"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
API="http://127.0.0.1:$PORT/api/v1"
cleanup() {
  if [[ -n $PID ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/data"
cp -r "$ROOT/models" "$WORK/models"

serve() { # feature version
  (cd "$WORK" && FEATURE_VERSION=$1 PORT=$PORT API_KEY=$KEY MODEL_DIR="$WORK/models" \
    DATA_DIR="$WORK/data" exec java -jar "$jar" serve >"$WORK/serve-v$1.log" 2>&1) &
  PID=$!
  for _ in $(seq 1 240); do
    curl -sf "$API/health/ready" >/dev/null && return
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve-v$1.log" >&2; exit 1; }
    sleep 0.25
  done
  echo "feature-upgrade: the instance on v$1 never became ready" >&2; exit 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
served() {
  curl -sf "$API/model-info" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("'"$1"': model", d["version"], d["feature_schema"]["id"])'
}
retrain() { # prints the finished job
  local id status
  id=$(curl -sf -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
    -d '{"search":{"trials":0}}' "$API/retrain" | python3 -c 'import json,sys; print(json.load(sys.stdin)["job_id"])')
  while :; do
    status=$(curl -sf "$API/jobs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    case $status in succeeded|failed|dead|cancelled) curl -sf "$API/jobs/$id"; return ;; esac
    sleep 0.5
  done
}

serve 2
for dir in "$data"/*/; do
  files=()
  for f in "$dir"*; do files+=(-F "files=@$f"); done
  curl -sf -H "X-API-Key: $KEY" -F "label=$(basename "$dir")" -F augment=1 "${files[@]}" \
    "$API/upload-data" >/dev/null
done
curl -sf "$API/dataset" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("stored:", d["total"], "clips", d["counts"])'
retrain | python3 -c 'import json,sys; d=json.load(sys.stdin); print("retrain on v2:", d["status"], "model", d["result"]["model_version"])'
served "on v2 after its retrain"
stop

serve 3
served "restarted on v3"
retrain >"$WORK/job.json"
served "on v3 after its retrain"
python3 - "$WORK/job.json" <<'PY'
import json, sys
from datetime import datetime
job = json.load(open(sys.argv[1]))
took = datetime.fromisoformat(job["finished_at"][:26]) - datetime.fromisoformat(job["started_at"][:26])
print("retrain on v3:", job["status"], "in", round(took.total_seconds(), 1), "s")
print(json.dumps(job["result"], indent=1))
PY
stop
