package io.earshot.features;

/**
 * Frame-level view of one clip for visualisations: the log-mel spectrogram (dB, at most 80 dB under
 * the clip's peak), the MFCC matrix, per-frame RMS and spectral centroid, and the time axis. Frame
 * t is centred at {@code t * hop / sampleRate} seconds. Produced by {@link
 * FeatureExtractor#analyze}; the accessors return copies, so an instance is immutable.
 */
public final class SpectralAnalysis {

  private final int frames;
  private final int melBands;
  private final int mfccCount;
  private final int sampleRate;
  private final int hop;
  private final int frameLength;
  private final float[] logMel;
  private final float[] mfcc;
  private final float[] rms;
  private final float[] centroid;
  private final float[] melFrequencies;

  SpectralAnalysis(
      int frames,
      int melBands,
      int mfccCount,
      int sampleRate,
      int hop,
      int frameLength,
      float[] logMel,
      float[] mfcc,
      float[] rms,
      float[] centroid,
      float[] melFrequencies) {
    this.frames = frames;
    this.melBands = melBands;
    this.mfccCount = mfccCount;
    this.sampleRate = sampleRate;
    this.hop = hop;
    this.frameLength = frameLength;
    this.logMel = logMel;
    this.mfcc = mfcc;
    this.rms = rms;
    this.centroid = centroid;
    this.melFrequencies = melFrequencies;
  }

  public int frameCount() {
    return frames;
  }

  public int melBandCount() {
    return melBands;
  }

  public int mfccCount() {
    return mfccCount;
  }

  public int sampleRate() {
    return sampleRate;
  }

  public int hopLength() {
    return hop;
  }

  public int frameLength() {
    return frameLength;
  }

  public double hopSeconds() {
    return (double) hop / sampleRate;
  }

  /** Centre time of each frame in seconds. */
  public double[] frameTimes() {
    double[] times = new double[frames];
    for (int t = 0; t < frames; t++) {
      times[t] = (double) t * hop / sampleRate;
    }
    return times;
  }

  /** frames × mel bands, in dB (power, reference 1.0), lowest band first. */
  public float[][] logMelSpectrogram() {
    return rows(logMel, melBands);
  }

  /** frames × MFCC coefficients (coefficient 0 first). */
  public float[][] mfcc() {
    return rows(mfcc, mfccCount);
  }

  public float[] rms() {
    return rms.clone();
  }

  public float[] spectralCentroidHz() {
    return centroid.clone();
  }

  /** Centre frequency (Hz) of each mel band. */
  public float[] melFrequencies() {
    return melFrequencies.clone();
  }

  private float[][] rows(float[] flat, int width) {
    float[][] matrix = new float[frames][width];
    for (int t = 0; t < frames; t++) {
      System.arraycopy(flat, t * width, matrix[t], 0, width);
    }
    return matrix;
  }
}
