package io.earshot.audio;

import java.util.Objects;

/**
 * An upload that cannot become an {@link AudioClip}. The message says what was wrong and what the
 * sender can do about it; {@link #reason()} lets the HTTP layer choose the status (415 for {@link
 * Reason#UNSUPPORTED_FORMAT}, 413 for {@link Reason#TOO_LARGE}, 422 otherwise).
 */
public final class AudioDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** Not a format Earshot reads. */
    UNSUPPORTED_FORMAT,
    /** A known format, but the data is corrupt, truncated or uses an unsupported encoding. */
    UNDECODABLE,
    /** Shorter than the minimum duration. */
    TOO_SHORT,
    /** Longer than the maximum duration. */
    TOO_LONG,
    /** More bytes than accepted. */
    TOO_LARGE,
    /** Decoding exceeded its time budget. */
    TIMEOUT
  }

  private final Reason reason;

  public AudioDecodeException(Reason reason, String message) {
    this(reason, message, null);
  }

  public AudioDecodeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
