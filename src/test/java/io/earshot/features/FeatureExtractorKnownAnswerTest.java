package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioClip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Features of synthetic signals whose answer is known in advance. */
class FeatureExtractorKnownAnswerTest {

  private static final int SR = AudioClip.ANALYSIS_RATE;
  private static final FeatureExtractor EXTRACTOR = new FeatureExtractor();

  static float value(FeatureVector vector, String name) {
    int index = EXTRACTOR.schema().indexOf(name);
    assertTrue(index >= 0, "no feature named " + name);
    return vector.values()[index];
  }

  private static FeatureVector extract(float[] samples) {
    return EXTRACTOR.extract(new AudioClip(samples, SR));
  }

  @Test
  void sineHasKnownZeroCrossingRateCentroidAndRms() {
    double hz = 1000;
    double amplitude = 0.5;
    FeatureVector v = extract(Signals.sine(hz, amplitude, 3.0, SR));
    assertEquals(2 * hz / SR, value(v, "zcr_mean"), 0.02 * 2 * hz / SR);
    assertEquals(hz, value(v, "spectral_centroid_mean"), 0.03 * hz);
    assertEquals(hz, value(v, "spectral_centroid_p10"), 0.03 * hz);
    assertEquals(amplitude / Math.sqrt(2), value(v, "rms_p90"), 1e-3);
    assertEquals(amplitude / Math.sqrt(2), value(v, "rms_mean"), 0.02 * amplitude);
    assertEquals(hz, value(v, "spectral_rolloff_mean"), 0.03 * hz);
  }

  @Test
  void whiteNoiseFlatnessIsEToTheMinusGammaAndASineIsNearZero() {
    // Power-spectrum bins of white noise are exponentially distributed, so geometric over
    // arithmetic mean tends to exp(-Euler's gamma) = 0.5615; a pure tone is far below.
    float noise = value(extract(Signals.whiteNoise(0.5, 3.0, SR, 11)), "spectral_flatness_mean");
    float sine = value(extract(Signals.sine(700, 0.5, 3.0, SR)), "spectral_flatness_mean");
    assertEquals(Math.exp(-0.5772156649), noise, 0.02);
    assertTrue(sine < 0.001, "sine flatness " + sine);
  }

  @Test
  void digitalSilenceIsPerfectlyFlat() {
    assertEquals(1.0, value(extract(new float[SR]), "spectral_flatness_mean"), 1e-6);
  }

  @Test
  void harmonicToneAt440HasF0Of440AndChromaPeakAtA() {
    FeatureVector v = extract(Signals.harmonic(440, 6, 0.5, 2.0, SR));
    assertEquals(440, value(v, "pitch_f0_median_hz"), 2.0);
    assertTrue(value(v, "pitch_voiced_fraction") > 0.9);
    assertEquals(0, value(v, "pitch_f0_spread_cents"), 5);
    assertEquals(0, value(v, "pitch_stability_cents"), 5);
    int a = 9;
    float peak = value(v, FeatureNames.CHROMA_MEAN[a]);
    for (int c = 0; c < 12; c++) {
      if (c != a) {
        assertTrue(value(v, FeatureNames.CHROMA_MEAN[c]) < peak, "chroma " + c + " not below A");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {82.4, 110, 196, 523.25, 1046.5})
  void harmonicToneF0IsFoundAcrossTheVocalRange(double hz) {
    FeatureVector v = extract(Signals.harmonic(hz, 5, 0.5, 1.5, SR));
    assertEquals(hz, value(v, "pitch_f0_median_hz"), 0.005 * hz);
  }

  @Test
  void voicedFractionCountsTheToneNotTheSilence() {
    float[] tone = Signals.harmonic(262, 5, 0.5, 1.0, SR);
    float[] x = new float[3 * SR];
    System.arraycopy(tone, 0, x, SR, tone.length);
    FeatureVector v = extract(x);
    assertEquals(1.0 / 3, value(v, "pitch_voiced_fraction"), 0.05);
    assertEquals(262, value(v, "pitch_f0_median_hz"), 2);
  }

  @Test
  void pitchSpreadAndStabilityFollowAGlide() {
    // one octave up over two seconds: 1200 cents of spread, steady small steps
    float[] x = new float[2 * SR];
    double phase = 0;
    for (int n = 0; n < x.length; n++) {
      double hz = 220 * Math.pow(2, (double) n / x.length);
      phase += 2 * Math.PI * hz / SR;
      x[n] = (float) (0.5 * Math.sin(phase));
    }
    FeatureVector v = extract(x);
    float spread = value(v, "pitch_f0_spread_cents");
    assertEquals(600, spread, 60, "inter-quartile range of a uniform 1200-cent glide");
    float expectedStep = 1200f * AnalysisParameters.PITCH_HOP / x.length;
    assertEquals(expectedStep, value(v, "pitch_stability_cents"), 0.3 * expectedStep);
  }

  @Test
  void clickTrackAt120BpmGivesTempo120() {
    FeatureVector v = extract(Signals.clickTrack(120, 10.0, SR));
    assertEquals(120, value(v, "tempo_bpm"), 3.0);
    assertEquals(2.0, value(v, "onset_rate"), 0.3);
  }

  @Test
  void clickTrackAt90BpmGivesTempo90() {
    FeatureVector v = extract(Signals.clickTrack(90, 10.0, SR));
    assertEquals(90, value(v, "tempo_bpm"), 3.0);
  }

  @Test
  void mfccsAgreeWhetherSynthesisedAt22050OrDownsampledFrom44100() {
    float[] native22 = Signals.harmonic(330, 8, 0.4, 2.0, SR);
    float[] from44 = Signals.decimateByTwo(Signals.harmonic(330, 8, 0.4, 2.0, 2 * SR));
    FeatureVector a = extract(native22);
    FeatureVector b = extract(from44);
    for (int c = 0; c < AnalysisParameters.MFCC; c++) {
      String name = FeatureNames.MFCC_MEAN[c];
      assertEquals(value(a, name), value(b, name), 0.5 + 0.01 * Math.abs(value(a, name)), name);
    }
  }

  @Test
  void digitalSilenceGivesFiniteFeatures() {
    FeatureVector v = extract(new float[3 * SR]);
    assertAllFinite(v);
    assertEquals(0, value(v, "rms_mean"));
    assertEquals(0, value(v, "pitch_voiced_fraction"));
    assertEquals(0, value(v, "pitch_f0_median_hz"));
    assertEquals(0, value(v, "tempo_bpm"));
    assertEquals(0, value(v, "onset_rate"));
  }

  @Test
  void tinyClipsGiveFiniteFeatures() {
    assertAllFinite(extract(Signals.sine(440, 0.3, (double) AnalysisParameters.FRAME / SR, SR)));
    assertAllFinite(extract(new float[] {0.25f}));
    assertAllFinite(extract(Signals.whiteNoise(0.1, 0.01, SR, 3)));
  }

  @Test
  void unvoicedNoiseHasFinitePitchFeatures() {
    FeatureVector v = extract(Signals.whiteNoise(0.3, 2.0, SR, 5));
    assertAllFinite(v);
    assertTrue(value(v, "pitch_voiced_fraction") < 0.5);
  }

  static void assertAllFinite(FeatureVector v) {
    float[] values = v.values();
    for (int i = 0; i < values.length; i++) {
      assertTrue(Float.isFinite(values[i]), EXTRACTOR.schema().names().get(i) + " = " + values[i]);
    }
  }
}
