# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# local-stack.sh - what the measurement scripts share (sourced, not run; on top of processes.sh): a real redis-server,
# real `java -jar` Earshot instances, a real nginx with the production config pointed at them, and
# headless Locust, all on 127.0.0.1, every wait bounded, everything started stopped on exit.
#
# The script sets STACK (the name its messages start with), ROOT, jar, clips (a folder of
# <class>/ clips, or empty) and keep (1 keeps the logs), then calls stack_init. After that:
#   WORK     a private temp folder (logs, nginx, models, data, Locust CSVs)
#   PIDS     the processes to stop on exit, in reverse order
#   API_KEY  the key every instance and Locust share
#   BASE     nginx's address, once stack_nginx has run

# shellcheck source-path=SCRIPTDIR source=processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

die() { echo "$STACK: $*" >&2; exit 2; }
log() { echo "$STACK: $*" >&2; }

readonly READY_SECONDS=120

# stack_init - checks the tools, makes WORK, installs the exit trap.
stack_init() {
  NGINX=$(command -v nginx || true); [[ -n $NGINX ]] || NGINX=/usr/sbin/nginx
  [[ -x $NGINX ]] || die "nginx not found (apt-get install -y nginx)"
  local tool
  for tool in java redis-server redis-cli locust curl; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y openjdk-17-jre-headless redis-server python3-locust curl)"
  done
  PYTHON=""
  for tool in python3 /usr/bin/python3; do
    if "$tool" -c 'import websocket' 2>/dev/null; then PYTHON=$tool; break; fi
  done
  [[ -n $PYTHON ]] || die "no python3 with websocket-client (apt-get install -y python3-websocket)"
  [[ -f $jar ]] || die "$jar not found; build it first: ./mvnw -B -q package -DskipTests"
  WORK=$(mktemp -d "/tmp/earshot-$STACK.XXXXXX")
  chmod 755 "$WORK"
  PIDS=()
  NGINX_STARTED=0
  API_KEY="$STACK-$RANDOM$RANDOM"
  trap stack_cleanup EXIT
  trap 'exit 130' INT TERM
}

