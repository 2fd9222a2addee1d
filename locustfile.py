# SPDX-License-Identifier: GPL-3.0-or-later
"""Load profiles for Earshot.

    locust -f locustfile.py --host http://127.0.0.1:8080                       # web UI
    locust -f locustfile.py --headless -u 50 -r 10 -t 2m --host http://127.0.0.1:8080
    locust -f locustfile.py --headless -u 20 -r 20 -t 30s StressUser           # one profile

User classes (weights when mixed):
  NormalUser (6)  a sensor or app: single predictions, now and then health, model-info, status
  PowerUser  (3)  an integrator: batches of 4-16 clips, base64 JSON predictions, metrics, models
  StressUser (1)  no think time: back-to-back single predictions and small batches
  JobWatcher      optional, EARSHOT_WS_WATCHERS=N: N WebSocket clients on /api/v1/ws/jobs
  RecordingUser   optional, EARSHOT_RECORDING_USERS=N: N field recorders posting long recordings
                  to /api/v1/analyses, one every 10-30 s (a recording over the server's
                  synchronous limit comes back as a job: its Location is polled until the result)
  StreamUser      optional, EARSHOT_STREAM_USERS=N: N live microphones on /api/v1/ws/stream,
                  16 kHz 16-bit PCM in 100 ms messages at real-time rate, 60 s per connection

Environment:
  EARSHOT_HOST       default host when --host is not given (http://127.0.0.1:8080)
  EARSHOT_CLIPS      folder searched recursively for clips (default: demo-data)
  EARSHOT_MAX_CLIPS  clips kept in memory (default 200, spread evenly over the folder)
  EARSHOT_API_KEY    sent as X-API-Key (needed when predictions are closed by config)
  EARSHOT_WS_WATCHERS  number of JobWatcher users (default 0: none)
  EARSHOT_RECORDING_USERS  number of RecordingUser users (default 0: none)
  EARSHOT_RECORDING  a long recording for RecordingUser (default: 120 s of tone bursts and silence)
  EARSHOT_STREAM_USERS  number of StreamUser users (default 0: none)

Every non-2xx answer counts as a failure, 503 (queue full, load shed) included, and a
prediction must carry predicted_class: a fast wrong answer is not a success.
"""
import base64
import io
import json
import math
import os
import random
import struct
import time
import wave
from functools import lru_cache
from pathlib import Path

from locust import HttpUser, User, between, constant, events, task

CLIP_SUFFIXES = {".wav", ".mp3", ".flac", ".ogg"}
MIME = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".flac": "audio/flac", ".ogg": "audio/ogg"}


