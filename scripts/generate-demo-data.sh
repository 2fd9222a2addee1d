#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# generate-demo-data.sh - reproducible synthetic data set for acoustic monitoring.
#
#   scripts/generate-demo-data.sh OUT_DIR [--seed N] [--per-class N] [--duration S|MIN-MAX]
#                                 [--split] [--test-per-class N] [--classes a,b,...]
#                                 [--mixed-depth] [--jobs N] [--force]
#
# One sub-folder per class, WAV clips at mixed rates (16k/22.05k/44.1k) and channel counts,
# random gain and background noise at a random SNR. Built only from sox and espeak-ng.
# Same arguments and seed give byte-identical files: every random choice comes from a
# seeded splitmix64 generator in this script, sox runs with -R (fixed internal seed) and -D
# (no dither); noise variety comes from random offsets into sox's repeatable noise.
set -euo pipefail

readonly ALL_CLASSES=(speech siren engine gunshot bird background dog)
readonly DEFAULT_CLASSES="speech,siren,engine,gunshot,bird,background"
readonly GENERATOR=generate-demo-data

usage() {
  sed -n '4,8p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'EOF'

  --seed N            base seed (default 42)
  --per-class N       clips per class (default 60; with --split: train clips per class)
  --duration S        clip length in seconds, or a range MIN-MAX (default 2-5)
  --split             write OUT_DIR/train and OUT_DIR/test, generated from different seeds
  --test-per-class N  test clips per class with --split (default: per-class / 3, at least 1)
  --classes LIST      comma-separated subset of: speech siren engine gunshot bird background dog
                      (default: speech,siren,engine,gunshot,bird,background)
  --mixed-depth       also write 24-bit PCM and 32-bit float WAV (default: 16-bit PCM only)
  --jobs N            parallel sox jobs (default: number of CPUs)
  --force             replace clips already present in the class folders written to
EOF
}

# ---------------------------------------------------------------------------------------------
# Shared with the other generator: seeded random numbers (rand_int, rand_dec, pick, chance,
# calc), die and say, the common options, the run of one worker per clip, the manifest, and sx,
# FLOAT_OUT, fit, rms_db and speak_words.
# shellcheck source-path=SCRIPTDIR source=lib/generator-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/generator-common.sh"

# ---------------------------------------------------------------------------------------------
# Synthesis. Every generator writes "$TMP/fg.wav": mono, $SYNTH_RATE Hz, float, exactly $DUR s.

# noise_file OUT COLOUR SECONDS - a fresh-looking noise excerpt: sox -R always draws the same
# sequence, so a random start offset is what makes two excerpts differ.
noise_file() {
  local offset
  rand_dec 0 30; offset=$REPLY
  sx -n "${FLOAT_OUT[@]}" "$1" synth "$(calc "$3 + $offset")" "$2" trim "$offset" "$3"
}

gen_speech() {
  local lead colour=()
  speak_words; lead=$REPLY
  if chance 30; then colour=(sinc 300-3400); fi   # telephone / radio band
  sx "$TMP/voice.wav" "${FLOAT_OUT[@]}" "$TMP/fg.wav" pad "$lead" "$DUR" trim 0 "$DUR" "${colour[@]}"
}

gen_siren() {
  local kind wave lo hi half reps phase
  pick wail wail yelp hilo; kind=$REPLY
  pick sine square sawtooth triangle; wave=$REPLY
  rand_int 450 900; lo=$REPLY
  rand_int 1100 1800; hi=$REPLY
  case $kind in
    wail) rand_dec 0.6 2.4; half=$REPLY ;;
    yelp) rand_dec 0.08 0.25; half=$REPLY ;;
    hilo) rand_dec 0.35 0.7; half=$REPLY; hi=$(( lo * 5 / 4 )) ;;  # two steady tones a third apart
  esac
  if [[ $kind == hilo ]]; then
    sx -n "${FLOAT_OUT[@]}" "$TMP/up.wav" synth "$half" "$wave" "$lo"
    sx -n "${FLOAT_OUT[@]}" "$TMP/down.wav" synth "$half" "$wave" "$hi"
  else
    sx -n "${FLOAT_OUT[@]}" "$TMP/up.wav" synth "$half" "$wave" "$lo:$hi"
    sx -n "${FLOAT_OUT[@]}" "$TMP/down.wav" synth "$half" "$wave" "$hi:$lo"
  fi
  reps=$(awk "BEGIN { printf \"%d\", $DUR / (2 * $half) + 2 }")
  rand_dec 0 "$(calc "2 * $half")"; phase=$REPLY
  sx "$TMP/up.wav" "$TMP/down.wav" "${FLOAT_OUT[@]}" "$TMP/fg.wav" \
    repeat "$reps" trim "$phase" "$DUR" lowpass 5000 reverb 20
  DETAILS="kind=$kind wave=$wave lo=$lo hi=$hi half_period=$half"
}

