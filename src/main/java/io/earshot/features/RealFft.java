package io.earshot.features;

import be.tarsos.dsp.util.fft.FloatFFT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forward and inverse FFT of a real frame of power-of-two length {@code n}. A spectrum is the n/2 +
 * 1 bins X[k] = sum x[t] exp(-2 pi i k t / n), k = 0..n/2, real and imaginary parts interleaved in
 * n + 2 floats ({@code s[2k] = Re X[k]}, {@code s[2k+1] = Im X[k]}; bins 0 and n/2 are real).
 *
 * <p>FFTW does the work where its native library loads (through JavaCPP; Linux x86-64 and arm64 are
 * in the jar): its SIMD code takes a 2048-point frame, copies in and out included, in well under
 * half the time of TarsosDSP's {@link FloatFFT}, the pure-Java port of JTransforms, which is the
 * fallback on every other platform. The two agree within float rounding (about 1e-7 of the frame's
 * peak power; {@code RealFftTest}, and {@code GoldenVectorsTest} for the features). {@code
 * -Dearshot.fft=java} chooses the fallback anywhere, to compare the two.
 *
 * <p>Holds its buffers: one instance per thread (see {@link Workspace}).
 */
final class RealFft {

  /** Where the transforms run. */
  enum Backend {
    /** FFTW's native code. */
    FFTW,
    /** TarsosDSP's {@link FloatFFT}. */
    JAVA
  }

  /** The backend features use unless their version fixes one: FFTW wherever it loads. */
  static final Backend DEFAULT = chooseBackend();

  private final int size;
  private final Transform transform;
  private final float[] spectrum;

  RealFft(int size) {
    this(size, DEFAULT);
  }

  RealFft(int size, Backend backend) {
    if (size < 16 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two >= 16, was " + size);
    }
    this.size = size;
    this.transform = backend == Backend.FFTW ? new FftwTransform(size) : new JavaTransform(size);
    this.spectrum = new float[size + 2];
  }

  /** The spectrum of the n samples of {@code x} into {@code spectrum} (n + 2 floats). */
  void forward(float[] x, float[] spectrum) {
    transform.forward(x, spectrum);
  }

  /**
   * The n real samples whose spectrum is {@code spectrum}, into {@code x}, scaled by 1/n so that it
   * undoes {@link #forward}. {@code spectrum} is left as it was.
   */
  void inverse(float[] spectrum, float[] x) {
    transform.inverse(spectrum, x);
  }

  /** Writes |X[k]|^2 for k = 0..n/2 into {@code power}. */
  void power(float[] frame, float[] power) {
    float[] s = spectrum;
    transform.forward(frame, s);
    for (int k = 0; k <= size / 2; k++) {
      float re = s[2 * k];
      float im = s[2 * k + 1];
      power[k] = re * re + im * im;
    }
  }

  private static Backend chooseBackend() {
    String asked = System.getProperty("earshot.fft", "fftw");
    if (!asked.equals("fftw") && !asked.equals("java")) {
      throw new IllegalStateException("earshot.fft must be fftw or java, was '" + asked + "'");
    }
    if (asked.equals("java")) {
      return Backend.JAVA;
    }
    try {
      FftwTransform.load();
      return Backend.FFTW;
    } catch (RuntimeException | LinkageError e) {
      // the logger only here: the CLI's commands log nothing else, and setting up Logback takes
      // a quarter of a second of a one-core start
      Logger log = LoggerFactory.getLogger(RealFft.class);
      log.warn(
          "FFTW's native library did not load ({}); features use TarsosDSP's pure-Java FFT, "
              + "which gives the same values within float rounding, more slowly",
          e.toString());
      return Backend.JAVA;
    }
  }

  /** One backend's transforms of a fixed size. */
  interface Transform {
    void forward(float[] x, float[] spectrum);

    void inverse(float[] spectrum, float[] x);
  }

  /**
   * TarsosDSP's {@link FloatFFT}, whose packed layout keeps X[n/2] in a[1]; it is unpacked here.
   * JTransforms splits transforms of 8192 points or more across threads; every size used here is
   * far below that, so a call runs on the caller's thread.
   */
  static final class JavaTransform implements Transform {
    private final int size;
    private final FloatFFT fft;
    private final float[] packed;

    JavaTransform(int size) {
      this.size = size;
      this.fft = new FloatFFT(size);
      this.packed = new float[size];
    }

    @Override
    public void forward(float[] x, float[] spectrum) {
      float[] a = packed;
      System.arraycopy(x, 0, a, 0, size);
      fft.realForward(a);
      System.arraycopy(a, 2, spectrum, 2, size - 2);
      spectrum[0] = a[0];
      spectrum[1] = 0;
      spectrum[size] = a[1];
      spectrum[size + 1] = 0;
    }

    @Override
    public void inverse(float[] spectrum, float[] x) {
      float[] a = packed;
      System.arraycopy(spectrum, 2, a, 2, size - 2);
      a[0] = spectrum[0];
      a[1] = spectrum[size];
      fft.realInverse(a, true);
      System.arraycopy(a, 0, x, 0, size);
    }
  }
}
