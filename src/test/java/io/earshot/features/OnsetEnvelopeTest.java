package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The onset envelope (frames summed four at a time) against a plain frame-by-frame sum. */
class OnsetEnvelopeTest {

  @Test
  void isTheMeanPositiveRiseOfEveryBandBitForBitWhateverTheFrameCount() {
    int bands = AnalysisParameters.MEL_BANDS;
    Random random = new Random(12);
    for (int frames = 1; frames <= 13; frames++) {
      float[] logMel = new float[frames * bands];
      for (int i = 0; i < logMel.length; i++) {
        logMel[i] = (float) (-80 * random.nextDouble());
      }
      float[] expected = new float[frames];
      for (int t = 1; t < frames; t++) {
        float flux = 0;
        for (int m = 0; m < bands; m++) {
          float rise = logMel[t * bands + m] - logMel[(t - 1) * bands + m];
          flux += rise > 0 ? rise : 0f;
        }
        expected[t] = flux * (1f / bands);
      }
      float[] actual = new float[frames];

      Rhythm.onsetEnvelope(logMel, frames, bands, actual);

      assertArrayEquals(expected, actual, frames + " frames");
    }
  }
}
