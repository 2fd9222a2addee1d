package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioDecodeException.Reason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A recording streamed from disk gives exactly the samples of the whole file, in any format. */
class RecordingStreamTest {
  private static final double DAY = 24 * 3600.0;

  /** Without ffmpeg, so that unknown formats are refused the same way on every machine. */
  private final AudioLoader loader =
      new AudioLoader(AudioLimits.defaults().withMaxBytes(1L << 30), Optional.empty());

  @TempDir Path dir;

  static Stream<Arguments> wavVariants() {
    Stream.Builder<Arguments> all = Stream.builder();
    for (int rate : new int[] {8000, 22050, 44100, 48000}) {
      for (int channels : new int[] {1, 2}) {
        all.add(Arguments.of(rate, 16, false, channels, false));
        all.add(Arguments.of(rate, 32, true, channels, false));
      }
    }
    all.add(Arguments.of(16000, 8, false, 1, false));
    all.add(Arguments.of(96000, 24, false, 2, true));
    all.add(Arguments.of(44100, 32, false, 6, false));
    all.add(Arguments.of(11025, 64, true, 1, true));
    return all.build();
  }

  @ParameterizedTest(name = "{0} Hz, {1}-bit, float={2}, {3} ch, extensible={4}")
  @MethodSource("wavVariants")
  void aWavStreamsExactlyTheSamplesOfTheWholeFile(
      int rate, int bits, boolean floating, int channels, boolean extensible) throws Exception {
    int frames = 3 * rate + 17; // several source blocks, and not a whole number of them
    byte[] wav =
        WavEncoder.encode(
            signal(frames * channels, rate), rate, channels, bits, floating, extensible);
    Path file = write("r.wav", wav);

    try (RecordingStream stream = loader.openRecording(file, DAY)) {
      assertTrue(stream.streamed());
      assertEquals("wav", stream.format());
      assertEquals(rate, stream.sourceRate());
      assertEquals(channels, stream.sourceChannels());
      assertEquals((double) frames / rate, stream.durationSeconds().orElseThrow(), 1e-12);
      assertArrayEquals(loader.load(wav).samples(), readAll(stream, new Random(rate)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "crossformat/clip.flac, flac, true",
    "tone440-16000-stereo.flac, flac, true",
    "tone440-8000-mono-24bit.flac, flac, true",
    "tone440-11025-mono.aiff, aiff, true",
    "tone440-8000-ulaw.wav, wav, true",
    "tone440-8000-alaw.wav, wav, true",
    "crossformat/clip.mp3, mp3, false",
    "tone440-44100-stereo.mp3, mp3, false",
    "crossformat/clip.ogg, vorbis, false"
  })
  void everyFormatGivesTheSamplesOfTheWholeFile(String name, String decoder, boolean streamed)
      throws Exception {
    byte[] bytes = Signals.resource(name);
    Path file = write("recording", bytes);
    try (RecordingStream stream = loader.openRecording(file, DAY)) {
      assertEquals(streamed, stream.streamed());
      assertTrue(stream.format().startsWith(decoder), stream.format());
      assertArrayEquals(loader.load(bytes).samples(), readAll(stream, new Random(7)));
      assertEquals(-1, stream.read(new float[10], 0, 10), "and then nothing more");
    }
  }

  @Test
  void flacFramesAreHandedOutInPiecesOfAnySize() throws Exception {
    byte[] bytes = Signals.resource("crossformat/clip.flac");
    Path file = write("clip.flac", bytes);
    DecodeBudget budget = new DecodeBudget(AudioLimits.defaults());
    float[] whole = new FlacReader().read(bytes, budget).samples();
    float[] pieces = new float[whole.length + 10];
    int at = 0;
    try (FlacBlocks blocks =
        FlacBlocks.open(file, FlacReader.locate(bytes, bytes.length), budget)) {
      assertEquals(whole.length, blocks.declaredFrames());
      assertEquals(0, blocks.read(new float[0], budget));
      while (at < whole.length) {
        float[] piece = new float[1 + at % 5000];
        int n = blocks.read(piece, budget);
        System.arraycopy(piece, 0, pieces, at, n);
        at += n;
      }
      assertEquals(-1, blocks.read(new float[100], budget));
    }
    assertArrayEquals(whole, Arrays.copyOf(pieces, at));
  }

  @Test
  void aWavWrittenWhileRecordingIsReadToTheEndOfTheFile() throws Exception {
    byte[] wav = WavEncoder.pcm16(signal(3 * 48000, 48000), 48000, 1);
    byte[] placeholder = wav.clone();
    ByteBuffer.wrap(placeholder).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xffffffff);
    try (RecordingStream stream = loader.openRecording(write("live.wav", placeholder), DAY)) {
      assertEquals(3.0, stream.durationSeconds().orElseThrow(), 1e-12);
      assertArrayEquals(loader.load(wav).samples(), readAll(stream, new Random(1)));
    }
  }

  @Test
  void aRecordingLongerThanTheLimitIsRefusedFromItsHeader() throws Exception {
    Path file = write("long.wav", WavEncoder.pcm16(new float[3 * 22050], 22050, 1));
    AudioDecodeException e =
        assertThrows(AudioDecodeException.class, () -> loader.openRecording(file, 2));
    assertEquals(Reason.TOO_LONG, e.reason());
    assertTrue(e.getMessage().contains("at most 2 s"), e.getMessage());
  }

  @Test
  void aRecordingShorterThanOneAnalysisFrameIsTooShortAtItsEnd() throws Exception {
    Path file = write("short.wav", WavEncoder.pcm16(new float[1000], 22050, 1));
    try (RecordingStream stream = loader.openRecording(file, DAY)) {
      AudioDecodeException e =
          assertThrows(AudioDecodeException.class, () -> readAll(stream, new Random(3)));
      assertEquals(Reason.TOO_SHORT, e.reason());
    }
  }

  @Test
  void somethingThatIsNotAudioIsRefusedBeforeItIsReadWhole() throws Exception {
    Path text = write("notes.txt", "just some words, not audio".getBytes(StandardCharsets.UTF_8));
    AudioDecodeException e =
        assertThrows(AudioDecodeException.class, () -> loader.openRecording(text, DAY));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    Path empty = write("empty.wav", new byte[0]);
    assertEquals(
        Reason.UNDECODABLE,
        assertThrows(AudioDecodeException.class, () -> loader.openRecording(empty, DAY)).reason());
  }

  @Test
  void aFormatDecodedWholeIsRefusedPastItsBoundsNamingThemAndWavOrFlac() throws Exception {
    Path big = write("big.mp3", Signals.resource("tone440-44100-stereo.mp3"));
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(RecordingStream.WHOLE_DECODE_MAX_BYTES + 1); // sparse: no disk taken
    }
    AudioDecodeException tooBig =
        assertThrows(AudioDecodeException.class, () -> loader.openRecording(big, DAY));
    assertEquals(Reason.TOO_LARGE, tooBig.reason());
    assertTrue(tooBig.getMessage().contains("at most 64 MB"), tooBig.getMessage());
    assertTrue(tooBig.getMessage().contains("WAV or FLAC"), tooBig.getMessage());

    byte[] mp3 = Signals.resource("tone440-44100-stereo.mp3");
    AudioDecodeException tooMany =
        assertThrows(
            AudioDecodeException.class,
            () -> loader.decode(mp3, loader.limits(), 1000, "no more than 1000 samples"));
    assertEquals(Reason.TOO_LONG, tooMany.reason());
    assertEquals("no more than 1000 samples", tooMany.getMessage());
  }

