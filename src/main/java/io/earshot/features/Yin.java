package io.earshot.features;

import java.util.Arrays;

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
  private final int size;
  private final int lags;
  private final RealFft fft;
  private final float[] signalSpectrum;
  private final float[] kernelSpectrum;
  private final float[] difference;

  Yin(float sampleRate, int frameSize, double threshold) {
    this.sampleRate = sampleRate;
    this.threshold = threshold;
    this.size = frameSize;
    this.lags = frameSize / 2;
    this.fft = new RealFft(frameSize);
    this.signalSpectrum = new float[frameSize];
    this.kernelSpectrum = new float[frameSize];
    this.difference = new float[lags];
  }

  /** f0 in Hz of a frame of {@code frameSize} samples, or -1 when no lag passes the threshold. */
  float pitch(float[] frame) {
    differenceFunction(frame);
    normalize();
    int tau = firstDip();
    return tau < 0 ? -1 : sampleRate / interpolate(tau);
  }

  /** The difference function d(τ) for τ < n/2 into {@code difference}. */
  private void differenceFunction(float[] x) {
    float[] a = signalSpectrum;
    float[] b = kernelSpectrum;
    System.arraycopy(x, 0, a, 0, size);
    System.arraycopy(x, 0, b, 0, lags);
    Arrays.fill(b, lags, size, 0f);
    fft.forward(a);
    fft.forward(b);
    // conj(B) * A, in place in a; bins 0 and n/2 are real and packed in a[0] and a[1]
    a[0] *= b[0];
    a[1] *= b[1];
    for (int k = 1; k < lags; k++) {
      float ar = a[2 * k];
      float ai = a[2 * k + 1];
      float br = b[2 * k];
      float bi = b[2 * k + 1];
      a[2 * k] = ar * br + ai * bi;
      a[2 * k + 1] = ai * br - ar * bi;
    }
    fft.inverse(a); // a[τ] = r(τ)

    float energy0 = 0;
    for (int j = 0; j < lags; j++) {
      energy0 += x[j] * x[j];
    }
    float energy = energy0;
    difference[0] = 0;
    for (int tau = 1; tau < lags; tau++) {
      energy = energy - x[tau - 1] * x[tau - 1] + x[tau + lags] * x[tau + lags];
      // a sum of squares; at an exact period rounding can leave it a hair below zero
      difference[tau] = Math.max(0f, energy0 + energy - 2 * a[tau]);
    }
  }

  /** Cumulative mean normalised difference d'(τ) = d(τ) τ / Σ_{j=1..τ} d(j), with d'(0) = 1. */
  private void normalize() {
    float[] d = difference;
    d[0] = 1;
    float runningSum = 0;
    for (int tau = 1; tau < lags; tau++) {
      runningSum += d[tau];
      d[tau] *= tau / runningSum;
    }
  }

  /**
   * The first lag from 2 on whose d' is under the threshold, followed down to its local minimum.
   */
  private int firstDip() {
    float[] d = difference;
    for (int tau = 2; tau < lags; tau++) {
      if (d[tau] < threshold) {
        while (tau + 1 < lags && d[tau + 1] < d[tau]) {
          tau++;
        }
        return tau;
      }
    }
    return -1;
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
