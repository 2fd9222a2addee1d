package io.earshot.features;

import be.tarsos.dsp.util.fft.FloatFFT;

/**
 * Forward and inverse FFT of a real frame of power-of-two length {@code n}, through TarsosDSP's
 * {@link FloatFFT} (its port of JTransforms' split-radix FFT). Spectra use JTransforms' packed
 * layout: {@code a[2k] = Re X[k]} and {@code a[2k+1] = Im X[k]} for 0 < k < n/2, {@code a[0] =
 * X[0]} and {@code a[1] = X[n/2]} (both real), with {@code X[k] = sum x[t] exp(-2 pi i k t / n)}.
 *
 * <p>JTransforms splits transforms of 8192 points or more across threads; every size used here is
 * far below that, so a call runs on the caller's thread. An instance is kept per {@link Workspace},
 * so no two threads ever use one.
 */
final class RealFft {

  private final int size;
  private final FloatFFT fft;

  RealFft(int size) {
    if (size < 16 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two >= 16, was " + size);
    }
    this.size = size;
    this.fft = new FloatFFT(size);
  }

  /** Replaces the n samples in {@code a} by their packed spectrum. */
  void forward(float[] a) {
    fft.realForward(a);
  }

  /** Replaces a packed spectrum in {@code a} by its n real samples (scaled by 1/n). */
  void inverse(float[] a) {
    fft.realInverse(a, true);
  }

  /**
   * Writes |X[k]|^2 for k = 0..n/2 into {@code power}. {@code frame} holds the n samples on entry
   * and is used as scratch.
   */
  void power(float[] frame, float[] power) {
    fft.realForward(frame);
    int half = size / 2;
    power[0] = frame[0] * frame[0];
    power[half] = frame[1] * frame[1];
    for (int k = 1; k < half; k++) {
      float re = frame[2 * k];
      float im = frame[2 * k + 1];
      power[k] = re * re + im * im;
    }
  }
}
