#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator's side of scripts/soak.sh, and its checks.

    soak_driver.py run   --base URL --api-key KEY --clips DIR --work DIR --seconds N
                         [--instance URL ...]
    soak_driver.py check --work DIR --redis-port P --data-dir DIR --drain S
                         [--instance URL ...] [--prefix earshot:]

`run` does, through nginx, what an operator and a few integrations do, until N seconds have
passed, and writes what it did and what it got into WORK (one JSON line per request in
driver-requests.jsonl, one per accepted clip in uploads.jsonl, one per job in jobs.jsonl):
  - uploads of 1-3 new labelled clips every 4-10 s (each a copy of a demo clip with a few
    least-significant bits flipped, so every upload is a clip the server has not seen);
  - a retrain 12 s before each instance kill (--kill-every), so one is running when an instance
    dies, and one every 60-90 s between (two in five of those cancelled a few seconds after they
    were queued), each watched over WS /api/v1/ws/jobs/{id} (reconnecting when the socket drops,
    and polling GET /api/v1/jobs/{id}, as docs/JOBS.md tells clients to);
  - an activation of another registered model version every 40-60 s, then how long until every
    instance serves it;
  - a 5-minute recording posted to /api/v1/analyses 4 s before each kill and every 30-50 s
    between (over the soak's synchronous limit, so each is a job), watched like a retrain and its
    result fetched from its Location.
A client retries a 502 or 503 answer to an upload (an upload is idempotent by content).

`check` waits (at most --drain seconds) until every job in Redis has ended, then checks what the
soak promised and prints one JSON document: requests by status (nginx's access log), jobs by
final state (every job in `P jobs:index`), uploads accepted and found again (`P sample:<sha256>`
and the raw clip under DATA_DIR/clips), heap and file descriptors per instance (samples.csv),
the instances' model versions, and the violations. Exit status 1 when there is any.

Needs websocket-client (Debian: python3-websocket); everything else is the standard library.
"""
import argparse
import array
import csv
import glob
import io
import json
import math
import os
import random
import re
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import wave
from collections import Counter, defaultdict
from pathlib import Path

import websocket

TERMINAL = {"succeeded", "failed", "cancelled", "dead"}
LOCK = threading.Lock()


# --- HTTP --------------------------------------------------------------------------------------

class Client:
    """urllib with every request logged to driver-requests.jsonl."""

    def __init__(self, base, api_key, log_path):
        self.base = base.rstrip("/")
        self.api_key = api_key
        self.log = open(log_path, "a", buffering=1)

    def request(self, method, path, name, body=None, content_type=None, timeout=60, base=None,
                log=True):
        url = (base or self.base) + path
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        if self.api_key:
            request.add_header("X-API-Key", self.api_key)
        started = time.time()
        status, headers, payload, error = 0, {}, b"", None
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, headers, payload = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as e:
            status, headers, payload = e.code, dict(e.headers), e.read()
        except (OSError, ValueError) as e:
            error = f"{type(e).__name__}: {e}"
        if log:
            with LOCK:
                self.log.write(json.dumps({"t": started, "method": method, "name": name,
                                           "status": status, "error": error,
                                           "ms": round((time.time() - started) * 1000)}) + "\n")
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = None
        return status, headers, parsed

    def json(self, method, path, name, obj=None, **kw):
        body = None if obj is None else json.dumps(obj).encode()
        return self.request(method, path, name, body, "application/json" if body else None, **kw)


def multipart(fields, files):
    """(body, content type) of a multipart/form-data form: fields {name: value}, files [(field, name, bytes)]."""
    boundary = "soak" + uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode())
    for field, filename, data in files:
        out.write(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
                  f"filename=\"{filename}\"\r\nContent-Type: audio/wav\r\n\r\n".encode())
        out.write(data)
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


# --- audio -------------------------------------------------------------------------------------

def unique_copy(path, rng):
    """The clip at path with 16 random samples' lowest bit flipped: a new clip, the same sound."""
    with wave.open(str(path)) as w:
        params, frames = w.getparams(), w.readframes(w.getnframes())
    if params.sampwidth != 2:
        return path.read_bytes()
    samples = array.array("h", frames)
    for _ in range(16):
        i = rng.randrange(len(samples))
        samples[i] ^= 1
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setparams(params)
        w.writeframes(samples.tobytes())
    return out.getvalue()


def recording(seconds=300, rate=16000, seed=3):
    """A recording of tone bursts over quiet noise, 16 kHz mono 16-bit."""
    rng = random.Random(seed)
    samples = array.array("h", (rng.randint(-40, 40) for _ in range(rate * seconds)))
    start = 1.0
    while start < seconds - 4:
        length, hz = rng.uniform(1, 3), rng.choice([440, 880, 1760, 3000])
        first = int(start * rate)
        step = 2 * math.pi * hz / rate
        for i in range(int(length * rate)):
            samples[first + i] = int(6000 * math.sin(step * i))
        start += length + rng.uniform(3, 8)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return out.getvalue()


# --- run ---------------------------------------------------------------------------------------

class Soak:
    def __init__(self, args):
        self.args = args
        self.work = Path(args.work)
        self.client = Client(args.base, args.api_key, self.work / "driver-requests.jsonl")
        self.started = time.time()
        self.deadline = self.started + args.seconds
        self.watch_deadline = self.deadline + args.watch_grace
        self.rng = random.Random(args.seed)
        self.uploads = open(self.work / "uploads.jsonl", "a", buffering=1)
        self.jobs = open(self.work / "jobs.jsonl", "a", buffering=1)
        self.activations = open(self.work / "activations.jsonl", "a", buffering=1)
        self.classes = {}
        for folder in sorted(Path(args.clips).iterdir()):
            files = sorted(folder.glob("*.wav"))
            if folder.is_dir() and files:
                self.classes[folder.name] = files
        if not self.classes:
            sys.exit(f"soak_driver: no class folders with WAV clips under {args.clips}")
        self.watchers = []

    def sleep_until(self, seconds):
        """Sleeps, or returns False when the run is over first."""
        until = time.time() + seconds
        while time.time() < until:
            if time.time() >= self.deadline:
                return False
            time.sleep(min(0.5, until - time.time()))
        return time.time() < self.deadline

    def write(self, stream, record):
        with LOCK:
            stream.write(json.dumps(record) + "\n")

    # uploads -----------------------------------------------------------------------------------

    def upload(self, label, clips, initial=False):
        body, ctype = multipart({"label": label}, [("files", name, data) for name, data in clips])
        for attempt in range(1, 4):
            status, _, reply = self.client.request("POST", "/api/v1/upload-data",
                                                   "POST /api/v1/upload-data", body, ctype, timeout=300)
            if status == 200 and isinstance(reply, dict):
                for item in reply.get("accepted", []):
                    self.write(self.uploads, {"t": time.time(), "sha256": item.get("sha256"),
                                              "label": label, "duplicate": item.get("duplicate"),
                                              "attempt": attempt, "initial": initial})
                for item in reply.get("rejected", []):
                    self.write(self.uploads, {"t": time.time(), "rejected": item, "label": label,
                                              "attempt": attempt, "initial": initial})
                return True
            if status not in (0, 502, 503, 504):
                self.write(self.uploads, {"t": time.time(), "refused": status, "label": label,
                                          "files": len(clips), "reply": reply})
                return False
            time.sleep(2)  # a client retries what the balancer or a busy server turned away
        self.write(self.uploads, {"t": time.time(), "gave_up": status, "label": label, "files": len(clips)})
        return False

    def seed(self):
        """Every demo clip, in uploads of 8, before the load starts."""
        for label, files in self.classes.items():
            for i in range(0, len(files), 8):
                self.upload(label, [(f.name, f.read_bytes()) for f in files[i:i + 8]], initial=True)

    def uploader(self):
        n = 0
        while self.sleep_until(self.rng.uniform(4, 10)):
            label = self.rng.choice(sorted(self.classes))
            chosen = self.rng.sample(self.classes[label], k=min(3, self.rng.randint(1, 3)))
            clips = []
            for f in chosen:
                n += 1
                clips.append((f"soak-{n}-{f.name}", unique_copy(f, self.rng)))
            self.upload(label, clips)

    # jobs --------------------------------------------------------------------------------------

    def job_submitted(self, kind, job_id, extra=None):
        self.write(self.jobs, {"t": time.time(), "kind": kind, "job_id": job_id, **(extra or {})})

    def watch(self, kind, job_id, result_path=None):
        thread = threading.Thread(target=self._watch, args=(kind, job_id, result_path), daemon=True)
        thread.start()
        self.watchers.append(thread)

    def _watch(self, kind, job_id, result_path):
        """Follows a job over its WebSocket (reconnecting) and by polling, until it ends."""
        ws_url = self.client.base.replace("http", "ws", 1) + f"/api/v1/ws/jobs/{job_id}"
        outcome = {"t": time.time(), "kind": kind, "job_id": job_id, "watched": True,
                   "ws_connects": 0, "ws_connect_failures": 0, "ws_drops": 0, "events": Counter(),
                   "end_seen_on": None, "status": None}
        ws, next_poll = None, time.time() + 10
        while time.time() < self.watch_deadline and outcome["end_seen_on"] is None:
            if ws is None:
                try:
                    ws = websocket.create_connection(ws_url, timeout=10,
                                                     header=[f"X-API-Key: {self.client.api_key}"])
                    outcome["ws_connects"] += 1
                    ws.settimeout(2)
                except Exception:  # refused, bad handshake: both mean try again shortly
                    outcome["ws_connect_failures"] += 1
                    time.sleep(1)
            if ws is not None:
                try:
                    message = json.loads(ws.recv())
                    kind_seen = message.get("type", "?")
                    outcome["events"][kind_seen] += 1
                    status = (message.get("job") or {}).get("status") or message.get("status")
                    ended = kind_seen in ("finished", "cancelled", "dead") or \
                        (kind_seen == "failed" and not message.get("will_retry"))
                    if ended or (kind_seen == "snapshot" and status in TERMINAL):
                        outcome["end_seen_on"], outcome["status"] = "websocket", status or kind_seen
                except websocket.WebSocketTimeoutException:
                    pass
                except Exception:
                    outcome["ws_drops"] += 1
                    ws = None
            if outcome["end_seen_on"] is None and time.time() >= next_poll:
                next_poll = time.time() + 10
                status, _, job = self.client.request("GET", f"/api/v1/jobs/{job_id}", "GET /api/v1/jobs/{id}")
                if status == 200 and isinstance(job, dict) and job.get("status") in TERMINAL:
                    outcome["end_seen_on"], outcome["status"] = "poll", job["status"]
        if ws is not None:
            ws.close()
        if result_path:
            outcome["result_status"] = self.fetch_result(result_path)
        outcome["events"] = dict(outcome["events"])
        outcome["followed_s"] = round(time.time() - outcome["t"], 1)
        self.write(self.jobs, outcome)

    def fetch_result(self, path):
        """The analysis result's status: 200 (result), 409 (ended without one), else the last seen."""
        status = 0
        until = self.watch_deadline
        while time.time() < until:
            status, _, _ = self.client.request("GET", path, "GET /api/v1/analyses/{id}")
            if status not in (0, 202, 502, 503):
                return status
            time.sleep(2)
        return status

    def plan(self, lead, between, jitter):
        """Offsets (s after the start) for a job kind: `lead` s before each instance kill, so the
        job is running when its instance may die, and every `between` s (+- jitter) otherwise."""
        kills = []
        if self.args.kill_every > 0:
            kills = [t - lead for t in range(int(self.args.kill_every), int(self.args.seconds),
                                             int(self.args.kill_every))]
        offsets, t = [], 20.0
        while t < self.args.seconds:
            if all(abs(t - k) > 15 for k in kills):
                offsets.append((t, False))
            t += between + self.rng.uniform(-jitter, jitter)
        return sorted(offsets + [(k, True) for k in kills if k > 5])

    def at(self, offset):
        """Sleeps until offset s after the start; False when the run is over first."""
        return self.sleep_until(self.started + offset - time.time())

    def trainer(self):
        for offset, before_kill in self.plan(12, 75, 15):
            if not self.at(offset):
                return
            status, headers, reply = self.client.json("POST", "/api/v1/retrain", "POST /api/v1/retrain", {})
            if status != 202 or not isinstance(reply, dict):
                continue
            job_id = reply["job_id"]
            cancel = not before_kill and self.rng.random() < 0.4
            self.job_submitted("retrain", job_id, {"cancel": cancel, "before_kill": before_kill})
            self.watch("retrain", job_id)
            if cancel and self.sleep_until(self.rng.uniform(2, 8)):
                self.client.request("DELETE", f"/api/v1/jobs/{job_id}", "DELETE /api/v1/jobs/{id}")

    def analyst(self):
        audio = recording()
        for offset, before_kill in self.plan(4, 40, 10):
            if not self.at(offset):
                return
            body, ctype = multipart({}, [("file", "soak-recording-300s.wav", audio)])
            status, headers, reply = self.client.request("POST", "/api/v1/analyses?window_s=3",
                                                         "POST /api/v1/analyses", body, ctype, timeout=300)
            if status == 202 and isinstance(reply, dict):
                self.job_submitted("analysis", reply["job_id"], {"before_kill": before_kill})
                self.watch("analysis", reply["job_id"], headers.get("Location"))

    def activator(self):
        while self.sleep_until(self.rng.uniform(40, 60)):
            status, _, reply = self.client.request("GET", "/api/v1/models", "GET /api/v1/models")
            if status != 200:
                continue
            versions = [str(v["version"]) for v in reply.get("versions", [])]
            others = [v for v in versions if v != str(reply.get("active"))]
            if not others:
                continue
            version = self.rng.choice(others)
            started = time.time()
            status, _, _ = self.client.json("POST", f"/api/v1/models/{version}/activate",
                                            "POST /api/v1/models/{version}/activate", {})
            record = {"t": started, "version": version, "status": status}
            if status == 200:
                record.update(self.await_everywhere(version, 10))
                record["ms"] = round((time.time() - started) * 1000)
            self.write(self.activations, record)

    def await_everywhere(self, version, seconds):
        until = time.time() + seconds
        while True:
            seen = instance_versions(self.client, self.args.instance)
            live = {k: v for k, v in seen.items() if v != "down"}
            if (live and all(v == version for v in live.values())) or time.time() >= until:
                return {"seen": seen, "converged": bool(live) and all(v == version for v in live.values())}
            time.sleep(0.1)

    def run(self):
        if self.args.seed_uploads:
            self.seed()
        threads = [threading.Thread(target=t, daemon=True) for t in
                   (self.uploader, self.trainer, self.activator, self.analyst)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for t in list(self.watchers):
            t.join(max(0, self.watch_deadline - time.time()) + 5)


def instance_versions(client, instances):
    seen = {}
    for url in instances:
        status, _, body = client.request("GET", "/api/v1/health", "health (direct)", base=url.rstrip("/"),
                                         timeout=3, log=False)
        seen[url] = str(body.get("model_version")) if status == 200 and isinstance(body, dict) else "down"
    return seen


# --- check -------------------------------------------------------------------------------------

class Redis:
    """Just enough RESP for the checks."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.file = self.sock.makefile("rb")

    def call(self, *args):
        out = f"*{len(args)}\r\n".encode()
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += f"${len(a)}\r\n".encode() + a + b"\r\n"
        self.sock.sendall(out)
        return self._read()

    def _read(self):
        line = self.file.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.file.read(n + 2)[:-2]
            return data.decode(errors="replace")
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read() for _ in range(n)]
        raise RuntimeError(f"unexpected reply {line!r}")


def read_jsonl(path):
    if not Path(path).exists():
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def jobs_in_redis(redis, prefix):
    jobs = {}
    for job_id in redis.call("ZRANGE", f"{prefix}jobs:index", 0, -1) or []:
        fields = redis.call("HMGET", f"{prefix}job:{job_id}", "type", "status", "attempts", "error", "lane")
        jobs[job_id] = dict(zip(("type", "status", "attempts", "error", "lane"), fields))
    return jobs


def drain(redis, prefix, seconds):
    until = time.time() + seconds
    started = time.time()
    while True:
        jobs = jobs_in_redis(redis, prefix)
        open_jobs = {k: v for k, v in jobs.items() if (v["status"] or "").lower() not in TERMINAL}
        if not open_jobs or time.time() >= until:
            return jobs, open_jobs, round(time.time() - started, 1)
        time.sleep(2)


LOG_LINE = re.compile(r'^(?P<t>[\d.]+) \S+ "(?P<method>\S+) (?P<path>\S+)[^"]*" (?P<status>\d{3}) .*?'
                      r'upstream=(?P<upstream>.*?) urt=(?P<urt>.*?) rid=(?P<rid>\S*)')


def route_of(path):
    path = path.split("?", 1)[0]
    path = re.sub(r"/api/v1/(jobs|analyses|ws/jobs)/[^/]+", r"/api/v1/\1/{id}", path)
    return re.sub(r"/api/v1/models/[^/]+/activate", "/api/v1/models/{version}/activate", path)


def nginx_statuses(access_log):
    by_status, by_route, bad = Counter(), defaultdict(Counter), []
    for line in open(access_log, errors="replace"):
        m = LOG_LINE.match(line)
        if not m:
            continue
        status = int(m["status"])
        route = f'{m["method"]} {route_of(m["path"])}'
        by_status[status] += 1
        by_route[route][status] += 1
        if status >= 500 and status != 503:
            bad.append({"t": float(m["t"]), "request": f'{m["method"]} {m["path"]}', "status": status,
                        "upstream": m["upstream"], "upstream_time": m["urt"], "request_id": m["rid"]})
    return by_status, by_route, bad


def resource_samples(path):
    """Per instance and process: heap, live heap after GC, file descriptors."""
    lives = defaultdict(list)
    if not Path(path).exists():
        return {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["heap_bytes"] and row["fds"]:
                lives[(row["instance"], row["pid"])].append(row)
    report = defaultdict(lambda: {"heap_peak_mb": 0, "fds_peak": 0, "processes": 0, "samples": 0,
                                  "growing": []})
    for (instance, pid), rows in lives.items():
        r = report[instance]
        heaps = [int(float(x["heap_bytes"])) for x in rows]
        fds = [int(x["fds"]) for x in rows]
        r["processes"] += 1
        r["samples"] += len(rows)
        times = [int(x["t"]) for x in rows]
        r["first_t"] = min(r.get("first_t", times[0]), times[0])
        r["last_t"] = max(r.get("last_t", times[-1]), times[-1])
        r["heap_peak_mb"] = max(r["heap_peak_mb"], round(max(heaps) / 2**20))
        r["fds_peak"] = max(r["fds_peak"], max(fds))
        r.setdefault("heap_max_mb", round(float(rows[0]["heap_max_bytes"] or 0) / 2**20))
        # The live heap after collection, not the heap in use: G1 leaves old garbage in place until
        # its first concurrent cycle, so a young process's used-heap floor climbs with no leak.
        live = [int(float(x["live_bytes"])) for x in rows if x.get("live_bytes") and float(x["live_bytes"]) > 0]
        heap_level = (("live heap MiB", [v / 2**20 for v in live], min) if len(live) >= len(rows) // 2
                      else ("heap MiB", [v / 2**20 for v in heaps], min))
        for name, values, floor in (heap_level, ("fds", fds, statistics.median)):
            trend = growth(values, floor)
            if trend:
                r["growing"].append(f"{name} of pid {pid}: {trend}")
    return dict(report)


def growth(values, level):
    """A description when a process's level (after a warm-up quarter) rose in each third, else None.
    Rising means by more than a quarter and 8 units (MiB of heap, descriptors) in all."""
    if len(values) < 16:
        return None
    rest = values[len(values) // 4:]
    k = len(rest) // 3
    parts = [level(rest[:k]), level(rest[k:2 * k]), level(rest[2 * k:])]
    if parts[0] < parts[1] < parts[2] and parts[2] > 1.25 * parts[0] + 8:
        return " -> ".join(str(round(p)) for p in parts)
    return None


def check(args):
    work = Path(args.work)
    redis = Redis(args.redis_port)
    prefix = args.prefix
    violations = []

    jobs, open_jobs, drained_s = drain(redis, prefix, args.drain)
    for job_id, job in open_jobs.items():
        violations.append(f"job {job_id} ({job['type']}) still {job['status']} after a {args.drain:.0f} s drain")
    submitted = [j for j in read_jsonl(work / "jobs.jsonl") if not j.get("watched")]
    watched = {j["job_id"]: j for j in read_jsonl(work / "jobs.jsonl") if j.get("watched")}
    for j in submitted:
        if j["job_id"] not in jobs:
            violations.append(f"{j['kind']} job {j['job_id']} was accepted (202) but is not in Redis")
    by_state = defaultdict(Counter)
    for job in jobs.values():
        by_state[job["type"] or "?"][(job["status"] or "?").lower()] += 1
    attempts = Counter(int(j["attempts"] or 0) for j in jobs.values())

    uploads = read_jsonl(work / "uploads.jsonl")
    accepted = {u["sha256"]: u for u in uploads if u.get("sha256")}
    rejected = [u for u in uploads if u.get("rejected")]
    refused = [u for u in uploads if u.get("refused") or u.get("gave_up")]
    missing, no_raw = [], []
    for sha, u in accepted.items():
        if not redis.call("EXISTS", f"{prefix}sample:{sha}"):
            missing.append(sha)
        if not glob.glob(os.path.join(args.data_dir, "clips", "*", sha + ".*")):
            no_raw.append(sha)
    for sha in missing:
        violations.append(f"accepted upload {sha} is not in the feature store")
    counts = redis.call("HGETALL", f"{prefix}samples:counts") or []
    dataset_total = sum(int(counts[i + 1]) for i in range(0, len(counts), 2))

    by_status, by_route, bad = nginx_statuses(work / "nginx" / "access.log")
    for b in bad:
        violations.append(f"{b['status']} for {b['request']} (upstream {b['upstream']}, "
                          f"request id {b['request_id']})")

    resources = resource_samples(work / "samples.csv")
    for instance, r in resources.items():
        for g in r["growing"]:
            violations.append(f"instance {instance}: {g} (monotone growth)")

    seen = instance_versions(Client("http://127.0.0.1", "", os.devnull), args.instance)
    active = redis.call("GET", f"{prefix}models:active")
    if any(v != str(active) for v in seen.values()):
        violations.append(f"instances serve {seen}, the registry's active version is {active}")

    faults = work / "fault-violations.txt"
    if faults.exists():
        violations.extend(line.strip() for line in open(faults) if line.strip())

    activations = read_jsonl(work / "activations.jsonl")
    driver = read_jsonl(work / "driver-requests.jsonl")
    summary = {
        "violations": violations,
        "drained_s": drained_s,
        "requests_by_status": dict(sorted(by_status.items())),
        "requests_by_route": {r: dict(sorted(c.items())) for r, c in sorted(by_route.items())},
        "bad_5xx": bad,
        "jobs_by_state": {t: dict(c) for t, c in sorted(by_state.items())},
        "jobs_total": len(jobs),
        "job_attempts": dict(sorted(attempts.items())),
        "open_jobs": open_jobs,
        "jobs_submitted_by_driver": Counter(j["kind"] for j in submitted),
        "jobs_cancel_requested": sum(1 for j in submitted if j.get("cancel")),
        "watched": {
            "jobs": len(watched),
            "end_seen_on": dict(Counter(str(w.get("end_seen_on")) for w in watched.values())),
            "ws_drops": sum(w["ws_drops"] for w in watched.values()),
            "ws_connect_failures": sum(w["ws_connect_failures"] for w in watched.values()),
            "analysis_results": dict(Counter(str(w.get("result_status")) for w in watched.values()
                                             if w["kind"] == "analysis")),
        },
        "uploads": {
            "requests_ok": len({(u["t"]) for u in uploads if u.get("sha256") or u.get("rejected")}),
            "accepted_clips": len(accepted),
            "accepted_new": sum(1 for u in accepted.values() if not u.get("duplicate")),
            "rejected_clips": len(rejected),
            "rejected_reasons": dict(Counter(u["rejected"].get("reason", "?") for u in rejected)),
            "refused_requests": len(refused),
            "refused": refused[:10],
            "found": len(accepted) - len(missing),
            "missing": missing,
            "raw_clip_missing": no_raw,
            "dataset_total": dataset_total,
        },
        "activations": {
            "requests": len(activations),
            "by_status": dict(Counter(a["status"] for a in activations)),
            "converged": sum(1 for a in activations if a.get("converged")),
            "max_ms": max((a["ms"] for a in activations if a.get("converged")), default=None),
        },
        "driver_requests": dict(Counter(f'{d["name"]} {d["status"] or d["error"].split(":")[0]}' for d in driver)),
        "resources": resources,
        "final_versions": seen,
        "active_version": active,
        "redis_keys": redis.call("DBSIZE"),
    }
    print(json.dumps(summary, indent=1, sort_keys=True, default=dict))
    return 1 if violations else 0


# --- report ------------------------------------------------------------------------------------

BEGIN, END = "<!-- soak:begin -->", "<!-- soak:end -->"


def locust_rows(work):
    rows, failures = [], []
    stats = work / "locust_stats.csv"
    if stats.exists():
        with open(stats, newline="") as f:
            rows = list(csv.DictReader(f))
    fails = work / "locust_failures.csv"
    if fails.exists():
        with open(fails, newline="") as f:
            failures = list(csv.DictReader(f))
    return rows, failures


def cell(counter):
    return ", ".join(f"{k}: {v}" for k, v in sorted(counter.items(), key=lambda kv: str(kv[0]))) or "-"


def report(args):
    work = Path(args.work)
    c = json.load(open(work / "check.json"))
    events = [line.rstrip("\n").split(" ", 1) for line in open(work / "events.log") if line.strip()]
    loads = []
    with open(work / "samples.csv", newline="") as f:
        loads = [float(r["load1"]) for r in csv.DictReader(f) if r["load1"]]
    rows, failures = locust_rows(work)
    ok = not c["violations"]
    by_status = {int(k): v for k, v in c["requests_by_status"].items()}
    total = sum(by_status.values())
    bad = sum(v for k, v in by_status.items() if k >= 500 and k != 503)
    jobs_open = len(c["open_jobs"])
    up = c["uploads"]
    res = c["resources"]

    def verdict(good):
        return "pass" if good else "**FAIL**"

    lines = []
    add = lines.append
    add(f"Run of `{args.invocation}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(os.path.getmtime(work / 'check.json')))}"
        f": {os.cpu_count()} CPUs shared with other builds; load average during the soak "
        f"{min(loads, default=0):.1f}-{max(loads, default=0):.1f} (mean {statistics.fmean(loads) if loads else 0:.1f}).")
    add("")
    add("| check | result | figures |")
    add("|---|---|---|")
    add(f"| no 5xx other than 503 | {verdict(bad == 0)} | {total} requests through nginx; {cell(by_status)} |")
    add(f"| every job reached a final state | {verdict(jobs_open == 0 and not any('not in Redis' in v for v in c['violations']))} | "
        f"{c['jobs_total']} jobs; " + "; ".join(f"{t}: {cell(s)}" for t, s in c["jobs_by_state"].items())
        + f"; drained in {c['drained_s']} s |")
    add(f"| every accepted upload stored | {verdict(not up['missing'])} | {up['accepted_clips']} clips accepted "
        f"({up['accepted_new']} new), {up['found']} found in the feature store; raw clip on disk missing for "
        f"{len(up['raw_clip_missing'])}; {up['rejected_clips']} rejected, {up['refused_requests']} upload requests refused |")
    heap_ok = not any("heap" in g for r in res.values() for g in r["growing"])
    fds_ok = not any("fds" in g for r in res.values() for g in r["growing"])
    add(f"| heap bounded | {verdict(heap_ok)} | " + "; ".join(
        f"instance {i}: peak {r['heap_peak_mb']} MB of {r.get('heap_max_mb')} MB over {r['processes']} processes, "
        f"{r['samples']} samples in {r['last_t'] - r['first_t']} s"
        for i, r in sorted(res.items())) + " |")
    add(f"| file descriptors bounded | {verdict(fds_ok)} | " + "; ".join(
        f"instance {i}: peak {r['fds_peak']}" for i, r in sorted(res.items())) + " |")
    versions_ok = not any("registry's active version" in v for v in c["violations"])
    add(f"| instances serve the active model | {verdict(versions_ok)} | active {c['active_version']}; "
        + ", ".join(f"{k.rsplit(':', 1)[-1]}: {v}" for k, v in c["final_versions"].items()) + " |")
    add("")
    add("Requests through nginx by route and status:")
    add("")
    add("| route | statuses |")
    add("|---|---|")
    for route, statuses in c["requests_by_route"].items():
        add(f"| `{route}` | {cell(statuses)} |")
    add("")
    add("Timeline (seconds after the load started):")
    add("")
    for at, what in events:
        add(f"- {at} s: {what}")
    add("")
    w = c["watched"]
    add(f"Jobs: the driver queued {cell(c['jobs_submitted_by_driver'])} (cancel requested for "
        f"{c['jobs_cancel_requested']} retrains) and followed {w['jobs']} over `/api/v1/ws/jobs/{{id}}` "
        f"through nginx: end seen on {cell(w['end_seen_on'])}; {w['ws_drops']} sockets dropped "
        f"(instance killed), {w['ws_connect_failures']} reconnects refused; analysis results "
        f"{cell(w['analysis_results'])}. Attempts per job: {cell(c['job_attempts'])}.")
    a = c["activations"]
    add(f"Activations: {a['requests']} ({cell(a['by_status'])}); every live instance served the "
        f"activated version within 10 s for {a['converged']} (slowest {a['max_ms']} ms).")
    add("")
    if rows:
        add("Locust (predictions, job watchers, live stream; every non-2xx and every stream error is a failure):")
        add("")
        add("| request | count | failures | median ms | p95 ms |")
        add("|---|---:|---:|---:|---:|")
        for r in rows:
            add(f"| {r['Type']} {r['Name']} | {r['Request Count']} | {r['Failure Count']} | "
                f"{r['50%']} | {r['95%']} |")
        add("")
    if failures:
        add("Locust failures:")
        add("")
        for f in failures[:15]:
            add(f"- {f['Method']} {f['Name']} x{f['Occurrences']}: {f['Error'][:160]}")
        add("")
    if c["violations"]:
        add("Violations:")
        add("")
        for v in c["violations"][:40]:
            add(f"- {v}")
        if len(c["violations"]) > 40:
            add(f"- ... and {len(c['violations']) - 40} more")
    else:
        add("No violations.")
    fragment = "\n".join(lines)
    print(fragment)
    out = Path(args.out)
    text = out.read_text() if out.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + BEGIN + "\n" + fragment + "\n" + END + rest.split(END, 1)[1]
    else:
        text = (f"# Reliability\n\nWritten by `scripts/soak.sh`.\n\n{BEGIN}\n{fragment}\n{END}\n")
    out.write_text(text)
    print(f"soak: wrote {out}", file=sys.stderr)
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("--base", required=True)
    run.add_argument("--api-key", required=True)
    run.add_argument("--clips", required=True)
    run.add_argument("--work", required=True)
    run.add_argument("--seconds", type=float, required=True)
    run.add_argument("--watch-grace", type=float, default=120,
                     help="how long after the run watchers may still follow their jobs")
    run.add_argument("--instance", action="append", default=[])
    run.add_argument("--seed", type=int, default=18)
    run.add_argument("--kill-every", type=float, default=0,
                     help="seconds between instance kills: some jobs are queued just before each")
    run.add_argument("--seed-uploads", action="store_true", help="upload every clip first")
    chk = sub.add_parser("check")
    chk.add_argument("--work", required=True)
    chk.add_argument("--redis-port", type=int, required=True)
    chk.add_argument("--data-dir", required=True)
    chk.add_argument("--drain", type=float, default=180)
    chk.add_argument("--instance", action="append", default=[])
    chk.add_argument("--prefix", default="earshot:")
    rep = sub.add_parser("report")
    rep.add_argument("--work", required=True)
    rep.add_argument("--invocation", required=True)
    rep.add_argument("--users", type=int, default=0)
    rep.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.command == "run":
        Soak(args).run()
    elif args.command == "check":
        sys.exit(check(args))
    else:
        sys.exit(report(args))


if __name__ == "__main__":
    main()
