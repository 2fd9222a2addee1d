package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.features.FeatureCatalog;
import io.earshot.features.FeatureExtractor;
import io.earshot.model.DriftReference;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftWatchTest {
  private static final List<String> NAMES = new FeatureExtractor().schema().names();
  private static final int WIDTH = NAMES.size();

  @Test
  void belowTheMinimumWindowThereIsNoLevel() {
    DriftWatch watch = new DriftWatch(500);
    Random random = new Random(1);
    DriftReference reference = DriftReference.of(vectors(random, 1000, -1), WIDTH);
    for (float[] v : vectors(random, DriftWatch.MINIMUM_WINDOW - 1, -1)) {
      watch.record(v);
    }
    DriftWatch.Report report = watch.report(reference, NAMES).orElseThrow();
    assertEquals(DriftWatch.MINIMUM_WINDOW - 1, report.window());
    assertTrue(report.groups().isEmpty());
    assertEquals("insufficient_data", report.level());
  }

  @Test
  void aShiftInOneFeatureShowsInItsGroupOnly() {
    int shifted = NAMES.indexOf("spectral_centroid_mean");
    String group = FeatureCatalog.groupOf(NAMES.get(shifted));
    Random random = new Random(2);
    DriftReference reference = DriftReference.of(vectors(random, 2000, -1), WIDTH);
    DriftWatch watch = new DriftWatch(400);
    for (float[] v : vectors(random, 400, shifted)) {
      watch.record(v);
    }
    DriftWatch.Report report = watch.report(reference, NAMES).orElseThrow();
    assertEquals(400, report.window());
    for (DriftWatch.GroupDrift g : report.groups()) {
      if (g.group().equals(group)) {
        assertEquals("spectral_centroid_mean", g.worstFeature());
        assertTrue(g.maxPsi() > 1, "the shifted feature's PSI: " + g.maxPsi());
      } else {
        assertEquals("stable", g.level(), g.toString());
      }
    }
    assertTrue(report.groups().stream().anyMatch(g -> g.group().equals(group)));
  }

  @Test
  void theWindowKeepsOnlyTheLatestClips() {
    Random random = new Random(3);
    DriftReference reference = DriftReference.of(vectors(random, 2000, -1), WIDTH);
    DriftWatch watch = new DriftWatch(DriftWatch.MINIMUM_WINDOW);
    int shifted = NAMES.indexOf("rms_mean");
    for (float[] v : vectors(random, 300, shifted)) {
      watch.record(v); // an old shift...
    }
    for (float[] v : vectors(random, DriftWatch.MINIMUM_WINDOW, -1)) {
      watch.record(v); // ...pushed out by normal clips
    }
    DriftWatch.Report report = watch.report(reference, NAMES).orElseThrow();
    assertEquals(DriftWatch.MINIMUM_WINDOW, report.window());
    assertEquals("stable", report.level(), report.toString());
  }

  @Test
  void aReferenceOfAnotherWidthGivesNoReport() {
    DriftReference narrow = DriftReference.of(new float[10][3], 3);
    assertTrue(new DriftWatch(10).report(narrow, NAMES).isEmpty());
  }

  /** Standard normal features; the one at {@code shifted} (when >= 0) moved by 3. */
  private static float[][] vectors(Random random, int n, int shifted) {
    float[][] out = new float[n][WIDTH];
    for (float[] v : out) {
      for (int f = 0; f < WIDTH; f++) {
        v[f] = (float) random.nextGaussian() + (f == shifted ? 3 : 0);
      }
    }
    return out;
  }
}
