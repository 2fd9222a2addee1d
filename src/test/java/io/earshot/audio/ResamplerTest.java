package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({
    "44100,22050",
    "48000,22050",
    "16000,22050",
    "8000,22050",
    "96000,22050",
    "22050,44100",
    "11025,22050",
    "44056,22050"
  })
  void keepsTheAmplitudeAndFrequencyOfA1kHzTone(int from, int to) {
    float[] in = Signals.sine(1000, 0.5, from, from, 1); // one second
    float[] out = Resampler.resample(in, from, to);

    assertEquals((long) in.length * to / from, out.length);
    assertEquals(0.5 / Math.sqrt(2), Signals.middleRms(out), 0.005);
    assertEquals(1000, Signals.toneFrequency(out, to), 0.5);
  }

  @Test
  void attenuatesA15kHzToneByAtLeast40dBWhenHalvingTheRate() {
    float[] in = Signals.sine(15000, 0.5, 44100, 44100, 1);
    float[] out = Resampler.resample(in, 44100, 22050);

    double attenuationDb = 20 * Math.log10(Signals.middleRms(out) / Signals.middleRms(in));
    assertTrue(attenuationDb <= -40, "attenuation was only " + attenuationDb + " dB");
    // Where the alias would land (22050 - 15000 Hz) there is nothing either.
    assertTrue(Signals.goertzelAmplitude(out, 7050, 22050) < 0.005);
  }

  /**
   * What can alias below 10.05 kHz when downsampling to 22.05 kHz must be at least 60 dB down (44.1
   * kHz takes the half-band path, the others the polyphase one).
   */
  @ParameterizedTest(name = "{0} Hz from {1} Hz")
  @CsvSource({
    "12000, 44100",
    "13500, 44100",
    "16000, 44100",
    "20000, 44100",
    "22000, 44100",
    "12000, 48000",
    "13500, 48000",
    "16000, 48000",
    "23000, 48000",
    "12000, 96000",
    "40000, 96000"
  })
  void downsamplingAttenuatesEverythingFrom12kHzByAtLeast60dB(double hz, int from) {
    float[] in = Signals.sine(hz, 0.5, from, from, 1);
    float[] out = Resampler.resample(in, from, 22050);

    double attenuationDb = 20 * Math.log10(Signals.middleRms(out) / Signals.middleRms(in));
    assertTrue(attenuationDb <= -60, hz + " Hz was attenuated only " + attenuationDb + " dB");
  }

  @ParameterizedTest(name = "{0} Hz from {1} Hz")
  @CsvSource({
    "50, 44100", "3000, 44100", "9000, 44100", "10000, 44100",
    "50, 48000", "3000, 48000", "9000, 48000", "10000, 48000"
  })
  void downsamplingKeepsTheFeatureBandFlat(double hz, int from) {
    float[] in = Signals.sine(hz, 0.5, from, from, 1);
    float[] out = Resampler.resample(in, from, 22050);

    double gainDb = 20 * Math.log10(Signals.middleRms(out) / Signals.middleRms(in));
    assertEquals(0, gainDb, 0.01, hz + " Hz");
  }

  @Test
  void halvingAClipShorterThanTheKernelTreatsTheOutsideAsSilence() {
    float[] in = new float[40];
    java.util.Arrays.fill(in, 1f);
    float[] out = Resampler.resample(in, 44100, 22050);

    assertEquals(20, out.length);
    // The middle output sees nearly the whole kernel (DC gain 1); the first sees its centre
    // (weight 0.5) and one side (0.25), the other side falling before the clip.
    assertEquals(1, out[10], 0.05, "middle");
    assertEquals(0.75, out[0], 0.01, "first");
  }

  @Test
  void passesDcWithUnityGain() {
    float[] in = new float[48000];
    java.util.Arrays.fill(in, 0.25f);
    float[] out = Resampler.resample(in, 48000, 22050);
    assertEquals(0.25, out[out.length / 2], 1e-5);
    float[] halved = Resampler.resample(in, 48000, 24000);
    assertEquals(0.25, halved[halved.length / 2], 1e-5);
  }

  @Test
  void sameRateReturnsACopy() {
    float[] in = {0.1f, -0.2f, 0.3f};
    float[] out = Resampler.resample(in, 22050, 22050);
    assertEquals(3, out.length);
    assertEquals(-0.2f, out[1]);
    assertTrue(in != out);
  }
}