def _wav(samples, rate):
    """16-bit mono WAV bytes of integer samples."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()


def _synthetic_clip():
    """A 1 s 440 Hz tone, so the profiles still run when no clip folder exists."""
    rate = 16000
    return ("tone-440.wav", _wav([int(8000 * math.sin(2 * math.pi * 440 * i / rate))
                                  for i in range(rate)], rate))


@lru_cache(maxsize=1)
def recording():
    """(filename, bytes) of the recording RecordingUser posts, read or made once per process."""
    path = os.environ.get("EARSHOT_RECORDING")
    if path:
        return (Path(path).name, Path(path).read_bytes())
    rate, seconds = 16000, 120
    rng = random.Random(15)
    samples = [0] * (rate * seconds)
    start = 2.0
    while start < seconds - 4:  # a 1-3 s tone burst every 4-10 s, silence between
        length, hz = rng.uniform(1, 3), rng.choice([440, 880, 1760, 3000])
        first = int(start * rate)
        for i in range(int(length * rate)):
            samples[first + i] = int(6000 * math.sin(2 * math.pi * hz * i / rate))
        start += length + rng.uniform(4, 10)
    return ("recording-120s.wav", _wav(samples, rate))


@lru_cache(maxsize=1)
def clips():
    """(filename, bytes) pairs read once per process from EARSHOT_CLIPS."""
    folder = Path(os.environ.get("EARSHOT_CLIPS", "demo-data"))
    limit = int(os.environ.get("EARSHOT_MAX_CLIPS", "200"))
    found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in CLIP_SUFFIXES) \
        if folder.is_dir() else []
    if not found:
        print(f"locustfile: no clips under {folder}; using a synthetic tone")
        return [_synthetic_clip()]
    step = max(1, len(found) // limit)
    return [(p.name, p.read_bytes()) for p in found[::step][:limit]]


def _api_key_headers():
    key = os.environ.get("EARSHOT_API_KEY")
    return {"X-API-Key": key} if key else {}


class EarshotUser(HttpUser):
    abstract = True
    host = os.environ.get("EARSHOT_HOST", "http://127.0.0.1:8080")

    def on_start(self):
        self.client.headers.update(_api_key_headers())

    # --- checks ------------------------------------------------------------------------------

    @staticmethod
    def _expect_json(response, *keys):
        if response.status_code // 100 != 2:
            response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
            return None
        try:
            body = response.json()
        except ValueError:
            response.failure("answer is not JSON")
            return None
        missing = [k for k in keys if not (isinstance(body, dict) and k in body)]
        if missing:
            response.failure(f"answer lacks {missing}")
            return None
        response.success()
        return body

    # --- requests ----------------------------------------------------------------------------

    def health(self):
        with self.client.get("/api/v1/health", catch_response=True) as r:
            self._expect_json(r, "status")

    def model_info(self):
        with self.client.get("/api/v1/model-info", catch_response=True) as r:
            self._expect_json(r)

    def model_metrics(self):
        with self.client.get("/api/v1/model-metrics", catch_response=True) as r:
            self._expect_json(r)

    def models(self):
        with self.client.get("/api/v1/models", catch_response=True) as r:
            self._expect_json(r)

    def train_status(self):
        # No job yet is a legitimate answer (404 problem), not a failure of the service.
        with self.client.get("/api/v1/train-status", catch_response=True) as r:
            if r.status_code == 404:
                r.success()
            else:
                self._expect_json(r)

    def predict_single(self):
        name, data = random.choice(clips())
        files = {"file": (name, data, MIME.get(Path(name).suffix.lower(), "application/octet-stream"))}
        with self.client.post("/api/v1/predictions/single", files=files,
                              name="/api/v1/predictions/single [multipart]", catch_response=True) as r:
            self._expect_json(r, "predicted_class", "probabilities")

    def predict_base64(self):
        name, data = random.choice(clips())
        payload = {"audio_base64": base64.b64encode(data).decode("ascii"), "filename": name}
        with self.client.post("/api/v1/predictions/single", json=payload,
                              name="/api/v1/predictions/single [base64]", catch_response=True) as r:
            self._expect_json(r, "predicted_class")

    def predict_batch(self, low, high):
        chosen = random.sample(clips(), k=min(len(clips()), random.randint(low, high)))
        files = [("files", (n, d, MIME.get(Path(n).suffix.lower(), "application/octet-stream")))
                 for n, d in chosen]
        with self.client.post("/api/v1/predictions/batch", files=files,
                              name="/api/v1/predictions/batch", catch_response=True) as r:
            body = self._expect_json(r, "results")
            if body is None:
                return
            results = body["results"]
            errors = [item for item in results if isinstance(item, dict) and item.get("error")]
            if len(results) != len(chosen):
                r.failure(f"{len(chosen)} clips sent, {len(results)} results")
            elif errors:
                r.failure(f"{len(errors)} of {len(chosen)} clips failed: {errors[0]['error']}")


class NormalUser(EarshotUser):
    weight = 6
    wait_time = between(1, 3)

    @task(6)
    def single(self):
        self.predict_single()

    @task(1)
    def check_health(self):
        self.health()

    @task(1)
    def info(self):
        self.model_info()

    @task(1)
    def status(self):
        self.train_status()


class PowerUser(EarshotUser):
    weight = 3
    wait_time = between(0.5, 1.5)

    @task(3)
    def batch(self):
        self.predict_batch(4, 16)

    @task(2)
    def single(self):
        self.predict_single()

    @task(1)
    def base64_single(self):
        self.predict_base64()

    @task(1)
    def metrics(self):
        self.model_metrics()

    @task(1)
    def versions(self):
        self.models()

    @task(1)
    def status(self):
        self.train_status()


class StressUser(EarshotUser):
    weight = 1
    wait_time = constant(0)

    @task(8)
    def single(self):
        self.predict_single()

    @task(1)
    def small_batch(self):
        self.predict_batch(2, 4)

    @task(1)
    def check_health(self):
        self.health()


_RECORDERS = int(os.environ.get("EARSHOT_RECORDING_USERS", "0"))

if _RECORDERS > 0:

    class RecordingUser(EarshotUser):
        """A field recorder uploading what it heard: one long recording every 10-30 s."""
        fixed_count = _RECORDERS
        wait_time = between(10, 30)

        @task
        def analyze(self):
            name, data = recording()
            files = {"file": (name, data, MIME.get(Path(name).suffix.lower(), "application/octet-stream"))}
            with self.client.post("/api/v1/analyses?window_s=3", files=files,
                                  name="/api/v1/analyses", catch_response=True) as r:
                if r.status_code == 202:  # longer than analysis_sync_max_seconds: a job
                    location = r.headers.get("Location")
                    if self._expect_json(r, "job_id") is not None:
                        self._await_result(location)
                    return
                body = self._expect_json(r, "segments", "events", "duration_s")
                if body is not None and not body["segments"]:
                    r.failure("a recording came back without windows")

        def _await_result(self, location, timeout_s=600):
            """Polls an analysis job's Location until its result (200), as a client would."""
            deadline = time.time() + timeout_s
            while time.time() < deadline:
                with self.client.get(location, name="/api/v1/analyses/{id}", catch_response=True) as r:
                    if r.status_code == 202:
                        r.success()
                        wait = float(r.headers.get("Retry-After", "2"))
                    else:
                        body = self._expect_json(r, "segments", "events")
                        if body is not None and not body["segments"]:
                            r.failure("an analysis job's result has no windows")
                        return
                time.sleep(wait)  # cooperative: locust patches time.sleep with gevent
            events.request.fire(request_type="GET", name="/api/v1/analyses/{id}", response_time=timeout_s * 1000,
                                response_length=0, exception=TimeoutError(f"{location}: no result"), context={})


