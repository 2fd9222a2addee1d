#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# generate-open-set.sh - reproducible open-set clips, sounds a demo-set model should call unknown.
#
#   scripts/generate-open-set.sh OUT_DIR [--seed N] [--per-kind N] [--duration S|MIN-MAX]
#                                [--kinds a,b,...] [--jobs N] [--force]
#
# One sub-folder per kind (silence, near-silence, noises, hum, sweeps, clicks, tones, speech,
# plucked music), 16-bit PCM WAV at mixed rates (16k/22.05k/44.1k) and channel counts, no
# background noise added. Built only from sox and espeak-ng. Same arguments and seed give
# byte-identical files, whatever --jobs: every random choice comes from a seeded splitmix64
# generator in this script, sox runs with -R (fixed internal seed) and -D (no dither); noise
# variety comes from random offsets into sox's repeatable noise.
set -euo pipefail

readonly ALL_KINDS=(silence near-silence white-noise pink-noise brown-noise hum sweep clicks
  tone speech music)
readonly GENERATOR=generate-open-set

usage() {
  sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'EOF'

  --seed N            base seed (default 7)
  --per-kind N        clips per kind (default 10)
  --duration S        clip length in seconds, or a range MIN-MAX (default 2-5); silence clips
                      1, 2 and 3 are always 0.5 s, 1 s and MAX s long
  --kinds LIST        comma-separated subset of: silence near-silence white-noise pink-noise
                      brown-noise hum sweep clicks tone speech music (default: all)
  --jobs N            parallel sox jobs (default: number of CPUs)
  --force             replace clips already present in the kind folders written to
EOF
}

# ---------------------------------------------------------------------------------------------
# Shared with the other generator: seeded random numbers (rand_int, rand_dec, pick, chance,
# calc), die and say, the common options, the run of one worker per clip, the manifest, and sx,
# FLOAT_OUT, fit, rms_db and speak_words.
# shellcheck source-path=SCRIPTDIR source=lib/generator-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/generator-common.sh"

# ---------------------------------------------------------------------------------------------
# Synthesis. Every generator writes "$TMP/fg.wav": mono, $SYNTH_RATE Hz, float, exactly $DUR s,
# and may set LEVEL_MODE (peak: normalised to a random peak; rms: scaled to $TARGET_RMS dBFS
# RMS; none: left as it is) and DETAILS (the parameters, for the manifest).

# null_to OUT EFFECT... - synthesise from sox's null input at $SYNTH_RATE. Without the rate
# before -n, sox would synthesise at 48 kHz and resample (and "123s" would not be 123 samples).
# synth makes full-scale signals and sox works in fixed point, so the result is lowered by 6 dB:
# headroom for the filters and resampling that follow (the level is set at the very end).
null_to() {
  local out=$1; shift
  sx -r "$SYNTH_RATE" -c 1 -n "${FLOAT_OUT[@]}" "$out" "$@" gain -6
}

# noise_file OUT COLOUR SECONDS - a fresh-looking noise excerpt: sox -R always draws the same
# sequence, so a random start offset (left in NOISE_OFFSET) is what makes two excerpts differ.
noise_file() {
  rand_dec 0 30; NOISE_OFFSET=$REPLY
  null_to "$1" synth "$(calc "$3 + $NOISE_OFFSET + 0.01")" "$2" trim "$NOISE_OFFSET" "$3"
}

# Digital silence: every sample is zero, whatever the output rate and channels.
gen_silence() {
  null_to "$TMP/fg.wav" trim 0 "$DUR"
  LEVEL_MODE=none
}

