package io.earshot.training;

import io.earshot.model.Calibration;
import io.earshot.model.ConfidenceFloor;
import io.earshot.model.CvSummary;
import io.earshot.model.Margins;
import io.earshot.model.ModelBundle;
import io.earshot.model.ModelMetadata;
import io.earshot.model.SampleCounts;
import io.earshot.model.TrainingSummary;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains a calibrated XGBoost classifier from labelled feature vectors.
 *
 * <ol>
 *   <li>Hold out {@code validation_fraction} of the clips (grouped by clip, stratified by label);
 *       nothing below looks at them until the final metrics.
 *   <li>Choose tree parameters and the round count: cross-validated random search when the search
 *       is on, otherwise early stopping on a validation split carved from the training clips.
 *   <li>Refit on all training clips with the chosen parameters and round count.
 *   <li>Fit a temperature on out-of-fold (or validation) margins; report metrics of the calibrated
 *       model on the held-out clips.
 * </ol>
 */
public final class Trainer {

  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private Trainer() {}

  /**
   * @throws IllegalArgumentException when the samples cannot train a model (the message says why)
   * @throws TrainingCancelledException when the listener asks to stop
   */
  public static TrainingResult train(
      List<LabeledSample> samples,
      String schemaId,
      List<String> featureNames,
      TrainingParams params,
      TrainingListener listener) {
    if (schemaId == null || schemaId.isBlank()) {
      throw new IllegalArgumentException("a feature schemaId is required");
    }
    if (params == null || listener == null) {
      throw new IllegalArgumentException("training params and listener are required");
    }
    TrainingData data = TrainingData.of(samples, featureNames);
    try {
      return run(samples, data, schemaId, featureNames, params, listener);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
    }
  }

  private static TrainingResult run(
      List<LabeledSample> samples,
      TrainingData data,
      String schemaId,
      List<String> featureNames,
      TrainingParams params,
      TrainingListener listener)
      throws XGBoostError {
    long start = System.nanoTime();
    int k = data.numClasses();
    GroupSplits.Split holdout =
        GroupSplits.holdout(
            data.allRows(), data.clipIds, data.y, params.validationFraction(), params.seed());
    int[] trainRows = holdout.train();
    int[] holdRows = holdout.validation();
    double[] weights = ClassWeights.of(data.countsPerClass(trainRows), params.classWeighting());

    // with a single training clip in some class, some fold would train without that class
    boolean canCrossValidate =
        Arrays.stream(GroupSplits.clipsPerClass(trainRows, data.clipIds, data.y, k)).min().orElse(0)
            >= 2;
    Selection selection =
        params.search().enabled() && canCrossValidate
            ? selectBySearch(data, trainRows, weights, params, listener)
            : selectByValidation(data, trainRows, weights, params, listener);

    DMatrix train = data.matrix(trainRows, weights);
    DMatrix held = data.matrix(holdRows, null);
    Booster booster = null;
    try {
      Map<String, Object> boosterParams =
          selection.params.boosterParams(k, params.threadsFor(trainRows.length));
      booster =
          BoosterRounds.fit(
                  boosterParams, train, held, selection.params.rounds(), 0, "refit", listener)
              .booster();
      byte[] boosterBytes = booster.toByteArray("ubj");
      Holdout scored =
          scoreHoldout(data, selection, booster.predict(held, true), data.labels(holdRows));
      Instant now = Instant.now();
      ModelMetadata metadata =
          new ModelMetadata(
              VERSION_TIME.format(now) + "-" + shortHash(boosterBytes),
              schemaId,
              featureNames,
              data.classes,
              k == 2 ? "binary:logistic" : "multi:softprob",
              params.toMap(),
              HyperparameterSearch.withRounds(selection.params),
              now.truncatedTo(ChronoUnit.SECONDS).toString(),
              sampleCounts(data, trainRows, holdRows),
              byClass(data, weights),
              featureImportance(booster, featureNames),
              (System.nanoTime() - start) / 1e9,
              scored.calibration,
              selection.cv,
              params.unknownThreshold(),
              DatasetVersion.ofSamples(samples).summary());
      List<LabeledSample> heldSamples = Arrays.stream(holdRows).mapToObj(samples::get).toList();
      TrainingSummary summary =
          TrainingSummaries.of(data, trainRows, holdRows, params, scored.confidence);
      return new TrainingResult(
          new ModelBundle(metadata, boosterBytes, scored.report, summary),
          selection.trials,
          heldSamples);
    } finally {
      train.dispose();
      held.dispose();
      if (booster != null) {
        booster.dispose();
      }
    }
  }

  /**
   * Hold-out metrics of the calibrated model, the calibration that produced them, and the
   * confidence floor fitted on the same calibration margins (null when there were too few).
   */
  private record Holdout(
      EvaluationReport report, Calibration calibration, ConfidenceFloor confidence) {}

