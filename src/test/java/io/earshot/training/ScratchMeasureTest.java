package io.earshot.training;

import io.earshot.model.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchMeasureTest {
  @Test
  void measure() throws Exception {
    // 1. blobs 6 classes, with default search on
    List<LabeledSample> blobs = SyntheticData.blobs(6, 40, 2, 8, 6, 11);
    long t = System.nanoTime();
    TrainingResult off = Trainer.train(blobs, "s", SyntheticData.featureNames(8), SyntheticData.quick(), TrainingListener.NONE);
    System.out.printf("blobs no-search: acc=%.3f f1=%.3f auc=%.4f T=%.3f ece %.3f->%.3f rounds=%s time=%.2fs%n", off.metrics().accuracy(), off.metrics().macroF1(), off.metrics().rocAuc(),
        off.bundle().metadata().calibration().temperature(), off.bundle().metadata().calibration().eceBefore(), off.bundle().metadata().calibration().eceAfter(), off.bundle().metadata().chosenParams().get("rounds"), (System.nanoTime()-t)/1e9);
    t = System.nanoTime();
    TrainingResult on = Trainer.train(blobs, "s", SyntheticData.featureNames(8), TrainingParams.defaults(), TrainingListener.NONE);
    System.out.printf("blobs default search (12 trials, 5 folds): acc=%.3f f1=%.3f T=%.3f ece %.3f->%.3f cv=%s time=%.2fs%n", on.metrics().accuracy(), on.metrics().macroF1(),
        on.bundle().metadata().calibration().temperature(), on.bundle().metadata().calibration().eceBefore(), on.bundle().metadata().calibration().eceAfter(), on.bundle().metadata().cv(), (System.nanoTime()-t)/1e9);
    // 2. noisy labels calibration
    Random random = new Random(5);
    List<LabeledSample> noisy = new ArrayList<>();
    for (LabeledSample s : SyntheticData.blobs(3, 200, 1, 4, 2.5, 8)) {
      String label = random.nextDouble() < 0.35 ? "class" + random.nextInt(3) : s.label();
      noisy.add(new LabeledSample(s.clipId(), label, s.features()));
    }
    TrainingResult n = Trainer.train(noisy, "s", SyntheticData.featureNames(4), SyntheticData.quick().withTree(10, 0.3, 0, 1, 1, 0, 60).withSearch(new SearchParams(1, 60, 3)), TrainingListener.NONE);
    System.out.println("noisy calibration: " + n.bundle().metadata().calibration());
    // 3. prediction throughput
    try (Classifier c = new Classifier(on.bundle(), "s", 8)) {
      float[] f = blobs.get(0).features();
      for (int i = 0; i < 2000; i++) c.probabilities(f);
      t = System.nanoTime();
      for (int i = 0; i < 5000; i++) c.probabilities(f);
      System.out.printf("single predict: %.1f us/call%n", (System.nanoTime()-t)/1e3/5000);
      t = System.nanoTime();
      for (int i = 0; i < 500; i++) c.explain(f, 5);
      System.out.printf("explain: %.1f us/call%n", (System.nanoTime()-t)/1e3/500);
    }
  }
}