gen_engine() {
  local rpm cyl f0 f1 drift lp trem depth
  rand_int 700 4200; rpm=$REPLY
  pick 4 4 6 8; cyl=$REPLY
  rand_int 85 125; drift=$REPLY
  f0=$(calc "$rpm / 60 * $cyl / 2")
  f1=$(calc "$f0 * $drift / 100")
  rand_int 600 3000; lp=$REPLY
  trem=$(calc "$rpm / 60")
  rand_int 20 70; depth=$REPLY
  local len offset
  rand_dec 0 20; offset=$REPLY
  len=$(calc "$DUR + $offset")
  # Harmonic series of the firing frequency plus combustion noise; the noise offset varies
  # the otherwise repeatable noise, the harmonics keep their drift by trimming the same span.
  sx -n "${FLOAT_OUT[@]}" "$TMP/fg.wav" synth "$len" \
    sawtooth "$f0-$f1" sine mix "$(calc "2 * $f0")-$(calc "2 * $f1")" \
    sine mix "$(calc "3 * $f0")-$(calc "3 * $f1")" brownnoise mix \
    trim "$offset" "$DUR" tremolo "$trem" "$depth" lowpass "$lp" overdrive 5
  DETAILS="rpm=$rpm cylinders=$cyl firing_hz=$f0 drift=$drift% lowpass=$lp"
}

