package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {

  private static final int RATE = AudioClip.ANALYSIS_RATE;

  private static AudioClip tone(double hz, double seconds) {
    return new AudioClip(Signals.sine(hz, 0.5, RATE, (int) (RATE * seconds), 1), RATE);
  }

  @Test
  void pitchShiftByTwoSemitonesMovesA440ToneTo493Hz() {
    AudioClip shifted = Augmenter.pitchShift(tone(440, 2.0), 2.0);

    assertEquals(RATE * 2, shifted.samples().length);
    assertEquals(440 * Math.pow(2, 2 / 12.0), Signals.toneFrequency(shifted.samples(), RATE), 2.0);
    assertEquals(0.5 / Math.sqrt(2), Signals.middleRms(shifted.samples()), 0.03);
  }

  @Test
  void pitchShiftDownwardsToo() {
    AudioClip shifted = Augmenter.pitchShift(tone(440, 2.0), -2.0);
    assertEquals(440 * Math.pow(2, -2 / 12.0), Signals.toneFrequency(shifted.samples(), RATE), 2.0);
  }

  @Test
  void stretchByTenPercentKeepsThePitch() {
    AudioClip original = tone(440, 2.0);
    for (double factor : new double[] {1.1, 0.9}) {
      AudioClip stretched = Augmenter.timeStretch(original, factor);

      assertEquals(factor, stretched.durationSeconds() / original.durationSeconds(), 0.001);
      assertEquals(440, Signals.toneFrequency(stretched.samples(), RATE), 2.0);
      assertEquals(0.5 / Math.sqrt(2), Signals.middleRms(stretched.samples()), 0.03);
    }
  }

  @Test
  void noiseAt10dBMeasuresAbout10dB() {
    AudioClip clean = tone(440, 2.0);
    AudioClip noisy = Augmenter.addNoise(clean, 10.0, new Random(42));

    double signal = 0;
    double noise = 0;
    for (int i = 0; i < clean.samples().length; i++) {
      float s = clean.samples()[i];
      float n = noisy.samples()[i] - s;
      signal += s * s;
      noise += n * n;
    }
    assertEquals(10.0, 10 * Math.log10(signal / noise), 0.3);
  }

  @Test
  void silenceStaysSilentUnderNoise() {
    AudioClip silence = new AudioClip(new float[4096], RATE);
    assertArrayEquals(silence.samples(), Augmenter.addNoise(silence, 10, new Random(1)).samples());
  }

  @Test
  void theSameSeedGivesIdenticalVariantsAndAnotherSeedDoesNot() {
    AudioClip clip = tone(440, 1.0);

    List<AudioClip> first = Augmenter.variants(clip, 6, 1234L);
    List<AudioClip> again = Augmenter.variants(clip, 6, 1234L);
    List<AudioClip> other = Augmenter.variants(clip, 6, 99L);

    assertEquals(6, first.size());
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i).samples(), again.get(i).samples(), "variant " + i);
      assertFalse(Arrays.equals(clip.samples(), first.get(i).samples()), "variant " + i);
      for (float v : first.get(i).samples()) {
        assertTrue(v >= -1f && v <= 1f);
      }
    }
    assertFalse(Arrays.equals(first.get(0).samples(), other.get(0).samples()));
  }

  @Test
  void variantsStayWithinTheDocumentedRanges() {
    AudioClip clip = tone(440, 1.0);
    for (AudioClip variant : Augmenter.variants(clip, 20, 5L)) {
      double ratio = variant.durationSeconds() / clip.durationSeconds();
      assertTrue(
          ratio >= Augmenter.MIN_STRETCH - 0.001 && ratio <= Augmenter.MAX_STRETCH + 0.001,
          "duration ratio " + ratio);
    }
  }

  @Test
  void refusesParametersOutsideTheirRange() {
    AudioClip clip = tone(440, 0.5);
    assertThrows(IllegalArgumentException.class, () -> Augmenter.pitchShift(clip, 13));
    assertThrows(IllegalArgumentException.class, () -> Augmenter.pitchShift(clip, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Augmenter.timeStretch(clip, 3));
  }
}
