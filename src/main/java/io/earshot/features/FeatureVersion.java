package io.earshot.features;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The feature definitions Earshot can compute. Each names its own {@link FeatureSchema}, so a model
 * is always served with the definition it was trained on, and an upgrade keeps earlier models
 * answering (docs/MODEL.md).
 */
public enum FeatureVersion {
  /**
   * Spectral statistics of the whole spectrum, floored only at 1e-10 (Earshot 1.x). Its FFT is
   * fixed too, TarsosDSP's: with no floor, contrast in an empty band is a ratio of FFT rounding
   * noise, which another FFT's rounding moves by up to a few percent.
   */
  V2(2, Float.NaN, AnalysisParameters.SAMPLE_RATE / 2.0, RealFft.Backend.JAVA),

  /**
   * v2's features, made to hold through MP3 and Vorbis (docs/FEATURES.md, "Second round"):
   *
   * <ul>
   *   <li>each frame's spectrum floored 60 dB under the frame's own peak before spectral flatness
   *       and contrast: codecs spend no bits on quiet bins and zero them, so a valley's level
   *       depended on the codec more than on the sound;
   *   <li>mel bands (so MFCCs, their deltas and onsets) up to 8 kHz, under MP3's low-pass at usual
   *       rates, instead of the whole 11 kHz.
   * </ul>
   */
  V3(3, 60f, 8000.0, RealFft.DEFAULT);

  /** The version new models are trained on. */
  public static final FeatureVersion CURRENT = V3;

  private final int number;
  private final float spectralFloorDb;
  private final double melMaxHz;
  private final RealFft.Backend fft;

  FeatureVersion(int number, float spectralFloorDb, double melMaxHz, RealFft.Backend fft) {
    this.number = number;
    this.spectralFloorDb = spectralFloorDb;
    this.melMaxHz = melMaxHz;
    this.fft = fft;
  }

  /**
   * The version with this number.
   *
   * @throws IllegalArgumentException naming the versions there are
   */
  public static FeatureVersion of(int number) {
    return Arrays.stream(values())
        .filter(v -> v.number == number)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "there is no feature version "
                        + number
                        + "; Earshot computes "
                        + Arrays.stream(values())
                            .map(v -> Integer.toString(v.number))
                            .collect(Collectors.joining(", "))));
  }

  /** The version number in the schema id ("earshot-v3-…"). */
  public int number() {
    return number;
  }

  /**
   * Power under the frame's peak, as a ratio, below which bins count as that floor for flatness and
   * contrast; 0 for no floor.
   */
  float spectralFloorRatio() {
    return Float.isNaN(spectralFloorDb) ? 0f : (float) Math.pow(10, -spectralFloorDb / 10.0);
  }

  /** Where this version's FFTs run. */
  RealFft.Backend fft() {
    return fft;
  }

  /** The top of the mel filterbank, in Hz. */
  double melMaxHz() {
    return melMaxHz;
  }

  /** The schema parameters of this version: {@link AnalysisParameters#asMap()} and its own. */
  Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>(AnalysisParameters.asMap());
    if (!Float.isNaN(spectralFloorDb)) {
      p.put("spectral_floor_db", (double) spectralFloorDb);
    }
    if (melMaxHz != AnalysisParameters.SAMPLE_RATE / 2.0) {
      p.put("mel_max_hz", melMaxHz);
    }
    return p;
  }
}
