#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# nginx-local-conf.sh - derive a config for a local (non-Docker) nginx from nginx/nginx.conf.
#
#   scripts/nginx-local-conf.sh --listen 127.0.0.1:PORT --upstream 127.0.0.1:P1 [--upstream ...]
#                               --work DIR [--conf nginx/nginx.conf] > local.conf
#
# Only the lines marked "# @local" change: the Docker DNS resolver goes, the `server api:8080
# resolve` line becomes one server line per --upstream, nginx listens on --listen, logs and
# temporary files go under --work. Everything else (timeouts, buffering, WebSocket, headers)
# is the production config itself. Start with: nginx -p DIR -c local.conf -g "pid DIR/nginx.pid;"
set -euo pipefail

die() { echo "nginx-local-conf: $*" >&2; exit 2; }

conf="$(cd "$(dirname "$0")/.." && pwd)/nginx/nginx.conf"
listen="" work="" upstreams=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --listen) listen=${2:?--listen needs HOST:PORT}; shift 2 ;;
    --upstream) upstreams+=("${2:?--upstream needs HOST:PORT}"); shift 2 ;;
    --work) work=${2:?--work needs a directory}; shift 2 ;;
    --conf) conf=${2:?--conf needs a file}; shift 2 ;;
    *) die "unknown option '$1'" ;;
  esac
done
[[ -n $listen ]] || die "--listen HOST:PORT is required"
[[ -n $work ]] || die "--work DIR is required"
(( ${#upstreams[@]} > 0 )) || die "at least one --upstream HOST:PORT is required"
[[ -r $conf ]] || die "cannot read $conf"
(( $(grep -c '# @local' "$conf") == 5 )) \
  || die "$conf must hold exactly 5 lines marked '# @local' (resolver, 2 logs, server, listen)"

servers=""
for u in "${upstreams[@]}"; do
  [[ $u =~ ^[A-Za-z0-9.:-]+:[0-9]+$ ]] || die "--upstream must be HOST:PORT, got '$u'"
  servers+="    server $u max_fails=3 fail_timeout=5s;\\n"
done
mkdir -p "$work"
chmod a+rx "$work"   # nginx workers (nobody when started as root) create temp files below it

sed -E \
  -e '/^[[:space:]]*resolver .*# @local$/d' \
  -e "s#^([[:space:]]*)access_log [^ ]+ (.*;)[[:space:]]*\# @local\$#\\1access_log $work/access.log \\2#" \
  -e "s#^([[:space:]]*)error_log [^ ]+ (.*;)[[:space:]]*\# @local\$#\\1error_log $work/error.log \\2#" \
  -e "s#^[[:space:]]*server [^ ]+ resolve .*\# @local\$#${servers%\\n}#" \
  -e "s#^([[:space:]]*)listen [^;]+;.*\# @local\$#\\1listen $listen;#" \
  -e "s#^http \\{\$#http {\\n  client_body_temp_path $work/client_body;\\n  proxy_temp_path $work/proxy;\\n  fastcgi_temp_path $work/fastcgi;\\n  uwsgi_temp_path $work/uwsgi;\\n  scgi_temp_path $work/scgi;#" \
  "$conf"
