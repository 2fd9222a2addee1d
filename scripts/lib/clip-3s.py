#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes OUT.wav: 3 s of a 220 Hz tone with vibrato over light noise, 22,050 Hz mono 16-bit.

Seeded, so every run writes the same bytes. The clip of scripts/bench-http.sh and
scripts/cds-archive.sh. Standard library only.
"""
import math
import random
import struct
import sys
import wave

RATE, SECONDS = 22050, 3.0


def main(out):
    rng = random.Random(16)
    phase, frames = 0.0, bytearray()
    for i in range(int(RATE * SECONDS)):
        hz = 220 * (1 + 0.01 * math.sin(2 * math.pi * 5.5 * i / RATE))
        phase += 2 * math.pi * hz / RATE
        x = 0.4 * math.sin(phase) + 0.15 * math.sin(2 * phase) + 0.02 * rng.uniform(-1, 1)
        frames += struct.pack("<h", int(max(-1.0, min(1.0, x)) * 32767))
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: clip-3s.py OUT.wav")
    main(sys.argv[1])
