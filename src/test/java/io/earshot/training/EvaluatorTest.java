package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private static final List<String> ABC = List.of("a", "b", "c");

  /** Predictions [a, b, b, b, c, a] for truth [a, a, b, b, c, c]. */
  private static EvaluationReport threeClassReport() {
    int[] y = {0, 0, 1, 1, 2, 2};
    double[][] p = {
      {0.7, 0.2, 0.1}, {0.3, 0.6, 0.1}, {0.1, 0.8, 0.1},
      {0.2, 0.5, 0.3}, {0.1, 0.1, 0.8}, {0.5, 0.1, 0.4}
    };
    return Evaluator.evaluate(ABC, y, p);
  }

  @Test
  void countsAndPerClassMetricsMatchHandComputation() {
    EvaluationReport r = threeClassReport();
    assertEquals(4.0 / 6, r.accuracy(), 1e-12);
    assertArrayEquals(new int[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}}, r.confusionMatrix().matrix());
    assertEquals(ABC, r.confusionMatrix().labels());
    ClassMetrics a = r.perClass().get("a");
    ClassMetrics b = r.perClass().get("b");
    ClassMetrics c = r.perClass().get("c");
    assertEquals(0.5, a.precision(), 1e-12);
    assertEquals(0.5, a.recall(), 1e-12);
    assertEquals(2.0 / 3, b.precision(), 1e-12);
    assertEquals(1.0, b.recall(), 1e-12);
    assertEquals(0.8, b.f1(), 1e-12);
    assertEquals(1.0, c.precision(), 1e-12);
    assertEquals(2.0 / 3, c.f1(), 1e-12);
    assertEquals(2, c.support());
    assertEquals((0.5 + 2.0 / 3 + 1) / 3, r.macroPrecision(), 1e-12);
    assertEquals((0.5 + 1 + 0.5) / 3, r.macroRecall(), 1e-12);
    assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, r.macroF1(), 1e-12);
  }

  @Test
  void oneVsRestAucCountsTiesAsHalf() {
    // positives score 0.8 and 0.4, negatives 0.8 and 0.2: pairs 0.5 + 1 + 0 + 1 out of 4
    int[] y = {1, 0, 1, 0};
    double[][] p = {{0.2, 0.8}, {0.2, 0.8}, {0.6, 0.4}, {0.8, 0.2}};
    assertEquals(0.625, Evaluator.oneVsRestAuc(y, p, 1), 1e-12);
    EvaluationReport r = Evaluator.evaluate(List.of("no", "yes"), y, p);
    assertEquals(0.625, r.rocAuc(), 1e-12);
  }

  @Test
  void aucOfPerfectInvertedAndConstantScorers() {
    int[] y = {0, 0, 1, 1, 1};
    double[][] perfect = {{0.9, 0.1}, {0.7, 0.3}, {0.4, 0.6}, {0.3, 0.7}, {0.1, 0.9}};
    double[][] inverted = {{0.1, 0.9}, {0.3, 0.7}, {0.6, 0.4}, {0.7, 0.3}, {0.9, 0.1}};
    double[][] constant = {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}};
    assertEquals(1.0, Evaluator.evaluate(List.of("n", "p"), y, perfect).rocAuc(), 1e-12);
    assertEquals(0.0, Evaluator.evaluate(List.of("n", "p"), y, inverted).rocAuc(), 1e-12);
    assertEquals(0.5, Evaluator.evaluate(List.of("n", "p"), y, constant).rocAuc(), 1e-12);
  }

  @Test
  void macroAucAveragesClassesAndSkipsClassesWithoutPositives() {
    EvaluationReport r = threeClassReport();
    // class a: positives {0.7, 0.3} vs negatives {0.1, 0.2, 0.1, 0.5}: 4 + 3 = 7 of 8 pairs
    assertEquals(7.0 / 8, r.rocAucPerClass().get("a"), 1e-12);
    double mean = r.rocAucPerClass().values().stream().mapToDouble(d -> d).average().orElseThrow();
    assertEquals(mean, r.rocAuc(), 1e-12);

    int[] onlyAandB = {0, 1, 0, 1};
    double[][] p = {{0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}, {0.5, 0.4, 0.1}, {0.3, 0.6, 0.1}};
    EvaluationReport partial = Evaluator.evaluate(ABC, onlyAandB, p);
    assertFalse(partial.rocAucPerClass().containsKey("c"));
    assertEquals(1.0, partial.rocAuc(), 1e-12);
  }

  @Test
  void expectedCalibrationErrorOfOverconfidentPredictions() {
    // two predictions at confidence 0.9, one right: gap |0.9 - 0.5| in the top bin
    int[] y = {0, 1};
    double[][] p = {{0.9, 0.1}, {0.9, 0.1}};
    assertEquals(0.4, Evaluator.expectedCalibrationError(y, p, 10), 1e-12);
    // a confidence of exactly 1.0 belongs to the last bin and is perfectly calibrated when right
    assertEquals(
        0.0, Evaluator.expectedCalibrationError(new int[] {0}, new double[][] {{1, 0}}, 10));
  }

  @Test
  void serialisesWithSnakeCaseNames() throws Exception {
    JsonNode json = new ObjectMapper().valueToTree(threeClassReport());
    assertTrue(json.has("accuracy"));
    assertTrue(json.has("macro_f1"));
    assertTrue(json.get("per_class").get("b").has("f1"));
    assertTrue(json.has("roc_auc"));
    assertEquals("a", json.get("confusion_matrix").get("labels").get(0).asText());
    assertEquals(2, json.get("confusion_matrix").get("matrix").get(1).get(1).asInt());
    EvaluationReport back = new ObjectMapper().treeToValue(json, EvaluationReport.class);
    assertEquals(threeClassReport().macroF1(), back.macroF1(), 1e-12);
  }

  @Test
  void rejectsMismatchedInput() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Evaluator.evaluate(ABC, new int[] {0, 1}, new double[][] {{1, 0, 0}}));
    assertTrue(e.getMessage().contains("2 samples"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Evaluator.evaluate(ABC, new int[] {3}, new double[][] {{1, 0, 0}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Evaluator.evaluate(ABC, new int[] {0}, new double[][] {{1, 0}}));
  }

  @Test
  void aucIsUndefinedWithoutNegatives() {
    int[] y = {1, 1};
    double[][] p = {{0.2, 0.8}, {0.4, 0.6}};
    assertTrue(Double.isNaN(Evaluator.oneVsRestAuc(y, p, 1)));
    assertNull(Evaluator.evaluate(List.of("n", "p"), y, p).rocAuc());
  }
}