# mix_to_fg EVENT.wav... - overlay separately placed events (shots, barks) into fg.wav.
mix_to_fg() {
  if (( $# == 1 )); then mv "$1" "$TMP/fg.wav"; else sx -m "$@" "$TMP/fg.wav"; fi
}

gen_gunshot() {
  local shots i at len lp delay decay parts=()
  rand_int 1 3; shots=$REPLY
  for (( i = 0; i < shots; i++ )); do
    rand_dec 0.3 1.2; len=$REPLY
    rand_dec 0.05 "$(calc "$DUR - 0.5")"; at=$REPLY
    rand_int 1500 7000; lp=$REPLY
    rand_int 60 400; delay=$REPLY
    rand_dec 0.2 0.5; decay=$REPLY
    noise_file "$TMP/burst$i.wav" whitenoise "$len"
    noise_file "$TMP/crack$i.wav" whitenoise 0.004
    # A sharp crack on top of a log-decaying burst, muffled, with a reflection.
    sx -m -v 3 "$TMP/crack$i.wav" -v 1 "$TMP/burst$i.wav" "${FLOAT_OUT[@]}" "$TMP/shot$i.wav" \
      fade l 0.0005 "$len" "$(calc "$len - 0.001")" lowpass "$lp" overdrive 15 \
      echo 0.8 0.7 "$delay" "$decay" pad "$at" "$DUR" trim 0 "$DUR"
    parts+=("$TMP/shot$i.wav")
  done
  mix_to_fg "${parts[@]}"
  DETAILS="shots=$shots"
}

gen_bird() {
  local types i dur f1 f2 gap trill motif_len filled=0 step lead
  local -a syllables=() sequence=() motif=()
  rand_int 2 4; types=$REPLY
  for (( i = 0; i < types; i++ )); do
    rand_dec 0.03 0.15; dur=$REPLY
    rand_int 1800 7500; f1=$REPLY
    rand_int $(( f1 / 2 )) $(( f1 * 2 > 9500 ? 9500 : f1 * 2 )); f2=$REPLY
    rand_dec 0.02 0.2; gap=$REPLY
    local shape=()
    if chance 35; then rand_int 25 90; trill=$REPLY; shape=(tremolo "$trill" 80); fi
    sx -n "${FLOAT_OUT[@]}" "$TMP/syl$i.wav" synth "$dur" sine "$f1:$f2" \
      fade h 0.004 "$dur" 0.01 "${shape[@]}" pad 0 "$gap"
    to_milli "$dur"; step=$REPLY; to_milli "$gap"
    syllables+=("$TMP/syl$i.wav:$(( step + REPLY ))")
  done
  rand_int 3 6; motif_len=$REPLY
  for (( i = 0; i < motif_len; i++ )); do rand_int 0 $(( types - 1 )); motif+=("$REPLY"); done
  rand_dec 0.15 0.6; local pause=$REPLY
  sx -n "${FLOAT_OUT[@]}" "$TMP/pause.wav" trim 0 "$pause"
  to_milli "$DUR"; local total=$REPLY
  while (( filled < total )); do
    for i in "${motif[@]}"; do
      if chance 15; then rand_int 0 $(( types - 1 )); i=$REPLY; fi   # sung variation
      sequence+=("${syllables[$i]%:*}")
      filled=$(( filled + ${syllables[$i]##*:} ))
    done
    sequence+=("$TMP/pause.wav"); to_milli "$pause"; filled=$(( filled + REPLY ))
  done
  rand_dec 0 0.8; lead=$REPLY
  sx "${sequence[@]}" "${FLOAT_OUT[@]}" "$TMP/fg.wav" pad "$lead" "$DUR" trim 0 "$DUR"
  DETAILS="syllable_types=$types motif=${#motif[@]}"
}

gen_background() {
  local colour rate depth lp hum=()
  pick brownnoise brownnoise pinknoise whitenoise; colour=$REPLY
  rand_dec 0.08 0.7; rate=$REPLY
  rand_int 30 85; depth=$REPLY
  rand_int 250 4000; lp=$REPLY
  noise_file "$TMP/bed.wav" "$colour" "$DUR"
  if chance 30; then
    local mains; pick 50 60; mains=$REPLY
    sx -n "${FLOAT_OUT[@]}" "$TMP/hum.wav" synth "$DUR" sine "$mains" sine mix "$(( mains * 3 ))"
    hum=(-v 0.05 "$TMP/hum.wav")
    sx -m -v 1 "$TMP/bed.wav" "${hum[@]}" "${FLOAT_OUT[@]}" "$TMP/bed2.wav"
    mv "$TMP/bed2.wav" "$TMP/bed.wav"
    DETAILS="hum=$mains "
  fi
  # Wind: slow gusts (tremolo) through a lowpass.
  sx "$TMP/bed.wav" "${FLOAT_OUT[@]}" "$TMP/fg.wav" tremolo "$rate" "$depth" lowpass "$lp"
  DETAILS+="colour=$colour gust_hz=$rate lowpass=$lp"
}

gen_dog() {
  local barks i at len f0 f1 lp parts=()
  rand_int 1 5; barks=$REPLY
  for (( i = 0; i < barks; i++ )); do
    rand_dec 0.08 0.25; len=$REPLY
    rand_dec 0.0 "$(calc "$DUR - 0.3")"; at=$REPLY
    rand_int 300 900; f0=$REPLY
    f1=$(( f0 * 2 / 3 ))
    rand_int 1500 4000; lp=$REPLY
    noise_file "$TMP/breath$i.wav" pinknoise "$len"
    sx -n "${FLOAT_OUT[@]}" "$TMP/tone$i.wav" synth "$len" sawtooth "$f0:$f1"
    sx -m "$TMP/tone$i.wav" "$TMP/breath$i.wav" "${FLOAT_OUT[@]}" "$TMP/bark$i.wav" \
      lowpass "$lp" fade q 0.01 "$len" "$(calc "$len * 0.6")" pad "$at" "$DUR" trim 0 "$DUR"
    parts+=("$TMP/bark$i.wav")
  done
  mix_to_fg "${parts[@]}"
  DETAILS="barks=$barks"
}

# one_clip CLASS CLIP_SEED OUT_FILE DURATION_SPEC MIXED_DEPTH - prints one manifest line
# (run by clip_worker, which has seeded the random numbers and set DUR and TMP).
one_clip() {
  local class=$1 out=$3 mixed=$5
  DETAILS=""
  "gen_$class"

  # Background noise at a random SNR, then a random level and output format.
  local colour snr lp fg_db noise_db noise_gain rate channels bits peak
  pick whitenoise pinknoise pinknoise brownnoise; colour=$REPLY
  rand_dec 0 20; snr=$REPLY
  rand_int 1000 10000; lp=$REPLY
  noise_file "$TMP/noise.wav" "$colour" "$DUR"
  sx "$TMP/noise.wav" "$TMP/noise_lp.wav" lowpass "$lp"
  fg_db=$(rms_db "$TMP/fg.wav"); noise_db=$(rms_db "$TMP/noise_lp.wav")
  noise_gain=$(calc "10 ^ (($fg_db - $snr - ($noise_db)) / 20)")
  pick 16000 22050 44100; rate=$REPLY
  pick 1 1 2; channels=$REPLY
  bits=(-b 16); local depth=16
  if [[ $mixed == 1 ]]; then
    pick 16 16 24 f32; depth=$REPLY
    case $depth in 24) bits=(-b 24) ;; f32) bits=(-e floating-point -b 32) ;; esac
  fi
  rand_int 1 24; peak=$REPLY
  local remix=()
  if (( channels == 2 )); then local side; rand_int 60 100; side=$REPLY; remix=(remix 1 "1v0.$side"); fi
  mkdir -p "$(dirname "$out")"
  sx -m -v 1 "$TMP/fg.wav" -v "$noise_gain" "$TMP/noise_lp.wav" "${bits[@]}" "$out" \
    rate -v "$rate" gain -n "-$peak" "${remix[@]}"
  printf '%s,%s,%s,%s,%s,%s,%s,%s,-%s,%s\n' "${out#"$OUT_ROOT"/}" "$class" "$2" "$DUR" \
    "$rate" "$channels" "$depth" "$snr" "$peak" "noise=$colour $DETAILS"
}

# ---------------------------------------------------------------------------------------------
main() {
  [[ ${1:-} == --one ]] && { shift; clip_worker "$@"; return; }
  [[ $# -ge 1 && $1 != -* ]] || { usage >&2; exit 2; }
  local out=$1; shift
  local per_class=60 split=0 test_per_class="" classes=$DEFAULT_CLASSES mixed=0
  common_defaults 42
  while [[ $# -gt 0 ]]; do
    case $1 in
      --per-class) per_class=${2:?--per-class needs a value}; shift 2 ;;
      --split) split=1; shift ;;
      --test-per-class) test_per_class=${2:?--test-per-class needs a value}; shift 2 ;;
      --classes) classes=${2:?--classes needs a value}; shift 2 ;;
      --mixed-depth) mixed=1; shift ;;
      *) common_option "$@"; shift "$REPLY" ;;
    esac
  done
  check_options --per-class "$per_class" class "$classes" "${ALL_CLASSES[@]}"
  if [[ -z $test_per_class ]]; then test_per_class=$(( (per_class + 2) / 3 )); fi
  [[ $test_per_class =~ ^[1-9][0-9]*$ ]] || die "--test-per-class must be a positive integer"

  make_out_dir "$out"; out=$REPLY
  local sets=()
  if (( split )); then sets=("train:$per_class" "test:$test_per_class"); else sets=(".:$per_class"); fi

  local set name count c i tasks=()
  for set in "${sets[@]}"; do
    name=${set%%:*}; count=${set#*:}
    for c in "${NAMES[@]}"; do
      clear_old_clips "$out/$name/$c"
      for (( i = 1; i <= count; i++ )); do
        clip_seed "$SEED" "$name/$c" "$i"
        tasks+=("$c $REPLY $out/$name/$c/$(printf '%s_%04d.wav' "$c" "$i") $DURATION $mixed")
      done
    done
  done
  run_clips classes "$out" "${tasks[@]}"
  for set in "${sets[@]}"; do
    write_manifest "$out" "${set%%:*}" \
      "file,class,seed,duration_s,sample_rate,channels,bits,snr_db,peak_dbfs,details"
  done
  say "done"
}

main "$@"
