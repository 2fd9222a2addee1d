#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# codec-shift.sh - how much MP3, Ogg Vorbis and FLAC move Earshot's features and its accuracy
# (issue 17). Trains a model on the WAV train split, encodes the test split with ffmpeg (MP3 64 and
# 128 kbit/s, Vorbis q2 and q4, FLAC), measures every feature of every clip before and after
# (src/test/java/io/earshot/codec/CodecShiftReport.java), and evaluates the model per format.
#
#   scripts/codec-shift.sh [--data DIR] [--out DIR] [--jar FILE] [--train-args "ARGS"]
#
# --data holds train/ and test/ (one sub-folder per class each); without it the demo split is
# generated (scripts/generate-demo-data.sh OUT/demo --split). Writes OUT/coded/shifts.md and
# shifts.csv, OUT/accuracy.md, and OUT/model. Needs ffmpeg (apt-get install -y ffmpeg).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
data="" out=/tmp/earshot-codec-shift jar="$ROOT/target/earshot.jar" train_args=""
die() { echo "codec-shift: $*" >&2; exit 2; }
log() { echo "codec-shift: $*" >&2; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --data) data=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    --train-args) train_args=${2:?}; shift 2 ;;
    -h|--help) sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
command -v ffmpeg >/dev/null || die "ffmpeg not found (apt-get install -y ffmpeg)"
[[ -f $jar ]] || die "$jar not found; build it first: ./mvnw -B -q package -DskipTests"
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [[ -z $data ]]; then
  data=$out/demo
  [[ -d $data/test ]] || "$ROOT/scripts/generate-demo-data.sh" "$data" --split >/dev/null
fi
[[ -d $data/train && -d $data/test ]] || die "--data $data must hold train/ and test/"

log "training on $data/train"
# shellcheck disable=SC2086 # train_args is a list of options
java -jar "$jar" train --data "$data/train" --out "$out/model" $train_args > "$out/train.json"

log "encoding and measuring $data/test"
rm -rf "$out/coded"
(cd "$ROOT" && ./mvnw -B -q -Pcodec-shift test-compile exec:exec -Djacoco.skip=true \
  -Dcodec.args="--data $data/test --out $out/coded")

log "evaluating the model per format"
{
  echo "| test clips as | accuracy | macro F1 | answered (coverage) | abstained novel / uncertain |"
  echo "|---|---:|---:|---:|---|"
  for folder in "$data/test" "$out"/coded/*/; do
    folder=${folder%/}
    name=$(basename "$folder"); [[ $folder == "$data/test" ]] && name="original (WAV)"
    java -jar "$jar" evaluate --model "$out/model" --data "$folder" > "$out/evaluate-$(basename "$folder").json"
    python3 - "$out/evaluate-$(basename "$folder").json" "$name" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
known = (report.get("open_set") or {}).get("in_distribution") or {}
abstained = known.get("abstained") or {}
print(f"| {sys.argv[2]} | {report['accuracy']:.3f} | {report['macro_f1']:.3f} | "
      f"{known.get('coverage', float('nan')):.3f} | "
      f"{abstained.get('novel', '-')} / {abstained.get('uncertain', '-')} |")
PY
  done
} > "$out/accuracy.md"
cat "$out/accuracy.md"
log "feature shifts: $out/coded/shifts.md"
