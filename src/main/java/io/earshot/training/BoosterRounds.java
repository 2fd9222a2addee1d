package io.earshot.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Grows boosters one round at a time so that every round can be reported, cancelled and used for
 * early stopping. The metric (log loss) is lower-is-better.
 */
final class BoosterRounds {

  private BoosterRounds() {}

  /** A booster and the round count that scored best on the validation data. */
  record Fit(Booster booster, int bestRounds, double bestMetric) {}

  /** Boosters of every fold and the round count with the best mean validation metric. */
  record CvFit(List<Booster> boosters, int bestRounds, double mean, double std) {}

  /**
   * @param validation null for none; then no early stopping and the fit keeps all rounds
   * @param earlyStopping rounds without improvement before stopping; 0 to train all rounds
   */
  static Fit fit(
      Map<String, Object> params,
      DMatrix train,
      DMatrix validation,
      int rounds,
      int earlyStopping,
      String phase,
      TrainingListener listener)
      throws XGBoostError {
    Booster booster = XGBoost.train(train, params, 0, Map.of(), null, null);
    DMatrix[] sets = validation == null ? new DMatrix[] {train} : new DMatrix[] {train, validation};
    String[] names = validation == null ? new String[] {"train"} : new String[] {"train", "valid"};
    String metric = (String) params.get("eval_metric");
    long start = System.nanoTime();
    double best = Double.POSITIVE_INFINITY;
    int bestRounds = rounds;
    try {
      for (int i = 0; i < rounds; i++) {
        checkCancelled(listener, phase, i);
        booster.update(train, i);
        double[] values = parseMetrics(booster.evalSet(sets, names, i));
        double validationValue = validation == null ? Double.NaN : values[1];
        listener.onRound(progress(phase, i, rounds, values[0], validationValue, metric, start));
        if (validation != null && earlyStopping > 0) {
          if (validationValue < best) {
            best = validationValue;
            bestRounds = i + 1;
          } else if (i + 1 - bestRounds >= earlyStopping) {
            break;
          }
        }
      }
    } catch (XGBoostError | RuntimeException e) {
      booster.dispose();
      throw e;
    }
    return new Fit(booster, bestRounds, best);
  }

  /**
   * Trains one booster per fold in lock-step and stops when the mean validation metric has not
   * improved for {@code earlyStopping} rounds, like xgb.cv.
   *
   * @param folds pairs of (train, validation) matrices
   * @param deadlineNanos {@link System#nanoTime()} after which no new round starts; the fit is then
   *     scored at its best round so far
   * @param parallelFolds how many folds grow at once. Each fold always runs on its own thread,
   *     whatever this is, because XGBoost's random engine is thread-local: results then depend on
   *     the seed only, not on which thread happened to pick up which fold.
   */
  static CvFit crossValidate(
      Map<String, Object> params,
      List<DMatrix[]> folds,
      int maxRounds,
      int earlyStopping,
      long deadlineNanos,
      int parallelFolds,
      TrainingListener listener)
      throws XGBoostError {
    List<Booster> boosters = new ArrayList<>();
    List<ExecutorService> threads = new ArrayList<>();
    Semaphore running = new Semaphore(parallelFolds);
    try {
      for (DMatrix[] fold : folds) {
        boosters.add(XGBoost.train(fold[0], params, 0, Map.of(), null, null));
        threads.add(Executors.newSingleThreadExecutor());
      }
      String metric = (String) params.get("eval_metric");
      long start = System.nanoTime();
      double bestMean = Double.POSITIVE_INFINITY;
      double bestStd = 0;
      int bestRounds = 1;
      for (int i = 0; i < maxRounds; i++) {
        checkCancelled(listener, "cv", i);
        double[] perFold = boostFolds(boosters, folds, i, threads, running);
        double mean = mean(perFold);
        listener.onRound(progress("cv", i, maxRounds, Double.NaN, mean, metric, start));
        if (mean < bestMean) {
          bestMean = mean;
          bestStd = std(perFold, mean);
          bestRounds = i + 1;
        } else if (i + 1 - bestRounds >= earlyStopping) {
          break;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
          break;
        }
      }
      return new CvFit(boosters, bestRounds, bestMean, bestStd);
    } catch (XGBoostError | RuntimeException e) {
      boosters.forEach(Booster::dispose);
      throw e;
    } finally {
      threads.forEach(ExecutorService::shutdownNow);
    }
  }

  /** One round on every fold; returns each fold's validation metric. */
  private static double[] boostFolds(
      List<Booster> boosters,
      List<DMatrix[]> folds,
      int round,
      List<ExecutorService> threads,
      Semaphore running)
      throws XGBoostError {
    List<Future<Double>> futures = new ArrayList<>();
    for (int f = 0; f < folds.size(); f++) {
      Booster booster = boosters.get(f);
      DMatrix[] fold = folds.get(f);
      futures.add(
          threads
              .get(f)
              .submit(
                  () -> {
                    running.acquire();
                    try {
                      booster.update(fold[0], round);
                      return parseMetrics(
                          booster.evalSet(new DMatrix[] {fold[1]}, new String[] {"valid"}, round))[
                          0];
                    } finally {
                      running.release();
                    }
                  }));
    }
    double[] values = new double[futures.size()];
    try {
      for (int f = 0; f < futures.size(); f++) {
        values[f] = futures.get(f).get();
      }
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrainingCancelledException("training thread interrupted");
    }
    return values;
  }

  private static XGBoostError rethrow(Throwable t) throws XGBoostError {
    if (t instanceof XGBoostError x) {
      throw x;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    throw new IllegalStateException(t);
  }

  /** Raw margins of the first {@code rounds} rounds: [rows][classes], or [rows][1] for binary. */
  static float[][] margins(Booster booster, DMatrix data, int rounds) throws XGBoostError {
    return booster.predict(data, true, rounds);
  }

  /** Values of an evalSet line such as "[3]\ttrain-mlogloss:0.51\tvalid-mlogloss:0.62". */
  static double[] parseMetrics(String evalLine) {
    String[] parts = evalLine.trim().split("\t");
    double[] values = new double[parts.length - 1];
    for (int i = 1; i < parts.length; i++) {
      values[i - 1] = Double.parseDouble(parts[i].substring(parts[i].lastIndexOf(':') + 1));
    }
    return values;
  }

  private static void checkCancelled(TrainingListener listener, String phase, int round) {
    if (listener.cancelled()) {
      throw new TrainingCancelledException(
          "training cancelled in phase " + phase + " before round " + (round + 1));
    }
  }

  private static TrainingProgress progress(
      String phase,
      int i,
      int total,
      double train,
      double validation,
      String metric,
      long startNanos) {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double eta = elapsed / (i + 1) * (total - i - 1);
    return new TrainingProgress(phase, i + 1, total, train, validation, metric, elapsed, eta);
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  static double std(double[] values, double mean) {
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / values.length);
  }
}
