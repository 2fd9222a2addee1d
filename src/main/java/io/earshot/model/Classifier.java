package io.earshot.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scores feature vectors with a trained model. Safe for concurrent use: XGBoost4J 3.0.4's {@code
 * Booster.predict} is synchronized per booster, so a pool of independent single-threaded boosters
 * lets several worker threads predict at once.
 */
public final class Classifier implements AutoCloseable {

  private static final int TOP_CANDIDATES = 3;

  private final ModelMetadata metadata;
  private final int numFeatures;
  private final int numClasses;
  private final double temperature;
  private final BlockingQueue<Booster> pool;
  private volatile boolean closed;

  /** A pool with one booster per available core (at most 8). */
  public Classifier(ModelBundle bundle, String extractorSchemaId, int extractorFeatureCount) {
    this(
        bundle,
        extractorSchemaId,
        extractorFeatureCount,
        Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * @throws IncompatibleModelException when the model was trained on another feature schema
   */
  public Classifier(
      ModelBundle bundle, String extractorSchemaId, int extractorFeatureCount, int poolSize) {
    this.metadata = bundle.metadata();
    if (!metadata.schemaId().equals(extractorSchemaId)) {
      throw new IncompatibleModelException(
          "model "
              + metadata.version()
              + " was trained on feature"
              + " schema '"
              + metadata.schemaId()
              + "' but the running extractor produces '"
              + extractorSchemaId
              + "'; retrain the model with the current extractor");
    }
    if (metadata.featureNames().size() != extractorFeatureCount) {
      throw new IncompatibleModelException(
          "model "
              + metadata.version()
              + " expects "
              + metadata.featureNames().size()
              + " features but the running extractor produces "
              + extractorFeatureCount
              + "; retrain the model with the current extractor");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool size must be >= 1, got " + poolSize);
    }
    this.numFeatures = extractorFeatureCount;
    this.numClasses = metadata.classes().size();
    this.temperature = metadata.calibration().temperature();
    this.pool = new ArrayBlockingQueue<>(poolSize);
    List<Booster> loaded = new ArrayList<>();
    try {
      for (int i = 0; i < poolSize; i++) {
        Booster booster = XGBoost.loadModel(bundle.booster());
        booster.setParam("nthread", 1); // parallelism comes from the pool, not from OpenMP
        loaded.add(booster);
        pool.add(booster);
      }
    } catch (XGBoostError | IOException e) {
      loaded.forEach(Booster::dispose);
      throw new IllegalStateException("cannot load booster of model " + metadata.version(), e);
    }
  }

  public ModelMetadata metadata() {
    return metadata;
  }

  /** Calibrated class probabilities, in {@code metadata().classes()} order. */
  public double[] probabilities(float[] features) {
    return Margins.toProbabilities(margins(new float[][] {features})[0], numClasses, temperature);
  }

  /** Calibrated probabilities for many vectors at once (one native call). */
  public float[][] probabilitiesBatch(float[][] features) {
    float[][] margins = margins(features);
    float[][] result = new float[margins.length][numClasses];
    for (int i = 0; i < margins.length; i++) {
      double[] p = Margins.toProbabilities(margins[i], numClasses, temperature);
      for (int c = 0; c < numClasses; c++) {
        result[i][c] = (float) p[c];
      }
    }
    return result;
  }

  /** Predictions for many vectors at once (one native call), without an unknown threshold. */
  public List<ScoredPrediction> predictBatch(float[][] features) {
    float[][] p = probabilitiesBatch(features);
    List<ScoredPrediction> out = new ArrayList<>(p.length);
    double[] row = new double[numClasses];
    for (float[] probabilities : p) {
      for (int c = 0; c < numClasses; c++) {
        row[c] = probabilities[c];
      }
      out.add(score(row, 0));
    }
    return out;
  }

  /** Prediction with the model's own unknown threshold. */
  public ScoredPrediction predict(float[] features) {
    return predict(features, metadata.unknownThreshold());
  }

  /** Prediction that answers unknown (null class) when the best probability is below threshold. */
  public ScoredPrediction predict(float[] features, double unknownThreshold) {
    return score(probabilities(features), unknownThreshold);
  }

  ScoredPrediction score(double[] p, double unknownThreshold) {
    Map<String, Double> byClass = new LinkedHashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      byClass.put(metadata.classes().get(c), p[c]);
      candidates.add(new Candidate(metadata.classes().get(c), p[c]));
    }
    candidates.sort(Comparator.comparingDouble(Candidate::probability).reversed());
    Candidate best = candidates.get(0);
    String predicted = best.probability() < unknownThreshold ? null : best.label();
    return new ScoredPrediction(
        predicted,
        best.probability(),
        byClass,
        List.copyOf(candidates.subList(0, Math.min(TOP_CANDIDATES, numClasses))));
  }

  /** Per-feature contributions (SHAP values) to the predicted class's margin. */
  public Explanation explain(float[] features, int topK) {
    checkWidth(features);
    float[][] margin;
    float[][] contributions;
    Booster booster = borrow();
    DMatrix matrix = null;
    try {
      matrix = new DMatrix(features, 1, numFeatures, Float.NaN);
      margin = booster.predict(matrix, true);
      contributions = booster.predictContrib(matrix, 0);
    } catch (XGBoostError e) {
      throw new IllegalStateException("explanation failed: " + e.getMessage(), e);
    } finally {
      release(booster, matrix);
    }
    double[] p = Margins.toProbabilities(margin[0], numClasses, temperature);
    int predicted = 0;
    for (int c = 1; c < numClasses; c++) {
      if (p[c] > p[predicted]) {
        predicted = c;
      }
    }
    // binary models explain the logit of class 1; class 0's margin is its negation
    boolean binary = margin[0].length == 1;
    int block = binary ? 0 : predicted;
    double sign = binary && predicted == 0 ? -1 : 1;
    int offset = block * (numFeatures + 1);
    List<FeatureContribution> all = new ArrayList<>();
    for (int j = 0; j < numFeatures; j++) {
      all.add(
          new FeatureContribution(
              metadata.featureNames().get(j), features[j], sign * contributions[0][offset + j]));
    }
    all.sort(
        Comparator.comparingDouble((FeatureContribution f) -> Math.abs(f.contribution()))
            .reversed());
    int k = Math.max(0, Math.min(topK, numFeatures));
    double other =
        all.subList(k, numFeatures).stream().mapToDouble(FeatureContribution::contribution).sum();
    return new Explanation(
        metadata.classes().get(predicted),
        sign * margin[0][block],
        sign * contributions[0][offset + numFeatures],
        List.copyOf(all.subList(0, k)),
        other);
  }

  private float[][] margins(float[][] rows) {
    int n = rows.length;
    float[] flat = new float[n * numFeatures];
    for (int i = 0; i < n; i++) {
      checkWidth(rows[i]);
      System.arraycopy(rows[i], 0, flat, i * numFeatures, numFeatures);
    }
    Booster booster = borrow();
    DMatrix matrix = null;
    try {
      matrix = new DMatrix(flat, n, numFeatures, Float.NaN);
      return booster.predict(matrix, true);
    } catch (XGBoostError e) {
      throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
    } finally {
      release(booster, matrix);
    }
  }

  private void checkWidth(float[] features) {
    if (features.length != numFeatures) {
      throw new IllegalArgumentException(
          "got " + features.length + " features, the model expects " + numFeatures);
    }
  }

  private Booster borrow() {
    if (closed) {
      throw new IllegalStateException("classifier of model " + metadata.version() + " is closed");
    }
    try {
      while (true) { // poll, so that a caller waiting while the classifier closes is let go
        Booster booster = pool.poll(50, TimeUnit.MILLISECONDS);
        if (booster != null) {
          return booster;
        }
        if (closed) {
          throw new IllegalStateException(
              "classifier of model " + metadata.version() + " is closed");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a booster", e);
    }
  }

  private void release(Booster booster, DMatrix matrix) {
    if (matrix != null) {
      matrix.dispose();
    }
    if (closed) {
      booster.dispose();
    } else {
      pool.add(booster);
      if (closed && pool.remove(booster)) { // close() ran meanwhile and missed this one
        booster.dispose();
      }
    }
  }

  /** Frees the native boosters; ones still in use are freed when their call returns. */
  @Override
  public void close() {
    closed = true;
    for (Booster booster = pool.poll(); booster != null; booster = pool.poll()) {
      booster.dispose();
    }
  }
}
