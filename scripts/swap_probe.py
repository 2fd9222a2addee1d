#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Retrain through the balancer and prove the new model reaches every instance.

    scripts/swap_probe.py --base http://127.0.0.1:8080 --instance http://127.0.0.1:9001 \
        --instance http://127.0.0.1:9002 --api-key KEY [--timeout 180] [--body '{}']

1. POST /api/v1/retrain (X-API-Key) through --base; expects 202 and a job id.
2. Watches ws://.../api/v1/ws/jobs/{id} through --base until a finished event (failed without
   a retry coming, cancelled or dead -> exit 1).
3. Takes the new model version from the finished event, else from GET /api/v1/jobs/{id}.
4. Polls GET /api/v1/health on every --instance until all report that model_version. If the
   candidate was not promoted (it scored worse than the active model), activates it with
   POST /api/v1/models/{version}/activate, as an operator would, and polls again.
Prints one JSON summary line; exit 0 only if every step held. Needs websocket-client
(Debian: python3-websocket). Every wait is bounded by --timeout.
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request

import websocket

FINISHED = {"finished", "succeeded", "completed", "done"}
FAILED = {"failed", "dead", "dead_letter", "cancelled", "canceled"}
VERSION_KEYS = ("model_version", "version", "candidate_version", "new_version")


def http(method, url, api_key=None, body=None, timeout=10):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if api_key:
        request.add_header("X-API-Key", api_key)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), _json(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), _json(error.read())


def _json(raw):
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode(errors="replace")


def find(obj, keys):
    """First value under any of keys, searching nested objects breadth-first."""
    queue = [obj]
    while queue:
        node = queue.pop(0)
        if isinstance(node, dict):
            for key in keys:
                if node.get(key) not in (None, ""):
                    return node[key]
            queue.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            queue.extend(node)
    return None


def event_kind(event):
    kind = find(event, ("event", "type", "status", "state")) if isinstance(event, dict) else None
    return str(kind).lower() if kind is not None else "?"


def watch_job(base, job_id, api_key, deadline):
    url = base.replace("http", "ws", 1).rstrip("/") + f"/api/v1/ws/jobs/{job_id}"
    ws = websocket.create_connection(url, timeout=10, header=[f"X-API-Key: {api_key}"] if api_key else None)
    events = []
    try:
        while time.time() < deadline:
            ws.settimeout(max(0.1, min(5.0, deadline - time.time())))
            try:
                raw = ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            event = _json(raw.encode() if isinstance(raw, str) else raw)
            events.append(event)
            kind = event_kind(event)
            retrying = isinstance(event, dict) and event.get("will_retry") is True
            if kind in FINISHED or (kind in FAILED and not retrying):
                return events, kind
        return events, "timeout"
    finally:
        ws.close()


def versions(instances):
    found = {}
    for instance in instances:
        try:
            _, _, body = http("GET", instance.rstrip("/") + "/api/v1/health", timeout=3)
            found[instance] = find(body, ("model_version",))
        except OSError as error:
            found[instance] = f"unreachable: {error}"
    return found


def await_version(instances, version, seconds):
    until = time.time() + seconds
    while True:
        seen = versions(instances)
        if all(str(v) == str(version) for v in seen.values()) or time.time() >= until:
            return seen
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--instance", action="append", required=True)
    parser.add_argument("--api-key", default="")
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--body", default="{}", help="retrain parameters as JSON")
    args = parser.parse_args()
    deadline = time.time() + args.timeout
    summary = {"before": versions(args.instance)}

    def fail(reason):
        summary["ok"] = False
        summary["reason"] = reason
        print(json.dumps(summary))
        sys.exit(1)

    status, headers, body = http("POST", args.base.rstrip("/") + "/api/v1/retrain", args.api_key,
                                 json.loads(args.body))
    job_id = find(body, ("job_id", "id"))
    if job_id is None and headers.get("Location"):
        job_id = headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    if status != 202 or job_id is None:
        fail(f"retrain answered {status} {body}")
    summary["job_id"] = job_id

    events, outcome = watch_job(args.base, job_id, args.api_key, deadline)
    kinds = [event_kind(e) for e in events]
    summary["ws_events"] = {k: kinds.count(k) for k in dict.fromkeys(kinds)}
    if outcome not in FINISHED:
        fail(f"job {job_id} ended as {outcome} on the WebSocket: {events[-1] if events else 'no events'}")
    finished_at = time.time()

    version = find(events[-1], VERSION_KEYS)
    if version is None:
        _, _, job = http("GET", args.base.rstrip("/") + f"/api/v1/jobs/{job_id}")
        version = find(job, VERSION_KEYS)
    if version is None:
        fail(f"job {job_id} finished but names no model version")
    summary["new_version"] = version

    # A candidate that scored worse than the active model is registered but not promoted
    # (result.promoted false); then it is activated as an operator would roll forward.
    promoted = find(events[-1], ("promoted",))
    wait = 0.0 if promoted is False else min(3.0, max(0.0, deadline - time.time()))
    seen = await_version(args.instance, version, wait)
    summary["activated_explicitly"] = False
    if not all(str(v) == str(version) for v in seen.values()):
        status, _, body = http("POST", args.base.rstrip("/") + f"/api/v1/models/{version}/activate",
                               args.api_key, {})
        if status // 100 != 2:
            fail(f"activating {version} answered {status} {body}")
        summary["activated_explicitly"] = True
        finished_at = time.time()
        seen = await_version(args.instance, version, min(10.0, max(0.0, deadline - time.time())))
    summary["after"] = seen
    summary["all_instances_ms"] = round((time.time() - finished_at) * 1000)
    if not all(str(v) == str(version) for v in seen.values()):
        fail(f"not every instance serves {version}")
    summary["ok"] = True
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