  private static Holdout scoreHoldout(
      TrainingData data, Selection selection, float[][] margins, int[] yHeld) {
    int k = data.numClasses();
    boolean calibrate = selection.calibrationRows.length > 0;
    double temperature =
        calibrate
            ? TemperatureScaling.fit(
                selection.calibrationMargins, data.labels(selection.calibrationRows), k)
            : 1.0;
    double eceBefore =
        Evaluator.expectedCalibrationError(
            yHeld, Margins.toProbabilities(margins, k, 1.0), Evaluator.CALIBRATION_BINS);
    EvaluationReport report =
        Evaluator.evaluate(data.classes, yHeld, Margins.toProbabilities(margins, k, temperature));
    ConfidenceFloor floor =
        calibrate
            ? TrainingSummaries.confidenceFloor(
                selection.calibrationMargins,
                data.labels(selection.calibrationRows),
                k,
                temperature)
            : null;
    return new Holdout(
        report,
        new Calibration(
            calibrate ? "temperature" : "none",
            temperature,
            selection.calibrationSource,
            eceBefore,
            report.ece()),
        floor);
  }

  /** Parameters for the refit, and the margins to calibrate on. */
  private record Selection(
      TrainingParams params,
      CvSummary cv,
      List<TrialResult> trials,
      int[] calibrationRows,
      float[][] calibrationMargins,
      String calibrationSource) {}

  private static Selection selectBySearch(
      TrainingData data,
      int[] trainRows,
      double[] weights,
      TrainingParams params,
      TrainingListener listener)
      throws XGBoostError {
    HyperparameterSearch.Outcome outcome =
        HyperparameterSearch.run(data, trainRows, weights, params, listener);
    TrialResult best = outcome.bestTrial();
    CvSummary cv =
        new CvSummary(
            outcome.folds(),
            outcome.trials().size(),
            best.metricName(),
            best.cvMean(),
            best.cvStd(),
            best.bestRounds(),
            outcome.firstTrial().cvMean());
    return new Selection(
        outcome.best(),
        cv,
        outcome.trials(),
        outcome.oofRows(),
        outcome.oofMargins(),
        "cv_out_of_fold");
  }

  private static Selection selectByValidation(
      TrainingData data,
      int[] trainRows,
      double[] weights,
      TrainingParams params,
      TrainingListener listener)
      throws XGBoostError {
    GroupSplits.Split inner =
        GroupSplits.holdout(
            trainRows, data.clipIds, data.y, params.validationFraction(), params.seed() + 1);
    if (inner.validation().length == 0) { // every class has a single training clip
      return new Selection(params, null, List.of(), new int[0], new float[0][], "none");
    }
    DMatrix fitSet = data.matrix(inner.train(), weights);
    DMatrix validation = data.matrix(inner.validation(), weights);
    Booster booster = null;
    try {
      BoosterRounds.Fit fit =
          BoosterRounds.fit(
              params.boosterParams(data.numClasses(), params.threadsFor(inner.train().length)),
              fitSet,
              validation,
              params.rounds(),
              params.earlyStoppingRounds(),
              "validation",
              listener);
      booster = fit.booster();
      float[][] margins = BoosterRounds.margins(booster, validation, fit.bestRounds());
      return new Selection(
          params.withRounds(fit.bestRounds()),
          null,
          List.of(),
          inner.validation(),
          margins,
          "validation_split");
    } finally {
      fitSet.dispose();
      validation.dispose();
      if (booster != null) {
        booster.dispose();
      }
    }
  }

  private static SampleCounts sampleCounts(TrainingData data, int[] trainRows, int[] holdRows) {
    int[] train = data.countsPerClass(trainRows);
    int[] held = data.countsPerClass(holdRows);
    Map<String, Integer> total = new LinkedHashMap<>();
    Map<String, Integer> trainMap = new LinkedHashMap<>();
    Map<String, Integer> heldMap = new LinkedHashMap<>();
    for (int c = 0; c < data.numClasses(); c++) {
      total.put(data.classes.get(c), train[c] + held[c]);
      trainMap.put(data.classes.get(c), train[c]);
      heldMap.put(data.classes.get(c), held[c]);
    }
    int clips = (int) Arrays.stream(data.clipIds).distinct().count();
    return new SampleCounts(total, trainMap, heldMap, clips);
  }

  /** Total gain per feature as a share of all gain, largest first. */
  private static Map<String, Double> featureImportance(Booster booster, List<String> names)
      throws XGBoostError {
    // default names f0, f1, ... keep the dump parser away from arbitrary feature names
    Map<String, Double> gain = booster.getScore("", "total_gain");
    double total = gain.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> shares = new LinkedHashMap<>();
    gain.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(
            e ->
                shares.put(
                    names.get(Integer.parseInt(e.getKey().substring(1))),
                    total > 0 ? e.getValue() / total : 0));
    return shares;
  }

  private static Map<String, Double> byClass(TrainingData data, double[] weights) {
    if (weights == null) {
      return null;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (int c = 0; c < weights.length; c++) {
      m.put(data.classes.get(c), weights[c]);
    }
    return m;
  }

  private static String shortHash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
