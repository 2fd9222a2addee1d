# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# seeded-random.sh - seeded random numbers for the data generators (sourced, not run).
# bash 64-bit arithmetic wraps, which splitmix64 relies on. Results go to REPLY so that no
# subshell swallows the generator state; set RNG_STATE to seed.
RNG_STATE=0

mix64() {
  local z=$1
  z=$(( (z ^ ((z >> 30) & 0x3FFFFFFFF)) * 0xBF58476D1CE4E5B9 ))
  z=$(( (z ^ ((z >> 27) & 0x1FFFFFFFFF)) * 0x94D049BB133111EB ))
  REPLY=$(( z ^ ((z >> 31) & 0x1FFFFFFFF) ))
}

rng_next() {
  RNG_STATE=$(( RNG_STATE + 0x9E3779B97F4A7C15 ))
  mix64 "$RNG_STATE"
  REPLY=$(( (REPLY >> 33) & 0x7FFFFFFF ))
}

# rand_int LO HI -> integer in [LO, HI]
rand_int() {
  rng_next
  REPLY=$(( $1 + REPLY % ($2 - $1 + 1) ))
}

# to_milli "1.25" -> 1250 (non-negative decimals with up to 3 places)
to_milli() {
  local whole=${1%%.*} frac=0
  [[ $1 == *.* ]] && frac=${1#*.}
  frac=$(printf '%-3.3s' "$frac"); frac=${frac// /0}
  REPLY=$(( 10#$whole * 1000 + 10#$frac ))
}

from_milli() { REPLY=$(printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 ))); }

# rand_dec LO HI -> decimal string with 3 places in [LO, HI]
rand_dec() {
  local lo hi
  to_milli "$1"; lo=$REPLY
  to_milli "$2"; hi=$REPLY
  rand_int "$lo" "$hi"
  from_milli "$REPLY"
}

# pick WORD... -> one of the words
pick() {
  local items=("$@")
  rand_int 0 $(( ${#items[@]} - 1 ))
  REPLY=${items[$REPLY]}
}

# chance PERCENT -> success with that probability
chance() { rand_int 1 100; (( REPLY <= $1 )); }

calc() { awk "BEGIN { printf \"%.4f\", $1 }"; }
