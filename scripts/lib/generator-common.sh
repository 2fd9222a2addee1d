# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# generator-common.sh - what the data generators share (sourced, not run): the seeded random
# numbers, messages, the common options and their checks, the output folder, per-clip seeds, the
# parallel run of one worker process per clip, the manifest, and the sox and espeak-ng basics.
# The generator sets GENERATOR (the name its messages start with) and defines usage (the help
# text) and one_clip (makes one clip, see clip_worker).

# shellcheck source-path=SCRIPTDIR source=seeded-random.sh
source "$(dirname "${BASH_SOURCE[0]}")/seeded-random.sh"

die() { echo "$GENERATOR: $*" >&2; exit 2; }
say() { echo "$GENERATOR: $*" >&2; }

# ---------------------------------------------------------------------------------------------
# Options both generators take: SEED, DURATION, JOBS and FORCE.

# common_defaults SEED - the defaults, with the generator's own default seed.
common_defaults() {
  SEED=$1 DURATION=2-5 FORCE=0
  JOBS=$(nproc 2>/dev/null || echo 2)
}

# common_option ARG... - takes the option in $1 (with its value), or dies on an unknown option;
# REPLY is how many arguments it took.
common_option() {
  case $1 in
    --seed) SEED=${2:?--seed needs a value}; REPLY=2 ;;
    --duration) DURATION=${2:?--duration needs a value}; REPLY=2 ;;
    --jobs) JOBS=${2:?--jobs needs a value}; REPLY=2 ;;
    --force) FORCE=1; REPLY=1 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
}

