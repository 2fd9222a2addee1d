package io.earshot.features;

import static io.earshot.features.AnalysisParameters.PITCH_FRAME;
import static io.earshot.features.AnalysisParameters.PITCH_HOP;

import java.util.Arrays;

/**
 * Frame-wise fundamental frequency with {@link Yin} (TarsosDSP FastYin's YIN on real FFTs). Pitch
 * has its own short frames (1024 samples, 46 ms, enough for f0 down to 43 Hz) because YIN works in
 * the time domain; it does not touch the STFT. Frames quieter than -60 dBFS RMS, or with an
 * estimate outside 50–2000 Hz, count as unvoiced (f0 = 0).
 */
final class PitchTracker {

  private PitchTracker() {}

  static int frameCount(int samples) {
    return samples <= PITCH_FRAME ? 1 : 1 + (samples - PITCH_FRAME + PITCH_HOP - 1) / PITCH_HOP;
  }

  /**
   * Fills {@code ws.f0} with one estimate per frame (Hz, 0 when unvoiced); returns the frame count.
   */
  static int track(float[] x, Workspace ws) {
    return track(x, ws, 0, frameCount(x.length));
  }

  /**
   * {@link #track} for frames [from, to) only, each at its own index; returns the frame count of
   * the whole of {@code x}.
   */
  static int track(float[] x, Workspace ws, int from, int to) {
    int frames = frameCount(x.length);
    SpectralPass.requireRange("pitch frames", from, to, frames);
    ws.ensurePitchFrames(frames);
    float[] frame = ws.pitchFrame;
    for (int t = from; t < to; t++) {
      int begin = t * PITCH_HOP;
      int available = Math.max(0, Math.min(PITCH_FRAME, x.length - begin));
      System.arraycopy(x, begin, frame, 0, available);
      Arrays.fill(frame, available, PITCH_FRAME, 0f);
      double sumSquares = SpectralPass.sumOfSquares(frame, 0, PITCH_FRAME);
      float f0 = 0;
      if (Math.sqrt(sumSquares / PITCH_FRAME) >= AnalysisParameters.PITCH_SILENCE_RMS) {
        float hz = ws.yin.pitch(frame);
        if (hz >= AnalysisParameters.PITCH_MIN_HZ && hz <= AnalysisParameters.PITCH_MAX_HZ) {
          f0 = hz;
        }
      }
      ws.f0[t] = f0;
    }
    return frames;
  }

  /**
   * Summary of a pitch track: median f0 (Hz), spread (inter-quartile range in cents), voiced
   * fraction, and stability (median absolute change in cents between consecutive voiced frames).
   * All 0 when nothing is voiced.
   */
  static void summarize(
      float[] f0, int frames, float[] cents, float[] steps, float[] out, int offset) {
    int voiced = 0;
    int stepCount = 0;
    for (int t = 0; t < frames; t++) {
      if (f0[t] > 0) {
        float c = 1200 * FastLog.log2(f0[t] / 440f);
        cents[voiced++] = c;
        if (t > 0 && f0[t - 1] > 0) {
          steps[stepCount++] = Math.abs(c - cents[voiced - 2]);
        }
      }
    }
    if (voiced == 0) {
      out[offset] = 0;
      out[offset + 1] = 0;
      out[offset + 2] = 0;
      out[offset + 3] = 0;
      return;
    }
    float medianCents = Stats.percentile(cents, voiced, 50);
    out[offset] = (float) (440 * Math.pow(2, medianCents / 1200.0));
    out[offset + 1] = Stats.percentile(cents, voiced, 75) - Stats.percentile(cents, voiced, 25);
    out[offset + 2] = (float) voiced / frames;
    out[offset + 3] = stepCount == 0 ? 0 : Stats.percentile(steps, stepCount, 50);
  }
}
