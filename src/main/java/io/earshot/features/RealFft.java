package io.earshot.features;

/**
 * Power spectrum of a real frame of power-of-two length {@code n}.
 *
 * <p>The frame is packed into a complex sequence of length n/2 (even samples real, odd samples
 * imaginary), transformed with an iterative radix-2 FFT, then split into the n/2+1 bins of the real
 * transform. All twiddles and the bit-reversal permutation are computed once; {@link #power}
 * allocates nothing, so one instance is shared by all threads.
 */
final class RealFft {

  private final int size;
  private final int half;
  private final int[] bitReversed;
  private final float[] stageCos;
  private final float[] stageSin;
  private final float[] splitCos;
  private final float[] splitSin;

  RealFft(int size) {
    if (size < 16 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two >= 16, was " + size);
    }
    this.size = size;
    this.half = size / 2;
    bitReversed = new int[half];
    int bits = Integer.numberOfTrailingZeros(half);
    for (int i = 0; i < half; i++) {
      bitReversed[i] = Integer.reverse(i) >>> (32 - bits);
    }
    // stage twiddles exp(-2 pi i j / span) for span = 16, 32, ..., n/2, stored back to back
    stageCos = new float[half];
    stageSin = new float[half];
    int offset = 0;
    for (int span = 16; span <= half; span <<= 1) {
      for (int j = 0; j < span / 2; j++) {
        double angle = 2 * Math.PI * j / span;
        stageCos[offset + j] = (float) Math.cos(angle);
        stageSin[offset + j] = (float) -Math.sin(angle);
      }
      offset += span / 2;
    }
    splitCos = new float[half + 1];
    splitSin = new float[half + 1];
    for (int k = 0; k <= half; k++) {
      double angle = 2 * Math.PI * k / size;
      splitCos[k] = (float) Math.cos(angle);
      splitSin[k] = (float) Math.sin(angle);
    }
  }

  int size() {
    return size;
  }

  int bins() {
    return half + 1;
  }

  /**
   * Writes |X[k]|^2 for k = 0..n/2 into {@code power}. On entry {@code re[j] = x[2j]} and {@code
   * im[j] = x[2j+1]}; both arrays (length n/2) are used as scratch.
   */
  void power(float[] re, float[] im, float[] power) {
    complexForward(re, im);
    int m = half;
    float r0 = re[0];
    float i0 = im[0];
    power[0] = (r0 + i0) * (r0 + i0);
    power[m] = (r0 - i0) * (r0 - i0);
    for (int k = 1; k < m; k++) {
      float zr = re[k];
      float zi = im[k];
      float cr = re[m - k];
      float ci = -im[m - k];
      float er = 0.5f * (zr + cr);
      float ei = 0.5f * (zi + ci);
      // O = -i * (Z[k] - conj(Z[m-k])) / 2
      float or = 0.5f * (zi - ci);
      float oi = -0.5f * (zr - cr);
      float wc = splitCos[k];
      float ws = splitSin[k];
      float xr = er + wc * or + ws * oi;
      float xi = ei + wc * oi - ws * or;
      power[k] = xr * xr + xi * xi;
    }
  }

  /**
   * In-place forward complex FFT of length n/2 (sign -1), iterative decimation in time. The first
   * three stages, whose twiddles are trivial, are written out; later stages read their twiddles
   * from a contiguous per-stage table so the inner loop walks memory sequentially.
   */
  void complexForward(float[] re, float[] im) {
    int n = half;
    for (int i = 0; i < n; i++) {
      int j = bitReversed[i];
      if (i < j) {
        float t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    // stages 1 and 2 (twiddles 1 and -i): one multiplication-free radix-4 pass
    for (int a = 0; a < n; a += 4) {
      float r0 = re[a] + re[a + 1];
      float i0 = im[a] + im[a + 1];
      float r1 = re[a] - re[a + 1];
      float i1 = im[a] - im[a + 1];
      float r2 = re[a + 2] + re[a + 3];
      float i2 = im[a + 2] + im[a + 3];
      float r3 = re[a + 2] - re[a + 3];
      float i3 = im[a + 2] - im[a + 3];
      re[a] = r0 + r2;
      im[a] = i0 + i2;
      re[a + 2] = r0 - r2;
      im[a + 2] = i0 - i2;
      // (r3 + i i3) * -i = i3 - i r3
      re[a + 1] = r1 + i3;
      im[a + 1] = i1 - r3;
      re[a + 3] = r1 - i3;
      im[a + 3] = i1 + r3;
    }
    // stage 3 (span 8): twiddles 1, (c, -c), -i, (-c, -c) with c = sqrt(1/2), written out
    final float c = (float) Math.sqrt(0.5);
    for (int a = 0; a < n; a += 8) {
      float tr = re[a + 4];
      float ti = im[a + 4];
      re[a + 4] = re[a] - tr;
      im[a + 4] = im[a] - ti;
      re[a] += tr;
      im[a] += ti;
      tr = c * (re[a + 5] + im[a + 5]);
      ti = c * (im[a + 5] - re[a + 5]);
      re[a + 5] = re[a + 1] - tr;
      im[a + 5] = im[a + 1] - ti;
      re[a + 1] += tr;
      im[a + 1] += ti;
      tr = im[a + 6];
      ti = -re[a + 6];
      re[a + 6] = re[a + 2] - tr;
      im[a + 6] = im[a + 2] - ti;
      re[a + 2] += tr;
      im[a + 2] += ti;
      tr = c * (im[a + 7] - re[a + 7]);
      ti = -c * (re[a + 7] + im[a + 7]);
      re[a + 7] = re[a + 3] - tr;
      im[a + 7] = im[a + 3] - ti;
      re[a + 3] += tr;
      im[a + 3] += ti;
    }
    int tableOffset = 0;
    for (int span = 16; span <= n; span <<= 1) {
      int halfSpan = span >> 1;
      for (int start = 0; start < n; start += span) {
        for (int j = 0; j < halfSpan; j++) {
          float wr = stageCos[tableOffset + j];
          float wi = stageSin[tableOffset + j];
          int a = start + j;
          int b = a + halfSpan;
          float br = re[b];
          float bi = im[b];
          float tr = wr * br - wi * bi;
          float ti = wr * bi + wi * br;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
      tableOffset += halfSpan;
    }
  }
}
