package io.earshot.features;

/**
 * YIN pitch estimation (de Cheveigné and Kawahara, 2002) as TarsosDSP 2.4's {@code FastYin} defines
 * it, with the lag products computed from real FFTs instead of complex ones.
 *
 * <p>For a frame x of n samples and lags τ < n/2 the difference function is d(τ) = e(0) + e(τ) − 2
 * r(τ), with r(τ) = Σ_{j<n/2} x[j] x[j+τ]. r comes from one circular cross-correlation of size n
 * (no lag reaches past the frame, so nothing wraps): the spectra of x and of its zero-padded first
 * half, multiplied, transformed back. FastYin spends three complex n-point FFTs on this; two real
 * forward transforms and one real inverse do the same work in under half the time. Then come
 * cumulative-mean normalisation, the first dip under the threshold followed to its local minimum,
 * and parabolic interpolation of that minimum.
 *
 * <p>The lag energy e(τ) follows FastYin's running sum, including its one-sample offset (it adds
 * x[τ+n/2] where the window ends at x[τ+n/2−1]), so pitch values stay those of the feature schema
 * ({@code pitch_algorithm = tarsos-fastyin}); {@code YinTest} checks frame by frame against
 * FastYin. One difference is deliberate: d is clamped at zero. At an exact period rounding can
 * leave d a hair below zero, and FastYin then rejects the frame as unvoiced (a "probability" over
 * 1); here such a frame is voiced, at its period.
 *
 * <p>Holds its scratch, so one instance per thread (see {@link Workspace}).
 */
final class Yin {

  private final float sampleRate;
  private final double threshold;
  private final int lags;
  private final RealFft fft;
  private final float[] kernel;
  private final float[] signalSpectrum;
  private final float[] kernelSpectrum;
  private final float[] lagProducts;
  private final float[] difference;

  Yin(float sampleRate, int frameSize, double threshold, RealFft.Backend fft) {
    this.sampleRate = sampleRate;
    this.threshold = threshold;
    this.lags = frameSize / 2;
    this.fft = new RealFft(frameSize, fft);
    this.kernel = new float[frameSize]; // its second half stays zero
    this.signalSpectrum = new float[frameSize + 2];
    this.kernelSpectrum = new float[frameSize + 2];
    this.lagProducts = new float[frameSize];
    this.difference = new float[lags];
  }

  /** f0 in Hz of a frame of {@code frameSize} samples, or -1 when no lag passes the threshold. */
  float pitch(float[] frame) {
    lagProducts(frame);
    int tau = firstDip(frame);
    return tau < 0 ? -1 : sampleRate / interpolate(tau);
  }

  /** r(τ) for τ < n/2 into {@code lagProducts[τ]}. */
  private void lagProducts(float[] x) {
    float[] a = signalSpectrum;
    float[] b = kernelSpectrum;
    System.arraycopy(x, 0, kernel, 0, lags);
    fft.forward(x, a);
    fft.forward(kernel, b);
    // conj(B) * A, in place in a (bins 0 and n/2 are real: their products are too)
    for (int k = 0; k <= lags; k++) {
      float ar = a[2 * k];
      float ai = a[2 * k + 1];
      float br = b[2 * k];
      float bi = b[2 * k + 1];
      a[2 * k] = ar * br + ai * bi;
      a[2 * k + 1] = ai * br - ar * bi;
    }
    fft.inverse(a, lagProducts); // lagProducts[τ] = r(τ)
  }

  /**
   * The difference function d(τ), its cumulative mean normalisation d'(τ) = d(τ) τ / Σ_{j=1..τ}
   * d(j) (d'(0) = 1) into {@code difference}, and the first lag from 2 on whose d' is under the
   * threshold, followed down to its local minimum; -1 when there is none. Each d'(τ) depends only
   * on the lags before it, so the lags past the dip (and the one after it, for the interpolation)
   * are never computed: a voiced frame at 220 Hz stops at about τ = 100 of 512.
   */
  private int firstDip(float[] x) {
    float[] r = lagProducts;
    float[] d = difference;
    float energy0 = 0;
    for (int j = 0; j < lags; j++) {
      energy0 += x[j] * x[j];
    }
    float energy = energy0;
    float runningSum = 0;
    d[0] = 1;
    int dip = -1;
    for (int tau = 1; tau < lags; tau++) {
      energy = energy - x[tau - 1] * x[tau - 1] + x[tau + lags] * x[tau + lags];
      // a sum of squares; at an exact period rounding can leave it a hair below zero
      float difference = Math.max(0f, energy0 + energy - 2 * r[tau]);
      runningSum += difference;
      d[tau] = difference * (tau / runningSum);
      if (dip >= 0) {
        if (d[tau] < d[dip]) {
          dip = tau; // still going down
        } else {
          return dip; // d[dip + 1] is known for the interpolation
        }
      } else if (tau >= 2 && d[tau] < threshold) {
        dip = tau;
      }
    }
    return dip;
  }

  /**
   * The lag of the vertex of the parabola through τ and its neighbours (τ is at least 2); at the
   * last lag, the lower of the two last values.
   */
  private float interpolate(int tau) {
    float[] d = difference;
    if (tau + 1 == lags) {
      return d[tau] <= d[tau - 1] ? tau : tau - 1;
    }
    float s0 = d[tau - 1];
    float s1 = d[tau];
    float s2 = d[tau + 1];
    return tau + (s2 - s0) / (2 * (2 * s1 - s2 - s0));
  }
}