# check_positive OPTION VALUE - dies unless VALUE is a positive integer.
check_positive() {
  [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, got '$2'"
}

# check_options COUNT_OPTION COUNT NOUN LIST KNOWN... - dies on a bad --seed, COUNT (given as
# COUNT_OPTION), --jobs or --duration, on a NOUN in the comma-separated LIST that is not one of
# KNOWN, or when sox (or, for speech, espeak-ng) is missing. NAMES gets the LIST's names.
check_options() {
  local count_option=$1 count=$2 noun=$3 list=$4 name
  shift 4
  [[ $SEED =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer, got '$SEED'"
  check_positive "$count_option" "$count"
  check_positive --jobs "$JOBS"
  [[ $DURATION =~ ^[0-9]+(\.[0-9]+)?(-[0-9]+(\.[0-9]+)?)?$ ]] \
    || die "--duration must be seconds (e.g. 3) or a range (e.g. 2-5), got '$DURATION'"
  local lo=${DURATION%-*} hi=${DURATION#*-}
  awk "BEGIN { exit !($lo >= 1 && $hi <= 30 && $lo <= $hi) }" \
    || die "--duration must lie within 1-30 seconds with MIN <= MAX, got '$DURATION'"
  IFS=, read -r -a NAMES <<< "$list"
  for name in "${NAMES[@]}"; do
    [[ " $* " == *" $name "* ]] || die "unknown $noun '$name'; known: $*"
  done
  command -v sox >/dev/null || die "sox not found (apt-get install -y sox libsox-fmt-all)"
  if [[ ",$list," == *",speech,"* ]]; then
    command -v espeak-ng >/dev/null || die "espeak-ng not found (apt-get install -y espeak-ng)"
  fi
}

# ---------------------------------------------------------------------------------------------
# The run: output folders, one task line per clip, worker processes, the manifest.

# make_out_dir OUT_DIR -> REPLY, its absolute path (created if need be).
make_out_dir() {
  [[ $1 != *[[:space:]]* ]] || die "OUT_DIR must not contain whitespace: '$1'"
  mkdir -p "$1"
  REPLY=$(cd "$1" && pwd)
}

# clear_old_clips DIR - old clips would silently mix with the new set; replace them only when
# asked to (FORCE).
clear_old_clips() {
  if compgen -G "$1/*.wav" >/dev/null; then
    (( FORCE )) || die "$1 already holds clips; use --force to replace them"
    rm -f "$1"/*.wav
  fi
}

# clip_seed SEED KEY INDEX -> REPLY, a well-mixed per-clip generator state (KEY is hashed).
clip_seed() {
  local h
  h=$(printf '%s' "$2" | cksum | cut -d' ' -f1)
  mix64 $(( $1 * 0x100000001B3 + h ))
  mix64 $(( REPLY + $3 ))
}

# run_clips NOUNS OUT_DIR TASK... - announces the run, then makes the clips, $JOBS at a time,
# each in a worker process "$0 --one OUT_DIR TASK" (main hands those to clip_worker).
# MANIFEST_BODY gets their manifest lines, sorted.
run_clips() {
  local nouns=$1 out=$2
  shift 2
  say "$# clips, ${#NAMES[@]} $nouns, seed $SEED, $JOBS jobs -> $out"
  MANIFEST_BODY=$(printf '%s\n' "$@" | xargs -P "$JOBS" -L 1 "$0" --one "$out" | sort)
}

# clip_worker OUT_ROOT NAME CLIP_SEED OUT_FILE DURATION_SPEC [ARG...] - one task: seeds the
# random numbers, draws DUR (seconds) from DURATION_SPEC (S or MIN-MAX), makes a scratch folder
# TMP, then runs the generator's one_clip NAME CLIP_SEED OUT_FILE DURATION_SPEC [ARG...], which
# prints the clip's manifest line (paths relative to OUT_ROOT).
# shellcheck disable=SC2034  # OUT_ROOT is one_clip's, RNG_STATE seeded-random.sh's
clip_worker() {
  OUT_ROOT=$1
  shift
  local spec=$4
  RNG_STATE=$2
  if [[ $spec == *-* ]]; then rand_dec "${spec%-*}" "${spec#*-}"; DUR=$REPLY; else DUR=$spec; fi
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' RETURN
  one_clip "$@"
}

# write_manifest OUT_DIR SET HEADER - OUT_DIR/SET/MANIFEST.csv: HEADER, then the lines of
# MANIFEST_BODY for that set, paths relative to it (SET "." takes every line).
write_manifest() {
  {
    echo "$3"
    if [[ $2 == . ]]; then printf '%s\n' "$MANIFEST_BODY" | sed 's#^\./##'
    else printf '%s\n' "$MANIFEST_BODY" | grep "^$2/" | sed "s#^$2/##"; fi
  } > "$1/$2/MANIFEST.csv"
}

# ---------------------------------------------------------------------------------------------
# Synthesis basics. Generators work in mono float at SYNTH_RATE and make clips of DUR seconds.
readonly SYNTH_RATE=44100
sx() { sox -R -D -V1 "$@"; }
readonly FLOAT_OUT=(-r "$SYNTH_RATE" -c 1 -e floating-point -b 32)

# fit IN OUT [EFFECT...] - pad with silence and cut so the clip lasts exactly $DUR seconds.
fit() {
  local in=$1 out=$2; shift 2
  sx "$in" "${FLOAT_OUT[@]}" "$out" "$@" pad 0 "$DUR" trim 0 "$DUR"
}

rms_db() { sox "$1" -n stats 2>&1 | awk '/RMS lev dB/ { print $4 }'; }

readonly WORDS=(the a sensor river north station alarm morning evening seven twelve ninety
  please check gate open close signal clear copy over unit three report traffic bridge road
  field forest camera wind rain cold warm people quickly slowly left right again stop start
  water power line level high low zero one two four five six eight nine ten hello thank you
  we will go now later today tomorrow market window green blue red yellow light dark sound)
readonly VOICES=(en-us en-gb en-gb-scotland en-029 en-gb-x-rp de fr-fr es it nl pt pl sv "fi")
readonly VARIANTS=(m1 m2 m3 m4 m5 m6 m7 f1 f2 f3 f4 f5 klatt klatt2 klatt3 croak
  grandpa grandma steph linda john)

# speak_words - 8 to 18 random words in a random espeak-ng voice, variant, speed, pitch and word
# gap into "$TMP/voice.wav"; DETAILS gets those parameters, REPLY a lead-in of 0-0.6 s.
# shellcheck disable=SC2034  # DETAILS goes to the manifest line one_clip prints
speak_words() {
  local voice variant speed pitch gap n text="" i
  pick "${VOICES[@]}"; voice=$REPLY
  pick "${VARIANTS[@]}"; variant=$REPLY
  rand_int 110 210; speed=$REPLY
  rand_int 15 85; pitch=$REPLY
  rand_int 0 6; gap=$REPLY
  rand_int 8 18; n=$REPLY
  for (( i = 0; i < n; i++ )); do pick "${WORDS[@]}"; text+="$REPLY "; done
  espeak-ng -v "$voice+$variant" -s "$speed" -p "$pitch" -g "$gap" -w "$TMP/voice.wav" "$text"
  DETAILS="voice=$voice+$variant speed=$speed pitch=$pitch words=$n"
  rand_dec 0 0.6
}
