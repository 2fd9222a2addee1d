package io.earshot.pipeline;

import java.util.Locale;
import java.util.concurrent.CancellationException;

/** A recording's analysis stopped because its listener asked it to, between two blocks. */
public final class AnalysisCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  /**
   * @param analysedSeconds how far the analysis had come
   * @param totalSeconds the recording's length, or NaN when it was not known
   */
  public AnalysisCancelledException(double analysedSeconds, double totalSeconds) {
    super(
        Double.isNaN(totalSeconds)
            ? String.format(Locale.ROOT, "analysis cancelled after %.1f s", analysedSeconds)
            : String.format(
                Locale.ROOT,
                "analysis cancelled after %.1f s of %.1f s",
                analysedSeconds,
                totalSeconds));
  }
}
