package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The codec round trip through the ffmpeg on the PATH (CI installs it), and codec variants. */
class CodecRoundTripTest {

  private static final int RATE = AudioClip.ANALYSIS_RATE;
  private CodecRoundTrip codecs;

  @BeforeEach
  void needsFfmpeg() {
    Optional<CodecRoundTrip> found = CodecRoundTrip.onPath();
    assumeTrue(found.isPresent(), "ffmpeg is not on the PATH");
    codecs = found.get();
  }

  /** A 1 kHz tone under a little noise: what a codec keeps, and a floor it may drop. */
  private static AudioClip toneInNoise() {
    float[] x = Signals.sine(1000, 0.4, RATE, RATE * 2, 1);
    Random random = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (0.002 * random.nextGaussian());
    }
    return new AudioClip(x, RATE);
  }

  @ParameterizedTest
  @EnumSource(CodecRoundTrip.Codec.class)
  void theSoundSurvivesButNotBitForBitAndTheSameInputGivesTheSameOutput(
      CodecRoundTrip.Codec codec) {
    AudioClip clip = toneInNoise();
    AudioClip coded = codecs.apply(clip, codec);

    assertEquals(RATE, coded.sampleRate());
    assertEquals(clip.samples().length, coded.samples().length, "cut to the clip's length");
    assertEquals(1000, Signals.toneFrequency(coded.samples(), RATE), 3, "the tone is kept");
    assertEquals(
        Signals.middleRms(clip.samples()),
        Signals.middleRms(coded.samples()),
        0.03,
        "its level too");
    assertFalse(Arrays.equals(clip.samples(), coded.samples()), "a lossy codec changes samples");
    assertArrayEquals(
        coded.samples(), codecs.apply(clip, codec).samples(), "deterministic for one ffmpeg");
  }

  @Test
  void aboutHalfTheVariantsGoThroughACodecAndTheRestAreUnchanged() {
    AudioClip clip = toneInNoise();
    List<AudioClip> plain = Augmenter.variants(clip, 8, 42L);
    List<AudioClip> withCodecs = Augmenter.variants(clip, 8, 42L, Optional.of(codecs));

    assertEquals(8, withCodecs.size());
    List<Integer> coded = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      if (!Arrays.equals(plain.get(i).samples(), withCodecs.get(i).samples())) {
        coded.add(i);
      }
    }
    assertTrue(coded.size() >= 1 && coded.size() <= 7, "some coded, some not: " + coded);
    List<AudioClip> again = Augmenter.variants(clip, 8, 42L, Optional.of(codecs));
    for (int i = 0; i < 8; i++) {
      assertArrayEquals(withCodecs.get(i).samples(), again.get(i).samples(), "variant " + i);
    }
    List<AudioClip> without = Augmenter.variants(clip, 8, 42L, Optional.empty());
    for (int i = 0; i < 8; i++) {
      assertArrayEquals(plain.get(i).samples(), without.get(i).samples(), "no codec, no change");
    }
  }
}
