package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fixtures in src/test/resources/audio are 440 Hz sines at amplitude 0.5 (see README). */
class CompressedFormatsTest {

  private final AudioLoader loader = new AudioLoader(AudioLimits.defaults());

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, format, source rate, channels, seconds, duration tolerance (encoder padding)
    "tone440-44100-stereo.mp3, MP3, 44100, 2, 1.0, 0.001",
    "tone440-16000-stereo.flac, FLAC, 16000, 2, 0.6, 0.001",
    "tone440-8000-mono-24bit.flac, FLAC, 8000, 1, 0.3, 0.001",
    "tone440-48000-stereo.ogg, OGG_VORBIS, 48000, 2, 1.0, 0.01",
    "tone440-11025-mono.aiff, AIFF, 11025, 1, 0.3, 0.001",
    "tone440-8000-ulaw.wav, WAV, 8000, 1, 0.3, 0.001",
    "tone440-8000-alaw.wav, WAV, 8000, 1, 0.3, 0.001"
  })
  void decodesWithTheSourceDurationAndPitch(
      String file,
      AudioFormat format,
      int rate,
      int channels,
      double seconds,
      double durationTolerance)
      throws Exception {
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

  /** Left 440 Hz, right 1000 Hz, both at 0.5 (README): mono keeps each at half amplitude. */
  @Test
  void stereoMp3IsMixedFromBothChannels() throws Exception {
    DecodedAudio decoded = loader.decode(Signals.resource("tone440-left-1000-right-44100.mp3"));

    assertEquals(2, decoded.sourceChannels());
    assertEquals(0.5, decoded.durationSeconds(), 0.001);
    float[] mono = decoded.samples();
    assertEquals(0.25, Signals.goertzelAmplitude(mono, 440, 44100), 0.03, "440 Hz");
    assertEquals(0.25, Signals.goertzelAmplitude(mono, 1000, 44100), 0.03, "1000 Hz");
  }

  @Test
  void mp3EncoderDelayAndPaddingAreRemoved() throws Exception {
    DecodedAudio decoded = loader.decode(Signals.resource("tone440-44100-stereo.mp3"));

    assertEquals(44100, decoded.samples().length);
    // Sample-aligned with the source: the decoded start correlates with the source sine's start.
    float[] reference = Signals.sine(440, 0.5, 44100, 4410, 1);
    double dot = 0;
    double energy = 0;
    for (int i = 0; i < reference.length; i++) {
      dot += decoded.samples()[i] * reference[i];
      energy += reference[i] * reference[i];
    }
    assertTrue(dot / energy > 0.9, "correlation with the source start was " + dot / energy);
  }

  @Test
  void anId3TagInFrontOfMp3OrFlacChangesNothing() throws Exception {
    for (String file : new String[] {"tone440-44100-stereo.mp3", "tone440-16000-stereo.flac"}) {
      byte[] plain = Signals.resource(file);
      byte[] tagged = withId3Tag(plain, 300);

      assertEquals(AudioFormat.detect(plain), AudioFormat.detect(tagged), file);
      assertEquals(
          loader.decode(plain).samples().length, loader.decode(tagged).samples().length, file);
    }
  }

  /** An ID3v2.3 tag holding {@code size} bytes of padding (sizes are 7 bits per byte). */
  private static byte[] withId3Tag(byte[] audio, int size) {
    byte[] out = new byte[10 + size + audio.length];
    out[0] = 'I';
    out[1] = 'D';
    out[2] = '3';
    out[3] = 3;
    out[8] = (byte) (size >> 7);
    out[9] = (byte) (size & 0x7f);
    System.arraycopy(audio, 0, out, 10 + size, audio.length);
    return out;
  }
}
