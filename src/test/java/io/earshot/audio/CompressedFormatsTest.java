package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fixtures in src/test/resources/audio are 440 Hz sines at amplitude 0.5 (see README). */
class CompressedFormatsTest {

  private final AudioLoader loader = new AudioLoader(AudioLimits.defaults());

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // file, format, source rate, channels, seconds, duration tolerance (encoder padding)
      "tone440-44100-stereo.mp3, MP3, 44100, 2, 1.0, 0.08",
      "tone440-16000-stereo.flac, FLAC, 16000, 2, 0.6, 0.001",
      "tone440-48000-stereo.ogg, OGG_VORBIS, 48000, 2, 1.0, 0.01",
      "tone440-11025-mono.aiff, AIFF, 11025, 1, 0.3, 0.001"})
  void decodesWithTheSourceDurationAndPitch(String file, AudioFormat format, int rate,
      int channels, double seconds, double durationTolerance) throws Exception {
    byte[] bytes = Signals.resource(file);
    assertEquals(format, AudioFormat.detect(bytes).orElseThrow());

    DecodedAudio decoded = loader.decode(bytes);
    assertEquals(rate, decoded.sampleRate());
    assertEquals(channels, decoded.sourceChannels());
    assertEquals(seconds, decoded.durationSeconds(), durationTolerance);

    AudioClip clip = loader.load(bytes);
    assertEquals(seconds, clip.durationSeconds(), durationTolerance + 1.0 / clip.sampleRate());
    assertEquals(440, Signals.toneFrequency(clip.samples(), clip.sampleRate()), 2.0);
    assertEquals(0.5 / Math.sqrt(2), Signals.middleRms(clip.samples()), 0.03);
  }
}
