package io.earshot.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Generated labelled data with known structure. */
public final class SyntheticData {

  private SyntheticData() {}

  public static List<String> featureNames(int dims) {
    return IntStream.range(0, dims).mapToObj(i -> "f" + i).toList();
  }

  /**
   * Gaussian blobs: class c is centred at a random point of a cube of side {@code spread}, unit
   * variance; each clip yields {@code variants} samples (clip centre plus small jitter), as
   * augmentation would.
   */
  public static List<LabeledSample> blobs(
      int classes, int clipsPerClass, int variants, int dims, double spread, long seed) {
    Random random = new Random(seed);
    double[][] centres = new double[classes][dims];
    for (double[] centre : centres) {
      for (int d = 0; d < dims; d++) {
        centre[d] = random.nextDouble() * spread;
      }
    }
    List<LabeledSample> samples = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      for (int clip = 0; clip < clipsPerClass; clip++) {
        float[] base = new float[dims];
        for (int d = 0; d < dims; d++) {
          base[d] = (float) (centres[c][d] + random.nextGaussian());
        }
        addVariants(samples, "class" + c, "c" + c + "-clip" + clip, base, variants, 0.05, random);
      }
    }
    return samples;
  }

  public static void addVariants(
      List<LabeledSample> samples,
      String label,
      String clipId,
      float[] base,
      int variants,
      double jitter,
      Random random) {
    for (int v = 0; v < variants; v++) {
      float[] f = base.clone();
      for (int d = 0; d < f.length; d++) {
        f[d] += (float) (jitter * random.nextGaussian());
      }
      samples.add(new LabeledSample(clipId, label, f));
    }
  }

  public static TrainingParams quick() {
    return TrainingParams.defaults().withSearch(SearchParams.OFF);
  }
}
