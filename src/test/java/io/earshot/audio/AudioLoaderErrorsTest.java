package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioDecodeException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal has its reason and a message that tells the sender what to do. */
class AudioLoaderErrorsTest {

  /** Without ffmpeg, so that unknown formats are refused the same way on every machine. */
  private final AudioLoader loader = new AudioLoader(AudioLimits.defaults(), Optional.empty());

  private AudioDecodeException refusal(AudioLoader with, byte[] bytes) {
    return assertThrows(AudioDecodeException.class, () -> with.load(bytes));
  }

  @Test
  void emptyUploadIsUndecodable() {
    AudioDecodeException e = refusal(loader, new byte[0]);
    assertEquals(Reason.UNDECODABLE, e.reason());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void textIsAnUnsupportedFormatAndTheMessageShowsWhatWasSent() {
    byte[] html = "<!DOCTYPE html><html>not audio</html>".getBytes(StandardCharsets.UTF_8);
    AudioDecodeException e = refusal(loader, html);
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertTrue(e.getMessage().contains("<!DOCTYP"), e.getMessage());
    assertTrue(e.getMessage().contains("WAV, MP3, FLAC"), e.getMessage());
  }

  @Test
  void knownButUnsupportedFormatsAreNamed() {
    byte[] m4a = new byte[32];
    System.arraycopy("ftypM4A ".getBytes(StandardCharsets.US_ASCII), 0, m4a, 4, 8);
    AudioDecodeException e = refusal(loader, m4a);
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals(
        "MP4/M4A (AAC or ALAC) is not supported; send WAV, MP3, FLAC, Ogg Vorbis or AIFF",
        e.getMessage());
  }

  @Test
  void aFileOverTheByteLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
    AudioLoader small =
        new AudioLoader(AudioLimits.defaults().withMaxBytes(1000), Optional.empty());
    Path file = Files.write(dir.resolve("big.wav"), WavEncoder.pcm16(new float[4410], 22050, 1));
    assertEquals(
        Reason.TOO_LARGE,
        assertThrows(AudioDecodeException.class, () -> small.load(file)).reason());
    Path fine = Files.write(dir.resolve("fine.wav"), WavEncoder.pcm16(new float[4410], 22050, 1));
    assertEquals(4410, loader.load(fine).samples().length);
  }

  @Test
  void truncatedHeadersAreUndecodable() {
    byte[] wav = WavEncoder.pcm16(Signals.sine(440, 0.5, 22050, 22050, 1), 22050, 1);
    byte[] flac = Signals.resource("tone440-16000-stereo.flac");
    byte[] ogg = Signals.resource("tone440-48000-stereo.ogg");
    byte[] aiff = Signals.resource("tone440-11025-mono.aiff");
    for (byte[] head :
        new byte[][] {
          Arrays.copyOf(wav, 30),
          Arrays.copyOf(flac, 20),
          Arrays.copyOf(ogg, 60),
          Arrays.copyOf(aiff, 30)
        }) {
      AudioDecodeException e = refusal(loader, head);
      assertEquals(Reason.UNDECODABLE, e.reason(), e.getMessage());
    }
  }

  @Test
  void aClipShorterThanOneAnalysisFrameIsTooShort() {
    byte[] wav = WavEncoder.pcm16(Signals.sine(440, 0.5, 22050, 1102, 1), 22050, 1); // 0.05 s
    AudioDecodeException e = refusal(loader, wav);
    assertEquals(Reason.TOO_SHORT, e.reason());
    assertEquals("clip is 0.05 s long; at least 0.093 s is needed", e.getMessage());
  }

  @Test
  void aClipLongerThanTheLimitIsTooLongBeforeItIsDecoded() {
    AudioLoader strict =
        new AudioLoader(AudioLimits.defaults().withMaxDurationSeconds(1.0), Optional.empty());
    byte[] wav = WavEncoder.pcm16(new float[3 * 8000], 8000, 1);
    AudioDecodeException e = refusal(strict, wav);
    assertEquals(Reason.TOO_LONG, e.reason());
    assertTrue(e.getMessage().contains("3 s long; at most 1 s"), e.getMessage());
  }

  @Test
  void compressedClipsLongerThanTheLimitAreStoppedWhileDecoding() {
    AudioLoader strict =
        new AudioLoader(AudioLimits.defaults().withMaxDurationSeconds(0.5), Optional.empty());
    for (String file :
        new String[] {
          "tone440-44100-stereo.mp3", "tone440-48000-stereo.ogg", "tone440-16000-stereo.flac"
        }) {
      AudioDecodeException e = refusal(strict, Signals.resource(file));
      assertEquals(Reason.TOO_LONG, e.reason(), file + ": " + e.getMessage());
    }
  }

  @Test
  void anUploadOverTheByteLimitIsTooLarge() {
    AudioLoader small =
        new AudioLoader(AudioLimits.defaults().withMaxBytes(1024 * 1024), Optional.empty());
    byte[] wav = WavEncoder.pcm16(new float[600_000], 22050, 1); // 1.2 MB
    AudioDecodeException e = refusal(small, wav);
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("at most 1.0 MB"), e.getMessage());
  }

  @Test
  void decodingPastTheTimeBudgetTimesOut() {
    AudioLoader hurried =
        new AudioLoader(AudioLimits.defaults().withDecodeTimeBudgetMillis(1), Optional.empty());
    // A minute of 48 kHz audio: far more than one millisecond of work.
    byte[] wav = WavEncoder.pcm16(new float[48_000 * 60], 48_000, 1);
    AudioDecodeException e = refusal(hurried, wav);
    assertEquals(Reason.TIMEOUT, e.reason());
    assertTrue(e.getMessage().contains("budget"), e.getMessage());
  }

  @Test
  void aSupportedContainerWithAnUnsupportedCodecSaysWhich() {
    byte[] aiff = Signals.resource("tone440-11025-mono.aiff").clone();
    // Turn it into AIFF-C with an "ima4" compression type in a 22-byte COMM chunk.
    byte[] aifc = aifcWithCompression(aiff, "ima4");
    AudioDecodeException e = refusal(loader, aifc);
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertTrue(e.getMessage().contains("ima4"), e.getMessage());
  }

  /** Rewrites a plain AIFF's header as AIFF-C, inserting a compression type after COMM's fields. */
  private static byte[] aifcWithCompression(byte[] aiff, String compression) {
    int comm = new String(aiff, StandardCharsets.ISO_8859_1).indexOf("COMM");
    int commSize = 18;
    byte[] out = new byte[aiff.length + 4];
    System.arraycopy(aiff, 0, out, 0, comm + 8 + commSize);
    System.arraycopy(
        compression.getBytes(StandardCharsets.US_ASCII), 0, out, comm + 8 + commSize, 4);
    System.arraycopy(
        aiff, comm + 8 + commSize, out, comm + 8 + commSize + 4, aiff.length - comm - 8 - commSize);
    System.arraycopy("AIFC".getBytes(StandardCharsets.US_ASCII), 0, out, 8, 4);
    out[comm + 7] = (byte) (commSize + 4);
    return out;
  }
}
