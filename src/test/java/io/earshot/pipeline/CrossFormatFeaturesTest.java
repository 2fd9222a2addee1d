package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.audio.DecodedAudio;
import io.earshot.audio.WavEncoder;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureSchema;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same audio sent as WAV, FLAC, MP3 or Ogg Vorbis must give (nearly) the same features, or a
 * model trained on one format would misjudge another. Stated tolerances against the lossless
 * reference (measured for MP3 128 kb/s and Vorbis q5, with room for other encoder builds): the
 * MFCC-mean vector within 3 % (relative Euclidean distance) and every coefficient within 3.5;
 * spectral centroid and bandwidth within 3 %; RMS within 10 %; median f0 within 0.5 %. The lossy
 * codecs' low-pass may move roll-off and the top contrast bands, which are not compared.
 */
class CrossFormatFeaturesTest {
  private static final AudioLoader LOADER = new AudioLoader(AudioLimits.defaults());
  private static final FeatureExtractor EXTRACTOR = new FeatureExtractor();
  private static float[] reference;

  @BeforeAll
  static void decodeTheLosslessReference() throws Exception {
    reference = EXTRACTOR.extract(LOADER.load(fixture("clip.flac"))).values();
  }

  @Test
  void wavMadeFromTheSameSamplesGivesIdenticalFeatures() throws Exception {
    DecodedAudio decoded = LOADER.decode(fixture("clip.flac"));
    assertEquals(44_100, decoded.sampleRate());
    byte[] wav = WavEncoder.pcm16(decoded.samples(), decoded.sampleRate(), 1);
    float[] fromWav = EXTRACTOR.extract(LOADER.load(wav)).values();
    for (int i = 0; i < reference.length; i++) {
      assertEquals(
          reference[i],
          fromWav[i],
          1e-3 * Math.max(1, Math.abs(reference[i])),
          EXTRACTOR.schema().names().get(i));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"clip.mp3", "clip.ogg"})
  void lossyEncodingsStayWithinTheStatedTolerance(String file) throws Exception {
    float[] lossy = EXTRACTOR.extract(LOADER.load(fixture(file))).values();
    FeatureSchema schema = EXTRACTOR.schema();
    double distance = 0;
    double norm = 0;
    for (int i = 0; i < schema.size(); i++) {
      String name = schema.names().get(i);
      if (name.matches("mfcc_\\d+_mean")) {
        assertEquals(reference[i], lossy[i], 3.5, file + " " + name);
        distance += Math.pow(reference[i] - lossy[i], 2);
        norm += Math.pow(reference[i], 2);
      }
    }
    assertTrue(norm > 0);
    assertTrue(
        Math.sqrt(distance / norm) <= 0.03,
        file + " MFCC vector moved " + Math.sqrt(distance / norm));
    assertRelative(file, schema, lossy, "spectral_centroid_mean", 0.03);
    assertRelative(file, schema, lossy, "spectral_bandwidth_mean", 0.03);
    assertRelative(file, schema, lossy, "rms_mean", 0.10);
    assertRelative(file, schema, lossy, "pitch_f0_median_hz", 0.005);
  }

  private static void assertRelative(
      String file, FeatureSchema schema, float[] lossy, String name, double tolerance) {
    int i = schema.indexOf(name);
    assertTrue(i >= 0, "schema has " + name);
    assertEquals(reference[i], lossy[i], tolerance * Math.abs(reference[i]), file + " " + name);
  }

  private static byte[] fixture(String name) throws Exception {
    try (InputStream in =
        CrossFormatFeaturesTest.class.getResourceAsStream("/audio/crossformat/" + name)) {
      return in.readAllBytes();
    }
  }
}
