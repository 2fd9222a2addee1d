#!/usr/bin/env bash
# Runs the dashboard's browser tests against a real Earshot built beforehand.
#   ./mvnw -B package && e2e/run.sh
# Starts target/earshot.jar on a free port with a temporary copy of models/, an empty DATA_DIR,
# an API key, no Redis and, as the image does, a class-data-sharing archive made by
# scripts/cds-archive.sh; generates a few in-distribution clips with scripts/generate-demo-data.sh
# (the generator the shipped model was trained with; needs sox and espeak-ng) and passes their
# folder in EARSHOT_E2E_CLIPS; waits until Earshot is live; runs the tests; stops it.
# Screenshots land in target/screenshots/. Environment:
#   EARSHOT_JAR     jar to run (default target/earshot.jar)
#   CHROMIUM_PATH   browser (default /usr/bin/chromium; install with: apt-get install -y chromium)
#   KEEP_TMP=1      keep the temporary directory (server log, data) for a look afterwards
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
jar=${EARSHOT_JAR:-$root/target/earshot.jar}
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}

fail() { echo "e2e/run.sh: $*" >&2; exit 2; }
[ -f "$jar" ] || fail "$jar not found: build it first with ./mvnw -B package"
[ -d "$root/models" ] || fail "$root/models not found: the shipped model is needed"
[ -x "$chromium" ] || fail "$chromium not found: apt-get install -y chromium (never a downloaded browser)"
command -v node >/dev/null || fail "node not found"
command -v sox >/dev/null || fail "sox not found: apt-get install -y sox libsox-fmt-all (needed for the test clips)"
command -v espeak-ng >/dev/null || fail "espeak-ng not found: apt-get install -y espeak-ng (needed for the test clips)"

if [ ! -d "$here/node_modules/playwright-core" ]; then
  # playwright-core never downloads a browser; it drives the system Chromium.
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

tmp=$(mktemp -d)
# A copy of the jar: a rebuild during the run would otherwise swap the classes under the server.
cp "$jar" "$tmp/earshot.jar"
cp -r "$root/models" "$tmp/models"
mkdir -p "$tmp/data"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
api_key="e2e-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
base="http://127.0.0.1:$port/"

# The server runs as the image runs it: with a class-data-sharing archive that
# scripts/cds-archive.sh makes from this jar (the script checks that the JVM accepts it).
"$root/scripts/cds-archive.sh" --jar "$tmp/earshot.jar" --out "$tmp/earshot.jsa" \
  --model "$tmp/models" >"$tmp/cds.log" 2>&1 \
  || { cat "$tmp/cds.log" >&2; fail "scripts/cds-archive.sh could not make an archive of $jar"; }

# Recordings over a minute are analysed as jobs, so a short test recording can show that path.
echo '{"analysis_sync_max_seconds": 60}' >"$tmp/config.json"
env -u REDIS_URL HOST=127.0.0.1 PORT="$port" MODEL_DIR="$tmp/models" DATA_DIR="$tmp/data" API_KEY="$api_key" \
  EARSHOT_CONFIG="$tmp/config.json" java -XX:SharedArchiveFile="$tmp/earshot.jsa" -Xshare:auto \
  -Xlog:disable -Xlog:all=warning:stderr -jar "$tmp/earshot.jar" serve >"$tmp/server.log" 2>&1 &
server=$!

stop() {
  local status=$?
  if kill -0 "$server" 2>/dev/null; then
    kill "$server"
    wait "$server" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    echo "--- last lines of the server log ($tmp/server.log) ---" >&2
    tail -n 40 "$tmp/server.log" >&2 || true
  fi
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
  exit "$status"
}
trap stop EXIT

# Clips the shipped model answers with a class: from the generator it was trained with, fixed
# seed, so every run makes byte-identical files (e2e/README.md). Made while the JVM starts.
"$root/scripts/generate-demo-data.sh" "$tmp/clips" --per-class 1 --classes bird,siren,engine \
  --seed 3 --duration 3 --jobs 2 >"$tmp/clips.log" 2>&1 \
  || { cat "$tmp/clips.log" >&2; fail "could not generate the test clips with scripts/generate-demo-data.sh"; }

echo "e2e: waiting for Earshot on $base"
for _ in $(seq 1 240); do
  if curl -fsS --max-time 5 "${base}api/v1/health/live" >/dev/null 2>&1; then break; fi
  kill -0 "$server" 2>/dev/null || fail "Earshot exited before becoming live"
  sleep 0.5
done
curl -fsS --max-time 5 "${base}api/v1/health/live" >/dev/null || fail "Earshot not live after 120 s"

mkdir -p "$root/target/screenshots"
cd "$here"
EARSHOT_URL="$base" EARSHOT_API_KEY="$api_key" EARSHOT_E2E_CLIPS="$tmp/clips" SCREENSHOT_DIR="$root/target/screenshots" CHROMIUM_PATH="$chromium" \
  node --test --test-concurrency=1 tests/