# Very quiet but not silent: -95 to -75 dBFS RMS. At 16 bit one LSB is about -90 dBFS, so the
# quietest clips are a few LSBs of noise; tones stay at -88 dBFS or above so that they do not
# round away to zeros.
gen_near_silence() {
  local variant level
  pick dither dither room hum tone; variant=$REPLY
  case $variant in
    dither)
      noise_file "$TMP/fg.wav" whitenoise "$DUR"
      rand_dec 80 94; level=$REPLY
      DETAILS="variant=dither colour=whitenoise offset=$NOISE_OFFSET" ;;
    room)
      local colour lp
      pick pinknoise brownnoise; colour=$REPLY
      rand_int 200 4000; lp=$REPLY
      noise_file "$TMP/room.wav" "$colour" "$DUR"
      sx "$TMP/room.wav" "$TMP/fg.wav" highpass 20 lowpass "$lp"
      rand_dec 75 90; level=$REPLY
      DETAILS="variant=room colour=$colour lowpass=$lp offset=$NOISE_OFFSET" ;;
    hum)
      local mains
      pick 50 60; mains=$REPLY
      null_to "$TMP/fg.wav" synth "$DUR" sine "$mains" synth "$DUR" sine mix "$(( mains * 3 ))"
      rand_dec 75 88; level=$REPLY
      DETAILS="variant=hum mains_hz=$mains" ;;
    tone)
      local freq
      rand_int 100 4000; freq=$REPLY
      null_to "$TMP/fg.wav" synth "$DUR" sine "$freq"
      rand_dec 75 88; level=$REPLY
      DETAILS="variant=tone freq_hz=$freq" ;;
  esac
  LEVEL_MODE=rms
  TARGET_RMS=-$level
}

gen_noise() {
  noise_file "$TMP/fg.wav" "$1" "$DUR"
  DETAILS="colour=$1 offset=$NOISE_OFFSET"
}
gen_white_noise() { gen_noise whitenoise; }
gen_pink_noise() { gen_noise pinknoise; }
gen_brown_noise() { gen_noise brownnoise; }

# Mains hum: fundamental with a few harmonics of random strength and phase, or a transformer
# buzz (sawtooth at twice the mains frequency, lowpassed).
gen_hum() {
  local mains dev f variant
  pick 50 60; mains=$REPLY
  rand_int -30 30; dev=$REPLY                 # supply drift in hundredths of a hertz
  f=$(calc "$mains + $dev / 100")
  pick harmonics harmonics harmonics buzz; variant=$REPLY
  if [[ $variant == buzz ]]; then
    local lp
    rand_int 300 1500; lp=$REPLY
    null_to "$TMP/fg.wav" synth "$DUR" sawtooth "$(calc "2 * $f")" gain -6 lowpass "$lp"
    DETAILS="variant=buzz mains_hz=$mains freq_hz=$f lowpass=$lp"
    return
  fi
  local n k amp phase sum=0 levels=() mix=() amps=""
  rand_int 2 6; n=$REPLY
  for (( k = 1; k <= n; k++ )); do
    if (( k == 1 )); then amp=1000; else rand_int 30 700; amp=$REPLY; fi
    rand_int 0 99; phase=$REPLY
    null_to "$TMP/h$k.wav" synth "$DUR" sine "$(calc "$k * $f")" 0 "$phase"
    levels+=("$amp"); sum=$(( sum + amp ))
    from_milli "$amp"; amps+="${amps:+/}$REPLY"
  done
  # sox mixes in fixed point: volumes that add up to 1 keep the sum from clipping.
  for (( k = 1; k <= n; k++ )); do
    mix+=(-v "$(calc "${levels[k - 1]} / $sum")" "$TMP/h$k.wav")
  done
  sx -m "${mix[@]}" "${FLOAT_OUT[@]}" "$TMP/fg.wav"
  DETAILS="variant=harmonics mains_hz=$mains freq_hz=$f harmonics=$n amps=$amps"
}

