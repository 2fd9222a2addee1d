package io.earshot.audio;

import io.earshot.audio.AudioDecodeException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Turns uploaded bytes into an {@link AudioClip}: size check, format detection from magic bytes,
 * decoding, mixing to mono, resampling to {@link AudioClip#ANALYSIS_RATE}, duration checks.
 *
 * <p>Decoding runs on a separate daemon thread that the caller waits for at most the time budget:
 * decoders check the budget between frames and stop by themselves, and should a third-party decoder
 * ever loop inside one frame the caller still returns with {@link Reason#TIMEOUT}. Memory is
 * bounded by the duration limit, which decoders enforce before they allocate.
 *
 * <p>Blocking: call it from a worker thread, never from an event loop. Thread-safe.
 */
public final class AudioLoader {

  /** Extra wait beyond the budget, so that cooperative checks normally report the timeout. */
  private static final long WATCHDOG_GRACE_MILLIS = 500;

  private static final ExecutorService DECODE_THREADS = Executors.newCachedThreadPool(daemons());

  private final AudioLimits limits;
  private final FfmpegReader ffmpeg;

  public AudioLoader(AudioLimits limits) {
    this(limits, FfmpegReader.onPath());
  }

  AudioLoader(AudioLimits limits, Optional<FfmpegReader> ffmpeg) {
    this.limits = limits;
    this.ffmpeg = ffmpeg.orElse(null);
  }

  public AudioLimits limits() {
    return limits;
  }

  /** Decodes, mixes to mono and resamples to the analysis rate. */
  public AudioClip load(byte[] bytes) throws AudioDecodeException {
    DecodedAudio decoded = decode(bytes);
    float[] samples =
        decoded.sampleRate() == AudioClip.ANALYSIS_RATE
            ? decoded.samples()
            : Resampler.resample(decoded.samples(), decoded.sampleRate(), AudioClip.ANALYSIS_RATE);
    return new AudioClip(samples, AudioClip.ANALYSIS_RATE);
  }

  /**
   * Reads and loads a file, refusing one over the byte limit before reading it. I/O failures (a
   * missing or unreadable file) are thrown as they are.
   */
  public AudioClip load(Path file) throws IOException, AudioDecodeException {
    long size = Files.size(file);
    if (size > limits.maxBytes()) {
      throw tooLarge(size);
    }
    return load(Files.readAllBytes(file));
  }

  /**
   * Opens a recording to be read block by block, in memory bounded whatever its length (see {@link
   * RecordingStream}). WAV, AIFF and FLAC are streamed from the file; other formats are decoded
   * whole within the bounds {@link RecordingStream} names. I/O failures are thrown as they are.
   *
   * @param maxSeconds the longest recording accepted (refused from the header when it says)
   */
  public RecordingStream openRecording(Path file, double maxSeconds)
      throws IOException, AudioDecodeException {
    return RecordingStream.open(file, this, limits.withMaxDurationSeconds(maxSeconds));
  }

  /** Decodes and mixes to mono at the source rate, applying every limit. */
  public DecodedAudio decode(byte[] bytes) throws AudioDecodeException {
    return decode(bytes, limits, Long.MAX_VALUE, "");
  }

  /**
   * The same {@code within} other limits (same byte limit and time budget), holding the decoded
   * audio to {@code frameCap} frames ({@code capRefusal} is the message when the audio has more).
   */
  DecodedAudio decode(byte[] bytes, AudioLimits within, long frameCap, String capRefusal)
      throws AudioDecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new AudioDecodeException(
          Reason.UNDECODABLE, "the upload is empty (0 bytes): send the audio file's contents");
    }
    if (bytes.length > within.maxBytes()) {
      throw tooLarge(bytes.length);
    }
    Optional<AudioFormat> format = AudioFormat.detect(bytes);
    FormatReader reader = readerFor(format, bytes);
    DecodedAudio decoded =
        withinBudget(
            reader,
            bytes,
            format.map(AudioFormat::displayName).orElse("audio"),
            () -> new DecodeBudget(within, frameCap, capRefusal));
    checkMinimum(decoded.durationSeconds(), within);
    return decoded;
  }

  /** Refuses audio shorter than the limits allow. */
  static void checkMinimum(double seconds, AudioLimits limits) throws AudioDecodeException {
    if (seconds < limits.minDurationSeconds()) {
      throw new AudioDecodeException(
          Reason.TOO_SHORT,
          String.format(
              Locale.ROOT,
              "clip is %s s long; at least %s s is needed",
              DecodeBudget.seconds(seconds),
              DecodeBudget.seconds(Math.ceil(limits.minDurationSeconds() * 1000) / 1000)));
    }
  }

  /** The reader for a detected format, or ffmpeg; refuses what neither can decode. */
  FormatReader readerFor(Optional<AudioFormat> format, byte[] bytes) throws AudioDecodeException {
    if (format.isPresent()) {
      return switch (format.get()) {
        case WAV -> new WavReader();
        case MP3 -> new Mp3Reader();
        case FLAC -> new FlacReader();
        case OGG_VORBIS -> new VorbisReader();
        case AIFF -> new AiffReader();
      };
    }
    if (ffmpeg != null) {
      return ffmpeg;
    }
    String what =
        AudioFormat.describeUnsupported(bytes)
            .map(name -> name + " is not supported")
            .orElseGet(
                () -> "unrecognised audio format (file starts with " + describeHead(bytes) + ")");
    throw new AudioDecodeException(
        Reason.UNSUPPORTED_FORMAT, what + "; send WAV, MP3, FLAC, Ogg Vorbis or AIFF");
  }

  /** Runs one reader under the watchdog; package-private so tests can pass misbehaving readers. */
  DecodedAudio withinBudget(FormatReader reader, byte[] bytes, String formatName)
      throws AudioDecodeException {
    return withinBudget(reader, bytes, formatName, () -> new DecodeBudget(limits));
  }

  private DecodedAudio withinBudget(
      FormatReader reader, byte[] bytes, String formatName, Supplier<DecodeBudget> budgets)
      throws AudioDecodeException {
    Future<DecodedAudio> task = DECODE_THREADS.submit(() -> reader.read(bytes, budgets.get()));
    try {
      return task.get(
          limits.decodeTimeBudgetMillis() + WATCHDOG_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | CancellationException e) {
      task.cancel(true);
      throw DecodeBudget.timeout(limits);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new AudioDecodeException(Reason.TIMEOUT, "decoding was interrupted", e);
    } catch (ExecutionException e) {
      throw asDecodeException(e.getCause(), formatName);
    }
  }

  /** Anything a third-party decoder throws (even an Error) means the data could not be decoded. */
  private static AudioDecodeException asDecodeException(Throwable cause, String formatName) {
    if (cause instanceof AudioDecodeException known) {
      return known;
    }
    // The decoder's own words mean little to a sender; the exception type helps the logs.
    String detail = "the decoder failed (" + cause.getClass().getSimpleName() + ")";
    return FormatReader.undecodable(formatName, detail, cause);
  }

  AudioDecodeException tooLarge(long bytes) {
    return new AudioDecodeException(
        Reason.TOO_LARGE,
        String.format(
            Locale.ROOT,
            "upload is %s; at most %s is accepted: send a shorter or compressed clip",
            megabytes(bytes),
            megabytes(limits.maxBytes())));
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }

  /** The first bytes as printable text, so a person can see what was sent (HTML, JSON...). */
  private static String describeHead(byte[] bytes) {
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      text.append(bytes[i] >= 0x20 && bytes[i] < 0x7f ? (char) bytes[i] : '.');
    }
    return text.append('"').toString();
  }

  private static ThreadFactory daemons() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "earshot-audio-decode-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