_STREAMERS = int(os.environ.get("EARSHOT_STREAM_USERS", "0"))

if _STREAMERS > 0:
    import websocket  # websocket-client (Debian: python3-websocket)

    class StreamUser(User):
        """A live microphone: streams the recording's PCM at real-time rate, 60 s per connection.

        Each window answer counts as a request (its time is from the end of the window's audio
        to the answer); an overrun or error message, or a close other than the normal one, is a
        failure.
        """
        fixed_count = _STREAMERS
        host = EarshotUser.host
        wait_time = constant(1)

        def _report(self, name, started, length=0, error=None):
            events.request.fire(request_type="WS", name=name, response_time=(time.time() - started) * 1000,
                                response_length=length, exception=error, context={})

        @task
        def stream(self):
            _, data = recording()
            with wave.open(io.BytesIO(data)) as w:
                rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
                pcm = w.readframes(min(w.getnframes(), 60 * rate))
            if width != 2:
                raise RuntimeError("StreamUser needs a 16-bit WAV recording")
            url = (self.host.replace("http", "ws", 1).rstrip("/") +
                   f"/api/v1/ws/stream?sample_rate={rate}&channels={channels}&encoding=pcm_s16le&window_s=3")
            started = time.time()
            try:
                ws = websocket.create_connection(url, timeout=10,
                                                 header=[f"{k}: {v}" for k, v in _api_key_headers().items()])
            except Exception as error:
                self._report("/api/v1/ws/stream [connect]", started, error=error)
                return
            self._report("/api/v1/ws/stream [connect]", started)
            step = rate // 10 * channels * 2  # 100 ms of frames
            began = time.time()
            ws.settimeout(0.01)
            try:
                for offset in range(0, len(pcm), step):
                    ws.send_binary(pcm[offset:offset + step])
                    self._drain(ws, began)
                    lag = began + (offset + step) / (rate * channels * 2) - time.time()
                    if lag > 0:
                        time.sleep(lag)  # real time: the next 100 ms is not recorded yet
                ws.send("end")
                ws.settimeout(10)
                self._drain(ws, began, until_closed=True)
            except websocket.WebSocketException as error:
                self._report("/api/v1/ws/stream [closed]", started, error=error)
            finally:
                ws.close()

        def _drain(self, ws, began, until_closed=False):
            """Reports what has arrived; after "end", everything until the server closes."""
            while True:
                try:
                    message = ws.recv()
                except websocket.WebSocketTimeoutException:
                    if until_closed:
                        raise
                    return
                except websocket.WebSocketConnectionClosedException:
                    return
                if not message:
                    return  # closed
                event = json.loads(message)
                kind = event.get("type", "?")
                if kind == "segment":
                    self._report("/api/v1/ws/stream [segment]", began + event["end_s"], len(message))
                elif kind == "event":
                    self._report("/api/v1/ws/stream [event]", time.time(), len(message))
                else:
                    self._report(f"/api/v1/ws/stream [{kind}]", time.time(), len(message),
                                 error=RuntimeError(event.get("detail", kind)))


_WATCHERS = int(os.environ.get("EARSHOT_WS_WATCHERS", "0"))

if _WATCHERS > 0:
    import websocket  # websocket-client (Debian: python3-websocket)

    class JobWatcher(User):
        """Holds a WebSocket on /api/v1/ws/jobs and reports each job event it receives."""
        fixed_count = _WATCHERS
        host = EarshotUser.host
        wait_time = constant(1)

        def _report(self, name, started, length=0, error=None):
            events.request.fire(request_type="WS", name=name, response_time=(time.time() - started) * 1000,
                                response_length=length, exception=error, context={})

        @task
        def watch(self):
            url = self.host.replace("http", "ws", 1).rstrip("/") + "/api/v1/ws/jobs"
            started = time.time()
            try:
                ws = websocket.create_connection(url, timeout=10, header=[f"{k}: {v}" for k, v in _api_key_headers().items()])
            except Exception as error:  # connection refused, bad handshake: both are failures
                self._report("/api/v1/ws/jobs [connect]", started, error=error)
                return
            self._report("/api/v1/ws/jobs [connect]", started)
            ws.settimeout(5)
            try:
                until = time.time() + 60
                while time.time() < until:
                    waited = time.time()
                    try:
                        message = ws.recv()
                    except websocket.WebSocketTimeoutException:
                        continue
                    kind = "?"
                    try:
                        event = json.loads(message)
                        kind = event.get("event") or event.get("type") or event.get("status") or "?"
                    except (ValueError, AttributeError):
                        pass
                    self._report(f"/api/v1/ws/jobs [{kind}]", waited, len(message))
            except websocket.WebSocketException as error:
                self._report("/api/v1/ws/jobs [closed]", started, error=error)
            finally:
                ws.close()
