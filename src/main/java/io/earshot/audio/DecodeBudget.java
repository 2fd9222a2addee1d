package io.earshot.audio;

import io.earshot.audio.AudioDecodeException.Reason;
import java.util.Locale;

/**
 * The time and duration allowance of one decode. Decoders call {@link #checkTime()} between frames,
 * so a slow or looping input ends with {@link Reason#TIMEOUT} instead of holding a worker.
 */
final class DecodeBudget {

  private final AudioLimits limits;
  private final long deadlineNanos;
  private final long frameCap;
  private final String capRefusal;

  DecodeBudget(AudioLimits limits) {
    this(limits, Long.MAX_VALUE, "");
  }

  /**
   * A budget that also holds the decoded audio to {@code frameCap} frames whatever the rate (a
   * recording decoded whole, where memory and not duration is the bound); {@code capRefusal} is the
   * message when that cap, not the duration limit, is what the audio exceeds.
   */
  DecodeBudget(AudioLimits limits, long frameCap, String capRefusal) {
    this.limits = limits;
    this.deadlineNanos = System.nanoTime() + limits.decodeTimeBudgetMillis() * 1_000_000L;
    this.frameCap = frameCap;
    this.capRefusal = capRefusal;
  }

  AudioLimits limits() {
    return limits;
  }

  /** Most frames (samples per channel) a source at {@code sampleRate} may have. */
  long maxFrames(int sampleRate) {
    return Math.min(durationFrames(sampleRate), frameCap);
  }

  private long durationFrames(int sampleRate) {
    return (long) Math.floor(limits.maxDurationSeconds() * sampleRate);
  }

  private boolean capBinds(int sampleRate) {
    return frameCap < durationFrames(sampleRate);
  }

  void checkTime() throws AudioDecodeException {
    if (Thread.currentThread().isInterrupted() || System.nanoTime() - deadlineNanos > 0) {
      throw timeout(limits);
    }
  }

  /** Fails early when a header already declares more audio than allowed. */
  void checkDeclaredFrames(long frames, int sampleRate) throws AudioDecodeException {
    if (frames > maxFrames(sampleRate)) {
      throw capBinds(sampleRate)
          ? new AudioDecodeException(Reason.TOO_LONG, capRefusal)
          : tooLong((double) frames / sampleRate);
    }
  }

  AudioDecodeException tooLong(double seconds) {
    return new AudioDecodeException(
        Reason.TOO_LONG,
        String.format(
            Locale.ROOT,
            "clip is %s s long; at most %s s is accepted: trim it or split it into shorter clips",
            seconds(seconds),
            seconds(limits.maxDurationSeconds())));
  }

  AudioDecodeException tooLongSoFar(int sampleRate) {
    if (capBinds(sampleRate)) {
      return new AudioDecodeException(Reason.TOO_LONG, capRefusal);
    }
    return new AudioDecodeException(
        Reason.TOO_LONG,
        String.format(
            Locale.ROOT,
            "clip is longer than the %s s limit: trim it or split it into shorter clips",
            seconds(limits.maxDurationSeconds())));
  }

  static AudioDecodeException timeout(AudioLimits limits) {
    return new AudioDecodeException(
        Reason.TIMEOUT,
        String.format(
            Locale.ROOT,
            "decoding took longer than the %s s budget; the file may be corrupt or unusually complex:"
                + " re-encode it as WAV or FLAC and try again",
            seconds(limits.decodeTimeBudgetMillis() / 1000.0)));
  }

  /** Seconds with up to three decimals, without trailing zeros ("0.093", "600"). */
  static String seconds(double s) {
    String text = String.format(Locale.ROOT, "%.3f", s);
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }
}
