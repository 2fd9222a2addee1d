package io.earshot.training;

import io.earshot.model.Classifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes an {@link EvaluationReport} from true labels and predicted class probabilities. */
public final class Evaluator {

  static final int CALIBRATION_BINS = 10;

  private Evaluator() {}

  /**
   * @param classes class names; index i names column i of {@code probabilities}
   * @param yTrue true class index per sample
   * @param probabilities one row of class probabilities per sample; the predicted class is the
   *     row's arg-max (lowest index on ties)
   */
  public static EvaluationReport evaluate(
      List<String> classes, int[] yTrue, double[][] probabilities) {
    int k = classes.size();
    if (k < 2) {
      throw new IllegalArgumentException("evaluation needs at least 2 classes, got " + k);
    }
    if (yTrue.length != probabilities.length) {
      throw new IllegalArgumentException(
          "yTrue has " + yTrue.length + " samples but probabilities has " + probabilities.length);
    }
    if (yTrue.length == 0) {
      throw new IllegalArgumentException("evaluation needs at least one sample");
    }
    int[] yPred = new int[yTrue.length];
    for (int i = 0; i < yTrue.length; i++) {
      if (yTrue[i] < 0 || yTrue[i] >= k) {
        throw new IllegalArgumentException("yTrue[" + i + "] = " + yTrue[i] + " is not a class");
      }
      if (probabilities[i].length != k) {
        throw new IllegalArgumentException(
            "probabilities[" + i + "] has " + probabilities[i].length + " values, expected " + k);
      }
      yPred[i] = argMax(probabilities[i]);
    }
    int[][] confusion = new int[k][k];
    for (int i = 0; i < yTrue.length; i++) {
      confusion[yTrue[i]][yPred[i]]++;
    }
    Map<String, ClassMetrics> perClass = new LinkedHashMap<>();
    double sumP = 0;
    double sumR = 0;
    double sumF = 0;
    int correct = 0;
    for (int c = 0; c < k; c++) {
      int tp = confusion[c][c];
      correct += tp;
      int support = Arrays.stream(confusion[c]).sum();
      int predicted = 0;
      for (int[] row : confusion) {
        predicted += row[c];
      }
      double precision = ratio(tp, predicted);
      double recall = ratio(tp, support);
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      perClass.put(classes.get(c), new ClassMetrics(precision, recall, f1, support));
      sumP += precision;
      sumR += recall;
      sumF += f1;
    }
    Map<String, Double> aucPerClass = new LinkedHashMap<>();
    for (int c = 0; c < k; c++) {
      double auc = oneVsRestAuc(yTrue, probabilities, c);
      if (!Double.isNaN(auc)) {
        aucPerClass.put(classes.get(c), auc);
      }
    }
    Double rocAuc;
    if (k == 2) {
      rocAuc = aucPerClass.get(classes.get(1));
    } else {
      rocAuc =
          aucPerClass.isEmpty()
              ? null
              : aucPerClass.values().stream()
                  .mapToDouble(Double::doubleValue)
                  .average()
                  .orElseThrow();
    }
    return new EvaluationReport(
        yTrue.length,
        (double) correct / yTrue.length,
        sumP / k,
        sumR / k,
        sumF / k,
        perClass,
        rocAuc,
        aucPerClass,
        expectedCalibrationError(yTrue, probabilities, CALIBRATION_BINS),
        new ConfusionMatrix(List.copyOf(classes), confusion));
  }

  /**
   * Scores {@code classifier} on labelled samples, e.g. the active model on a candidate's held-out
   * clips, or a model on a folder of test data.
   *
   * @throws IllegalArgumentException when a sample's label is not one of the model's classes
   */
  public static EvaluationReport evaluate(Classifier classifier, List<LabeledSample> samples) {
    List<String> classes = classifier.metadata().classes();
    int[] y = new int[samples.size()];
    float[][] features = new float[samples.size()][];
    for (int i = 0; i < y.length; i++) {
      LabeledSample s = samples.get(i);
      y[i] = classes.indexOf(s.label());
      if (y[i] < 0) {
        throw new IllegalArgumentException(
            "label '"
                + s.label()
                + "' of clip "
                + s.clipId()
                + " is not a class of model "
                + classifier.metadata().version()
                + " "
                + classes);
      }
      features[i] = s.features();
    }
    float[][] p = classifier.probabilitiesBatch(features);
    double[][] probabilities = new double[p.length][classes.size()];
    for (int i = 0; i < p.length; i++) {
      for (int c = 0; c < classes.size(); c++) {
        probabilities[i][c] = p[i][c];
      }
    }
    return evaluate(classes, y, probabilities);
  }

  /**
   * Area under the ROC curve of class {@code positive} against the rest, via the Mann-Whitney
   * statistic with average ranks so that tied scores count one half. NaN when the class has no
   * positives or no negatives.
   */
  public static double oneVsRestAuc(int[] yTrue, double[][] probabilities, int positive) {
    int n = yTrue.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, (a, b) -> Double.compare(probabilities[a][positive], probabilities[b][positive]));
    double rankSumPositives = 0;
    int positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      double score = probabilities[order[i]][positive];
      while (j < n && probabilities[order[j]][positive] == score) {
        j++;
      }
      double averageRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
      for (int t = i; t < j; t++) {
        if (yTrue[order[t]] == positive) {
          rankSumPositives += averageRank;
          positives++;
        }
      }
      i = j;
    }
    int negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositives - positives * (positives + 1) / 2.0)
        / ((double) positives * negatives);
  }

  /**
   * Expected calibration error: the sample-weighted mean gap between top-class confidence and
   * accuracy over equal-width confidence bins.
   */
  public static double expectedCalibrationError(int[] yTrue, double[][] probabilities, int bins) {
    double[] confidenceSum = new double[bins];
    int[] correct = new int[bins];
    int[] count = new int[bins];
    for (int i = 0; i < yTrue.length; i++) {
      int predicted = argMax(probabilities[i]);
      double confidence = probabilities[i][predicted];
      int bin = Math.min(bins - 1, (int) (confidence * bins));
      confidenceSum[bin] += confidence;
      count[bin]++;
      if (predicted == yTrue[i]) {
        correct[bin]++;
      }
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(confidenceSum[b] - correct[b]);
      }
    }
    return ece / yTrue.length;
  }

  static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
