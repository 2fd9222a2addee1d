#!/usr/bin/env python3
"""Event precision, recall and F1 of Earshot's recording analysis on a recording with known times.

  scripts/event-eval.py build SPLIT_DIR OUT.wav [--seconds 600] [--seed 11]
      Lays clips of SPLIT_DIR/<class>/*.wav (e.g. the test split of
      scripts/generate-demo-data.sh --split) end to end in seeded random order, 3-8 s apart, on
      -75 dBFS pink noise (quieter than the default silence floor, as a quiet field site), at
      22,050 Hz mono 16-bit; writes OUT.wav and OUT.truth.csv (label,start_s,end_s).
      Needs sox (to bring every clip to 22,050 Hz mono).

  scripts/event-eval.py score OUT.truth.csv ANALYSIS.json
      ANALYSIS.json is what `earshot analyze --format json` or POST /api/v1/analyses answers.
      A predicted event matches a true one when the labels agree and the times overlap (each
      true event matched at most once, in time order). Prints matched counts, precision,
      recall and F1.

Python standard library only (besides sox for build).
"""
import csv
import json
import random
import struct
import subprocess
import sys
import wave
from pathlib import Path

RATE = 22050
NOISE_DBFS = -75.0


def pink_noise(n, rng, dbfs):
    """Paul Kellet's economy pink filter over white noise, scaled to an RMS of dbfs."""
    b0 = b1 = b2 = 0.0
    out = []
    for _ in range(n):
        white = rng.uniform(-1.0, 1.0)
        b0 = 0.99765 * b0 + white * 0.0990460
        b1 = 0.96300 * b1 + white * 0.2965164
        b2 = 0.57000 * b2 + white * 1.0526913
        out.append(b0 + b1 + b2 + white * 0.1848)
    rms = (sum(v * v for v in out) / max(1, n)) ** 0.5 or 1.0
    gain = 10 ** (dbfs / 20) / rms
    return [v * gain for v in out]


def clip_samples(path):
    """The clip at 22,050 Hz mono as floats, through sox."""
    raw = subprocess.run(
        ["sox", str(path), "-t", "raw", "-r", str(RATE), "-c", "1", "-e", "floating-point", "-b", "32", "-"],
        check=True, capture_output=True).stdout
    return list(struct.unpack(f"<{len(raw) // 4}f", raw))


def build(split_dir, out_wav, seconds=600.0, seed=11):
    rng = random.Random(seed)
    clips = sorted((p.parent.name, p) for p in Path(split_dir).glob("*/*.wav"))
    if not clips:
        sys.exit(f"no clips under {split_dir}/<class>/*.wav")
    rng.shuffle(clips)
    total = int(seconds * RATE)
    samples, truth = [], []
    for label, path in clips:
        gap = pink_noise(int(rng.uniform(3.0, 8.0) * RATE), rng, NOISE_DBFS)
        clip = clip_samples(path)
        if len(samples) + len(gap) + len(clip) > total:
            break
        samples.extend(gap)
        truth.append((label, len(samples) / RATE, (len(samples) + len(clip)) / RATE))
        samples.extend(clip)
    samples.extend(pink_noise(total - len(samples), rng, NOISE_DBFS))
    with wave.open(str(out_wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", max(-32768, min(32767, round(v * 32767)))) for v in samples))
    truth_csv = Path(str(out_wav)[: -len(".wav")] + ".truth.csv")
    with open(truth_csv, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["label", "start_s", "end_s"])
        writer.writerows((label, f"{start:.3f}", f"{end:.3f}") for label, start, end in truth)
    print(f"{out_wav}: {seconds:.0f} s, {len(truth)} clips; truth in {truth_csv}")


def score(truth_csv, analysis_json):
    with open(truth_csv) as f:
        truth = [(r["label"], float(r["start_s"]), float(r["end_s"])) for r in csv.DictReader(f)]
    with open(analysis_json) as f:
        text = f.read().strip()
    # `analyze --format json` writes one JSON line per file; the route answers one object
    analysis = json.loads(text.splitlines()[0]) if text.startswith("{") and "\n" in text else json.loads(text)
    predicted = [(e["label"], e["start_s"], e["end_s"]) for e in analysis["events"]]
    used = [False] * len(truth)
    matched = 0
    for label, start, end in predicted:
        for i, (t_label, t_start, t_end) in enumerate(truth):
            if not used[i] and t_label == label and start < t_end and end > t_start:
                used[i] = True
                matched += 1
                break
    precision = matched / len(predicted) if predicted else 0.0
    recall = matched / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"events: {len(predicted)} predicted, {len(truth)} true, {matched} matched")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")


def main(argv):
    if len(argv) >= 3 and argv[0] == "build":
        options = dict(zip(argv[3::2], argv[4::2]))
        build(argv[1], argv[2], float(options.get("--seconds", 600)), int(options.get("--seed", 11)))
    elif len(argv) == 3 and argv[0] == "score":
        score(argv[1], argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
