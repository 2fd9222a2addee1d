package io.earshot.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the windows of a recording start and end: every {@code hop} seconds a window of {@code
 * window} seconds, the last one cut at the end of the recording and kept only when at least half a
 * window long (or when it is the only one).
 *
 * @param windowSeconds length of one window
 * @param hopSeconds distance between window starts, at most the window (no gaps between windows)
 */
public record WindowPlan(double windowSeconds, double hopSeconds) {

  /** Shortest window: below this the clip-level features have too few frames to mean much. */
  public static final double MIN_WINDOW_SECONDS = 0.5;

  /** Longest window: longer and a window is a clip, which /predictions already answers. */
  public static final double MAX_WINDOW_SECONDS = 60;

  public WindowPlan {
    if (!(windowSeconds >= MIN_WINDOW_SECONDS && windowSeconds <= MAX_WINDOW_SECONDS)) {
      throw new IllegalArgumentException(
          "window_s must be between "
              + MIN_WINDOW_SECONDS
              + " and "
              + MAX_WINDOW_SECONDS
              + " seconds, got "
              + windowSeconds);
    }
    if (!(hopSeconds > 0 && hopSeconds <= windowSeconds)) {
      throw new IllegalArgumentException(
          "hop_s must be more than 0 and at most window_s ("
              + windowSeconds
              + " s) so that no stretch of the recording goes unheard, got "
              + hopSeconds);
    }
  }

  /** A plan with the default hop: half a window. */
  public static WindowPlan of(double windowSeconds) {
    return new WindowPlan(windowSeconds, windowSeconds / 2);
  }

  /** One window: where it starts and ends, in seconds from the start of the recording. */
  public record Window(int index, double startSeconds, double endSeconds) {}

  /** The windows of a recording of {@code durationSeconds}, in order. */
  public List<Window> windows(double durationSeconds) {
    return windows(durationSeconds, 0);
  }

  /**
   * The windows of a recording of {@code durationSeconds} from index {@code from} on, when every
   * earlier one ended before the recording did (as the ones {@link #windowsEndingBefore} gives).
   */
  public List<Window> windows(double durationSeconds, int from) {
    List<Window> out = new ArrayList<>();
    for (int k = from; ; k++) {
      double start = k * hopSeconds;
      if (start >= durationSeconds) {
        break;
      }
      double end = Math.min(start + windowSeconds, durationSeconds);
      if (k > 0 && end - start < windowSeconds / 2) {
        break;
      }
      out.add(new Window(k, start, end));
      if (end >= durationSeconds) {
        break; // this window already reaches the end; later ones would only repeat its tail
      }
    }
    return out;
  }

  /**
   * The windows from index {@code from} on that end before {@code seconds}: what {@link
   * #windows(double)} gives for any recording longer than that, so a recording read in blocks can
   * be cut into its windows before its length is known.
   */
  public List<Window> windowsEndingBefore(double seconds, int from) {
    List<Window> out = new ArrayList<>();
    for (int k = from; ; k++) {
      double start = k * hopSeconds;
      double end = start + windowSeconds;
      if (!(end < seconds)) {
        return out;
      }
      out.add(new Window(k, start, end));
    }
  }
}