# Sine or square sweeps, linear or exponential, once over the clip or repeated.
gen_sweep() {
  local wave shape sep lo hi direction mode seg reps
  pick sine sine square; wave=$REPLY
  pick lin exp; shape=$REPLY
  if [[ $shape == lin ]]; then sep=:; else sep=/; fi
  # Both ends log-uniform: lo in 50-2000 Hz, hi from max(2 lo, 500) to 10 kHz.
  rand_int 0 1000; lo=$(awk "BEGIN { printf \"%d\", 50 * 40 ^ ($REPLY / 1000) }")
  hi=$(( lo * 2 > 500 ? lo * 2 : 500 ))
  rand_int 0 1000; hi=$(awk "BEGIN { printf \"%d\", $hi * (10000 / $hi) ^ ($REPLY / 1000) }")
  pick up down updown; direction=$REPLY
  pick single single repeat; mode=$REPLY
  if [[ $mode == single ]]; then seg=$DUR; else rand_dec 0.2 1.5; seg=$REPLY; fi
  # Downward sweeps are upward ones reversed: SoX 14.4.2 makes a constant (DC) signal of a
  # square wave swept downwards with "/".
  case $direction in
    up) null_to "$TMP/seg.wav" synth "$seg" "$wave" "$lo$sep$hi" ;;
    down) null_to "$TMP/seg.wav" synth "$seg" "$wave" "$lo$sep$hi" reverse ;;
    updown)
      local half; half=$(calc "$seg / 2")
      null_to "$TMP/up.wav" synth "$half" "$wave" "$lo$sep$hi"
      sx "$TMP/up.wav" "$TMP/down.wav" reverse
      sx "$TMP/up.wav" "$TMP/down.wav" "$TMP/seg.wav" ;;
  esac
  reps=$(awk "BEGIN { printf \"%d\", $DUR / $seg + 1 }")
  fit "$TMP/seg.wav" "$TMP/fg.wav" repeat "$reps"
  DETAILS="wave=$wave shape=$shape lo_hz=$lo hi_hz=$hi direction=$direction mode=$mode"
  DETAILS+=" period_s=$seg"
}

