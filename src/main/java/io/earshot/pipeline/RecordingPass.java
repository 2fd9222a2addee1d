package io.earshot.pipeline;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.Segment;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.RecordingStream;
import io.earshot.features.FeatureExtractor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One recording analysed block by block, with the result of {@link
 * RecordingAnalyzer#analyze(ActiveModel, AudioClip, RecordingAnalyzer.Request)} for the whole
 * recording, exactly.
 *
 * <p>A sliding buffer holds the audio that windows not yet answered may need. Each step appends a
 * block, answers every window that lies wholly in the buffer and can no longer change (it ends
 * before what has been read, by at least half a grid step, where a snapped start can push it), and
 * drops the samples no later window needs. The buffer always starts on the {@link
 * FeatureExtractor#WINDOW_GRID} of the recording, so the frames of the buffer's STFT are the frames
 * of the whole recording's, and a window snapped there is snapped where it would be in the whole
 * recording: every vector is bit for bit the same, and so are the levels, the answers and the
 * events. At most {@link #bufferBound} samples are held, whatever the recording's length.
 *
 * <p>The recording's length, which fixes its last windows, is known at its end; windows that end
 * before the audio read so far are the same for every length, and are answered as they come.
 */
final class RecordingPass {
  private static final int RATE = AudioClip.ANALYSIS_RATE;
  private static final int GRID = FeatureExtractor.WINDOW_GRID;

  private final RecordingAnalyzer analyzer;
  private final ActiveModel model;
  private final RecordingAnalyzer.Request request;
  private final RecordingAnalyzer.Listener listener;
  private final int blockSamples;
  private final List<Segment> segments = new ArrayList<>();
  private float[] buffer = new float[0];
  private long offset; // the recording's sample at buffer[0]
  private int next; // the first window not yet answered
  private long maxBuffered;

  RecordingPass(
      RecordingAnalyzer analyzer,
      ActiveModel model,
      RecordingAnalyzer.Request request,
      RecordingAnalyzer.Listener listener,
      int blockSamples) {
    this.analyzer = analyzer;
    this.model = model;
    this.request = request;
    this.listener = listener;
    this.blockSamples = blockSamples;
  }

  /**
   * The most samples the pass holds at once: a block, the window that may still need audio from
   * before it, and up to two grid steps (the buffer's start rounded down to the grid, and a
   * window's start snapped half a step earlier).
   */
  static long bufferBound(int blockSamples, WindowPlan plan) {
    return blockSamples + (long) Math.ceil(plan.windowSeconds() * RATE) + 2L * GRID;
  }

  AnalysisResult run(RecordingStream recording) throws IOException, AudioDecodeException {
    double total = recording.durationSeconds().orElse(Double.NaN);
    WindowPlan plan = request.plan();
    boolean ended = false;
    while (!ended) {
      if (listener.cancelled()) {
        throw new AnalysisCancelledException(seconds(offset + buffer.length), total);
      }
      ended = readBlock(recording);
      long read = offset + buffer.length;
      List<WindowPlan.Window> ready =
          ended
              ? plan.windows(seconds(read), next)
              : plan.windowsEndingBefore(seconds(read - GRID / 2), next);
      if (!ready.isEmpty()) {
        AudioClip audio = new AudioClip(buffer, RATE);
        segments.addAll(analyzer.answer(model, audio, offset, ready, request));
        next += ready.size();
      }
      listener.onProgress(seconds(read), ended ? seconds(read) : total);
      if (!ended) {
        dropBefore(Math.round(next * plan.hopSeconds() * RATE));
      }
    }
    return RecordingAnalyzer.result(model, request, seconds(offset + buffer.length), segments);
  }

  /** The most samples held at once so far (the buffer's length after each block is read). */
  long maxBufferedSamples() {
    return maxBuffered;
  }

  /** Appends up to a block; true when the recording has ended. */
  private boolean readBlock(RecordingStream recording) throws IOException, AudioDecodeException {
    float[] grown = Arrays.copyOf(buffer, buffer.length + blockSamples);
    maxBuffered = Math.max(maxBuffered, grown.length);
    int filled = buffer.length;
    while (filled < grown.length) {
      int count = recording.read(grown, filled, grown.length - filled);
      if (count < 0) {
        break;
      }
      filled += count;
    }
    buffer = filled == grown.length ? grown : Arrays.copyOf(grown, filled);
    return filled < grown.length;
  }

  /**
   * Drops what no window from sample {@code start} on needs: the active span of such a window
   * starts at or after its own start, and is snapped at most half a grid step earlier.
   */
  private void dropBefore(long start) {
    long keep = Math.max(0, start - GRID / 2) / GRID * GRID;
    int drop = (int) (keep - offset); // never past the buffer: that window starts in it
    if (drop > 0) {
      buffer = Arrays.copyOfRange(buffer, drop, buffer.length);
      offset += drop;
    }
  }

  private static double seconds(long samples) {
    return (double) samples / RATE;
  }
}