# stack_stop - stops nginx and every process started so far (newest first).
stack_stop() {
  local i
  if (( NGINX_STARTED )) && [[ -s $WORK/nginx/nginx.pid ]]; then
    stop_pid "$(cat "$WORK/nginx/nginx.pid")"
  fi
  NGINX_STARTED=0
  for (( i = ${#PIDS[@]} - 1; i >= 0; i-- )); do stop_pid "${PIDS[$i]}"; done
  PIDS=()
}

stack_cleanup() {
  local status=$?
  set +e   # stop everything, even if one step fails
  stack_stop
  if (( keep || status != 0 )); then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}

# stack_redis - a fresh redis-server without persistence; sets REDIS_PORT.
stack_redis() {
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$WORK" --logfile "$WORK/redis-$REDIS_PORT.log" &
  PIDS+=($!)
  wait_for 20 "redis on $REDIS_PORT" redis-cli -p "$REDIS_PORT" ping
  log "redis on 127.0.0.1:$REDIS_PORT"
}

# stack_clips - demo clips when the script was given none.
stack_clips() {
  if [[ -z $clips ]]; then
    clips=$WORK/clips
    "$ROOT/scripts/generate-demo-data.sh" "$clips" --per-class 12 --seed 7 >/dev/null
  fi
  [[ -d $clips ]] || die "--clips $clips is not a folder"
}

# stack_storage NAME - fresh model and data folders under WORK/NAME (shared by the instances
# started after it, as the compose volumes are), seeded with the repository's shipped model.
stack_storage() {
  STORAGE=$WORK/$1
  mkdir -p "$STORAGE/models" "$STORAGE/data"
  if [[ -d $ROOT/models ]]; then cp -R "$ROOT/models/." "$STORAGE/models/"; fi
}

# start_instance NAME [VAR=VALUE...] [-- PREFIX...] - one `java -jar serve` on a free port with the
# given extra environment (ROLES=..., say), optionally run under PREFIX (nice -n 19, taskset ...);
# waits until it is ready. Sets INSTANCE_PORT and INSTANCE_PID.
start_instance() {
  local name=$1 port pid; shift
  local env=() prefix=()
  while [[ $# -gt 0 && $1 != -- ]]; do env+=("$1"); shift; done
  if [[ ${1:-} == -- ]]; then shift; prefix=("$@"); fi
  port=$(free_port)
  env HOST=127.0.0.1 PORT="$port" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" API_KEY="$API_KEY" \
    MODEL_DIR="$STORAGE/models" DATA_DIR="$STORAGE/data" "${env[@]}" \
    "${prefix[@]}" java -XX:MaxRAMPercentage=20 -XX:+ExitOnOutOfMemoryError -jar "$jar" serve \
    > "$WORK/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  local until=$(( SECONDS + READY_SECONDS ))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/health/ready" 2>/dev/null; do
    alive "$pid" || { tail -20 "$WORK/$name.log" >&2; die "$name exited"; }
    (( SECONDS < until )) || { tail -20 "$WORK/$name.log" >&2; die "$name not ready in ${READY_SECONDS}s"; }
    sleep 0.5
  done
  INSTANCE_PORT=$port
  INSTANCE_PID=$pid
  log "$name ready on 127.0.0.1:$port ${env[*]} ${prefix[*]}"
}

# stack_nginx PORT... - nginx with the production config, proxying to these instance ports; the
# first call starts it, later calls reload it. Sets BASE.
stack_nginx() {
  local upstreams=() port
  for port in "$@"; do upstreams+=(--upstream "127.0.0.1:$port"); done
  if (( ! NGINX_STARTED )); then
    NGINX_PORT=$(free_port)
    mkdir -p "$WORK/nginx"
  fi
  BASE="http://127.0.0.1:$NGINX_PORT"
  "$ROOT/scripts/nginx-local-conf.sh" --listen "127.0.0.1:$NGINX_PORT" "${upstreams[@]}" \
    --work "$WORK/nginx" > "$WORK/nginx.conf.new"
  mv "$WORK/nginx.conf.new" "$WORK/nginx/nginx.conf"
  NGINX_ARGS=(-p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g "pid $WORK/nginx/nginx.pid;")
  "$NGINX" -t -q "${NGINX_ARGS[@]}"
  if (( NGINX_STARTED )); then
    "$NGINX" "${NGINX_ARGS[@]}" -s reload
    sleep 1   # old workers finish their requests; new ones have the new upstream list
  else
    "$NGINX" "${NGINX_ARGS[@]}"
    NGINX_STARTED=1
    wait_for 10 "nginx on $NGINX_PORT" curl -fsS "$BASE/nginx-health"
  fi
  wait_for 10 "Earshot through nginx" curl -fsS "$BASE/api/v1/health/ready"
}

# locust_cmd NAME USERS TIME CLASS... - the headless command line, CSV in $WORK/NAME_stats.csv
locust_cmd() {
  local name=$1 n=$2 t=$3; shift 3
  LOCUST=(env EARSHOT_CLIPS="$clips" EARSHOT_API_KEY="$API_KEY"
    timeout --kill-after=10 $(( $(seconds_of "$t") + 60 ))
    locust -f "$ROOT/locustfile.py" --headless -u "$n" -r "$n" -t "$t" --host "$BASE"
    --csv "$WORK/$name" --only-summary --stop-timeout 10 "$@")
}

# run_locust NAME USERS TIME CLASS... - a bounded run in the foreground; failures are data here.
run_locust() {
  locust_cmd "$@"
  "${LOCUST[@]}" > "$WORK/$1.log" 2>&1 || true
  [[ -s $WORK/$1_stats.csv ]] || { tail -20 "$WORK/$1.log" >&2; die "locust run $1 wrote no statistics"; }
}

# stats NAME [ROUTE] -> "requests/s p50 p95 p99 failures requests" from the Aggregated row, or
# from the first row whose name starts with ROUTE
stats() {
  "$PYTHON" - "$WORK/$1_stats.csv" "${2:-}" <<'PY'
import csv, sys
route = sys.argv[2]
with open(sys.argv[1], newline="") as f:
    row = next(r for r in csv.DictReader(f)
               if (r["Name"].startswith(route) if route else r["Name"] == "Aggregated"))
print(f'{float(row["Requests/s"]):.1f} {row["50%"]} {row["95%"]} {row["99%"]} '
      f'{row["Failure Count"]} {row["Request Count"]}')
PY
}

# upload_training_data - every clip under $clips/<class>/, eight to a request, through nginx
upload_training_data() {
  local dir label files i f args uploaded=0
  for dir in "$clips"/*/; do
    label=$(basename "$dir")
    mapfile -t files < <(find "$dir" -maxdepth 1 -type f \( -name '*.wav' -o -name '*.mp3' \) | sort)
    for (( i = 0; i < ${#files[@]}; i += 8 )); do
      args=()
      for f in "${files[@]:i:8}"; do args+=(-F "files=@$f"); done
      curl -fsS -o "$WORK/upload.json" --max-time 120 -H "X-API-Key: $API_KEY" -F "label=$label" \
        "${args[@]}" "$BASE/api/v1/upload-data" || die "uploading $label clips failed"
      "$PYTHON" -c 'import json, sys
rejected = json.load(open(sys.argv[1])).get("rejected") or []
sys.exit(f"upload rejected {rejected}" if rejected else 0)' "$WORK/upload.json"
      uploaded=$(( uploaded + ${#args[@]} / 2 ))
    done
  done
  (( uploaded > 0 )) || die "no clips under $clips/<class>/ to train on"
  log "uploaded $uploaded labelled clips through nginx"
}
