package io.earshot.audio;

import io.earshot.audio.AudioDecodeException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A recording read from a file as mono at {@link AudioClip#ANALYSIS_RATE}, a block at a time, in
 * memory bounded whatever its length: the samples are exactly those {@link AudioLoader#load(Path)}
 * gives for the whole file (same decoding, mixing, clipping and resampling; {@link
 * StreamingResampler}), so a recording analysed in blocks is the recording analysed whole.
 *
 * <p>WAV (RIFF, RF64; every coding {@code WavReader} reads), AIFF and FLAC are streamed: only their
 * header is read up front, then a block of {@value #SOURCE_BLOCK} source samples at a time. MP3,
 * Ogg Vorbis and what only ffmpeg decodes are decoded whole first (their decoders work on the whole
 * upload), and so are held to {@value #WHOLE_DECODE_MAX_BYTES} bytes of file and {@value
 * #WHOLE_DECODE_MAX_SAMPLES} decoded samples (15 minutes at 48 kHz, 173 MB of floats); a longer one
 * is refused with a message that suggests WAV or FLAC.
 *
 * <p>The duration limit is checked against the header before any audio is read where the header
 * says (WAV, AIFF, FLAC with a sample count), and while reading otherwise. The decode time budget
 * holds for each {@link #read} (and for a whole decode). Not thread-safe; blocking.
 */
public final class RecordingStream implements Closeable {

  /** Source samples decoded at a time. */
  static final int SOURCE_BLOCK = 16_384;

  /** Largest file of a format that is decoded whole. */
  public static final long WHOLE_DECODE_MAX_BYTES = 64L * 1024 * 1024;

  /** Most samples (mono, at the source rate) of a format that is decoded whole. */
  public static final long WHOLE_DECODE_MAX_SAMPLES = 900L * 48_000;

  /** The header of a streamed format must lie in this much of the file's start. */
  private static final int HEAD_BYTES = 1 << 20;

  private final MonoBlocks source;
  private final AudioLimits limits;
  private final StreamingResampler resampler;
  private final float[] block = new float[SOURCE_BLOCK];
  private final long maxFrames;
  private long sourceFrames;

  private RecordingStream(MonoBlocks source, AudioLimits limits) throws AudioDecodeException {
    this.source = source;
    this.limits = limits;
    this.resampler = new StreamingResampler(source.sampleRate(), AudioClip.ANALYSIS_RATE);
    DecodeBudget budget = new DecodeBudget(limits);
    this.maxFrames = budget.maxFrames(source.sampleRate());
    if (source.declaredFrames() >= 0) {
      budget.checkDeclaredFrames(source.declaredFrames(), source.sampleRate());
    }
  }

  static RecordingStream open(Path file, AudioLoader loader, AudioLimits limits)
      throws IOException, AudioDecodeException {
    long size = Files.size(file);
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes((int) Math.min(size, HEAD_BYTES));
    }
    Optional<AudioFormat> format = AudioFormat.detect(head);
    MonoBlocks source = streamed(file, format, head, size, limits);
    if (source == null) {
      source = decodedWhole(file, format, head, size, loader, limits);
    }
    try {
      return new RecordingStream(source, limits);
    } catch (AudioDecodeException e) {
      source.close();
      throw e;
    }
  }

  /** WAV, AIFF or FLAC from the file; null for other formats or a header past the head. */
  private static MonoBlocks streamed(
      Path file, Optional<AudioFormat> format, byte[] head, long size, AudioLimits limits)
      throws IOException, AudioDecodeException {
    if (format.isEmpty()) {
      return null;
    }
    try {
      return switch (format.get()) {
        case WAV -> new PcmBlocks(file, WavReader.locate(head, size));
        case AIFF -> new PcmBlocks(file, AiffReader.locate(head, size));
        case FLAC -> FlacBlocks.open(file, FlacReader.locate(head, size), new DecodeBudget(limits));
        default -> null;
      };
    } catch (AudioDecodeException e) {
      if (head.length == size) {
        throw e; // the whole file was there to see: the whole-file decoder would say the same
      }
      return null; // the header reaches past the head (a large tag): decode it whole
    }
  }

  private static MonoBlocks decodedWhole(
      Path file,
      Optional<AudioFormat> format,
      byte[] head,
      long size,
      AudioLoader loader,
      AudioLimits limits)
      throws IOException, AudioDecodeException {
    if (size > 0) {
      loader.readerFor(format, head); // an unsupported format is refused before it is read
    }
    if (size > limits.maxBytes()) {
      throw loader.tooLarge(size);
    }
    String name = format.map(AudioFormat::displayName).orElse("This format");
    String convert =
        ": convert it to WAV or FLAC, which are analysed as they are read, at any length";
    if (size > WHOLE_DECODE_MAX_BYTES) {
      throw new AudioDecodeException(
          Reason.TOO_LARGE,
          String.format(
              Locale.ROOT,
              "%s is decoded whole before analysis, so a recording in it may be at most %d MB;"
                  + " this one is %.1f MB%s",
              name,
              WHOLE_DECODE_MAX_BYTES >> 20,
              size / (1024.0 * 1024.0),
              convert));
    }
    String tooMany =
        String.format(
            Locale.ROOT,
            "%s is decoded whole before analysis, so a recording in it may hold at most %,d"
                + " samples (15 min at 48 kHz); this one holds more%s",
            name,
            WHOLE_DECODE_MAX_SAMPLES,
            convert);
    byte[] bytes = Files.readAllBytes(file);
    return new DecodedBlocks(loader.decode(bytes, limits, WHOLE_DECODE_MAX_SAMPLES, tooMany));
  }

  /** The decoder's name: "wav", "aiff", "flac", "mp3", "ffmpeg"... */
  public String format() {
    return source.decoder();
  }

  /** True when read from the file as it goes; false when decoded whole first. */
  public boolean streamed() {
    return source.streamed();
  }

  public int sourceRate() {
    return source.sampleRate();
  }

  public int sourceChannels() {
    return source.channels();
  }

  /** The length the header gives, for progress; empty when it does not say. */
  public OptionalDouble durationSeconds() {
    long frames = source.declaredFrames();
    return frames < 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) frames / source.sampleRate());
  }

  /**
   * Reads the next samples at the analysis rate into {@code out[offset..offset + length)}; returns
   * how many (fewer only at the end), or -1 once the recording has ended.
   *
   * @throws AudioDecodeException when the data cannot be decoded, the recording turns out longer
   *     than the limit (or shorter, at its end), or decoding a block overruns the time budget
   */
  public int read(float[] out, int offset, int length) throws IOException, AudioDecodeException {
    DecodeBudget budget = new DecodeBudget(limits);
    int done = 0;
    while (done < length) {
      done += resampler.drain(out, offset + done, length - done);
      if (done == length || resampler.drained()) {
        break;
      }
      int count = source.read(block, budget);
      if (count < 0) {
        AudioLoader.checkMinimum((double) sourceFrames / source.sampleRate(), limits);
        resampler.finish();
        continue;
      }
      sourceFrames += count;
      if (sourceFrames > maxFrames) {
        throw budget.tooLongSoFar(source.sampleRate());
      }
      resampler.push(block, 0, count);
    }
    return done == 0 && length > 0 ? -1 : done;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
