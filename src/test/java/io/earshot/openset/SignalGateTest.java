package io.earshot.openset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SignalGateTest {
  private static final int RATE = 22_050;
  private final SignalGate gate = new SignalGate(SignalGate.DEFAULT_FLOOR_DBFS);

  @Test
  void digitalSilenceAndAnEmptyClipHaveNoLevelAtAll() {
    assertEquals(Double.NEGATIVE_INFINITY, SignalGate.loudestFrameDbfs(new float[RATE]));
    assertEquals(Double.NEGATIVE_INFINITY, SignalGate.loudestFrameDbfs(new float[0]));
    assertTrue(gate.isSilent(SignalGate.loudestFrameDbfs(new float[RATE])));
  }

  @Test
  void levelsAreRelativeToAFullScaleSquare() {
    float[] square = new float[RATE];
    float[] sine = new float[RATE];
    for (int i = 0; i < RATE; i++) {
      square[i] = (i / 50) % 2 == 0 ? 1f : -1f;
      sine[i] = (float) Math.sin(2 * Math.PI * 1000 * i / RATE);
    }
    assertEquals(0.0, SignalGate.loudestFrameDbfs(square), 1e-6);
    assertEquals(-3.01, SignalGate.loudestFrameDbfs(sine), 0.02);
  }

  @Test
  void ditherAndTheSelfNoiseOfAnIdleInputAreSilent() {
    assertTrue(gate.isSilent(SignalGate.loudestFrameDbfs(noise(RATE, -96, 1))));
    assertTrue(gate.isSilent(SignalGate.loudestFrameDbfs(noise(RATE, -80, 2))));
  }

  @Test
  void aShortFaintCallInAQuietFieldRecordingIsNotSilent() {
    float[] field = noise(3 * RATE, -78, 3); // a quiet night: recorder noise near -78 dBFS
    int start = RATE; // one 80 ms call at -50 dBFS, a second into the recording
    double amplitude = Math.pow(10, -50 / 20.0) * Math.sqrt(2);
    for (int i = 0; i < RATE * 8 / 100; i++) {
      field[start + i] += (float) (amplitude * Math.sin(2 * Math.PI * 3000 * i / RATE));
    }
    double level = SignalGate.loudestFrameDbfs(field);
    assertTrue(level > -56 && level < -49, "the call's frames set the level: " + level);
    assertFalse(gate.isSilent(level));
  }

  @Test
  void aShortLastFrameCountsOnlyWhenItIsTheWholeClip() {
    float[] clip = new float[SignalGate.FRAME + 10];
    for (int i = SignalGate.FRAME; i < clip.length; i++) {
      clip[i] = 0.5f; // ten loud samples after a silent frame are too few to count
    }
    assertEquals(Double.NEGATIVE_INFINITY, SignalGate.loudestFrameDbfs(clip));
    float[] tiny = {0.5f, -0.5f, 0.5f};
    assertEquals(20 * Math.log10(0.5), SignalGate.loudestFrameDbfs(tiny), 1e-9);
  }

  @Test
  void theActiveSpanLeavesOutQuietEdgesButKeepsAMinimumLength() {
    float[] x = new float[10 * SignalGate.FRAME];
    for (int i = 4 * SignalGate.FRAME; i < 7 * SignalGate.FRAME; i++) {
      x[i] = 0.1f; // frames 4, 5 and 6 hold a sound, the rest is digital silence
    }
    assertArrayEquals(
        new int[] {4 * SignalGate.FRAME, 3 * SignalGate.FRAME},
        gate.activeSpan(x, 0, x.length, SignalGate.FRAME));
    int[] widened = gate.activeSpan(x, 0, x.length, 5 * SignalGate.FRAME);
    assertEquals(5 * SignalGate.FRAME, widened[1], "widened to the minimum");
    assertTrue(
        widened[0] <= 4 * SignalGate.FRAME && widened[0] + widened[1] >= 7 * SignalGate.FRAME);
    int[] edge =
        gate.activeSpan(x, 6 * SignalGate.FRAME, 4 * SignalGate.FRAME, 3 * SignalGate.FRAME);
    assertArrayEquals(
        new int[] {6 * SignalGate.FRAME, 3 * SignalGate.FRAME}, edge, "widened inside the stretch");
    assertArrayEquals(
        new int[] {0, 3 * SignalGate.FRAME},
        gate.activeSpan(x, 0, 3 * SignalGate.FRAME, SignalGate.FRAME),
        "nothing above the floor: the whole stretch");
  }

  @Test
  void theFloorMustBeANegativeLevel() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SignalGate(3));
    assertTrue(e.getMessage().contains("silence_floor_dbfs"));
    assertThrows(IllegalArgumentException.class, () -> new SignalGate(Double.NaN));
  }

  /** Gaussian noise with the given RMS level. */
  private static float[] noise(int n, double dbfs, long seed) {
    Random random = new Random(seed);
    double sigma = Math.pow(10, dbfs / 20);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (sigma * random.nextGaussian());
    }
    return out;
  }
}
