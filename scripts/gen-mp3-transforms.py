#!/usr/bin/env python3
"""Writes src/main/java/io/earshot/audio/mp3/FastTransforms.java: the layer III decoder's two
transforms as straight-line code, which the JIT compiles far better than loops of 18 or 32.

- dct32: the synthesis filter bank's matrixing, a 32-point DCT-II by Lee's recursive split
  (80 multiplies instead of 1024), writing the V vector halves the windowing reads;
- window: the synthesis window over a whole granule, in loops the JIT vectorises;
- dct4x18 and dct4x6: the long- and short-block IMDCTs' distinct outputs, each a DCT-IV done as a
  DCT-II (Lee's split down to 9 or 3 points) with a pre-scale and a running sum.

Run: python3 scripts/gen-mp3-transforms.py  (then ./mvnw spotless:apply). It checks both against
the direct formulas with numpy before writing.
"""
import math
import sys

import numpy as np


class Emitter:
    def __init__(self):
        self.lines = []
        self.count = 0
        self.symbols = {}  # name -> numeric value vector (for self-check)

    def tmp(self, expr, value):
        name = f"t{self.count}"
        self.count += 1
        self.lines.append(f"float {name} = {expr};")
        self.symbols[name] = value
        return name


def lit(c):
    return str(np.float32(c)) + "f"  # the shortest text that reads back as this float


def dct2(e, xs):
    """X[i] = sum_k x[k] cos(pi i (2k+1) / (2N)); xs: names. Returns names of X."""
    n = len(xs)
    if n == 1:
        return [xs[0]]
    if n % 2 == 1:
        return dct2_odd(e, xs)
    half = n // 2
    g, h = [], []
    for k in range(half):
        a, b = xs[k], xs[n - 1 - k]
        g.append(e.tmp(f"{a} + {b}", e.symbols[a] + e.symbols[b]))
    for k in range(half):
        a, b = xs[k], xs[n - 1 - k]
        c = 1 / (2 * math.cos(math.pi * (2 * k + 1) / (2 * n)))
        h.append(e.tmp(f"({a} - {b}) * {lit(c)}", (e.symbols[a] - e.symbols[b]) * c))
    big_g, big_h = dct2(e, g), dct2(e, h)
    out = [None] * n
    for m in range(half):
        out[2 * m] = big_g[m]
        if m + 1 < half:
            p, q = big_h[m], big_h[m + 1]
            out[2 * m + 1] = e.tmp(f"{p} + {q}", e.symbols[p] + e.symbols[q])
        else:
            out[2 * m + 1] = big_h[m]
    return out


def dct2_odd(e, xs):
    """Odd N: pair x[k] with x[N-1-k]; even outputs use sums, odd outputs differences."""
    n = len(xs)
    mid = (n - 1) // 2
    s = [e.tmp(f"{xs[k]} + {xs[n-1-k]}", e.symbols[xs[k]] + e.symbols[xs[n - 1 - k]]) for k in range(mid)]
    d = [e.tmp(f"{xs[k]} - {xs[n-1-k]}", e.symbols[xs[k]] - e.symbols[xs[n - 1 - k]]) for k in range(mid)]
    out = []
    for i in range(n):
        terms, value = [], 0
        src = s if i % 2 == 0 else d
        for k in range(mid):
            c = math.cos(math.pi * i * (2 * k + 1) / (2 * n))
            terms.append(f"{src[k]} * {lit(c)}")
            value = value + e.symbols[src[k]] * c
        cm = math.cos(math.pi * i * (2 * mid + 1) / (2 * n))
        if abs(cm) > 1e-9:
            terms.append(f"{xs[mid]} * {lit(cm)}")
            value = value + e.symbols[xs[mid]] * cm
        out.append(e.tmp(" + ".join(terms), value))
    return out


def gen_dct32():
    e = Emitter()
    rng = np.random.default_rng(1)
    probe = rng.standard_normal(32)
    xs = []
    for k in range(32):
        name = f"s{k}"
        e.lines.append(f"float {name} = in[offset + {18 * k}];")
        e.symbols[name] = probe[k]
        xs.append(name)
    big_x = dct2(e, xs)
    expected = [sum(probe[k] * math.cos(math.pi * i * (2 * k + 1) / 64) for k in range(32)) for i in range(32)]
    check(big_x, e, expected, "dct32")
    # V[i] = sum_k S[k] cos((16 + i)(2k + 1) pi / 64), i = 0..63, from X by symmetry.
    for i in range(64):
        if i < 16:
            expr = big_x[i + 16]
        elif i == 16:
            expr = "0f"
        elif i < 48:
            expr = "-" + big_x[48 - i]
        else:
            expr = "-" + big_x[i - 48]
        target = f"first[at + {i}]" if i < 32 else f"second[at + {i - 32}]"
        e.lines.append(f"{target} = {expr};")
    return e.lines


