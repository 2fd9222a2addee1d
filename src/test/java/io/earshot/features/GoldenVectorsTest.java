package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioClip;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each feature version's vectors against those frozen when it was made, for the {@link
 * ReferenceClips}: v2's from the code before issue 16's speed work (main at 6ad18f4, {@code
 * features/golden-vectors.csv}), v3's from the commit that made it current ({@code
 * features/golden-vectors-v3.csv}). Models trained on a version are served with its extractor for
 * as long as they are registered, so a version's definition may never change.
 *
 * <p>The faster code adds and multiplies in another order (a different FFT, sums in several lanes),
 * so values may move by float rounding and by nothing else. Each value must lie within {@link
 * #RELATIVE} of the frozen one, or within {@link #ABSOLUTE} of it (in the feature's own unit: dB,
 * Hz, a fraction), whichever is wider. Float32 carries 24 bits (6e-8 relative); a 2048-point FFT
 * adds about log2(2048) = 11 roundings per bin, and sums over 1025 bins or 216 frames add more, so
 * a spectral value can drift by some 1e-6 relative. 1e-5 leaves a margin over that; anything larger
 * is a change of definition. Near zero a relative bound means nothing: a delta's mean is a
 * difference of nearly equal numbers, and the DCT of silence is 1e-5 of pure rounding, hence the
 * absolute floor of 1e-4, a ten-thousandth of a decibel or a hertz.
 *
 * <p>Pitch in cents is the exception: a float f0 carries 24 bits, 1200 log2(1 + 2^-24), about 1e-4
 * cents, per step; YIN's parabolic interpolation divides by the dip's curvature, which magnifies
 * the lag's rounding several times, and spread and stability are differences of two such values.
 * Their floor is {@link #ABSOLUTE_CENTS}, a ten-thousandth of a semitone: FFTW's rounding moved
 * them by up to 4e-4 cents against TarsosDSP's on the reference clips, and by 2e-3 cents on 60 Hz
 * hum, whose long lag magnifies most ({@code FftBackendsTest}).
 */
class GoldenVectorsTest {

  static final double RELATIVE = 1e-5;
  static final double ABSOLUTE = 1e-4;
  static final double ABSOLUTE_CENTS = 1e-2;

  @ParameterizedTest
  @EnumSource(FeatureVersion.class)
  void everyReferenceClipGivesTheFrozenVectorWithinFloatRounding(FeatureVersion version)
      throws IOException {
    FeatureExtractor extractor = new FeatureExtractor(version);
    Map<String, float[]> golden = GoldenVectors.read(version);
    Map<String, float[]> clips = ReferenceClips.all();
    assertEquals(golden.keySet(), clips.keySet(), "the frozen clips are the reference clips");
    List<String> names = extractor.schema().names();
    List<String> off = new ArrayList<>();
    for (Map.Entry<String, float[]> clip : clips.entrySet()) {
      float[] expected = golden.get(clip.getKey());
      float[] actual =
          extractor.extract(new AudioClip(clip.getValue(), ReferenceClips.RATE)).values();
      assertEquals(expected.length, actual.length, clip.getKey());
      for (int i = 0; i < actual.length; i++) {
        if (!withinRounding(names.get(i), expected[i], actual[i])) {
          off.add(clip.getKey() + " " + names.get(i) + ": " + expected[i] + " -> " + actual[i]);
        }
      }
    }
    assertTrue(
        off.isEmpty(), off.size() + " values moved beyond rounding:\n" + String.join("\n", off));
  }

  static boolean withinRounding(String feature, float expected, float actual) {
    double absolute = feature.endsWith("_cents") ? ABSOLUTE_CENTS : ABSOLUTE;
    double difference = Math.abs((double) actual - expected);
    return difference <= Math.max(absolute, RELATIVE * Math.abs(expected));
  }
}