# Click trains: 1-2 ms impulses (half-sine bump, one sine cycle or a noise burst), regular or
# at random intervals, 2-40 clicks/s. One click file is repeated and pad inserts the gaps.
gen_clicks() {
  local timing cps shape len_ms len period lead gap start total n=0 pads=() hp=()
  pick regular regular random; timing=$REPLY
  rand_int 2 40; cps=$REPLY
  pick pulse cycle burst; shape=$REPLY
  rand_dec 1 2; len_ms=$REPLY
  to_milli "$len_ms"; len=$(( (REPLY * SYNTH_RATE + 500000) / 1000000 ))   # samples
  case $shape in
    pulse) null_to "$TMP/click.wav" synth "${len}s" sine "$(calc "500 / $len_ms")" ;;
    cycle) null_to "$TMP/click.wav" synth "${len}s" sine "$(calc "1000 / $len_ms")" ;;
    burst)
      noise_file "$TMP/burst.wav" whitenoise 0.01
      sx "$TMP/burst.wav" "$TMP/click.wav" trim 0 "${len}s" ;;
  esac
  if chance 40; then rand_int 500 3000; hp=(gain -6 highpass "$REPLY"); fi
  period=$(( SYNTH_RATE / cps ))
  rand_int 0 "$period"; lead=$REPLY
  to_milli "$DUR"; total=$(( REPLY * SYNTH_RATE / 1000 ))
  pads=("${lead}s@0s"); start=$lead          # n counts the clicks after the first
  while :; do
    if [[ $timing == regular ]]; then
      gap=$(( period - len ))
    else
      rand_int $(( period / 5 )) $(( period * 9 / 5 )); gap=$(( REPLY > len ? REPLY - len : 0 ))
    fi
    start=$(( start + len + gap ))
    (( start < total )) || break
    n=$(( n + 1 ))
    pads+=("${gap}s@$(( n * len ))s")
  done
  fit "$TMP/click.wav" "$TMP/fg.wav" repeat "$n" pad "${pads[@]}" "${hp[@]}"
  DETAILS="timing=$timing clicks_per_s=$cps shape=$shape click_ms=$len_ms clicks=$(( n + 1 ))"
  if (( ${#hp[@]} )); then DETAILS+=" highpass=${hp[3]}"; fi
}

# Steady pure tones or two-tone chords (just intervals or a free second tone), 100-4000 Hz.
gen_tone() {
  local variant f1 f2 ratio
  if chance 20; then pick 440 1000; f1=$REPLY; else rand_int 100 4000; f1=$REPLY; fi
  pick single single chord; variant=$REPLY
  if [[ $variant == single ]]; then
    null_to "$TMP/fg.wav" synth "$DUR" sine "$f1" fade h 0.01 "$DUR" 0.01
    DETAILS="variant=single freq_hz=$f1"
    return
  fi
  if chance 70; then
    pick 6/5 5/4 4/3 3/2 5/3 2/1; ratio=$REPLY
    f2=$(awk "BEGIN { printf \"%d\", $f1 * $ratio + 0.5 }")
    if (( f2 > 4000 )); then f2=$(awk "BEGIN { printf \"%d\", $f1 / ($ratio) + 0.5 }"); fi
    ratio=${ratio/\//:}
  else
    rand_int 100 4000; f2=$REPLY; ratio=free
  fi
  null_to "$TMP/fg.wav" synth "$DUR" sine "$f1" synth "$DUR" sine mix "$f2" \
    fade h 0.01 "$DUR" 0.01
  DETAILS="variant=chord freq_hz=$f1+$f2 interval=$ratio"
}

# Clean espeak-ng speech, no band limiting and no noise.
gen_speech() {
  local lead
  speak_words; lead=$REPLY
  sx "$TMP/voice.wav" "${FLOAT_OUT[@]}" "$TMP/fg.wav" gain -6 pad "$lead" "$DUR" trim 0 "$DUR"
}

# A plucked-string melody: random scale, key, tempo and rhythm, sometimes with a plucked bass
# note per bar and a little reverb. Each distinct note is synthesised once and reused.
gen_music() {
  local scale root bpm beat sustain steps deg n len key semi filled=0 total
  local -a intervals=() melody=()
  local -A notes=()
  pick major pentatonic minor; scale=$REPLY
  case $scale in
    major) intervals=(0 2 4 5 7 9 11) ;;
    pentatonic) intervals=(0 2 4 7 9) ;;
    minor) intervals=(0 2 3 5 7 8 10) ;;
  esac
  n=${#intervals[@]}
  rand_int -21 3; root=$REPLY                 # semitones from A4: C3 .. C5
  rand_int 70 180; bpm=$REPLY
  beat=$(calc "60 / $bpm")
  rand_int 20 70; sustain=$REPLY
  to_milli "$DUR"; total=$REPLY
  deg=$n                                      # start on the tonic an octave up
  while (( filled < total )); do
    pick 1 1 1 2 2 4 -1 -1 -2 -3 0; steps=$REPLY    # mostly small steps, some leaps
    deg=$(( deg + steps ))
    (( deg < 0 )) && deg=$(( -deg ))
    (( deg > 2 * n )) && deg=$(( 4 * n - deg ))
    pick 0.5 1 1 1 2; len=$(calc "$beat * $REPLY")
    semi=$(( root + (deg / n) * 12 + intervals[deg % n] - 12 ))
    key="$semi@$len"
    if [[ -z ${notes[$key]:-} ]]; then
      notes[$key]="$TMP/note${#notes[@]}.wav"
      null_to "${notes[$key]}" synth "$len" pluck "%$semi" 0 0 "$sustain" \
        fade h 0 "$len" 0.01
    fi
    melody+=("${notes[$key]}")
    to_milli "$len"; filled=$(( filled + REPLY ))
  done
  local src=$TMP/melody.wav extra=() bars=0
  sx "${melody[@]}" "${FLOAT_OUT[@]}" "$TMP/melody.wav"
  if chance 40; then
    local bar; bar=$(calc "4 * $beat")
    null_to "$TMP/bass.wav" synth "$bar" pluck "%$(( root - 12 ))" 0 0 60
    bars=$(awk "BEGIN { printf \"%d\", $DUR / $bar + 1 }")
    sx "$TMP/bass.wav" "$TMP/bass_line.wav" repeat "$(( bars - 1 ))"
    sx -m -v 0.6 "$TMP/melody.wav" -v 0.4 "$TMP/bass_line.wav" "${FLOAT_OUT[@]}" "$TMP/both.wav"
    src=$TMP/both.wav
  fi
  if chance 30; then extra=(gain -6 reverb 30); fi
  fit "$src" "$TMP/fg.wav" "${extra[@]}"
  DETAILS="scale=$scale root_semitones=$root bpm=$bpm sustain=$sustain notes=${#melody[@]}"
  DETAILS+=" distinct=${#notes[@]} bass_bars=$bars reverb=$(( ${#extra[@]} ? 1 : 0 ))"
}

# one_clip KIND CLIP_SEED OUT_FILE DURATION_SPEC - prints one manifest line (run by clip_worker,
# which has seeded the random numbers and set DUR and TMP).
one_clip() {
  local kind=$1 out=$3
  DETAILS="" LEVEL_MODE=peak TARGET_RMS=""
  "gen_${kind//-/_}"

  # Random output format and level; the second channel of stereo clips is a quieter copy.
  local rate channels finish=() level
  pick 16000 22050 44100; rate=$REPLY
  pick 1 1 2; channels=$REPLY
  if (( channels == 2 )); then rand_int 60 99; finish=(remix 1 "1v0.$REPLY"); fi
  # Resampling can round the length up by a sample; pad and cut to round(DUR * rate) samples.
  to_milli "$DUR"; finish+=(pad 0 1s trim 0 "$(( (REPLY * rate + 500) / 1000 ))s")
  mkdir -p "$(dirname "$out")"
  case $LEVEL_MODE in
    peak)
      local peak
      rand_int 3 30; peak=$REPLY
      sx "$TMP/fg.wav" -b 16 "$out" rate -v "$rate" gain -n "-$peak" "${finish[@]}"
      level="peak=-$peak" ;;
    rms)
      # Measure after resampling (which removes the band above the new Nyquist frequency)
      # and remixing, so that the gain lands the 16-bit file on the target.
      local now
      sx "$TMP/fg.wav" -e floating-point -b 32 "$TMP/shaped.wav" rate -v "$rate" "${finish[@]}"
      now=$(rms_db "$TMP/shaped.wav")
      sx "$TMP/shaped.wav" -b 16 "$out" gain "$(calc "$TARGET_RMS - ($now)")"
      level="rms_target=$TARGET_RMS" ;;
    none)
      sx "$TMP/fg.wav" -b 16 "$out" rate -v "$rate" "${finish[@]}"
      level="level=digital_zero" ;;
  esac
  local measured
  measured=$(rms_db "$out")
  if [[ $kind == near-silence ]] && { [[ $measured == -inf ]] \
    || ! awk "BEGIN { exit !($measured >= -95 && $measured <= -75) }"; }; then
    echo "generate-open-set: warning: $out measures $measured dBFS RMS, outside -95..-75" >&2
  fi
  printf '%s,%s,%s,%s,%s,%s,%s,%s\n' "${out#"$OUT_ROOT"/}" "$kind" "$2" "$DUR" \
    "$rate" "$channels" "$measured" "$level${DETAILS:+ $DETAILS}"
}

