package io.earshot.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a live stream of mono samples into the windows of a {@link WindowPlan}, as soon as each is
 * complete, keeping only the samples that a window still to come needs: memory stays at about one
 * window whatever the stream's length.
 */
public final class LiveWindows {
  private final WindowPlan plan;
  private final int rate;
  private final int windowSamples;
  private float[] buffer;
  private int buffered;

  /** Stream position (in samples) of buffer[0]. */
  private long bufferStart;

  private int nextIndex;

  public LiveWindows(WindowPlan plan, int sampleRate) {
    this.plan = plan;
    this.rate = sampleRate;
    this.windowSamples = (int) Math.round(plan.windowSeconds() * sampleRate);
    this.buffer = new float[windowSamples * 2];
  }

  /** A complete window: its place in the stream and its samples at the stream's rate. */
  public record Window(int index, double startSeconds, double endSeconds, float[] samples) {}

  /** Appends samples; returns the windows they complete, in order. */
  public List<Window> accept(float[] samples) {
    ensureRoom(samples.length);
    System.arraycopy(samples, 0, buffer, buffered, samples.length);
    buffered += samples.length;
    List<Window> ready = new ArrayList<>();
    while (true) {
      long start = Math.round(nextIndex * plan.hopSeconds() * rate);
      long end = start + windowSamples;
      if (end > bufferStart + buffered) {
        break;
      }
      int from = (int) (start - bufferStart);
      ready.add(
          new Window(
              nextIndex,
              (double) start / rate,
              (double) end / rate,
              Arrays.copyOfRange(buffer, from, from + windowSamples)));
      nextIndex++;
      discardBefore(Math.round(nextIndex * plan.hopSeconds() * rate));
    }
    return ready;
  }

  /** Samples held now (at most about two windows' worth). */
  public int buffered() {
    return buffered;
  }

  private void discardBefore(long position) {
    int drop = (int) Math.min(buffered, Math.max(0, position - bufferStart));
    System.arraycopy(buffer, drop, buffer, 0, buffered - drop);
    buffered -= drop;
    bufferStart += drop;
  }

  private void ensureRoom(int more) {
    if (buffered + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffered + more, buffer.length * 2));
    }
  }
}
