package io.earshot.features;

import java.util.Arrays;

/**
 * Folds a power spectrum onto the 12 pitch classes (index 0 = C, 9 = A at 440 Hz tuning).
 *
 * <p>Each FFT bin between {@link #MIN_HZ} and {@link #MAX_HZ} is split between the two nearest
 * pitch classes in proportion to its fractional semitone position, and weighted by a Gaussian over
 * octaves centred on C5 (sigma two octaves, as librosa's chroma filters do) so that the very low
 * bins, where one bin spans several semitones, and the very high ones count little.
 */
final class ChromaMap {

  static final int CLASSES = 12;
  static final double MIN_HZ = 55.0;
  static final double MAX_HZ = 8000.0;
  private static final double C5_HZ = 523.2511306011972;
  private static final double OCTAVE_SIGMA = 2.0;

  private final int firstBin;
  private final float[] lowWeight;
  private final float[] highWeight;

  /** Runs of consecutive bins with the same lower pitch class: [runStart[r], runStart[r + 1]). */
  private final int[] runStart;

  /** The lower pitch class of each run; the upper one is the next class. */
  private final int[] runLowClass;

  ChromaMap(int fftSize, int sampleRate) {
    int bins = fftSize / 2 + 1;
    int first = (int) Math.ceil(MIN_HZ * fftSize / sampleRate);
    int last = Math.min(bins - 1, (int) Math.floor(MAX_HZ * fftSize / sampleRate));
    firstBin = first;
    int count = Math.max(0, last - first + 1);
    int[] lowClass = new int[count];
    lowWeight = new float[count];
    highWeight = new float[count];
    for (int i = 0; i < count; i++) {
      double hz = (double) (first + i) * sampleRate / fftSize;
      double semitonesFromA = 12 * Math.log(hz / 440.0) / Math.log(2);
      double pitchClass = ((semitonesFromA + 9) % 12 + 12) % 12;
      int low = (int) Math.floor(pitchClass);
      double fraction = pitchClass - low;
      double octaves = Math.log(hz / C5_HZ) / Math.log(2);
      double octaveWeight = Math.exp(-0.5 * Math.pow(octaves / OCTAVE_SIGMA, 2));
      lowClass[i] = low % CLASSES;
      lowWeight[i] = (float) ((1 - fraction) * octaveWeight);
      highWeight[i] = (float) (fraction * octaveWeight);
    }
    int runs = 0;
    int[] starts = new int[count + 1];
    int[] classes = new int[count];
    for (int i = 0; i < count; i++) {
      if (i == 0 || lowClass[i] != lowClass[i - 1]) {
        classes[runs] = lowClass[i];
        starts[runs++] = i;
      }
    }
    starts[runs] = count;
    runStart = Arrays.copyOf(starts, runs + 1);
    runLowClass = Arrays.copyOf(classes, runs);
  }

  /** Writes 12 chroma energies into {@code out[offset..offset+11]}, scaled so the largest is 1. */
  void apply(float[] power, float[] out, int offset) {
    for (int c = 0; c < CLASSES; c++) {
      out[offset + c] = 0;
    }
    // Above a few hundred hertz a semitone spans several bins, so bins come in runs that feed the
    // same two classes: each run is summed in registers (two lanes per class, so the additions do
    // not wait on each other) and added to the output once.
    for (int r = 0; r + 1 < runStart.length; r++) {
      int i = runStart[r];
      int end = runStart[r + 1];
      float low0 = 0;
      float low1 = 0;
      float high0 = 0;
      float high1 = 0;
      for (; i + 2 <= end; i += 2) {
        float p0 = power[firstBin + i];
        float p1 = power[firstBin + i + 1];
        low0 += lowWeight[i] * p0;
        low1 += lowWeight[i + 1] * p1;
        high0 += highWeight[i] * p0;
        high1 += highWeight[i + 1] * p1;
      }
      if (i < end) {
        float p = power[firstBin + i];
        low0 += lowWeight[i] * p;
        high0 += highWeight[i] * p;
      }
      int low = runLowClass[r];
      int high = low == CLASSES - 1 ? 0 : low + 1;
      out[offset + low] += low0 + low1;
      out[offset + high] += high0 + high1;
    }
    float max = 0;
    for (int c = 0; c < CLASSES; c++) {
      max = Math.max(max, out[offset + c]);
    }
    if (max > 1e-20f) {
      float scale = 1 / max;
      for (int c = 0; c < CLASSES; c++) {
        out[offset + c] *= scale;
      }
    } else {
      for (int c = 0; c < CLASSES; c++) {
        out[offset + c] = 0;
      }
    }
  }
}
