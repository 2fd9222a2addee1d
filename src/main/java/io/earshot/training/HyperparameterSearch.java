package io.earshot.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Random search over the tree parameters, each trial scored by stratified group k-fold
 * cross-validation with early stopping (which also picks its round count). Trial 1 is always the
 * given parameters, so the choice is never worse than them by the cross-validated score. When the
 * time budget runs out, the running trial stops growing, is scored at its best round so far, and no
 * further trial starts.
 */
final class HyperparameterSearch {

  private HyperparameterSearch() {}

  /**
   * @param best the winning parameters, rounds set to its best round count
   * @param oofMargins out-of-fold margins of the winner at that round count, row i for {@code
   *     oofRows[i]}
   */
  record Outcome(
      TrainingParams best,
      TrialResult bestTrial,
      TrialResult firstTrial,
      List<TrialResult> trials,
      int folds,
      int[] oofRows,
      float[][] oofMargins) {}

  static Outcome run(
      TrainingData data,
      int[] rows,
      double[] classWeights,
      TrainingParams base,
      TrainingListener listener)
      throws XGBoostError {
    SearchParams search = base.search();
    int folds = foldCount(data, rows, search.folds());
    List<GroupSplits.Split> splits =
        GroupSplits.kFold(rows, data.clipIds, data.y, folds, base.seed());
    // folds train side by side on Java threads; each booster gets what is left of nthread
    int parallelFolds = Math.min(folds, base.nthread());
    int threadsPerFold =
        Math.max(1, Math.min(base.threadsFor(rows.length), base.nthread() / parallelFolds));
    List<DMatrix[]> matrices = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + search.timeSeconds() * 1_000_000_000L;
    try {
      for (GroupSplits.Split split : splits) {
        matrices.add(
            new DMatrix[] {
              data.matrix(split.train(), classWeights),
              data.matrix(split.validation(), classWeights)
            });
      }
      Random random = new Random(base.seed());
      List<TrialResult> trials = new ArrayList<>();
      TrialResult bestTrial = null;
      TrainingParams best = null;
      float[][] oofMargins = null;
      int[] oofRows = null;
      for (int t = 0; t < search.trials(); t++) {
        if (t > 0 && System.nanoTime() - deadline > 0) {
          break;
        }
        TrainingParams candidate = t == 0 ? base : sample(base, random);
        int maxRounds = t == 0 ? base.rounds() : search.maxRounds();
        BoosterRounds.CvFit fit =
            BoosterRounds.crossValidate(
                candidate.boosterParams(data.numClasses(), threadsPerFold),
                matrices,
                maxRounds,
                base.earlyStoppingRounds(),
                deadline,
                parallelFolds,
                listener);
        try {
          TrainingParams fitted = candidate.withRounds(fit.bestRounds());
          TrialResult trial =
              new TrialResult(
                  t + 1,
                  search.trials(),
                  withRounds(fitted),
                  TrainingParams.metricName(data.numClasses()),
                  fit.mean(),
                  fit.std(),
                  fit.bestRounds(),
                  elapsed(start));
          trials.add(trial);
          listener.onTrial(trial);
          if (bestTrial == null || trial.cvMean() < bestTrial.cvMean()) {
            bestTrial = trial;
            best = fitted;
            oofRows = concatValidationRows(splits);
            oofMargins = outOfFoldMargins(fit, matrices);
          }
        } finally {
          fit.boosters().forEach(Booster::dispose);
        }
      }
      return new Outcome(best, bestTrial, trials.get(0), trials, folds, oofRows, oofMargins);
    } finally {
      matrices.forEach(
          pair -> {
            pair[0].dispose();
            pair[1].dispose();
          });
    }
  }

  /** The requested folds, fewer when a class has fewer training clips than that (never < 2). */
  private static int foldCount(TrainingData data, int[] rows, int requested) {
    int minClips =
        Arrays.stream(GroupSplits.clipsPerClass(rows, data.clipIds, data.y, data.numClasses()))
            .min()
            .orElse(0);
    return Math.max(2, Math.min(requested, minClips));
  }

  static Map<String, Object> withRounds(TrainingParams params) {
    Map<String, Object> m = params.treeParams();
    m.put("rounds", params.rounds());
    return m;
  }

  private static TrainingParams sample(TrainingParams base, Random random) {
    return base.withTree(
        2 + random.nextInt(9),
        logUniform(random, 0.02, 0.3),
        logUniform(random, 0.5, 8),
        0.6 + 0.4 * random.nextDouble(),
        0.5 + 0.5 * random.nextDouble(),
        logUniform(random, 0.1, 10),
        base.search().maxRounds());
  }

  private static double logUniform(Random random, double lo, double hi) {
    return Math.exp(Math.log(lo) + random.nextDouble() * (Math.log(hi) - Math.log(lo)));
  }

  private static float[][] outOfFoldMargins(BoosterRounds.CvFit fit, List<DMatrix[]> matrices)
      throws XGBoostError {
    List<float[]> rows = new ArrayList<>();
    for (int f = 0; f < matrices.size(); f++) {
      float[][] margins =
          BoosterRounds.margins(fit.boosters().get(f), matrices.get(f)[1], fit.bestRounds());
      rows.addAll(List.of(margins));
    }
    return rows.toArray(new float[0][]);
  }

  private static int[] concatValidationRows(List<GroupSplits.Split> splits) {
    return splits.stream().flatMapToInt(s -> Arrays.stream(s.validation())).toArray();
  }

  private static double elapsed(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