def gen_dct4(n, stride):
    """DCT-IV of size n as a DCT-II of x[k] / (2 cos((2k + 1) pi / 4n)): Y[k] = W[k] + W[k + 1]."""
    e = Emitter()
    rng = np.random.default_rng(n)
    probe = rng.standard_normal(n)
    xs = []
    for k in range(n):
        c = 1 / (2 * math.cos(math.pi * (2 * k + 1) / (4 * n)))
        name = f"s{k}"
        e.lines.append(f"float {name} = in[offset + {k * stride}] * {lit(c)};")
        e.symbols[name] = probe[k] * c
        xs.append(name)
    w = dct2(e, xs)
    ys = []
    for k in range(n):
        if k < n - 1:
            ys.append(e.tmp(f"{w[k]} + {w[k+1]}", e.symbols[w[k]] + e.symbols[w[k + 1]]))
        else:
            ys.append(w[k])
    expected = [sum(probe[j] * math.cos(math.pi / (4 * n) * (2 * j + 1) * (2 * k + 1)) for j in range(n)) for k in range(n)]
    check(ys, e, expected, f"dct4x{n}")
    for k in range(n):
        e.lines.append(f"out[{k}] = {ys[k]};")
    return e.lines


def check(names, e, expected, what):
    got = np.array([e.symbols[n] for n in names])
    err = np.max(np.abs(got - np.array(expected)))
    if err > 1e-9:
        sys.exit(f"{what}: generated transform is wrong (max error {err})")


def gen_window():
    """16 window taps in 4 loops of 576, each with constant source offsets: the JIT vectorises a
    loop only when it can prove its loads and stores do not overlap, which needs the offsets."""
    lines = [f"float[] tap{i} = taps[{i}];" for i in range(16)]
    for group in range(4):
        terms = []
        for i in range(4 * group, 4 * group + 4):
            source = "first" if i % 2 == 0 else "second"
            terms.append(f"tap{i}[k] * {source}[k + {(15 - i) * 32}]")
        op = "=" if group == 0 else "+="
        lines.append("for (int k = 0; k < 576; k++) {")
        lines.append(f"  out[k] {op} " + " + ".join(terms) + ";")
        lines.append("}")
    return lines


def main():
    body_window = "\n".join("    " + l for l in gen_window())
    body32 = "\n".join("    " + l for l in gen_dct32())
    body18 = "\n".join("    " + l for l in gen_dct4(18, 1))
    body6 = "\n".join("    " + l for l in gen_dct4(6, 3))
    java = f"""package io.earshot.audio.mp3;

/**
 * Generated by scripts/gen-mp3-transforms.py (which checks both against the direct formulas); do
 * not edit. Straight-line code: loops of 18 or 32 neither vectorise nor unroll well in the JIT.
 */
final class FastTransforms {{

  private FastTransforms() {{}}

  /**
   * The synthesis matrixing of one time slot: the 32 subband samples {{@code in[offset + 18 k]}}
   * become the V vector (ISO/IEC 11172-3, 2.4.3.2.2), V[0..31] at {{@code first[at..]}} and V[32..63]
   * at {{@code second[at..]}}.
   */
  static void dct32(float[] in, int offset, float[] first, float[] second, int at) {{
{body32}
  }}

  /**
   * The synthesis window over one granule: out[32 t + j] = sum_i D[32 i + j] V(t - i), with V(t - i)
   * the first half of slot t - i's V vector for even i and the second half for odd i, slots kept
   * in time order from 15 slots before the granule, and taps[i] = D[32 i .. 32 i + 31] repeated.
   */
  static void window(float[][] taps, float[] first, float[] second, float[] out) {{
{body_window}
  }}

  /**
   * DCT-IV of size 18, out[k] = sum_n in[offset + n] cos(pi / 72 (2n + 1)(2k + 1)): the 18
   * distinct values of the long-block IMDCT.
   */
  static void dct4x18(float[] in, int offset, float[] out) {{
{body18}
  }}

  /**
   * DCT-IV of size 6 over every third value, out[k] = sum_n in[offset + 3n] cos(pi / 24 (2n + 1)(2k
   * + 1)): the 6 distinct values of one short-block IMDCT window.
   */
  static void dct4x6(float[] in, int offset, float[] out) {{
{body6}
  }}
}}
"""
    with open("src/main/java/io/earshot/audio/mp3/FastTransforms.java", "w") as f:
        f.write(java)


if __name__ == "__main__":
    main()
