#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# soak.sh - two Earshot instances behind nginx sharing one Redis (append-only file on), under a
# mixed load for a bounded time, while one instance is killed (SIGKILL) and restarted every 2
# minutes, alternating, and Redis is killed and restarted from its append-only file once.
#
#   scripts/soak.sh [--time 10m] [--out docs/RELIABILITY.md] [--keep]
#                   [--kill-every 2m] [--drain 180s] [--users 4] [--jar FILE]
#
# Load: Locust (the repo's locustfile: NormalUser + PowerUser single and batch predictions, two
# JobWatcher WebSockets, one StreamUser live stream) and scripts/soak_driver.py (uploads of new
# clips, retrains watched over WebSocket, some cancelled, model activations, long recordings as
# analysis jobs). Then it checks: no request answered 5xx other than 503, every job ended, every
# accepted upload is stored, heap and file descriptors bounded; prints the table, writes it into
# --out between the soak markers, and exits 1 on any violation (2 when the soak could not run).
# Everything listens on 127.0.0.1 ports chosen free; everything started here is stopped on exit,
# by process id.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib/processes.sh
source "$ROOT/scripts/lib/processes.sh"
run_time=10m kill_every=2m drain=180s users=4 keep=0
jar="$ROOT/target/earshot.jar" out="$ROOT/docs/RELIABILITY.md"
readonly READY_SECONDS=120 SAMPLE_SECONDS=5 REDIS_DOWN_SECONDS=3

usage() { sed -n '4,18p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "soak: $*" >&2; exit 2; }
log() { echo "soak: $(date -u +%T) $*" >&2; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --time) run_time=${2:?}; shift 2 ;;
    --kill-every) kill_every=${2:?}; shift 2 ;;
    --drain) drain=${2:?}; shift 2 ;;
    --users) users=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
for t in "$run_time" "$kill_every" "$drain"; do
  [[ $t =~ ^[1-9][0-9]*[sm]$ ]] || die "times must look like 90s or 10m, got '$t'"
done
[[ $users =~ ^[1-9][0-9]*$ ]] || die "--users must be a positive integer"
TOTAL=$(seconds_of "$run_time") KILL_EVERY=$(seconds_of "$kill_every") DRAIN=$(seconds_of "$drain")

# --- prerequisites -----------------------------------------------------------------------------
NGINX=$(command -v nginx || true); [[ -n $NGINX ]] || NGINX=/usr/sbin/nginx
[[ -x $NGINX ]] || die "nginx not found (apt-get install -y nginx)"
for tool in java redis-server redis-cli locust curl sox espeak-ng; do
  command -v "$tool" >/dev/null \
    || die "$tool not found (apt-get install -y openjdk-17-jre-headless redis-server python3-locust curl sox libsox-fmt-all espeak-ng)"
done
PYTHON=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import websocket' 2>/dev/null; then PYTHON=$candidate; break; fi
done
[[ -n $PYTHON ]] || die "no python3 with websocket-client (apt-get install -y python3-websocket)"
if [[ ! -f $jar ]]; then
  log "building $jar"
  (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests -Djacoco.skip=true) || die "the build failed"
fi

