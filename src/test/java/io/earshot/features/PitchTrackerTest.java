package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PitchTrackerTest {

  /** A range of pitch frames gets the whole track's values there and leaves the rest alone. */
  @Test
  void aRangeOfFramesEqualsThoseFramesOfTheWholeTrack() {
    float[] x = new float[9000];
    for (int n = 0; n < x.length; n++) {
      double hz = n < 4000 ? 220 : 330;
      x[n] = (float) (0.4 * Math.sin(2 * Math.PI * hz * n / AnalysisParameters.SAMPLE_RATE));
    }
    Workspace whole = new Workspace(0);
    int frames = PitchTracker.track(x, whole);
    Workspace part = new Workspace(0);
    part.ensurePitchFrames(frames);
    Arrays.fill(part.f0, -1f);
    assertEquals(frames, PitchTracker.track(x, part, 2, 6));
    for (int t = 0; t < frames; t++) {
      float expected = t >= 2 && t < 6 ? whole.f0[t] : -1f;
      assertEquals(expected, part.f0[t], 0f, "frame " + t);
    }
    assertEquals(330, part.f0[5], 5, "a voiced frame, at its pitch");
    assertThrows(IllegalArgumentException.class, () -> PitchTracker.track(x, part, -1, 2));
    assertThrows(IllegalArgumentException.class, () -> PitchTracker.track(x, part, 0, frames + 1));
  }
}