  @Test
  void theDurationLimitStillHoldsWhereTheHeaderDoesNotSayIt() throws Exception {
    // STREAMINFO without a sample count: the limit stops the stream while it is read
    byte[] flac = Signals.resource("crossformat/clip.flac").clone();
    int info = 8; // after "fLaC" and the block header
    flac[info + 13] &= (byte) 0xf0;
    Arrays.fill(flac, info + 14, info + 18, (byte) 0);
    try (RecordingStream stream = loader.openRecording(write("unsized.flac", flac), 1.0)) {
      assertFalse(stream.durationSeconds().isPresent());
      AudioDecodeException e =
          assertThrows(AudioDecodeException.class, () -> readAll(stream, new Random(5)));
      assertEquals(Reason.TOO_LONG, e.reason());
    }
  }

  /** Reads to the end in pieces of random length. */
  private static float[] readAll(RecordingStream stream, Random random)
      throws IOException, AudioDecodeException {
    float[] out = new float[1 << 16];
    int size = 0;
    while (true) {
      int want = 1 + random.nextInt(20_000);
      if (size + want > out.length) {
        out = Arrays.copyOf(out, 2 * (size + want));
      }
      int n = stream.read(out, size, want);
      if (n < 0) {
        return Arrays.copyOf(out, size);
      }
      size += n;
    }
  }

  /** Tones and noise loud enough to be clipped now and then: every sample differs. */
  private static float[] signal(int samples, long seed) {
    Random random = new Random(seed);
    float[] x = new float[samples];
    for (int i = 0; i < samples; i++) {
      x[i] = (float) (0.6 * Math.sin(i * 0.05) + 0.3 * random.nextGaussian());
    }
    return x;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }
}