# --- processes we own, stopped on exit ---------------------------------------------------------
WORK=$(mktemp -d /tmp/earshot-soak.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/redis" "$WORK/models" "$WORK/data" "$WORK/nginx"
REDIS_PID="" LOCUST_PID="" DRIVER_PID="" SAMPLER_PID="" NGINX_STARTED=0
INSTANCE_PID=("" "" "") INSTANCE_PORT=("" "" "")

cleanup() {
  local status=$?
  set +e
  stop_pid "$SAMPLER_PID" 2
  stop_pid "$LOCUST_PID" 20
  stop_pid "$DRIVER_PID" 5
  if (( NGINX_STARTED )) && [[ -s $WORK/nginx/nginx.pid ]]; then stop_pid "$(cat "$WORK/nginx/nginx.pid")"; fi
  stop_pid "${INSTANCE_PID[1]}"
  stop_pid "${INSTANCE_PID[2]}"
  stop_pid "$REDIS_PID"
  if (( keep || status != 0 )); then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

T0=$(date +%s)
event() {   # one line of the timeline: seconds since the load started, then what happened
  echo "$(( $(date +%s) - T0 )) $*" >> "$WORK/events.log"
  log "$*"
}

# --- Redis, with its append-only file in the work folder ----------------------------------------
REDIS_PORT=$(free_port)
start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --appendonly yes --appendfsync everysec \
    --save "" --dir "$WORK/redis" --logfile "$WORK/redis.log" &
  REDIS_PID=$!
  wait_for 60 "redis on $REDIS_PORT" redis-cli -p "$REDIS_PORT" ping
  # PING answers while the append-only file is still loading; wait until the data is there
  wait_for 60 "redis to load its append-only file" \
    bash -c "redis-cli -p $REDIS_PORT info persistence | grep -q '^loading:0'"
}
start_redis
log "redis on 127.0.0.1:$REDIS_PORT (appendonly yes, dir $WORK/redis)"

# --- clips, and the soak's configuration ----------------------------------------------------------
clips=$WORK/clips
"$ROOT/scripts/generate-demo-data.sh" "$clips" --per-class 10 --seed 7 --duration 2-4 >/dev/null
# The shipped config, with a short synchronous analysis limit so the soak's 5-minute recordings
# are jobs, and half the search time so a retrain (~30-40 s here) ends well within a kill interval.
"$PYTHON" - "$ROOT/conf/config.json" "$WORK/config.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config.update(analysis_sync_max_seconds=20, retrain_search_time_s=30)
json.dump(config, open(sys.argv[2], "w"), indent=1)
PY
API_KEY="soak-$RANDOM$RANDOM"
if [[ -d $ROOT/models ]]; then cp -R "$ROOT/models/." "$WORK/models/"; fi

# --- Earshot instances -----------------------------------------------------------------------------
# start_instance N - starts instance N on its port (chosen once) and waits until it is ready.
start_instance() {
  local n=$1 pid until
  [[ -n ${INSTANCE_PORT[$n]} ]] || INSTANCE_PORT[$n]=$(free_port)
  HOST=127.0.0.1 PORT=${INSTANCE_PORT[$n]} REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
    API_KEY=$API_KEY MODEL_DIR="$WORK/models" DATA_DIR="$WORK/data" EARSHOT_CONFIG="$WORK/config.json" \
    java -Xmx768m -XX:+ExitOnOutOfMemoryError -jar "$jar" serve >> "$WORK/api-$n.log" 2>&1 &
  pid=$!
  INSTANCE_PID[$n]=$pid
  echo "$pid" > "$WORK/instance-$n.pid"
  until=$(( SECONDS + READY_SECONDS ))
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${INSTANCE_PORT[$n]}/api/v1/health/ready" 2>/dev/null; do
    alive "$pid" || { tail -20 "$WORK/api-$n.log" >&2; return 1; }
    (( SECONDS < until )) || { tail -20 "$WORK/api-$n.log" >&2; return 1; }
    sleep 0.5
  done
}
for n in 1 2; do
  start_instance "$n" || die "instance $n did not start"
  log "instance $n ready on 127.0.0.1:${INSTANCE_PORT[$n]} (pid ${INSTANCE_PID[$n]})"
done
INSTANCES=(--instance "http://127.0.0.1:${INSTANCE_PORT[1]}" --instance "http://127.0.0.1:${INSTANCE_PORT[2]}")

# --- nginx: the production config with local upstreams, and a timestamp in its access log -------
NGINX_PORT=$(free_port)
BASE="http://127.0.0.1:$NGINX_PORT"
"$ROOT/scripts/nginx-local-conf.sh" --listen "127.0.0.1:$NGINX_PORT" \
  --upstream "127.0.0.1:${INSTANCE_PORT[1]}" --upstream "127.0.0.1:${INSTANCE_PORT[2]}" \
  --work "$WORK/nginx" | sed "s/log_format earshot '\\\$remote_addr/log_format earshot '\$msec \$remote_addr/" \
  > "$WORK/nginx/nginx.conf"
grep -q "log_format earshot '\$msec" "$WORK/nginx/nginx.conf" || die "could not add \$msec to nginx's log format"
NGINX_ARGS=(-p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g "pid $WORK/nginx/nginx.pid;")
"$NGINX" -t -q "${NGINX_ARGS[@]}"
"$NGINX" "${NGINX_ARGS[@]}"
NGINX_STARTED=1
wait_for 10 "nginx on $NGINX_PORT" curl -fsS "$BASE/api/v1/health/ready"
log "nginx on $BASE"

# --- training data, uploaded through nginx before the load starts --------------------------------
"$PYTHON" "$ROOT/scripts/soak_driver.py" run --base "$BASE" --api-key "$API_KEY" --clips "$clips" \
  --work "$WORK" --seconds 0 --watch-grace 0 --seed-uploads "${INSTANCES[@]}"
log "uploaded the demo clips ($(grep -c sha256 "$WORK/uploads.jsonl" || true) accepted)"
: > "$WORK/nginx/access.log"   # the seeding is not part of the soak's figures

# --- resource samples: heap from /metrics, open file descriptors from /proc -------------------------
sample_loop() {
  # errexit and pipefail off: a probe that fails (an instance just killed, an fd that vanished
  # while find listed /proc/PID/fd) must cost one sample, not end the sampling
  set +e +o pipefail
  echo "t,instance,pid,heap_bytes,heap_max_bytes,live_bytes,fds,load1"
  local n pid metrics heap max live fds load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    for n in 1 2; do
      pid=$(cat "$WORK/instance-$n.pid" 2>/dev/null || true)
      alive "$pid" || continue
      metrics=$(curl -s --max-time 3 "http://127.0.0.1:${INSTANCE_PORT[$n]}/metrics" || true)
      heap=$(awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF; n++ } END { if (n) printf "%.0f", s }' <<< "$metrics")
      max=$(awk '/^jvm_memory_max_bytes\{.*area="heap"/ { if ($NF > 0) s += $NF } END { printf "%.0f", s }' <<< "$metrics")
      live=$(awk '/^jvm_gc_live_data_size_bytes/ { printf "%.0f", $NF }' <<< "$metrics")
      fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
      echo "$(date +%s),$n,$pid,$heap,$max,$live,$fds,$load"
    done
    sleep "$SAMPLE_SECONDS"
  done
}

# --- the load ----------------------------------------------------------------------------------------
T0=$(date +%s)
: > "$WORK/events.log"
sample_loop > "$WORK/samples.csv" 2>/dev/null &
SAMPLER_PID=$!
env EARSHOT_CLIPS="$clips" EARSHOT_API_KEY="$API_KEY" EARSHOT_WS_WATCHERS=2 EARSHOT_STREAM_USERS=1 \
  timeout --kill-after=10 $(( TOTAL + 60 )) \
  locust -f "$ROOT/locustfile.py" --headless -u $(( users + 3 )) -r $(( users + 3 )) -t "${TOTAL}s" \
  --host "$BASE" --csv "$WORK/locust" --only-summary --stop-timeout 10 \
  NormalUser PowerUser JobWatcher StreamUser > "$WORK/locust.log" 2>&1 &
LOCUST_PID=$!
"$PYTHON" "$ROOT/scripts/soak_driver.py" run --base "$BASE" --api-key "$API_KEY" --clips "$clips" \
  --work "$WORK" --seconds "$TOTAL" --watch-grace "$DRAIN" --kill-every "$KILL_EVERY" "${INSTANCES[@]}" \
  > "$WORK/driver.log" 2>&1 &
DRIVER_PID=$!
event "load started: Locust $(( users + 3 )) users, the driver, for ${TOTAL}s (load average $(cut -d' ' -f1-3 /proc/loadavg))"

# --- faults: an instance every KILL_EVERY seconds (alternating), Redis once ----------------------------
kill_instance() {
  local n=$1 pid=${INSTANCE_PID[$1]} started
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  event "SIGKILL instance $n (pid $pid)"
  started=$SECONDS
  if start_instance "$n"; then
    event "instance $n back and ready after $(( SECONDS - started ))s (pid ${INSTANCE_PID[$n]})"
  else
    event "instance $n did NOT come back within ${READY_SECONDS}s"
    echo "instance $n did not come back within ${READY_SECONDS}s of its restart" >> "$WORK/fault-violations.txt"
  fi
}

restart_redis() {
  local keys started
  keys=$(redis-cli -p "$REDIS_PORT" dbsize)
  kill -KILL "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
  event "SIGKILL redis (pid $REDIS_PID, $keys keys a moment before)"
  sleep "$REDIS_DOWN_SECONDS"
  started=$SECONDS
  start_redis
  event "redis restarted from its append-only file in $(( SECONDS - started ))s: $(redis-cli -p "$REDIS_PORT" dbsize) keys; $(grep -o 'DB loaded from append only file.*\|Done loading RDB.*' "$WORK/redis.log" | tail -1)"
}

schedule=()
for (( t = KILL_EVERY, k = 0; t < TOTAL; t += KILL_EVERY, k++ )); do schedule+=("$t instance $(( k % 2 + 1 ))"); done
schedule+=("$(( TOTAL / 2 + KILL_EVERY / 4 )) redis")
mapfile -t schedule < <(printf '%s\n' "${schedule[@]}" | sort -n)
for entry in "${schedule[@]}"; do
  read -r at what n <<< "$entry"
  (( at < TOTAL )) || continue
  while (( $(date +%s) - T0 < at )); do sleep 1; done
  if [[ $what == redis ]]; then restart_redis; else kill_instance "$n"; fi
done
while alive "$LOCUST_PID"; do sleep 2; done
wait "$LOCUST_PID" 2>/dev/null || true
event "Locust finished (load average $(cut -d' ' -f1-3 /proc/loadavg)); waiting for the driver's job watchers (at most ${DRAIN}s)"
while alive "$DRIVER_PID"; do sleep 2; done
wait "$DRIVER_PID" 2>/dev/null || true
stop_pid "$SAMPLER_PID" 2

# --- checks and report ---------------------------------------------------------------------------------
check_status=0
"$PYTHON" "$ROOT/scripts/soak_driver.py" check --work "$WORK" --redis-port "$REDIS_PORT" \
  --data-dir "$WORK/data" --drain "$DRAIN" "${INSTANCES[@]}" > "$WORK/check.json" || check_status=$?
(( check_status <= 1 )) || { cat "$WORK/check.json" >&2; die "the checks could not run"; }
event "checks done"
report_status=0
"$PYTHON" "$ROOT/scripts/soak_driver.py" report --work "$WORK" --invocation "scripts/soak.sh --time $run_time" \
  --users $(( users + 3 )) --out "$out" || report_status=$?
if (( check_status != 0 || report_status != 0 )); then keep=1; exit 1; fi
