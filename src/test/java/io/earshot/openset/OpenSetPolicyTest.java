package io.earshot.openset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.model.Candidate;
import io.earshot.model.ScoredPrediction;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class OpenSetPolicyTest {
  private static final double LOUD = -20;

  /** A model that fitted novelty 0.99 and no confidence floor. */
  private static final OpenSetPolicy.ModelLimits LIMITS = new OpenSetPolicy.ModelLimits(0.99, 0);

  private final OpenSetPolicy defaults = OpenSetPolicy.defaults();

  @Test
  void aClearAnswerNamesTheMostProbableClass() {
    OpenSetPolicy.Answer answer = decide(defaults, scored("bird", 0.9), LOUD, 0.5);
    assertEquals("bird", answer.predictedClass());
    assertNull(answer.unknownReason());
  }

  @Test
  void silenceComesFirstThenNoveltyThenUncertainty() {
    OpenSetPolicy strict =
        new OpenSetPolicy(
            new SignalGate(-70), OptionalDouble.of(0.95), Map.of(), OptionalDouble.empty());
    assertEquals(
        UnknownReason.SILENT, decide(strict, scored("bird", 0.5), -90, 0.999).unknownReason());
    assertEquals(
        UnknownReason.NOVEL, decide(strict, scored("bird", 0.5), LOUD, 0.999).unknownReason());
    assertEquals(
        UnknownReason.UNCERTAIN, decide(strict, scored("bird", 0.5), LOUD, 0.2).unknownReason());
    assertNull(decide(strict, scored("bird", 0.96), LOUD, 0.2).unknownReason());
  }

  @Test
  void noveltyAbstainsAtTheModelsThresholdUnlessConfigurationReplacesIt() {
    assertEquals(
        UnknownReason.NOVEL, decide(defaults, scored("bird", 0.9), LOUD, 0.99).unknownReason());
    assertNull(decide(defaults, scored("bird", 0.9), LOUD, 0.989).unknownReason());
    OpenSetPolicy lenient =
        new OpenSetPolicy(
            new SignalGate(-70), OptionalDouble.of(0), Map.of(), OptionalDouble.of(0.999));
    assertNull(decide(lenient, scored("bird", 0.9), LOUD, 0.99).unknownReason());
    OpenSetPolicy off =
        new OpenSetPolicy(
            new SignalGate(-70), OptionalDouble.of(0), Map.of(), OptionalDouble.of(1));
    assertNull(decide(off, scored("bird", 0.9), LOUD, 0.99999).unknownReason());
  }

  @Test
  void theModelsFittedConfidenceFloorAppliesUnlessAThresholdIsConfigured() {
    OpenSetPolicy.ModelLimits floor = new OpenSetPolicy.ModelLimits(0.99, 0.9);
    assertEquals(
        UnknownReason.UNCERTAIN,
        defaults
            .decide(scored("bird", 0.85), LOUD, 0.1, floor, OptionalDouble.empty())
            .unknownReason());
    assertEquals(
        "bird",
        defaults
            .decide(scored("bird", 0.95), LOUD, 0.1, floor, OptionalDouble.empty())
            .predictedClass());
    OpenSetPolicy off =
        new OpenSetPolicy(
            new SignalGate(-70), OptionalDouble.of(0), Map.of(), OptionalDouble.empty());
    assertEquals(
        "bird",
        off.decide(scored("bird", 0.85), LOUD, 0.1, floor, OptionalDouble.empty()).predictedClass(),
        "unknown_threshold 0 turns the fitted floor off");
    OpenSetPolicy perClass =
        new OpenSetPolicy(
            new SignalGate(-70),
            OptionalDouble.empty(),
            Map.of("bird", 0.8),
            OptionalDouble.empty());
    assertEquals(
        "bird",
        perClass
            .decide(scored("bird", 0.85), LOUD, 0.1, floor, OptionalDouble.empty())
            .predictedClass());
    assertEquals(
        UnknownReason.UNCERTAIN,
        perClass
            .decide(scored("dog", 0.85), LOUD, 0.1, floor, OptionalDouble.empty())
            .unknownReason(),
        "classes without their own threshold keep the model's floor");
  }

  @Test
  void aModelWithoutNoveltyNeverAbstainsAsNovel() {
    assertNull(decide(defaults, scored("bird", 0.9), LOUD, Double.NaN).unknownReason());
  }

  @Test
  void classThresholdsApplyToTheirClassAndTheGlobalOneToTheRest() {
    OpenSetPolicy policy =
        new OpenSetPolicy(
            new SignalGate(-70),
            OptionalDouble.of(0.5),
            Map.of("gunshot", 0.8),
            OptionalDouble.empty());
    assertEquals(
        UnknownReason.UNCERTAIN, decide(policy, scored("gunshot", 0.7), LOUD, 0.1).unknownReason());
    assertEquals("bird", decide(policy, scored("bird", 0.7), LOUD, 0.1).predictedClass());
    assertEquals(
        UnknownReason.UNCERTAIN, decide(policy, scored("bird", 0.4), LOUD, 0.1).unknownReason());
  }

  @Test
  void aRequestsOwnThresholdReplacesTheConfiguredOnes() {
    OpenSetPolicy policy =
        new OpenSetPolicy(
            new SignalGate(-70),
            OptionalDouble.of(0.5),
            Map.of("gunshot", 0.8),
            OptionalDouble.empty());
    OpenSetPolicy.Answer lowered =
        policy.decide(scored("gunshot", 0.7), LOUD, 0.1, LIMITS, OptionalDouble.of(0.6));
    assertEquals("gunshot", lowered.predictedClass());
    OpenSetPolicy.Answer raised =
        policy.decide(scored("bird", 0.7), LOUD, 0.1, LIMITS, OptionalDouble.of(0.75));
    assertEquals(UnknownReason.UNCERTAIN, raised.unknownReason());
  }

  @Test
  void thresholdsOutOfRangeAreRefusedWithTheirName() {
    IllegalArgumentException perClass =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new OpenSetPolicy(
                    new SignalGate(-70),
                    OptionalDouble.empty(),
                    Map.of("dog", 1.5),
                    OptionalDouble.empty()));
    assertTrue(perClass.getMessage().contains("class_thresholds.dog"), perClass.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new OpenSetPolicy(
                new SignalGate(-70), OptionalDouble.of(-0.1), Map.of(), OptionalDouble.empty()));
    IllegalArgumentException novelty =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new OpenSetPolicy(
                    new SignalGate(-70), OptionalDouble.of(0), Map.of(), OptionalDouble.of(0)));
    assertTrue(novelty.getMessage().contains("novelty_threshold"));
  }

  @Test
  void wireNamesAreLowerCase() {
    assertEquals("silent", UnknownReason.SILENT.wireName());
    assertEquals("novel", UnknownReason.NOVEL.wireName());
    assertEquals("uncertain", UnknownReason.UNCERTAIN.wireName());
  }

  private static OpenSetPolicy.Answer decide(
      OpenSetPolicy policy, ScoredPrediction scored, double level, double novelty) {
    return policy.decide(scored, level, novelty, LIMITS, OptionalDouble.empty());
  }

  private static ScoredPrediction scored(String best, double p) {
    String other = best.equals("bird") ? "dog" : "bird";
    return new ScoredPrediction(
        best,
        p,
        Map.of(best, p, other, 1 - p),
        List.of(new Candidate(best, p), new Candidate(other, 1 - p)));
  }
}
