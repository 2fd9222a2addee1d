package io.earshot.features;

import static io.earshot.features.AnalysisParameters.HOP;

import java.util.Arrays;

/**
 * A window's frames, from a recording's: the interior frames are copied from the recording's one
 * pass, and the few that reach past the window's edges, which {@link FeatureExtractor#extract}
 * fills with zeros, are analysed again from the window's own samples (docs/FEATURES.md, "Windows of
 * a recording"). Immutable; safe to share between threads.
 */
final class WindowFrames {

  /**
   * Samples at each end of a window analysed from the window alone: one frame, which holds the two
   * frames that reach past the start and, from a grid-aligned start, the ones that reach past the
   * end.
   */
  private static final int EDGE_SAMPLES = AnalysisParameters.FRAME;

  private final SpectralPass pass;

  WindowFrames(SpectralPass pass) {
    this.pass = pass;
  }

  /**
   * Fills {@code window} with the spectral and pitch frames of samples [start, start + length):
   * interior frames from the recording's, edge frames from the window's own samples. Returns the
   * spectral frame count.
   */
  int fill(
      float[] x,
      int start,
      int length,
      Workspace all,
      int recordingFrames,
      int recordingPitchFrames,
      Workspace window,
      Workspace edges) {
    int count = SpectralPass.frameCount(length);
    int pitchCount = PitchTracker.frameCount(length);
    window.ensureFrames(count);
    window.ensurePitchFrames(pitchCount);
    if (length <= 2 * EDGE_SAMPLES) { // a short window: every frame is near an edge
      float[] own = Arrays.copyOfRange(x, start, start + length);
      pass.framesWithCepstra(own, edges);
      PitchTracker.track(own, edges);
      window.copyFrames(edges, 0, 0, count);
      window.copyPitchFrames(edges, 0, 0, pitchCount);
      return count;
    }
    int firstFrame = start / HOP;
    int firstPitch = start / AnalysisParameters.PITCH_HOP;
    window.copyFrames(all, firstFrame, 0, Math.min(count, recordingFrames - firstFrame));
    window.copyPitchFrames(
        all, firstPitch, 0, Math.min(pitchCount, recordingPitchFrames - firstPitch));
    // the head: frames centred less than half a frame after the start reach before it; only those
    // frames of the piece are analysed (and below, only the tail's)
    int headFrames = (AnalysisParameters.FRAME / 2 + HOP - 1) / HOP;
    pass.framesWithCepstra(
        Arrays.copyOfRange(x, start, start + EDGE_SAMPLES), edges, 0, headFrames);
    window.copyFrames(edges, 0, 0, headFrames);
    // the tail, from a piece that starts on the grid so its frames line up with the window's
    int tailStart =
        (length - EDGE_SAMPLES) / FeatureExtractor.WINDOW_GRID * FeatureExtractor.WINDOW_GRID;
    float[] tail = Arrays.copyOfRange(x, start + tailStart, start + length);
    int firstTailFrame = (length - AnalysisParameters.FRAME / 2) / HOP + 1;
    int shift = tailStart / HOP;
    pass.framesWithCepstra(tail, edges, firstTailFrame - shift, count - shift);
    window.copyFrames(edges, firstTailFrame - shift, firstTailFrame, count - firstTailFrame);
    int pitchShift = tailStart / AnalysisParameters.PITCH_HOP;
    int firstTailPitch =
        Math.max(0, (length - AnalysisParameters.PITCH_FRAME) / AnalysisParameters.PITCH_HOP);
    PitchTracker.track(tail, edges, firstTailPitch - pitchShift, pitchCount - pitchShift);
    window.copyPitchFrames(
        edges, firstTailPitch - pitchShift, firstTailPitch, pitchCount - firstTailPitch);
    return count;
  }
}