# ---------------------------------------------------------------------------------------------
main() {
  [[ ${1:-} == --one ]] && { shift; clip_worker "$@"; return; }
  [[ ${1:-} == -h || ${1:-} == --help ]] && { usage; exit 0; }
  [[ $# -ge 1 && $1 != -* ]] || { usage >&2; exit 2; }
  local out=$1; shift
  local per_kind=10 kinds
  kinds=$(IFS=,; echo "${ALL_KINDS[*]}")
  common_defaults 7
  while [[ $# -gt 0 ]]; do
    case $1 in
      --per-kind) per_kind=${2:?--per-kind needs a value}; shift 2 ;;
      --kinds) kinds=${2:?--kinds needs a value}; shift 2 ;;
      *) common_option "$@"; shift "$REPLY" ;;
    esac
  done
  check_options --per-kind "$per_kind" kind "$kinds" "${ALL_KINDS[@]}"

  make_out_dir "$out"; out=$REPLY
  local k i spec tasks=()
  for k in "${NAMES[@]}"; do
    clear_old_clips "$out/$k"
    for (( i = 1; i <= per_kind; i++ )); do
      spec=$DURATION
      if [[ $k == silence ]]; then   # make sure the very short and the longest lengths occur
        case $i in 1) spec=0.5 ;; 2) spec=1 ;; 3) spec=${DURATION#*-} ;; esac
      fi
      # The "open-set/" prefix keeps every clip off the demo set's seed streams.
      clip_seed "$SEED" "open-set/$k" "$i"
      tasks+=("$k $REPLY $out/$k/$(printf '%s_%04d.wav' "$k" "$i") $spec")
    done
  done
  run_clips kinds "$out" "${tasks[@]}"
  write_manifest "$out" . "file,kind,seed,duration_s,sample_rate,channels,level_dbfs,params"
  say "done"
}

main "$@"
