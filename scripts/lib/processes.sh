# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# processes.sh - what the scripts that start local servers share (sourced, not run): soak.sh, and
# local-stack.sh (scale-test.sh, roles-latency.sh). The script defines die (a one-line reason,
# then exit) and sets PYTHON (a python3) before calling free_port.

# alive PID - running (a finished child we have not reaped yet is a zombie: not alive)
alive() {
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [[ -n $state && $state != Z ]]
}

# stop_pid PID [SECONDS] - TERM, time to finish (default 10 s), then KILL; reaps our children.
# An empty PID is nothing to stop.
stop_pid() {
  local pid=$1 tenths=$(( ${2:-10} * 10 )) i
  [[ -n $pid ]] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for (( i = 0; i < tenths; i++ )); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null; fi
  fi
  wait "$pid" 2>/dev/null || true
}

# free_port - a TCP port on 127.0.0.1 that nothing listens on right now
free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for SECONDS DESCRIPTION COMMAND... - poll until COMMAND succeeds, else die.
wait_for() {
  local seconds=$1 what=$2; shift 2
  local until=$(( SECONDS + seconds ))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < until )) || die "timed out after ${seconds}s waiting for $what"
    sleep 0.2
  done
}

# seconds_of 30s|2m - the number of seconds
seconds_of() { case $1 in *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; esac; }
