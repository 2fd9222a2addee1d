package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioClip;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What v3's spectral floor changes, and that v2 stays what its models were trained on. */
class FeatureVersionTest {

  private static final int RATE = AudioClip.ANALYSIS_RATE;
  private final FeatureExtractor v2 = new FeatureExtractor(FeatureVersion.V2);
  private final FeatureExtractor v3 = new FeatureExtractor(FeatureVersion.V3);

  @Test
  void eachVersionHasItsOwnSchemaWithTheSameNames() {
    assertEquals(2, v2.schema().version());
    assertEquals(3, v3.schema().version());
    assertTrue(v3.schema().id().startsWith("earshot-v3-"), v3.schema().id());
    assertNotEquals(v2.schema().id(), v3.schema().id());
    assertEquals(v2.schema().names(), v3.schema().names());
    assertEquals(60.0, v3.schema().parameters().get("spectral_floor_db"));
    assertEquals(8000.0, v3.schema().parameters().get("mel_max_hz"));
    assertTrue(!v2.schema().parameters().containsKey("spectral_floor_db"));
    assertTrue(!v2.schema().parameters().containsKey("mel_max_hz"));
  }

  @Test
  void v3sMelBandsStopAt8kHz() {
    // MP3 low-passes around here: what lies above must not reach the MFCCs
    AudioClip low = toneWithNoise(500, 0);
    AudioClip lowAndHigh = sum(low, toneWithNoise(9500, 0));
    int mfcc1 = v3.schema().indexOf("mfcc_1_mean");
    float v2Moves = v2.extract(lowAndHigh).values()[mfcc1] - v2.extract(low).values()[mfcc1];
    float v3Moves = v3.extract(lowAndHigh).values()[mfcc1] - v3.extract(low).values()[mfcc1];
    assertTrue(Math.abs(v2Moves) > 5, "v2 hears the 9.5 kHz tone: " + v2Moves);
    assertTrue(Math.abs(v3Moves) < 0.05 * Math.abs(v2Moves), v3Moves + " against " + v2Moves);
  }

  @Test
  void underV3NoContrastIsDeeperThanTheFloor() {
    AudioClip pureTone = toneWithNoise(9000, 0);
    int top = v3.schema().indexOf("spectral_contrast_6_mean"); // 6.4-11 kHz holds the tone
    assertTrue(v2.extract(pureTone).values()[top] > 70, "v2 measures the window's sidelobes");
    float[] values = v3.extract(pureTone).values();
    for (int k = 0; k <= AnalysisParameters.CONTRAST_OCTAVES; k++) {
      float contrast = values[v3.schema().indexOf("spectral_contrast_" + k + "_mean")];
      assertTrue(contrast <= 60.001f, "band " + k + ": " + contrast + " dB");
    }
  }

  @Test
  void noiseUnderTheFloorDoesNotMoveV3sFlatnessOrContrast() {
    // A codec zeroes what lies far under the loudest bins; v3 must not care how far under.
    AudioClip faint = toneWithNoise(440, -70);
    AudioClip fainter = toneWithNoise(440, -130);
    for (String band : new String[] {"spectral_contrast_0_mean", "spectral_contrast_3_mean"}) {
      int i = v3.schema().indexOf(band);
      float a = v2.extract(faint).values()[i];
      float b = v2.extract(fainter).values()[i];
      assertTrue(Math.abs(a - b) > 2, "v2 " + band + " moves by decibels: " + a + " vs " + b);
      assertEquals(v3.extract(faint).values()[i], v3.extract(fainter).values()[i], 0.01, band);
    }
    int flatness = v3.schema().indexOf("spectral_flatness_mean");
    float c = v3.extract(faint).values()[flatness];
    assertEquals(c, v3.extract(fainter).values()[flatness], 1e-3 * c, "v3 flatness");
  }

  @Test
  void v3KeepsEveryFeatureThatLooksAtNeitherValleysNorMelBands() {
    AudioClip clip = toneWithNoise(440, -30);
    float[] a = v2.extract(clip).values();
    float[] b = v3.extract(clip).values();
    List<String> kept =
        List.of("spectral_centroid", "spectral_bandwidth", "spectral_rolloff", "zcr", "rms");
    int checked = 0;
    for (int i = 0; i < a.length; i++) {
      String name = v2.schema().names().get(i);
      if (kept.stream().anyMatch(name::startsWith)
          || name.startsWith("chroma_")
          || name.startsWith("pitch_")) {
        // equal but for rounding: v2 keeps TarsosDSP's FFT, v3 runs on FFTW where it loads
        assertTrue(
            GoldenVectorsTest.withinRounding(name, a[i], b[i]), name + ": " + a[i] + " " + b[i]);
        checked++;
      }
    }
    assertEquals(14 + 24 + 4, checked); // shape and level 14, chroma 24, pitch 4
  }

  private static AudioClip sum(AudioClip a, AudioClip b) {
    float[] x = new float[a.samples().length];
    for (int n = 0; n < x.length; n++) {
      x[n] = a.samples()[n] + b.samples()[n];
    }
    return new AudioClip(x, RATE);
  }

  /** Two seconds of a 0.5 amplitude sine plus white noise {@code noiseDb} under it (0: none). */
  private static AudioClip toneWithNoise(double hz, double noiseDb) {
    float[] x = new float[2 * RATE];
    Random random = new Random(7);
    double noise = noiseDb == 0 ? 0 : 0.5 * Math.pow(10, noiseDb / 20);
    for (int n = 0; n < x.length; n++) {
      x[n] = (float) (0.5 * Math.sin(2 * Math.PI * hz * n / RATE) + noise * random.nextGaussian());
    }
    return new AudioClip(x, RATE);
  }
}
